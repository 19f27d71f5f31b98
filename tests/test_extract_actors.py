"""Actors: forces named by nationality and force noun, ACLED names by year, actor types, opponents."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conflictdata.extract.actors import actor_name, actor_type, civilians_name, find_forces, opponent
from conflictdata.extract.lexicon import lexicon


def _countries(text, lang):
    sources = [c for c in lexicon("cues", lang).finditer(text) if c.get("kind") == "source"]
    return [(f.country, f.weapon, f.source) for f in find_forces(text, lang, sources=sources)]


@pytest.mark.parametrize("text, lang, expected", [
    ("Die russischen Truppen rückten vor.", "de", [("RU", False, False)]),
    ("Nordkoreanische Soldaten wurden abgezogen.", "de", [("KP", False, False)]),
    ("der Abschuss von 37 von 65 russischen Drohnen", "de", [("RU", True, False)]),
    ("Laut ukrainischem Militär fanden 53 Gefechte mit den russischen Truppen statt", "de",
     [("UA", False, True), ("RU", False, False)]),
    ("die Truppen Nordkoreas", "de", [("KP", False, False)]),
    ("Russland hat seine Luftangriffe intensiviert.", "de", [("RU", False, False)]),
    ("im Ukraine-Krieg", "de", []),
    ("Russian drones struck Kharkiv.", "en", [("RU", True, False)]),
    ("Ukrainian forces repelled attacks, according to the Ukrainian military.", "en",
     [("UA", False, False), ("UA", False, True)]),
    ("North Korean troops returned to the front.", "en", [("KP", False, False)]),
])
def test_find_forces(text, lang, expected):
    assert _countries(text, lang) == expected


def test_actor_names_follow_acled_and_their_years():
    assert actor_name("RU", 2025) == "Military Forces of Russia (2000-)"
    assert actor_name("UA", 2025) == "Military Forces of Ukraine (2019-)"
    assert actor_name("UA", 2016) == "Military Forces of Ukraine (2014-2019)"
    assert actor_name("UA", None) == "Military Forces of Ukraine (2019-)"
    assert actor_name("KP", 2025) == "Military Forces of North Korea (2011-)"
    assert actor_name("IL", 2025) == "Military Forces of Israel"
    assert actor_name("", 2025) == ""
    assert civilians_name("UA") == "Civilians (Ukraine)"


def test_actor_type_is_decided_by_where_the_event_happened():
    assert actor_type("RU", "UA") == "External/Other forces"
    assert actor_type("UA", "UA") == "State forces"
    assert actor_type("KP", "RU") == "External/Other forces"
    assert actor_type("RU", "RU") == "State forces"
    assert actor_type("", "UA") == ""
    assert actor_type("", "UA", "civilians") == "Civilians"


def test_opponents_come_from_the_dyad_table():
    assert opponent("RU", 2025) == "UA"
    assert opponent("KP", 2025) == "UA"
    assert opponent("UA", 2025) == "RU"
    assert opponent("UA", 2025, present=["KP"]) == "KP"
    assert opponent("KP", 2020) == ""
    assert opponent("FR", 2025) == ""


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["de", "en"]))
def test_find_forces_is_total(text, lang):
    for force in find_forces(text, lang):
        assert len(force.country) == 2 and 0 <= force.start < force.end <= len(text)
