"""Casualty counts at the event level (docs/methodology.md §5): ages, single victims, vague counts, conflicting and
revised tolls, follow-up sentences, totals over places. Every text is an invented sentence, not a held-out one."""
from __future__ import annotations

import pytest

from conflictdata.extract import extract_events

PUB = "2025-06-20"


def _one(text, lang, location=None):
    events = [e for e in extract_events(text, published=PUB, lang=lang) if location is None or e.location == location]
    assert len(events) == 1, [(e.location, e.event_type) for e in events]
    return events[0]


@pytest.mark.parametrize("text, lang, killed, injured", [
    ("Bei einem russischen Raketenangriff auf Charkiw ist am Donnerstag ein 71 Jahre alter Mann getötet worden.",
     "de", 1, None),
    ("In Charkiw starb am Donnerstag ein 71 Jahre alter Mann durch russischen Artilleriebeschuss.", "de", 1, None),
    ("Bei einem russischen Drohnenangriff auf Sumy wurde am Donnerstag eine 45-Jährige verletzt.", "de", 0, 1),
    ("A Russian drone strike on Kherson killed a 71-year-old man on Thursday.", "en", 1, None),
    ("A Russian missile strike on Dnipro on Thursday killed a woman aged 34.", "en", 1, None),
    ("Russian shelling of Nikopol on Thursday killed two boys aged 9 and 12.", "en", 2, None),
])
def test_ages_are_not_counts(text, lang, killed, injured):
    event = _one(text, lang)
    assert (event.fatalities, event.injured) == (killed, injured)


@pytest.mark.parametrize("text, lang, killed", [
    ("Bei einem russischen Drohnenangriff auf Sumy wurde am Donnerstag ein älterer Passant getötet.", "de", 1),
    ("Bei einem russischen Drohnenangriff auf Sumy kam am Donnerstag ein Mensch ums Leben.", "de", 1),
    ("In Cherson wurde am Donnerstag ein Ehepaar durch russischen Beschuss getötet.", "de", 2),
    ("Bei einem russischen Raketenangriff auf Odessa wurde am Donnerstag eine vierköpfige Familie getötet.", "de", 4),
    ("Bei einem russischen Angriff auf Cherson wurden am Donnerstag beide Insassen eines Autos getötet.", "de", 2),
    ("Russische Drohnen trafen am Donnerstag Sumy, zwei Menschen wurden getötet.", "de", 2),
    ("A Russian drone hit a car in Kherson on Thursday, killing both drivers.", "en", 2),
    ("A Russian strike on Kherson on Thursday killed a family of four.", "en", 4),
    ("A Russian drone attack on Sumy on Thursday killed a child.", "en", 1),
    ("A Russian drone attack on Sumy on Thursday killed a young woman.", "en", 1),
])
def test_single_victims_and_small_groups(text, lang, killed):
    assert _one(text, lang).fatalities == killed


@pytest.mark.parametrize("text, lang, killed", [
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag mehrere Menschen getötet.", "de", 3),
    ("Bei einem massiven russischen Luftangriff auf Odessa wurden am Donnerstag mehrere Menschen getötet.", "de", 10),
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag Dutzende Menschen getötet.", "de", 12),
    ("Bei einem russischen Luftangriff auf Odessa wurden am Donnerstag hunderte Menschen getötet.", "de", 100),
    ("A Russian drone attack on Odesa on Thursday killed several people.", "en", 3),
    ("A large-scale Russian missile attack on Odesa on Thursday killed many people.", "en", 10),
    ("A Russian drone killed civilians in Kherson on Thursday.", "en", 3),
])
def test_vague_counts_follow_the_scale_of_the_attack(text, lang, killed):
    assert _one(text, lang).fatalities == killed


def test_a_real_three_is_no_placeholder_for_a_later_figure():
    text = ("Bei einem russischen Luftangriff auf Odessa sind am Donnerstag mindestens drei Menschen getötet worden. "
            "Die Stadtverwaltung sprach zunächst von sechs Toten.")
    event = _one(text, "de")
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (3, 3, 6)


def test_a_vague_count_gives_way_to_a_later_figure():
    text = ("Bei einem russischen Luftangriff auf Odessa sind am Donnerstag mehrere Menschen getötet worden. "
            "Die Stadtverwaltung sprach später von sechs Toten.")
    assert _one(text, "de").fatalities == 6


def test_a_regional_total_with_its_toll_is_not_the_town_event():
    text = ("In Cherson starb am Donnerstag ein Mann durch russischen Artilleriebeschuss. Insgesamt hätten russische "
            "Truppen binnen 24 Stunden 30 Ortschaften im Gebiet Cherson beschossen, dabei seien vier Menschen "
            "getötet worden.")
    events = extract_events(text, published=PUB, lang="de")
    assert [(e.location, e.fatalities) for e in events] == [("Kherson", 1)]
