"""Event triggers and the cue words (negation, modality, aggregates, anaphora) that qualify them."""
from __future__ import annotations

import bisect
import fnmatch
import re
from typing import Sequence

import attrs

from conflictdata.extract.lexicon import Hit, lexicon

__all__ = ["Trigger", "Clauses", "qualify_triggers", "VIOLENT_TYPES", "CHANGE_KINDS"]

VIOLENT_TYPES = frozenset({"Explosions/Remote violence", "Battles", "Violence against civilians"})
# Strategic developments about a force (deployments etc.) are only coded when that force is named.
CHANGE_KINDS = frozenset({"deploy", "withdraw", "return", "regroup", "join"})

# a comma or colon between digits is part of a figure or a time ("13,300 civilians", "12,5", "12:30"), no break
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()\u2013\u2014]|\s-\s")
# a comma before a name that continues a list ("A, B und C", "A, B, and C")
_LIST_ITEM = re.compile(r"\s*[A-ZÄÖÜ][\w'’-]+(?:\s*,|\s+(?:und|and|oder|or|sowie)\s+[A-ZÄÖÜ])")
_RELATIVE = {
    "de": re.compile(
        r"\s*(?:die|der|das|den|dem|denen|deren|dessen|welche[rnms]?|wo|in\s+der|in\s+dem|bei\s+denen|bei\s+dem|"
        r"mit\s+denen|an\s+der|nachdem|als|während|um)\b", re.IGNORECASE),
    "en": re.compile(r"\s*(?:who|which|whom|whose|where|that|after|when|while)\b", re.IGNORECASE),
}


@attrs.frozen
class Trigger:
    """A trigger word in a sentence and how the cues around it qualify it."""

    hit: Hit
    clause: tuple[int, int]
    suppressed: str = ""  # the cue kind that suppresses it, or ""
    lowered: bool = False
    aggregate: bool = False
    relative: bool = False  # inside a relative or subordinate clause

    @property
    def kind(self) -> str:
        return self.hit.get("kind")

    @property
    def start(self) -> int:
        return self.hit.start


class Clauses:
    """The comma-delimited clauses of one sentence (offsets into the document text)."""

    def __init__(self, text: str, start: int, end: int, lang: str):
        self.bounds: list[tuple[int, int]] = []
        self.relative: list[bool] = []
        relative = _RELATIVE.get(lang, _RELATIVE["en"])
        pos = start
        for m in _CLAUSE_BREAK.finditer(text, start, end):
            if m.group() == "," and _LIST_ITEM.match(text, m.end(), end):
                continue  # "Kostjantyniwka, Druschkiwka und Kramatorsk": a list of names, not a new clause
            self._add(text, pos, m.start(), relative)
            pos = m.end()
        self._add(text, pos, end, relative)
        self._starts = [b[0] for b in self.bounds]

    def _add(self, text: str, start: int, end: int, relative: re.Pattern[str]) -> None:
        if end <= start:
            return
        is_rel = bool(self.bounds) and relative.match(text, start, end) is not None
        self.bounds.append((start, end))
        self.relative.append(is_rel)

    def index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def of(self, pos: int) -> tuple[int, int]:
        return self.bounds[self.index(pos)] if self.bounds else (pos, pos)


# words allowed between a government and its protest ("Kyiv has formally protested", "Polen hat scharf protestiert")
_AUXILIARIES = re.compile(r"\s*(?:(?:has|have|had|hat|haben|hatte|formally|officially|offiziell|scharf|strongly)\s+)*")

_NEAR_WORDS = 6  # scope "near": words between a cue and the trigger it qualifies, either side, in one clause
# "and" that starts a new clause (not "Sumy and Kharkiv": a list of names)
_NEW_CLAUSE = re.compile(r"\b(?:und|and|oder|or|aber|but|sowie)\s+(?![A-ZÄÖÜ])")

_PREPOSITION = re.compile(r"(?i)\b(?:in|im|at|aus|nach|from|to)\s+$")  # "In Kiew protestierten …": a place


def _in(span: tuple[int, int], hit: Hit) -> bool:
    return span[0] <= hit.start and hit.end <= span[1]


def _near(text: str, cue: Hit, hit: Hit) -> bool:
    """The cue is at most six words before or after the trigger, with no new clause after "and" between."""
    between = text[min(cue.end, hit.end):max(cue.start, hit.start)]
    return len(between.split()) <= _NEAR_WORDS and not _NEW_CLAUSE.search(between)


def _in_gap(hit: Hit, cue: Hit) -> bool:
    """The cue stands in the gap of a pattern with ``~`` ("griffen Charkiw **nicht** an", "zog die Truppen
    **möglicherweise** ab"): it qualifies the trigger instead of being one of its words."""
    pattern = hit.entry.pattern
    if "~" not in pattern:
        return False
    words = hit.text.split()
    if len(words) < 3 or cue.start < hit.start + len(words[0]) or cue.end > hit.end - len(words[-1]):
        return False
    literals = [w for w in pattern.split()[1:-1] if not w.startswith("~")]
    return not any(fnmatch.fnmatch(cue.text.lower(), w.lower()) for w in literals)  # "griff* ~4 Ortschaften ~4 an"


def qualify_triggers(text: str, hits: Sequence[Hit], cues: Sequence[Hit], clauses: Clauses,
                     sentence: tuple[int, int], consumed: frozenset[int] = frozenset()) -> list[Trigger]:
    """Triggers of one sentence with their cue effects; anaphoric mentions ("dieser Rückzug") are dropped.
    Cues starting at an offset in ``consumed`` (a negation that belongs to a casualty word: "keine Toten")
    do not count."""
    out: list[Trigger] = []
    question = text[sentence[0]:sentence[1]].rstrip().endswith("?")
    for hit in hits:
        clause = clauses.of(hit.start)
        suppressed = "question" if question else ""
        lowered = aggregate = False
        anaphoric = False
        for cue in cues:
            kind, scope = cue.get("kind"), cue.get("scope")
            if cue.start < hit.end and cue.end > hit.start and not _in_gap(hit, cue):
                continue  # the cue is part of the trigger itself
            if scope == "before":
                if kind in ("anaphora", "generic") and cue.end <= hit.start and not text[cue.end:hit.start].strip():
                    anaphoric = True
                elif kind == "diplomatic" and hit.get("kind") == "protest" and cue.end <= hit.start \
                        and _AUXILIARIES.fullmatch(text, cue.end, hit.start) and not suppressed \
                        and not _PREPOSITION.search(text, max(0, cue.start - 6), cue.start):
                    suppressed = kind  # "Kyiv protested", "Polen protestiert": a government, not a street protest
                continue
            if cue.start in consumed:
                continue
            if scope == "clause" and not _in(clause, cue):
                continue
            if scope == "after" and not (_in(clause, cue) or cue.end <= hit.start):
                continue  # "X shot down drones, while Kyiv denied that ...": the denial governs what follows
            if scope == "following" and not (_in(clause, cue) and cue.end <= hit.start
                                             and len(text[cue.end:hit.start].split()) <= 3):
                continue  # "hit Dnipro two weeks after an attack on Kryvyi Rih": the attack right after the cue
            if scope == "next" and not (cue.start >= hit.end and not text[hit.end:cue.start].strip()):
                continue  # "air raid alerts", "missile warning": the word right after the trigger
            if scope == "near" and not (_in(clause, cue) and _near(text, cue, hit)):
                continue  # "may attack Sumy in the coming weeks", not "struck Kharkiv and … in the coming days"
            effect = cue.get("effect")
            if effect == "suppress" and not suppressed:
                suppressed = kind
            elif effect == "lower":
                lowered = True
            elif effect == "aggregate" and not (kind == "total" and hit.get("kind") == "intercept"):
                # a night's total shot down over named regions is still one interception per region
                aggregate = True
            elif effect == "suppress_protest" and hit.get("kind") == "protest" and not suppressed:
                suppressed = kind  # "the foreign ministry protested": a diplomatic protest is no demonstration
        if anaphoric:
            continue
        out.append(Trigger(hit, clause, suppressed, lowered, aggregate, clauses.relative[clauses.index(hit.start)]))
    active = [t for t in out if not t.suppressed]
    if any(not t.relative for t in active) and any(t.relative for t in active):
        # a trigger in a relative clause describes the actor ("Soldaten, die in Kursk kämpften, wurden abgezogen")
        out = [t for t in out if not t.relative or t.suppressed]
    return out


def trigger_lexicon(lang: str):
    return lexicon("triggers", lang)
