"""Numbers as German and English news write them: digits, number words, quantity words and qualifiers.

``find_quantities`` finds every count in a sentence ("rund 11.000 Soldaten", "14 Tote und 17 Verletzte",
"mehr als ein Dutzend"), skipping ordinals, dates, years, times and labels. ``parse_quantity`` reads the first
one in a short phrase. ``vague_fatality_count`` is ACLED's rule for vague counts (dozens -> 12, hundreds -> 100,
several/many -> 3 or 10). The rules, with examples, are in docs/numbers-and-dates.md; the word lists are the
data files conflictdata/data/normalize/numbers_*.tsv.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Iterator

import attrs
from babel.numbers import NumberFormatError, parse_decimal
from text_to_num import text2num

from conflictdata._resources import load_json, load_tsv, once

__all__ = ["Quantity", "find_quantities", "is_duration", "parse_quantity", "vague_fatality_count"]

Number = int | float

_LANGS = ("de", "en")


@attrs.frozen
class Quantity:
    """A number found in text. ``low``/``high`` are inclusive bounds (None = open); ``start``/``end`` index the
    text given; ``vague`` marks quantity words (Dutzende, hundreds, mehrere)."""

    value: Number
    low: Number | None
    high: Number | None
    approximate: bool
    start: int
    end: int
    text: str
    vague: bool = False


# ------------------------------------------------------------------------------------------------ lexicon


@attrs.frozen
class _Vague:
    value: Number
    low: Number | None
    high: Number | None
    acled: str


_TOKENS = re.compile(r"\w+")


@attrs.frozen
class KeywordFilter:
    """A cheap first look at a sentence: can any of the keywords (or a digit) start one of its words?

    Python's regex engine tries a big pattern at every position; most sentences hold no number or date, and
    splitting into words and checking 3-4 letter prefixes in a set rules them out many times faster."""

    prefixes: frozenset[str]
    skip: frozenset[str]

    @classmethod
    def of(cls, keywords, skip=()) -> KeywordFilter:
        folded = {k.casefold().strip(" .-") for k in keywords}
        return cls(frozenset(k[:4] for k in folded if len(k) >= 3), frozenset(w.casefold() for w in skip))

    def may_match(self, text: str) -> bool:
        prefixes = self.prefixes
        for token in _TOKENS.findall(text):
            if token[0].isdigit():
                return True
            low = token[:4].casefold()
            if (low in prefixes or low[:3] in prefixes) and token.casefold() not in self.skip:
                return True
        return False


@attrs.frozen
class _Lexicon:
    langs: tuple[str, ...]
    pattern: re.Pattern[str]
    keywords: KeywordFilter
    atom: re.Pattern[str]
    tail: re.Pattern[str]
    range_sep: re.Pattern[str]
    qualifiers: dict[str, str]
    vague: dict[str, _Vague]
    phrases: dict[str, Decimal]
    scales: dict[str, Decimal]
    roles: dict[str, frozenset[str]]
    months: frozenset[str]
    large_scale: re.Pattern[str]
    age_after: re.Pattern[str]
    age_before: re.Pattern[str]
    duration_after: re.Pattern[str]


def _key(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


def phrase_alternation(phrases) -> str:
    """A regex (for re.IGNORECASE) matching any of the literal phrases, any whitespace between words.

    The phrases are merged into a character trie, so shared prefixes are tried once (three times faster than a
    flat alternation on news text); greedy optional branches keep the longest phrase first."""
    trie: dict[str, dict] = {}
    for phrase in {" ".join(p.lower().split()) for p in phrases if p and p.strip()}:  # not casefold: ß stays ß
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie) or "(?!)"


def _num(text: str) -> Number | None:
    if not text:
        return None
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


_DIGITS = (
    r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?"  # German grouping: 11.000, 1.234,5
    r"|[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"  # English grouping: 11,000, 1,234.5
    r"|[1-9]\d{0,2}(?:[ \u00a0\u2009\u202f]\d{3})+(?:[.,]\d+)?"  # space grouping: 11 000
    r"|\d+(?:[.,]\d+)?"  # plain, or a decimal: 12,5 / 1.5
)


# The most number words one number may join: 999999 takes 13 German morphemes (neun|hundert|neun|und|neun|zig|
# tausend|...) and 9 English words. Longer runs ("twenty twenty twenty ...") are read in pieces of at most this
# many words, so the work per number, and the scan of a sentence, stays linear in its length.
_MAX_NUMBER_WORDS = 16


@once
def _lexicon(langs: tuple[str, ...]) -> _Lexicon:
    words = [r for r in load_tsv("normalize/numbers_words.tsv") if r["lang"] in langs]
    quals = [r for r in load_tsv("normalize/numbers_qualifiers.tsv") if r["lang"] in langs]
    vague = [r for r in load_tsv("normalize/numbers_vague.tsv") if r["lang"] in langs]
    context = [r for r in load_tsv("normalize/numbers_context.tsv") if r["lang"] in langs]
    months = [r["name"] for r in load_tsv("normalize/dates_months.tsv") if r["lang"] in langs]
    seasons = [r["name"] for r in load_tsv("normalize/dates_seasons.tsv") if r["lang"] in langs]

    def kind(k: str, lang: str | None = None) -> list[str]:
        return [r["word"] for r in words if r["kind"] == k and (lang is None or r["lang"] == lang)]

    word_parts = []
    if "de" in langs:
        # German number words are written as one word (einundzwanzig); "und" alone is never one.
        word_parts.append(rf"(?!und\b)(?:{phrase_alternation(kind('morpheme', 'de'))}){{1,{_MAX_NUMBER_WORDS}}}")
    if "en" in langs:
        en = phrase_alternation(kind("morpheme", "en"))
        word_parts.append(rf"(?:{en})(?:(?:\s+and\s+|\s+|-)(?:{en})){{0,{_MAX_NUMBER_WORDS - 1}}}")
    atom = (
        rf"(?P<vague>{phrase_alternation(r['phrase'] for r in vague)})"
        rf"|(?P<phrase>{phrase_alternation(kind('phrase'))})"
        rf"|(?P<digits>{_DIGITS})"
        rf"|(?P<word>{'|'.join(word_parts)})"
    )
    # a count starts with a digit or with the first word of a qualifier, quantity word, phrase or number word: a
    # lookahead on their first three letters (implied by every alternative) skips the other word starts quickly
    starts = [r["phrase"] for r in quals + vague] + kind("phrase") + kind("morpheme")
    pattern = (rf"(?<!\w)(?=\d|{phrase_alternation({w.lower().split()[0][:3] for w in starts})})"
               rf"(?:(?P<qual>{phrase_alternation(r['phrase'] for r in quals)})\s+)?(?:{atom})(?!\w)")
    tail = (
        rf"(?:\s*(?P<scale>{phrase_alternation(kind('scale'))})(?!\w))?"
        rf"(?:\s*(?P<percent>%|(?:{phrase_alternation(w for w in kind('percent') if w != '%')})(?!\w)))?"
    )
    roles: dict[str, set[str]] = {}
    for r in context:
        roles.setdefault(r["role"], set()).add(_key(r["word"]))
    roles.setdefault("year_before", set()).update(_key(m).rstrip(".") for m in months + seasons)
    # the sentence splitter's list of nouns after a German ordinal ("2. Korps") is the numbers' list too
    roles.setdefault("ordinal_after", set()).update(_key(w) for w in load_json("text_words.json")["ordinal_after"]["words"])
    def stems(role: str) -> list[str]:
        return [r"\s+".join(re.escape(w) for w in r["word"].rstrip("*").split())
                + (r"\w*" if r["word"].endswith("*") else r"(?!\w)") for r in context if r["role"] == role]

    ages_after, ages_before = stems("age_after"), stems("age_before")
    return _Lexicon(
        langs=langs,
        pattern=re.compile(pattern, re.IGNORECASE),
        # German compounds start with a unit, ten, hundert or tausend; "ein"/"und" alone never count.
        keywords=KeywordFilter.of(
            [w for r in words if r["kind"] in ("morpheme", "phrase", "scale") for w in r["word"].split()]
            + ["sechs", "sechzehn", "sechzig", "sieben", "siebzehn", "siebzig"]
            + [w for r in vague for w in r["phrase"].split()],
            skip=kind("article") + ["ein", "und", "and", "the", "of"],
        ),
        atom=re.compile(rf"(?:(?P<digits>{_DIGITS})|(?P<word>{'|'.join(word_parts)}))(?!\w)", re.IGNORECASE),
        tail=re.compile(tail, re.IGNORECASE),
        range_sep=re.compile(r"\s*(?:(?P<dash>[-\u2013\u2014])|(?P<word>bis|to|und|and))\s*", re.IGNORECASE),
        qualifiers={_key(r["phrase"]): r["kind"] for r in quals},
        vague={_key(r["phrase"]): _Vague(_num(r["value"]), _num(r["low"]), _num(r["high"]), r["acled"]) for r in vague},
        phrases={_key(r["word"]): Decimal(r["value"]) for r in words if r["kind"] == "phrase"},
        scales={_key(r["word"]): Decimal(r["value"]) for r in words if r["kind"] == "scale"},
        roles={k: frozenset(v) for k, v in roles.items()},
        months=frozenset(_key(m).rstrip(".") for m in months),
        large_scale=_alternation(r"(?<!\w)(?:", stems("large_scale"), ")"),
        # "ein 71 Jahre alter Mann", "a 9-year-old": the number is an age
        age_after=_alternation(r"\s*-?\s*(?:", ages_after, ")"),
        # "aged 34", "two boys aged 9 and 12": every number of the list after it is an age
        # "over the past 24 hours", "in den vergangenen 24 Stunden": a span of time, not how many
        duration_after=_alternation(r"\s*-?\s*(?:", stems("duration_after"), ")"),
        age_before=_alternation(r"(?<!\w)(?:", ages_before, r")\s+(?:\d{1,3}\s*(?:,|and|und|or|oder|bis|to|-)\s*)*\Z"),
    )


def _alternation(head: str, parts: list[str], tail: str) -> re.Pattern[str]:
    return re.compile(head + "|".join(parts) + tail, re.IGNORECASE) if parts else re.compile(r"(?!)")


_AGE_LOOKBACK = 60  # characters before a number searched for "aged", "im Alter von"


def _is_age(text: str, start: int, end: int, lex: _Lexicon) -> bool:
    """A number that gives someone's age ("ein 71 Jahre alter Mann", "aged 9 and 12"), not how many."""
    return lex.age_after.match(text, end) is not None or \
        lex.age_before.search(text[max(0, start - _AGE_LOOKBACK):start]) is not None


def _langs_of(lang: object) -> tuple[str, ...]:
    return (lang,) if lang in _LANGS else _LANGS


# ------------------------------------------------------------------------------------------------ parsing

_SINGLE_GROUP_DOT = re.compile(r"[1-9]\d{0,2}\.\d{3}")
_SINGLE_GROUP_COMMA = re.compile(r"[1-9]\d{0,2},\d{3}")
_GROUP_DOT = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_GROUP_COMMA = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?")
_SPACES = re.compile(r"[ \u00a0\u2009\u202f]")
_PREV_WORD = re.compile(r"([^\W\d]+\.?|§)\W*$")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w'.]*)")
_WORD_SPLIT = re.compile(r"\s+and\s+|\s+|-", re.IGNORECASE)


def _decimal(text: str, locale: str) -> Decimal | None:
    try:
        return parse_decimal(text, locale=locale, strict=True)
    except (NumberFormatError, ValueError, InvalidOperation):
        return None


@functools.lru_cache(maxsize=4096)  # news repeats its figures; babel's strict parse costs ~40 µs a call
def _parse_digits(text: str, scaled: bool, langs: tuple[str, ...]) -> Decimal | None:
    """Digits by their form; babel (strict) reads them in the locale the form belongs to.

    "11.000" is German grouping and "11,000" English grouping in either language (translated news mixes them),
    except that a single group before a scale word is a decimal in the text's own language ("2.125 million").
    """
    text = _SPACES.sub("", text)
    if _GROUP_DOT.fullmatch(text):
        order = ("en", "de") if scaled and langs[0] == "en" and _SINGLE_GROUP_DOT.fullmatch(text) else ("de",)
    elif _GROUP_COMMA.fullmatch(text):
        order = ("de", "en") if scaled and langs[0] == "de" and _SINGLE_GROUP_COMMA.fullmatch(text) else ("en",)
    else:
        order = langs + tuple(lang for lang in _LANGS if lang not in langs)
    for locale in order:
        value = _decimal(text, locale)
        if value is not None:
            return value
    return None


def _parse_words(text: str, lang_order: tuple[str, ...]) -> tuple[Decimal, int] | None:
    """A number word (sequence) via text2num; English sequences shrink from the right until valid.

    Returns the value and how many characters of ``text`` it used."""
    lowered = text.casefold()
    for lang in lang_order:
        if lang == "de":
            if " " in lowered or lowered in ("ein", "und"):
                continue
            try:
                return Decimal(text2num(lowered, "de")), len(text)
            except (ValueError, IndexError, KeyError):
                continue
        tokens = list(_WORD_SPLIT.finditer(text))
        cuts = [t.start() for t in tokens] + [len(text)]
        for cut in reversed(cuts):
            try:
                return Decimal(text2num(lowered[:cut], "en")), cut
            except (ValueError, IndexError, KeyError):
                continue
    return None


def _prev_word(text: str, start: int) -> str:
    m = _PREV_WORD.search(text, max(0, start - 40), start)
    return _key(m.group(1)) if m else ""


def _next_word(text: str, end: int) -> str:
    m = _NEXT_WORD.match(text, end)
    return m.group(1) if m else ""


def _is_day_number(digits: str) -> bool:
    return digits.isdigit() and 1 <= int(digits) <= 31


def _is_clock(digits: str) -> bool:
    hours = digits.replace(",", ".").split(".")[0]
    return hours.isdigit() and int(hours) <= 24


def _is_not_a_count(text: str, start: int, end: int, lex: _Lexicon, qualified: bool, standalone_years: bool) -> bool:
    """Digits that are a date, a time, a year, an ordinal, a label or part of a code ("M-1989")."""
    before = text[start - 1] if start > 0 else ""
    before2 = text[start - 2] if start > 1 else ""
    after = text[end] if end < len(text) else ""
    after2 = text[end + 1] if end + 1 < len(text) else ""
    if before == "-" and before2.isalpha():  # M-1989, T-72
        return True
    if before in ".,:/" and before2.isdigit():  # 13.01.2025, 1:27
        return True
    if after in ":/" and after2.isdigit():
        return True
    if after == "." and (after2.isdigit() or after2.isalpha()):  # 13.01., 2.vl
        return True
    if after == "-" and after2.isalpha():  # 20-jähriger
        return True
    prev, nxt = _prev_word(text, start), _next_word(text, end + (1 if after == "." else 0))
    nxt_key = _key(nxt)
    if nxt_key.rstrip(".") in lex.months:  # 3. Februar, 3 February
        return True
    if prev.rstrip(".") in lex.months and "en" in lex.langs and _is_day_number(text[start:end]) and not (
        "de" in lex.langs and nxt[:1].isupper()
    ):  # February 3 (English only: "am 3. Februar 53 Gefechte" counts 53)
        return True
    if nxt_key in lex.roles.get("time_after", ()) and _is_clock(text[start:end]):  # 5 Uhr, 7.30 Uhr, 5 pm
        return True
    if prev in lex.roles.get("label_before", ()):  # Nr. 5, Resolution 2231
        return True
    if after == "." and "de" in lex.langs and nxt:
        # German ordinal "N.": before a noun that follows ordinals ("1.080. Tag", "2. Korps") whatever precedes,
        # else after an article or preposition ("des 2. Mannes") or before a lowercase word; otherwise the dot
        # ends the sentence ("wurden 12. Die Polizei").
        if nxt_key.rstrip(".") in lex.roles.get("ordinal_after", ()):
            return True
        if not qualified and (prev in lex.roles.get("ordinal_before", ()) or nxt[0].islower()):
            return True
    raw = text[start:end]
    if raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100 and not qualified:
        if prev in lex.roles.get("year_before", ()):
            return True
        if standalone_years:
            # "2000 Soldaten" is a count in German (a capitalised noun follows); "2024 wurden ..." is a year.
            return not ("de" in lex.langs and nxt[:1].isupper() and nxt_key not in lex.months)
    return False


def _bounds(value: Number, kind: str | None, vague: _Vague | None) -> tuple[Number | None, Number | None]:
    if kind == "approx":
        return None, None
    if kind == "more":
        return value, None
    if kind == "less":
        return None, value
    if vague is not None:
        return vague.low, vague.high
    return value, value


def _as_number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def _atom_value(text: str, m: re.Match[str], lex: _Lexicon) -> tuple[Decimal, int] | None:
    """The value of a digits/word atom and where it ends."""
    if m.group("digits") is not None:
        scaled = lex.tail.match(text, m.end()).group("scale") is not None
        value = _parse_digits(m.group("digits"), scaled, lex.langs)
        return (value, m.end()) if value is not None else None
    word = m.group("word")
    if word is None:
        return None
    parsed = _parse_words(word, lex.langs)
    if parsed is None:
        return None
    value, used = parsed
    return value, m.start("word") + used


def _scan(text: str, lex: _Lexicon, standalone_years: bool) -> Iterator[Quantity]:
    pos = 0
    while pos < len(text):
        m = lex.pattern.search(text, pos)
        if m is None:
            return
        quantity = _build(text, m, lex, standalone_years)
        if quantity is None:
            pos = m.end()
            continue
        yield quantity
        pos = quantity.end


def _atom(
    text: str, m: re.Match[str], lex: _Lexicon, qualified: bool, standalone_years: bool
) -> tuple[Decimal, _Vague | None, int, int] | None:
    """(value, vague entry, start, end) of the matched number or quantity word, or None if it is no count."""
    if m.group("vague") is not None:
        if _prev_word(text, m.start("vague")) in lex.roles.get("vague_block", ()):
            return None  # "wie viele" asks, it does not count
        vague = lex.vague[_key(m.group("vague"))]
        return Decimal(str(vague.value)), vague, m.start("vague"), m.end("vague")
    if m.group("phrase") is not None:
        return lex.phrases[_key(m.group("phrase"))], None, m.start("phrase"), m.end("phrase")
    start = m.start("digits") if m.group("digits") is not None else m.start("word")
    parsed = _atom_value(text, m, lex)
    if parsed is None:
        return None
    value, end = parsed
    if m.group("word") is not None and _key(text[start:end]) == "one":
        if _prev_word(text, start) in lex.roles.get("not_one_before", ()):
            return None  # "no one", "the one who"
    if m.group("digits") is not None and _is_not_a_count(text, start, end, lex, qualified, standalone_years):
        return None
    if _is_age(text, start, end, lex):
        return None
    tail = lex.tail.match(text, end)
    if tail.group("scale"):
        value *= lex.scales[_key(tail.group("scale"))]
    return value, None, start, tail.end()


def _build(text: str, m: re.Match[str], lex: _Lexicon, standalone_years: bool) -> Quantity | None:
    qual = lex.qualifiers.get(_key(m.group("qual"))) if m.group("qual") else None
    atom = _atom(text, m, lex, qual is not None, standalone_years)
    if atom is None:
        return None
    value, vague, start, end = atom
    if vague is not None and vague.value < 12:
        qual = None  # few/several/many take no qualifier: "über mehrere Gipfeltreffen" is "via", not "over"
    span = None if vague is not None else _range_end(text, end, value, qual, lex, standalone_years)
    if qual == "between" and span is None:
        qual = None
    if qual is not None:
        start = m.start()
    if span is not None:
        low, high, end = span
        value, low_b, high_b = low, _as_number(low), _as_number(high)
    else:
        low_b, high_b = _bounds(_as_number(value), qual, vague)
    return Quantity(
        value=_as_number(value),
        low=low_b,
        high=high_b,
        approximate=qual is not None or vague is not None or span is not None,
        start=start,
        end=end,
        text=text[start:end],
        vague=vague is not None,
    )


def _range_end(
    text: str, end: int, low: Decimal, qual: str | None, lex: _Lexicon, standalone_years: bool
) -> tuple[Decimal, Decimal, int] | None:
    """ "10.000 bis 12.000", "10,000-12,000", "zwischen 10 und 20": (low, high, end) of the range."""
    sep = lex.range_sep.match(text, end)
    if sep is None:
        return None
    word = (sep.group("word") or "").casefold()
    if word in ("und", "and") and qual != "between":
        return None
    if qual == "between" and word not in ("und", "and"):
        return None
    m = lex.atom.match(text, sep.end())
    if m is None:
        return None
    parsed = _atom_value(text, m, lex)
    if parsed is None:
        return None
    high, high_end = parsed
    if m.group("digits") is not None and _is_not_a_count(text, m.start(), high_end, lex, True, standalone_years):
        return None
    tail = lex.tail.match(text, high_end)
    if tail.group("scale"):
        scale = lex.scales[_key(tail.group("scale"))]
        high *= scale
        if low * scale <= high and low < scale:  # "1 bis 2 Millionen": the scale belongs to both
            low *= scale
    if tail.group(0):
        high_end = tail.end()
    if high <= low:
        return None
    return low, high, high_end


# ------------------------------------------------------------------------------------------------ public API


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every quantity in a sentence, left to right, with its qualifier folded into the span.

    >>> [q.value for q in find_quantities("In Poltawa wurden 14 Tote und 17 Verletzte gemeldet", "de")]
    [14, 17]
    """
    if not isinstance(text, str) or not text:
        return []
    lex = _lexicon(_langs_of(lang))
    if not lex.keywords.may_match(text):
        return []
    return list(_scan(text, lex, standalone_years=True))


_ARTICLE = re.compile(r"\s*(?P<a>\w+)\s+(?P<noun>\w)")


@once
def _articles() -> frozenset[str]:
    return frozenset(_key(r["word"]) for r in load_tsv("normalize/numbers_words.tsv") if r["kind"] == "article" and r["lang"] == "de")


def parse_quantity(text: str, lang: str | None = None) -> Quantity | None:
    """The first quantity in a short phrase ("rund 11.000", "mehr als ein Dutzend", "2000"), or None.

    Unlike ``find_quantities``, a year-like number that opens the phrase is a count ("2000", "2000 soldiers"),
    and a German article before a noun is one ("ein Toter").
    """
    if not isinstance(text, str) or not text:
        return None
    lex = _lexicon(_langs_of(lang))
    for quantity in _scan(text, lex, standalone_years=True):
        return quantity
    lead = len(text) - len(text.lstrip())
    for quantity in _scan(text, lex, standalone_years=False):
        if quantity.start == lead:
            return quantity
        break
    m = _ARTICLE.match(text)
    if m and _key(m.group("a")) in _articles() and m.group("noun").isupper():
        return Quantity(1, 1, 1, False, m.start("a"), m.end("a"), m.group("a"))
    return None


def _vague_entry(text: str, lex: _Lexicon) -> _Vague | None:
    for m in lex.pattern.finditer(text):
        if m.group("vague") is not None:
            return lex.vague[_key(m.group("vague"))]
    return None


def is_duration(text: str, end: int) -> bool:
    """The number ending at ``end`` counts hours, days or weeks ("over the past 24 hours"), not victims."""
    try:
        return _lexicon(_LANGS).duration_after.match(text, end) is not None
    except (TypeError, ValueError, IndexError):
        return False


def is_large_scale(context: str) -> bool:
    """Does a sentence speak of a large-scale attack (massiver Angriff, large-scale strike, Massaker)?"""
    return isinstance(context, str) and _lexicon(_LANGS).large_scale.search(context) is not None


def vague_fatality_count(quantity_or_word: Quantity | str, *, context: str | bool | None = None) -> int | None:
    """ACLED's fatality count for a vague number, or None if the quantity is not vague.

    dozens/Dutzende -> 12, hundreds/Hunderte -> 100, thousands/Tausende -> 1000, (ein) Dutzend -> 12,
    few/wenige -> 3, several/many/mehrere/viele/einige -> 10 if ``context`` (the sentence, or True) speaks of a
    large-scale attack, else 3. Qualifiers do not change the count ("über ein Dutzend" -> 12, the lowest).
    """
    lex = _lexicon(_LANGS)
    if isinstance(quantity_or_word, Quantity):
        if not quantity_or_word.vague:
            return None
        entry = _vague_entry(quantity_or_word.text, lex)
    elif isinstance(quantity_or_word, str):
        found = parse_quantity(quantity_or_word)
        entry = _vague_entry(found.text, lex) if found is not None and found.vague else None
    else:
        return None
    if entry is None:
        return None
    if entry.acled == "context":
        large = context if isinstance(context, bool) else is_large_scale(context) if isinstance(context, str) else False
        return 10 if large else 3
    return int(entry.acled) if entry.acled.isdigit() else int(entry.value)
