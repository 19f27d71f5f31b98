"""Events to and from GeoParquet files: streaming row groups, zstd, atomic replacement, schema checks."""
from __future__ import annotations

import base64
import operator
import os
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from conflictdata._resources import once
from conflictdata.errors import EventValidationError, InputError, SchemaMismatchError
from conflictdata.io.atomic import commit, discard, temporary_sibling
from conflictdata.io.geoparquet import GEOMETRY_COLUMN, BBox, geo_metadata, wkb_points
from conflictdata.schema import COLUMNS, Event, arrow_schema

__all__ = [
    "EventWriter",
    "write_parquet",
    "read_events",
    "iter_event_batches",
    "events_to_table",
    "check_schema",
    "parquet_files",
    "open_events_file",
]

DEFAULT_ROW_GROUP_SIZE = 8_192  # ~1 KB per buffered Event: about 10 MB of events held per row group (peak memory)
_GETTERS = tuple(operator.attrgetter(name) for name in COLUMNS)
_LAT, _LON = COLUMNS.index("latitude"), COLUMNS.index("longitude")


@once
def _schema():
    return arrow_schema(with_geometry=True)


def _columns(events: Sequence[Event]) -> list[list[Any]]:
    """Column lists (one per field, in COLUMNS order) read straight off the events, no per-row dicts."""
    return [list(map(getter, events)) for getter in _GETTERS]


def events_to_table(events: Iterable[Event]):
    """An Arrow table (our schema, with the WKB ``geometry`` column) built column by column."""
    import pyarrow as pa

    events = events if isinstance(events, Sequence) else list(events)
    schema = _schema()
    columns = _columns(events)
    arrays = [pa.array(col, type=schema.field(i).type) for i, col in enumerate(columns)]
    arrays.append(pa.array(wkb_points(columns[_LON], columns[_LAT]), type=pa.binary()))
    return pa.Table.from_arrays(arrays, schema=schema)


class EventWriter:
    """Stream events into one GeoParquet file, one row group per ``row_group_size`` events (constant memory).

    Rows go to a temporary file next to ``path``; ``close()`` (or leaving the ``with`` block normally) renames it
    onto ``path`` in one step. An exception inside the block discards the temporary file, so an earlier file at
    ``path`` stays as it was. The ``geo`` metadata (with a bbox covering every row group) is written at close.

    >>> with EventWriter("events.parquet") as writer:   # doctest: +SKIP
    ...     for batch in batches:
    ...         writer.write(batch)
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
        compression: str = "zstd",
        compression_level: int | None = None,
        fsync: bool = True,
    ) -> None:
        if row_group_size < 1:
            raise ValueError("row_group_size must be at least 1")
        self.path = Path(path)
        self.row_group_size = row_group_size
        self.rows_written = 0
        self._compression = compression
        self._compression_level = compression_level
        self._fsync = fsync
        self._buffer: list[Event] = []
        self._bbox = BBox()
        self._tmp: Path | None = None
        self._writer: Any = None
        self._late_metadata = True
        self._closed = self._aborted = False

    # -- context manager --------------------------------------------------------------------------------------
    def __enter__(self) -> "EventWriter":
        self._open()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    # -- writing ----------------------------------------------------------------------------------------------
    def write(self, events: Iterable[Event]) -> int:
        """Add events (any iterable; a generator is consumed lazily). Returns how many were added."""
        self._open()
        added = 0
        for event in events:
            if not isinstance(event, Event):
                raise TypeError(f"expected Event, got {type(event).__name__}")
            self._buffer.append(event)
            added += 1
            if len(self._buffer) >= self.row_group_size:
                self._flush()
        return added

    def write_event(self, event: Event) -> None:
        self.write((event,))

    def close(self) -> Path:
        """Write the last row group and the metadata, then move the file into place. Returns the path."""
        if self._closed:
            if self._aborted:
                raise ValueError(f"EventWriter for {self.path} was aborted; nothing was written")
            return self.path
        self._open()
        try:
            self._flush()
            self._finish_metadata()
            self._writer.close()
            self._writer = None
            commit(self._tmp, self.path, fsync=self._fsync)  # type: ignore[arg-type]
        except BaseException:
            self.abort()
            raise
        self._closed = True
        return self.path

    def abort(self) -> None:
        """Drop everything written so far; the file at ``path`` (if any) is left untouched."""
        if self._closed:
            return
        self._closed = self._aborted = True
        self._buffer.clear()
        if self._writer is not None:
            try:
                self._writer.close()
            except Exception:  # the file is discarded anyway; keep the original error
                pass
            self._writer = None
        if self._tmp is not None:
            discard(self._tmp)

    # -- internals --------------------------------------------------------------------------------------------
    def _open(self) -> None:
        if self._closed:
            raise ValueError(f"EventWriter for {self.path} is closed")
        if self._writer is not None:
            return
        import pyarrow.parquet as pq

        schema = _schema()
        self._late_metadata = hasattr(pq.ParquetWriter, "add_key_value_metadata")
        if not self._late_metadata:  # pyarrow < 17 cannot add metadata at close: geo goes in now, without bbox
            schema = schema.with_metadata({**schema.metadata, b"geo": geo_metadata(None).encode()})
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._tmp = temporary_sibling(self.path)
        self._writer = pq.ParquetWriter(
            self._tmp,
            schema,
            compression=self._compression,
            compression_level=self._compression_level,
        )

    def _flush(self) -> None:
        if not self._buffer:
            return
        import pyarrow.compute as pc

        table = events_to_table(self._buffer)
        self._buffer = []
        lon, lat = pc.min_max(table.column("longitude")), pc.min_max(table.column("latitude"))
        self._bbox.extend(lon["min"].as_py(), lat["min"].as_py(), lon["max"].as_py(), lat["max"].as_py())
        self._writer.write_table(table, row_group_size=self.row_group_size)
        self.rows_written += table.num_rows

    def _finish_metadata(self) -> None:
        # The bbox is known only now. Parquet's key-value metadata is written with the footer, so it can still be
        # set; pyarrow, however, takes a schema's metadata from the serialised Arrow schema ("ARROW:schema") it
        # stored at open, so that key is rewritten too, or geopandas would not see the final "geo" value.
        if not self._late_metadata:
            return
        geo = geo_metadata(self._bbox.as_list())
        schema = self._writer.schema.with_metadata({**(self._writer.schema.metadata or {}), b"geo": geo.encode()})
        self._writer.add_key_value_metadata(
            {"geo": geo, "ARROW:schema": base64.b64encode(schema.serialize().to_pybytes()).decode("ascii")}
        )


def write_parquet(
    events: Iterable[Event],
    path: str | os.PathLike[str],
    *,
    row_group_size: int = DEFAULT_ROW_GROUP_SIZE,
    compression: str = "zstd",
    fsync: bool = True,
) -> int:
    """Write events to one GeoParquet file (zstd, atomic replace). Returns the number of rows written.

    ``fsync=False`` skips flushing the file to disk before the rename (faster): the replacement stays atomic
    for readers and when the process is killed, but after a power cut the file may come back empty.
    """
    with EventWriter(path, row_group_size=row_group_size, compression=compression, fsync=fsync) as writer:
        writer.write(events)
    return writer.rows_written


# --- reading -------------------------------------------------------------------------------------------------


def _normal_type(typ: Any) -> str:
    """Type text with the large/view variants folded in (other writers may use them for the same data)."""
    import pyarrow as pa

    value_type = getattr(typ, "value_type", None)
    if value_type is not None and not pa.types.is_dictionary(typ):  # list, large_list, list_view: item name ignored
        return f"list<{_normal_type(value_type)}>"
    text = str(typ)
    return {"large_string": "string", "string_view": "string", "large_binary": "binary", "binary_view": "binary"}.get(
        text, text
    )


def check_schema(schema: Any, path: str | os.PathLike[str], *, extra: Sequence[str] = ()) -> None:
    """Raise SchemaMismatchError (naming the file and the column) unless ``schema`` is an events schema.

    The ``geometry`` column and the names in ``extra`` may be present besides the event columns.
    """
    expected = _schema()
    found = {name: schema.field(name).type for name in schema.names}
    for field in expected:
        if field.name == GEOMETRY_COLUMN:
            continue
        if field.name not in found:
            raise SchemaMismatchError(f"{path}: column {field.name!r} is missing; not a conflictdata events file")
        if _normal_type(found[field.name]) != _normal_type(field.type):
            raise SchemaMismatchError(
                f"{path}: column {field.name!r} has type {found[field.name]}, expected {field.type}"
            )
    allowed = set(COLUMNS) | {GEOMETRY_COLUMN, *extra}
    for name in schema.names:
        if name not in allowed:
            raise SchemaMismatchError(f"{path}: unexpected column {name!r}; not a conflictdata events file")
    if GEOMETRY_COLUMN in found and _normal_type(found[GEOMETRY_COLUMN]) != "binary":
        raise SchemaMismatchError(f"{path}: column 'geometry' has type {found[GEOMETRY_COLUMN]}, expected binary (WKB)")


def parquet_files(path: str | os.PathLike[str]) -> list[Path]:
    """The Parquet files of a file or a dataset directory (hidden and temporary files skipped), sorted."""
    root = Path(path)
    if not root.is_dir():
        if not root.exists():
            raise FileNotFoundError(2, "No such file or directory", str(root))
        return [root]
    return sorted(
        p
        for p in root.rglob("*.parquet")
        if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(root).parts)
    )


def open_events_file(path: Path):
    """A pyarrow ParquetFile whose schema was checked (SchemaMismatchError / InputError otherwise)."""
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:  # pyarrow raises ArrowInvalid (a ValueError) on non-Parquet bytes
        raise InputError(f"not a readable Parquet file ({exc})", str(path)) from exc
    check_schema(parquet.schema_arrow, path)
    return parquet


def rows_to_events(columns: dict[str, list[Any]], *, path: str | os.PathLike[str], first_row: int) -> list[Event]:
    """Events from Arrow column lists; a bad row raises InputError naming the file, row and fields."""
    events = []
    for offset, values in enumerate(zip(*(columns[name] for name in COLUMNS))):
        try:
            events.append(Event(**dict(zip(COLUMNS, values))))
        except EventValidationError as exc:
            raise InputError(f"row {first_row + offset}: {exc}", str(path)) from exc
    return events


def iter_event_batches(path: str | os.PathLike[str], *, batch_size: int = DEFAULT_ROW_GROUP_SIZE) -> Iterator[list[Event]]:
    """Events of a Parquet file or dataset directory, batch by batch (memory bounded by ``batch_size``)."""
    for file in parquet_files(path):
        parquet = open_events_file(file)
        row = 1
        for batch in parquet.iter_batches(batch_size=batch_size, columns=list(COLUMNS)):
            events = rows_to_events(batch.to_pydict(), path=file, first_row=row)
            row += len(events)
            if events:
                yield events


def read_events(path: str | os.PathLike[str]) -> list[Event]:
    """All events of a Parquet file (or dataset directory) written by conflictdata.

    Files whose columns or types differ from the event schema are refused with SchemaMismatchError.
    """
    return [event for batch in iter_event_batches(path) for event in batch]
