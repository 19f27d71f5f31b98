"""Place and date attachment: which place names are incident places, with what precision, and the event date."""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Any, Iterable, Sequence

import attrs

from conflictdata.extract.lexicon import lexicon, words_before
from conflictdata.text import normalize_key, transliteration_key

__all__ = ["PlaceRef", "classify_places", "sentence_date", "MIN_FOREIGN_POPULATION"]

# A place outside the countries an article is about must be a big city to count (otherwise "Front", "Mitte",
# "Kinder" would be villages in Italy, Germany, the US).
MIN_FOREIGN_POPULATION = 200_000
_FAMOUS, _HAMLET = 500_000, 50_000
# words before a country that make it the place of the event ("in der Ukraine", "nach Russland", "im Ukraine-Krieg")
_LOCATIVE = {
    "de": frozenset({"in", "im", "auf", "über", "gegen", "nach", "aus", "ganz", "gesamten", "der", "die"}),
    "en": frozenset({"in", "across", "on", "over", "throughout", "against", "of", "to", "into", "from"}),
}
_LIST_JOIN = re.compile(r"\s*(?:,|und|and|sowie|or|oder)\s*", re.IGNORECASE)
_PLURAL_REGIONS = re.compile(r"\s+(?:regions|oblasts|provinces|Regionen|Gebiete|Gebieten)\b")
_NEXT_CAPITAL = re.compile(r" ([A-ZÄÖÜ][\w’'-]+)")
_SURE_MATCHES = ("exact", "alias", "capital")
_COUNTRY_CODES = ("PCLI", "PCLD", "PCLF", "PCLS", "PCL", "PCLIX")


@attrs.frozen
class PlaceRef:
    """A place name in the text with its role and ACLED geo_precision.

    role: incident, context (not where something happened), destination / origin (context for the trigger
    kinds in ``applies_to``), reference ("20 km south of X"), country, country_location (a country as the
    event's location), person (a first name), dateline, foreign (a town outside the countries at war),
    district (an adjectival city district or raion name: the event is coded at the town around it), authority
    (an office named after the place: "Sumy Regional Military Administration"; where its sentence's event
    happened only when the sentence names no other place).
    """

    start: int
    end: int
    text: str
    place: Any
    geo_precision: int = 1
    role: str = "incident"
    applies_to: frozenset[str] = frozenset()

    def is_incident_for(self, kind: str) -> bool:
        if self.role == "incident" or self.role == "reference":
            return True
        if self.role == "foreign":  # a town outside the countries at war: only talks and protests happen there
            return kind in ("protest", "agreement")
        if self.role == "meeting":  # where talks took place is where they agreed
            return kind == "agreement"
        if self.role in ("destination", "origin"):
            return kind not in self.applies_to
        return False


def _choose(mention: Any, countries: frozenset[str], anchor: tuple[float, float] | None,
            regions: Sequence[set[tuple[str, str]]] = ()) -> Any:
    candidates = getattr(mention, "candidates", ()) or ()
    local = [c.place for c in candidates if c.place.country_code in countries]
    famous = next((c.place for c in candidates if c.place.population >= _FAMOUS
                   and normalize_key(c.place.name) == normalize_key(mention.text)), None)
    if famous is not None and all(p.population < _HAMLET for p in local if p is not famous):
        return famous  # "Berlin" is Germany's capital, "Voronezh" the Russian city, not a village elsewhere
    for level, named in enumerate(regions):  # "Lyman in the Donetsk region": the namesake in that region
        inside = [p for p in local if (p.country_code, p.admin1) in named]
        if inside and len(inside) < len(local):
            local = inside
            break
        if level == 0 and candidates and candidates[0].match == "alias" and candidates[0].place in local:
            return candidates[0].place  # a curated alias beats the article's other regions
    if len(local) > 1 and anchor is not None:  # the namesake nearest to the article's other places
        return min(local, key=lambda p: (p.latitude - anchor[0]) ** 2 + (p.longitude - anchor[1]) ** 2)
    if len(local) > 1:  # else the bigger namesake among the best-scored ones
        best = candidates[0].score
        close = [c.place for c in candidates if c.place in local and c.score >= best - 0.1] or local
        key = transliteration_key(mention.text)
        return max(close, key=lambda p: (transliteration_key(p.name) == key, p.population))
    if local:
        return local[0]
    if not candidates:
        return None
    top = candidates[0].place
    if top.feature_code in _COUNTRY_CODES or getattr(mention, "is_region", False) or candidates[0].match == "alias":
        return top  # countries, region phrases and curated aliases ("Kernkraftwerk Saporischschja") are sure
    # outside the article's countries only a big city under its own name ("Paris"; not "Bei" for Kita)
    if top.population >= MIN_FOREIGN_POPULATION and (
            normalize_key(top.name) == normalize_key(mention.text) or len(mention.text) >= 5):
        return top
    # an article that names no country at all ("Two people were killed in a drone strike on Kherson"): a regional
    # capital under its own name (GeoNames undercounts some: Kherson 66,000)
    if not countries and top.feature_code in ("PPLA", "PPLC") and normalize_key(top.name) == normalize_key(mention.text):
        return top
    return None


def classify_places(text: str, lang: str, mentions: Sequence[Any], countries: Iterable[str],
                    skip: Sequence[tuple[int, int]] = ()) -> list[PlaceRef]:
    """Roles and precision of the place names in ``text``; ``countries`` are the article's countries (alpha-2)."""
    before_cues = lexicon("places", lang, "before")
    after_cues = lexicon("places", lang, "after")
    agents = lexicon("agents", lang)
    locative = _LOCATIVE.get(lang, _LOCATIVE["en"])
    ctx = frozenset(countries)
    starts = {m.start for m in mentions}
    out: list[PlaceRef] = []
    anchor = _anchor(mentions, ctx)
    named_regions = _regions(mentions)
    article_regions = {key for _, _, key in named_regions}
    ordered = sorted(starts)
    government = -1
    for mention in mentions:
        place = _choose(mention, ctx, anchor, (_nearby_regions(text, mention, named_regions, ordered), article_regions))
        if place is None:
            continue
        start, end = mention.start, mention.end
        ref = PlaceRef(start, end, mention.text, place)
        if mention.text.isupper() and place.feature_code not in _COUNTRY_CODES:
            continue  # acronyms (NIS, IAEO) are organisations, not places
        if _sentence_initial(text, start) and mention.candidates[0].match not in _SURE_MATCHES:
            continue  # a capital letter that only starts a sentence ("Später") proves no name
        if any(s <= start < e for s, e in skip):
            out.append(attrs.evolve(ref, role="dateline"))
            continue
        if place.feature_code in _COUNTRY_CODES:
            where = bool(locative.intersection(words_before(text, start, 1))) or text[end:end + 1] == "-"
            out.append(attrs.evolve(ref, role="country_location" if where else "country"))
            continue
        before = before_cues.match_before(text, start)
        after = after_cues.match_at(text, end)
        if before is None:
            # "Region Kursk", "Kernkraftwerk Saporischschja": the gazetteer may include the cue in the mention
            inner = before_cues.match_at(text, start)
            if inner is not None and inner.get("kind") in ("region", "near") and inner.end < end:
                before = inner
        if before is None and not place.is_region:
            before = _titled(text, start, before_cues)  # "governor Alexander Gusev": a surname
        precision = 3 if (getattr(mention, "is_region", False) or place.is_region) else 1
        hyphen = mention.text.find("-")
        if hyphen > 0 and after is None:  # "Kursk-Operationsgebieten": the compound's tail says what it is
            after = after_cues.match_at(mention.text, hyphen)
        role = "incident"
        applies: frozenset[str] = frozenset()
        for cue in (before, after):
            if cue is None:
                continue
            kind = cue.get("kind")
            if kind == "region":
                precision = 3
            elif kind == "near" and precision < 3:
                precision = 2
            elif kind == "reference":
                role, precision = "reference", 2
            elif kind == "context":
                role = "context"
            elif kind == "meeting":
                role = "meeting"
            elif kind == "authority" and role == "incident":
                role = "authority"  # "Militärverwaltung des Gebiets Poltawa"
                precision = int(cue.get("geo_precision") or precision)
            elif kind == "person" and cue is before and not place.is_region:
                role = "person"
            elif kind in ("destination", "origin") and role == "incident":
                role, applies = kind, frozenset(cue.get("applies_to").split())
            elif kind == "metonymy" and _is_capital(place, mention.text, agents):
                role = "context"
        if role == "incident" and _right_before_place(text, end, ordered) and \
                _is_capital(place, mention.text, agents):
            role, government = "context", end  # "nachdem Moskau Charkiw angegriffen hatte": the government
        if role == "incident" and _city_district(text, start, end):
            role = "district"  # "im Bezirk Schewtschenkiwskyj": a part of the city told around it, not a town
        if out and out[-1].role in ("person", "context") and 0 <= start - out[-1].end <= 1 and role == "incident" \
                and out[-1].end != government:  # (the place after a capital as government is the one attacked)
            role = out[-1].role  # "Johann Wadephul", "the Dnipro River"
        if out and role in ("context", "authority") and after is not None and out[-1].role == "incident" and \
                0 <= start - out[-1].end <= 1:
            out[-1] = attrs.evolve(out[-1], role=role)  # "Bohdan Khmelnytskyi Street": the whole name
        if out and role == "incident" and precision == 1 and out[-1].geo_precision == 2 and \
                _LIST_JOIN.fullmatch(text[out[-1].end:start]):
            precision = 2  # "bei Kostjantyniwka und Torezk": the cue covers the whole list
        if out and role == "incident" and out[-1].role in ("destination", "origin") and \
                _LIST_JOIN.fullmatch(text[out[-1].end:start]):
            role, applies = out[-1].role, out[-1].applies_to  # "aus den Gebieten Kursk und Brjansk": the whole list
        nxt = _NEXT_CAPITAL.match(text, end)
        if role == "incident" and nxt and nxt.start(1) not in starts and after is None and not place.is_region \
                and not _known_noun(text, nxt.start(1), lang) and (lang == "de" or _first_name(text, start, nxt, lang)):
            role = "person"  # "Wolodimir Selenskij", "Serhiy Lysak": a first name, not a town
        out.append(PlaceRef(start, end, mention.text, place, precision, role, applies))
        if _PLURAL_REGIONS.match(text, end):  # "the Belgorod, Kursk and Bryansk regions": every item a region
            i = len(out) - 1
            while i >= 0:
                out[i] = attrs.evolve(out[i], geo_precision=3)
                if i == 0 or not _LIST_JOIN.fullmatch(text[out[i - 1].end:out[i].start]):
                    break
                i -= 1
    return out


_PREVIOUS_NAME = re.compile(r"([A-ZÄÖÜ][\w’'.-]*)\s+$")


def _regions(mentions: Sequence[Any]) -> list[tuple[int, int, tuple[str, str]]]:
    """(start, end, (country, admin1)) of the region phrases ("Donetsk region", "im Gebiet Tscherkassy")."""
    out = []
    for m in mentions:
        candidates = getattr(m, "candidates", ()) or ()
        if candidates and getattr(m, "is_region", False) and candidates[0].place.is_region:
            out.append((m.start, m.end, (candidates[0].place.country_code, candidates[0].place.admin1)))
    return out


_SENTENCE_END = re.compile(r"[.!?\n]\s")


def _nearby_regions(text: str, mention: Any, regions: Sequence[tuple[int, int, tuple[str, str]]],
                    starts: Sequence[int]) -> set[tuple[str, str]]:
    """The region named next to the mention in its sentence with no other name in between: the next one
    within 60 characters, else the one before."""
    def clear(a: int, b: int) -> bool:  # same sentence, no other name in between
        return not _SENTENCE_END.search(text, a, b) and not any(a <= s < b for s in starts)

    after = [r for r in regions if 0 <= r[0] - mention.end <= 60 and clear(mention.end, r[0])]
    if after:
        return {after[0][2]}
    before = [r for r in regions if r[1] <= mention.start and clear(r[1], mention.start)]
    return {before[-1][2]} if before else set()


def _titled(text: str, start: int, cues: Any) -> Any:
    """The person cue before a first name before ``start`` ("Gouverneur Wjatscheslaw Gladkow"), if any."""
    m = _PREVIOUS_NAME.search(text, max(0, start - 30), start)
    if m is None:
        return None
    cue = cues.match_before(text, m.start(1))
    return cue if cue is not None and cue.get("kind") == "person" else None


# adjectival district names ("Solomianskyi district", "Bezirk Schewtschenkiwskyj", "Kirovsky district")
_DISTRICT_NAME = re.compile(r"(?i)[\w’'-]*?(?:sk(?:yi|yj|ij|iy|y|i|oi|oj)|zkyi|zkyj)(?:\s+(?:district|raion|rayon))?")
_DISTRICT_AFTER = re.compile(r"(?i)\s+(?:district|raion|rayon|city district)\b")
_DISTRICT_BEFORE = re.compile(r"(?i)(?:bezirk|stadtbezirk|stadtteil|district of|rajon)\s+$")


def _city_district(text: str, start: int, end: int) -> bool:
    """An adjectival district name with "district"/"Bezirk" next to it: a part of a city or a raion."""
    if not _DISTRICT_NAME.fullmatch(text, start, end):
        return False
    return " " in text[start:end] or bool(_DISTRICT_AFTER.match(text, end)) or bool(
        _DISTRICT_BEFORE.search(text[max(0, start - 20):start]))


def _first_name(text: str, start: int, nxt: re.Match[str], lang: str) -> bool:
    """English: a name followed by a capitalised word with no preposition before it ("governor Serhiy Lysak
    said"), not a town in a locative phrase ("in Kharkiv Russian drones …") nor before a nationality word."""
    before = words_before(text, start, 1)
    if before and before[0].lower() in _LOCATIVE_EN:
        return False
    return lexicon("agents", lang).match_at(text, nxt.start(1)) is None and not nxt.group(1)[-1:] in "’'"


_LOCATIVE_EN = frozenset({"in", "at", "near", "on", "over", "of", "to", "from", "into", "around", "outside",
                          "towards", "toward", "across", "and", "or", "the", "between", "by"})


def _known_noun(text: str, start: int, lang: str) -> bool:
    """A word of the event lexicons starts at ``start`` ("Ismajil Einschläge …": a noun, not a surname)."""
    return any(lexicon(name, lang).match_at(text, start) is not None
               for name in ("triggers", "weapons", "casualties", "forces", "victims"))


def _sentence_initial(text: str, start: int) -> bool:
    i = start
    while i > 0 and text[i - 1] in " \t\"'\u201e\u201c\u00bb\u00ab(":
        i -= 1
    return i == 0 or text[i - 1] in ".!?\n:"


def _anchor(mentions: Sequence[Any], countries: frozenset[str]) -> tuple[float, float] | None:
    """The mean position of the unambiguous towns of the article (those with one candidate in its countries)."""
    points = []
    for mention in mentions:
        local = [c.place for c in getattr(mention, "candidates", ()) or () if c.place.country_code in countries]
        if len(local) == 1 and local[0].feature_code not in _COUNTRY_CODES:
            points.append((local[0].latitude, local[0].longitude))
    if not points:
        return None
    return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)


def _right_before_place(text: str, end: int, starts: Sequence[int]) -> bool:
    """Another place name follows after nothing but a space ("Moskau Charkiw")."""
    i = bisect.bisect_left(starts, end)
    return i < len(starts) and 0 < starts[i] - end <= 2 and text[end:starts[i]].isspace()


def _is_capital(place: Any, text: str, agents: Any) -> bool:
    if place.feature_code == "PPLC":
        return True
    hit = agents.match_at(text, 0)
    return hit is not None and hit.get("kind") == "capital"


def sentence_date(mentions: Sequence[Any], clause: tuple[int, int], text: str,
                  speech: Sequence[Any] = ()) -> Any | None:
    """The date mention for an event: in the trigger's clause first, else the sentence's first; dates right
    after a speech verb ("said on Tuesday", "gab am Montag an") only when there is no other; running totals
    ("seit August 2023") are not event dates."""
    usable = [m for m in mentions if not text[m.start:m.end].lower().startswith(("seit", "since"))]

    def reported(m: Any) -> bool:
        return any(s.end <= m.start and len(text[s.end:m.start].split()) <= 1 for s in speech)

    ranked = sorted(usable, key=lambda m: (reported(m), not (clause[0] <= m.start < clause[1]), m.start))
    return ranked[0] if ranked else None


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None
