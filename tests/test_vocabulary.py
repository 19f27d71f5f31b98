from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.vocabulary import Vocabulary, get_vocabulary

V = get_vocabulary()
LABELS = list(V.actor_type_codes)


def test_loaded_once_and_frozen():
    assert get_vocabulary() is V
    assert isinstance(V, Vocabulary)


def test_event_types_in_acled_hierarchy_order():
    assert V.event_types == (
        "Battles",
        "Protests",
        "Riots",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    )
    assert V.event_type_rank("Battles") == 0
    assert V.event_type_rank("Strategic developments") == 5


def test_25_sub_event_types_each_under_one_event_type():
    assert len(V.sub_event_types) == 25
    assert V.sub_event_types["Armed clash"] == "Battles"
    assert V.sub_event_types["Shelling/artillery/missile attack"] == "Explosions/Remote violence"
    assert V.sub_event_types_of("Riots") == ("Violent demonstration", "Mob violence")
    assert sum(len(V.sub_event_types_of(e)) for e in V.event_types) == 25


def test_disorder_types():
    assert V.disorder_of_sub_event["Excessive force against protesters"] == "Political violence; Demonstrations"
    assert V.disorder_of_sub_event["Peaceful protest"] == "Demonstrations"
    assert V.disorder_of_sub_event["Arrests"] == "Strategic developments"
    assert set(V.disorder_of_sub_event.values()) == set(V.disorder_types)


def test_actor_types_codes_1_to_8():
    assert V.actor_type_codes == {
        "State forces": 1,
        "Rebel group": 2,
        "Political militia": 3,
        "Identity militia": 4,
        "Rioters": 5,
        "Protesters": 6,
        "Civilians": 7,
        "External/Other forces": 8,
    }
    assert V.actor_type_labels[8] == "External/Other forces"


@pytest.mark.parametrize(
    "inter1, inter2, expected",
    [
        ("State forces", "External/Other forces", ("State forces-External/Other forces", 18)),
        ("External/Other forces", "State forces", ("State forces-External/Other forces", 18)),
        ("External/Other forces", "", ("External/Other forces only", 80)),
        ("", "External/Other forces", ("External/Other forces only", 80)),
        ("External/Other forces", "Civilians", ("External/Other forces-Civilians", 78)),
        ("Civilians", "External/Other forces", ("External/Other forces-Civilians", 78)),
        ("Civilians", "Civilians", ("Civilians-Civilians", 77)),
        ("Rebel group", "Political militia", ("Rebel group-Political militia", 23)),
        (1, 8, ("State forces-External/Other forces", 18)),
        ("8", "0", ("External/Other forces only", 80)),
        ("", "", ("", 0)),
        (None, None, ("", 0)),
    ],
)
def test_interaction_text_and_code(inter1, inter2, expected):
    assert V.interaction(inter1, inter2) == expected


@given(st.sampled_from(["", *LABELS]), st.sampled_from(["", *LABELS]))
def test_interaction_independent_of_order_and_codes_match_text(a, b):
    text, code = V.interaction(a, b)
    assert V.interaction(b, a) == (text, code)
    assert V.interaction(V.actor_type_codes.get(a, 0), V.actor_type_codes.get(b, 0)) == (text, code)
    if code:
        assert V.interaction_from_code(code) == text
        first, second = divmod(code, 10)
        assert first <= second or second == 0


@pytest.mark.parametrize("bad", ["Army", "9", 9, "State Forces"])
def test_unknown_actor_type_raises(bad):
    with pytest.raises(ValueError):
        V.interaction(bad, "")


def test_actor_type_label_and_interaction_from_code():
    assert V.actor_type_label(3) == "Political militia"
    assert V.actor_type_label("3") == "Political militia"
    assert V.actor_type_label("Protesters") == "Protesters"
    assert V.actor_type_label(0) == ""
    assert V.interaction_from_code("18") == "State forces-External/Other forces"
    assert V.interaction_from_code(60) == "Protesters only"
    assert V.interaction_from_code(0) == ""


def test_precision_and_other_vocabularies():
    assert sorted(V.time_precision) == [1, 2, 3]
    assert sorted(V.geo_precision) == [1, 2, 3]
    assert V.civilian_targeting == ("Civilian targeting", "")
    assert "National" in V.source_scale and "" in V.source_scale
