"""Tests for conflictdata.merge: ACLED's one event per day, place, type and actor pair."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.merge import merge_events, merge_key, reports_fatalities, same_incident
from conflictdata.schema import Event
from strategies import events as any_events

RUSSIA = "Military Forces of Russia (2000-)"
UKRAINE = "Military Forces of Ukraine (2019-)"
CIVILIANS = "Civilians (Ukraine)"
INTER = {RUSSIA: "External/Other forces", UKRAINE: "State forces", CIVILIANS: "Civilians", "": ""}
DAY = dt.date(2025, 2, 4)  # a Tuesday
KHARKIV = dict(country="Ukraine", iso=804, admin1="Kharkiv", location="Kharkiv", latitude=49.9935, longitude=36.2304, geonames_id=706483)
SUMY = dict(country="Ukraine", iso=804, admin1="Sumy", location="Sumy", latitude=50.9077, longitude=34.7981, geonames_id=692194)
STRIKE = ("Explosions/Remote violence", "Air/drone strike")
SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
CLASH = ("Battles", "Armed clash")
INTERCEPTION = ("Strategic developments", "Disrupted weapons use")


def event(
    kind: tuple[str, str] = STRIKE,
    actors: tuple[str, str] = (RUSSIA, CIVILIANS),
    place: dict | None = None,
    day: dt.date | None = DAY,
    **fields,
) -> Event:
    actor1, actor2 = actors
    base = dict(
        event_date=day, event_type=kind[0], sub_event_type=kind[1],
        actor1=actor1, inter1=INTER[actor1], actor2=actor2, inter2=INTER[actor2],
        document_ids=["doc-a"], source="dpa", evidence=["Sentence A."], confidence=0.6,
        **(KHARKIV if place is None else place),
    )
    base.update(fields)
    return Event(**base)


def test_two_reports_of_one_strike_become_one_event_with_all_sources() -> None:
    a = event(fatalities=14, injured=17, document_ids=["doc-a"], source="dpa", source_urls=["https://a"], evidence=["In Charkiw wurden 14 Tote gemeldet."])
    b = event(fatalities=12, injured=20, document_ids=["doc-b"], source="Reuters; AP", source_urls=["https://b"], evidence=["Twelve people were killed in Kharkiv."], confidence=0.8)
    [merged] = merge_events([a, b])
    assert merged.document_ids == ("doc-a", "doc-b")
    assert merged.source_urls == ("https://a", "https://b")
    assert merged.source == "AP; dpa; Reuters"
    assert set(merged.evidence) == {"In Charkiw wurden 14 Tote gemeldet.", "Twelve people were killed in Kharkiv."}
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (12, 12, 14)
    assert merged.injured == 17
    assert merged.confidence == 0.8
    assert merged.event_id not in (a.event_id, b.event_id)
    assert merged.event_id == merged.replace().event_id  # ids are those of the merged content
    assert "[Fatality reports range from 12 to 14; the lowest is coded.]" in merged.notes


def test_a_report_without_a_figure_does_not_wipe_out_a_count() -> None:
    silent = event(document_ids=["doc-a"])  # fatalities 0, no low/high: no figure reported
    counted = event(fatalities=5, document_ids=["doc-b"])
    assert not reports_fatalities(silent) and reports_fatalities(counted)
    [merged] = merge_events([silent, counted])
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (5, 5, 5)
    [none] = merge_events([silent, event(document_ids=["doc-b"])])
    assert (none.fatalities, none.fatalities_low, none.fatalities_high, none.injured) == (0, None, None, None)


def test_an_explicit_zero_is_a_report_and_the_lowest_wins() -> None:
    nobody = event(fatalities=0, fatalities_low=0, fatalities_high=0, document_ids=["doc-a"])
    assert reports_fatalities(nobody)
    [merged] = merge_events([nobody, event(fatalities=5, document_ids=["doc-b"])])
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (0, 0, 5)


def test_ranges_within_reports_are_kept() -> None:
    a = event(fatalities=3, fatalities_low=3, fatalities_high=5, document_ids=["doc-a"])
    b = event(fatalities=4, fatalities_high=9, document_ids=["doc-b"])
    [merged] = merge_events([a, b])
    assert (merged.fatalities, merged.fatalities_low, merged.fatalities_high) == (3, 3, 9)


def test_blank_actor_merges_into_the_report_that_names_it() -> None:
    blank = event(actors=("", CIVILIANS), document_ids=["doc-a"], assoc_actor_2="Health workers (Ukraine)")
    named = event(actors=(RUSSIA, CIVILIANS), document_ids=["doc-b"])
    nobody = event(actors=("", ""), document_ids=["doc-c"])
    [merged] = merge_events([blank, named, nobody])
    assert (merged.actor1, merged.inter1, merged.actor2, merged.inter2) == (RUSSIA, "External/Other forces", CIVILIANS, "Civilians")
    assert merged.interaction == "External/Other forces-Civilians"
    assert merged.assoc_actor_2 == "Health workers (Ukraine)"
    assert merged.document_ids == ("doc-a", "doc-b", "doc-c")


def test_different_actor_pairs_stay_apart_and_order_does_not_matter() -> None:
    on_civilians = event(kind=SHELLING, actors=(RUSSIA, CIVILIANS))
    on_troops = event(kind=SHELLING, actors=(RUSSIA, UKRAINE), document_ids=["doc-b"])
    assert len(merge_events([on_civilians, on_troops])) == 2
    clash = event(kind=CLASH, actors=(RUSSIA, UKRAINE))
    reversed_clash = event(kind=CLASH, actors=(UKRAINE, RUSSIA), document_ids=["doc-b"])
    [merged] = merge_events([clash, reversed_clash])
    assert {merged.actor1, merged.actor2} == {RUSSIA, UKRAINE}


def test_a_partial_report_joins_one_incident_when_two_could_take_it() -> None:
    partial = event(kind=SHELLING, actors=(RUSSIA, ""), document_ids=["doc-c"])
    on_civilians = event(kind=SHELLING, actors=(RUSSIA, CIVILIANS))
    on_troops = event(kind=SHELLING, actors=(RUSSIA, UKRAINE), document_ids=["doc-b"])
    merged = merge_events([partial, on_civilians, on_troops])
    assert len(merged) == 2
    assert sorted(len(e.document_ids) for e in merged) == [1, 2]


def test_air_strike_outranks_shelling_within_remote_violence() -> None:
    [merged] = merge_events([event(kind=SHELLING, document_ids=["doc-a"]), event(kind=STRIKE, document_ids=["doc-b"])])
    assert (merged.event_type, merged.sub_event_type) == STRIKE


def test_battle_with_artillery_between_the_same_forces_is_one_battle() -> None:
    shelling = event(kind=SHELLING, actors=(RUSSIA, UKRAINE), fatalities=2, document_ids=["doc-a"])
    clash = event(kind=CLASH, actors=(UKRAINE, RUSSIA), document_ids=["doc-b"])
    [merged] = merge_events([shelling, clash])
    assert (merged.event_type, merged.sub_event_type, merged.disorder_type) == ("Battles", "Armed clash", "Political violence")
    assert merged.fatalities == 2
    territory = event(kind=("Battles", "Non-state actor overtakes territory"), actors=(RUSSIA, UKRAINE), document_ids=["doc-c"])
    [merged] = merge_events([shelling, clash, territory])
    assert merged.sub_event_type == "Non-state actor overtakes territory"


def test_remote_violence_with_one_actor_does_not_become_a_battle() -> None:
    strike = event(kind=STRIKE, actors=(RUSSIA, ""))
    clash = event(kind=CLASH, actors=(RUSSIA, UKRAINE), document_ids=["doc-b"])
    assert len(merge_events([strike, clash])) == 2


def test_interceptions_and_different_strategic_developments_stay_apart() -> None:
    strike = event(kind=STRIKE, actors=(RUSSIA, ""))
    interception = event(kind=INTERCEPTION, actors=(UKRAINE, RUSSIA))
    arrest = event(kind=("Strategic developments", "Arrests"), actors=(UKRAINE, ""))
    agreement = event(kind=("Strategic developments", "Agreement"), actors=(UKRAINE, ""))
    assert len(merge_events([strike, interception, arrest, agreement])) == 4


def test_exact_dates_must_agree() -> None:
    assert len(merge_events([event(), event(day=DAY + dt.timedelta(days=1), document_ids=["doc-b"])])) == 2


def test_week_precision_merges_within_the_iso_week_for_reports_of_one_article() -> None:
    exact = event(day=DAY, document_ids=["doc-a"])  # Tuesday
    weekly = event(day=DAY + dt.timedelta(days=2), time_precision=2, document_ids=["doc-a"])  # Thursday, same week
    next_week = event(day=DAY + dt.timedelta(days=7), time_precision=2, document_ids=["doc-a"])
    merged = merge_events([weekly, exact, next_week])
    assert len(merged) == 2
    assert (merged[0].event_date, merged[0].time_precision, merged[0].document_ids) == (DAY, 1, ("doc-a",))


def test_reports_from_different_articles_need_the_same_coded_day() -> None:
    exact = event(day=DAY, document_ids=["doc-a"])
    weekly = event(day=DAY + dt.timedelta(days=2), time_precision=2, document_ids=["doc-b"])
    same_day = event(day=DAY, time_precision=2, document_ids=["doc-c"])
    merged = merge_events([weekly, exact, same_day])
    assert sorted(e.document_ids for e in merged) == [("doc-a", "doc-c"), ("doc-b",)]


def test_month_precision_merges_into_one_day_only() -> None:
    monthly = event(day=dt.date(2025, 2, 15), time_precision=3, document_ids=["doc-a"])
    first = event(day=dt.date(2025, 2, 3), document_ids=["doc-a"])
    second = event(day=dt.date(2025, 2, 20), document_ids=["doc-a"], evidence=["Sentence B."])
    merged = merge_events([monthly, first, second])
    assert [e.event_date for e in merged] == [dt.date(2025, 2, 3), dt.date(2025, 2, 20)]
    assert len(merge_events([monthly, event(day=dt.date(2025, 3, 1), document_ids=["doc-a"])])) == 2


def test_undated_merges_only_with_undated_of_the_same_article() -> None:
    a = event(day=None, document_ids=["doc-a"], tags="undated")
    a2 = event(day=None, document_ids=["doc-a"], tags="undated", evidence=["Sentence B."])
    b = event(day=None, document_ids=["doc-b"], tags="undated")
    merged = merge_events([a, a2, b, event(document_ids=["doc-c"])])
    assert sorted(e.document_ids for e in merged) == [("doc-a",), ("doc-b",), ("doc-c",)]
    assert all(e.tags == "undated" for e in merged if e.event_date is None)


def test_places_by_geonames_id_then_name_then_distance() -> None:
    kyiv_spelling = event(place={**KHARKIV, "location": "Charkiw"}, document_ids=["doc-b"])
    assert len(merge_events([event(), kyiv_spelling])) == 1  # same GeoNames id
    other_id = event(place={**KHARKIV, "geonames_id": 706482}, document_ids=["doc-b"])
    assert len(merge_events([event(), other_id])) == 2  # two GeoNames places of one name
    no_id = event(place={**KHARKIV, "geonames_id": None}, document_ids=["doc-b"])
    assert len(merge_events([event(), no_id])) == 1  # same name, country and admin1
    unnamed = {**KHARKIV, "location": "", "geonames_id": None}
    near = event(place={**unnamed, "latitude": 50.0015}, document_ids=["doc-c"])  # 0.9 km north
    far = event(place={**unnamed, "latitude": 50.0115}, document_ids=["doc-d"])  # 2 km north
    merged = merge_events([event(), near, far])
    assert sorted(e.document_ids for e in merged) == [("doc-a", "doc-c"), ("doc-d",)]
    assert len(merge_events([event(), event(place=SUMY, document_ids=["doc-b"])])) == 2


def test_best_precisions_win_with_their_coupled_fields() -> None:
    region = {**KHARKIV, "geonames_id": None, "geo_precision": 3}
    vague = event(place=region, day=DAY + dt.timedelta(days=1), time_precision=2, document_ids=["doc-a"], confidence=0.9)
    exact = event(place={**KHARKIV, "latitude": 49.99, "longitude": 36.23}, geo_precision=1, document_ids=["doc-a"], confidence=0.4)
    [merged] = merge_events([vague, exact])
    assert (merged.event_date, merged.time_precision, merged.year) == (DAY, 1, 2025)
    assert (merged.geo_precision, merged.latitude, merged.geonames_id) == (1, 49.99, 706483)
    assert merged.confidence == 0.9


def test_tags_civilian_targeting_and_languages() -> None:
    a = event(tags="crowd size=no report; undated-source", civilian_targeting="Civilian targeting", language="de")
    b = event(tags="aggregate", document_ids=["doc-b"], language="en")
    [merged] = merge_events([a, b])
    assert merged.tags == "aggregate; crowd size=no report; undated-source"
    assert merged.civilian_targeting == "Civilian targeting"
    assert merged.language in ("de", "en")


def test_unmerged_events_come_back_unchanged() -> None:
    alone = event(event_id="acled-1", event_id_cnty="UKR202984", source="b; a")
    assert merge_events([alone]) == [alone]
    assert merge_events([]) == []


def test_merge_key_partitions_by_country_admin1_and_month() -> None:
    assert merge_key(event()) == ("ukraine", "kharkiv", "2025-02")
    assert merge_key(event(day=None)) == ("ukraine", "kharkiv", "undated")
    assert same_incident(event(), event(document_ids=["doc-b"]))
    assert not same_incident(event(), event(place=SUMY))


# --- properties ---------------------------------------------------------------------------------------------

_PLACES = (
    KHARKIV,
    {**KHARKIV, "geonames_id": None},
    {**KHARKIV, "location": "", "geonames_id": None, "latitude": 49.998},
    {**KHARKIV, "geonames_id": None, "location": "Kharkiv Oblast", "geo_precision": 3},
    SUMY,
)
_KINDS = (STRIKE, SHELLING, CLASH, INTERCEPTION, ("Strategic developments", "Arrests"))
_ACTOR_PAIRS = ((RUSSIA, CIVILIANS), (RUSSIA, ""), ("", CIVILIANS), (RUSSIA, UKRAINE), (UKRAINE, RUSSIA), ("", ""))


@st.composite
def colliding_events(draw) -> Event:
    """Events from a small world of places, days, types and actors, so that many of them describe one incident."""
    fatalities = draw(st.none() | st.integers(0, 30))
    return event(
        kind=draw(st.sampled_from(_KINDS)),
        actors=draw(st.sampled_from(_ACTOR_PAIRS)),
        place=draw(st.sampled_from(_PLACES)),
        day=draw(st.sampled_from((None, DAY, DAY + dt.timedelta(days=1), dt.date(2025, 3, 1)))),
        time_precision=draw(st.sampled_from((1, 2, 3))),
        fatalities=fatalities or 0,
        fatalities_high=None if fatalities is None else fatalities + draw(st.integers(0, 3)),
        injured=draw(st.none() | st.integers(0, 50)),
        document_ids=[draw(st.sampled_from(("doc-a", "doc-b", "doc-c")))],
        source=draw(st.sampled_from(("dpa", "Reuters", "AP; dpa"))),
        evidence=[draw(st.sampled_from(("One.", "Two.", "Three.")))],
        confidence=draw(st.sampled_from((0.3, 0.6, 0.9))),
        tags=draw(st.sampled_from(("", "aggregate"))),
    )


def _ids(events: list[Event]) -> list[str]:
    return [e.event_id for e in events]


@given(st.lists(colliding_events(), max_size=14), st.randoms(use_true_random=False))
def test_merging_is_deterministic_whatever_the_input_order(events: list[Event], random) -> None:
    shuffled = list(events)
    random.shuffle(shuffled)
    first, second = merge_events(events), merge_events(shuffled)
    assert first == second
    assert _ids(first) == _ids(second)


@given(st.lists(any_events(), max_size=8), st.randoms(use_true_random=False))
def test_merging_any_valid_events_is_total_and_order_free(events: list[Event], random) -> None:
    shuffled = list(events)
    random.shuffle(shuffled)
    merged = merge_events(events)
    assert merged == merge_events(shuffled)
    assert len(merged) <= len(events)
    assert merge_events(merged) == merged


@given(st.lists(colliding_events(), max_size=14))
def test_merged_events_keep_every_document_and_the_lowest_reported_count(events: list[Event]) -> None:
    events = [e.replace(evidence=[f"Sentence {i}."]) for i, e in enumerate(events)]  # evidence marks members
    merged = merge_events(events)
    assert merge_events(merged) == merged  # idempotent
    assert sorted(s for e in merged for s in e.evidence) == sorted(s for e in events for s in e.evidence)
    assert {d for e in merged for d in e.document_ids} == {d for e in events for d in e.document_ids}
    for out in merged:
        members = [e for e in events if e.evidence[0] in out.evidence]
        assert all(same_incident(e, out) or len(members) == 1 for e in members) or out.event_type == "Battles"
        injured = [e.injured for e in members if e.injured is not None]
        assert out.injured == (min(injured) if injured else None)
        counts = [e.fatalities for e in members if reports_fatalities(e)]
        if not counts:
            assert (out.fatalities, out.fatalities_high) == (0, None)
        else:
            assert out.fatalities <= min(counts)
            assert out.fatalities_high is not None and out.fatalities_high >= max(counts)


@given(st.lists(colliding_events(), max_size=14))
def test_merging_partitions_separately_gives_the_same_events(events: list[Event]) -> None:
    partitions: dict[tuple[str, str, str], list[Event]] = defaultdict(list)
    for e in events:
        partitions[merge_key(e)].append(e)
    separately = [m for part in partitions.values() for m in merge_events(part)]
    assert sorted(_ids(separately)) == sorted(_ids(merge_events(events)))


@pytest.mark.parametrize("n", [2, 50])
def test_many_copies_of_one_report_merge_into_one(n: int) -> None:
    copies = [event(document_ids=[f"doc-{i:03d}"], fatalities=10 + i % 7) for i in range(n)]
    [merged] = merge_events(copies)
    assert len(merged.document_ids) == n
    assert merged.fatalities == 10
