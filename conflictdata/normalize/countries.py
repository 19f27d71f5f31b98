"""Countries as German and English news name them: names, adjectives and demonyms in any inflection.

``lookup_country`` resolves one name ("Russland", "russischen", "Nordkoreas", "US-", "der Ukraine") to its
pycountry record. Forms come from pycountry (English names and their German translations, reverse-indexed once,
lazily) and from conflictdata/data/countries_de_en.tsv (short names, adjectives, demonyms, abbreviations).
``country_record`` gives ACLED's name and world region for an ISO code (conflictdata/data/countries_acled.tsv).
The rules are described in docs/text-and-names.md.
"""
from __future__ import annotations

import gettext
import re
from typing import Any, Iterator

import attrs

from conflictdata._resources import load_tsv, once
from conflictdata.text import normalize_key

__all__ = ["CountryRecord", "country_record", "country_names", "find_countries", "lookup_country"]


@attrs.frozen
class CountryRecord:
    """A country as ACLED writes it: ISO codes, ACLED's short name ("Russia") and world region ("Europe")."""

    alpha_2: str
    alpha_3: str
    numeric: int
    name: str
    region: str


@once
def _acled_records() -> dict[str, CountryRecord]:
    records = {}
    for row in load_tsv("countries_acled.tsv"):
        try:
            numeric = int(row["numeric"])
        except ValueError:
            numeric = 0
        records[row["alpha2"]] = CountryRecord(row["alpha2"], row["alpha3"], numeric, row["name"], row["region"])
    return records


def country_record(alpha2: str) -> CountryRecord | None:
    """ACLED's record for an ISO 3166-1 alpha-2 code (any case), or None for an unknown code."""
    if not isinstance(alpha2, str):
        return None
    return _acled_records().get(alpha2.strip().upper())


# --------------------------------------------------------------------------------------------- the index

# German endings stripped (repeatedly until none is left, first match in this order, keeping a stem of 3+ letters) so that inflected and
# derived forms meet: russische/russischen -> russisch, Russlands -> russland, Russen/Russin -> russ,
# Nordkoreaner -> nordkorea(n) -> nordkorea, Vereinigten Staaten -> vereinigt staat.
_DE_ENDINGS = ("innen", "in", "en", "em", "er", "es", "e", "n", "s")
_ARTICLES = frozenset({"der", "die", "das", "des", "dem", "den", "the"})
_EDGE = " \t\n\"'()[]{}.,;:!?\u2013\u2014-"
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LANGS = ("de", "en")

# priorities: a table form beats a pycountry name, which beats a variant derived from one ("Korea, Republik" -> "Korea"),
# which beats the umlaut-free spelling of a German form ("Suedkorea")
_TABLE, _PYCOUNTRY, _DERIVED, _SPELLED = 0, 1, 2, 3

# German written without umlauts: ä/ö/ü as ae/oe/ue ("Suedkorea", "Tuerkei", "Oesterreich"); ß -> ss is in normalize_key
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _de_stem(word: str) -> str:
    while True:
        for ending in _DE_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


def _en_stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _stem_key(key: str, lang: str) -> str:
    stem = _de_stem if lang == "de" else _en_stem
    return " ".join(stem(w) for w in key.split(" "))


def _key(text: str) -> str:
    return " ".join(normalize_key(text).replace("-", " ").split())


@attrs.frozen
class _Index:
    exact: dict[str, dict[str, str]]  # lang -> key -> alpha2
    stems: dict[str, dict[str, str]]  # lang -> stemmed key -> alpha2
    abbreviations: dict[str, str]  # case-sensitive form -> alpha2
    first_words: frozenset[str]  # first word of every key and stem (prefilter for find_countries)
    prefixes: frozenset[str]  # every leading run of 2+ words of a multi-word key or stem
    heads: frozenset[str]  # first four letters of every first word (three if it is that short): a cheap first
    # filter, since a stem is a prefix of its word


class _Builder:
    """Collects (lang, key) -> alpha2 with priorities; equal-priority conflicts make a key ambiguous."""

    def __init__(self) -> None:
        self.best: dict[tuple[str, str], tuple[int, str | None]] = {}

    def add(self, lang: str, key: str, alpha2: str, priority: int) -> None:
        if not key:
            return
        old = self.best.get((lang, key))
        if old is None or priority < old[0]:
            self.best[(lang, key)] = (priority, alpha2)
        elif priority == old[0] and old[1] != alpha2:
            self.best[(lang, key)] = (priority, None)  # ambiguous: "Korea"

    def add_german(self, form: str, alpha2: str, priority: int) -> None:
        """A German form under its key and, if it has an umlaut, under its ae/oe/ue spelling's key."""
        self.add("de", _key(form), alpha2, priority)
        spelled = form.translate(_UMLAUTS)
        if spelled != form:
            self.add("de", _key(spelled), alpha2, _SPELLED)

    def table(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {lang: {} for lang in _LANGS}
        for (lang, key), (_, alpha2) in self.best.items():
            if alpha2 is not None:
                out[lang][key] = alpha2
        return out


def _name_variants(name: str) -> list[tuple[str, int]]:
    """A pycountry name and the variants news use: "Korea, Republik" -> "Republik Korea", "Korea";
    "Falkland Islands (Malvinas)" -> "Falkland Islands", "Malvinas"."""
    out = [(name, _PYCOUNTRY)]
    bare = re.sub(r"\s*\(([^)]*)\)", "", name).strip()
    for inner in re.findall(r"\(([^)]*)\)", name):
        out.append((inner, _DERIVED))
    if bare != name:
        out.append((bare, _DERIVED))
    if ", " in bare:
        head, _, tail = bare.partition(", ")
        out.append((f"{tail} {head}", _DERIVED))
        out.append((head, _DERIVED))
    return out


@once
def _german_translation() -> Any:
    import pycountry

    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    except OSError:
        return gettext.NullTranslations()


def country_names() -> Iterator[tuple[str, str, bool]]:
    """(form, alpha-2, is an abbreviation) for every country *name* the index is built from: the name and
    abbreviation rows of countries_de_en.tsv, ACLED's names, and pycountry's names with their German
    translations (adjectives and demonyms are left out). Others (the gazetteer's country matching) take their
    names from here rather than reading the tables again."""
    import pycountry

    for row in load_tsv("countries_de_en.tsv"):
        if row.get("kind") in ("name", "abbr"):
            yield row.get("form", ""), row.get("alpha2", ""), row.get("kind") == "abbr"
    for record in _acled_records().values():
        yield record.name, record.alpha_2, False
    de = _german_translation()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if name:
                yield name, country.alpha_2, False
                yield de.gettext(name), country.alpha_2, False


@once
def _index() -> _Index:
    import pycountry

    de = _german_translation()
    builder = _Builder()
    for country in pycountry.countries:
        alpha2 = country.alpha_2
        for attr in ("name", "official_name", "common_name"):
            name = getattr(country, attr, None)
            if not name:
                continue
            for variant, priority in _name_variants(name):
                builder.add("en", _key(variant), alpha2, priority)
            for variant, priority in _name_variants(de.gettext(name)):
                builder.add_german(variant, alpha2, priority)
    for record in _acled_records().values():
        builder.add("en", _key(record.name), record.alpha_2, _TABLE)
    abbreviations: dict[str, str] = {}
    for row in load_tsv("countries_de_en.tsv"):
        alpha2, form, lang, kind = row["alpha2"], row["form"], row["lang"], row["kind"]
        if kind == "abbr":
            abbreviations[form] = alpha2
            continue
        for lng in _LANGS if lang == "both" else (lang,):
            if lng == "de":
                builder.add_german(form, alpha2, _TABLE)
            else:
                builder.add(lng, _key(form), alpha2, _TABLE)
    exact = builder.table()
    stem_builder = _Builder()
    for lang in _LANGS:
        for key, alpha2 in exact[lang].items():
            stem_builder.add(lang, _stem_key(key, lang), alpha2, _TABLE)
    stems = stem_builder.table()
    keys = [k for lang in _LANGS for table in (exact[lang], stems[lang]) for k in table]
    return _Index(
        exact=exact,
        stems=stems,
        abbreviations=abbreviations,
        first_words=frozenset(k.split(" ")[0] for k in keys),
        prefixes=frozenset(" ".join(k.split(" ")[:n]) for k in keys for n in range(2, k.count(" ") + 2)),
        heads=frozenset(k.split(" ")[0][:4] for k in keys),
    )


# --------------------------------------------------------------------------------------------- lookup


def _clean_key(name: str) -> str:
    key = _key(_POSSESSIVE.sub("", name))
    words = key.split(" ")
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _resolve(name: str, langs: tuple[str, ...], index: _Index) -> str | None:
    """The alpha-2 code for one name, or None."""
    name = name.strip()
    edge = _EDGE.replace(")", "") if "(" in name else _EDGE  # keep "Falkland Islands (Malvinas)" whole
    bare = name.strip(edge)
    for form in (name, name.strip(edge.replace(".", "")), bare):  # "U.S." and "US-" -> "US"
        if form in index.abbreviations:
            return index.abbreviations[form]
    keys = [k for k in dict.fromkeys((_clean_key(name), _clean_key(bare))) if k]
    for key in keys:  # "Virgin Islands, U.S." keeps its final period
        for lang in langs:
            found = index.exact[lang].get(key)
            if found:
                return found
    not_countries = _not_countries()
    for lang in langs:
        for key in keys:
            if key in not_countries.get(lang, ()):
                continue  # "Dann" is no inflected Däne, "Palast" no Palästina
            found = index.stems[lang].get(_stem_key(key, lang))
            if found:
                return found
    return None


@once
def _not_countries() -> dict[str, frozenset[str]]:
    """Words the stem match would take for a country (conflictdata/data/countries_not.tsv)."""
    words: dict[str, set[str]] = {}
    for row in load_tsv("countries_not.tsv"):
        words.setdefault(row["lang"], set()).add(_key(row["word"]))
    return {lang: frozenset(found) for lang, found in words.items()}


def _langs(lang: str | None) -> tuple[str, ...]:
    return (lang,) if lang in _LANGS else _LANGS  # type: ignore[return-value]


def lookup_country(name_or_adjective: str, lang: str | None = None) -> Any | None:
    """The pycountry record for a country name, adjective or demonym in German or English, or None.

    Case-insensitive and inflection-blind ("Russland", "Russlands", "russische", "russischen", "Russen",
    "der Ukraine", "US-", "Vereinigten Staaten", "Russia's", "Russians"). Abbreviations ("US", "USA", "UK")
    match only as written, so "us" is not the USA. ``lang`` ("de"/"en") restricts the forms to one language;
    None tries both. German forms also match written without umlauts ("Suedkorea", "Tuerkei"). A compound
    ("Ukraine-Krieg") does not resolve: the lookup is on the whole string. A country ACLED codes outside ISO 3166-1
    (Kosovo) gets a stand-in pycountry record with the codes of conflictdata/data/countries_acled.tsv.
    """
    if not isinstance(name_or_adjective, str) or not name_or_adjective.strip():
        return None
    alpha2 = _resolve(name_or_adjective[:200], _langs(lang), _index())
    if alpha2 is None:
        return None
    import pycountry

    return pycountry.countries.get(alpha_2=alpha2) or _stand_ins().get(alpha2)


@once
def _stand_ins() -> dict[str, Any]:
    """pycountry-style records for ACLED's countries outside ISO 3166-1 (Kosovo: XK, XKX, numeric "000" = ACLED's
    iso 0), from conflictdata/data/countries_acled.tsv."""
    import pycountry

    return {
        r.alpha_2: pycountry.db.Country(alpha_2=r.alpha_2, alpha_3=r.alpha_3, numeric=f"{r.numeric:03d}", name=r.name)
        for r in _acled_records().values()
        if pycountry.countries.get(alpha_2=r.alpha_2) is None
    }


# --------------------------------------------------------------------------------------------- find in text

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+")
_CHEAP_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e", "á": "a", "ô": "o", "ç": "c"})


def _fold(token: str) -> str:
    fold = token.casefold()
    return fold if fold.isascii() else fold.translate(_CHEAP_FOLD)


def _variants(fold: str) -> tuple[str, str, str]:
    """Cheap keys of one folded token: itself, German stem, English stem (normalize_key is too slow per token)."""
    return fold, _de_stem(fold), _en_stem(fold)


def find_countries(text: str, lang: str | None = None) -> list[tuple[int, int, CountryRecord]]:
    """Every country mention in ``text`` as ``(start, end, CountryRecord)``, longest match first, no overlaps.

    Tokens are split at hyphens, so "Ukraine-Krieg" yields Ukraine and "US-Militär" yields the USA;
    multi-word names ("Vereinigten Staaten", "Saudi-Arabien") match as one. Lowercase words count only
    as German adjectives ("russischen"), so "turkey" and "china" in lowercase are not countries.
    """
    if not isinstance(text, str) or not text:
        return []
    index = _index()
    langs = _langs(lang)
    records = _acled_records()
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
    found: list[tuple[int, int, CountryRecord]] = []
    memo: dict[str, str | None] = {}
    seen: dict[str, tuple[str, ...]] = {}
    i = 0
    while i < len(tokens):
        start, end = tokens[i]
        token = text[start:end]
        fold = _fold(token)
        variants = seen.get(fold)
        if variants is None:
            variants = seen[fold] = _variants(fold) if fold[:4] in index.heads or fold[:3] in index.heads else ()
        if token not in index.abbreviations and not any(v in index.first_words for v in variants):
            i += 1
            continue
        variants = variants or (fold, fold, fold)
        # extend over following words (joined by one space or hyphen) while some key still starts this way
        last, alive = i, variants
        while last + 1 < len(tokens) and tokens[last + 1][0] - tokens[last][1] == 1 and text[tokens[last][1]] in " -":
            nxt = _variants(_fold(text[tokens[last + 1][0]:tokens[last + 1][1]]))
            alive = tuple(f"{a} {b}" for a, b in zip(alive, nxt))
            if not any(a in index.prefixes for a in alive):
                break
            last += 1
        hit = None
        for j in range(last, i - 1, -1):
            surface = text[start:tokens[j][1]]
            if surface not in memo:
                alpha2 = _resolve(surface, langs, index)
                if alpha2 and surface[0].islower() and not variants[1].endswith("sch"):
                    alpha2 = None  # lowercase: only German adjectives ("russischen"), not "turkey"
                memo[surface] = alpha2
            if memo[surface]:
                hit = (j, memo[surface])
                break
        if hit is None:
            i += 1
            continue
        record = records.get(hit[1])  # type: ignore[arg-type]
        if record is not None:
            found.append((start, tokens[hit[0]][1], record))
        i = hit[0] + 1
    return found
