"""One document in, event candidates out: the sentence walk that ties triggers, actors, casualties, places
and dates together (the rules are described in docs/methodology.md)."""
from __future__ import annotations

import bisect
import datetime as dt
import operator
import re
from typing import Any, Sequence

import attrs

from conflictdata._resources import load_json
from conflictdata.extract.actors import ForceMention, find_forces, nationality_before, opponent, opponents, theatre
from conflictdata.extract.attach import PlaceRef, classify_places, sentence_date
from conflictdata.extract.casualties import CasualtyReport, find_casualties
from conflictdata.extract.coding import Candidate
from conflictdata.extract.lexicon import Entry, Hit, lexicon, word_before, words_before
from conflictdata.extract.triggers import CHANGE_KINDS, VIOLENT_TYPES, Clauses, Trigger, qualify_triggers
from conflictdata.gazetteer.index import PlaceMention
from conflictdata.normalize.dates import DateMention
from conflictdata.normalize.numbers import Quantity

__all__ = ["document_candidates"]

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
# a year told in a sentence: "in 2022", "im Jahr 2022", "die 2022 zerstört wurde" (a bare year followed by a
# lower-case word or a figure, not "2000 Soldaten")
_YEAR = re.compile(r"\b(?:(?:in|im|Jahr|Jahre|of|during|early|late|mid|Anfang|Mitte|Ende)\s+(20[12]\d)\b"
                   r"|(20[12]\d)(?=\s+(?:[a-zäöüß]|\d)))")
_SINCE = re.compile(r"(?i)\b(?:since|seit|began|begann|beginn|start)")
_TERMINAL = tuple('.!?:;"\u201c\u201d\u00bb)\u2019\'')
_HEADING_MAX_WORDS = 14
_STRIKE = "Explosions/Remote violence"
_BATTLES = "Battles"
_STRATEGIC = "Strategic developments"
_VAC = "Violence against civilians"
# victims who are not fighters in combat: civilians, unnamed people and captives (prisoners of war, detainees)
_NON_COMBATANTS = frozenset({"civilian", "person", "captive"})
_AIR = "Air/drone strike"
_SHELLING = "Shelling/artillery/missile attack"
_DESTINATION = {"de": ({"nach"}, {"in die"}), "en": ({"to", "into"}, set())}
_TARGET_FACILITY = {"de": re.compile(r"\s+(?:auf|gegen)\s+(?:das|die|den|ein|eine|einen)\s", re.I),
                    "en": re.compile(r"\s+(?:on|against)\s+(?:the|a|an)\s", re.I)}
_TARGET_PREPOSITION = {"de": frozenset({"auf", "gegen"}), "en": frozenset({"on", "against"})}
# a definite article before an attack word refers back to an attack already told ("bei dem Angriff", "the strike")
_DEFINITE = {"de": frozenset({"der", "die", "das", "den", "dem", "des"}), "en": frozenset({"the"})}
_REFERRING_KINDS = frozenset({"generic", "strike", "impact"})
# a force after these words inside a casualty phrase did the killing, it was not killed ("von russischen Soldaten")
_AGENT = {"de": frozenset({"von", "durch"}), "en": frozenset({"by"})}
_WEAPON_KINDS = frozenset({"strike", "generic", "impact", "intercept", "inherited"})  # weapons name attackers
_OWN_PLACE_GAP = 30  # characters from a casualty phrase to the place it names ("killing two people in Sumy")
_LOCATIVE = re.compile(r"\s+(?:\w+\s+){0,2}?(?:in|im|near|bei|at|of|der|des)\s+(?:(?:the|city|town|village|Stadt|Ort)\s+)*",
                       re.IGNORECASE)
_TERRITORY = frozenset({"Non-state actor overtakes territory", "Government regains territory"})
# an agency dateline at the start of the first body paragraph: "Kiew (dpa) -", "KYIV, Nov 27 (Reuters) -"
_DATELINE = re.compile(r"\s*([A-ZÄÖÜ][\w'’./ -]{1,40}?)(?:,[^\n\-–—]{0,30})?"
                       r"\s*(?:\([^)\n]{1,30}\))?\s*[-–—]\s")


@attrs.frozen
class _Paragraph:
    start: int
    end: int
    heading: bool
    section: int


@attrs.define
class _Frame:
    """What the paragraph (or section) has told so far."""

    event_type: str = ""  # the last attack type
    sub_event_type: str = ""
    plural: bool = False  # the last attack hit unnamed places ("ukrainische Städte")
    attacker: str = ""  # the last attacking state
    defender: str = ""  # the last intercepting state
    places: list[PlaceRef] = attrs.Factory(list)
    last: list[int] = attrs.Factory(list)  # candidates of the previous sentence
    recent: list[int] = attrs.Factory(list)  # candidates of the last sentence that made any
    date: tuple[dt.date, int] | None = None  # the last date a trigger sentence gave
    denied: set[str] = attrs.Factory(set)  # trigger kinds denied in the paragraph
    made: list[int] = attrs.Factory(list)  # every candidate of the paragraph
    carried: list[int] = attrs.Factory(list)  # the previous paragraph's last events, until a place or event is told
    # an attack of unnamed kind with a toll over no place of its own ("Bei russischen Angriffen auf die Ukraine sind
    # fünf Menschen getötet worden"): the type of the tolls told next with a place ("In Saporischschja starben drei")
    tolled: tuple[str, str] | None = None

    def inherit(self) -> "_Frame":
        """A new paragraph's frame: the section's attack type, attacker, defender, date and summary toll."""
        return _Frame(self.event_type, self.sub_event_type, self.plural, self.attacker, self.defender,
                      date=self.date, tolled=self.tolled)


def _paragraphs(text: str, body_offset: int) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    section = 0
    pos = 0
    for m in list(_PARAGRAPH.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end].strip()
        if chunk:
            lead = pos + (len(text[pos:end]) - len(text[pos:end].lstrip()))
            short = "\n" not in chunk
            heading = (short and not chunk.endswith(_TERMINAL) and len(chunk.split()) <= _HEADING_MAX_WORDS) or (
                not out and 0 < body_offset and lead < body_offset and short and len(chunk.split()) <= 25)
            if heading:
                section += 1
            out.append(_Paragraph(lead, lead + len(chunk), heading, section))
        pos = m.end() if m else len(text)
    return out


_START = operator.attrgetter("start")


class _Index:
    """Items sorted by start, sliced by offsets."""

    def __init__(self, items: Any):
        self.items = sorted(items, key=_START)
        self.starts = [x.start for x in self.items]

    def within(self, start: int, end: int) -> list[Any]:
        lo = bisect.bisect_left(self.starts, start)
        hi = bisect.bisect_left(self.starts, end, lo)
        if lo == hi:  # most lexicons have no hit in most sentences
            return []
        return [x for x in self.items[lo:hi] if x.end <= end]


def _dateline_span(text: str, paragraphs: Sequence[_Paragraph], place: str) -> list[tuple[int, int]]:
    """Where the dateline stands ("Poltawa, Ukraine - ", "Kiew (dpa) - "): its names are no incident places."""
    body = [p for p in paragraphs if not p.heading]
    if not body:
        return []
    if place:
        pattern = re.compile(r"\s*" + re.escape(place) + r"\b[^\n.]{0,40}?\s[-\u2013\u2014]\s")
        for para in body:
            m = pattern.match(text, para.start)
            if m:
                return [(para.start, m.end())]
    m = _DATELINE.match(text, body[0].start)
    return [(body[0].start, m.end())] if m else []


def _countries(places: Sequence[Any], forces: Sequence[ForceMention], agents: Sequence[Hit], dateline_country: str,
               lang: str) -> set[str]:
    """The article's countries: named twice, named by a nationality, the dateline's, and their war opponents."""
    counts: dict[str, int] = {}
    for mention in places:
        place = getattr(mention, "place", None)
        if place is not None and place.feature_code.startswith("PCL"):
            counts[place.country_code] = counts.get(place.country_code, 0) + 1
    out = {cc for cc, n in counts.items() if n >= 2}
    out |= {f.country for f in forces}
    out |= {hit.get("country") for hit in agents}
    if dateline_country:
        from conflictdata.normalize import lookup_country

        country = lookup_country(dateline_country, lang)
        if country is not None:
            out.add(country.alpha_2)
    # the war's sides and where it is fought (North Korea's war against Ukraine is fought in Russia too)
    out |= {side for country in list(out) for side in opponents(country) + theatre(country)}
    return out


def _theatre(forces: Sequence[ForceMention], agents: Sequence[Hit]) -> set[str]:
    """The countries at war in the article: the named parties of a war in dyads.tsv, their opponents and the
    countries where their wars are fought (dyads.tsv ``theatre``: North Korean troops in Russia's Kursk region)."""
    named = {f.country for f in forces} | {hit.get("country") for hit in agents}
    parties = {c for c in named if opponents(c)}
    return parties | {side for c in parties for side in opponents(c) + theatre(c)}


def _outside_theatre(places: list[PlaceRef], theatre: set[str]) -> list[PlaceRef]:
    """Towns outside the countries at war are context (a capital's government, a summit, a home city: Paris,
    Berlin, Washington), never where a strike or a battle happened; agreements and protests abroad keep it."""
    if not theatre:
        return places
    return [attrs.evolve(p, role="foreign") if p.role in ("incident", "reference", "destination", "origin")
            and p.place.country_code not in theatre and p.place.feature_code[:3] != "PCL" else p for p in places]


def _dateline_place(gazetteer: Any, document: Any, countries: set[str], text: str,
                    span: Sequence[tuple[int, int]], places: Sequence[PlaceRef]) -> PlaceRef | None:
    name = getattr(document, "dateline_place", "")
    if not name:  # the agency dateline found in the text: its first place
        inside = [p for p in places if span and span[0][0] <= p.start < span[0][1]
                  and p.place.feature_code[:3] != "PCL"]
        return attrs.evolve(inside[0], start=0, end=0, role="incident") if inside else None
    try:
        candidates = gazetteer.lookup(name, country_codes=sorted(countries) or None)
    except Exception:  # noqa: BLE001 - an unknown dateline is no dateline
        return None
    if not candidates:
        return None
    place = candidates[0].place
    return PlaceRef(0, 0, name, place, 3 if place.is_region else 1, "incident")


def document_candidates(document: Any, lang: str, gazetteer: Any, limit: int | None = None) -> list[Candidate]:
    """The event candidates of one document (before merging); death tolls above ``limit`` (default: the
    ``implausible_fatalities`` setting) are not counted but recorded in ``Candidate.implausible``."""
    return _Coder(document, lang, gazetteer, limit).run()


class _Coder:
    """Codes one document, sentence by sentence."""

    def __init__(self, document: Any, lang: str, gazetteer: Any, limit: int | None = None):
        self.document, self.lang, self.gazetteer, self.limit = document, lang, gazetteer, limit
        self.text = document.text or ""
        self.settings = load_json("lexicons/settings.json")
        self.conf = self.settings["confidence"]
        self.published = document.published
        self.out: list[Candidate] = []
        # (country, admin1, event type) -> the last candidate with it; kept as candidates are added (they never
        # change these fields), not rebuilt per sentence, which made long documents quadratic
        self.known: dict[tuple[str, str, str], int] = {}
        self.explicit: set[int] = set()  # candidates whose date the text gave
        self.shot_down: set[int] = set()  # strikes whose every weapon was intercepted: no strike (ACLED)

    # --- the scan ------------------------------------------------------------------------------------------
    def _scan(self) -> bool:
        from conflictdata.normalize import find_dates, find_quantities
        from conflictdata.text import Sentence, split_sentences

        text, lang = self.text, self.lang
        self.paragraphs = _paragraphs(text, getattr(self.document, "body_offset", 0))
        self.triggers = _Index(lexicon("triggers", lang).finditer(text))
        self.casualty_words = _Index(lexicon("casualties", lang).finditer(text))
        if not self.triggers.items and not self.casualty_words.items:
            return False
        # only paragraphs with a trigger or a casualty word can hold an event: the heavier steps (places,
        # sentences, numbers, dates) run on those alone
        relevant = [p for p in self.paragraphs if not p.heading and (
            self.triggers.within(p.start, p.end) or self.casualty_words.within(p.start, p.end))]
        if not relevant:
            return False
        self.victim_words = _Index(lexicon("victims", lang).finditer(text))
        self.force_nouns = _Index(lexicon("forces", lang).finditer(text))
        self.cues = _Index(lexicon("cues", lang).finditer(text))
        sources = [c for c in self.cues.items if c.get("kind") == "source"]
        agents = list(lexicon("agents", lang).finditer(text))
        # rows with needs=nationality are weapons only after a nationality ("Russian fire", "russisches Feuer")
        self.weapons = _Index(w for w in lexicon("weapons", lang).finditer(text)
                              if w.get("needs") != "nationality" or nationality_before(text, w.start, lang)[0])
        self.forces = _Index(find_forces(text, lang, sources=sources,
                                         hits=(agents, self.force_nouns.items, self.weapons.items)))
        countries = _countries((), self.forces.items, agents, getattr(self.document, "dateline_country", ""), lang)
        mentions: list[Any] = []
        self.sentences: list[Any] = []
        for para in relevant:
            chunk = text[para.start:para.end]
            if self.gazetteer is not None:
                mentions.extend(_shift(m, para.start)
                                for m in self.gazetteer.find_places(chunk, lang, context=sorted(countries)))
            for x in split_sentences(chunk, lang):
                self.sentences.extend(_bounded(Sentence, text, x.start + para.start, x.end + para.start))
        countries |= _countries(mentions, (), (), "", lang)
        span = _dateline_span(text, self.paragraphs, getattr(self.document, "dateline_place", ""))
        classified = _outside_theatre(classify_places(text, lang, mentions, countries, span),
                                      _theatre(self.forces.items, agents))
        self.places = _Index(classified)
        if span:  # "KHARKIV, Ukraine — Russian shelling …": the dateline's country reports, it does not act
            self.forces = _Index(f for f in self.forces.items if not any(a <= f.start < b for a, b in span))
        # a country that only locates ("in der Ukraine") or qualifies the town before it ("in Kherson, Ukraine")
        # does not act by its name
        town_ends = {p.end for p in classified if p.place.feature_code[:3] != "PCL"}
        located = {p.start for p in classified if p.place.feature_code[:3] == "PCL" and (
            p.role == "country_location" or _after_town(text, p.start, town_ends))}
        if located:
            self.forces = _Index(f for f in self.forces.items if not (f.by_name and f.start in located))
        quantities: list[Any] = []
        dates: list[Any] = []
        for x in self.sentences:
            counted = self.casualty_words.within(x.start, x.end)
            if counted:  # figures only count next to a casualty word (find_casualties)
                quantities.extend(_shift(q, x.start) for q in find_quantities(x.text, lang))
            if counted or self.triggers.within(x.start, x.end):
                dates.extend(_shift(d, x.start) for d in find_dates(x.text, self.published, lang))
        self.quantities = _Index(quantities)
        self.dates = _Index(d for d in dates if not any(a <= d.start < b for a, b in span))
        self.dateline = _dateline_place(self.gazetteer, self.document, countries, text, span, classified) \
            if self.gazetteer is not None else None
        return True

    # --- the walk ------------------------------------------------------------------------------------------
    def run(self) -> list[Candidate]:
        if not self.text.strip() or not self._scan():
            return []
        para_starts = [p.start for p in self.paragraphs]
        sections: dict[int, _Frame] = {}
        frame = _Frame()
        current = -1
        for sentence in self.sentences:
            pi = max(0, bisect.bisect_right(para_starts, sentence.start) - 1)
            para = self.paragraphs[pi]
            section = sections.setdefault(para.section, _Frame())
            if pi != current:
                self._backfill(frame)
                previous = frame
                current, frame = pi, section.inherit()
                if current > 0 and self.paragraphs[pi - 1].section == para.section:
                    # "… killing at least 16 people.\n\nThe mayor initially said 14 had died": the same incident
                    frame.carried = previous.recent
            self._sentence(sentence, frame, section)
        self._backfill(frame)
        kept = [c for i, c in enumerate(self.out) if i not in self.shot_down]
        return _month_only(_itemised(kept))

    def _backfill(self, frame: _Frame) -> None:
        """A strike told before its attacker is named ("… in Kiew getötet. Russland griff die Hauptstadt mit
        Drohnen an"): the paragraph's attacker, unless it is the struck place's own state."""
        if not frame.attacker:
            return
        for i in frame.made:
            c = self.out[i]
            if c.event_type == _STRIKE and not c.actor1_country and not c.unknown_attacker \
                    and frame.attacker != c.place.country_code:
                self.out[i] = attrs.evolve(c, actor1_country=frame.attacker)

    def _sentence(self, sentence: Any, frame: _Frame, section: _Frame) -> None:
        text, lang, conf = self.text, self.lang, self.conf
        s, e = sentence.start, sentence.end
        places = self.places.within(s, e)
        trigger_hits = self.triggers.within(s, e)
        casualty_words = self.casualty_words.within(s, e)
        if any(p.role in ("incident", "reference") for p in places):
            frame.carried = []  # another place: the previous paragraph's incident is over
        if not trigger_hits and not casualty_words:
            frame.places.extend(p for p in places if p.role in ("incident", "reference"))
            frame.last = []
            return
        clauses = Clauses(text, s, e, lang)
        cues = self.cues.within(s, e)
        forces = self.forces.within(s, e)
        weapons = self.weapons.within(s, e)
        negations = [c for c in cues if c.get("kind") in ("negation", "casualty_negation")]
        reports = find_casualties(text, lang, s, e, self.quantities.within(s, e), forces, negations,
                                  words=casualty_words, victims=self.victim_words.within(s, e),
                                  nouns=self.force_nouns.within(s, e), limit=self.limit)
        consumed = frozenset(n.start for n in negations for r in reports
                             if r.negated and 0 <= r.start - n.end <= 25)
        earlier = [c for c in cues if c.get("scope") == "following"]
        if earlier:  # "a week after a missile strike on Sumy killed five": that toll is the earlier attack's
            reports = [r for r in reports if not any(c.end <= r.start and clauses.of(c.start) == clauses.of(r.start)
                                                     for c in earlier)]
        triggers = qualify_triggers(text, trigger_hits, cues, clauses, (s, e), consumed)
        agent = _AGENT.get(lang, _AGENT["en"])  # "drei Gefangene wurden von russischen Soldaten hingerichtet"
        victim_starts = {f.start for f in forces for r in reports if r.start <= f.start < r.end
                         and not agent.intersection(words_before(text, f.start, 1))
                         and not f.weapon}  # a weapon is no victim: "tötete russische Artillerie zwei Zivilisten"
        weapon_type = _weapon_type(weapons)
        dates = self.dates.within(s, e)
        speech = [c for c in cues if c.get("kind") == "speech"]
        specific = bool(dates) or any(r.count for r in reports)
        made: list[int] = []
        seen: set[tuple[str, str, int]] = set()

        if any(t.suppressed == "denial" for t in triggers):
            frame.denied.update(t.kind for t in triggers if t.suppressed == "denial")
        elif not triggers and any(c.get("kind") == "denial" for c in cues):
            self._lower(frame.last, conf["denied_claim"])  # "Die Ukraine dementierte das."
        active = [t for t in triggers if not t.suppressed and not t.aggregate]
        incident_here = [p for p in places if p.is_incident_for("strike")]
        told = {self.out[i].place.country_code for i in frame.recent}
        known = self.known
        if active and all(self._definite(t) for t in active) and incident_here and all(
                (p.place.country_code, p.place.admin1, t.hit.get("event_type")) in known
                for t in active for p in places if p.is_incident_for(t.kind)):
            # "bleibt der Abzug unbestätigt": the withdrawal the article already coded at that place
            p = incident_here[0]
            self._attach([known[(p.place.country_code, p.place.admin1, active[0].hit.get("event_type"))]],
                         reports, sentence.text, dates, clauses, speech)
            frame.last = []
            return
        vac_told = any(self.out[i].event_type == _VAC for i in frame.recent)
        if active and frame.recent and not any(p.place.country_code in told for p in incident_here) and any(
                (t.kind in _REFERRING_KINDS or vac_told and t.hit.get("event_type") == _VAC) and self._definite(t)
                for t in active):
            # "Bei dem Angriff am Mittwoch kamen zwei Menschen ums Leben": the attack already told; "Unter den
            # Entführten sei ein Lehrer", "a video of the execution": the abduction or killing just told
            self._attach(frame.last or frame.recent, reports, sentence.text, dates, clauses, speech)
            frame.last = []
            return
        if not active and any(r.count is not None for r in reports if r.kind != "casualties"):
            if any(c.get("effect") == "suppress" for c in cues for r in reports
                   if clauses.of(r.start) == clauses.of(c.start) or c.get("scope") == "sentence"):
                frame.last = []
                return  # "die Zahl ... könnte bei 4.000 liegen"
            if any(c.get("effect") == "aggregate" and clauses.of(c.start) == clauses.of(r.start)
                   for c in cues for r in reports) or any(t.aggregate and not t.suppressed for t in triggers):
                # "Seit 2014 sind … Zehntausende Menschen getötet worden": a running total; "Insgesamt hätten
                # Truppen 38 Ortschaften beschossen, dabei seien zwei Menschen getötet worden": the total's toll
                frame.last = []
                return
            if not incident_here and (frame.last or frame.recent or frame.carried):
                self._attach(frame.last or frame.recent or frame.carried, reports, sentence.text, dates, clauses,
                             speech)
                frame.last = []
                return
            if frame.event_type and not (weapon_type and frame.event_type != _STRIKE):
                # casualties with a place: the paragraph's last attack
                active = [Trigger(Hit(s, s, "", _inherited_entry(frame)), clauses.of(s))]
            elif weapon_type:  # "Eine Rakete tötete zwei Menschen in Odessa", "artillery killed two people"
                entry = _inherited_entry(_Frame(_STRIKE, weapon_type))
                active = [Trigger(Hit(s, s, "", entry), clauses.of(s))]
            elif frame.tolled and incident_here:  # the summary's attacks, itemised by place
                active = [Trigger(Hit(s, s, "", _inherited_entry(_Frame(*frame.tolled))), clauses.of(s))]
        if any(t.kind == "arrest" for t in active):
            # "detained a man who passed coordinates for missile strikes": the weapon is the charge, not an attack
            active = [t for t in active if t.kind in ("arrest", "protest")]
        shot = [t for t in active if t.kind == "intercept"]
        if shot:  # "shot down 88 of 112 drones launched overnight over …": the weapons shot down, no strike
            active = [t for t in active if not (t.kind == "impact" and any(
                t.clause == x.clause and t.hit.start > x.hit.start for x in shot))]
        if not weapon_type and any(t.kind == "battle" for t in active):
            active = [t for t in active if t.kind != "impact"]  # "launched assaults": the battle, no strike
        if not weapons and any(t.kind in ("generic", "battle") for t in active):
            # "Angriffe abgewehrt": repelled ground attacks are the battle; an interception needs a weapon
            active = [t for t in active if t.kind != "intercept"]
        gathering = any(c.get("kind") == "gathering" for c in cues)
        arrests = any(t.kind == "arrest" for t in active)
        # the target of a suppressed attack word is that attack's place, no other's: "two weeks after a similar
        # attack on Kryvyi Rih", "am Jahrestag des Angriffs auf Kramatorsk", "did not attack Kyiv"
        prep = _TARGET_PREPOSITION.get(lang, _TARGET_PREPOSITION["en"])
        taken = {p.start for t in triggers if t.suppressed for p in places
                 if t.clause[0] <= p.start < t.clause[1] and p.start >= t.hit.end
                 and prep.intersection(words_before(text, p.start, 3, p.start - t.hit.end))}
        if taken:
            places = [p for p in places if p.start not in taken]
        countrywide: tuple[str, str] | None = None
        # clauses of attacks told here (not "the attack", which refers back to one): each owns the tolls after it
        trigger_clauses = sorted({t.clause for t in active if t.hit.end > t.hit.start
                                  and not (t.kind in _REFERRING_KINDS and self._definite(t))})
        for trig in active:
            kind = trig.kind
            event_type, sub = trig.hit.get("event_type"), trig.hit.get("sub_event_type")
            if kind == "impact":
                if weapon_type:
                    event_type, sub = _STRIKE, weapon_type
                elif frame.event_type:
                    event_type, sub = frame.event_type, frame.sub_event_type
                else:
                    continue
            elif kind == "generic":
                event_type, sub = _resolve_generic(text, trig, weapon_type, frame, places, lang, (s, e))
                if event_type == _STRIKE and not weapon_type and not any(
                        trig.clause[0] <= p.start < trig.clause[1] and p.role in ("incident", "reference")
                        for p in places) and any(
                        r.kind in ("killed", "injured") and r.count and not r.negated
                        and trig.clause[0] <= r.start < trig.clause[1] for r in reports):
                    countrywide = (event_type, sub)
            elif kind == "inherited":
                event_type, sub = event_type or frame.event_type, sub or frame.sub_event_type
            elif kind in ("arrest", "protest") and (arrests and gathering or kind == "protest" and arrests):
                kind, event_type, sub = "protest", "Protests", "Protest with intervention"  # ACLED
            # several triggers in several clauses: each takes the places of its own clause first
            scope = trig.clause if len({t.clause for t in triggers}) > 1 else (s, e)
            named = [f for f in forces if not f.source and (not f.weapon or kind in _WEAPON_KINDS)]
            incident, origin = self._places(kind, event_type, scope, (s, e), places, named, frame, specific)
            if not incident:
                continue
            actors = sorted((f for f in named if scope[0] <= f.start < scope[1] and f.start not in victim_starts),
                            key=lambda f: f.by_name) or \
                sorted((f for f in named if f.start not in victim_starts), key=lambda f: f.by_name)
            victims = [f for f in named if f.start in victim_starts]
            if trig.hit.end > trig.hit.start and kind != "intercept":
                # a nationality on the attack word names the attacker ("Ukraine said Russian shelling killed …",
                # "bei einem russischen Angriff"): of a strike before any other force, else before states named alone
                country, at = nationality_before(text, trig.hit.start, lang)
                if country and at not in victim_starts and not any(f.start == at for f in actors):
                    mention = ForceMention(country, at, trig.hit.start, text[at:trig.hit.start].strip())
                    rank = 0 if event_type == _STRIKE else next(
                        (n for n, f in enumerate(actors) if f.by_name), len(actors))
                    actors = actors[:rank] + [mention] + actors[rank:]
            if kind in CHANGE_KINDS and not actors:
                continue
            if kind == "withdraw" and any(
                    self.out[i].sub_event_type in _TERRITORY and self.out[i].place in {p.place for p in incident}
                    for i in frame.made):
                continue  # the defenders' withdrawal from a town just taken is part of its capture
            date_mention = sentence_date(dates, trig.clause, text, speech)
            if self._background(date_mention):
                continue  # "after Ukrainian forces retook it in September that year": background, not news
            if date_mention is None and self._past_year(s, e, clauses):
                continue  # "destroyed by Russian shelling in 2022", "bei dem 2022 61 Menschen starben": history
            if date_mention is not None:
                date, precision = date_mention.date, date_mention.time_precision
            elif frame.date is not None:
                date, precision = frame.date
            elif self.published is not None:
                date, precision = self.published, 2
            else:
                date, precision = None, 1
            year = date.year if date else None
            civ_target = self._targets_civilians(cues, trig.clause)
            unknown = any(c.get("kind") == "unknown_attacker" for c in cues)
            # a toll over unnamed places ("killed four civilians in towns across the region") is a total
            totals = [c for c in cues if c.get("kind") == "plural_target"]
            counted = [r for r in reports if not any(clauses.of(c.start) == clauses.of(r.start) for c in totals)]
            if len(trigger_clauses) > 1 and trig.clause in trigger_clauses:
                # "shelling killed a man in X, and a drone attack on Y wounded three", "beschoss X, dabei wurde ein
                # Mann getötet, und eine Drohne traf Y, drei Menschen wurden verletzt": each attack's toll is in its
                # own clause or in the clauses after it, up to the next attack's
                counted = [r for r in counted if _toll_clause(clauses.of(r.start), trigger_clauses) in (trig.clause, None)]
            killed = [r for r in counted if r.kind == "killed" and not r.negated and r.count is not None]
            if kind == "execution" and not killed:
                killed = self._executed(trig)  # "richteten … vier Gefangene hin": the victims are the dead
            injured = [r for r in counted if r.kind == "injured" and r.count is not None]
            owners = _owners(killed + injured, incident, clauses, text)
            summary = any(trig.clause[0] <= c.start < trig.clause[1] for c in totals)
            for index, pref in enumerate(incident):
                key = (event_type, sub, id(pref.place))
                if key in seen:
                    continue  # "Schäden ... durch die Angriffe getroffen": one event, several trigger words
                seen.add(key)
                country = pref.place.country_code
                a1, a2, civ, kinds = self._actors(event_type, sub, kind, actors, victims, reports, frame, country,
                                                  year, unknown, forces, civ_target)
                if event_type == _BATTLES and kind in ("capture", "recapture") and a1:
                    sub = "Government regains territory" if a1 == country else "Non-state actor overtakes territory"
                # the places of the list without counts of their own share its total (ACLED's split rule)
                share = list({id(p.place): p.place for p in incident
                              if not any(owners.get(id(r)) is p.place for r in killed + injured)}.values())
                mine = [r for r in killed if owners.get(id(r)) in (pref.place, None)]
                fat, low, high = _fatalities(mine, share, pref.place, owners)
                inj, _, _ = _fatalities([r for r in injured if owners.get(id(r)) in (pref.place, None)], share,
                                        pref.place, owners)
                confidence = conf.get(kind, conf["default"]) + conf["place_in_" + origin]
                if date_mention is not None:
                    confidence += conf["explicit_date"]
                if trig.lowered:
                    confidence += conf["lowered"]
                if kind in frame.denied:
                    confidence += conf["denied_claim"]  # a claim denied in the same paragraph
                implausible = tuple(r.implausible for r in reports if r.implausible)
                if implausible:
                    confidence += conf["lowered"]
                note = ""
                if len(share) > 1 and pref.place in share and (killed or injured) and any(
                        owners.get(id(r)) is None for r in killed + injured):
                    note = f"[Casualty figures of the report are divided across {len(share)} places.]"
                self.out.append(Candidate(
                    event_type=event_type, sub_event_type=sub, place=pref.place,
                    geo_precision=pref.geo_precision, date=date, time_precision=precision,
                    actor1_country=a1, actor2_country=a2 if not civ else "", actor2_civilians=civ,
                    actor1_kind=kinds[0], actor2_kind=kinds[1],
                    civilian_targeting=(civ_target or event_type == _VAC) and civ, unknown_attacker=unknown,
                    fatalities=fat, fatalities_low=low,
                    fatalities_high=high, injured=inj, fatalities_vague=bool(mine) and all(r.placeholder for r in mine),
                    evidence=(sentence.text,),
                    confidence=max(conf["minimum"], confidence), note_extra=note, implausible=implausible,
                    summary=summary and pref.geo_precision == 3))
                made.append(len(self.out) - 1)
                self.known[(pref.place.country_code, pref.place.admin1, event_type)] = len(self.out) - 1
                if date_mention is not None:
                    self.explicit.add(len(self.out) - 1)
                    frame.date = section.date = (date_mention.date, date_mention.time_precision)
                if event_type in (_STRIKE, _BATTLES) and a1 and kind != "intercept":
                    frame.attacker = section.attacker = a1
        if countrywide is not None:
            frame.tolled = section.tolled = countrywide
        if made and any(t.kind == "intercept" and any(c.get("kind") == "whole" and t.clause[0] <= c.start < t.clause[1]
                                                       for c in cues) for t in active):
            # "griff die Region Brjansk mit 30 Drohnen an. Alle seien abgefangen worden": an attack wholly shot
            # down is coded as its interception only (ACLED); a strike with casualties or damage was not
            shot = {(self.out[i].place.country_code, self.out[i].place.admin1) for i in made
                    if self.out[i].sub_event_type == "Disrupted weapons use"}
            self.shot_down.update(
                i for i in {*frame.recent, *made} if self.out[i].event_type == _STRIKE and not self.out[i].fatalities
                and self.out[i].injured is None and (self.out[i].place.country_code, self.out[i].place.admin1) in shot)
        self._remember(frame, section, active, cues, forces, victim_starts, weapon_type, dates, places, made, s)

    # --- places --------------------------------------------------------------------------------------------
    def _places(self, kind: str, event_type: str, scope: tuple[int, int], sentence: tuple[int, int],
                places: Sequence[PlaceRef], named: Sequence[ForceMention], frame: _Frame,
                specific: bool) -> tuple[list[PlaceRef], str]:
        """The event's place(s): the trigger's clause, its sentence, the paragraph, the dateline."""
        text, lang = self.text, self.lang
        where = [p for p in places if scope[0] <= p.start < scope[1]]
        incident = _specific([p for p in where if p.is_incident_for(kind)])
        if kind in CHANGE_KINDS and any(p.role == "country_location" and _destination(text, p, lang)
                                        and not _followed_by_place(p, where) for p in where):
            return [], ""  # troops sent "nach Russland": only the country is known
        if not incident and any(p.role == "origin" and kind in p.applies_to for p in where):
            return [], ""  # "launched from the Kursk region": where the weapons came from; the hits are told apart
        front = any(c.get("kind") == "front" for c in self.cues.within(scope[0], scope[1]))
        if not incident and scope != sentence and not front:  # the clause names no place: the sentence's places
            # (not for the whole front: "as front-line fighting intensifies")
            incident = _specific([p for p in places if p.is_incident_for(kind)])
            if kind == "intercept" and not all(_fits(kind, named, p) for p in incident):
                incident = []
        if incident:
            return incident, "sentence"
        if any(p.role == "country_location" for p in where):
            return [], ""  # the sentence itself puts the event at country level
        office = [p for p in places if p.role == "authority"][:1]
        if office and kind not in CHANGE_KINDS:
            return office, "sentence"  # "the mayor of Konotop reported a hit": the office's place
        anaphor = any(c.get("kind") == "place_anaphor" for c in self.cues.within(scope[0], scope[1]))
        if frame.places and (kind not in CHANGE_KINDS or anaphor):  # deployments come with their own place
            return _specific(frame.places)[-1:], "paragraph"  # ("aus der Ortschaft zurückgezogen")
        if self.dateline is not None and specific and not frame.plural and event_type != _BATTLES \
                and _fits(kind, named, self.dateline):
            return [self.dateline], "dateline"  # battles are rarely where the reporter is
        return [], ""

    # --- actors --------------------------------------------------------------------------------------------
    def _actors(self, event_type: str, sub: str, kind: str, actors: Sequence[ForceMention],
                victims: Sequence[ForceMention],
                reports: Sequence[CasualtyReport], frame: _Frame, country: str, year: int | None, unknown: bool,
                all_forces: Sequence[ForceMention], targeted: bool = False) -> tuple[str, str, bool, tuple[str, str]]:
        """(actor1 country, actor2 country, actor2 is the civilians of the event's country, actor kinds);
        ``targeted``: the text says civilians were the target."""
        military = ("military", "military")
        present = [f.country for f in all_forces]
        if kind == "intercept":
            shooters = [f for f in actors if not f.weapon]
            owners = [f for f in actors if f.weapon]
            a1 = shooters[0].country if shooters else frame.defender
            if not a1 and opponents(country):
                a1 = country  # air defence shoots down weapons over its own country
            a2 = next((f.country for f in owners if f.country != a1), "") or \
                (frame.attacker if frame.attacker != a1 else "") or (opponent(a1, year, present) if a1 else "")
            return a1, a2, False, military
        if event_type == "Protests":  # ACLED: protesters of the country; the police when it intervened
            police = sub == "Protest with intervention"
            return country, (country if police else ""), False, ("protesters", "police")
        if kind == "agreement":
            sides = list(dict.fromkeys(f.country for f in actors))
            return (sides[0] if sides else ""), (sides[1] if len(sides) > 1 else ""), False, military
        if event_type == _STRIKE:  # "LUTSK, Ukraine — Russia struck …": the struck country is not the attacker
            actors = sorted(actors, key=lambda f: f.country == country)
        a1 = "" if unknown else (actors[0].country if actors else "")
        if not a1 and not unknown and event_type == _STRIKE and frame.attacker and frame.attacker != country:
            a1 = frame.attacker  # the paragraph's attacker; nobody strikes their own towns in these reports
        if not a1 and not unknown and event_type == _STRIKE and not victims:
            a1 = opponent(country, year, present)  # a strike in a country at war with no attacker named: its enemy
        if event_type == _VAC:
            if not a1 and not unknown and frame.attacker and frame.attacker != country:
                a1 = frame.attacker  # "Russian troops took the village. Two prisoners were executed there."
            # the victims are actor2 (codebook): civilians, also captives (prisoners of war, detainees): unarmed
            # and out of combat, so a killing of them is no battle
            return a1, "", True, military
        if kind in CHANGE_KINDS or event_type == _STRATEGIC:
            return a1, "", False, military
        civ = event_type == _STRIKE and (targeted or any(
            r.kind in ("killed", "injured") and (r.victims in _NON_COMBATANTS or not r.victims) and not r.negated
            and (r.count or r.victims) for r in reports))
        a2 = ""
        if event_type == _BATTLES:
            others = [f.country for f in actors[1:] if f.country != a1] + \
                [f.country for f in victims if f.country != a1]
            if not a1 and victims:
                a1 = opponent(victims[0].country, year, present) or ""
                a2 = victims[0].country
            elif not a1 and not unknown and frame.attacker:
                a1 = frame.attacker  # fighting with no side named: the paragraph's last side and its opponent
                a2 = opponent(a1, year, present)
            elif not a1 and not unknown and opponent(country, year, present):
                a1, a2 = opponent(country, year, present), country  # else the war at that place: its invader and it
            elif others:
                a2 = others[0]
            elif a1:
                a2 = opponent(a1, year, present)
            if a1 and a1 == a2:
                a2 = ""
            civ = False
        elif event_type == _STRIKE and not civ:
            a2 = next((f.country for f in victims if f.country != a1), "")
        return a1, a2, civ, military

    def _targets_civilians(self, cues: Sequence[Hit], clause: tuple[int, int]) -> bool:
        """Civilians were the target (codebook: the main or only target, not merely harmed): a cue in the trigger's
        clause naming them as the target ("auf Zivilisten", "targeting civilians"), or an adverb ("gezielt",
        "deliberately"; effect ``target_victims``) with a victim word in that clause."""
        for c in cues:
            if c.get("kind") != "civilian_target" or not clause[0] <= c.start < clause[1]:
                continue
            if c.get("effect") != "target_victims" or any(
                    v.get("class") in _NON_COMBATANTS for v in self.victim_words.within(clause[0], clause[1])):
                return True
        return False

    def _executed(self, trig: Trigger) -> list[CasualtyReport]:
        """The victims counted inside an execution trigger that is no casualty word (the separable "richteten …
        vier gefangene Soldaten hin"): a figure at most two words before a victim word or force noun in it."""
        from conflictdata.normalize import find_quantities

        hit = trig.hit
        nouns = self.victim_words.within(hit.start, hit.end) + self.force_nouns.within(hit.start, hit.end)
        for q in find_quantities(hit.text, self.lang):
            end = hit.start + q.end
            if getattr(q, "vague", False) or not any(
                    n.start >= end and len(self.text[end:n.start].split()) <= 2 for n in nouns):
                continue
            try:
                count = int(q.value)
            except (TypeError, ValueError, OverflowError):
                continue
            return [CasualtyReport("killed", count, None, None, hit.start + q.start, end, "captive")]
        return []

    # --- follow-up sentences -------------------------------------------------------------------------------
    def _definite(self, trig: Trigger) -> bool:
        _, word = word_before(self.text, trig.hit.start, 12)
        return word.lower() in _DEFINITE.get(self.lang, _DEFINITE["en"])

    def _attach(self, indexes: Sequence[int], reports: Sequence[CasualtyReport], sentence: str,
                dates: Sequence[Any], clauses: Clauses, speech: Sequence[Any]) -> None:
        """A sentence that tells more about the event(s) just coded: its casualties (the lowest of conflicting
        figures, with the range) and, when the event had only the publication date, its date."""
        killed = [r for r in reports if r.kind == "killed" and not r.negated and r.count is not None]
        injured = [r for r in reports if r.kind == "injured" and r.count is not None]
        date = sentence_date(dates, (0, 0), self.text, speech)
        for n, i in enumerate(indexes):
            c = self.out[i]
            changes: dict[str, Any] = {"evidence": c.evidence + (sentence,)}
            implausible = tuple(r.implausible for r in reports if r.implausible)
            if implausible:
                changes.update(implausible=c.implausible + implausible,
                               confidence=max(self.conf["minimum"], c.confidence + self.conf["lowered"]))
            # one share per place: the drone and the missile strike on one town are one incident's toll
            places = list(dict.fromkeys(id(self.out[j].place) for j in indexes))
            fat, _, _ = _fatalities(killed, places, id(c.place), {}) if killed else (None, None, None)
            inj, _, _ = _fatalities(injured, places, id(c.place), {}) if injured else (None, None, None)
            if fat is not None:
                placeholder = all(r.placeholder for r in killed)
                if c.fatalities is None or (not placeholder and c.fatalities_vague):
                    changes.update(fatalities=fat, fatalities_vague=placeholder)
                elif not placeholder:
                    # conflicting or revised tolls ("initially 7 … risen to 12"): the lowest, with the range
                    top = max([fat] + ([r.high or r.count for r in killed if not r.placeholder]
                                       if len(places) == 1 else []))
                    low, high = min(c.fatalities, fat), max(c.fatalities, top)
                    if (low, high) != (c.fatalities, c.fatalities):
                        changes.update(fatalities=low, fatalities_low=min(low, _or(c.fatalities_low, low)),
                                       fatalities_high=max(high, _or(c.fatalities_high, high)))
            if inj is not None and c.injured is None:
                changes["injured"] = inj
            if c.event_type == _STRIKE and any((r.victims in _NON_COMBATANTS or not r.victims) and (r.count or 0) > 0
                                               for r in killed + injured):
                changes.update(actor2_civilians=True, actor2_country="")
            if date is not None and i not in self.explicit and not self._background(date) and not any(
                    s.end <= date.start and len(self.text[s.end:date.start].split()) <= 1 for s in speech):
                changes.update(date=date.date, time_precision=date.time_precision)
                self.explicit.add(i)
            self.out[i] = attrs.evolve(c, **changes)

    def _past_year(self, start: int, end: int, clauses: Clauses) -> bool:
        """The sentence tells an attack or a toll in a year before publication ("killed 61 people in 2022"),
        not after "since"/"seit" ("the largest attack since the invasion began in 2022")."""
        if self.published is None:
            return False
        for m in _YEAR.finditer(self.text, start, end):
            if int(m.group(1) or m.group(2)) >= self.published.year:
                continue
            lo, hi = clauses.of(m.start())
            if (self.triggers.within(lo, hi) or self.casualty_words.within(lo, hi)) and \
                    not _SINCE.search(self.text, lo, m.start()):
                return True
        return False

    def _background(self, mention: Any) -> bool:
        """A date well before publication ("im Mai 2023", "in September that year"): what the article tells as
        background, not as news (ACLED codes the reported incident, not the history around it)."""
        if mention is None or self.published is None:
            return False
        return (self.published - mention.date).days > int(self.settings.get("background_days", 31))

    def _lower(self, indexes: Sequence[int], by: float) -> None:
        for i in indexes:
            c = self.out[i]
            self.out[i] = attrs.evolve(c, confidence=max(self.conf["minimum"], c.confidence + by))

    def _remember(self, frame: _Frame, section: _Frame, active: Sequence[Trigger], cues: Sequence[Hit],
                  forces: Sequence[ForceMention], victim_starts: set[int], weapon_type: str, dates: Sequence[Any],
                  places: Sequence[PlaceRef], made: list[int], start: int) -> None:
        """Update what the paragraph has told: attack type, attacker, defender, places, date, candidates."""
        for trig in active:
            plural = any(c.get("kind") == "plural_target" for c in cues
                         if trig.clause[0] <= c.start < trig.clause[1])
            if trig.kind in ("strike", "battle"):
                kind = (trig.hit.get("event_type"), trig.hit.get("sub_event_type"), plural)
            elif trig.kind in ("generic", "impact", "intercept") and weapon_type:
                # "griff mit Drohnen an", "96 Drohnen abgeschossen": later debris and damage are drone strikes
                kind = (_STRIKE, weapon_type, plural if trig.kind != "intercept" else False)
            else:
                continue
            for target in (frame, section):
                target.event_type, target.sub_event_type, target.plural = kind
        if active and any(t.hit.get("event_type") in VIOLENT_TYPES or t.kind == "intercept" for t in active):
            intercept = any(t.kind == "intercept" for t in active)
            named = [f for f in forces if not f.source and f.start not in victim_starts]
            shooter = next((f.country for f in named if not f.weapon), "") if intercept else ""
            attacker = next((f.country for f in named if f.weapon or not intercept), "")
            if shooter:
                frame.defender = section.defender = shooter
            if attacker:
                frame.attacker = section.attacker = attacker
        opening = [d for d in dates if not self.text[start:d.start].strip()]  # "Am 8. Februar 2025, …, kehren …"
        own = opening + [d for d in dates for t in active if t.clause[0] <= d.start < t.clause[1]]
        if own and not made:
            # a summary's date, in the trigger's own clause ("178 combat engagements along the front line on
            # Friday", "Am 8. Februar kehren nordkoreanische Truppen an die Front zurück")
            mention = sentence_date(own, (0, 0), self.text, [c for c in cues if c.get("kind") == "speech"])
            if mention is not None and not self._background(mention):
                frame.date = section.date = (mention.date, mention.time_precision)
        if not active or any(t.kind not in CHANGE_KINDS for t in active):
            # where troops were sent or withdrawn is no place for the fighting told next
            frame.places.extend(p for p in places if p.role in ("incident", "reference"))
        frame.last = made
        if active:
            frame.carried = []
        if made:
            frame.recent = made
            frame.made.extend(made)


_MAX_SENTENCE = 2000  # characters: a longer "sentence" (a scraped list) is coded in parts, so work stays linear


def _bounded(sentence_type: Any, text: str, start: int, end: int) -> list[Any]:
    """The sentence ``text[start:end]``, cut at clause marks or spaces into parts of at most 2,000 characters."""
    parts = []
    while end - start > _MAX_SENTENCE:
        cut = max(text.rfind(",", start, start + _MAX_SENTENCE), text.rfind(" ", start, start + _MAX_SENTENCE))
        cut = cut + 1 if cut > start else start + _MAX_SENTENCE
        parts.append(sentence_type(text[start:cut], start, cut))
        start = cut
    parts.append(sentence_type(text[start:end], start, end))
    return parts


# the classes _shift rebuilds field by field, with the fields it copies: one whose fields changed since is left
# to attrs.evolve (slower, never wrong)
_REBUILT = frozenset(cls for cls, names in (
    (Quantity, ("value", "low", "high", "approximate", "start", "end", "text", "vague")),
    (DateMention, ("start", "end", "text", "date", "time_precision")),
    (PlaceMention, ("start", "end", "text", "candidates", "is_region")),
) if tuple(f.name for f in attrs.fields(cls)) == names)


def _shift(item: Any, delta: int) -> Any:
    """``item`` (a mention found in a slice of the text) with its offsets moved by ``delta``: the common classes
    are rebuilt directly (``attrs.evolve`` looks up the fields on every call: ~5x slower)."""
    cls = type(item)
    if cls not in _REBUILT:
        return attrs.evolve(item, start=item.start + delta, end=item.end + delta)
    if cls is Quantity:
        return Quantity(item.value, item.low, item.high, item.approximate, item.start + delta, item.end + delta,
                        item.text, item.vague)
    if cls is DateMention:
        return DateMention(item.start + delta, item.end + delta, item.text, item.date, item.time_precision)
    if cls is PlaceMention:
        return PlaceMention(item.start + delta, item.end + delta, item.text, item.candidates, item.is_region)
    return attrs.evolve(item, start=item.start + delta, end=item.end + delta)


def _inherited_entry(frame: _Frame) -> Entry:
    return Entry("", (("event_type", frame.event_type), ("sub_event_type", frame.sub_event_type),
                      ("kind", "inherited")))


def _weapon_type(weapons: Sequence[Hit]) -> str:
    kinds = {w.get("sub_event_type") for w in weapons}
    if _AIR in kinds:  # ACLED: an air strike together with shelling is coded Air/drone strike
        return _AIR
    return _SHELLING if kinds else ""


def _resolve_generic(text: str, trig: Trigger, weapon_type: str, frame: _Frame, places: Sequence[PlaceRef],
                     lang: str, sentence: tuple[int, int]) -> tuple[str, str]:
    """An attack of unnamed kind: a weapon word decides, else the paragraph's last strike, else its target
    ("Angriff auf Charkiw": a strike), else the paragraph's last battle, else troops or a front direction
    nearby (a battle), else a strike."""
    if weapon_type:
        return _STRIKE, weapon_type
    if frame.event_type == _STRIKE:
        return frame.event_type, frame.sub_event_type
    clause = trig.clause
    prep = _TARGET_PREPOSITION.get(lang, _TARGET_PREPOSITION["en"])
    for p in places:
        if clause[0] <= p.start < clause[1] and p.start > trig.start and prep.intersection(
                words_before(text, p.start, 3, p.start - trig.hit.end)) \
                and p.role in ("incident", "reference", "country_location"):
            return _STRIKE, _SHELLING
    if _TARGET_FACILITY.get(lang, _TARGET_FACILITY["en"]).match(text, trig.hit.end):
        return _STRIKE, _SHELLING  # "Angriffe auf das Kernkraftwerk", "attack on a hospital"
    if frame.event_type:
        return frame.event_type, frame.sub_event_type
    if next(lexicon("forces", lang).finditer(text, sentence[0], sentence[1]), None) is not None or any(
            p.geo_precision == 2 for p in places if clause[0] <= p.start < clause[1]):
        return _BATTLES, "Armed clash"  # troops named, or a front direction ("in Richtung Pokrowsk")
    return _STRIKE, _SHELLING


def _after_town(text: str, start: int, town_ends: set[int]) -> bool:
    """A name right after "<town>, " ("Kherson, Ukraine"): it qualifies that town."""
    comma = text.rfind(",", max(0, start - 4), start)
    return comma >= 0 and not text[comma + 1:start].strip() and comma in town_ends


def _toll_clause(clause: tuple[int, int], trigger_clauses: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The attack clause a toll's clause belongs to: itself, else the nearest attack clause before it (None: before
    every attack, shared by all)."""
    owner = None
    for tc in trigger_clauses:  # sorted by start
        if tc[0] > clause[0]:
            break
        owner = tc
    return owner


def _specific(places: Sequence[PlaceRef]) -> list[PlaceRef]:
    """Drop a region when a town in it is named too ("Novoselivka in Donetsk region": the town)."""
    towns = {(p.place.country_code, p.place.admin1) for p in places if p.geo_precision < 3}
    kept = [p for p in places if p.geo_precision < 3 or (p.place.country_code, p.place.admin1) not in towns]
    if len(kept) > 1 and any(p.role == "reference" for p in kept) and any(p.role != "reference" for p in kept):
        kept = [p for p in kept if p.role != "reference"]  # "20 km südlich von X" only locates the other place
    return kept


def _destination(text: str, place: PlaceRef, lang: str) -> bool:
    one, two = _DESTINATION.get(lang, _DESTINATION["en"])
    before = words_before(text, place.start, 2, 14)
    return bool(before) and (before[-1] in one or " ".join(before) in two)


def _followed_by_place(country: PlaceRef, places: Sequence[PlaceRef]) -> bool:
    """"to Russia's Kursk region": the country only qualifies the place after it."""
    return any(0 <= p.start - country.end <= 20 and p.role == "incident" for p in places)


def _fits(kind: str, forces: Sequence[ForceMention], place: PlaceRef) -> bool:
    """A place from outside the trigger's clause only fits when it can: air defence shoots down weapons over its
    own country."""
    if kind == "intercept":
        own = [f.country for f in forces if not f.weapon and not f.source]
        return bool(own) and own[0] == place.place.country_code
    return True


def _owners(reports: Sequence[CasualtyReport], places: Sequence[PlaceRef], clauses: Clauses,
            text: str) -> dict[int, Any]:
    """The place (gazetteer record) each casualty report belongs to: the only place in its clause ("In Charkiw
    wurden vier Menschen verletzt, in Sumy brannte ein Lagerhaus"), else the place right after it ("injuring two
    people in Voronezh and knocking out power in Kursk"); other reports are shared by the list's places."""
    owners: dict[int, Any] = {}
    if len(places) < 2:
        return owners
    for r in reports:
        clause = clauses.of(r.start)
        inside = [p for p in places if clause[0] <= p.start < clause[1]]
        if len(inside) == 1:
            owners[id(r)] = inside[0].place
        elif inside:  # "injuring two people in Voronezh and knocking out power to parts of Kursk"
            after = [p for p in inside if 0 <= p.start - r.end <= _OWN_PLACE_GAP
                     and _LOCATIVE.fullmatch(text[r.end:p.start])]
            if len(after) == 1:
                owners[id(r)] = after[0].place
    return owners


def _fatalities(reports: Sequence[CasualtyReport], share: Sequence[Any], place: Any,
                owners: dict[int, Any]) -> tuple[int | None, int | None, int | None]:
    """(count, low, high) for ``place``: its own reports, else its part of the shared ones — the lowest real
    figure (vague placeholders only without one), split evenly across the places of a list, the first place
    taking the remainder."""
    own = [r for r in reports if owners.get(id(r)) is place]
    shared = [r for r in reports if owners.get(id(r)) is None]
    chosen, parts = (own, 1) if own else (shared, len(share) if place in share else 0)
    if not chosen or not parts:
        return None, None, None
    real = [r for r in chosen if not r.placeholder] or list(chosen)
    counts = [r.count for r in real if r.count is not None]
    if not counts:
        return None, None, None
    # "2 soldiers and 3 civilians killed" add up; "7 people died … the toll rose to 12" are conflicting figures
    victims = {r.victims for r in real}
    total = sum(counts) if len(real) > 1 and len(victims) > 1 and "force" in victims and "" not in victims \
        else min(counts)
    if parts > 1:
        share_count, rest = divmod(total, parts)
        part = share_count + (rest if list(share).index(place) == 0 else 0)
        return (part if part or not total else None), None, None  # "one man" over two places: none for the second
    lows = [r.low for r in real if r.low is not None]
    highs = [r.high for r in real if r.high is not None]
    return total, (min(lows) if lows else None), (max(highs) if highs else None)


def _itemised(candidates: list[Candidate]) -> list[Candidate]:
    """A region-level summary over unnamed towns ("shelling hit towns across the Donetsk region") gives way to the
    towns of that region the article itemises with the same event type: they are the incidents. So does any
    region-level strike or battle whose deaths those towns account for, told within a day of them ("Bei Angriffen
    … sechs Zivilisten getötet", then two, one and three in named towns); one with deaths of its own stays."""
    towns: dict[tuple[str, str, str], list[Candidate]] = {}
    for c in candidates:
        if c.geo_precision < 3:
            towns.setdefault((c.place.country_code, c.place.admin1, c.event_type), []).append(c)

    def covered(c: Candidate) -> bool:
        near = [t for t in towns.get((c.place.country_code, c.place.admin1, c.event_type), [])
                if (c.date is None or t.date is None or abs((c.date - t.date).days) <= 1)
                and t.place.name != c.place.name]  # "Kursk" may be the region as much as its capital
        return bool(near) and (c.fatalities or 0) <= sum(t.fatalities or 0 for t in near) \
            and (c.injured or 0) <= sum(t.injured or 0 for t in near)

    return [c for c in candidates
            if not (c.summary and (c.place.country_code, c.place.admin1, c.event_type) in towns
                    or c.geo_precision == 3 and c.event_type in (_STRIKE, _BATTLES)
                    and c.sub_event_type not in _TERRITORY and covered(c))]  # a region taken is news of its own


def _month_only(candidates: list[Candidate]) -> list[Candidate]:
    """An event dated only to a month ("Kiew war zuletzt Ende April Ziel eines Angriffs", a headline list under
    "Key developments") where the article codes the same event type at the same place on a known day: the same
    incident told again, or an earlier one told as background."""
    days = {(c.place.country_code, c.place.admin1, c.place.name, c.event_type) for c in candidates
            if c.time_precision == 1}
    return [c for c in candidates if not (c.time_precision == 3 and (
        c.place.country_code, c.place.admin1, c.place.name, c.event_type) in days)]


def _or(value: int | None, default: int) -> int:
    return default if value is None else value
