"""Actors: forces named by nationality and force noun, ACLED names by year, actor types, opponents."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conflictdata.extract import extract_events
from conflictdata.extract.actors import actor_name, actor_type, civilians_name, find_forces, opponent, theatre
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


def test_war_theatre_comes_from_the_dyad_table():
    assert set(theatre("KP")) == {"RU", "UA"}  # North Korean troops fight Ukraine in Russia's Kursk region
    assert set(theatre("RU")) == {"RU", "UA"}
    assert theatre("FR") == ()


@pytest.mark.parametrize("text, lang", [
    ("Drei Zivilisten wurden am Montag in Cherson von russischen Soldaten erschossen.", "de"),
    ("Three prisoners of war were shot dead by Russian soldiers near Pokrovsk on Monday.", "en"),
])
def test_force_after_by_in_a_casualty_phrase_is_the_perpetrator_not_a_victim(text, lang):
    (e,) = extract_events(text, published="2025-03-10", lang=lang)
    assert (e.event_type, e.sub_event_type, e.fatalities) == ("Violence against civilians", "Attack", 3)
    assert (e.actor1, e.inter1, e.actor2) == ("Military Forces of Russia (2000-)", "External/Other forces",
                                             "Civilians (Ukraine)")


@pytest.mark.parametrize("text, lang, place, killed, injured", [
    # a country in the dateline reports, it does not attack; a nationality on the attack word is the attacker
    ("KHERSON, Ukraine — Russian shelling killed three people in Beryslav on Thursday.", "en", "Beryslav", 3, None),
    ("Charkiw, Ukraine - Russischer Beschuss hat am Donnerstag in Kupjansk zwei Menschen getötet.", "de",
     "Kupiansk", 2, None),
    ("Ukraine said Russian shelling killed two people in Nikopol on Thursday.", "en", "Nikopol", 2, None),
    ("Die Ukraine meldete am Donnerstag, russischer Beschuss habe in Nikopol zwei Menschen getötet.", "de",
     "Nikopol", 2, None),
    # "fire" is a weapon only after a nationality (weapons.tsv, needs=nationality)
    ("Russian fire wounded four people in Kherson on Thursday.", "en", "Kherson", 0, 4),
    ("In Cherson verletzte russisches Feuer am Donnerstag vier Menschen.", "de", "Kherson", 0, 4),
])
def test_nationality_on_the_attack_word_names_the_attacker_not_the_dateline(text, lang, place, killed, injured):
    (e,) = extract_events(text, published="2025-06-20", lang=lang)
    assert (e.event_type, e.sub_event_type, e.location, e.fatalities, e.injured) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", place, killed, injured)
    assert (e.actor1, e.actor2) == ("Military Forces of Russia (2000-)", "Civilians (Ukraine)")


@pytest.mark.parametrize("text, lang", [
    ("A fire in an apartment block in Kyiv killed two people on Thursday.", "en"),
    ("Ein Feuer in einem Wohnhaus in Kiew tötete am Donnerstag zwei Menschen.", "de"),
])
def test_a_fire_alone_is_no_weapon(text, lang):
    assert extract_events(text, published="2025-06-20", lang=lang) == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.sampled_from(["de", "en"]))
def test_find_forces_is_total(text, lang):
    for force in find_forces(text, lang):
        assert len(force.country) == 2 and 0 <= force.start < force.end <= len(text)


@pytest.mark.parametrize("text", [
    "Two people were killed by shelling in Kherson, Ukraine.",
    "In Ukraine, two people were killed by shelling in Kherson.",
])
def test_a_country_that_locates_the_town_does_not_act(text):
    (e,) = extract_events(text, published="2025-03-07")
    assert (e.location, e.actor1, e.actor2) == ("Kherson", "Military Forces of Russia (2000-)", "Civilians (Ukraine)")


def test_an_article_that_names_no_country_still_finds_a_regional_capital():
    (e,) = extract_events("Two people were killed in a drone strike on Kherson.", published="2025-03-07")
    assert (e.location, e.country, e.sub_event_type, e.fatalities) == ("Kherson", "Ukraine", "Air/drone strike", 2)


def test_fighting_with_no_side_named_takes_the_paragraphs_side_and_its_opponent():
    text = ("Die meisten russischen Angriffe habe es in Richtung Pokrowsk gegeben, wo ukrainische Einheiten 47 Angriffe "
            "abgewehrt hätten. Auch bei Torezk sei heftig gekämpft worden.")
    events = {e.location: e for e in extract_events(text, published="2025-04-14", lang="de")}
    assert (events["Toretsk"].actor1, events["Toretsk"].actor2) == (
        "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)")


def test_fighting_with_no_side_named_anywhere_is_the_war_at_that_place():
    (e,) = extract_events("Bei Torezk wurde am Montag heftig gekämpft.", published="2025-04-14", lang="de")
    assert (e.event_type, e.actor1, e.actor2) == ("Battles", "Military Forces of Russia (2000-)",
                                                  "Military Forces of Ukraine (2019-)")
