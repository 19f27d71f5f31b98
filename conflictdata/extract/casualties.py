"""Casualty reports: numbers attached to the words for killed and injured, with the victims they name."""
from __future__ import annotations

import re
from typing import Any, Sequence

import attrs

from conflictdata._resources import load_json
from conflictdata.extract.actors import ForceMention
from conflictdata.extract.lexicon import Hit, lexicon, word_before
from conflictdata.normalize.numbers import is_duration, is_large_scale

__all__ = ["CasualtyReport", "find_casualties", "is_placeholder"]

_WORDS = re.compile(r"\w+")
_BEFORE_WORDS = 5  # "300 nordkoreanische Soldaten ... getötet", "14 Tote"
_AFTER_WORDS = 3  # "killing three people", "death toll rose to 5"
_NEGATION_WORDS = 2  # "keine Toten", "no one was killed"
# the clause's subject: "Drei Menschen wurden bei einem russischen Raketenangriff auf Dnipro getötet"
_SUBJECT_WORDS = 15  # words from the figure to the casualty word closing its clause
_SUBJECT_NOUN_WORDS = 2  # words between the figure and its victim noun ("zwölf ukrainische Soldaten")
_SUBJECT_AUX_WORDS = 6  # words between an auxiliary before the figure and the figure ("wurden am Montag in Sumy drei")
_PUNCTUATION = re.compile(r"[,;:]")  # "a five-storey building, killing four": the five is no toll
# "damaged several homes and wounded 10 people": a number before "and" belongs to another noun
_CONJUNCTION = re.compile(r"\b(?:and|und|or|oder|sowie)\b", re.IGNORECASE)
# a toll noun's figure after a rise phrase (lexicons/*/toll_rises.tsv), within its clause ("the death toll from …
# rose to 35"; "die Zahl der Toten … ist auf 35 gestiegen")
_TOLL_WORDS = 14
_TOLL_STOP = re.compile(r"[,;:.!?]\s|\b(?:and|und|but|aber|while|während)\b", re.IGNORECASE)
_AFTER_STOP = re.compile(r"[,;:.]|\b(?:and|und|or|oder|sowie)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:.!?]")
_VICTIM_AFTER = 60  # characters after a casualty word searched for its victim, within the clause
_ELLIPSIS = re.compile(r"(?:,\s*|\b(?:and|und|sowie)\s+)(another|one more|ein weiterer|eine weitere|ein weiteres)"
                       r"\s+(?=\w)", re.IGNORECASE)  # then a place (_ELLIPSIS_PLACE) or its own casualty word
_ELLIPSIS_PLACE = re.compile(r"(?:in|im|near|bei|nahe|at)\b", re.IGNORECASE)
_ELLIPSIS_VERB = 16  # characters from "another" to its own casualty word ("and another died", "and another was hurt")
_ITEM_PLACE = re.compile(r"\s+(?:of them\s+|davon\s+)?(?:in|im|near|bei)\s+(?:the\s+|der\s+)?[A-ZÄÖÜ]")
_ONE = re.compile(r"\b(einer|eine|eins)(?=\s+(?:in|im|bei)\s)")  # "und einer in Sumy": one (German)
_SINGULAR = frozenset({"ein", "eine", "einen", "einem", "einer", "a", "an"})  # "ein Passant", "a driver"


def _singular(text: str, victim: Hit, lang: str, casualty_words: Sequence[Hit]) -> bool:
    """An indefinite article right before the victim noun, or before one adjective ("ein älterer Passant",
    "a young driver"; not "a drone killed civilians"): one victim."""
    start, word = word_before(text, victim.start, 30)
    if word.lower() in _SINGULAR:
        return True
    if not word or (lang == "de" and not word[:1].islower()) or any(w.start <= start < w.end for w in casualty_words):
        return False
    _, article = word_before(text, start, 30)
    return article.lower() in _SINGULAR


# "a 70-year-old man and his wife", "eine Frau und ihre zwei Kinder": people listed, not counted
_COMPANION = re.compile(r"\s+(?:and|und)\s+(?:his|her|their|seine|seinen|ihre|ihren|sein|ihr)\s+"
                        r"(?:(?P<number>\w+)\s+)?\w+", re.IGNORECASE)


def _companions(text: str, end: int, quants: Sequence[Any]) -> int:
    """How many people a possessive list after a single victim adds ("… and his wife": 1, "… and her two
    children": 2)."""
    m = _COMPANION.match(text, end)
    if m is None:
        return 0
    if m.group("number"):
        for q in quants:
            if q.start == m.start("number") and not getattr(q, "vague", False):
                try:
                    return max(1, int(q.value))
                except (TypeError, ValueError, OverflowError):
                    return 1
    return 1


@attrs.frozen
class CasualtyReport:
    """One report: ``kind`` killed / injured / casualties, a ``count`` (None when no number is given), the range,
    and who the victims are (``victims``: civilian, person, force or ""; ``victim_country`` for forces)."""

    kind: str
    count: int | None
    low: int | None
    high: int | None
    start: int
    end: int
    victims: str = ""
    victim_country: str = ""
    negated: bool = False
    placeholder: bool = False  # a vague word ("viele", "several") that any real figure replaces
    implausible: str = ""  # a figure above the plausible limit, as written; it is not counted


def _items(text: str, start: int, end: int, quants: Sequence[Any], used: set[int],
           reports: Sequence[CasualtyReport]) -> list[CasualtyReport]:
    """The parts of a total itemised by place after it ("killed five people: four in Kharkiv and one in Sumy",
    "fünf Menschen getötet, vier in Charkiw und einer in Sumy"): reports of the total's kind, one per place."""
    totals = [r for r in reports if r.kind in ("killed", "injured") and r.count and not r.negated]
    if not totals:
        return []
    spans = [(q.start, q.end, q.value) for q in quants if id(q) not in used and q.start >= totals[0].end
             and not getattr(q, "vague", False)]
    spans += [(m.start(1), m.end(1), 1) for m in _ONE.finditer(text, totals[0].end, end)]
    out = []
    for a, b, value in sorted(spans):
        if not _ITEM_PLACE.match(text, b):
            continue
        total = [r for r in totals if r.end <= a][-1]
        if any(r.start < a and r.end > total.end for r in reports):
            continue  # another casualty word between: not a part of this total
        try:
            count = int(value)
        except (TypeError, ValueError, OverflowError):
            continue
        out.append(CasualtyReport(total.kind, count, None, None, a, b, total.victims, total.victim_country))
    return out


def _words_between(text: str, a: int, b: int) -> int:
    return len(_WORDS.findall(text, a, b)) if b > a else 0


def _list_conjunctions_only(text: str, a: int, b: int) -> bool:
    """Every "und/and" in ``text[a:b]`` joins two names ("bei Angriffen auf Sumy und Charkiw"), none a new
    clause ("… verletzt und zwei Häuser zerstört" has no figure between, but "Menschen getötet und" would)."""
    for m in _CONJUNCTION.finditer(text, a, b):
        _, left = word_before(text, m.start(), 40)
        right = _WORDS.match(text, m.end() + 1) if m.end() < b else None
        if not (left[:1].isupper() and right is not None and right.group()[:1].isupper()):
            return False
    return True


def _subject(text: str, q: Any, word: Hit, nouns: Sequence[Hit], auxiliaries: Sequence[Hit],
             clause_start: int) -> int | None:
    """The figure as the subject of a casualty word that closes its clause: a figure with its victim noun and a
    finite auxiliary next to it ("Drei Menschen **wurden** bei einem russischen Raketenangriff auf Dnipro
    getötet", "Mindestens zwölf Zivilisten **sind** bei … ums Leben gekommen", "In Dnipro **wurden** am Montag drei
    Menschen bei … getötet"), within one clause (no clause mark, no new clause after "und"). Returns the end of
    the subject (the victim noun), or None."""
    if _words_between(text, q.end, word.start) > _SUBJECT_WORDS or _PUNCTUATION.search(text, q.end, word.start):
        return None
    noun = next((n for n in nouns if q.end <= n.start and n.end <= word.start
                 and _words_between(text, q.end, n.start) <= _SUBJECT_NOUN_WORDS
                 and not _PUNCTUATION.search(text, q.end, n.start)), None)
    if noun is None:
        return None
    opening = not text[clause_start:q.start].strip()  # the figure opens its clause: the subject may run on
    after = any(noun.end <= a.start < word.start and (opening or _words_between(text, noun.end, a.start) <= 1)
                for a in auxiliaries)  # ("At least seven civilians in the port city of Odesa were killed")
    before = any(clause_start <= a.start and a.end <= q.start and _words_between(text, a.end, q.start)
                 <= _SUBJECT_AUX_WORDS and not _PUNCTUATION.search(text, a.end, q.start) for a in auxiliaries)
    if not (after or before) or not _list_conjunctions_only(text, noun.end, word.start):
        return None
    return noun.end


def _plural_noun(word: str, lang: str) -> bool:
    return word[:1].isupper() if lang == "de" else word.lower().endswith("s")


def is_placeholder(quantity: Any) -> bool:
    """Vague words whose ACLED count depends on the attack's scale (several, many: 3 or 10)."""
    from conflictdata.normalize import vague_fatality_count

    return bool(getattr(quantity, "vague", False)) and \
        vague_fatality_count(quantity, context=False) != vague_fatality_count(quantity, context=True)


def _too_large(quantity: Any, maximum: int) -> bool:
    """A figure above the plausible limit (compared before any conversion: it may have thousands of digits)."""
    for value in (getattr(quantity, "value", None), getattr(quantity, "high", None)):
        try:
            if value is not None and value > maximum:
                return True
        except TypeError:
            return True
    return False


def _count_of(quantity: Any, sentence: str) -> tuple[int | None, int | None, int | None, bool]:
    from conflictdata.normalize import vague_fatality_count

    if getattr(quantity, "vague", False):
        # ACLED: "several"/"many" are 3 or 10 by the attack's scale (massiver Angriff, large-scale strike)
        value = vague_fatality_count(quantity, context=sentence)
        return value, None, None, is_placeholder(quantity)
    try:
        value = int(quantity.value)
    except (TypeError, ValueError, OverflowError):
        return None, None, None, False
    low = int(quantity.low) if quantity.low is not None and quantity.high is not None else None
    high = int(quantity.high) if quantity.low is not None and quantity.high is not None else None
    if low is not None and high is not None and low != high:
        return low, low, high, False
    return value, None, None, False


def find_casualties(text: str, lang: str, start: int, end: int, quantities: Sequence[Any],
                    forces: Sequence[ForceMention], negations: Sequence[Hit], *,
                    words: Sequence[Hit] | None = None, victims: Sequence[Hit] | None = None,
                    nouns: Sequence[Hit] | None = None, limit: int | None = None) -> list[CasualtyReport]:
    """Casualty reports in the sentence ``text[start:end]`` (quantities and forces found in it beforehand;
    ``words``, ``victims`` and force ``nouns`` of the sentence may be given when a document was scanned once).
    Figures above ``limit`` (default: ``implausible_fatalities`` in settings.json) are reported, not counted."""
    if words is None:
        words = list(lexicon("casualties", lang).finditer(text, start, end))
    if not words:
        return []
    if victims is None:
        victims = list(lexicon("victims", lang).finditer(text, start, end))
    if nouns is None:
        nouns = list(lexicon("forces", lang).finditer(text, start, end))
    sentence = text[start:end]
    quants = sorted((q for q in quantities if start <= q.start and q.end <= end and not is_duration(text, q.end)),
                    key=lambda q: q.start)
    used: set[int] = set()
    reports: list[CasualtyReport] = []
    settings = load_json("lexicons/settings.json")
    maximum = int(settings.get("implausible_fatalities", 100000)) if limit is None else limit
    auxiliaries: list[Hit] | None = None
    for i, word in enumerate(words):
        prev_word_end = words[i - 1].end if i else start
        next_word_start = words[i + 1].start if i + 1 < len(words) else end
        chosen = None
        subject_end = None
        for q in reversed(quants):  # a number before the word: "14 Tote", "300 Soldaten getötet"
            if id(q) in used or q.end > word.start or q.start < prev_word_end:
                continue
            if any(q.end <= o.start and o.end <= word.start for o in quants if o is not q):
                break
            if _words_between(text, q.end, word.start) <= _BEFORE_WORDS and not _PUNCTUATION.search(
                    text, q.end, word.start) and not _CONJUNCTION.search(text, q.end, word.start):
                chosen = q
            else:  # the clause's subject: "Drei Menschen wurden bei einem Angriff auf Dnipro getötet"
                if auxiliaries is None:
                    auxiliaries = list(lexicon("auxiliaries", lang).finditer(text, start, end))
                clause = max((m.end() for m in _PUNCTUATION.finditer(text, start, q.start)), default=start)
                subject_end = _subject(text, q, word, list(victims) + list(nouns), auxiliaries, clause)
                chosen = q if subject_end is not None else None
            break
        if chosen is None:  # right after it: "killing three people", "tötete drei Menschen", "death toll rose to 5"
            for q in quants:
                if id(q) in used or q.start < word.end or q.start > next_word_start:
                    continue
                gap = text[word.end:q.start]
                if _words_between(text, word.end, q.start) <= _AFTER_WORDS and not _AFTER_STOP.search(gap):
                    chosen = q
                elif not _CLAUSE_END.search(gap) and not _CONJUNCTION.search(gap) and any(0 <= v.start - q.end <= 2 for v in victims):
                    chosen = q  # "tötete in Cherson am Montag zwei Zivilisten": the verb first, the victims later
                break
        if chosen is None and word.get("toll"):  # "the death toll from the strike on Sumy rose to 35"
            for q in quants:
                if id(q) in used or q.start < word.end:
                    continue
                gap = text[word.end:q.start]
                if _words_between(text, word.end, q.start) <= _TOLL_WORDS and not _TOLL_STOP.search(gap) \
                        and lexicon("toll_rises", lang).match_before(text, q.start, 40) is not None:
                    chosen = q
                break
        span = (chosen.start, word.end) if chosen is not None and chosen.start < word.start else \
            (word.start, chosen.end if chosen is not None else word.end)
        if subject_end is not None:  # the report is its subject: the attackers told before the verb are no victims
            span = (chosen.start, subject_end)
        victim_kind, victim_country, victim_count = "", "", None
        for f in forces:
            if not f.weapon and span[0] <= f.start and f.end <= span[1] + 1:
                victim_kind, victim_country = "force", f.country
        if not victim_kind:
            if chosen is None:  # "eine Frau wurde getötet", "killed a 68-year-old woman"
                stop = _CLAUSE_END.search(text, word.end, min(end, word.end + _VICTIM_AFTER))
                # "starb am Samstagnachmittag ein 71 Jahre alter Mann": the subject may follow the verb
                window = (max(prev_word_end, word.start - 40), min(next_word_start, stop.start() if stop else
                                                                   word.end + _VICTIM_AFTER))
            elif chosen.start > word.start:  # "killing three people": the victims follow the number
                window = (span[0], min(next_word_start, span[1] + 25))
            else:
                window = span
            last_victim = 0
            for v in victims:
                if window[0] <= v.start and v.end <= window[1]:
                    victim_kind = v.get("class")
                    if victim_count is not None:
                        if chosen is None and not text[last_victim:v.start].strip():  # "a 70-year-old man and …"
                            victim_count = 1 + _companions(text, v.end, quants)
                        last_victim = v.end
                        continue  # the first of listed victims counts its companions ("ein Mann und seine Frau")
                    last_victim = v.end
                    if v.get("count"):
                        victim_count = int(v.get("count")) + (_companions(text, v.end, quants) if chosen is None else 0)
                    elif chosen is None and _singular(text, v, lang, words):
                        victim_count = 1 + _companions(text, v.end, quants)
            if not victim_kind and any(window[0] <= n.start and n.end <= window[1] for n in nouns):
                victim_kind = "force"
        negated = any(n.end <= word.start and _words_between(text, n.end, word.start) <= _NEGATION_WORDS
                      for n in negations)
        count = low = high = None
        placeholder = False
        implausible = ""
        if chosen is not None:
            used.add(id(chosen))
            if _too_large(chosen, maximum):  # no single event's toll: a misread number or a war total
                implausible = chosen.text if len(chosen.text) <= 40 else chosen.text[:37] + "..."
            else:
                count, low, high, placeholder = _count_of(chosen, sentence)
        elif negated:
            count = 0
        elif victim_count is not None:
            count = victim_count
        elif word.get("class") == "killed" and (victim_kind or _plural_noun(word.text, lang)):
            # ACLED: plural "fatalities" without a figure count as "several"
            count, placeholder = int(settings.get("plural_fatality_count", 3)), True
            if is_large_scale(sentence):
                count = int(settings.get("plural_fatality_count_large", 10))
        if word.get("class") == "killed" and word.text.lower().startswith("gefallen") and chosen is None \
                and not victim_kind:
            continue  # "gefallen" without a number or a soldier is not a casualty ("die Entscheidung ist gefallen")
        reports.append(CasualtyReport(word.get("class"), count, low, high, span[0], span[1], victim_kind,
                                      victim_country, negated, placeholder, implausible))
    reports.extend(_items(text, start, end, quants, used, reports))
    for m in _ELLIPSIS.finditer(text, start, end):
        # "One person was killed in Druzhkivka, and another in Sloviansk": one more of the same kind; "and another
        # died in a drone strike on Shostka", "and another was injured": one more, of its own casualty word's kind
        prior = [r for r in reports if r.end <= m.start() and r.kind in ("killed", "injured") and r.count
                 and not r.negated]
        own = next((w for w in words if 0 <= w.start - m.end(1) <= _ELLIPSIS_VERB
                    and w.get("class") in ("killed", "injured")), None)
        if not prior or (own is None and not _ELLIPSIS_PLACE.match(text, m.end())):
            continue
        kind = own.get("class") if own is not None else prior[-1].kind
        reports.append(CasualtyReport(kind, 1, None, None, m.start(1), m.end(1), prior[-1].victims,
                                      prior[-1].victim_country))
    return reports
