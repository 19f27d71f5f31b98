"""Our files opened by the real clients (geopandas, DuckDB, pyarrow.dataset); round trips of any valid Event."""
from __future__ import annotations

import duckdb
import geopandas
import pytest
from hypothesis import given, settings
from strategies import event_lists, sample_events

from conflictdata.io import read_acled_csv, read_events, read_geojson, write_csv, write_dataset, write_geojson, write_parquet



@pytest.fixture(scope="module")
def events():
    return sample_events(200)


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory, events):
    path = tmp_path_factory.mktemp("interop") / "events.parquet"
    write_parquet(events, path)
    return path


def test_geopandas_reads_geoparquet(parquet_file, events):
    frame = geopandas.read_parquet(parquet_file)
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert frame.crs == "EPSG:4326"
    assert len(frame) == len(events)
    for event, point in zip(events, frame.geometry):
        if event.latitude is None:
            assert point is None
        else:
            assert (point.x, point.y) == (event.longitude, event.latitude)
    assert list(frame["event_id"]) == [e.event_id for e in events]
    assert frame.total_bounds.tolist() == [30.7326, 46.4775, 37.6156, 50.5977]


def test_duckdb_group_by(parquet_file, events):
    rows = duckdb.sql(
        f"SELECT event_type, count(*) AS n FROM read_parquet('{parquet_file}') GROUP BY event_type ORDER BY event_type"
    ).fetchall()
    expected: dict[str, int] = {}
    for event in events:
        expected[event.event_type] = expected.get(event.event_type, 0) + 1
    assert rows == sorted(expected.items())
    geo = duckdb.sql(f"SELECT value FROM parquet_kv_metadata('{parquet_file}') WHERE key = 'geo'").fetchall()[0]
    assert b'"version":"1.1.0"' in geo[0]


def test_duckdb_reads_hive_dataset(tmp_path, events):
    root = tmp_path / "dataset"
    write_dataset(events, root)
    write_dataset(events, root)  # appending the same events adds nothing
    rows = duckdb.sql(
        f"SELECT country, year, count(*) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true) "
        "GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    expected: dict[tuple, int] = {}
    for event in events:
        key = (event.country, event.year)
        expected[key] = expected.get(key, 0) + 1
    assert sorted(rows, key=repr) == sorted(((c, y, n) for (c, y), n in expected.items()), key=repr)
    only_2024 = duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{root}/**/*.parquet', hive_partitioning = true) WHERE year = 2024"
    ).fetchall()[0][0]
    assert only_2024 == sum(e.year == 2024 for e in events)


def test_pyarrow_dataset_with_partition_schema(tmp_path, events):
    import pyarrow as pa
    import pyarrow.dataset as ds

    root = tmp_path / "dataset"
    write_dataset(events, root)
    partitioning = ds.partitioning(pa.schema([("country", pa.string()), ("year", pa.int16())]), flavor="hive")
    table = ds.dataset(root, format="parquet", partitioning=partitioning).to_table()
    assert table.num_rows == len(events)
    assert sorted(table.column("event_id").to_pylist()) == sorted(e.event_id for e in events)


# --- any valid Event survives every format ------------------------------------------------------------------------

# each example writes and reads files: fewer examples than the profile's default, never more
FILE_EXAMPLES = settings(max_examples=min(60, settings.default.max_examples))


@FILE_EXAMPLES
@given(event_lists(max_size=8))
def test_parquet_round_trip(tmp_path_factory, batch):
    path = tmp_path_factory.getbasetemp() / "hypothesis.parquet"
    write_parquet(batch, path, fsync=False)
    assert read_events(path) == batch


@FILE_EXAMPLES
@given(event_lists(max_size=8))
def test_csv_round_trip_with_extensions(tmp_path_factory, batch):
    base = tmp_path_factory.getbasetemp()
    for layout in ("text", "numeric"):
        path = base / f"hypothesis-{layout}.csv"
        write_csv(batch, path, layout=layout, extensions=True, fsync=False)
        assert read_acled_csv(path) == batch
    write_csv(batch, base / "hypothesis-raw.csv", raw=True, extensions=True, fsync=False)
    back = read_acled_csv(base / "hypothesis-raw.csv")
    assert [e.latitude for e in back] == [e.latitude for e in batch]


@FILE_EXAMPLES
@given(event_lists(max_size=8))
def test_geojson_round_trip(tmp_path_factory, batch):
    path = tmp_path_factory.getbasetemp() / "hypothesis.geojson"
    write_geojson(batch, path, fsync=False)
    assert read_geojson(path) == batch
