"""conflictdata.normalize.numbers: the phrase table, rendering round trips, qualifier bounds, ACLED's vague counts."""
from __future__ import annotations

import csv
from pathlib import Path

import attrs
import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from conflictdata._resources import load_json, load_tsv
from conflictdata.normalize import Quantity, find_quantities, parse_quantity, vague_fatality_count
from conflictdata.normalize.numbers import is_large_scale

TABLE = Path(__file__).parent / "data" / "phrases_numbers.tsv"


def _rows():
    lines = [ln for ln in TABLE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _num(text: str):
    if not text:
        return None
    return float(text) if "." in text else int(text)


@pytest.mark.parametrize("row", _rows(), ids=lambda r: r["phrase"][:50])
def test_phrase_table(row):
    q = parse_quantity(row["phrase"], row["lang"])
    if row["value"] == "none":
        assert q is None
    else:
        assert q is not None
        assert (q.value, q.low, q.high) == (_num(row["value"]), _num(row["low"]), _num(row["high"]))
        assert (q.approximate, q.vague) == (row["approximate"] == "true", row["vague"] == "true")
        assert q.text == row["text"] == row["phrase"][q.start : q.end]
    found = [q.value for q in find_quantities(row["phrase"], row["lang"])]
    assert found == ([] if row["found"] == "-" else [_num(v) for v in row["found"].split(";")])


def test_table_is_large_enough():
    assert len(_rows()) >= 50


def test_seed_sentence_spans():
    text = "In Kämpfen rund um Kursk sollen etwa 300 Soldaten getötet und weitere 2.700 verwundet worden sein."
    found = find_quantities(text, "de")
    assert [(q.text, q.value, q.low, q.high, q.approximate) for q in found] == [
        ("etwa 300", 300, None, None, True),
        ("2.700", 2700, 2700, 2700, False),
    ]
    assert all(text[q.start : q.end] == q.text for q in found)


def test_quantity_is_frozen():
    q = parse_quantity("14 Tote", "de")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        q.value = 15  # type: ignore[misc]


def test_unknown_language_tries_both():
    assert parse_quantity("fourteen dead", "und").value == 14
    assert parse_quantity("vierzehn Tote", None).value == 14
    assert parse_quantity("1.500", "xx").value == 1500  # German grouping first


# ------------------------------------------------------------------------------------------------ properties

integers = st.integers(min_value=0, max_value=10**9)


def _renderings(n: int) -> list[tuple[str, str]]:
    return [
        (format_decimal(n, locale="de", group_separator=True), "de"),
        (format_decimal(n, locale="en", group_separator=True), "en"),
        (format_decimal(n, locale="de", group_separator=False), "de"),
        (format_decimal(n, locale="en", group_separator=False), "en"),
        (f"{n:,}".replace(",", "\u202f"), "de"),  # narrow no-break space grouping (Duden, print)
        (f"{n:,}".replace(",", " "), "en"),
    ]


@given(integers)
def test_every_integer_parses_back(n):
    for rendered, lang in _renderings(n):
        q = parse_quantity(rendered, lang)
        assert q is not None and q.value == n, (rendered, lang)
        assert isinstance(q.value, int) and q.text == rendered


@given(integers)
def test_every_integer_is_found_in_a_sentence(n):
    for rendered, lang in _renderings(n):
        sentence = f"Nach Angaben sollen etwa {rendered} Soldaten" if lang == "de" else f"reportedly about {rendered} troops"
        found = find_quantities(sentence, lang)
        assert [q.value for q in found] == [n], (sentence, found)


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=9))
def test_decimals_in_both_conventions(whole, tenth):
    assert parse_quantity(f"{whole},{tenth}", "de").value == pytest.approx(whole + tenth / 10)
    assert parse_quantity(f"{whole}.{tenth}", "en").value == pytest.approx(whole + tenth / 10)


QUALIFIERS = [(r["phrase"], r["lang"], r["kind"]) for r in load_tsv("normalize/numbers_qualifiers.tsv") if r["kind"] != "between"]


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(QUALIFIERS))
def test_qualifiers_bound_the_value_the_right_way(n, qualifier):
    phrase, lang, kind = qualifier
    bare = parse_quantity(f"{n:,}" if lang == "en" else format_decimal(n, locale="de"), lang)
    assert bare.low == bare.value == bare.high == n and not bare.approximate
    q = parse_quantity(f"{phrase} {bare.text}", lang)
    assert q is not None and q.value == n and q.approximate
    assert q.text.startswith(phrase.split()[0]) and q.start == 0
    if q.low is not None:
        assert q.low <= q.value
    if q.high is not None:
        assert q.value <= q.high
    expected = {"approx": (None, None), "more": (n, None), "less": (None, n)}[kind]
    assert (q.low, q.high) == expected


@given(st.integers(min_value=1, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_give_low_and_high(a, b):
    low, high = min(a, b), max(a, b) + 1
    for phrase, lang in ((f"etwa {low} bis {high} Soldaten", "de"), (f"between {low} and {high} troops", "en"), (f"{low:,}-{high:,}", "en")):
        (q,) = find_quantities(phrase, lang)
        assert (q.value, q.low, q.high, q.approximate) == (low, low, high, True)


@given(st.text(), st.sampled_from(["de", "en", "und", None, ""]))
def test_no_function_raises_on_arbitrary_text(text, lang):
    found = find_quantities(text, lang)
    for q in found:
        assert text[q.start : q.end] == q.text
        assert (q.low is None or q.low <= q.value) and (q.high is None or q.value <= q.high)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    parse_quantity(text, lang)
    vague_fatality_count(text, context=text)


@given(st.text(alphabet="0123456789.,: -/%MN.Jahr Uhr Tote", max_size=40), st.sampled_from(["de", "en", None]))
def test_no_crash_on_number_like_noise(text, lang):
    for q in find_quantities(text, lang):
        assert text[q.start : q.end] == q.text


def test_not_text_is_no_value():
    assert find_quantities(None, "de") == []  # type: ignore[arg-type]
    assert parse_quantity(12, "de") is None  # type: ignore[arg-type]
    assert vague_fatality_count(12) is None  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ ACLED vague counts


@pytest.mark.parametrize(
    "word, context, expected",
    [
        ("Dutzende", None, 12),
        ("dozens", None, 12),
        ("ein Dutzend", None, 12),
        ("a dozen", None, 12),
        ("über ein Dutzend", None, 12),
        ("mehr als ein Dutzend", None, 12),
        ("Hunderte", None, 100),
        ("hundreds", None, 100),
        ("Tausende", None, 1000),
        ("thousands", None, 1000),
        ("mehrere", None, 3),
        ("mehrere", "Bei einem massiven Luftangriff auf Kiew wurden mehrere Menschen getötet.", 10),
        ("viele", "Beim Großangriff starben viele Soldaten", 10),
        ("einige", "Einige Häuser wurden beschädigt.", 3),
        ("several", "Several people were killed in a large-scale missile attack.", 10),
        ("many", True, 10),
        ("many", False, 3),
        ("a few", "a massive strike", 3),
        ("wenige", True, 3),
        ("14", None, None),
        ("rund 11.000", None, None),
        ("keine Zahl", None, None),
    ],
)
def test_vague_fatality_count(word, context, expected):
    assert vague_fatality_count(word, context=context) == expected


def test_vague_fatality_count_takes_quantities():
    (q,) = find_quantities("Es gebe hunderte Tote und Verletzte.", "de")
    assert q.vague and vague_fatality_count(q) == 100
    (q,) = find_quantities("In Poltawa wurden 14 Tote gemeldet", "de")
    assert vague_fatality_count(q) is None
    made_up = Quantity(3, 2, None, True, 0, 5, "xyzzy", vague=True)
    assert vague_fatality_count(made_up) is None


def test_large_scale_cues():
    assert is_large_scale("ein massiver Raketenangriff")
    assert is_large_scale("a large-scale attack")
    assert not is_large_scale("ein Angriff auf Sumy")
    assert not is_large_scale(None)  # type: ignore[arg-type]


MORPHEMES = [(r["word"], r["lang"]) for r in load_tsv("normalize/numbers_words.tsv") if r["kind"] == "morpheme"]


@given(st.lists(st.sampled_from(MORPHEMES), min_size=1, max_size=8), st.sampled_from(["", " ", "-", " and "]))
def test_number_word_soup_never_raises(parts, joiner):
    text = joiner.join(word for word, _ in parts)
    for lang in ("de", "en", None):
        for q in find_quantities(f"Es starben {text} Menschen", lang):
            assert isinstance(q.value, (int, float)) and q.value >= 0


@pytest.mark.parametrize(
    "words, lang, value",
    [
        ("null", "de", 0), ("elf", "de", 11), ("sechzehn", "de", 16), ("siebzig", "de", 70), ("dreißig", "de", 30),
        ("einhundert", "de", 100), ("zweihundertfünfzig", "de", 250), ("tausendundeins", "de", 1001),
        ("zwölftausend", "de", 12000), ("dreihunderttausend", "de", 300000),
        ("zero", "en", 0), ("eleven", "en", 11), ("twenty-one", "en", 21), ("two hundred fifty", "en", 250),
        ("three thousand five hundred", "en", 3500), ("a hundred", "en", 100), ("half a million", "en", 500000),
    ],
)
def test_number_words(words, lang, value):
    q = parse_quantity(f"{words} Tote" if lang == "de" else f"{words} dead", lang)
    assert q is not None and q.value == value and q.text == words


@pytest.mark.parametrize("text, lang, expected", [
    ("ein 71 Jahre alter Mann wurde getötet", "de", []),
    ("eine 45-Jährige wurde verletzt", "de", []),
    ("der Mann war 80 Jahre alt", "de", []),
    ("eine Frau im Alter von 62 Jahren", "de", []),
    ("a 71-year-old man was killed", "en", []),
    ("a two-year-old girl", "en", []),
    ("a woman aged 34", "en", []),
    ("two boys aged 9 and 12 were killed", "en", [2]),
    ("three people, aged 9, 12 and 70, died", "en", [3]),
    ("zwei Kinder im Alter von 9 und 12 Jahren", "de", [2]),
    ("the man, 71 years old, and 3 others", "en", [3]),
])
def test_ages_are_not_counts(text, lang, expected):
    assert [q.value for q in find_quantities(text, lang)] == expected


@pytest.mark.parametrize("text, lang, value", [
    ("beide Fahrer wurden getötet", "de", 2),
    ("die beiden Insassen", "de", 2),
    ("both drivers were killed", "en", 2),
    ("a couple of people were hurt", "en", 2),
    ("eine vierköpfige Familie", "de", 4),
])
def test_pair_and_family_words_are_counts(text, lang, value):
    assert [q.value for q in find_quantities(text, lang)] == [value]


def test_is_duration():
    from conflictdata.normalize.numbers import is_duration

    text = "over the past 24 hours killed two"
    assert is_duration(text, text.index("24") + 2)
    assert not is_duration(text, text.index("two") + 3)
    assert is_duration("in den vergangenen 24 Stunden", 21)
    assert not is_duration(None, 3)


# ------------------------------------------------------------------------------------------------ ordinals, dozens, cost

ORDINAL_NOUNS = sorted(load_json("text_words.json")["ordinal_after"]["words"]) + [
    r["word"] for r in load_tsv("normalize/numbers_context.tsv") if r["role"] == "ordinal_after"]
LEADS = ["", "Kiew:", "Heute begann", "Bilanz nach", "Russland meldet", "Offensive,"]


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(ORDINAL_NOUNS), st.sampled_from(LEADS))
def test_n_dot_before_an_ordinal_noun_is_never_a_count(n, noun, lead):
    sentence = f"{lead} {format_decimal(n, locale='de')}. {noun} des Krieges".strip()
    assert find_quantities(sentence, "de") == []
    assert parse_quantity(sentence, "de") is None


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["Die", "Weitere", "Unter", "Am", "Russland"]))
def test_a_count_ending_a_sentence_stays_a_count(n, word):
    rendered = format_decimal(n, locale="de")
    found = find_quantities(f"Bei dem Angriff starben {rendered}. {word} Behörden ermitteln", "de")
    assert [q.value for q in found][:1] == [n]


@given(st.integers(min_value=1, max_value=10**4), st.sampled_from([("Dutzend", "de"), ("dozen", "en")]))
def test_a_number_of_dozens_multiplies(n, word):
    dozen, lang = word
    rendered = f"{n:,}" if lang == "en" else format_decimal(n, locale="de")  # grouped: "1,900" is no year
    q = parse_quantity(f"{rendered} {dozen}", lang)
    assert (q.value, q.low, q.high, q.vague) == (12 * n, 12 * n, 12 * n, False)


@pytest.mark.parametrize("phrase, lang, value", [
    ("zwei Dutzend", "de", 24), ("drei Dutzend", "de", 36), ("zwölf Dutzend", "de", 144), ("two dozen", "en", 24),
    ("four dozen", "en", 48), ("Dutzend", "de", 12), ("ein Dutzend", "de", 12), ("a dozen", "en", 12),
    ("Dutzende", "de", 12), ("dozens", "en", 12), ("mehrere Dutzend", "de", 12), ("ein halbes Dutzend", "de", 6),
])
def test_dozens(phrase, lang, value):
    assert parse_quantity(phrase, lang).value == value


def test_vague_dozens_keep_acleds_count():
    assert vague_fatality_count("Dutzend") == 12
    assert vague_fatality_count("mehrere Dutzend") == 12
    assert vague_fatality_count("zwei Dutzend") is None  # an exact number: 24


def _text2num_work(monkeypatch, text: str, lang: str) -> tuple[list, int]:
    """find_quantities on ``text`` and the characters it handed to text2num (the cost of reading number words)."""
    import conflictdata.normalize.numbers as numbers

    seen = []
    real = numbers.text2num

    def counting(words, *args, **kwargs):
        seen.append(len(words))
        return real(words, *args, **kwargs)

    monkeypatch.setattr(numbers, "text2num", counting)
    return find_quantities(text, lang), sum(seen)


@pytest.mark.parametrize("word, lang", [("twenty ", "en"), ("twenty-", "en"), ("twenty and ", None), ("zwanzig ", "de")])
def test_long_number_word_runs_cost_linear_work(monkeypatch, word, lang):
    from conflictdata.normalize.numbers import _MAX_NUMBER_WORDS

    small, work_small = _text2num_work(monkeypatch, word * 300, lang)
    large, work_large = _text2num_work(monkeypatch, word * 900, lang)
    assert [q.value for q in large] == [20] * len(large) and len(large) >= 450
    assert work_small > 0 and work_large <= 3.3 * work_small  # linear: three times the text, three times the work
    # a number tries at most _MAX_NUMBER_WORDS cuts of at most _MAX_NUMBER_WORDS words (twice: "twenty-twenty" is
    # also tried as a range)
    assert work_large <= 2 * len(large) * _MAX_NUMBER_WORDS ** 2 * len(word)
