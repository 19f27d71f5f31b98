"""Parquet writing throughput: conflictdata's writer against a plain pyarrow write of the same rows, same run.

    python benchmarks/bench_io.py [N]          (default N = 100000 events)

Prints figures only (no assertions). The target of issue 6 is a ratio of at least 0.8.
"ours": ``write_parquet(events, path)`` (column lists straight off the Events, WKB geometry, GeoParquet
metadata, zstd, temporary file + fsync + rename). "plain pyarrow": ``pa.table`` from the same column lists
with inferred types and ``pq.write_table`` with pyarrow's defaults (snappy), no geometry, no fsync.
"""
from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from conflictdata.io import events_to_table, write_parquet
from conflictdata.schema import COLUMNS, Event

REPEATS = 3


def make_events(n: int) -> list[Event]:
    places = (("Kupiansk", 49.7106, 37.6156), ("Pokrovsk", 48.2829, 37.1757), ("Odesa", 46.4775, 30.7326))
    start = dt.date(2024, 1, 1)
    events = []
    for i in range(n):
        location, lat, lon = places[i % 3]
        events.append(
            Event(
                event_date=start + dt.timedelta(days=i % 700),
                event_type="Explosions/Remote violence",
                sub_event_type="Shelling/artillery/missile attack",
                actor1="Military Forces of Russia (2000-)",
                inter1="External/Other forces",
                actor2="Civilians (Ukraine)" if i % 2 else "",
                inter2="Civilians" if i % 2 else "",
                iso=804,
                region="Europe",
                country="Ukraine",
                admin1="Kharkiv",
                location=location,
                latitude=lat + (i % 100) / 10_000,
                longitude=lon,
                source="Ukrainska Pravda",
                source_scale="National",
                notes=f"On {start + dt.timedelta(days=i % 700):%d %B %Y}, shelling hit {location}. Event {i}.",
                fatalities=i % 5,
                document_ids=[f"doc-{i}"],
                evidence=[f"Bei einem Angriff auf {location} starben {i % 5} Menschen."],
                language="de",
                confidence=0.8,
            )
        )
    return events


def plain_pyarrow(events: list[Event], path: Path) -> None:
    columns = {name: [getattr(e, name) for e in events] for name in COLUMNS}
    pq.write_table(pa.table(columns), path)


def timed(func, *args) -> float:
    runs = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        func(*args)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main(n: int) -> None:
    events = make_events(n)
    with tempfile.TemporaryDirectory() as tmp:
        ours = timed(write_parquet, events, Path(tmp) / "ours.parquet")
        plain = timed(plain_pyarrow, events, Path(tmp) / "plain.parquet")
        table_only = timed(events_to_table, events)
        table = events_to_table(events)
        write_only = timed(lambda: pq.write_table(table, Path(tmp) / "table.parquet", compression="zstd"))
        sizes = {name: (Path(tmp) / f"{name}.parquet").stat().st_size for name in ("ours", "plain")}
    print(f"events: {n:,} (median of {REPEATS} runs)")
    print(f"{'writer':<40} {'seconds':>8} {'events/s':>12} {'MB':>7}")
    print(f"{'conflictdata write_parquet':<40} {ours:>8.3f} {n / ours:>12,.0f} {sizes['ours'] / 1e6:>7.1f}")
    print(f"{'plain pyarrow (pa.table + write_table)':<40} {plain:>8.3f} {n / plain:>12,.0f} {sizes['plain'] / 1e6:>7.1f}")
    print(f"ratio ours / plain throughput: {plain / ours:.2f} (target >= 0.8)")
    print(f"of ours: building the Arrow table {table_only:.3f} s, pq.write_table of it (zstd) {write_only:.3f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
