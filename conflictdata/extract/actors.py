"""Actors: state forces named by nationality and force noun, civilians, and their ACLED names and types."""
from __future__ import annotations

import bisect
import functools
from typing import Sequence

import attrs

from conflictdata._resources import load_tsv, once
from conflictdata.extract.lexicon import Hit, lexicon, word_before

__all__ = ["ForceMention", "find_forces", "nationality_before",
           "actor_name", "civilians_name", "actor_type", "opponent", "opponents",
           "theatre"]

_NEAR = 40  # characters between a nationality and its force noun ("russischen Kamikaze-Drohnen")


@attrs.frozen
class ForceMention:
    """A state's forces named in text: ``country`` (ISO alpha-2), offsets, and whether it names a weapon."""

    country: str
    start: int
    end: int
    text: str
    weapon: bool = False
    source: bool = False  # "laut ukrainischem Militär": who reports, not who acts
    by_name: bool = False  # a country named alone ("Russland hat ..."): often the speaker, so forces come first


@functools.lru_cache(maxsize=4096)
def _country_of_word(word: str, lang: str) -> str:
    """ISO alpha-2 of a nationality adjective or country name, from the agents lexicon or pycountry."""
    hit = lexicon("agents", lang).match_at(word, 0)
    if hit is not None and hit.end == len(word):
        return hit.get("country")
    if not word[:1].isalpha() or len(word) < 4:
        return ""
    from conflictdata.normalize import lookup_country

    try:
        country = lookup_country(word, lang)
    except Exception:  # noqa: BLE001 - a lookup failure means "not a nationality"
        return ""
    return getattr(country, "alpha_2", "") or ""


def nationality_before(text: str, pos: int, lang: str) -> tuple[str, int]:
    """The country of a nationality adjective right before ``pos`` ("Russian shelling", "russischer Beschuss",
    "israelisches Feuer") and where it starts; ("", pos) when there is none."""
    hit = lexicon("agents", lang).match_before(text, pos, 40)
    if hit is not None:
        return (hit.get("country"), hit.start) if hit.get("kind") == "adjective" else ("", pos)
    wstart, word = word_before(text, pos)
    if word and (word[:1].islower() if lang == "de" else word[:1].isupper()):
        country = _country_of_word(word, lang)
        if country:
            return country, wstart
    return "", pos


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Half-open spans merged into disjoint ones, sorted by start."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def find_forces(text: str, lang: str, start: int = 0, end: int | None = None,
                sources: Sequence[Hit] = (), hits: tuple[Sequence[Hit], ...] | None = None) -> list[ForceMention]:
    """Forces named in ``text[start:end]``: "russische Truppen", "Russian drones", "Nordkorea" (a state acting).

    ``hits``: the agents, forces and weapons lexicon hits of ``text[start:end]`` when the caller has them."""
    end = len(text) if end is None else end
    found: list[ForceMention] = []
    if hits is None:
        hits = tuple(list(lexicon(name, lang).finditer(text, start, end)) for name in ("agents", "forces", "weapons"))
    agents = list(hits[0])
    agent_ends = [a.end for a in agents]
    agent_starts = [a.start for a in agents]
    covered: list[tuple[int, int]] = []
    for lex_hits, weapon in ((hits[1], False), (hits[2], True)):
        for hit in lex_hits:
            country = ""
            mstart = hit.start
            lo = bisect.bisect_left(agent_ends, hit.start - _NEAR)
            hi = bisect.bisect_right(agent_ends, hit.start)
            for agent in agents[lo:hi]:  # the nationality right before: one word may sit between
                between = text[agent.end:hit.start].split()  # ("russische Kamikaze-Drohnen"), or a name
                if (len(between) <= 1 or len(between) <= 3 and all(w[:1].isupper() for w in between)) and (
                        agent.get("kind") == "adjective" or agent.text.endswith(("'s", "’s"))):
                    country, mstart = agent.get("country"), agent.start  # ("Russian Black Sea Fleet")
            if not country:  # any other nationality adjective: German lower case, English capitalised
                wstart, word = word_before(text, hit.start)
                if word and wstart >= start and (word[:1].islower() if lang == "de" else word[:1].isupper()):
                    country = _country_of_word(word, lang)
                    mstart = wstart if country else mstart
            mend = hit.end
            if not country:  # genitive after: "Truppen Nordkoreas", "forces of Russia"
                lo = bisect.bisect_left(agent_starts, hit.end)
                for agent in agents[lo:lo + 1]:
                    gap = text[hit.end:agent.start]
                    if agent.start >= hit.end and len(gap) <= 5 and gap.strip() in ("", "of", "des", "der") \
                            and agent.get("kind") in ("country", "capital"):
                        country, mend = agent.get("country"), agent.end
                        break
            if country:
                found.append(ForceMention(country, mstart, mend, text[mstart:mend], weapon))
                covered.append((mstart, mend))
                # "russische und ukrainische Truppen", "Russian and Ukrainian delegations": both sides
                k = bisect.bisect_right(agent_ends, mstart) - 1
                if k >= 0 and agents[k].get("kind") == "adjective" and \
                        text[agents[k].end:mstart].strip().lower() in ("and", "und", "sowie", "or", "oder"):
                    other = agents[k]
                    found.append(ForceMention(other.get("country"), other.start, other.end, other.text, weapon))
                    covered.append((other.start, other.end))
    spans = _union(covered)  # bisected, not scanned: a long document has thousands of force mentions
    span_starts = [s for s, _ in spans]
    for agent in agents:  # a state acting by its name: "Russland hat ... angegriffen", "Nordkoreaner"
        if agent.get("kind") not in ("country", "demonym"):
            continue
        k = bisect.bisect_right(span_starts, agent.start) - 1
        if k >= 0 and agent.start < spans[k][1]:
            continue
        tail = text[agent.end:agent.end + 2]
        if tail.startswith("-"):
            continue  # "Ukraine-Krieg" is a war, not an actor
        found.append(ForceMention(agent.get("country"), agent.start, agent.end, agent.text, by_name=True))
    out = []
    source_ends = sorted(s.end for s in sources)
    for f in sorted(found, key=lambda f: f.start):
        lo = bisect.bisect_right(source_ends, f.start - _NEAR)
        hi = bisect.bisect_right(source_ends, f.start)
        is_source = any(len(text[end:f.start].split()) <= 2 for end in source_ends[lo:hi])
        out.append(attrs.evolve(f, source=is_source) if is_source else f)
    return out


@once
def _actor_rows() -> tuple[dict[str, str], ...]:
    return load_tsv("lexicons/actors.tsv")


def _valid(row: dict[str, str], year: int | None) -> bool:
    if year is None:
        return not row.get("valid_to")
    lo, hi = row.get("valid_from"), row.get("valid_to")
    return (not lo or int(lo) <= year) and (not hi or year <= int(hi))


def _country_name(alpha2: str) -> str:
    from conflictdata.normalize import country_record

    record = country_record(alpha2)
    return record.name if record is not None else alpha2


def actor_name(alpha2: str, year: int | None, kind: str = "military") -> str:
    """ACLED's name for a country's forces (or civilians) in a year: "Military Forces of Russia (2000-)"."""
    if not alpha2:
        return ""
    rows = _actor_rows()
    for row in rows:
        if row["country"] == alpha2 and row["kind"] == kind and _valid(row, year):
            return row["name"]
    for row in rows:
        if row["country"] == "*" and row["kind"] == kind:
            return row["name"].replace("{country}", _country_name(alpha2))
    return ""


def civilians_name(alpha2: str) -> str:
    """"Civilians (Ukraine)" for the country where the event happened."""
    return actor_name(alpha2, None, "civilians")


def actor_type(actor_country: str, event_country: str, kind: str = "military") -> str:
    """ACLED actor type: a state's forces abroad are External/Other forces."""
    if kind == "civilians":
        return "Civilians"
    if kind == "protesters":
        return "Protesters"
    if not actor_country:
        return ""
    return "State forces" if actor_country == event_country else "External/Other forces"


@once
def _dyads() -> tuple[dict[str, str], ...]:
    return load_tsv("lexicons/dyads.tsv")


def opponent(alpha2: str, year: int | None, present: Sequence[str] = ()) -> str:
    """The other side of an ongoing war (dyads.tsv); a side named nearby wins over the first listed."""
    options = [row["side_b"] for row in _dyads() if row["side_a"] == alpha2 and _valid_dyad(row, year)]
    for country in present:
        if country in options:
            return country
    return options[0] if options else ""


def opponents(alpha2: str) -> tuple[str, ...]:
    """Every side ever listed against ``alpha2`` in dyads.tsv."""
    return tuple(row["side_b"] for row in _dyads() if row["side_a"] == alpha2)


def theatre(alpha2: str) -> tuple[str, ...]:
    """The countries where the wars of ``alpha2`` are fought (dyads.tsv ``theatre``, else the two sides): North
    Korea's war against Ukraine is fought in Russia too."""
    out: dict[str, None] = {}
    for row in _dyads():
        if row["side_a"] == alpha2:
            for country in (row.get("theatre") or "").split() or (row["side_a"], row["side_b"]):
                out[country] = None
    return tuple(out)


def _valid_dyad(row: dict[str, str], year: int | None) -> bool:
    if year is None:
        return True
    lo, hi = row.get("valid_from"), row.get("valid_to")
    return (not lo or int(lo) <= year) and (not hi or year <= int(hi))
