"""Merging event candidates into ACLED's one event per day, place, event type and actor pair.

Candidates from one document and from many documents that describe the same incident become one event that
keeps every document id, source URL, source and evidence sentence, the lowest fatality report and the range of
reports. The rules (dates within precision, places, actor pairs, blank actors, fatalities) are in
``docs/merging.md``. Merging is deterministic: the same events in any order give the same events and ids.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections import defaultdict
from typing import Any, Iterable, Sequence

from conflictdata.schema import COLUMNS, Event
from conflictdata.text import normalize_key
from conflictdata.vocabulary import get_vocabulary

__all__ = ["merge_events", "merge_key", "same_incident", "reports_fatalities"]

_BATTLES = "Battles"
_REMOTE = "Explosions/Remote violence"
_STRATEGIC = "Strategic developments"
_CELL_DEGREES = 0.1  # coordinate cells for the 1 km rule; neighbours always share a 3x3 block below ~84° latitude
_SAME_PLACE_KM = 1.0
_FATALITY_NOTE = re.compile(r"\s*\[Fatality reports range from [0-9]+ to [0-9]+; the lowest is coded\.\]$")

MergeKey = tuple[str, str, str]


def merge_key(event: Event) -> MergeKey:
    """The partition of an event: (country, admin1, "YYYY-MM" or "undated").

    Events in different partitions never merge, so merging each partition on its own (streamed, or on
    several machines) gives exactly what merging everything at once gives.
    """
    period = "undated" if event.event_date is None else f"{event.event_date.year:04d}-{event.event_date.month:02d}"
    return (normalize_key(event.country), normalize_key(event.admin1), period)


def reports_fatalities(event: Event) -> bool:
    """Whether an event carries a fatality figure.

    ``fatalities`` is 0 both for "nobody was killed" and for "no figure was reported"; an event reports a
    figure when ``fatalities`` > 0 or ``fatalities_low`` / ``fatalities_high`` is set. An explicit zero
    ("no one was killed") is written as fatalities 0 with fatalities_low = fatalities_high = 0.
    """
    return event.fatalities > 0 or event.fatalities_low is not None or event.fatalities_high is not None


def same_incident(a: Event, b: Event) -> bool:
    """Whether two events describe one incident: same partition, date within precision, place, type, actors."""
    return merge_key(a) == merge_key(b) and _compatible(a, b)


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge candidates that describe the same incident into one event each (see ``docs/merging.md``).

    An event that merges with nothing comes back unchanged. The result is sorted by date, place, type and id,
    and does not depend on the order of the input.
    """
    partitions: dict[MergeKey, list[Event]] = defaultdict(list)
    for event in events:
        partitions[merge_key(event)].append(event)
    text = _Texts()
    merged = [event for key in sorted(partitions) for event in _merge_partition(partitions[key], text)]
    merged.sort(key=lambda e: _output_key(e, text))
    return merged


def _merge_partition(events: list[Event], text: _Texts) -> list[Event]:
    """Cluster and combine until nothing merges any more: a merged event names more actors and has better
    precisions than some of its reports, so it can match an event that one of its vaguer reports did not.
    Iterating to the fixpoint makes merging idempotent; each round that changes anything removes events."""
    while True:
        merged = [cluster[0] if len(cluster) == 1 else _combine(cluster, text) for cluster in _cluster(events, text)]
        if len(merged) == len(events):
            return merged
        events = merged


# --- compatibility ----------------------------------------------------------------------------------------


def _family(event: Event) -> tuple[str, ...]:
    """Events of different families never merge. Battles and remote violence share one (see _same_type_and_actors);
    strategic developments merge only with the same sub-event type (an arrest is never an agreement)."""
    if event.event_type in (_BATTLES, _REMOTE):
        return ("armed",)
    if event.event_type == _STRATEGIC:
        return (event.event_type, event.sub_event_type)
    return (event.event_type,)


def _period(event: Event, precision: int) -> tuple[int, ...]:
    day = event.event_date
    assert day is not None
    if precision == 1:
        return (day.toordinal(),)
    if precision == 2:  # the ISO week, cut at month ends so that merge_key stays an exact partition
        return (day.year, day.month, *day.isocalendar()[:2])
    return (day.year, day.month)


def _same_period(a: Event, b: Event) -> bool:
    """Reports from one article (or of unknown origin) match within the vaguer precision. Reports from different
    articles need the same coded day: two articles' "early February" or undated troop movements are as likely two
    incidents as one, and an undated report names no day at all, so undated events never merge across articles."""
    one_source = bool(set(a.document_ids) & set(b.document_ids)) or not (a.document_ids and b.document_ids)
    if a.event_date is None or b.event_date is None:
        return a.event_date is None and b.event_date is None and one_source
    if not one_source:
        return a.event_date == b.event_date
    precision = max(a.time_precision, b.time_precision)
    return _period(a, precision) == _period(b, precision)


def _same_place(a: Event, b: Event) -> bool:
    """Same GeoNames id when both have one; else the same location name (country and admin1 are equal within a
    partition); else coordinates within 1 km (not for region-level events); two events without any place below
    admin1 are the same place."""
    if a.geonames_id is not None and b.geonames_id is not None:
        return a.geonames_id == b.geonames_id
    if a.location and b.location:
        return normalize_key(a.location) == normalize_key(b.location)
    if _has_point(a) and _has_point(b):  # a region's point is its capital's, a stand-in rather than a place
        return a.geo_precision < 3 and b.geo_precision < 3 and _distance_km(a, b) <= _SAME_PLACE_KM
    return not (a.location or b.location or _has_point(a) or _has_point(b))


def _has_point(event: Event) -> bool:
    return event.latitude is not None and event.longitude is not None


def _distance_km(a: Event, b: Event) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _actors(event: Event) -> frozenset[str]:
    return frozenset(a for a in (event.actor1, event.actor2) if a)


def _same_type_and_actors(a: Event, b: Event) -> bool:
    """Same type and the same actor pair, order ignored; a report that leaves an actor blank matches one that
    names it (its actors are a subset). A battle and a remote-violence event merge (into the battle, ACLED's
    "a battle with artillery is one Battles event") only when both name the same two actors."""
    actors_a, actors_b = _actors(a), _actors(b)
    if a.event_type == b.event_type:
        return actors_a <= actors_b or actors_b <= actors_a
    return len(actors_a) == 2 and actors_a == actors_b


# --- clustering -------------------------------------------------------------------------------------------


def _cluster(events: Sequence[Event], text: _Texts) -> list[list[Event]]:
    """Greedy complete-linkage clustering in a canonical order: each event joins the first cluster whose every
    member describes the same incident, else starts one. Only clusters sharing an index key are compared, and
    within a cluster only one member per ``_signature`` (equal signatures give equal ``_compatible`` answers),
    so k reports of one incident cost O(k), not O(k²)."""
    clusters: list[list[Event]] = []
    representatives: list[dict[tuple[Any, ...], Event]] = []
    index: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for event in sorted(events, key=lambda e: _cluster_order(e, text)):
        query, register = _index_keys(event)
        candidates = sorted({i for key in query for i in index.get(key, ())})
        home = next((i for i in candidates if all(_compatible(event, m) for m in representatives[i].values())), None)
        if home is None:
            home = len(clusters)
            clusters.append([])
            representatives.append({})
        clusters[home].append(event)
        representatives[home].setdefault(_signature(event), event)
        for key in register:
            if not index[key] or index[key][-1] != home:
                index[key].append(home)
    return clusters


def _signature(event: Event) -> tuple[Any, ...]:
    """Every field ``_compatible`` reads: events with equal signatures are compatible with the same events."""
    return (event.event_type, event.sub_event_type, event.event_date, event.time_precision, event.document_ids,
            event.geonames_id, event.location, event.latitude, event.longitude, event.geo_precision,
            event.actor1, event.actor2)


def _compatible(a: Event, b: Event) -> bool:
    """same_incident without the partition test (clustering runs within one partition)."""
    return _family(a) == _family(b) and _same_period(a, b) and _same_place(a, b) and _same_type_and_actors(a, b)


def _index_keys(event: Event) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(keys to look up, keys to register under): any two events that may be compatible share a key."""
    family = _family(event)
    shared: list[tuple[Any, ...]] = []
    if event.geonames_id is not None:
        shared.append((family, "gid", event.geonames_id))
    if event.location:
        shared.append((family, "name", normalize_key(event.location)))
    query, register = list(shared), list(shared)
    if _has_point(event):
        row, col = _cell(event)
        block = [(row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1)]
        register.append((family, "cell", row, col))
        if event.location:  # a named place meets only unnamed points by coordinates
            query.extend((family, "cell-unnamed", r, c) for r, c in block)
        else:
            register.append((family, "cell-unnamed", row, col))
            query.extend((family, "cell", r, c) for r, c in block)
    elif not event.location:
        query.append((family, "nowhere"))
        register.append((family, "nowhere"))
    return query, register


def _cell(event: Event) -> tuple[int, int]:
    return (math.floor(event.latitude / _CELL_DEGREES), math.floor(event.longitude / _CELL_DEGREES))


def _cluster_order(event: Event, text: _Texts) -> tuple[Any, ...]:
    """Canonical processing order: most precise and most completely described reports first, so that vaguer
    reports join them; a full serialisation last makes the order total."""
    return (
        event.time_precision,
        event.geo_precision,
        -len(_actors(event)),
        _type_rank(event),
        event.event_date or dt.date.max,
        _Serialised(event, text),
    )


def _type_rank(event: Event) -> tuple[int, int]:
    return _rank_of(event.event_type, event.sub_event_type)


@functools.lru_cache(maxsize=256)  # a few dozen (type, sub-event type) pairs exist
def _rank_of(event_type: str, sub_event_type: str) -> tuple[int, int]:
    vocab = get_vocabulary()  # an Event's types are valid: validation ran when it was made
    # sub-event types rank in the order vocabularies.json lists them: Air/drone strike before Shelling/artillery
    return (vocab.event_type_rank(event_type), vocab.sub_event_types_of(event_type).index(sub_event_type))


_SORTED_COLUMNS = tuple(sorted(COLUMNS))


class _Texts(dict):
    """The tie-breaking serialisation of each event, made once per ``merge_events`` call. Keyed by ``id``; the
    entry holds the event too, so no id is reused by another event while the call runs."""

    def __call__(self, event: Event) -> str:
        entry = self.get(id(event))
        if entry is None:
            # the keys in sorted order, as json.dumps(sort_keys=True) of to_record() would put them
            record = {name: (list(v) if isinstance(v := getattr(event, name), tuple) else v) for name in _SORTED_COLUMNS}
            entry = self[id(event)] = (event, json.dumps(record, default=str, ensure_ascii=False))
        return entry[1]


class _Serialised:
    """An event ordered by its serialisation, made only when a comparison reaches it (most keys differ before)."""

    __slots__ = ("event", "text")

    def __init__(self, event: Event, text: _Texts) -> None:
        self.event, self.text = event, text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Serialised) and self.text(self.event) == other.text(other.event)

    def __lt__(self, other: _Serialised) -> bool:
        return self.text(self.event) < other.text(other.event)

    __hash__ = None  # type: ignore[assignment]


def _output_key(event: Event, text: _Texts) -> tuple[Any, ...]:
    return (
        event.event_date or dt.date.max,
        event.country,
        event.admin1,
        event.location,
        _type_rank(event),
        event.event_id,
        _Serialised(event, text),
    )


# --- combining a cluster ----------------------------------------------------------------------------------


def _combine(cluster: list[Event], text: _Texts) -> Event:
    """One event from the reports of one incident; each group of coupled fields comes from one member."""
    # in serialisation order: min() returns the first of equal keys, so the serialisation settles every tie below
    members = sorted(cluster, key=text)
    by_type = min(members, key=lambda e: (_type_rank(e), -len(_actors(e))))
    by_actors = min(members, key=lambda e: (-len(_actors(e)), _type_rank(e)))
    by_place = min(members, key=lambda e: (e.geo_precision, not e.location, e.geonames_id is None))
    by_date = min(members, key=lambda e: (e.time_precision, e.event_date))
    fatalities = _merge_fatalities(members)
    by_notes = min(members, key=lambda e: (_type_rank(e), e.fatalities != fatalities["fatalities"], -len(_actors(e))))
    injured = [e.injured for e in members if e.injured is not None]
    winning_type = [e for e in members if e.event_type == by_type.event_type]
    changes: dict[str, Any] = {
        "event_type": by_type.event_type,
        "sub_event_type": by_type.sub_event_type,
        "disorder_type": "",
        "civilian_targeting": _first_nonblank(e.civilian_targeting for e in winning_type),
        **_actor_fields(by_actors, members),
        **{name: getattr(by_place, name) for name in _PLACE_FIELDS},
        "event_date": by_date.event_date,
        "year": None,
        "time_precision": by_date.time_precision,
        **fatalities,
        "injured": min(injured) if injured else None,
        "source": _join_unique(e.source for e in members),
        "source_scale": _source_scale(members, by_notes),
        "tags": _join_unique(e.tags for e in members),
        "notes": _notes(by_notes.notes, fatalities),
        "document_ids": tuple(d for e in members for d in e.document_ids),
        "source_urls": tuple(u for e in members for u in e.source_urls),
        "evidence": tuple(dict.fromkeys(s for e in members for s in e.evidence if s)),
        "language": by_notes.language,
        "confidence": max(e.confidence for e in members),
        "timestamp": max(e.timestamp for e in members),
    }
    return by_type.replace(**changes)


_PLACE_FIELDS = (
    "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "geonames_id",
)


def _merge_fatalities(members: Sequence[Event]) -> dict[str, int | None]:
    """The lowest report as ``fatalities`` (ACLED's conservative rule), the range in low/high; members without
    a figure do not count, so a report that gave no number never wipes out one that did."""
    reports = [e for e in members if reports_fatalities(e)]
    if not reports:
        return {"fatalities": 0, "fatalities_low": None, "fatalities_high": None}
    return {
        "fatalities": min(e.fatalities for e in reports),
        "fatalities_low": min(e.fatalities if e.fatalities_low is None else e.fatalities_low for e in reports),
        "fatalities_high": max(e.fatalities if e.fatalities_high is None else e.fatalities_high for e in reports),
    }


def _actor_fields(lead: Event, members: Sequence[Event]) -> dict[str, str]:
    """Actors and their types from the member naming the most actors; associated actors are the union over all
    members, attached to whichever main actor they stood beside."""
    assoc: dict[str, list[str]] = {lead.actor1: [], lead.actor2: []}
    for event in members:
        for actor, associated in ((event.actor1, event.assoc_actor_1), (event.actor2, event.assoc_actor_2)):
            if actor in assoc and actor:
                assoc[actor].extend(_split(associated))
    main = {lead.actor1, lead.actor2}
    return {
        "actor1": lead.actor1,
        "inter1": lead.inter1,
        "assoc_actor_1": "; ".join(sorted({a for a in assoc[lead.actor1] if a not in main})) if lead.actor1 else lead.assoc_actor_1,
        "actor2": lead.actor2,
        "inter2": lead.inter2,
        "assoc_actor_2": "; ".join(sorted({a for a in assoc[lead.actor2] if a not in main})) if lead.actor2 else lead.assoc_actor_2,
        "interaction": "",
    }


def _split(joined: str) -> list[str]:
    return [part.strip() for part in joined.split(";") if part.strip()]


def _join_unique(values: Iterable[str]) -> str:
    return "; ".join(sorted({part for value in values for part in _split(value)}, key=lambda s: (s.casefold(), s)))


def _first_nonblank(values: Iterable[str]) -> str:
    return next((v for v in values if v), "")


def _source_scale(members: Sequence[Event], lead: Event) -> str:
    """One scale when all agree; two scales combined when ACLED's vocabulary has the pair; else the lead's."""
    scales = sorted({e.source_scale for e in members if e.source_scale})
    if len(scales) <= 1:
        return scales[0] if scales else ""
    if len(scales) == 2:
        for pair in (f"{scales[0]}-{scales[1]}", f"{scales[1]}-{scales[0]}"):
            if pair in get_vocabulary().source_scale:
                return pair
    return lead.source_scale


def _notes(notes: str, fatalities: dict[str, int | None]) -> str:
    """The notes of the report that matches the merged coding, with ACLED's bracketed comment when fatality
    reports conflict (regenerated, so merging merged events does not repeat it)."""
    text = _FATALITY_NOTE.sub("", notes)
    low, high = fatalities["fatalities_low"], fatalities["fatalities_high"]
    if low is not None and high is not None and low != high:
        comment = f"[Fatality reports range from {low} to {high}; the lowest is coded.]"
        text = f"{text} {comment}" if text else comment
    return text
