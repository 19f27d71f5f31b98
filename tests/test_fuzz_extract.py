"""Fuzzing ``extract_events``: any text, near-miss numbers and dates, absurd death tolls and thousands of place
names never raise; work grows linearly with the input; implausible death tolls stay out of ``fatalities``.

The linear-time test is NOT a timed test: it counts how often each line of the pipeline runs on an input and on
one 4 times as large (sys.settrace), so a quadratic loop shows on its own line even where the rest of the work
hides it. Timings proper live in benchmarks/.
"""
from __future__ import annotations

import datetime as dt
import random
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import conflictdata
from conflictdata.extract import ExtractStats, extract_corpus, extract_events
from conflictdata.schema import Event

PUBLISHED = dt.date(2025, 3, 5)
IMPLAUSIBLE = 100_000  # more deaths than this in one event is implausible (issue 7)

# place names in German and English spellings, as articles write them (some ambiguous, some regions)
PLACES = (
    "Charkiw", "Kharkiv", "Odessa", "Odesa", "Kiew", "Kyiv", "Lwiw", "Lviv", "Cherson", "Kherson", "Sumy",
    "Dnipro", "Saporischschja", "Zaporizhzhia", "Mykolajiw", "Poltawa", "Pokrowsk", "Pokrovsk", "Bachmut",
    "Tschassiw Jar", "Kramatorsk", "Slowjansk", "Donezk", "Luhansk", "Belgorod", "Kursk", "Moskau", "Moscow",
    "Brjansk", "Krim", "Crimea", "Sewastopol", "Tschernihiw", "Isjum", "Kupjansk", "Awdijiwka", "Berlin",
    "Paris", "Springfield", "Mitte", "Front",
)
TEMPLATES = {
    "de": (
        "Bei einem russischen Raketenangriff auf {place} wurden am {date} {number} Menschen getötet.",
        "{number} Tote nach Drohnenangriff auf {place} am {date}",
        "Die ukrainische Armee meldete {number} gefallene Soldaten bei Kämpfen um {place}.",
        "Am {date} griffen russische Truppen {place} an; es gab {number} Tote und {number} Verletzte.",
    ),
    "en": (
        "A Russian missile strike on {place} killed {number} people on {date}, officials said.",
        "{number} dead after drone attack on {place} on {date}",
        "Ukrainian forces clashed with Russian troops near {place}, leaving {number} soldiers dead.",
        "On {date}, Russian shelling of {place} killed {number} and injured {number}.",
    ),
}

unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


def _extract(text: str, lang: str | None = None, published=PUBLISHED) -> list[Event]:
    events = extract_events(text, published=published, lang=lang)
    assert isinstance(events, list) and all(isinstance(e, Event) for e in events)
    return events


# --- any text --------------------------------------------------------------------------------------------------


@given(unicode_text, st.sampled_from([None, "de", "en"]))
@example("\x00\ufeff\u202e Angriff auf Charkiw \U0001F4A5 3 Tote", None)
@example("Angriff" * 200, "de")
@example("\n" * 500 + "killed", "en")
def test_any_unicode_text_never_raises(text, lang):
    _extract(text, lang)


@given(st.lists(st.one_of(unicode_text, st.sampled_from(PLACES), st.sampled_from(
    ["Angriff", "getötet", "Tote", "killed", "strike", "shelled", "Raketen", "am Montag", "on Monday", ".", "\n\n",
     "russische", "Russian", "Truppen", "troops", "Verletzte", "injured", "nicht", "not"])), max_size=40),
       st.sampled_from([None, "de", "en"]), st.one_of(st.none(), st.dates()))
def test_any_mix_of_conflict_words_never_raises(parts, lang, published):
    _extract(" ".join(parts), lang, published)


# --- near-miss numbers and dates -------------------------------------------------------------------------------


def _grouped(digits: str, sep: str, every: int) -> str:
    head = len(digits) % every or every
    return sep.join([digits[:head]] + [digits[i:i + every] for i in range(head, len(digits), every)])


@st.composite
def near_miss_numbers(draw) -> str:
    """Numbers as news text writes them, and as it nearly writes them."""
    value = draw(st.one_of(st.integers(0, 200), st.integers(0, 10**18), st.just(999_999_999_999_999)))
    digits = str(value)
    kind = draw(st.sampled_from(["plain", "grouped", "misgrouped", "decimal", "signed", "exponent", "unicode",
                                 "range", "word", "long"]))
    if kind == "grouped":
        return _grouped(digits, draw(st.sampled_from([".", ",", " ", "\u202f", "'", "\u00a0"])), 3)
    if kind == "misgrouped":
        return _grouped(digits, draw(st.sampled_from([".", ","])), draw(st.integers(1, 4)))
    if kind == "decimal":
        return f"{digits}{draw(st.sampled_from(['.', ',']))}{draw(st.integers(0, 999))}"
    if kind == "signed":
        return draw(st.sampled_from(["-", "+", "−", "±", "~", "ca. ", "über ", "more than "])) + digits
    if kind == "exponent":
        return f"{digits}{draw(st.sampled_from(['e', 'E', '^', '**', 'x10^']))}{draw(st.integers(-400, 400))}"
    if kind == "unicode":  # other scripts' digits: Arabic-Indic, Devanagari, full-width
        zero = draw(st.sampled_from([0x660, 0x966, 0xFF10]))
        return "".join(chr(zero + int(d)) for d in digits)
    if kind == "range":
        return f"{digits}{draw(st.sampled_from(['-', '–', ' bis ', ' to ', '/']))}{draw(st.integers(0, 10**16))}"
    if kind == "word":
        return draw(st.sampled_from([
            "zwei Millionen Milliarden", "zehn Milliarden Billionen", "a hundred thousand million billion",
            "Hunderttausende", "hunderte", "Dutzende", "dozens", "thousands", "1,5 Millionen", "1.5 Mio.",
            "eine Million", "one billion", "zig", "unzählige", "null", "zero", "keine", "none",
        ]))
    if kind == "long":
        return "9" * draw(st.integers(16, 5000))
    return digits


@st.composite
def near_miss_dates(draw) -> str:
    day, month, year = draw(st.integers(-1, 40)), draw(st.integers(-1, 14)), draw(st.integers(0, 20000))
    return draw(st.sampled_from([
        f"{day}.{month}.{year}", f"{day:02d}.{month:02d}.{year:04d}", f"{year}-{month:02d}-{day:02d}",
        f"{month}/{day}/{year}", f"{day}. März {year}", f"{day} March {year}", f"Montag, {day}. April",
        f"vor {year * 10**6} Tagen", f"{year * 10**6} days ago", f"in {year} Jahren", "31. Februar",
        "29 February 2023", "gestern vorgestern", "Montag", "last Monday", "Sonntagnacht", "Silvester",
        "Q5 2025", "KW 54",
    ]))


@given(st.sampled_from(["de", "en"]), st.data())
def test_near_miss_numbers_and_dates_never_raise(lang, data):
    template = data.draw(st.sampled_from(TEMPLATES[lang]))
    text = template.format(place=data.draw(st.sampled_from(PLACES)), date=data.draw(near_miss_dates()),
                           number=data.draw(near_miss_numbers()))
    _extract(text, data.draw(st.sampled_from([None, lang])))


# --- implausible death tolls ----------------------------------------------------------------------------------

ABSURD = [
    "Bei einem Angriff auf Charkiw am Montag gab es 999999999999999 Tote.",
    "Bei einem Raketenangriff auf Charkiw wurden am Montag 1.000.000.000.000 Menschen getötet.",
    "Bei einem Angriff auf Charkiw wurden zehn Milliarden Billionen Menschen getötet.",
    "A Russian missile strike on Kharkiv killed 2147483648 people on Monday.",
    "A Russian missile strike on Kharkiv killed 250000 people on Monday.",
    "A Russian missile strike on Kharkiv killed " + "9" * 5000 + " people on Monday.",
]


@pytest.mark.parametrize("text", ABSURD, ids=["999999999999999 Tote", "1e12 de", "Billionen", "int32+1", "250000",
                                              "5000 digits"])
def test_absurd_death_toll_never_raises_and_stays_out_of_fatalities(text):
    events = _extract(text)
    assert events, "the attack itself is still an event"
    for event in events:
        assert event.fatalities <= IMPLAUSIBLE
        assert event.fatalities_low is None or event.fatalities_low <= IMPLAUSIBLE
        assert event.fatalities_high is None or event.fatalities_high <= IMPLAUSIBLE


def test_plausible_large_toll_is_kept():
    (event,) = _extract("A Russian missile strike on Kharkiv killed 99,999 people on Monday.")
    assert event.fatalities == 99_999


def test_implausible_toll_is_flagged_in_the_run_summary(tmp_path):
    (tmp_path / "a.txt").write_text(ABSURD[0] + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Bei einem Raketenangriff auf Odessa wurden am Montag 3 Menschen getötet.\n",
                                    encoding="utf-8")
    stats = ExtractStats()
    events = list(extract_corpus([tmp_path], published=PUBLISHED, stats=stats))
    assert max(e.fatalities for e in events) == 3
    flagged = getattr(stats, "implausible", [])
    assert len(flagged) == 1 and "999999999999999" in str(flagged[0])
    assert str(flagged[0]).startswith(f"{tmp_path / 'a.txt'}: ")  # worded like a problem: file: reason


def test_confirmed_large_toll_is_kept():
    """An analyst who confirms a figure raises the limit (``max_fatalities``)."""
    text = "A Russian missile strike on Kharkiv killed 250000 people on Monday."
    (event,) = extract_events(text, published=PUBLISHED, max_fatalities=300_000)
    assert event.fatalities == 250_000


@given(st.sampled_from(["de", "en"]), st.data())
def test_fatalities_never_exceed_the_plausible_limit(lang, data):
    template = data.draw(st.sampled_from(TEMPLATES[lang]))
    text = template.format(place=data.draw(st.sampled_from(PLACES)), date="Montag" if lang == "de" else "Monday",
                           number=data.draw(near_miss_numbers()))
    for event in _extract(text, lang):
        assert event.fatalities <= IMPLAUSIBLE


# --- thousands of place names ---------------------------------------------------------------------------------


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.integers(1000, 3000), st.sampled_from(["de", "en"]))
def test_thousands_of_place_names_in_one_sentence_never_raise(seed, count, lang):
    rng = random.Random(seed)
    names = [rng.choice(PLACES) for _ in range(count)]
    sep = rng.choice([", ", " und ", " and ", " ", "/", ","])
    head = rng.choice(["Raketenangriffe auf ", "Russian strikes hit ", "Kämpfe bei ", ""])
    text = head + sep.join(names) + rng.choice([": 5 Tote.", ", killing 5.", "", "."])
    events = _extract(text, lang)
    assert len(events) <= len(set(names))  # at most one event per place


# --- linear work ----------------------------------------------------------------------------------------------
# NOT timed tests: they compare the work on an input with the work on a larger input within one test run.

SHAPES = {
    # the same report, sentence after sentence: one merge partition, many sentences with triggers
    "repeated report": lambda n: "Bei einem Raketenangriff auf Charkiw wurden drei Menschen getötet. " * n,
    # many attack words and places in one sentence (no full stop)
    "one long sentence": lambda n: "Angriff auf Charkiw und " * n + "Cherson.",
    # thousands of place names after one attack word
    "place list": lambda n: "Raketenangriff auf " + ", ".join(PLACES[i % len(PLACES)] for i in range(n)) + ": 5 Tote.",
    # English paragraphs
    "paragraphs": lambda n: "\n\n".join(
        f"Russian drones struck Kharkiv on Monday, killing {i % 7 + 1} people. Ukraine's army said it repelled "
        f"attacks near Pokrovsk." for i in range(n)),
    # text without a single space or sentence end
    "no spaces": lambda n: "Angriff" * (n * 4),
}


# sizes at which each shape is measured (and 4x that): long sentences past the 2,000-character part size
SIZES = {"repeated report": 40, "one long sentence": 200, "place list": 400, "paragraphs": 40, "no spaces": 600}
_PACKAGE = str(Path(conflictdata.__file__).parent)


def _line_counts(text: str) -> Counter:
    """How often each line of conflictdata's own code runs while ``extract_events`` codes ``text`` (a loop's
    line once per iteration, comprehensions included): the work done, counted, not timed."""
    counts: Counter = Counter()

    def line(frame, event, arg):
        if event == "line":
            counts[(frame.f_code.co_filename, frame.f_lineno)] += 1
        return line

    def call(frame, event, arg):  # trace only our code; the libraries' own loops are theirs
        return line if frame.f_code.co_filename.startswith(_PACKAGE) else None

    sys.settrace(call)
    try:
        extract_events(text, published=PUBLISHED)
    finally:
        sys.settrace(None)
    return counts


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_work_grows_linearly_with_the_input(shape):
    """4x the input may run each line of the pipeline at most 5x as often (plus 0.5% of all the work), and all
    of them together at most 4.6x (a line inside a loop over everything seen so far runs ~16x as often). Not a timed test: lines are
    counted. A warm-up run first, so caches filled on first use count in neither measurement."""
    make, n = SHAPES[shape], SIZES[shape]
    _line_counts(make(n))
    small, large = _line_counts(make(n)), _line_counts(make(4 * n))
    total_small, total_large = sum(small.values()), sum(large.values())
    assert total_large <= 4.6 * total_small, f"{shape}: {total_small} lines run for n={n}, {total_large} for 4n"
    slack = max(total_large // 200, 200)  # a path first taken past a size (the 2nd part of a long sentence)
    superlinear = sorted(
        (f"{Path(file).relative_to(_PACKAGE)}:{lineno} ran {small[file, lineno]} -> {count} times"
         for (file, lineno), count in large.items() if count > 5 * small[file, lineno] + slack))
    assert not superlinear, f"{shape}: lines whose work grows faster than the input: {superlinear}"
