"""From an event candidate to an ``Event``: ACLED place columns, actor names and types, notes, confidence."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from conflictdata._resources import load_tsv, once
from conflictdata.extract.actors import actor_name, actor_type, civilians_name
from conflictdata.schema import UNDATED_TAG, Event

__all__ = ["Candidate", "to_event", "place_columns"]

_SPACES = re.compile(r"\s+")


@attrs.frozen
class Candidate:
    """A coded incident before it becomes an ``Event``: what, where, when, who, how many, from which sentence."""

    event_type: str
    sub_event_type: str
    place: Any
    geo_precision: int
    date: dt.date | None
    time_precision: int
    actor1_country: str = ""
    actor2_country: str = ""
    actor2_civilians: bool = False
    actor1_kind: str = "military"  # the actors.tsv kind: military, protesters, police
    actor2_kind: str = "military"
    civilian_targeting: bool = False
    unknown_attacker: bool = False  # the text says the attacker is unknown
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    fatalities_vague: bool = False  # the count stands for a vague word (several, Tote): any real figure replaces it
    evidence: tuple[str, ...] = ()
    confidence: float = 0.7
    note_extra: str = ""
    implausible: tuple[str, ...] = ()  # death tolls above the plausible limit, as written; not counted
    summary: bool = False  # a region-level report over unnamed towns ("in towns across the region")


def _country(alpha2: str) -> Any:
    from conflictdata.normalize import country_record

    return country_record(alpha2) if alpha2 else None


def place_columns(place: Any, geo_precision: int) -> dict[str, Any]:
    """The ACLED place columns of an event at ``place`` (the geocoder's ``place_fields`` when available)."""
    try:
        from conflictdata.geocode import place_fields
    except ImportError:
        place_fields = None
    if place_fields is not None:
        return dict(place_fields(place, geo_precision))
    record = _country(place.country_code)
    return {
        "country": record.name if record else "",
        "iso": record.numeric if record else None,
        "region": record.region if record else "",
        "admin1": place.admin1,
        "admin2": place.admin2,
        "location": place.name,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": geo_precision,
        "geonames_id": place.geonameid,
    }


@once
def _phrases() -> dict[str, str]:
    return {row["sub_event_type"]: row["phrase"] for row in load_tsv("lexicons/en/notes.tsv")}


def _notes(c: Candidate, actor1: str, actor2: str, location: str, admin1: str, country: str) -> str:
    if c.date is None:
        when = "On an unknown date"
    else:
        when = f"On {c.date.day} {c.date.strftime('%B %Y')}" if c.time_precision == 1 else \
            f"Around {c.date.day} {c.date.strftime('%B %Y')} (as reported)"
    where = ", ".join(p for p in dict.fromkeys((location, admin1, country)) if p)
    if c.geo_precision == 3:
        where = f"{admin1 or location} region, {country}" if country else where
    phrase = _phrases().get(c.sub_event_type, "was involved in an event in")
    phrase = phrase.replace("{actor2}", actor2 or "unidentified forces")
    text = f"{when}, {actor1 or 'unidentified forces'} {phrase} {where}."
    if c.sub_event_type == "Disrupted weapons use":
        text = "Interception: " + text
    if c.actor2_civilians and c.sub_event_type not in ("Armed clash",):
        text += " Civilians were harmed."
    counts = []
    if c.fatalities:
        counts.append(f"{c.fatalities} {'fatality' if c.fatalities == 1 else 'fatalities'}")
    if c.injured:
        counts.append(f"{c.injured} injured")
    if counts:
        text += " " + " and ".join(counts).capitalize() + " reported."
    if c.fatalities_low is not None and c.fatalities_high is not None and c.fatalities_low != c.fatalities_high:
        text += f" [Fatality reports range from {c.fatalities_low} to {c.fatalities_high}; the lowest is coded.]"
    if c.note_extra:
        text += " " + c.note_extra
    for figure in c.implausible:
        text += f" [An implausible death toll of {figure} was not counted.]"
    return text


def to_event(c: Candidate, document: Any) -> Event:
    """Build the ``Event`` of a candidate found in ``document``."""
    columns = place_columns(c.place, c.geo_precision)
    event_country = c.place.country_code
    year = c.date.year if c.date else None
    actor1 = actor_name(c.actor1_country, year, c.actor1_kind)
    inter1 = actor_type(c.actor1_country, event_country, c.actor1_kind) if actor1 else ""
    if c.actor2_civilians:
        actor2, inter2 = civilians_name(event_country), "Civilians"
    else:
        actor2 = actor_name(c.actor2_country, year, c.actor2_kind)
        inter2 = actor_type(c.actor2_country, event_country, c.actor2_kind) if actor2 else ""
    tags = ([UNDATED_TAG] if c.date is None else []) + (["implausible fatalities"] if c.implausible else [])
    urls = tuple(document.source_urls) + ((document.url,) if getattr(document, "url", None) else ())
    fatalities = c.fatalities or 0
    return Event(
        event_date=c.date,
        time_precision=c.time_precision,
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        actor1=actor1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        civilian_targeting="Civilian targeting" if c.civilian_targeting else "",
        source=document.source or "",
        notes=_notes(c, actor1, actor2, columns.get("location", ""), columns.get("admin1", ""),
                     columns.get("country", "")),
        fatalities=fatalities,
        fatalities_low=c.fatalities_low,
        fatalities_high=c.fatalities_high,
        injured=c.injured,
        tags="; ".join(tags),
        document_ids=(document.id,),
        source_urls=urls,
        evidence=tuple(_SPACES.sub(" ", e).strip() for e in c.evidence),
        language=getattr(document, "language", "") or "",
        confidence=round(min(1.0, max(0.0, c.confidence)), 3),
        **{k: v for k, v in columns.items() if k in _PLACE_KEYS},
    )


_PLACE_KEYS = frozenset({"country", "iso", "region", "admin1", "admin2", "admin3", "location", "latitude",
                         "longitude", "geo_precision", "geonames_id"})
