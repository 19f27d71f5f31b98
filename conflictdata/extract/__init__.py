"""Incident extraction: German and English articles in, typed ACLED-style events out.

``extract_events`` codes one article; ``extract_corpus`` streams files, folders and feeds and merges the events
of all documents (ACLED's one event per day, place, type and actor pair). The coding rules live in data files
under ``conflictdata/data/lexicons`` and are described in ``docs/methodology.md``.
"""
from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from typing import Any, Callable, Iterable, Iterator

__all__ = ["extract_events", "extract_corpus", "ExtractStats"]


def _gazetteer(gazetteer: Any) -> Any:
    from conflictdata.gazetteer import Gazetteer

    if gazetteer is None:
        return Gazetteer.default()
    if isinstance(gazetteer, (str, os.PathLike)):
        return Gazetteer.load(gazetteer)
    return gazetteer


def _language(document: Any, lang: str | None) -> str:
    if lang in ("de", "en"):
        return lang
    found = getattr(document, "language", "") or ""
    if found in ("de", "en"):
        return found
    from conflictdata.text import detect_language

    text = document.text or ""
    detected = detect_language(text)
    if detected in ("de", "en"):
        return detected
    # too short to tell: the language whose lexicons know more of its words
    from conflictdata.extract.lexicon import lexicon

    def known(lang: str) -> int:
        names = ("triggers", "cues", "casualties", "agents")
        return sum(1 for name in names for _ in lexicon(name, lang).finditer(text))

    return "de" if known("de") > known("en") else "en"


def _candidates_to_events(document: Any, lang: str, gazetteer: Any, limit: int | None = None,
                          implausible: list[str] | None = None) -> list:
    from conflictdata.extract.coding import to_event
    from conflictdata.extract.pipeline import document_candidates

    candidates = document_candidates(document, lang, gazetteer, limit)
    if implausible is not None:
        implausible.extend(figure for c in candidates for figure in c.implausible)
    return [to_event(c, document) for c in candidates]


def _merge(events: list) -> list:
    from conflictdata.merge import merge_events

    return merge_events(events)


def extract_events(text_or_document: Any, published: Any = None, lang: str | None = None,
                   gazetteer: Any = None, *, max_fatalities: int | None = None) -> list:
    """The events of one article (a text or a ``Document``), merged within the article.

    ``published`` (a date or ISO string) is used when the article carries no date of its own; ``lang`` forces
    "de" or "en" (detected otherwise); ``gazetteer`` is a ``Gazetteer``, a path to one, or None for the default;
    death tolls above ``max_fatalities`` (default 100,000, settings.json) are not counted and the event is
    tagged "implausible fatalities". Never raises on odd text: an article without events gives an empty list.
    """
    from conflictdata.documents import Document, parse_article

    if isinstance(text_or_document, Document):
        document = text_or_document
        if published is not None and document.published is None:
            import attrs

            document = attrs.evolve(document, published=_as_date(published))
    elif isinstance(text_or_document, str):
        document = parse_article(text_or_document, "text", default_published=published,
                                 language=lang if lang in ("de", "en") else None)
    else:
        return []
    language = _language(document, lang)
    return _merge(_candidates_to_events(document, language, _gazetteer(gazetteer), max_fatalities))


def _implausible_limit() -> int:
    from conflictdata._resources import load_json

    return int(load_json("lexicons/settings.json").get("implausible_fatalities", 100000))


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


class ExtractStats:
    """Counts of one ``extract_corpus`` run, for the summary: documents read, events by type, undated events,
    documents skipped and why."""

    def __init__(self) -> None:
        self.documents = 0
        self.events_by_type: dict[str, int] = defaultdict(int)
        self.undated = 0
        self.skipped: list[str] = []
        self.warnings: list[str] = []
        self.implausible: list[str] = []  # death tolls left out, worded like problems

    @property
    def events(self) -> int:
        return sum(self.events_by_type.values())


def extract_corpus(paths: Iterable[str | os.PathLike] | str | os.PathLike, *, lang: str | None = None,
                   published: Any = None, gazetteer: Any = None, strict: bool = False,
                   on_problem: Callable[[Any], Any] | None = None, stats: ExtractStats | None = None,
                   on_document: Callable[[Any], Any] | None = None, max_fatalities: int | None = None) -> Iterator:
    """Events of every article in ``paths`` (files, folders, .jsonl feeds), merged across documents.

    Documents are read one at a time; their events are kept per merge partition (country, admin1, month) and
    merged once all are read, so the same inputs in any order give the same events. ``on_problem`` receives
    every skipped or repaired input (an article the extractor fails on is skipped and reported; with
    ``strict`` the run stops there); ``stats`` (an ``ExtractStats``) is filled as the run goes;
    ``on_document`` is called after each document (progress bars); ``max_fatalities`` as in ``extract_events``.
    """
    from conflictdata.documents import read_documents
    from conflictdata.merge import merge_key

    gaz = _gazetteer(gazetteer)
    stats = stats if stats is not None else ExtractStats()

    def problem(p: Any) -> None:
        (stats.skipped if getattr(p, "skipped", True) else stats.warnings).append(str(p))
        if on_problem is not None:
            on_problem(p)

    forced = lang if lang in ("de", "en") else None
    partitions: dict[Any, list] = defaultdict(list)
    for document in read_documents(paths, lang=forced, published=published, strict=strict, on_problem=problem):
        stats.documents += 1
        found: list[str] = []
        try:
            events = _merge(_candidates_to_events(document, _language(document, forced), gaz, max_fatalities,
                                                  implausible=found))
        except Exception as exc:  # noqa: BLE001 - one article must not stop a corpus; it is reported as skipped
            from conflictdata.documents import Problem
            from conflictdata.errors import InputError

            reason = f"extraction failed: {type(exc).__name__}: {exc}; skipped"
            problem(Problem(document.path or document.id, document.line, reason))
            if strict:
                raise InputError(reason, document.path or document.id, document.line) from exc
            events = []
        finally:
            if on_document is not None:
                on_document(document)
        limit = max_fatalities if max_fatalities is not None else _implausible_limit()
        where = f"{document.path or document.id}" + (f":{document.line}" if document.line else "")
        stats.implausible.extend(f"{where}: implausible death toll {figure} (over {limit:,}); not counted"
                                 for figure in found)
        for event in events:
            partitions[merge_key(event)].append(event)
    for key in sorted(partitions):
        for event in _merge(partitions.pop(key)):
            stats.events_by_type[event.event_type] += 1
            stats.undated += event.event_date is None
            yield event
