"""conflictdata.normalize.dates: the phrase table, ACLED precision, publication-relative resolution, totality."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.normalize import DateMention, DateResolution, find_dates, resolve_date

TABLE = Path(__file__).parent / "data" / "phrases_dates.tsv"

MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTHS_AP = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]  # AP style


def _rows():
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['phrase'][:40]}@{r['published']}")
def test_phrase_table(row):
    published = dt.date.fromisoformat(row["published"]) if row["published"] else None
    resolution = resolve_date(row["phrase"], published, row["lang"])
    if row["date"] == "none":
        assert resolution is None
        return
    assert resolution == DateResolution(dt.date.fromisoformat(row["date"]), int(row["precision"]))
    first = find_dates(row["phrase"], published, row["lang"])[0]
    assert first.text == row["text"] == row["phrase"][first.start : first.end]
    assert (first.date, first.time_precision) == tuple(resolution)


def test_table_is_large_enough():
    assert len(_rows()) >= 50


def test_resolution_unpacks_as_a_pair():
    date, precision = resolve_date("am 3. Februar", dt.date(2025, 2, 4), "de")
    assert (date, precision) == (dt.date(2025, 2, 3), 1)


def test_find_dates_in_a_seed_sentence():
    text = (
        "Russland hatte am Samstag erstmals eingeräumt, nordkoreanische Soldaten eingesetzt zu haben; "
        "seit Mitte Januar seien keine Truppen mehr beteiligt, meldete der NIS am 4. Februar 2025."
    )
    found = find_dates(text, dt.date(2025, 2, 5), "de")
    assert [(m.text, m.date, m.time_precision) for m in found] == [
        ("am Samstag", dt.date(2025, 2, 1), 1),
        ("seit Mitte Januar", dt.date(2025, 1, 15), 3),
        ("am 4. Februar 2025", dt.date(2025, 2, 4), 1),
    ]
    assert all(text[m.start : m.end] == m.text for m in found)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        found[0].date = None  # type: ignore[misc]
    assert isinstance(found[0], DateMention)


def test_datetime_publication_is_its_day():
    assert resolve_date("gestern", dt.datetime(2025, 2, 10, 23, 59), "de") == (dt.date(2025, 2, 9), 1)


def test_unknown_language_reads_both():
    published = dt.date(2025, 2, 10)
    assert resolve_date("February 3", published, "und") == (dt.date(2025, 2, 3), 1)
    assert resolve_date("am 3. Februar", published, None) == (dt.date(2025, 2, 3), 1)


# ------------------------------------------------------------------------------------------------ properties

published_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))
days = st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31))

RELATIVE = [
    ("heute", "de"), ("gestern", "de"), ("vorgestern", "de"), ("in der Nacht", "de"), ("in der Nacht zum Sonntag", "de"),
    ("am Montag", "de"), ("Dienstagabend", "de"), ("am vergangenen Mittwoch", "de"), ("am Wochenende", "de"),
    ("am vergangenen Wochenende", "de"), ("vergangene Woche", "de"), ("diese Woche", "de"), ("vergangenen Monat", "de"),
    ("in diesem Monat", "de"), ("vergangenen Woche", "de"), ("letzter Woche", "de"), ("im vergangenen Herbst", "de"), ("im Winter", "de"), ("im Sommer", "de"),
    ("diesen Frühling", "de"), ("vor drei Tagen", "de"), ("vor zwei Wochen", "de"),
    ("today", "en"), ("yesterday", "en"), ("last night", "en"), ("on Friday", "en"), ("last Sunday", "en"),
    ("last week", "en"), ("this week", "en"), ("over the weekend", "en"), ("last month", "en"), ("this month", "en"),
    ("last winter", "en"), ("in the spring", "en"), ("two weeks ago", "en"),
]


@st.composite
def yearless(draw):
    """A time expression whose year (or day) comes from the publication date."""
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=31 if month != 2 else 29))
    choice = draw(st.integers(min_value=0, max_value=6))
    if choice == 0:
        return f"am {day}. {MONTHS_DE[month - 1]}", "de"
    if choice == 6:
        return draw(st.sampled_from([f"am {day:02d}.{month:02d}.", f"{day}.{month}."])), "de"
    if choice == 1:
        return f"on {MONTHS_EN[month - 1]} {day}", "en"
    if choice == 2:
        part = draw(st.sampled_from(["Anfang", "Mitte", "Ende"]))
        return f"{part} {MONTHS_DE[month - 1]}", "de"
    if choice == 3:
        return f"im {MONTHS_DE[month - 1]}", "de"
    if choice == 4:
        return f"late {MONTHS_EN[month - 1]}", "en"
    return draw(st.sampled_from(RELATIVE))


@given(yearless(), published_dates)
def test_resolved_dates_are_never_after_publication(expression, published):
    text, lang = expression
    resolution = resolve_date(text, published, lang)
    if resolution is not None:
        assert resolution.date <= published, (text, published, resolution)
        assert resolution.time_precision in (1, 2, 3)
    assert resolve_date(text, None, lang) is None  # relative: no publication date, no date


def _renderings(day: dt.date) -> list[tuple[str, str]]:
    de, en = MONTHS_DE[day.month - 1], MONTHS_EN[day.month - 1]
    return [
        (f"am {day.day}. {de} {day.year}", "de"),
        (f"{day:%d.%m.%Y}", "de"),
        (f"{day.day}.{day.month}.{day.year}", "de"),
        (day.isoformat(), "en"),
        (f"on {en} {day.day}, {day.year}", "en"),
        (f"{day.day} {en} {day.year}", "en"),
        (f"{MONTHS_AP[day.month - 1]} {day.day}, {day.year}", "en"),
        (f"Montag, {day.day}. {de} {day.year}", "de"),
    ]


@given(days, published_dates, published_dates)
def test_absolute_dates_do_not_depend_on_publication(day, published, other):
    for text, lang in _renderings(day):
        expected = DateResolution(day, 1)
        assert resolve_date(text, published, lang) == expected, text
        assert resolve_date(text, other, lang) == expected
        assert resolve_date(text, None, lang) == expected


@given(days, published_dates)
def test_months_with_a_year_are_precision_three(day, published):
    de, en = MONTHS_DE[day.month - 1], MONTHS_EN[day.month - 1]
    last = (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)).day
    cases = [
        (f"im {de} {day.year}", "de", 15),
        (f"Anfang {de} {day.year}", "de", 1),
        (f"Mitte {de} {day.year}", "de", 15),
        (f"Ende {de} {day.year}", "de", last),
        (f"in {en} {day.year}", "en", 15),
        (f"early {en} {day.year}", "en", 1),
        (f"late {en} {day.year}", "en", last),
    ]
    for text, lang, expected_day in cases:
        assert resolve_date(text, published, lang) == (day.replace(day=expected_day), 3), text


@given(st.text(), st.one_of(st.none(), published_dates), st.sampled_from(["de", "en", "und", None]))
def test_no_function_raises_on_arbitrary_text(text, published, lang):
    found = find_dates(text, published, lang)
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.time_precision in (1, 2, 3)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    resolve_date(text, published, lang)


@given(
    st.text(alphabet="0123456789./-, amMärzFebruarMontagNachtzumseitMitteAnfangEndeWocheim", max_size=40),
    st.one_of(st.none(), published_dates),
)
def test_no_crash_on_date_like_noise(text, published):
    for m in find_dates(text, published, "de"):
        assert text[m.start : m.end] == m.text


def test_odd_inputs_are_no_value():
    assert find_dates(None, None, "de") == []  # type: ignore[arg-type]
    assert resolve_date("gestern", "2025-02-10", "de") is None  # type: ignore[arg-type]
    assert resolve_date("am 31. Dezember", dt.date(1900, 1, 1), "de") is None  # would be 1899
    assert resolve_date("am 29. Februar", dt.date(2025, 2, 10), "de") == (dt.date(2024, 2, 29), 1)


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31), published_dates)
def test_day_and_month_without_a_year_is_the_latest_such_day(month, day, published):
    resolution = resolve_date(f"am {day:02d}.{month:02d}.", published, "de")
    try:
        dt.date(2000, month, day)
    except ValueError:
        assert resolution is None  # 31.04. is no day
        return
    if resolution is None:  # only a leap day with no leap year in reach
        assert (month, day) == (2, 29)
        return
    found, precision = resolution
    assert precision == 1 and (found.month, found.day) == (month, day) and found <= published
    assert found.replace(year=found.year + 1) > published if (month, day) != (2, 29) else found.year % 4 == 0


def test_day_and_month_without_a_year_is_german_only():
    published = dt.date(2025, 2, 10)
    assert resolve_date("03.02.", published, "de") == (dt.date(2025, 2, 3), 1)
    assert resolve_date("03.02.", published, "en") is None
    assert resolve_date("03.02.2024", published, "en") == (dt.date(2024, 2, 3), 1)
    assert find_dates("Version 1.2.3", published, "de") == []
