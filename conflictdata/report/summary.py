"""What a report shows, computed from events without any plotting: counts, the timeline series, top places."""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Iterable, Sequence

import attrs

from conflictdata.schema import Event
from conflictdata.vocabulary import get_vocabulary

__all__ = [
    "Summary",
    "TypeCount",
    "PlaceRow",
    "SourceRow",
    "TimeBin",
    "summarize",
    "place_key",
    "ordered_event_types",
    "sorted_events",
]

OTHER_TYPE = "Other"
"""Label used for events whose event_type is blank."""

_MAX_DAILY_SPAN = 400  # days (a bar stays a few pixels wide); longer timelines are binned by week
_MAX_WEEKLY_SPAN = 3 * 366  # days; longer timelines are binned by month
_MAX_MONTHLY_SPAN = 30 * 366  # days; longer timelines (or stray dates centuries off) are binned by year


@attrs.frozen
class TypeCount:
    """Events and fatalities of one event type, or of one sub-event type within it."""

    event_type: str
    sub_event_type: str  # '' for the row of the whole event type
    events: int
    fatalities: int


@attrs.frozen
class PlaceRow:
    """One place (location, admin1, country) with its totals; ``injured`` is None when no event reports a figure."""

    key: str
    location: str
    admin1: str
    country: str
    events: int
    fatalities: int
    injured: int | None
    latitude: float | None
    longitude: float | None


@attrs.frozen
class SourceRow:
    """One source name and the number of events that cite it."""

    source: str
    events: int


@attrs.frozen
class TimeBin:
    """Events per event type and fatalities in one bin (a day, a week from Monday, a month or a year)."""

    start: dt.date
    counts: tuple[tuple[str, int], ...]
    fatalities: int

    @property
    def events(self) -> int:
        return sum(n for _, n in self.counts)


@attrs.frozen
class Summary:
    """Totals and tables of a set of events, in the order a report shows them."""

    events: int
    dated: int
    undated: int
    located: int
    fatalities: int
    injured: int | None
    first_date: dt.date | None
    last_date: dt.date | None
    countries: tuple[str, ...]
    documents: int
    event_types: tuple[str, ...]
    """Event types present, in ACLED's order (unknown types after, blank as 'Other')."""
    by_type: tuple[TypeCount, ...]
    places: tuple[PlaceRow, ...]
    sources: tuple[SourceRow, ...]
    bin_unit: str  # 'day' | 'week' | 'month' | 'year'
    timeline: tuple[TimeBin, ...]

    @property
    def unlocated(self) -> int:
        return self.events - self.located


def type_label(event: Event) -> str:
    return event.event_type or OTHER_TYPE


def place_key(event: Event) -> str:
    """The identity of an event's place in the report: location, admin1 and country joined."""
    return " | ".join((event.location, event.admin1, event.country))


def ordered_event_types(types: Iterable[str]) -> tuple[str, ...]:
    """Event types in ACLED's hierarchy order, unknown ones alphabetically after, 'Other' last."""
    known = get_vocabulary().event_types
    present = set(types)
    rest = sorted(t for t in present if t not in known and t != OTHER_TYPE)
    return tuple(t for t in known if t in present) + tuple(rest) + ((OTHER_TYPE,) if OTHER_TYPE in present else ())


def sorted_events(events: Iterable[Event]) -> list[Event]:
    """Events by date (undated last), then country, place and id: the order of the report's event list."""
    return sorted(
        events,
        key=lambda e: (e.event_date is None, e.event_date or dt.date.min, e.country, e.location, e.event_id),
    )


def summarize(events: Sequence[Event]) -> Summary:
    """Count events by type, place, source and time bin."""
    dates = [e.event_date for e in events if e.event_date is not None]
    injured = [e.injured for e in events if e.injured is not None]
    types = ordered_event_types(type_label(e) for e in events)
    documents = {d for e in events for d in e.document_ids}
    first, last = (min(dates), max(dates)) if dates else (None, None)
    unit = _bin_unit(first, last)
    return Summary(
        events=len(events),
        dated=len(dates),
        undated=len(events) - len(dates),
        located=sum(1 for e in events if e.latitude is not None and e.longitude is not None),
        fatalities=sum(e.fatalities for e in events),
        injured=sum(injured) if injured else None,
        first_date=first,
        last_date=last,
        countries=tuple(sorted({e.country for e in events if e.country})),
        documents=len(documents),
        event_types=types,
        by_type=_type_counts(events, types),
        places=_places(events),
        sources=_sources(events),
        bin_unit=unit,
        timeline=_timeline(events, types, unit, first, last),
    )


def _type_counts(events: Sequence[Event], types: tuple[str, ...]) -> tuple[TypeCount, ...]:
    count: Counter[tuple[str, str]] = Counter()
    deaths: Counter[tuple[str, str]] = Counter()
    for e in events:
        for key in ((type_label(e), ""), (type_label(e), e.sub_event_type or "(blank)")):
            count[key] += 1
            deaths[key] += e.fatalities
    rows: list[TypeCount] = []
    for t in types:
        rows.append(TypeCount(t, "", count[(t, "")], deaths[(t, "")]))
        subs = sorted((k for k in count if k[0] == t and k[1]), key=lambda k: (-count[k], k[1]))
        rows.extend(TypeCount(t, s, count[(t, s)], deaths[(t, s)]) for _, s in subs)
    return tuple(rows)


def _places(events: Sequence[Event]) -> tuple[PlaceRow, ...]:
    groups: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        groups[place_key(e)].append(e)
    rows = []
    for key, group in groups.items():
        first = group[0]
        injured = [e.injured for e in group if e.injured is not None]
        located = next((e for e in group if e.latitude is not None and e.longitude is not None), None)
        rows.append(
            PlaceRow(
                key=key,
                location=first.location,
                admin1=first.admin1,
                country=first.country,
                events=len(group),
                fatalities=sum(e.fatalities for e in group),
                injured=sum(injured) if injured else None,
                latitude=located.latitude if located else None,
                longitude=located.longitude if located else None,
            )
        )
    rows.sort(key=lambda r: (-r.events, -r.fatalities, -(r.injured or 0), not r.location, r.key))
    return tuple(rows)


def _sources(events: Sequence[Event]) -> tuple[SourceRow, ...]:
    count: Counter[str] = Counter()
    for e in events:
        count.update({s.strip() for s in e.source.split(";") if s.strip()})
    return tuple(SourceRow(s, n) for s, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])))


def _bin_unit(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None or (last - first).days <= _MAX_DAILY_SPAN:
        return "day"
    span = (last - first).days
    return "week" if span <= _MAX_WEEKLY_SPAN else "month" if span <= _MAX_MONTHLY_SPAN else "year"


def _bin_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return day.replace(month=1, day=1)
    return day


def _next_bin(start: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return start + dt.timedelta(days=1)
    if unit == "week":
        return start + dt.timedelta(days=7)
    if unit == "year":
        return start.replace(year=start.year + 1)
    return start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)


def _timeline(
    events: Sequence[Event], types: tuple[str, ...], unit: str, first: dt.date | None, last: dt.date | None
) -> tuple[TimeBin, ...]:
    """Every bin from the first to the last dated event, empty bins included (so gaps show)."""
    if first is None or last is None:
        return ()
    count: Counter[tuple[dt.date, str]] = Counter()
    deaths: Counter[dt.date] = Counter()
    for e in events:
        if e.event_date is None:
            continue
        start = _bin_start(e.event_date, unit)
        count[(start, type_label(e))] += 1
        deaths[start] += e.fatalities
    bins = []
    start, end = _bin_start(first, unit), _bin_start(last, unit)
    while True:
        bins.append(TimeBin(start, tuple((t, count[(start, t)]) for t in types), deaths[start]))
        if start >= end:  # checked before stepping: the step after 9999-12-31 does not exist
            return tuple(bins)
        start = _next_bin(start, unit)
