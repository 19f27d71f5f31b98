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
    if candidates and getattr(document, "language", lang) != lang:
        import attrs

        document = attrs.evolve(document, language=lang)  # events say which language's rules coded them
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
                   on_document: Callable[[Any], Any] | None = None, max_fatalities: int | None = None,
                   workers: int | None = 1, **tuning: Any) -> Iterator:
    """Events of every article in ``paths`` (files, folders, .jsonl feeds), merged across documents.

    Documents are read one at a time and coded by ``workers`` processes (1: this process; None or 0: one per
    CPU; each loads the gazetteer once); their events wait per merge partition (country, admin1, month) in
    temporary files (``conflictdata.parallel.PartitionSpill``: memory stays flat) and are merged once all are
    read, so the same inputs in any order and with any ``workers`` give the same events in the same order.
    ``gazetteer`` is None (built-in), a file path, or a ``Gazetteer`` (with ``workers`` > 1: one loaded from a
    file). ``on_problem`` receives every skipped or repaired input (an article the extractor fails on is
    skipped and reported; with ``strict`` the run stops there with ``InputError``); ``stats`` (an
    ``ExtractStats``) is filled as the run goes; ``on_document`` is called after each document (progress
    bars); ``max_fatalities`` as in ``extract_events``. ``tuning``: ``batch_size``, ``spill_dir``,
    ``mp_context`` of ``conflictdata.parallel.stream_corpus``.
    """
    from conflictdata.parallel import stream_corpus

    return stream_corpus(paths, workers=workers, lang=lang, published=published, gazetteer=gazetteer,
                         strict=strict, on_problem=on_problem, stats=stats, on_document=on_document,
                         max_fatalities=max_fatalities, **tuning)
