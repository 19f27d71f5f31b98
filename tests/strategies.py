"""Shared hypothesis strategies: valid Events, and changes that make an Event invalid.

>>> from strategies import events
>>> @given(events())
... def test_something(event): ...
"""
from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from conflictdata.schema import Event
from conflictdata.vocabulary import get_vocabulary

__all__ = [
    "texts", "short_texts", "event_dates", "coordinates", "events", "event_lists", "invalid_changes", "sample_events",
]

INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1

_vocab = get_vocabulary()
SUB_EVENT_TYPES = tuple(sorted(_vocab.sub_event_types))
ACTOR_TYPES = tuple(_vocab.actor_type_codes)

# any Unicode except lone surrogates (not encodable, so not valid Event text)
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
short_texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12)
event_dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
coordinates = st.tuples(
    st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)
)  # rounded to 4 decimals by Event


@st.composite
def events(draw, *, dated: bool | None = None, located: bool | None = None) -> Event:
    """Any valid Event. ``dated``/``located`` force event_date/coordinates to be set (True) or null (False)."""
    sub_event_type = draw(st.sampled_from(SUB_EVENT_TYPES))
    has_actor2 = draw(st.booleans())
    fatalities = draw(st.integers(0, INT32_MAX))
    if dated is None:
        event_date = draw(st.none() | event_dates)
    else:
        event_date = draw(event_dates) if dated else None
    if located is None:
        point = draw(st.none() | coordinates)
    else:
        point = draw(coordinates) if located else None
    return Event(
        event_date=event_date,
        time_precision=draw(st.sampled_from((1, 2, 3))),
        event_type=_vocab.sub_event_types[sub_event_type],
        sub_event_type=sub_event_type,
        actor1=draw(texts),
        assoc_actor_1=draw(texts),
        inter1=draw(st.sampled_from(("", *ACTOR_TYPES))),
        actor2=draw(short_texts) if has_actor2 else "",
        assoc_actor_2=draw(texts),
        inter2=draw(st.sampled_from(("", *ACTOR_TYPES))) if has_actor2 else "",
        civilian_targeting=draw(st.sampled_from(_vocab.civilian_targeting)),
        iso=draw(st.none() | st.integers(0, 999)),
        region=draw(texts),
        country=draw(texts),
        admin1=draw(texts),
        admin2=draw(texts),
        admin3=draw(texts),
        location=draw(texts),
        latitude=None if point is None else point[0],
        longitude=None if point is None else point[1],
        geo_precision=draw(st.sampled_from((1, 2, 3))),
        source=draw(texts),
        source_scale=draw(st.sampled_from(_vocab.source_scale)),
        notes=draw(texts),
        fatalities=fatalities,
        tags=draw(texts),
        timestamp=draw(st.integers(0, INT64_MAX)),
        injured=draw(st.none() | st.integers(0, INT32_MAX)),
        fatalities_low=draw(st.none() | st.integers(0, fatalities)),
        fatalities_high=draw(st.none() | st.integers(fatalities, INT32_MAX)),
        document_ids=draw(st.lists(short_texts, max_size=4)),
        source_urls=draw(st.lists(short_texts, max_size=3)),
        evidence=draw(st.lists(texts, max_size=3)),
        language=draw(st.sampled_from(("de", "en", "und", ""))),
        geonames_id=draw(st.none() | st.integers(1, INT64_MAX)),
        confidence=draw(st.floats(0, 1, allow_nan=False)),
    )


def event_lists(min_size: int = 0, max_size: int = 20):
    return st.lists(events(), min_size=min_size, max_size=max_size)


def _accepted_inter(text: str) -> bool:
    """Whether Event accepts this inter value (a label, blank, or a numeric code 0-8)."""
    if text in ACTOR_TYPES or text == "":
        return True
    if text.isdigit():
        try:
            return 0 <= int(text) <= 8
        except ValueError:  # digits int() does not take, e.g. superscripts
            return False
    return False


_INVALID = {
    "event_type": st.text(max_size=20).filter(lambda t: t not in _vocab.event_types),
    "latitude": st.floats(90.0001, 1e9) | st.floats(-1e9, -90.0001) | st.sampled_from([float("nan"), float("inf")]),
    "longitude": st.floats(180.0001, 1e9) | st.floats(-1e9, -180.0001),
    "fatalities": st.integers(max_value=-1),
    "injured": st.integers(max_value=-1),
    "time_precision": st.integers().filter(lambda n: n not in (1, 2, 3)),
    "geo_precision": st.integers().filter(lambda n: n not in (1, 2, 3)),
    "iso": st.integers(1000) | st.integers(max_value=-1),
    "inter1": st.text(min_size=1, max_size=20).filter(lambda t: not _accepted_inter(t)),
    "civilian_targeting": st.text(min_size=1, max_size=20).filter(lambda t: t not in _vocab.civilian_targeting),
    "confidence": st.floats(1.0001, 1e6) | st.floats(-1e6, -0.0001),
    "geonames_id": st.integers(max_value=0),
    "fatalities_low": st.just("high"),  # placeholder, replaced in invalid_changes
    "year": st.just("mismatch"),
}


@st.composite
def invalid_changes(draw, base: Event | None = None) -> tuple[Event, str, object]:
    """(a valid event, a field, a value for that field that the schema must reject)."""
    event = base or draw(events(dated=True, located=True))
    field = draw(st.sampled_from(sorted(_INVALID)))
    if field == "fatalities_low":
        value: object = event.fatalities + draw(st.integers(1, 1000))
    elif field == "year":
        value = event.event_date.year + draw(st.sampled_from((-1, 1)))  # type: ignore[union-attr]
    else:
        value = draw(_INVALID[field])
    return event, field, value


def sample_events(n: int, *, start: dt.date = dt.date(2024, 1, 1)) -> list[Event]:
    """``n`` plain, valid, distinct events (deterministic; no hypothesis): two countries, a few places,
    every 10th without coordinates, every 25th undated. For tests that need a file of many rows."""
    places = (
        ("Ukraine", 804, "Kharkiv", "Kupiansk", 49.7106, 37.6156),
        ("Ukraine", 804, "Donetsk", "Pokrovsk", 48.2829, 37.1757),
        ("Russia", 643, "Belgorod", "Belgorod", 50.5977, 36.5858),
        ("Ukraine", 804, "Odesa", "Odesa", 46.4775, 30.7326),
    )
    kinds = (
        ("Battles", "Armed clash", "Military Forces of Ukraine (2019-)", "State forces",
         "Military Forces of Russia (2000-)", "External/Other forces"),
        ("Explosions/Remote violence", "Air/drone strike", "Military Forces of Russia (2000-)",
         "External/Other forces", "", ""),
        ("Protests", "Peaceful protest", "Protesters (Ukraine)", "Protesters", "", ""),
        ("Violence against civilians", "Attack", "Military Forces of Russia (2000-)", "External/Other forces",
         "Civilians (Ukraine)", "Civilians"),
    )  # fmt: skip
    out = []
    for i in range(n):
        country, iso, admin1, location, lat, lon = places[i % len(places)]
        event_type, sub, actor1, inter1, actor2, inter2 = kinds[(i // 3) % len(kinds)]
        undated = i % 25 == 24
        unlocated = i % 10 == 9
        out.append(
            Event(
                event_date=None if undated else start + dt.timedelta(days=i % 700),
                event_type=event_type,
                sub_event_type=sub,
                actor1=actor1,
                inter1=inter1,
                actor2=actor2,
                inter2=inter2,
                civilian_targeting="Civilian targeting" if inter2 == "Civilians" else "",
                iso=iso,
                region="Europe",
                country=country,
                admin1=admin1,
                location=location,
                latitude=None if unlocated else lat,
                longitude=None if unlocated else lon,
                source="Ukrainska Pravda; Kyiv Independent",
                source_scale="National",
                notes=f"Report number {i}.",
                fatalities=i % 7,
                tags="undated" if undated else "",
                timestamp=1_700_000_000 + i,
                injured=None if i % 4 else i % 5,
                document_ids=[f"doc-{i}"],
                source_urls=[f"https://news.invalid/{i}"],
                evidence=[f"Satz {i}."],
                language="de" if i % 2 else "en",
                geonames_id=700000 + i % 4,
                confidence=0.5 + (i % 50) / 100,
            )
        )
    return out
