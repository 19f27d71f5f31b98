"""One document in, event candidates out: the sentence walk that ties triggers, actors, casualties, places
and dates together (the rules are described in docs/methodology.md)."""
from __future__ import annotations

import bisect
import re
from typing import Any, Sequence

import attrs

from conflictdata._resources import load_json
from conflictdata.extract.actors import ForceMention, find_forces, opponent, opponents
from conflictdata.extract.attach import PlaceRef, classify_places, sentence_date
from conflictdata.extract.casualties import CasualtyReport, find_casualties
from conflictdata.extract.coding import Candidate
from conflictdata.extract.lexicon import Hit, lexicon, words_before
from conflictdata.extract.triggers import CHANGE_KINDS, VIOLENT_TYPES, Clauses, Trigger, qualify_triggers

__all__ = ["document_candidates"]

_PARAGRAPH = re.compile(r"\n[ \t]*\n")
_TERMINAL = tuple('.!?:;"\u201c\u201d\u00bb)\u2019\'')
_HEADING_MAX_WORDS = 14
_STRIKE = "Explosions/Remote violence"
_BATTLES = "Battles"
_AIR = "Air/drone strike"
_SHELLING = "Shelling/artillery/missile attack"
_DESTINATION = {"de": ({"nach"}, {"in die"}), "en": ({"to", "into"}, set())}
_TARGET_FACILITY = {"de": re.compile(r"\s+(?:auf|gegen)\s+(?:das|die|den|ein|eine|einen)\s", re.I),
                    "en": re.compile(r"\s+(?:on|against)\s+(?:the|a|an)\s", re.I)}
_TARGET_PREPOSITION = {"de": frozenset({"auf", "gegen"}), "en": frozenset({"on", "against"})}


@attrs.frozen
class _Paragraph:
    start: int
    end: int
    heading: bool
    section: int


@attrs.define
class _Frame:
    """What the paragraph (or section) has told so far: the last attack type, attacker, places, candidates."""

    event_type: str = ""
    sub_event_type: str = ""
    plural: bool = False
    attacker: str = ""
    places: list[PlaceRef] = attrs.Factory(list)
    last: list[int] = attrs.Factory(list)  # indexes of the previous sentence's candidates


def _paragraphs(text: str, body_offset: int) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    section = 0
    pos = 0
    for m in list(_PARAGRAPH.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end].strip()
        if chunk:
            lead = pos + (len(text[pos:end]) - len(text[pos:end].lstrip()))
            heading = ("\n" not in chunk and not chunk.endswith(_TERMINAL)
                       and len(chunk.split()) <= _HEADING_MAX_WORDS) or (not out and lead < body_offset
                                                                         and body_offset > 0 and "\n" not in chunk
                                                                         and len(chunk.split()) <= 25)
            if heading:
                section += 1
            out.append(_Paragraph(lead, lead + len(chunk), heading, section))
        pos = m.end() if m else len(text)
    return out


def _within(items: Sequence[Any], start: int, end: int, starts: Sequence[int]) -> list[Any]:
    lo = bisect.bisect_left(starts, start)
    hi = bisect.bisect_left(starts, end)
    return [x for x in items[lo:hi] if x.end <= end]


class _Index:
    """Items sorted by start, sliced by offsets."""

    def __init__(self, items: Sequence[Any]):
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def within(self, start: int, end: int) -> list[Any]:
        return _within(self.items, start, end, self.starts)


def _dateline_span(text: str, paragraphs: Sequence[_Paragraph], place: str) -> list[tuple[int, int]]:
    if not place:
        return []
    pattern = re.compile(r"\s*" + re.escape(place) + r"\b[^\n.]{0,40}?\s[-\u2013\u2014]\s")
    for para in paragraphs:
        if para.heading:
            continue
        m = pattern.match(text, para.start)
        if m:
            return [(para.start, m.end())]
    return []


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
    out |= {side for country in list(out) for side in opponents(country)}  # the war's theatre
    return out


def _dateline_place(gazetteer: Any, document: Any, countries: set[str]) -> PlaceRef | None:
    name = getattr(document, "dateline_place", "")
    if not name:
        return None
    try:
        candidates = gazetteer.lookup(name, country_codes=sorted(countries) or None)
    except Exception:  # noqa: BLE001 - an unknown dateline is no dateline
        return None
    if not candidates:
        return None
    place = candidates[0].place
    return PlaceRef(0, 0, name, place, 3 if place.is_region else 1, "incident")


def document_candidates(document: Any, lang: str, gazetteer: Any) -> list[Candidate]:
    """The event candidates of one document (before merging)."""
    from conflictdata.normalize import find_dates, find_quantities
    from conflictdata.text import Sentence, split_sentences

    text = document.text or ""
    if not text.strip():
        return []
    settings = load_json("lexicons/settings.json")
    conf = settings["confidence"]
    published = document.published
    paragraphs = _paragraphs(text, getattr(document, "body_offset", 0))
    triggers = _Index(lexicon("triggers", lang).finditer(text))
    casualty_words = _Index(lexicon("casualties", lang).finditer(text))
    if not triggers.items and not casualty_words.items:
        return []
    # only paragraphs with a trigger or a casualty word can hold an event: the heavier steps (places,
    # sentences, numbers, dates) run on those alone
    relevant = [p for p in paragraphs if not p.heading and (
        triggers.within(p.start, p.end) or casualty_words.within(p.start, p.end))]
    if not relevant:
        return []
    victim_words = _Index(lexicon("victims", lang).finditer(text))
    force_nouns = _Index(lexicon("forces", lang).finditer(text))
    cues = _Index(lexicon("cues", lang).finditer(text))
    sources = [c for c in cues.items if c.get("kind") == "source"]
    forces = _Index(find_forces(text, lang, sources=sources))
    agents = list(lexicon("agents", lang).finditer(text))
    countries = _countries((), forces.items, agents, getattr(document, "dateline_country", ""), lang)
    mentions: list[Any] = []
    sentences: list[Sentence] = []
    for para in relevant:
        chunk = text[para.start:para.end]
        if gazetteer is not None:
            mentions.extend(attrs.evolve(m, start=m.start + para.start, end=m.end + para.start)
                            for m in gazetteer.find_places(chunk, lang, context=sorted(countries)))
        sentences.extend(Sentence(x.text, x.start + para.start, x.end + para.start)
                         for x in split_sentences(chunk, lang))
    countries |= _countries(mentions, (), (), "", lang)
    places = _Index(classify_places(text, lang, mentions, countries,
                                    _dateline_span(text, paragraphs, getattr(document, "dateline_place", ""))))
    found_quantities: list[Any] = []
    found_dates: list[Any] = []
    for x in sentences:
        if triggers.within(x.start, x.end) or casualty_words.within(x.start, x.end):
            found_quantities.extend(attrs.evolve(q, start=q.start + x.start, end=q.end + x.start)
                                    for q in find_quantities(x.text, lang))
            found_dates.extend(attrs.evolve(d, start=d.start + x.start, end=d.end + x.start)
                               for d in find_dates(x.text, published, lang))
    quantities = _Index(found_quantities)
    dates = _Index(found_dates)
    weapons = _Index(lexicon("weapons", lang).finditer(text))
    dateline = _dateline_place(gazetteer, document, countries) if gazetteer is not None else None
    para_starts = [p.start for p in paragraphs]

    out: list[Candidate] = []
    section_frames: dict[int, _Frame] = {}
    frame = _Frame()
    current_para = -1
    for sentence in sentences:
        pi = max(0, bisect.bisect_right(para_starts, sentence.start) - 1)
        para = paragraphs[pi] if paragraphs else _Paragraph(0, len(text), False, 0)
        if pi != current_para:
            current_para = pi
            section = section_frames.setdefault(para.section, _Frame())
            frame = _Frame(section.event_type, section.sub_event_type, section.plural, section.attacker)
        section = section_frames[para.section]
        if para.heading:
            continue
        s, e = sentence.start, sentence.end
        sent_places = places.within(s, e)
        sent_trigger_hits = triggers.within(s, e)
        sent_casualty_words = casualty_words.within(s, e)
        if not sent_trigger_hits and not sent_casualty_words:
            frame.places.extend(p for p in sent_places if p.role in ("incident", "reference"))
            frame.last = []
            continue
        clauses = Clauses(text, s, e, lang)
        sent_cues = cues.within(s, e)
        sent_triggers = qualify_triggers(text, sent_trigger_hits, sent_cues, clauses, (s, e))
        sent_forces = forces.within(s, e)
        sent_weapons = weapons.within(s, e)
        negations = [c for c in sent_cues if c.get("kind") == "negation"]
        reports = find_casualties(text, lang, s, e, quantities.within(s, e), sent_forces, negations,
                                  words=sent_casualty_words, victims=victim_words.within(s, e),
                                  nouns=force_nouns.within(s, e))
        victim_starts = {f.start for f in sent_forces for r in reports if r.start <= f.start < r.end}
        weapon_type = _weapon_type(sent_weapons)
        specific = bool(dates.within(s, e)) or any(r.count for r in reports)
        made: list[int] = []
        seen: set[tuple[str, str, int]] = set()

        active = [t for t in sent_triggers if not t.suppressed]
        if not active and any(r.count for r in reports if r.kind != "casualties") and frame.event_type:
            # casualties without a trigger: the paragraph's last attack ("In Poltawa wurden 14 Tote gemeldet")
            if any(c.get("effect") == "suppress" for c in sent_cues
                   for r in reports if clauses.of(r.start) == clauses.of(c.start) or c.get("scope") == "sentence"):
                continue  # "die Zahl ... könnte bei 4.000 liegen"
            if not any(p.is_incident_for("strike") for p in sent_places) and frame.last:
                _add_casualties(out, frame.last, reports, sentence.text)
                continue
            active = [Trigger(Hit(s, s, "", _inherited_entry(frame)), clauses.of(s))]
        for trig in active:
            kind = trig.kind
            if trig.aggregate:
                continue
            event_type, sub = trig.hit.get("event_type"), trig.hit.get("sub_event_type")
            if kind == "impact":
                if weapon_type:
                    event_type, sub = _STRIKE, weapon_type
                elif frame.event_type:
                    event_type, sub = frame.event_type, frame.sub_event_type
                else:
                    continue
            elif kind == "generic":
                event_type, sub = _resolve_generic(text, trig, weapon_type, frame, sent_forces, sent_places, lang, (s, e))
            elif kind == "inherited":
                event_type, sub = frame.event_type, frame.sub_event_type
            scope = trig.clause if len(active) > 1 and len({t.clause for t in active}) > 1 else (s, e)
            # places
            where = [p for p in sent_places if scope[0] <= p.start < scope[1]]
            named_forces = [f for f in sent_forces if not f.source]
            incident = [p for p in where if p.is_incident_for(kind)]
            if len(incident) > 1:  # "Novoselivka in Donetsk region": the region only says where the town is
                towns = {(p.place.country_code, p.place.admin1) for p in incident if p.geo_precision < 3}
                incident = [p for p in incident if p.geo_precision < 3
                            or (p.place.country_code, p.place.admin1) not in towns] or incident
            if len(incident) > 1 and any(p.role == "reference" for p in incident) and \
                    any(p.role != "reference" for p in incident):
                incident = [p for p in incident if p.role != "reference"]
            source_of_place = "sentence"
            if kind in CHANGE_KINDS and any(p.role == "country_location" and _destination(text, p, lang)
                                            for p in where):
                continue  # troops sent "nach Russland": only the country is known
            if not incident and scope != (s, e):  # the trigger's clause names no place: the sentence's places
                incident = [p for p in sent_places if p.is_incident_for(kind)]
                if kind == "intercept" and not all(_dateline_fits(kind, named_forces, p) for p in incident):
                    incident = []
            if not incident:
                if any(p.role == "country_location" for p in where):
                    continue  # the sentence itself puts the event at country level
                if frame.places and kind not in CHANGE_KINDS:  # a deployment is told with its own place
                    incident, source_of_place = [frame.places[-1]], "paragraph"
                elif dateline is not None and specific and not frame.plural and \
                        _dateline_fits(kind, named_forces, dateline):
                    incident, source_of_place = [dateline], "dateline"
                else:
                    continue
            # actors
            named = [f for f in sent_forces if scope[0] <= f.start < scope[1] and not f.source] or \
                [f for f in sent_forces if not f.source]
            unknown = any(c.get("kind") == "unknown_attacker" for c in sent_cues)
            actors = sorted((f for f in named if f.start not in victim_starts), key=lambda f: f.by_name)
            victims = [f for f in named if f.start in victim_starts]
            if not actors and trig.hit.end > trig.hit.start:
                before = lexicon("agents", lang).match_before(text, trig.hit.start, 40)
                if before is not None and before.get("kind") == "adjective":  # "Russian shelling", "russischer Angriff"
                    actors = [ForceMention(before.get("country"), before.start, before.end, before.text)]
            if kind in CHANGE_KINDS and not actors:
                continue
            if kind == "deploy" and any(q.value and q.value >= settings["aggregate_troop_count"]
                                        for q in quantities.within(scope[0], scope[1])
                                        if not getattr(q, "vague", False)):
                continue  # "11.000 Soldaten entsandt": a total of a campaign, not one event
            date_mention = sentence_date(dates.within(s, e), trig.clause, text)
            if date_mention is not None:
                date, precision = date_mention.date, date_mention.time_precision
            elif published is not None:
                date, precision = published, 2
            else:
                date, precision = None, 1
            year = date.year if date else None
            civ_target = any(c.get("kind") == "civilian_target" for c in sent_cues
                             if trig.clause[0] <= c.start < trig.clause[1])
            killed = [r for r in reports if r.kind == "killed" and not r.negated and r.count is not None]
            injured = [r for r in reports if r.kind == "injured" and not r.negated and r.count is not None]
            for pref in incident:
                if (event_type, sub, id(pref.place)) in seen:
                    continue  # "Schäden ... durch die Angriffe getroffen": one event, several trigger words
                seen.add((event_type, sub, id(pref.place)))
                country = pref.place.country_code
                a1, a2, civ = _actors(event_type, kind, actors, victims, reports, sent_weapons, frame, country,
                                      year, unknown, sent_forces)
                if event_type == _BATTLES and kind in ("capture", "recapture") and a1:
                    sub = "Government regains territory" if a1 == country else "Non-state actor overtakes territory"
                if kind in CHANGE_KINDS or event_type == "Strategic developments":
                    a2, civ = ("" if kind in CHANGE_KINDS else a2), False
                fat, low, high = _fatalities(killed, len(incident), incident.index(pref))
                inj, _, _ = _fatalities(injured, len(incident), incident.index(pref))
                confidence = conf.get(kind, conf["default"]) + conf["place_in_" + source_of_place] \
                    if source_of_place != "dateline" else conf.get(kind, conf["default"]) + conf["place_from_dateline"]
                if date_mention is not None:
                    confidence += conf["explicit_date"]
                if trig.lowered:
                    confidence += conf["lowered"]
                note = ""
                if len(incident) > 1 and (killed or injured):
                    note = f"[Casualty figures of the report are divided across {len(incident)} places.]"
                out.append(Candidate(
                    event_type=event_type, sub_event_type=sub, place=pref.place,
                    geo_precision=pref.geo_precision, date=date, time_precision=precision,
                    actor1_country=a1, actor2_country=a2 if not civ else "", actor2_civilians=civ,
                    civilian_targeting=civ_target and civ, fatalities=fat, fatalities_low=low, fatalities_high=high,
                    injured=inj, evidence=(sentence.text,), confidence=max(conf["minimum"], confidence),
                    note_extra=note))
                made.append(len(out) - 1)
                if event_type in VIOLENT_TYPES and a1 and event_type != "Violence against civilians":
                    frame.attacker = section.attacker = a1
        # what the paragraph has told so far
        for trig in active:
            etype = trig.hit.get("event_type")
            if trig.kind == "strike" or trig.kind == "battle":
                plural = any(c.get("kind") == "plural_target" for c in sent_cues
                             if trig.clause[0] <= c.start < trig.clause[1])
                sub = trig.hit.get("sub_event_type")
                for target in (frame, section):
                    target.event_type, target.sub_event_type, target.plural = etype, sub, plural
            elif trig.kind == "generic" and weapon_type:
                for target in (frame, section):
                    target.event_type, target.sub_event_type, target.plural = _STRIKE, weapon_type, False
        if active:
            for f in sent_forces:
                if not f.source and f.start not in victim_starts and any(
                        t.hit.get("event_type") in VIOLENT_TYPES for t in active):
                    frame.attacker = section.attacker = f.country
                    break
        frame.places.extend(p for p in sent_places if p.role in ("incident", "reference"))
        frame.last = made
    return out


def _inherited_entry(frame: _Frame):
    from conflictdata.extract.lexicon import Entry

    return Entry("", (("event_type", frame.event_type), ("sub_event_type", frame.sub_event_type),
                      ("kind", "inherited")))


def _weapon_type(weapons: Sequence[Hit]) -> str:
    kinds = {w.get("sub_event_type") for w in weapons}
    if _AIR in kinds:  # ACLED: an air strike together with shelling is coded Air/drone strike
        return _AIR
    return _SHELLING if kinds else ""


def _resolve_generic(text: str, trig: Trigger, weapon_type: str, frame: _Frame, forces: Sequence[ForceMention],
                     places: Sequence[PlaceRef], lang: str, sentence: tuple[int, int]) -> tuple[str, str]:
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


def _destination(text: str, place: PlaceRef, lang: str) -> bool:
    one, two = _DESTINATION.get(lang, _DESTINATION["en"])
    before = words_before(text, place.start, 2, 14)
    return bool(before) and (before[-1] in one or " ".join(before) in two)


def _dateline_fits(kind: str, forces: Sequence[ForceMention], dateline: PlaceRef) -> bool:
    """A place from outside the trigger's clause only fits when it can: air defence shoots down weapons over its
    own country."""
    if kind == "intercept":
        own = [f.country for f in forces if not f.weapon and not f.source]
        return bool(own) and own[0] == dateline.place.country_code
    return True


def _actors(event_type: str, kind: str, actors: Sequence[ForceMention], victims: Sequence[ForceMention],
            reports: Sequence[CasualtyReport], weapons: Sequence[Hit], frame: _Frame, country: str,
            year: int | None, unknown: bool, all_forces: Sequence[ForceMention]) -> tuple[str, str, bool]:
    """(actor1 country, actor2 country, actor2 is the civilians of the event's country)."""
    present = [f.country for f in all_forces]
    if kind == "intercept":
        shooters = [f for f in actors if not f.weapon]
        owners = [f for f in actors if f.weapon]
        a1 = shooters[0].country if shooters else ""
        a2 = next((f.country for f in owners if f.country != a1), "")
        return a1, a2, False
    a1 = "" if unknown else (actors[0].country if actors else "")
    if not a1 and not unknown and event_type == _STRIKE and frame.attacker and frame.attacker != country:
        a1 = frame.attacker  # the paragraph's attacker; nobody strikes their own towns in these reports
    civ = event_type == _STRIKE and any(
        r.kind in ("killed", "injured") and r.victims in ("civilian", "person", "") and not r.negated
        and (r.count or r.victims) for r in reports)
    a2 = ""
    if event_type == _BATTLES:
        others = [f.country for f in actors[1:] if f.country != a1] + [f.country for f in victims if f.country != a1]
        if not a1 and victims:
            a1 = opponent(victims[0].country, year, present) or ""
            a2 = victims[0].country
        elif others:
            a2 = others[0]
        elif a1:
            a2 = opponent(a1, year, present)
        if kind in ("capture", "recapture") and not a2 and a1:
            a2 = opponent(a1, year, present)
        if a1 and a1 == a2:
            a2 = ""
        civ = False
    elif event_type == _STRIKE and not civ:
        a2 = next((f.country for f in victims if f.country != a1), "")
    return a1, a2, civ


def _fatalities(reports: Sequence[CasualtyReport], places: int, index: int) -> tuple[int | None, int | None, int | None]:
    """(count, low, high) of one event: the lowest real figure (placeholders only without one), split evenly
    across the places of a list (the first place takes the remainder)."""
    if not reports:
        return None, None, None
    real = [r for r in reports if not r.placeholder] or list(reports)
    counts = [r.count for r in real if r.count is not None]
    if not counts:
        return None, None, None
    total = sum(counts) if len(real) > 1 and len({r.victims for r in real}) > 1 else min(counts)
    lows = [r.low for r in real if r.low is not None]
    highs = [r.high for r in real if r.high is not None]
    if places > 1:
        share, rest = divmod(total, places)
        return share + (rest if index == 0 else 0), None, None
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    return total, low, high


def _add_casualties(out: list[Candidate], indexes: Sequence[int], reports: Sequence[CasualtyReport],
                    sentence: str) -> None:
    """Casualties told in the next sentence belong to the event(s) just coded ("Dabei kamen 3 Menschen ums Leben")."""
    killed = [r for r in reports if r.kind == "killed" and not r.negated and r.count is not None]
    injured = [r for r in reports if r.kind == "injured" and not r.negated and r.count is not None]
    for n, i in enumerate(indexes):
        c = out[i]
        fat, _, _ = _fatalities(killed, len(indexes), n)
        inj, _, _ = _fatalities(injured, len(indexes), n)
        changes: dict[str, Any] = {"evidence": c.evidence + (sentence,)}
        if fat is not None:
            placeholder = all(r.placeholder for r in killed)
            if c.fatalities is None or (not placeholder and c.fatalities is not None and _was_placeholder(c)):
                changes["fatalities"] = fat
            else:
                changes["fatalities"] = min(c.fatalities, fat) if not placeholder else c.fatalities
        if inj is not None and c.injured is None:
            changes["injured"] = inj
        if c.event_type == _STRIKE and any(r.victims in ("civilian", "person", "") for r in killed + injured):
            changes["actor2_civilians"] = True
            changes["actor2_country"] = ""
        out[i] = attrs.evolve(c, **changes)


def _was_placeholder(c: Candidate) -> bool:
    settings = load_json("lexicons/settings.json")
    return c.fatalities in (int(settings.get("plural_fatality_count", 3)), 10)

