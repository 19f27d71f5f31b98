"""The event schema: ACLED's 31 export columns plus conflictdata's extensions, as a frozen attrs class.

``Event`` is the one definition; the Arrow schema (``arrow_schema()``), the JSON Schema
(``json_schema()``, published as ``schemas/event.schema.json``) and ``docs/schema.md`` are generated from it.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import operator
import re
from typing import Any, Iterable, Mapping

import attrs

from conflictdata._resources import once
from conflictdata.errors import EventValidationError, FieldError
from conflictdata.vocabulary import get_vocabulary

__all__ = [
    "Event",
    "ACLED_COLUMNS",
    "EXTENSION_COLUMNS",
    "COLUMNS",
    "FieldSpec",
    "field_specs",
    "arrow_schema",
    "json_schema",
    "validate_records",
    "compute_event_id",
    "UNDATED_TAG",
]

UNDATED_TAG = "undated"
"""Tag written into ``tags`` for an event whose date could not be resolved (``event_date`` is null)."""

_INVALID = object()  # converters return the raw value on failure; validation then names the field


# --- converters: safe normalisations only; anything they cannot convert is left for validation ------------


def _to_str(value: Any) -> Any:
    if type(value) is str:  # the common case first (Events are built by the million)
        return value
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _to_int(value: Any) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT_TEXT.fullmatch(value.strip()):
        return int(value.strip())
    return value


def _to_optional_int(value: Any) -> Any:
    if value is None or type(value) is int:
        return value
    if value == "" or (isinstance(value, float) and math.isnan(value)):
        return None
    return _to_int(value)


def _to_optional_float(value: Any) -> Any:
    if type(value) is float:
        return round(value, 4) if math.isfinite(value) else value
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return number if math.isnan(number) or math.isinf(number) else round(number, 4)


def _to_float(value: Any) -> Any:
    if type(value) is float:
        return value
    if isinstance(value, bool):
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def _to_optional_date(value: Any) -> Any:
    if value is None or type(value) is dt.date:
        return value
    if value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        parsed = _parse_date_text(value)
        return value if parsed is None else parsed
    return value


_INT_TEXT = re.compile(r"-?[0-9]{1,30}")
_MONTHS = {m.lower(): i for i, m in enumerate(
    ("January February March April May June July August September October November December").split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_DAY_MONTH_YEAR = re.compile(r"([0-9]{1,2})[ -]([A-Za-z]{3,9})[ -]([0-9]{4})")
_NUMERIC_DMY = re.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4})")


def _parse_date_text(text: str) -> dt.date | None:
    """ISO dates (also with a time), ACLED's export form "17 January 2025" (English month names whatever
    the locale; "17 Jan 2025" too) and the dd-mm-yyyy form of old ACLED files; None when it is none of these."""
    text = text.strip()
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _ISO_DATETIME.match(text):
            return dt.datetime.fromisoformat(text).date()
        match = _DAY_MONTH_YEAR.fullmatch(text)
        if match and match.group(2).lower() in _MONTHS:
            return dt.date(int(match.group(3)), _MONTHS[match.group(2).lower()], int(match.group(1)))
        match = _NUMERIC_DMY.fullmatch(text)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None
    return None


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ISO_DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}")


def _to_str_tuple(value: Any) -> Any:
    if type(value) is tuple and all(type(v) is str for v in value):
        return value
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, Iterable):
        return tuple(_to_str(v) for v in value)
    return value


def _to_sorted_set(value: Any) -> Any:
    """Lists whose order carries no meaning (document ids, URLs): sorted, duplicates dropped."""
    items = _to_str_tuple(value)
    if not isinstance(items, tuple) or not all(isinstance(v, str) for v in items):
        return items
    return tuple(sorted({v for v in items if v}))


# --- field declarations --------------------------------------------------------------------------------------


@attrs.frozen
class FieldSpec:
    """How one Event field is typed and documented (drives Arrow, JSON Schema and docs generation)."""

    name: str
    kind: str  # str | int | int? | float? | float | date? | list
    doc: str
    acled: str = ""
    ucdp: str = ""
    allowed: tuple[Any, ...] = ()


def _field(kind: str, doc: str, *, acled: str = "", ucdp: str = "", default: Any = attrs.NOTHING) -> Any:
    converter = {
        "str": _to_str,
        "int": _to_int,
        "int?": _to_optional_int,
        "float?": _to_optional_float,
        "float": _to_float,
        "date?": _to_optional_date,
        "list": _to_str_tuple,
        "set": _to_sorted_set,
    }[kind]
    if default is attrs.NOTHING:
        default = {"str": "", "int?": None, "float?": None, "date?": None, "list": (), "set": ()}.get(kind, attrs.NOTHING)
    return attrs.field(
        default=default, converter=converter, metadata={"kind": kind, "doc": doc, "acled": acled, "ucdp": ucdp}
    )


@attrs.frozen(kw_only=True, eq=True)
class Event:
    """One ACLED-style event: what happened, where, when, between whom, with its sources and evidence.

    Derived fields are filled when left empty: ``disorder_type`` from ``sub_event_type``, ``year`` from
    ``event_date``, ``interaction`` from ``inter1``/``inter2``, ``event_id`` and ``event_id_cnty`` from the
    event's defining content. Every invalid value is reported at once in an ``EventValidationError``.
    """

    # ---- the 31 ACLED export columns, in ACLED's order ----
    event_id_cnty: str = _field("str", "Event identifier in ACLED form: ISO 3166-1 alpha-3 prefix and a number derived from event_id; the same on every run.", acled="event_id_cnty", ucdp="id")
    event_date: dt.date | None = _field("date?", "Day of the event (null only for undated events, tagged 'undated').", acled="event_date", ucdp="date_start / date_end")
    year: int | None = _field("int?", "Year of event_date.", acled="year", ucdp="year")
    time_precision: int = _field("int", "1 exact day, 2 a week or similar period (middle day used), 3 a month (middle, first or last day used).", acled="time_precision", ucdp="date_prec (1 -> 1, 2-3 -> 2, 4 -> 3)", default=1)
    disorder_type: str = _field("str", "Political violence, Demonstrations, Strategic developments, or 'Political violence; Demonstrations'; follows from sub_event_type.", acled="disorder_type", ucdp="type_of_violence (approx.)")
    event_type: str = _field("str", "One of ACLED's six event types.", acled="event_type")
    sub_event_type: str = _field("str", "One of ACLED's 25 sub-event types; must belong to event_type.", acled="sub_event_type")
    actor1: str = _field("str", "Main actor, ACLED-style name, e.g. 'Military Forces of Russia (2000-)'.", acled="actor1", ucdp="side_a")
    assoc_actor_1: str = _field("str", "Actors alongside actor1, separated by '; '.", acled="assoc_actor_1")
    inter1: str = _field("str", "Actor type of actor1 (text form, e.g. 'External/Other forces').", acled="inter1")
    actor2: str = _field("str", "Second actor; the target in Violence against civilians; may be blank.", acled="actor2", ucdp="side_b")
    assoc_actor_2: str = _field("str", "Actors alongside actor2, separated by '; '.", acled="assoc_actor_2")
    inter2: str = _field("str", "Actor type of actor2 (blank when there is no actor2).", acled="inter2")
    interaction: str = _field("str", "Combination of inter1 and inter2 independent of order, e.g. 'State forces-External/Other forces'.", acled="interaction")
    civilian_targeting: str = _field("str", "'Civilian targeting' when civilians were the main or only target, else blank.", acled="civilian_targeting")
    iso: int | None = _field("int?", "ISO 3166-1 numeric country code (804 Ukraine, 643 Russia).", acled="iso", ucdp="country_id (Gleditsch-Ward, differs)")
    region: str = _field("str", "ACLED world region, e.g. 'Europe'.", acled="region", ucdp="region")
    country: str = _field("str", "Country name in English.", acled="country", ucdp="country")
    admin1: str = _field("str", "First-level administrative region.", acled="admin1", ucdp="adm_1")
    admin2: str = _field("str", "Second-level administrative region.", acled="admin2", ucdp="adm_2")
    admin3: str = _field("str", "Third-level administrative region.", acled="admin3")
    location: str = _field("str", "Named place the coordinates stand for.", acled="location", ucdp="where_coordinates")
    latitude: float | None = _field("float?", "WGS84 latitude (EPSG:4326), 4 decimals.", acled="latitude", ucdp="latitude")
    longitude: float | None = _field("float?", "WGS84 longitude (EPSG:4326), 4 decimals.", acled="longitude", ucdp="longitude")
    geo_precision: int = _field("int", "1 a town, 2 near a town or part of a region, 3 a larger region (its capital's coordinates).", acled="geo_precision", ucdp="where_prec (1-2 -> 1-2, 3-5 -> 3)", default=1)
    source: str = _field("str", "Sources, separated by '; '.", acled="source", ucdp="source_office")
    source_scale: str = _field("str", "Scale of the sources, e.g. 'National', 'New media'.", acled="source_scale")
    notes: str = _field("str", "Short English description generated from the coded fields.", acled="notes", ucdp="source_headline (approx.)")
    fatalities: int = _field("int", "Reported deaths, ACLED's conservative (lowest) figure; 0 when none are reported.", acled="fatalities", ucdp="low (approx.)", default=0)
    tags: str = _field("str", "Tags separated by '; ' (e.g. 'undated', 'aggregate').", acled="tags")
    timestamp: int = _field("int", "Unix time the event was coded.", acled="timestamp", default=0)
    # ---- conflictdata extensions ----
    event_id: str = _field("str", "Deterministic hash of the event's defining content (date, place, type, actors, documents).")
    injured: int | None = _field("int?", "Reported injured (null when no figure is reported).")
    fatalities_low: int | None = _field("int?", "Lowest reported death toll (UCDP 'low').", ucdp="low")
    fatalities_high: int | None = _field("int?", "Highest reported death toll (UCDP 'high').", ucdp="high")
    document_ids: tuple[str, ...] = _field("set", "Ids of the input documents the event was coded from (sorted, unique).", ucdp="source_article")
    source_urls: tuple[str, ...] = _field("set", "URLs of the source articles (sorted, unique).", ucdp="source_original")
    evidence: tuple[str, ...] = _field("list", "The sentence(s) the event was coded from, as in the original text.")
    language: str = _field("str", "ISO 639-1 language of the source text ('de', 'en').")
    geonames_id: int | None = _field("int?", "GeoNames id of the place (null for places not in GeoNames).", ucdp="where_coordinates (name)")
    confidence: float = _field("float", "Confidence of the coding, 0 to 1.", default=1.0)

    def __attrs_post_init__(self) -> None:
        vocab = get_vocabulary()
        # derived fields (frozen class: set through object.__setattr__, as attrs documents)
        if not self.disorder_type and isinstance(self.sub_event_type, str) and self.sub_event_type in vocab.disorder_of_sub_event:
            object.__setattr__(self, "disorder_type", vocab.disorder_of_sub_event[self.sub_event_type])
        if self.year is None and isinstance(self.event_date, dt.date):
            object.__setattr__(self, "year", self.event_date.year)
        for name in ("inter1", "inter2"):
            value = getattr(self, name)
            if isinstance(value, str) and value.isdigit():  # numeric layout (ACLED before 2024): store the text form
                try:
                    object.__setattr__(self, name, vocab.actor_type_label(int(value)))
                except ValueError:
                    pass
        if isinstance(self.interaction, str) and self.interaction.isdigit():
            try:
                object.__setattr__(self, "interaction", vocab.interaction_from_code(int(self.interaction)))
            except ValueError:
                pass
        errors = _validate(self)
        if errors:
            raise EventValidationError(errors)
        if not self.interaction:
            object.__setattr__(self, "interaction", vocab.interaction(self.inter1, self.inter2)[0])
        if not self.event_id:
            object.__setattr__(self, "event_id", compute_event_id(self))
        if not self.event_id_cnty:
            object.__setattr__(self, "event_id_cnty", _event_id_cnty(self.iso, self.event_id))

    # ---- conveniences ----
    @property
    def interaction_code(self) -> int:
        """Numeric interaction code (ACLED's layout before 2024), e.g. 18."""
        return get_vocabulary().interaction(self.inter1, self.inter2)[1]

    @property
    def inter1_code(self) -> int:
        return get_vocabulary().actor_type_codes.get(self.inter1, 0)

    @property
    def inter2_code(self) -> int:
        return get_vocabulary().actor_type_codes.get(self.inter2, 0)

    @property
    def is_undated(self) -> bool:
        return self.event_date is None

    def to_record(self) -> dict[str, Any]:
        """The event as a plain dict of its columns (lists as lists)."""
        return {name: (list(getattr(self, name)) if name in _TUPLE_FIELDS else getattr(self, name)) for name in COLUMNS}

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "Event":
        """Build an event from a mapping of column names; unknown keys (e.g. 'geometry') are ignored."""
        return cls(**{k: v for k, v in record.items() if k in _FIELD_NAMES})

    def replace(self, **changes: Any) -> "Event":
        """A copy with changes; ids are recomputed unless given."""
        changes.setdefault("event_id", "")
        changes.setdefault("event_id_cnty", "")
        if "event_date" in changes and "year" not in changes:
            changes["year"] = None
        if ("inter1" in changes or "inter2" in changes) and "interaction" not in changes:
            changes["interaction"] = ""
        if "sub_event_type" in changes and "disorder_type" not in changes:
            changes["disorder_type"] = ""
        return attrs.evolve(self, **changes)


_FIELDS = attrs.fields(Event)
_FIELD_NAMES = frozenset(f.name for f in _FIELDS)
_FIELD_KINDS = {f.name: f.metadata["kind"] for f in _FIELDS}
_TUPLE_FIELDS = frozenset(name for name, kind in _FIELD_KINDS.items() if kind in ("list", "set"))
COLUMNS: tuple[str, ...] = tuple(f.name for f in _FIELDS)
ACLED_COLUMNS: tuple[str, ...] = COLUMNS[:31]
EXTENSION_COLUMNS: tuple[str, ...] = COLUMNS[31:]


# --- validation ----------------------------------------------------------------------------------------------


@once
def _type_checks() -> tuple[Any, ...]:
    """Getters and bounds per kind for ``_types_ok``."""
    def names(*kinds: str) -> tuple[str, ...]:
        return tuple(f.name for f in _FIELDS if f.metadata["kind"] in kinds)

    def getter(fields: tuple[str, ...]) -> Any:
        get = operator.attrgetter(*fields)
        return get if len(fields) > 1 else (lambda event: (get(event),))

    ints = names("int", "int?")
    bounds = tuple(2 ** (int(_ARROW_TYPES[n].removeprefix("int")) - 1) for n in ints)
    return (getter(names("str")), getter(ints), tuple(-b for b in bounds), bounds,
            frozenset(i for i, n in enumerate(ints) if _FIELD_KINDS[n] == "int?"),
            getter(names("float", "float?")), frozenset(names("float?")), names("float", "float?"),
            getter(names("date?")), getter(names("list", "set")))


def _types_ok(event: Event) -> bool:
    """True when every field has its kind's type (the common case, checked in bulk); False means: look closer."""
    strs, ints, lows, highs, optional_ints, floats, optional_floats, float_names, dates, lists = _type_checks()
    texts = strs(event)
    if not all(type(v) is str for v in texts):
        return False
    for i, (value, low, high) in enumerate(zip(ints(event), lows, highs)):
        if value is None:
            if i not in optional_ints:
                return False
        elif type(value) is not int or not low <= value < high:
            return False
    for name, value in zip(float_names, floats(event)):
        if value is None:
            if name not in optional_floats:
                return False
        elif type(value) is not float or not math.isfinite(value):
            return False
    if not all(v is None or type(v) is dt.date for v in dates(event)):
        return False
    sequences = lists(event)
    if not all(type(value) is tuple for value in sequences):
        return False
    items = [v for value in sequences for v in value]
    if not all(type(v) is str for v in items):
        return False
    joined = "".join(texts) + "".join(items)
    return joined.isascii() or _is_utf8(joined)


def _validate(event: Event) -> list[FieldError]:
    vocab = get_vocabulary()
    errors: list[FieldError] = []

    def bad(field: str, reason: str) -> None:
        errors.append(FieldError(field, getattr(event, field), reason))

    for f in (() if _types_ok(event) else _FIELDS):
        value = getattr(event, f.name)
        kind = f.metadata["kind"]
        if kind == "str" and not isinstance(value, str):
            bad(f.name, "expected text")
        elif kind == "str" and not _is_utf8(value):
            bad(f.name, "not valid Unicode text (lone surrogate)")
        elif kind == "int" and (not isinstance(value, int) or isinstance(value, bool)):
            bad(f.name, "expected a whole number")
        elif kind == "int?" and value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            bad(f.name, "expected a whole number or null")
        elif kind in ("float", "float?") and not (
            (value is None and kind == "float?") or (isinstance(value, float) and math.isfinite(value))
        ):
            bad(f.name, "expected a finite number")
        elif kind == "date?" and value is not None and not isinstance(value, dt.date):
            bad(f.name, "expected a date (2025-01-17, or 17 January 2025 as ACLED writes it)")
        elif kind in ("list", "set") and not (isinstance(value, tuple) and all(isinstance(v, str) for v in value)):
            bad(f.name, "expected a list of text")
        elif kind in ("list", "set") and not all(_is_utf8(v) for v in value):
            bad(f.name, "not valid Unicode text (lone surrogate)")
        elif kind in ("int", "int?") and value is not None and not _fits(f.name, value):
            bad(f.name, f"too large for a {_ARROW_TYPES[f.name]} column")
    if errors:  # type errors make the rules below meaningless
        return errors

    if event.event_type not in vocab.event_types:
        bad("event_type", f"unknown event type (allowed: {', '.join(vocab.event_types)})")
    elif event.sub_event_type not in vocab.sub_event_types_of(event.event_type):
        bad("sub_event_type", f"not a sub-event type of {event.event_type!r}")
    elif event.disorder_type != vocab.disorder_of_sub_event[event.sub_event_type]:
        bad("disorder_type", f"{event.sub_event_type!r} has disorder type {vocab.disorder_of_sub_event[event.sub_event_type]!r}")
    if event.time_precision not in (1, 2, 3):
        bad("time_precision", "must be 1, 2 or 3")
    if event.geo_precision not in (1, 2, 3):
        bad("geo_precision", "must be 1, 2 or 3")
    if event.event_date is not None and event.year != event.event_date.year:
        bad("year", f"differs from event_date {event.event_date.isoformat()}")
    if event.event_date is None and event.year is not None:
        bad("year", "set although event_date is null")
    for name in ("inter1", "inter2"):
        value = getattr(event, name)
        if value and value not in vocab.actor_type_codes:
            bad(name, f"unknown actor type (allowed: {', '.join(vocab.actor_type_codes)})")
    if event.inter2 and not event.actor2:
        bad("inter2", "set although actor2 is blank")
    if event.interaction and not errors:
        expected = vocab.interaction(event.inter1, event.inter2)[0]
        if event.interaction != expected:
            bad("interaction", f"does not match inter1/inter2 (expected {expected!r})")
    if event.civilian_targeting not in vocab.civilian_targeting:
        bad("civilian_targeting", "must be 'Civilian targeting' or blank")
    if event.iso is not None and not 0 <= event.iso <= 999:
        bad("iso", "must be an ISO 3166-1 numeric code (0-999)")
    if (event.latitude is None) != (event.longitude is None):
        bad("latitude" if event.latitude is None else "longitude", "latitude and longitude must both be set or both be null")
    if event.latitude is not None and not -90.0 <= event.latitude <= 90.0:
        bad("latitude", "out of range -90..90")
    if event.longitude is not None and not -180.0 <= event.longitude <= 180.0:
        bad("longitude", "out of range -180..180")
    for name in ("fatalities", "injured", "fatalities_low", "fatalities_high", "timestamp"):
        value = getattr(event, name)
        if value is not None and value < 0:
            bad(name, "must not be negative")
    if event.fatalities_low is not None and event.fatalities_low > event.fatalities:
        bad("fatalities_low", f"greater than fatalities ({event.fatalities})")
    if event.fatalities_high is not None and event.fatalities > event.fatalities_high:
        bad("fatalities_high", f"less than fatalities ({event.fatalities})")
    if event.geonames_id is not None and event.geonames_id <= 0:
        bad("geonames_id", "must be a positive GeoNames id")
    if not 0.0 <= event.confidence <= 1.0:
        bad("confidence", "must be between 0 and 1")
    return errors


def _is_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fits(name: str, value: int) -> bool:
    bits = int(_ARROW_TYPES[name].removeprefix("int"))
    return -(2 ** (bits - 1)) <= value < 2 ** (bits - 1)


def validate_records(records: Iterable[Mapping[str, Any]], *, first_row: int = 1) -> list[FieldError]:
    """Validate rows (mappings of column names); return every problem with its row number."""
    problems: list[FieldError] = []
    for row_number, record in enumerate(records, start=first_row):
        try:
            Event.from_record(record)
        except EventValidationError as exc:
            problems.extend(attrs.evolve(e, row=row_number) for e in exc.errors)
        except TypeError as exc:
            problems.append(FieldError("*", None, str(exc), row=row_number))
    return problems


# --- identity ------------------------------------------------------------------------------------------------


def compute_event_id(event: Event) -> str:
    """A 16-hex-digit hash of the event's defining content: date, place, event type, actors, documents.

    List fields enter sorted, so their order never changes the id. An event with no documents of ours but an
    ``event_id_cnty`` from elsewhere (a row of an ACLED export) is that row: its id is made from that id alone,
    so two ACLED events on one day, place and actor pair stay two, and an updated row keeps its identity.
    """
    if event.event_id_cnty and not event.document_ids:
        payload = json.dumps({"event_id_cnty": event.event_id_cnty}, separators=(",", ":"))
        return hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()
    content = {
        "date": event.event_date.isoformat() if event.event_date else "",
        "location": event.location,
        "country": event.country,
        "admin1": event.admin1,
        "lat": None if event.latitude is None else round(event.latitude, 3),
        "lon": None if event.longitude is None else round(event.longitude, 3),
        "event_type": event.event_type,
        "actors": sorted([event.actor1, event.actor2]),
        "documents": sorted(event.document_ids),
    }
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(payload.encode("utf-8"), digest_size=8).hexdigest()


@functools.lru_cache(maxsize=1024)  # a pycountry lookup costs ~5 µs; there are fewer than 1,000 numeric codes
def _alpha3(iso: int | None) -> str:
    if iso is None:
        return "XXX"
    import pycountry  # loaded only when ids are made

    country = pycountry.countries.get(numeric=f"{iso:03d}")
    return country.alpha_3 if country is not None else "XXX"


def _event_id_cnty(iso: int | None, event_id: str) -> str:
    prefix = _alpha3(iso)
    digest = event_id[:12]
    if len(digest) < 12 or any(c not in "0123456789abcdef" for c in digest):  # an id given from elsewhere
        digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=6).hexdigest()
    # 48 bits of the hash: collisions stay unlikely (~2e-5) even at 100k events per country
    return f"{prefix}{int(digest, 16)}"


# --- generated schemas ---------------------------------------------------------------------------------------


def field_specs() -> tuple[FieldSpec, ...]:
    """Every Event field with its kind, documentation, ACLED/UCDP mapping and allowed values."""
    vocab = get_vocabulary()
    allowed: dict[str, tuple[Any, ...]] = {
        "disorder_type": vocab.disorder_types,
        "event_type": vocab.event_types,
        "sub_event_type": tuple(vocab.sub_event_types),
        "inter1": ("", *vocab.actor_type_codes),
        "inter2": ("", *vocab.actor_type_codes),
        "civilian_targeting": vocab.civilian_targeting,
        "time_precision": (1, 2, 3),
        "geo_precision": (1, 2, 3),
    }
    return tuple(
        FieldSpec(
            name=f.name,
            kind=f.metadata["kind"],
            doc=f.metadata["doc"],
            acled=f.metadata["acled"],
            ucdp=f.metadata["ucdp"],
            allowed=allowed.get(f.name, ()),
        )
        for f in _FIELDS
    )


_ARROW_TYPES = {
    "event_date": "date32",
    "year": "int16",
    "time_precision": "int8",
    "geo_precision": "int8",
    "iso": "int16",
    "fatalities": "int32",
    "injured": "int32",
    "fatalities_low": "int32",
    "fatalities_high": "int32",
    "timestamp": "int64",
    "geonames_id": "int64",
    "latitude": "float64",
    "longitude": "float64",
    "confidence": "float64",
}


def arrow_schema(*, with_geometry: bool = False):
    """The Arrow schema of an events table (optionally with the WKB ``geometry`` column of GeoParquet)."""
    import pyarrow as pa

    fields = []
    for spec in field_specs():
        if spec.kind in ("list", "set"):
            typ = pa.list_(pa.string())
        elif spec.kind == "str":
            typ = pa.string()
        else:
            typ = getattr(pa, _ARROW_TYPES[spec.name])()
        nullable = spec.kind.endswith("?")
        fields.append(pa.field(spec.name, typ, nullable=nullable, metadata={"description": spec.doc}))
    if with_geometry:
        fields.append(pa.field("geometry", pa.binary(), nullable=True, metadata={"description": "WKB point (EPSG:4326)"}))
    return pa.schema(fields, metadata={"conflictdata.schema": "event", "conflictdata.version": _version()})


def _version() -> str:
    from conflictdata import __version__

    return __version__


def json_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of one event record, as published in ``schemas/event.schema.json``."""
    properties: dict[str, Any] = {}
    for spec in field_specs():
        kind = spec.kind
        if kind == "str":
            prop: dict[str, Any] = {"type": "string"}
        elif kind == "int":
            prop = {"type": "integer"}
        elif kind == "int?":
            prop = {"type": ["integer", "null"]}
        elif kind == "float":
            prop = {"type": "number"}
        elif kind == "float?":
            prop = {"type": ["number", "null"]}
        elif kind == "date?":
            prop = {"type": ["string", "null"], "format": "date"}
        else:
            prop = {"type": "array", "items": {"type": "string"}}
        if spec.allowed:
            prop["enum"] = list(spec.allowed)
        prop["description"] = spec.doc
        if spec.acled:
            prop["x-acled"] = spec.acled
        if spec.ucdp:
            prop["x-ucdp"] = spec.ucdp
        properties[spec.name] = prop
    properties["latitude"].update(minimum=-90, maximum=90)
    properties["longitude"].update(minimum=-180, maximum=180)
    for name in ("fatalities", "injured", "fatalities_low", "fatalities_high", "timestamp"):
        properties[name]["minimum"] = 0
    for name in ("fatalities", "injured", "fatalities_low", "fatalities_high", "timestamp", "geonames_id"):
        properties[name]["maximum"] = 2 ** (int(_ARROW_TYPES[name].removeprefix("int")) - 1) - 1
    properties["iso"].update(minimum=0, maximum=999)
    properties["confidence"].update(minimum=0, maximum=1)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://conflictdata.invalid/schemas/event.schema.json",
        "title": "conflictdata event",
        "description": "One ACLED-compatible event (31 ACLED export columns in ACLED order, then conflictdata extensions).",
        "type": "object",
        "properties": properties,
        "required": list(COLUMNS),
        "additionalProperties": False,
    }
