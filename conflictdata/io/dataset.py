"""Hive-partitioned GeoParquet datasets (``root/country=Ukraine/year=2025/part-….parquet``) that grow by appending."""
from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence
from urllib.parse import quote

from conflictdata.io.atomic import fsync_dir as _fsync_dir
from conflictdata.io.parquet import open_events_file, parquet_files, write_parquet
from conflictdata.schema import COLUMNS, Event

__all__ = ["write_dataset", "dataset_event_ids", "partition_dir", "HIVE_DEFAULT_PARTITION"]

HIVE_DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__"
"""Directory value for a null or empty partition value (Hive's convention, understood by DuckDB and Spark)."""

DEFAULT_CHUNK = 100_000


def _segment_value(value: Any) -> str:
    if value is None or value == "":
        return HIVE_DEFAULT_PARTITION
    if isinstance(value, dt.date):
        value = value.isoformat()
    # percent-encode everything that could split or hide a path ("/", "=", "%", NUL, ...); spaces stay readable
    return quote(str(value), safe=" ")


def partition_dir(root: str | os.PathLike[str], names: Sequence[str], values: Sequence[Any]) -> Path:
    """The directory of one partition, e.g. ``root/country=Ukraine/year=2025``."""
    return Path(root).joinpath(*(f"{name}={_segment_value(value)}" for name, value in zip(names, values)))


def dataset_event_ids(root: str | os.PathLike[str]) -> set[str]:
    """Every event_id already in a dataset (only that column is read). Mismatched files are refused."""
    ids: set[str] = set()
    if not Path(root).exists():
        return ids
    for file in parquet_files(root):
        parquet = open_events_file(file)
        for batch in parquet.iter_batches(columns=["event_id"]):
            ids.update(batch.column(0).to_pylist())
    return ids


def _chunks(events: Iterable[Event], size: int) -> Iterator[list[Event]]:
    iterator = iter(events)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def write_dataset(
    events: Iterable[Event],
    root: str | os.PathLike[str],
    partition_by: Sequence[str] = ("country", "year"),
    *,
    chunk_size: int = DEFAULT_CHUNK,
    fsync: bool = True,
) -> int:
    """Append events to a hive-partitioned Parquet dataset under ``root``; returns how many rows were added.

    Events whose ``event_id`` is already in the dataset (or earlier in ``events``) are skipped, so writing the
    same events twice adds nothing. The append is all or nothing: new files are written under hidden
    ``.part-….pending`` names (which readers skip) and renamed into place only when every one is complete,
    so an exception or a killed process leaves the dataset as it was (a killed writer's pending files are
    removed by the next ``write_dataset``). Files keep every column (the partition columns too), so each one is
    a complete GeoParquet file. Memory is bounded by ``chunk_size`` events.
    Readers: ``read_events(root)``, DuckDB ``read_parquet('root/**/*.parquet', hive_partitioning=true)``,
    pyarrow.dataset with an explicit hive partitioning schema (our column types, e.g. year int16).
    """
    partition_by = tuple(partition_by)
    unknown = [name for name in partition_by if name not in COLUMNS]
    if unknown:
        raise ValueError(f"cannot partition by {', '.join(unknown)}: not an event column")
    root = Path(root)
    _remove_pending(root)
    seen = dataset_event_ids(root)
    staged: list[tuple[Path, Path]] = []  # (pending, final)
    added = 0
    try:
        for chunk in _chunks(events, chunk_size):
            groups: dict[tuple[Any, ...], list[Event]] = {}
            for event in chunk:
                if event.event_id in seen:
                    continue
                seen.add(event.event_id)
                groups.setdefault(tuple(getattr(event, name) for name in partition_by), []).append(event)
            for key in sorted(groups, key=repr):
                group = groups[key]
                digest = hashlib.blake2b("\n".join(sorted(e.event_id for e in group)).encode(), digest_size=8)
                final = partition_dir(root, partition_by, key) / f"part-{digest.hexdigest()}.parquet"
                pending = final.with_name(f".{final.name}{_PENDING}")
                staged.append((pending, final))
                write_parquet(group, pending, fsync=fsync)
                added += len(group)
    except BaseException:
        for pending, _ in staged:
            pending.unlink(missing_ok=True)
        raise
    for pending, final in staged:  # every file is complete: publish them (renames, microseconds each)
        os.replace(pending, final)
    if fsync:
        for directory in {final.parent for _, final in staged}:
            _fsync_dir(directory)
    return added


_PENDING = ".pending"


def _remove_pending(root: Path) -> None:
    """Remove the staged files of a writer that was killed before it published them."""
    if root.is_dir():
        # the staged file, and the temporary file write_parquet was filling when the writer died
        for pattern in (f".part-*.parquet{_PENDING}", f"..part-*.parquet{_PENDING}.*.tmp"):
            for path in root.rglob(pattern):
                path.unlink(missing_ok=True)
