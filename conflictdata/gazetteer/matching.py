"""Name forms that news text uses around place names: German inflection, compounds and region markers.

Pure string functions on ``normalize_key`` output; the word lists are data files (place_stopwords.tsv) or the
small closed sets of region words below.
"""
from __future__ import annotations

import re

import attrs

from conflictdata._resources import load_tsv, once

__all__ = ["inflection_variants", "REGION_BEFORE", "REGION_AFTER", "word_lists", "WordLists", "CAPITALISED", "CAPITAL_WORDS",
           "FOLLOWING", "country_forms", "CountryForms", "leading_words", "strip_leading"]

# Words that make the following name a first-level region: "Gebiet Charkiw", "Region Kursk", "Oblast Sumy".
REGION_BEFORE = frozenset({
    "gebiet", "oblast", "oblast'", "region", "grenzregion", "grenzgebiet", "provinz", "bezirk", "gouvernement",
    "verwaltungsgebiet", "regierungsbezirk", "bundesstaat", "province", "governorate",
})
# Words that make the preceding name a region: "Kursk Oblast", "Sumy region", "Kursker Gebiet".
REGION_AFTER = frozenset({"oblast", "oblast'", "region", "gebiet", "province", "governorate", "provinz", "grenzregion"})

# The start of a capitalised word (Latin, Latin-1, Latin Extended-A/B, Greek and Cyrillic capitals; the first
# character is checked with str.isupper() afterwards, so the lower-case letters of mixed ranges are harmless).
CAPITALISED = re.compile(r"(?<![\w'\u2019\-])[A-Z\u00c0-\u00de\u0100-\u024e\u0400-\u042f][\w'\u2019\-]*[^\W_]|(?<![\w'\u2019\-])[A-Z]")
# The same words, found 4x faster: the pattern starts with a character class, so the regex engine jumps to the
# capitals, and the lookbehind (the character before the capital is no word character) comes after the capital.
# It also matches a single non-ASCII capital ("Ä"), which CAPITALISED does not: callers skip those.
CAPITAL_WORDS = re.compile(r"[A-Z\u00c0-\u00de\u0100-\u024e\u0400-\u042f](?<![\w'\u2019\-][\s\S])(?:[\w'\u2019\-]*[^\W_])?")
FOLLOWING = re.compile(r"[ \t\u00a0]+(?:\n[ \t]*)?([^\W\d_](?:[\w'\u2019\-]*[^\W_])?)")

_POSSESSIVE = re.compile(r"(?:'s|s')$")


def inflection_variants(key: str) -> list[str]:
    """Base forms a German or English inflected key may stand for, most likely first.

    >>> inflection_variants("charkiws")
    ['charkiw']
    >>> inflection_variants("kursker")[0]
    'kursk'
    >>> inflection_variants("kursk-operationsgebiete")
    ['kursk']
    """
    out: list[str] = []

    def add(value: str) -> None:
        if len(value) >= 3 and value != key and value not in out:
            out.append(value)

    if "-" in key:
        parts = key.split("-")
        for n in range(len(parts) - 1, 0, -1):  # longest prefix first: "rostow-am-don-region"
            add("-".join(parts[:n]))
    base = _POSSESSIVE.sub("", key)
    add(base)
    if key.endswith("ern"):
        add(key[:-3])
    if key.endswith("er"):  # Kursker, Kiewer, Odessaer, Charkiwer
        add(key[:-2])
    if key.endswith("s") and not key.endswith("ss"):  # genitive: Charkiws, Kiews, Moskaus
        add(key[:-1])
    if key.endswith("es"):
        add(key[:-2])
    return out


@attrs.frozen
class WordLists:
    """Keys of words that look like places but are not: ``stop`` always, ``given`` before a capitalised word."""

    stop: frozenset[str]
    given: frozenset[str]


@once
def word_lists() -> WordLists:
    """The stop list (place_stopwords.tsv): common words and given names that are also GeoNames places."""
    from conflictdata.text import normalize_key

    stop, given = set(), set()
    for row in load_tsv("gazetteer/place_stopwords.tsv"):
        key = normalize_key(row.get("word", ""))
        if key:
            (given if row.get("kind") == "given_name" else stop).add(key)
    return WordLists(frozenset(stop), frozenset(given))


@attrs.frozen
class CountryForms:
    """Country names the project knows, for country matching: ``names`` (``normalize_key`` -> alpha-2) and
    ``abbreviations`` (matched as written, case-sensitively: "USA", "UK", not "usa")."""

    names: dict[str, str]
    abbreviations: dict[str, str]


@once
def country_forms() -> CountryForms:
    """The country names and abbreviations that ``conflictdata.normalize.lookup_country`` resolves: the name
    and abbreviation rows of countries_de_en.tsv, ACLED's names (countries_acled.tsv) and pycountry's English
    names with their German translations, each kept only where ``lookup_country`` gives it that country (it is
    the reference; adjectives and demonyms are left to it). Empty when the countries module is unavailable."""
    from conflictdata.text import normalize_key

    try:
        from conflictdata.normalize.countries import country_names, lookup_country
    except ImportError:  # pragma: no cover - the module ships with the package
        return CountryForms({}, {})
    forms = list(country_names())
    names: dict[str, str | None] = {}
    abbreviations: dict[str, str] = {}
    for form, alpha2, abbreviation in forms:
        if not form or not alpha2:
            continue
        record = lookup_country(form)
        if record is None or record.alpha_2 != alpha2:
            continue
        if abbreviation:
            abbreviations[form] = alpha2
            continue
        key = normalize_key(form)
        names[key] = alpha2 if names.get(key, alpha2) == alpha2 else None  # two countries: neither
    return CountryForms({k: v for k, v in names.items() if v}, abbreviations)


@once
def leading_words() -> dict[str, tuple[tuple[str, ...], ...]]:
    """place_prepositions.tsv: first word -> the word sequences it starts, longest first."""
    from conflictdata.text import normalize_key

    by_first: dict[str, set[tuple[str, ...]]] = {}
    for row in load_tsv("gazetteer/place_prepositions.tsv"):
        words = tuple(normalize_key(row.get("words", "")).split())
        if words:
            by_first.setdefault(words[0], set()).add(words)
    return {first: tuple(sorted(seqs, key=lambda w: (-len(w), w))) for first, seqs in by_first.items()}


def strip_leading(key: str) -> str:
    """The key without its leading preposition or article (place_prepositions.tsv), or "" when it has none.

    >>> strip_leading("im gebiet charkiw")
    'gebiet charkiw'
    >>> strip_leading("in der region kursk")
    'region kursk'
    >>> strip_leading("charkiw")
    ''
    """
    words = key.split(" ")
    for seq in leading_words().get(words[0], ()):
        if len(words) > len(seq) and tuple(words[:len(seq)]) == seq:
            return " ".join(words[len(seq):])
    return ""
