"""The streaming extraction behind ``extract_corpus``: in this process or on several processes of one machine,
with the same output either way.

The parent process reads the documents (``read_documents``: duplicate ids, problems and their order are the same
for any number of workers), codes them itself (``workers=1``) or sends them in batches to worker processes that
code each document on its own (the per-document merge included; a failing article comes back as a problem), and
feeds the events into ``PartitionSpill`` for the cross-document merge, partition by partition (``merge_key``).
Each worker loads the gazetteer once, in its initializer.

The cross-document merge keeps memory flat: ``PartitionSpill`` groups events by a stable hash of their merge
partition into buckets and appends buckets to temporary files (Arrow IPC) past a budget; at the end one bucket at
a time is read back and merged (by the workers, if there are any).
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import struct
import tempfile
import zlib
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from conflictdata._resources import once
from conflictdata.schema import Event

__all__ = ["stream_corpus", "PartitionSpill", "merge_by_partition", "worker_gazetteer", "gazetteer_source", "default_workers"]

DEFAULT_BATCH = 32  # documents per task: large enough to amortise pickling, small enough to keep workers busy
DEFAULT_BUCKETS = 128
DEFAULT_BUFFERED = 20_000  # events kept in memory by PartitionSpill before buckets go to disk (~20-40 MB)
_IN_FLIGHT_PER_WORKER = 4


def default_workers() -> int:
    """The CPUs this process may use (``os.sched_getaffinity`` where available)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# --- the gazetteer, once per process -------------------------------------------------------------------------


def gazetteer_source(gazetteer: Any) -> str | None:
    """What a worker needs to load ``gazetteer`` itself: None for the embedded one, else a file path.

    A ``Gazetteer`` object is named by the file it was loaded from; one built in memory cannot reach another
    process (pass its file instead) and raises ``TypeError``.
    """
    if gazetteer is None:
        return None
    if isinstance(gazetteer, (str, os.PathLike)):
        return os.fspath(gazetteer)
    from conflictdata.gazetteer import Gazetteer

    if isinstance(gazetteer, Gazetteer):
        source = getattr(gazetteer, "source", "")
        if source and Path(source).is_file():
            return source
    raise TypeError("workers need a gazetteer file path (or None for the built-in one), "
                    f"not {type(gazetteer).__name__} without a file")


@once
def worker_gazetteer(source: str | None = None) -> Any:
    """The gazetteer of ``source`` (a path, or None for the built-in one), loaded once per process (threads
    that ask at the same time wait for the one load)."""
    from conflictdata.gazetteer import Gazetteer

    return Gazetteer.default() if source is None else Gazetteer.load(source)


def _init_worker(source: str | None) -> None:
    worker_gazetteer(source)


def _code(document: Any, lang: str | None, gazetteer: Any,
          max_fatalities: int | None) -> tuple[list[Event], list[str], str | None]:
    """(events merged within the document, implausible figures left out, failure reason or None)."""
    from conflictdata import extract  # looked up at call time: tests replace its helpers

    found: list[str] = []
    try:
        language = extract._language(document, lang)
        events = extract._merge(extract._candidates_to_events(document, language, gazetteer, max_fatalities,
                                                              implausible=found))
    except Exception as exc:  # noqa: BLE001 - one article must not stop a corpus; the parent reports it
        return [], found, f"extraction failed: {type(exc).__name__}: {exc}; skipped"
    return events, found, None


def _extract_batch(documents: Sequence[Any], lang: str | None, source: str | None,
                   max_fatalities: int | None) -> list[tuple[list[Event], list[str], str | None]]:
    """Worker task: ``_code`` of each document, in order."""
    gazetteer = worker_gazetteer(source)
    return [_code(document, lang, gazetteer, max_fatalities) for document in documents]


# --- the cross-document merge with bounded memory ------------------------------------------------------------


def _bucket_of(key: tuple[str, ...], buckets: int) -> int:
    # zlib.crc32, not hash(): string hashes differ between processes, and the output order should not
    return zlib.crc32("\x1f".join(key).encode("utf-8", "surrogatepass")) % buckets


class PartitionSpill:
    """Collects events and gives them back merged across documents (``merge_events`` per merge partition).

    Events are grouped by a stable hash of ``merge_key`` into ``buckets``; when more than ``max_buffered``
    events are held, every bucket's events are appended (as Arrow IPC) to its file in a temporary directory under
    ``directory`` (default: the system's). ``merged()`` then reads back one bucket at a time, so memory holds
    at most one bucket's events, about ``1/buckets`` of the run. Use as a context manager or call ``close()``.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, buckets: int = DEFAULT_BUCKETS,
                 max_buffered: int = DEFAULT_BUFFERED) -> None:
        if buckets < 1 or max_buffered < 1:
            raise ValueError("buckets and max_buffered must be at least 1")
        self.buckets = buckets
        self.max_buffered = max_buffered
        self.added = 0
        self.spilled = 0
        self._directory = directory
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._buffer: dict[int, list[Event]] = collections.defaultdict(list)
        self._buffered = 0
        self._on_disk: set[int] = set()

    def __enter__(self) -> "PartitionSpill":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def add(self, events: Iterable[Event]) -> None:
        from conflictdata.merge import merge_key

        for event in events:
            self._buffer[_bucket_of(merge_key(event), self.buckets)].append(event)
            self._buffered += 1
            self.added += 1
        if self._buffered > self.max_buffered:
            self._spill()

    def merged(self, executor: Executor | None = None, *, in_flight: int = 8) -> Iterator[Event]:
        """Every event added, merged across documents; partitions in a fixed order (bucket, then key).

        With an ``executor`` (a process pool of this machine) the buckets are written out and merged by its
        workers, at most ``in_flight`` at a time; the events and their order are the same.
        """
        if executor is None:
            for bucket in range(self.buckets):
                yield from merge_by_partition(self._take(bucket))
            return
        self._spill()
        pending: collections.deque[Future] = collections.deque()
        for bucket in sorted(self._on_disk):
            pending.append(executor.submit(_merge_bucket_file, str(self._path(bucket))))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
        self._on_disk.clear()

    def close(self) -> None:
        """Remove the temporary files."""
        self._buffer.clear()
        self._buffered = 0
        self._on_disk.clear()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _path(self, bucket: int) -> Path:
        if self._tmp is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="conflictdata-merge-", dir=self._directory)
        return Path(self._tmp.name) / f"bucket-{bucket:05d}.arrows"

    def _spill(self) -> None:
        for bucket, events in self._buffer.items():
            if events:
                with open(self._path(bucket), "ab") as fh:
                    _write_chunk(fh, events)
                self._on_disk.add(bucket)
                self.spilled += len(events)
        self._buffer.clear()
        self._buffered = 0

    def _take(self, bucket: int) -> list[Event]:
        events: list[Event] = []
        if bucket in self._on_disk:
            events = _read_bucket(self._path(bucket))
            self._on_disk.discard(bucket)
        in_memory = self._buffer.pop(bucket, [])
        self._buffered -= len(in_memory)
        events.extend(in_memory)
        return events


_LENGTH = struct.Struct("<Q")


def _write_chunk(fh: Any, events: list[Event]) -> None:
    """Append ``events`` to a spill file: a length, then an Arrow IPC stream of their table."""
    import pyarrow as pa

    from conflictdata.io import events_to_table

    table = events_to_table(events)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    data = sink.getvalue()
    fh.write(_LENGTH.pack(data.size))
    fh.write(data)


def _read_bucket(path: Path) -> list[Event]:
    """The events of a bucket file (length-prefixed Arrow IPC streams); the file is removed."""
    import pyarrow as pa

    from conflictdata.io.parquet import rows_to_events

    events: list[Event] = []
    with open(path, "rb") as fh:
        while header := fh.read(_LENGTH.size):
            (size,) = _LENGTH.unpack(header)
            table = pa.ipc.open_stream(pa.py_buffer(fh.read(size))).read_all()
            events.extend(rows_to_events(table.to_pydict(), path=path, first_row=len(events) + 1))
    path.unlink()
    return events


def _merge_bucket_file(path: str) -> list[Event]:
    return merge_by_partition(_read_bucket(Path(path)))


def merge_by_partition(events: list[Event]) -> list[Event]:
    """``merge_events`` partition by partition (sorted by ``merge_key``): the same events as merging all at once."""
    from conflictdata.merge import merge_events, merge_key

    partitions: dict[tuple[str, ...], list[Event]] = collections.defaultdict(list)
    for event in events:
        partitions[merge_key(event)].append(event)
    events.clear()
    return [event for key in sorted(partitions) for event in merge_events(partitions.pop(key))]


# --- the pipeline --------------------------------------------------------------------------------------------


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _in_process(documents: Iterable[Any], lang: str | None, gazetteer: Any,
                max_fatalities: int | None) -> Iterator[tuple[Any, tuple[list[Event], list[str], str | None]]]:
    from conflictdata.extract import _gazetteer

    gazetteer = _gazetteer(gazetteer)
    for document in documents:
        yield document, _code(document, lang, gazetteer, max_fatalities)


def _in_pool(documents: Iterable[Any], pool: Executor, lang: str | None, source: str | None,
             max_fatalities: int | None, workers: int,
             batch_size: int) -> Iterator[tuple[Any, tuple[list[Event], list[str], str | None]]]:
    """(document, its ``_code``) in input order; at most a few batches per worker are in flight (bounded memory)."""
    pending: collections.deque[tuple[list[Any], Future]] = collections.deque()
    for batch in _batches(documents, batch_size):
        pending.append((batch, pool.submit(_extract_batch, batch, lang, source, max_fatalities)))
        while len(pending) >= workers * _IN_FLIGHT_PER_WORKER:
            done, future = pending.popleft()
            yield from zip(done, future.result())
    while pending:
        done, future = pending.popleft()
        yield from zip(done, future.result())


def stream_corpus(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    workers: int | None = 1,
    lang: str | None = None,
    published: Any = None,
    gazetteer: Any = None,
    strict: bool = False,
    on_problem: Callable[[Any], Any] | None = None,
    stats: Any = None,
    on_document: Callable[[Any], Any] | None = None,
    max_fatalities: int | None = None,
    batch_size: int = DEFAULT_BATCH,
    spill_dir: str | os.PathLike[str] | None = None,
    mp_context: str | None = None,
) -> Iterator[Event]:
    """The implementation of ``conflictdata.extract.extract_corpus`` (see there); ``workers`` None or 0 = one
    per CPU, 1 = this process. The events (ids and rows) and their order do not depend on ``workers``."""
    from conflictdata.documents import Problem, read_documents
    from conflictdata.errors import InputError
    from conflictdata.extract import ExtractStats, _implausible_limit

    workers = default_workers() if not workers else workers
    if workers < 1:
        raise ValueError("workers must be at least 1 (or 0/None: one per CPU)")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    source = gazetteer_source(gazetteer) if workers > 1 else None
    stats = stats if stats is not None else ExtractStats()
    forced = lang if lang in ("de", "en") else None
    limit = max_fatalities if max_fatalities is not None else _implausible_limit()

    def problem(p: Any) -> None:
        (stats.skipped if getattr(p, "skipped", True) else stats.warnings).append(str(p))
        if on_problem is not None:
            on_problem(p)

    def counted(documents: Iterable[Any]) -> Iterator[Any]:
        for document in documents:
            stats.documents += 1
            yield document

    documents = counted(read_documents(paths, lang=forced, published=published, strict=strict, on_problem=problem))
    pool = None
    if workers > 1:
        if not hasattr(gazetteer, "find_places"):
            worker_gazetteer(source)  # a bad file fails here, in one line; forked workers inherit the load
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(mp_context),
                                   initializer=_init_worker, initargs=(source,))
    try:
        with PartitionSpill(spill_dir) as spill:
            if pool is None:
                coded = _in_process(documents, forced, gazetteer, max_fatalities)
            else:
                coded = _in_pool(documents, pool, forced, source, max_fatalities, workers, batch_size)
            for document, (events, found, failure) in coded:
                where = document.path or document.id
                if failure is not None:
                    problem(Problem(where, document.line, failure))
                if on_document is not None:
                    on_document(document)
                if failure is not None and strict:
                    raise InputError(failure, where, document.line)
                at = f"{where}" + (f":{document.line}" if document.line else "")
                stats.implausible.extend(f"{at}: implausible death toll {figure} (over {limit:,}); not counted"
                                         for figure in found)
                spill.add(events)
            for event in spill.merged(pool, in_flight=2 * workers):
                stats.events_by_type[event.event_type] += 1
                stats.undated += event.event_date is None
                yield event
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
