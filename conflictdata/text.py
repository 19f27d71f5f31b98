"""Text clean-up, sentence splitting, language detection and name keys.

``normalize_key`` is the exact matching key for names; ``transliteration_key`` is a looser key under which
German and English spellings of Ukrainian and Russian names meet (Charkiw ~ Kharkiv, Tschassiw Jar ~ Chasiv Yar).
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_key", "transliteration_key"]

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad_]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u201a\u201b\u02bc\u02b9\u0060\u00b4']")
_SPACES = re.compile(r"\s+")


def normalize_key(name: str) -> str:
    """The exact matching key of a name: NFKC, casefold, ß→ss, diacritics folded, dashes and apostrophes unified.

    >>> normalize_key("  Saporischschja ") == normalize_key("SAPORISCHSCHJA")
    True
    >>> normalize_key("Kurs’k")
    "kurs'k"
    """
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKC", name).casefold().replace("ß", "ss")
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("'", _DASHES.sub("-", text))
    return _SPACES.sub(" ", text).strip()


# Ordered rewrite rules (German spellings first, then English): both spellings of one Cyrillic name end on
# the same skeleton. Lossy on purpose; only used after exact matching failed.
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    # German "ch" is Cyrillic х (English "kh") but English "ch" is ч (German "tsch"); German "z" is ц (English
    # "ts") but English "z" is з (German "s"). So each family collapses to one letter: h for х/ч, s for the sibilants.
    ("schtsch", "s"), ("shch", "s"), ("tsch", "h"), ("sch", "s"), ("zh", "s"), ("sh", "s"),
    ("kh", "h"), ("ch", "h"), ("ts", "s"), ("tz", "s"), ("z", "s"), ("c", "s"), ("w", "v"),
    ("'", ""), ("j", "i"), ("y", "i"), ("ie", "i"), ("ye", "e"), ("ja", "ia"), ("ju", "iu"),
)


def transliteration_key(name: str) -> str:
    """A lossy key that German and English transliterations of the same Ukrainian/Russian name share.

    >>> transliteration_key("Charkiw") == transliteration_key("Kharkiv")
    True
    >>> transliteration_key("Tschassiw Jar") == transliteration_key("Chasiv Yar")
    True
    """
    key = normalize_key(name)
    key = key.replace("-", " ")
    for old, new in _TRANSLIT_RULES:
        key = key.replace(old, new)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    key = re.sub(r"(.)\1+", r"\1", key)  # doubled letters (Tschassiw, Saporischschja)
    return _SPACES.sub(" ", key).strip()
