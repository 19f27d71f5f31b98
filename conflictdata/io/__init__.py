"""Reading and writing events: GeoParquet files and datasets, ACLED-layout CSV, GeoJSON; every write is atomic.

pyarrow is imported on first use, not when this package is imported.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from conflictdata.io.acled_csv import iter_acled_csv, read_acled_csv, write_csv
from conflictdata.io.atomic import atomic_path
from conflictdata.io.check import validate_file
from conflictdata.io.dataset import write_dataset
from conflictdata.io.geojson import read_geojson, write_geojson
from conflictdata.io.parquet import EventWriter, events_to_table, iter_event_batches, read_events, write_parquet
from conflictdata.schema import Event

__all__ = [
    "write_parquet",
    "read_events",
    "iter_event_batches",
    "EventWriter",
    "events_to_table",
    "write_dataset",
    "write_csv",
    "read_acled_csv",
    "iter_acled_csv",
    "write_geojson",
    "read_geojson",
    "validate_file",
    "atomic_path",
    "read_any",
]


def read_any(path: str | os.PathLike[str]) -> Iterator[Event]:
    """Events of a Parquet file or dataset, an ACLED-layout CSV (.csv) or a GeoJSON file (.geojson/.json), lazily."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return iter_acled_csv(path)
    if suffix in (".geojson", ".json"):
        return iter(read_geojson(path))
    return (event for batch in iter_event_batches(path) for event in batch)
