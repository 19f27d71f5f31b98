"""Casualty reports: numbers attached to killed/injured words, vague counts, victims, negation."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conflictdata.extract.actors import find_forces
from conflictdata.extract.casualties import find_casualties
from conflictdata.extract.lexicon import lexicon
from conflictdata.normalize import find_quantities


def _reports(text, lang="de"):
    negations = [c for c in lexicon("cues", lang).finditer(text) if c.get("kind") == "negation"]
    return [(r.kind, r.count, r.victims) for r in find_casualties(
        text, lang, 0, len(text), find_quantities(text, lang), find_forces(text, lang), negations)]


@pytest.mark.parametrize("text, lang, expected", [
    ("In Poltawa wurden 14 Tote und 17 Verletzte gemeldet.", "de", [("killed", 14, ""), ("injured", 17, "")]),
    ("In Kämpfen sollen etwa 300 Soldaten getötet und weitere 2.700 verwundet worden sein.", "de",
     [("killed", 300, "force"), ("injured", 2700, "")]),
    ("Über ein Dutzend Menschen kamen dabei ums Leben, darunter auch Kinder.", "de", [("killed", 12, "person")]),
    ("Es gebe hunderte Tote und Verletzte.", "de", [("killed", 100, ""), ("injured", None, "")]),
    ("Bei dem Angriff wurde eine Frau getötet.", "de", [("killed", 1, "civilian")]),
    ("Es gab keine Toten.", "de", [("killed", 0, "")]),
    ("Russian drones struck Kharkiv overnight, killing three people and injuring 12.", "en",
     [("killed", 3, "person"), ("injured", 12, "")]),
    ("Two civilians were killed and five wounded.", "en", [("killed", 2, "civilian"), ("injured", 5, "")]),
    ("The death toll rose to 7.", "en", [("killed", 7, "")]),
    ("No casualties were reported.", "en", [("casualties", 0, "")]),
    ("Die Entscheidung ist gefallen.", "de", []),
])
def test_casualty_reports(text, lang, expected):
    assert _reports(text, lang) == expected


def test_counts_next_to_other_nouns_are_not_casualties():
    assert _reports("Es fanden 53 Gefechte statt, darunter 25 Angriffe.") == []


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_find_casualties_is_total(text):
    for kind, count, _ in _reports(text):
        assert kind in ("killed", "injured", "casualties")
        assert count is None or count >= 0
