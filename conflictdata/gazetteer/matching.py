"""Name forms that news text uses around place names: German inflection, compounds and region markers.

Pure string functions on ``normalize_key`` output; the word lists are data files (place_stopwords.tsv) or the
small closed sets of region words below.
"""
from __future__ import annotations

import re

import attrs

from conflictdata._resources import load_tsv, once

__all__ = ["inflection_variants", "REGION_BEFORE", "REGION_AFTER", "word_lists", "WordLists", "CAPITALISED", "CAPITAL_WORDS", "FOLLOWING"]

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
