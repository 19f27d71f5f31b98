"""Extraction on a Dask cluster (the optional extra ``pip install 'conflictdata[dask]'``).

Documents (from files, a Dask bag of feed records or a Dask dataframe) become events on the workers; the
cross-document merge is a shuffle by ``merge_key`` (country, admin1, month), done through storage in two passes:

1. ``write_staging``: each task codes its documents (``extract_events``, merged within each document) and writes
   its events into a staging dataset partitioned by merge key
   (``staging/country_key=ukraine/admin1_key=kharkiv/period=2025-03/part-<digest>.parquet``);
2. ``merge_dataset``: one task per partition directory reads that partition's events, merges them
   (``merge_events``) and writes one GeoParquet file at the same place under the output dataset.

Events of different partitions never merge, so the result equals a serial ``extract_corpus`` run (the same events,
ids and rows). The staging dataset is kept: documents added later are staged the same way, and only the partitions
they touch are merged again. ``merge_bag`` is the same merge as an in-memory Dask shuffle (no shared storage).
Each worker loads the gazetteer once (``GazetteerPlugin``, or on the first task); see docs/distributed.md.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Iterable, Sequence

try:
    import dask.bag as db
    from distributed import WorkerPlugin
except ImportError as exc:  # pragma: no cover - depends on the installation
    raise ImportError("conflictdata.distributed needs Dask: pip install 'conflictdata[dask]'") from exc

from conflictdata.io.dataset import partition_dir
from conflictdata.parallel import _extract_batch, gazetteer_source, worker_gazetteer
from conflictdata.schema import Event

__all__ = [
    "PARTITION_NAMES",
    "documents_from_files",
    "documents_from_records",
    "extract_bag",
    "merge_bag",
    "write_staging",
    "merge_dataset",
    "extract_to_dataset",
    "staging_path",
    "GazetteerPlugin",
]

PARTITION_NAMES = ("country_key", "admin1_key", "period")
"""Directory levels of the staging and output datasets: the three parts of ``merge_key``. The names differ from
the event columns (``country``, ``admin1``), so hive-partitioned readers add columns instead of overwriting."""

_log = logging.getLogger(__name__)


# --- documents -----------------------------------------------------------------------------------------------


def _paths(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str]) -> list[str]:
    return [os.fspath(paths)] if isinstance(paths, (str, os.PathLike)) else [os.fspath(p) for p in paths]


def _read_partition(paths: Sequence[str], lang: str | None, published: Any) -> list[Any]:
    from conflictdata.documents import read_documents

    def problem(p: Any) -> None:
        _log.warning("%s", p)

    return list(read_documents(paths, lang=lang, published=published, on_problem=problem))


def documents_from_files(paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], *, lang: str | None = None,
                         published: Any = None, files_per_partition: int = 1) -> db.Bag:
    """A bag of ``Document``: each partition reads ``files_per_partition`` of the given paths (files, folders,
    .jsonl feeds) with ``read_documents`` on a worker. The paths must be readable there (shared storage).

    Document ids must be unique across the inputs (``read_documents`` skips a repeated id only within one
    partition). A big feed is better read with ``documents_from_records(db.read_text(...).map(json.loads))``.
    """
    forced = lang if lang in ("de", "en") else None
    items = _paths(paths)
    if not items:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(items, partition_size=files_per_partition).map_partitions(_read_partition, forced,
                                                                                      published)


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _parse_records(records: Iterable[Any], lang: str | None, published: Any) -> list[Any]:
    """Documents from feed records (dicts with id and text; title, url, source, language or lang, published or
    date or published_at optional), like the lines of a .jsonl feed; unusable records are logged and skipped."""
    import math

    from conflictdata.documents import parse_article

    out = []
    for record in records:
        if not isinstance(record, dict):
            _log.warning("feed record is not a mapping; skipped")
            continue
        raw_id, text = record.get("id"), record.get("text")
        if isinstance(raw_id, float) and raw_id.is_integer():  # pandas turns an int column with gaps into floats
            raw_id = int(raw_id)
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)) or not str(raw_id).strip():
            _log.warning("feed record without a usable 'id'; skipped")
            continue
        if not isinstance(text, str) or not text.strip():
            _log.warning("feed record %s without text; skipped", raw_id)
            continue
        date = next((record[k] for k in ("published", "date", "published_at") if record.get(k) is not None), None)
        if isinstance(date, float) and math.isnan(date):
            date = None
        document = parse_article(
            text, str(raw_id).strip(), url=_text_or_none(record.get("url")), published=date,
            language=lang or _text_or_none(record.get("language", record.get("lang"))),
            title=_text_or_none(record.get("title")), source=_text_or_none(record.get("source")),
            default_published=published,
        )
        if document.text.strip():
            out.append(document)
    return out


def documents_from_records(records: Any, *, lang: str | None = None, published: Any = None) -> db.Bag:
    """A bag of ``Document`` from a Dask bag of feed records (dicts, as in a .jsonl feed) or a Dask dataframe
    with those columns (``id``, ``text``; ``title``, ``url``, ``source``, ``language``, ``published``)."""
    forced = lang if lang in ("de", "en") else None
    if not isinstance(records, db.Bag):
        records = records.to_bag(format="dict")  # a dask.dataframe.DataFrame
    return records.map_partitions(_parse_records, forced, published)


# --- events --------------------------------------------------------------------------------------------------


def _extract_partition(documents: Sequence[Any], lang: str | None, source: str | None) -> list[Event]:
    documents = list(documents)
    out: list[Event] = []
    for document, (events, _found, failure) in zip(documents, _extract_batch(documents, lang, source, None)):
        if failure is not None:  # reported in the worker's log and skipped, as extract_corpus skips it
            _log.warning("%s: %s", document.path or document.id, failure)
        out.extend(events)
    return out


def extract_bag(documents: db.Bag, *, lang: str | None = None, gazetteer: Any = None) -> db.Bag:
    """A bag of the events of each document, merged within the document (not yet across documents).

    ``gazetteer`` is None (built-in) or a gazetteer file readable on the workers.
    """
    forced = lang if lang in ("de", "en") else None
    return documents.map_partitions(_extract_partition, forced, gazetteer_source(gazetteer))


def _key_text(event: Event) -> str:
    from conflictdata.merge import merge_key

    return "\x1f".join(merge_key(event))


def _merge_group(group: tuple[str, list[Event]]) -> list[Event]:
    from conflictdata.merge import merge_events

    return merge_events(group[1])


def merge_bag(events: db.Bag, *, npartitions: int | None = None) -> db.Bag:
    """The cross-document merge as a Dask shuffle: events grouped by ``merge_key`` (a task shuffle, no shared
    storage needed), each group merged with ``merge_events``. Every group is held in one worker's memory."""
    return events.groupby(_key_text, npartitions=npartitions, shuffle="tasks").map(_merge_group).flatten()


# --- the two passes over storage -----------------------------------------------------------------------------


def staging_path(output: str | os.PathLike[str]) -> Path:
    """The default staging dataset of an output dataset: ``<output>.staging`` beside it."""
    output = Path(output)
    return output.with_name(output.name + ".staging")


def _relative(key: tuple[str, ...]) -> str:
    return partition_dir("", PARTITION_NAMES, key).as_posix()


def _digest(events: Sequence[Event]) -> str:
    ids = "\n".join(sorted(e.event_id for e in events))
    return hashlib.blake2b(ids.encode("utf-8"), digest_size=8).hexdigest()


def _write_staging_partition(events: Iterable[Event], root: str) -> list[str]:
    """Pass 1 of one task: its events, one file per merge partition; returns the partition directories."""
    from conflictdata.io import write_parquet
    from conflictdata.merge import merge_key

    groups: dict[tuple[str, ...], list[Event]] = {}
    for event in events:
        groups.setdefault(merge_key(event), []).append(event)
    written = []
    for key in sorted(groups):
        relative = _relative(key)
        # named by content: a retried task rewrites its own file instead of adding a second copy
        write_parquet(groups[key], Path(root) / relative / f"part-{_digest(groups[key])}.parquet", fsync=False)
        written.append(relative)
    return written


def write_staging(events: db.Bag, staging: str | os.PathLike[str]) -> list[str]:
    """Pass 1: write the events (per-document merged) into the staging dataset, partitioned by merge key.
    Computes the bag; returns the partition directories written to (relative to ``staging``), sorted."""
    root = os.fspath(staging)
    touched = events.map_partitions(_write_staging_partition, root).compute()
    return sorted(set(touched))


def _merge_partition_dir(relative: str, staging: str, output: str, fsync: bool) -> int:
    """Pass 2 of one partition: read its staged events, merge them, replace the partition's output file."""
    from conflictdata.io import read_events, write_parquet
    from conflictdata.io.parquet import parquet_files
    from conflictdata.merge import merge_events

    merged = merge_events(read_events(Path(staging) / relative))
    folder = Path(output) / relative
    target = folder / f"part-{_digest(merged)}.parquet"
    stale = [p for p in parquet_files(folder) if p != target] if folder.is_dir() else []
    if merged:
        write_parquet(merged, target, fsync=fsync)
    for path in stale:  # an earlier merge of this partition, before more documents were staged
        path.unlink()
    return len(merged)


def merge_dataset(staging: str | os.PathLike[str], output: str | os.PathLike[str],
                  partitions: Iterable[str] | None = None, *, fsync: bool = True) -> int:
    """Pass 2: merge each partition of the staging dataset into the output dataset (one task per partition;
    a partition's previous output file is replaced). ``partitions`` (relative directories, as returned by
    ``write_staging``) limits the pass to those; by default every partition is merged. ``fsync=False`` skips
    flushing each file to disk (faster; see ``write_parquet``). Returns the events written.
    """
    staging, output = os.fspath(staging), os.fspath(output)
    if partitions is None:
        from conflictdata.io.parquet import parquet_files

        root = Path(staging)
        partitions = sorted({p.parent.relative_to(root).as_posix() for p in parquet_files(root)}) if root.is_dir() else []
    partitions = list(partitions)
    if not partitions:
        return 0
    counts = db.from_sequence(partitions, partition_size=1).map(_merge_partition_dir, staging, output,
                                                                              fsync).compute()
    return sum(counts)


def extract_to_dataset(documents: db.Bag, output: str | os.PathLike[str], *, staging: str | os.PathLike[str] | None = None,
                       lang: str | None = None, gazetteer: Any = None, fsync: bool = True) -> int:
    """Documents → events → the merged, partitioned GeoParquet dataset at ``output``; returns the events written
    by this run. Runs on the current Dask scheduler (a ``distributed.Client`` if one is active).

    Staging defaults to ``<output>.staging``; reusing it with new documents merges only the partitions they touch.
    The dataset is read back with ``conflictdata.io.read_events(output)`` or any hive-aware Parquet reader.
    """
    staging = staging_path(output) if staging is None else Path(staging)
    touched = write_staging(extract_bag(documents, lang=lang, gazetteer=gazetteer), staging)
    return merge_dataset(staging, output, touched, fsync=fsync)


# --- the gazetteer on the workers ----------------------------------------------------------------------------


class GazetteerPlugin(WorkerPlugin):
    """Loads the gazetteer (and warms the lexicons) once on every worker when it starts or joins.

    >>> client.register_plugin(GazetteerPlugin())        # doctest: +SKIP

    Tasks then find it in the per-process cache (``conflictdata.parallel.worker_gazetteer``); without the plugin
    the first task on each worker loads it instead. ``gazetteer`` is None (built-in) or a file path that every
    worker can read.
    """

    name = "conflictdata-gazetteer"

    def __init__(self, gazetteer: str | os.PathLike[str] | None = None) -> None:
        self.source = gazetteer_source(gazetteer)
        self.loaded = ""

    def setup(self, worker: Any) -> None:
        from conflictdata.extract import extract_events

        gazetteer = worker_gazetteer(self.source)
        extract_events("Angriff auf Charkiw. Attack on Kharkiv.", gazetteer=gazetteer)  # compile the lexicons now
        self.loaded = repr(gazetteer)
