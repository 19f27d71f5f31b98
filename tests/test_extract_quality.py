"""General precision rules of the extractor (docs/methodology.md, "Background, context and namesakes"): each test
is a short invented article showing one rule, never a held-out article's sentence."""
from __future__ import annotations

import datetime as dt

from conflictdata.extract import extract_events


def _events(text, published="2025-06-20", lang=None):
    return extract_events(text, published=published, lang=lang)


def _where(events):
    return sorted((e.location, e.event_type) for e in events)


def test_background_date_makes_no_event_and_does_not_carry_over():
    text = ("Russian drones struck Sumy overnight, killing two people.\n\n"
            "The town of Izium was recaptured by Ukrainian forces in September that year. "
            "Russian artillery shelled Kupiansk, wounding four civilians.")
    events = _events(text, published="2025-06-20", lang="en")
    assert ("Izium", "Battles") not in _where(events)
    kup = [e for e in events if e.location == "Kupiansk"]
    assert kup and kup[0].event_date != dt.date(2024, 9, 15)  # the background month is not carried over


def test_background_year_in_german():
    text = ("Russische Truppen hatten die Stadt Bachmut im Mai 2023 eingenommen. "
            "In der Nacht zu Freitag griff Russland Charkiw mit Drohnen an, zwei Menschen wurden verletzt.")
    events = _events(text, published="2025-06-20", lang="de")
    assert [e.location for e in events] == ["Kharkiv"]
    assert events[0].event_date == dt.date(2025, 6, 20)
