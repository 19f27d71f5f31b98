"""The extraction test corpus: short German and English wire-copy snippets with their expected events.

``tests/corpus/snippets.jsonl`` is gold data written independently of the extractor (format in
``tests/corpus/README.md``). This module checks that every snippet is well formed (always), and runs
``conflictdata.extract.extract_events`` over the corpus, matching produced events to expected ones: the corpus
as a whole must reach the bar (recall, precision, no forbidden event, no crash); the report marks every
snippet that fails and why. ``python tests/test_corpus.py [ID...]`` prints the report.
"""
from __future__ import annotations

import datetime as dt
import importlib
import json
import math
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import attrs
import pytest

from conflictdata.merge import merge_events
from conflictdata.schema import Event
from conflictdata.text import normalize_key
from conflictdata.vocabulary import get_vocabulary

CORPUS = Path(__file__).resolve().parent / "corpus" / "snippets.jsonl"

MATCH_KM = 25.0  # a produced event is at the expected place when within this distance
FORBIDDEN_KM = 10.0  # a forbidden place is hit by a produced event this close to it (or of the same name)
LOW_CONFIDENCE = 0.5  # unmatched events below this confidence do not count against precision ("lower confidence")
DAY_TOLERANCE = {1: 0, 2: 7, 3: 31}  # by expected time_precision, unless the expectation gives date_tolerance
BAR = {"recall": 0.80, "precision": 0.80}

SNIPPET_FIELDS = {"id": str, "lang": str, "published": str, "text": str, "expected": list, "forbidden": list, "why": str}
EXPECTED_FIELDS = {
    "event_type": str, "sub_event_type": (str, list), "location": str, "latitude": float, "longitude": float,
    "fatalities": (int, type(None)), "injured": (int, type(None)), "actor1": (str, type(None)),
    "actor2": (str, type(None)), "event_date": (str, type(None)), "geo_precision": int,
}
EXPECTED_OPTIONAL = {
    "time_precision": int, "date_tolerance": int, "optional": bool, "event_type_alt": list, "sub_event_type_alt": list,
}
FORBIDDEN_FIELDS = {
    "location": str, "latitude": float, "longitude": float, "event_type": str, "sub_event_type": str,
    "fatalities": int, "event_date": str, "min_confidence": float,
}


def load_snippets(path: Path = CORPUS) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- well-formedness ------------------------------------------------------------------------------------------


def _type_problems(record: dict[str, Any], fields: dict[str, Any], where: str, *, required: bool) -> list[str]:
    problems = []
    for name, kind in fields.items():
        if name not in record:
            if required:
                problems.append(f"{where}: missing {name!r}")
            continue
        value = record[name]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            continue
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            problems.append(f"{where}: {name}={value!r} is not {'/'.join(k.__name__ for k in kinds)}")
    return problems


def _is_date(text: Any) -> bool:
    try:
        dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def snippet_problems(snippet: dict[str, Any]) -> list[str]:
    """Everything wrong with one snippet record (empty when it is well formed)."""
    where = snippet.get("id", "?")
    problems = _type_problems(snippet, SNIPPET_FIELDS, where, required=True)
    unknown = set(snippet) - set(SNIPPET_FIELDS)
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    if problems:
        return problems
    if snippet["lang"] not in ("de", "en"):
        problems.append(f"{where}: lang must be 'de' or 'en'")
    if not _is_date(snippet["published"]):
        problems.append(f"{where}: published is not an ISO date")
    if not snippet["text"].strip() or not snippet["why"].strip():
        problems.append(f"{where}: empty text or why")
    vocab = get_vocabulary()
    for i, exp in enumerate(snippet["expected"]):
        at = f"{where} expected[{i}]"
        problems += _type_problems(exp, EXPECTED_FIELDS, at, required=True)
        problems += _type_problems(exp, EXPECTED_OPTIONAL, at, required=False)
        unknown = set(exp) - set(EXPECTED_FIELDS) - set(EXPECTED_OPTIONAL)
        if unknown:
            problems.append(f"{at}: unknown keys {sorted(unknown)}")
            continue
        types = [exp.get("event_type"), *exp.get("event_type_alt", [])]
        if any(t not in vocab.event_types for t in types):
            problems.append(f"{at}: unknown event type in {types}")
            continue
        allowed = {s for t in types for s in vocab.sub_event_types_of(t)}
        subs = _subtypes(exp)
        if not subs or any(s not in allowed for s in subs):
            problems.append(f"{at}: sub-event types {subs} do not belong to {types}")
        if not (-90 <= exp.get("latitude", 0) <= 90 and -180 <= exp.get("longitude", 0) <= 180):
            problems.append(f"{at}: coordinates out of range")
        if exp.get("event_date") is not None and not _is_date(exp["event_date"]):
            problems.append(f"{at}: event_date is not an ISO date")
        if exp.get("geo_precision") not in (1, 2, 3) or exp.get("time_precision", 1) not in (1, 2, 3):
            problems.append(f"{at}: precisions must be 1, 2 or 3")
        for name in ("fatalities", "injured", "date_tolerance"):
            if isinstance(exp.get(name), int) and exp[name] < 0:
                problems.append(f"{at}: {name} is negative")
    for i, forbidden in enumerate(snippet["forbidden"]):
        at = f"{where} forbidden[{i}]"
        if not isinstance(forbidden, dict) or not forbidden:
            problems.append(f"{at}: must be a non-empty object")
            continue
        problems += _type_problems(forbidden, FORBIDDEN_FIELDS, at, required=False)
        unknown = set(forbidden) - set(FORBIDDEN_FIELDS)
        if unknown:
            problems.append(f"{at}: unknown keys {sorted(unknown)}")
        if ("latitude" in forbidden) != ("longitude" in forbidden):
            problems.append(f"{at}: latitude and longitude go together")
    return problems


def _subtypes(expected: dict[str, Any]) -> list[str]:
    sub = expected.get("sub_event_type")
    return [*(sub if isinstance(sub, list) else [sub]), *expected.get("sub_event_type_alt", [])]


def test_every_snippet_is_well_formed() -> None:
    snippets = load_snippets()
    problems = [p for s in snippets for p in snippet_problems(s)]
    assert problems == []
    ids = [s["id"] for s in snippets]
    assert len(ids) == len(set(ids)), "snippet ids must be unique"


def test_snippet_problems_are_reported() -> None:
    good = load_snippets()[0]
    assert snippet_problems(good) == []
    assert snippet_problems({**good, "lang": "fr"}) == [f"{good['id']}: lang must be 'de' or 'en'"]
    bad_event = {**good["expected"][0], "sub_event_type": "Peaceful protest", "geo_precision": 4}
    assert len(snippet_problems({**good, "expected": [bad_event]})) == 2
    assert snippet_problems({**good, "forbidden": [{"place": "Paris"}]}) == [f"{good['id']} forbidden[0]: unknown keys ['place']"]
    assert snippet_problems({"id": "x"})[0] == "x: missing 'lang'"


def test_corpus_covers_languages_event_types_and_traps() -> None:
    snippets = load_snippets()
    assert len(snippets) >= 40
    by_lang = {lang: sum(s["lang"] == lang for s in snippets) for lang in ("de", "en")}
    assert min(by_lang.values()) >= 0.4 * len(snippets), by_lang
    subs = {s for snip in snippets for exp in snip["expected"] if not exp.get("optional") for s in _subtypes(exp)}
    for needed in ("Air/drone strike", "Shelling/artillery/missile attack", "Armed clash",
                   "Non-state actor overtakes territory", "Government regains territory", "Disrupted weapons use",
                   "Change to group/activity", "Agreement", "Arrests", "Peaceful protest", "Protest with intervention"):
        assert needed in subs, needed
    assert sum(not s["expected"] for s in snippets) >= 5, "negation, modality and aggregate snippets expect no event"
    assert sum(len(s["expected"]) >= 2 for s in snippets) >= 8, "lists of places and multi-event snippets"
    assert sum(bool(s["forbidden"]) for s in snippets) >= 20, "context places, denials, aggregates"
    assert sum(e["geo_precision"] == 3 for s in snippets for e in s["expected"]) >= 5, "region-level mentions"


# --- matching -------------------------------------------------------------------------------------------------


@attrs.frozen
class SnippetResult:
    """How the events produced for one snippet compare with its expectations."""

    id: str
    found: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()
    forbidden_hits: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # wrong sub-event types, actors, injured: reported, not scored
    error: str = ""
    required: int = 0
    matched: int = 0
    counted: int = 0  # produced events that count for precision

    @property
    def ok(self) -> bool:
        return not (self.missed or self.spurious or self.forbidden_hits or self.error)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _place_distance(expected: dict[str, Any], event: Event) -> float | None:
    if event.latitude is None or event.longitude is None:
        return None
    return _km(expected["latitude"], expected["longitude"], event.latitude, event.longitude)


def _date_agrees(expected: dict[str, Any], event: Event) -> bool:
    if expected.get("event_date") is None:
        return True
    if event.event_date is None:
        return False
    tolerance = expected.get("date_tolerance", DAY_TOLERANCE[expected.get("time_precision", 1)])
    return abs((dt.date.fromisoformat(expected["event_date"]) - event.event_date).days) <= tolerance


def _candidate(expected: dict[str, Any], event: Event) -> float | None:
    """The distance when ``event`` matches ``expected`` on type, place and date (fatalities apart), else None."""
    if event.event_type not in (expected["event_type"], *expected.get("event_type_alt", [])):
        return None
    km = _place_distance(expected, event)
    if km is None or km > MATCH_KM or not _date_agrees(expected, event):
        return None
    return km


def _fatalities_agree(expected: dict[str, Any], event: Event) -> bool:
    return expected.get("fatalities") is None or event.fatalities == expected["fatalities"]


def _describe_expected(expected: dict[str, Any]) -> str:
    dead = "" if expected.get("fatalities") is None else f", {expected['fatalities']} dead"
    return f"{_subtypes(expected)[0]} @ {expected['location']} {expected.get('event_date')}{dead}"


def _describe_event(event: Event) -> str:
    where = event.location or f"({event.latitude}, {event.longitude})"
    return (f"{event.sub_event_type} @ {where} {event.event_date} p{event.geo_precision}, {event.fatalities} dead, "
            f"conf {event.confidence:.2f}")


def _is_aggregate(event: Event) -> bool:
    return "aggregate" in {t.strip() for t in event.tags.split(";")}


def _hits_forbidden(rule: dict[str, Any], event: Event) -> bool:
    if "location" in rule or "latitude" in rule:
        same_name = "location" in rule and normalize_key(rule["location"]) == normalize_key(event.location)
        near = ("latitude" in rule and event.latitude is not None and event.longitude is not None
                and _km(rule["latitude"], rule["longitude"], event.latitude, event.longitude) <= FORBIDDEN_KM)
        if not (same_name or near):
            return False
    checks = {
        "event_type": lambda v: event.event_type == v,
        "sub_event_type": lambda v: event.sub_event_type == v,
        "fatalities": lambda v: event.fatalities == v,
        "event_date": lambda v: event.event_date is not None and event.event_date.isoformat() == v,
        "min_confidence": lambda v: event.confidence >= v,
    }
    return all(check(rule[name]) for name, check in checks.items() if name in rule)


def match_snippet(snippet: dict[str, Any], produced: Iterable[Event]) -> SnippetResult:
    """Greedy matching, required expectations first and nearest first, as ../shared/eval/score.py does."""
    expected = snippet["expected"]
    events = list(produced)
    incidents = [e for e in events if not _is_aggregate(e)]  # events marked as aggregates are not incidents
    pairs = []
    for gi, exp in enumerate(expected):
        for ei, event in enumerate(incidents):
            km = _candidate(exp, event)
            if km is not None:
                pairs.append((bool(exp.get("optional")), not _fatalities_agree(exp, event), km, gi, ei))
    pairs.sort()
    used_g: dict[int, int] = {}
    used_e: set[int] = set()
    notes: list[str] = []
    for _optional, wrong_count, _km_, gi, ei in pairs:
        if gi in used_g or ei in used_e:
            continue
        if wrong_count:
            notes.append(f"fatalities: expected {expected[gi]['fatalities']} for {expected[gi]['location']}, "
                         f"got {incidents[ei].fatalities}")
            continue
        used_g[gi] = ei
        used_e.add(ei)
    for gi, ei in sorted(used_g.items()):
        exp, event = expected[gi], incidents[ei]
        if event.sub_event_type not in _subtypes(exp):
            notes.append(f"sub-event type: expected {_subtypes(exp)} at {exp['location']}, got {event.sub_event_type}")
        wanted = {a for a in (exp.get("actor1"), exp.get("actor2")) if a}
        if wanted and not wanted <= {event.actor1, event.actor2}:
            notes.append(f"actors: expected {sorted(wanted)} at {exp['location']}, got {event.actor1!r} / {event.actor2!r}")
        if exp.get("injured") is not None and event.injured != exp["injured"]:
            notes.append(f"injured: expected {exp['injured']} at {exp['location']}, got {event.injured}")
    required = [gi for gi, exp in enumerate(expected) if not exp.get("optional")]
    matched = sum(1 for gi in used_g if gi in required)
    optional_matched = len(used_g) - matched
    unmatched = [e for ei, e in enumerate(incidents) if ei not in used_e]
    spurious = [e for e in unmatched if e.confidence >= LOW_CONFIDENCE]
    hits = [f"{_describe_event(e)} violates {rule}" for e in incidents for rule in snippet["forbidden"] if _hits_forbidden(rule, e)]
    return SnippetResult(
        id=snippet["id"],
        found=tuple(_describe_expected(expected[gi]) for gi in sorted(used_g)),
        missed=tuple(_describe_expected(expected[gi]) for gi in required if gi not in used_g),
        spurious=tuple(_describe_event(e) for e in spurious),
        forbidden_hits=tuple(hits),
        notes=tuple(notes),
        required=len(required),
        matched=matched,
        counted=len(incidents) - optional_matched - (len(unmatched) - len(spurious)),
    )


def run_corpus(extract: Callable[..., list[Event]], snippets: list[dict[str, Any]] | None = None) -> list[SnippetResult]:
    """Extract (then merge) every snippet's events and match them; a crash is recorded, not raised."""
    results = []
    for snippet in snippets if snippets is not None else load_snippets():
        try:
            events = merge_events(extract(snippet["text"], published=dt.date.fromisoformat(snippet["published"]), lang=snippet["lang"]))
        except Exception as exc:  # noqa: BLE001 - the report names the crash; the bar forbids any
            results.append(SnippetResult(id=snippet["id"], error=f"{type(exc).__name__}: {exc}",
                                         missed=tuple(_describe_expected(e) for e in snippet["expected"] if not e.get("optional")),
                                         required=sum(not e.get("optional") for e in snippet["expected"])))
            continue
        results.append(match_snippet(snippet, events))
    return results


def totals(results: list[SnippetResult]) -> dict[str, Any]:
    required = sum(r.required for r in results)
    matched = sum(r.matched for r in results)
    counted = sum(r.counted for r in results)
    return {
        "snippets": len(results),
        "snippets_ok": sum(r.ok for r in results),
        "expected": required,
        "found": matched,
        "produced": counted,
        "recall": round(matched / required, 3) if required else 1.0,
        "precision": round(matched / counted, 3) if counted else 1.0,
        "forbidden_hits": sum(len(r.forbidden_hits) for r in results),
        "crashes": sum(bool(r.error) for r in results),
    }


def format_report(results: list[SnippetResult]) -> str:
    lines = []
    for r in results:
        lines.append(f"{'ok  ' if r.ok else 'FAIL'} {r.id}: {r.matched}/{r.required} found")
        lines += [f"       crash: {r.error}"] if r.error else []
        lines += [f"       missed: {m}" for m in r.missed]
        lines += [f"       spurious: {s}" for s in r.spurious]
        lines += [f"       FORBIDDEN: {h}" for h in r.forbidden_hits]
        lines += [f"       note: {n}" for n in r.notes]
    lines.append("totals: " + json.dumps(totals(results)))
    return "\n".join(lines)


def _extract_events() -> Callable[..., list[Event]]:
    try:
        module = importlib.import_module("conflictdata.extract")
    except ModuleNotFoundError as exc:
        if exc.name == "conflictdata.extract":
            pytest.skip("conflictdata.extract is not written yet")
        raise
    return module.extract_events


def test_extractor_meets_the_bar_on_the_corpus() -> None:
    results = run_corpus(_extract_events())
    summary = totals(results)
    report = format_report(results)
    print(report)
    assert summary["crashes"] == 0, report
    assert summary["forbidden_hits"] == 0, report
    assert summary["recall"] >= BAR["recall"], report
    assert summary["precision"] >= BAR["precision"], report


# --- the harness itself ----------------------------------------------------------------------------------------


def oracle_events(snippet: dict[str, Any]) -> list[Event]:
    """The events a perfect extractor would produce for a snippet (its expectations, as Events)."""
    events = []
    for i, exp in enumerate(snippet["expected"]):
        events.append(Event(
            event_date=exp["event_date"], time_precision=exp.get("time_precision", 1),
            event_type=exp["event_type"], sub_event_type=_subtypes(exp)[0],
            actor1=exp["actor1"] or "", actor2=exp["actor2"] or "",
            location=exp["location"], latitude=exp["latitude"], longitude=exp["longitude"],
            geo_precision=exp["geo_precision"], fatalities=exp["fatalities"] or 0,
            fatalities_low=exp["fatalities"], fatalities_high=exp["fatalities"], injured=exp["injured"],
            document_ids=[snippet["id"]], evidence=[f"expected {i}"],
        ))
    return events


def test_a_perfect_extractor_passes_and_respects_every_forbidden_rule() -> None:
    snippets = load_snippets()
    by_text = {s["text"]: s for s in snippets}
    results = run_corpus(lambda text, **_: oracle_events(by_text[text]), snippets)
    assert [r.id for r in results if not r.ok] == []
    assert totals(results)["recall"] == 1.0 and totals(results)["precision"] == 1.0


def test_the_harness_reports_misses_spurious_events_forbidden_hits_and_crashes() -> None:
    snippets = load_snippets()
    silent = totals(run_corpus(lambda text, **_: [], snippets))
    assert (silent["recall"], silent["precision"], silent["forbidden_hits"]) == (0.0, 1.0, 0)

    snippet = next(s for s in snippets if s["id"] == "de-16-kramatorsk-g7-paris")
    [kramatorsk] = oracle_events(snippet)
    paris = kramatorsk.replace(location="Paris", latitude=48.86, longitude=2.35)
    wrong_count = kramatorsk.replace(fatalities=7, fatalities_low=None, fatalities_high=None)
    result = match_snippet(snippet, [wrong_count, paris])
    assert result.missed and len(result.spurious) == 2 and len(result.forbidden_hits) == 1
    assert any("fatalities: expected 2" in n for n in result.notes)
    assert match_snippet(snippet, [paris.replace(tags="aggregate")]).forbidden_hits == ()  # marked, not an incident
    assert match_snippet(snippet, [kramatorsk, paris.replace(confidence=0.3)]).spurious == ()  # low confidence
    shelling_a_day_late = kramatorsk.replace(event_date=dt.date(2025, 10, 23))
    assert match_snippet(snippet, [shelling_a_day_late]).matched == 0

    def crash(text: str, **_: Any) -> list[Event]:
        raise RuntimeError("boom")

    crashed = run_corpus(crash, [snippet])
    assert crashed[0].error == "RuntimeError: boom" and "crash: RuntimeError: boom" in format_report(crashed)


if __name__ == "__main__":
    wanted = set(sys.argv[1:])
    chosen = [s for s in load_snippets() if not wanted or s["id"] in wanted or any(s["id"].startswith(w) for w in wanted)]
    from conflictdata.extract import extract_events

    print(format_report(run_corpus(extract_events, chosen)))
