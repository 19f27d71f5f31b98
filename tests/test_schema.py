from __future__ import annotations

import datetime as dt
import subprocess
import sys

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.errors import EventValidationError, FieldError
from conflictdata.schema import (
    ACLED_COLUMNS,
    COLUMNS,
    EXTENSION_COLUMNS,
    Event,
    arrow_schema,
    compute_event_id,
    field_specs,
    json_schema,
    validate_records,
)
from strategies import events, invalid_changes

ACLED_ORDER = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()


def make(**changes) -> Event:
    base = dict(
        event_date=dt.date(2025, 1, 17),
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        actor1="Military Forces of Russia (2000-)",
        inter1="External/Other forces",
        actor2="Civilians (Ukraine)",
        inter2="Civilians",
        iso=804,
        region="Europe",
        country="Ukraine",
        admin1="Kharkiv",
        location="Kupiansk",
        latitude=49.7106,
        longitude=37.6156,
        fatalities=2,
        document_ids=["doc-2", "doc-1"],
    )
    base.update(changes)
    return Event(**base)


def error_fields(**changes) -> list[str]:
    with pytest.raises(EventValidationError) as info:
        make(**changes)
    assert isinstance(info.value, ValueError)
    return [e.field for e in info.value.errors]


# --- columns ---------------------------------------------------------------------------------------------------


def test_acled_columns_names_and_order():
    assert list(ACLED_COLUMNS) == ACLED_ORDER
    assert COLUMNS[:31] == ACLED_COLUMNS
    assert EXTENSION_COLUMNS == (
        "event_id", "injured", "fatalities_low", "fatalities_high", "document_ids", "source_urls", "evidence",
        "language", "geonames_id", "confidence",
    )  # fmt: skip


def test_arrow_schema_follows_fields():
    schema = arrow_schema()
    assert schema.names == list(COLUMNS)
    assert str(schema.field("event_date").type) == "date32[day]"
    assert str(schema.field("latitude").type) == "double"
    assert str(schema.field("document_ids").type) == "list<item: string>"
    assert schema.field("iso").nullable and not schema.field("fatalities").nullable
    assert schema.field("notes").metadata[b"description"]
    assert arrow_schema(with_geometry=True).names[-1] == "geometry"


def test_json_schema_2020_12():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(schema["properties"]) == list(COLUMNS)
    assert schema["required"] == list(COLUMNS)
    props = schema["properties"]
    assert props["event_date"] == {**props["event_date"], "type": ["string", "null"], "format": "date"}
    assert props["latitude"]["minimum"] == -90 and props["longitude"]["maximum"] == 180
    assert props["fatalities"]["maximum"] == 2**31 - 1
    assert "Battles" in props["event_type"]["enum"]
    assert props["inter1"]["x-acled"] == "inter1"


def test_field_specs_have_docs_and_allowed_values():
    specs = {s.name: s for s in field_specs()}
    assert all(s.doc for s in specs.values())
    assert len(specs["sub_event_type"].allowed) == 25
    assert specs["time_precision"].allowed == (1, 2, 3)


# --- derived fields and conversions ------------------------------------------------------------------------------


def test_derived_fields():
    event = make()
    assert event.year == 2025
    assert event.disorder_type == "Political violence"
    assert event.interaction == "External/Other forces-Civilians"
    assert event.interaction_code == 78
    assert (event.inter1_code, event.inter2_code) == (8, 7)
    assert len(event.event_id) == 16 and int(event.event_id, 16) >= 0
    assert event.event_id_cnty.startswith("UKR") and event.event_id_cnty[3:].isdigit()
    assert event.document_ids == ("doc-1", "doc-2")


def test_numeric_layout_values_become_text():
    event = make(inter1="8", inter2="7", interaction="78")
    assert (event.inter1, event.inter2, event.interaction) == ("External/Other forces", "Civilians", "External/Other forces-Civilians")
    one_sided = make(actor2="", inter1=8, inter2="0", interaction=80)
    assert (one_sided.inter2, one_sided.interaction) == ("", "External/Other forces only")


def test_interaction_independent_of_actor_order():
    a = make(actor1="X", inter1="State forces", actor2="Y", inter2="External/Other forces")
    b = make(actor1="Y", inter1="External/Other forces", actor2="X", inter2="State forces")
    assert a.interaction == b.interaction == "State forces-External/Other forces"
    assert a.interaction_code == b.interaction_code == 18


def test_given_interaction_must_match():
    assert error_fields(interaction="State forces-Civilians") == ["interaction"]
    assert error_fields(interaction="17") == ["interaction"]
    assert make(interaction="External/Other forces-Civilians").interaction_code == 78


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-01-17", dt.date(2025, 1, 17)),
        ("17 January 2025", dt.date(2025, 1, 17)),
        ("05 March 2024", dt.date(2024, 3, 5)),
        ("5 march 2024", dt.date(2024, 3, 5)),
        ("17 Jan 2025", dt.date(2025, 1, 17)),
        ("17-01-2025", dt.date(2025, 1, 17)),
        ("2025-01-17T10:30:00", dt.date(2025, 1, 17)),
        (dt.datetime(2025, 1, 17, 23, 59), dt.date(2025, 1, 17)),
    ],
)
def test_event_date_forms(text, expected):
    assert make(event_date=text).event_date == expected


@pytest.mark.parametrize("bad", ["17 Januar 2025", "2025-02-30", "yesterday", "31-02-2025", 20250117])
def test_bad_dates_are_rejected_naming_the_field(bad):
    assert error_fields(event_date=bad) == ["event_date"]


def test_number_conversions():
    event = make(fatalities="12", iso="804", latitude="49.71064", longitude=37, year=2025.0)
    assert (event.fatalities, event.iso, event.latitude, event.longitude, event.year) == (12, 804, 49.7106, 37.0, 2025)
    assert error_fields(fatalities="--5") == ["fatalities"]
    assert error_fields(fatalities="²") == ["fatalities"]
    assert error_fields(fatalities="1" * 40) == ["fatalities"]
    assert error_fields(fatalities=2.5) == ["fatalities"]
    assert error_fields(fatalities=True) == ["fatalities"]


# --- validation rules: each names its field -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"event_type": "Battle"}, "event_type"),
        ({"sub_event_type": "Armed clash"}, "sub_event_type"),
        ({"disorder_type": "Demonstrations"}, "disorder_type"),
        ({"time_precision": 4}, "time_precision"),
        ({"geo_precision": 0}, "geo_precision"),
        ({"year": 2024}, "year"),
        ({"inter1": "Army"}, "inter1"),
        ({"inter2": "9"}, "inter2"),
        ({"actor2": "", "inter2": "Civilians"}, "inter2"),
        ({"civilian_targeting": "Civilians targeted"}, "civilian_targeting"),
        ({"iso": 1000}, "iso"),
        ({"latitude": 90.5}, "latitude"),
        ({"latitude": -91}, "latitude"),
        ({"longitude": 180.01}, "longitude"),
        ({"longitude": float("nan")}, "longitude"),
        ({"latitude": None}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"fatalities": -1}, "fatalities"),
        ({"injured": -3}, "injured"),
        ({"timestamp": -1}, "timestamp"),
        ({"fatalities": 2**31}, "fatalities"),
        ({"fatalities_low": 3}, "fatalities_low"),
        ({"fatalities_high": 1}, "fatalities_high"),
        ({"geonames_id": 0}, "geonames_id"),
        ({"confidence": 1.5}, "confidence"),
        ({"confidence": "high"}, "confidence"),
        ({"actor1": 3.5j}, "actor1"),
        ({"notes": "bad \ud800 surrogate"}, "notes"),
        ({"evidence": ["ok", "\udfff"]}, "evidence"),
        ({"document_ids": [b"x"]}, "document_ids"),
    ],
)
def test_each_rule_rejects_naming_the_field(changes, field):
    assert field in error_fields(**changes)


def test_all_problems_reported_at_once():
    with pytest.raises(EventValidationError) as info:
        make(latitude=95.0, fatalities=-1, geo_precision=7)
    assert sorted(e.field for e in info.value.errors) == ["fatalities", "geo_precision", "latitude"]
    message = str(info.value)
    assert "latitude=95.0" in message and "out of range" in message
    problem = info.value.errors[0]
    assert isinstance(problem, FieldError) and problem.value is not None


def test_year_and_event_date_rule():
    assert make(event_date=None).year is None
    assert make(event_date=None).is_undated
    assert error_fields(event_date=None, year=2025) == ["year"]
    assert error_fields(year=2024) == ["year"]
    assert make(year="2025").year == 2025


def test_fatality_bounds():
    event = make(fatalities=5, fatalities_low=5, fatalities_high=20)
    assert (event.fatalities_low, event.fatalities, event.fatalities_high) == (5, 5, 20)
    assert error_fields(fatalities=5, fatalities_low=6) == ["fatalities_low"]
    assert error_fields(fatalities=5, fatalities_high=4) == ["fatalities_high"]


@given(invalid_changes())
def test_invalid_values_always_rejected(case):
    event, field, value = case
    record = {**event.to_record(), field: value, "event_id": "", "event_id_cnty": ""}
    with pytest.raises(EventValidationError) as info:
        Event.from_record(record)
    assert field in [e.field for e in info.value.errors]


@given(st.dictionaries(st.sampled_from(COLUMNS), st.none() | st.integers() | st.floats() | st.text() | st.lists(st.text())))
def test_construction_is_total(record):
    """Whatever the values, Event either builds or raises EventValidationError (never anything else)."""
    try:
        Event.from_record(record)
    except EventValidationError as exc:
        assert exc.errors


def test_validate_records_numbers_rows():
    good = make().to_record()
    problems = validate_records([good, {**good, "latitude": 100.0, "event_id": ""}, good], first_row=1)
    assert [(p.row, p.field) for p in problems] == [(2, "latitude")]


# --- identity ----------------------------------------------------------------------------------------------------


def test_ids_deterministic_across_processes():
    code = (
        "import datetime as dt; from conflictdata.schema import Event; "
        "e = Event(event_date=dt.date(2025, 1, 17), event_type='Battles', sub_event_type='Armed clash', "
        "actor1='A', actor2='B', iso=804, country='Ukraine', document_ids=['x', 'y']); "
        "print(e.event_id, e.event_id_cnty)"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": str(seed), "PATH": ""}).stdout
        for seed in (1, 2)
    }  # fmt: skip
    assert len(outputs) == 1
    event_id, cnty = outputs.pop().split()
    assert cnty == f"UKR{int(event_id[:12], 16)}"


@given(events(), st.randoms())
def test_event_id_independent_of_list_order(event, rnd):
    docs = list(event.document_ids)
    rnd.shuffle(docs)
    again = event.replace(document_ids=docs, source_urls=list(reversed(event.source_urls)))
    assert again.event_id == event.event_id
    assert again.event_id_cnty == event.event_id_cnty
    assert compute_event_id(again) == compute_event_id(event)


def test_event_id_changes_with_defining_content():
    base = make()
    assert make(actor1=base.actor2, actor2=base.actor1, inter1="Civilians", inter2="External/Other forces").event_id == base.event_id
    for changes in ({"event_date": dt.date(2025, 1, 18)}, {"location": "Izium"}, {"document_ids": ["doc-3"]},
                    {"event_type": "Battles", "sub_event_type": "Armed clash"}):  # fmt: skip
        assert make(**changes).event_id != base.event_id
    assert make(notes="other words").event_id == base.event_id


def test_given_ids_are_kept_and_odd_ids_still_give_event_id_cnty():
    event = make(event_id="not-a-hex-id")
    assert event.event_id == "not-a-hex-id"
    assert event.event_id_cnty.startswith("UKR") and event.event_id_cnty[3:].isdigit()
    assert make(iso=None).event_id_cnty.startswith("XXX")
    assert make(event_id_cnty="UKR202984").event_id_cnty == "UKR202984"


def test_replace_recomputes_derived_fields():
    event = make()
    moved = event.replace(event_date=dt.date(2024, 12, 31), inter2="", actor2="")
    assert moved.year == 2024
    assert moved.interaction == "External/Other forces only"
    assert moved.event_id != event.event_id


def test_record_round_trip_and_unknown_keys_ignored():
    event = make(evidence=["Satz eins.", "Satz zwei."])
    record = event.to_record()
    assert record["evidence"] == ["Satz eins.", "Satz zwei."]
    assert Event.from_record({**record, "geometry": b"\x01"}) == event
    assert attrs.evolve(event) == event


def _raw_event(base: Event, field: str, value) -> Event:
    """``base`` with one field set to ``value`` as is: no converters, no validation."""
    raw = object.__new__(Event)
    for name in COLUMNS:
        object.__setattr__(raw, name, value if name == field else getattr(base, name))
    return raw


ODD_VALUES = (st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.dates() | st.datetimes()
              | st.lists(st.text() | st.integers(), max_size=3).map(tuple) | st.just("\ud800") | st.just(2**40))


@given(events(), st.sampled_from(COLUMNS), ODD_VALUES)
def test_bulk_type_check_agrees_with_the_field_by_field_rules(event, field, value):
    """_validate's fast path (_types_ok, all fields at once) reports exactly what the per-field rules report."""
    import conflictdata.schema as schema

    raw = _raw_event(event, field, value)
    fast = schema._validate(raw)
    real = schema._types_ok
    try:
        schema._types_ok = lambda _event: False
        slow = schema._validate(raw)
    finally:
        schema._types_ok = real
    assert fast == slow
    if schema._types_ok(raw):
        assert not [e for e in slow if e.field == field and e.reason.startswith("expected")]  # no type error


def test_to_record_has_every_column_with_lists():
    event = make(document_ids=("b", "a"), evidence=("x",))
    record = event.to_record()
    assert list(record) == list(COLUMNS)
    assert record["document_ids"] == ["a", "b"] and record["evidence"] == ["x"]
    assert record == {k: (list(v) if isinstance(v, tuple) else v) for k, v in attrs.asdict(event).items()}
