from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from strategies import sample_events

from conflictdata.errors import InputError, SchemaMismatchError
from conflictdata.io import (
    EventWriter,
    atomic_path,
    events_to_table,
    iter_event_batches,
    read_acled_csv,
    read_events,
    read_geojson,
    write_csv,
    write_dataset,
    write_geojson,
    write_parquet,
)
from conflictdata.io.acled_csv import format_acled_date
from conflictdata.io.dataset import dataset_event_ids
from conflictdata.io.geoparquet import point_from_wkb
from conflictdata.schema import ACLED_COLUMNS, COLUMNS, Event

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def events() -> list[Event]:
    return sample_events(60)


def _files(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


def _acled(event: Event) -> list:
    """The 31 ACLED columns of an event (what a CSV without extensions carries)."""
    return [getattr(event, name) for name in ACLED_COLUMNS]


def _geo(path: Path) -> dict:
    return json.loads(pq.read_schema(path).metadata[b"geo"])


# --- Parquet -----------------------------------------------------------------------------------------------------


def test_parquet_round_trip_exact(tmp_path, events):
    path = tmp_path / "events.parquet"
    assert write_parquet(events, path) == 60
    assert read_events(path) == events


def test_parquet_zstd_and_columns(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    meta = pq.ParquetFile(path).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    schema = pq.read_schema(path)
    assert schema.names == [*COLUMNS, "geometry"]
    assert schema.field("geometry").type == pa.binary()
    assert schema.metadata[b"conflictdata.schema"] == b"event"


def test_geoparquet_metadata(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    geo = _geo(path)
    assert geo["version"] == "1.1.0"
    assert geo["primary_column"] == "geometry"
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert column["geometry_types"] == ["Point"]
    assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
    assert column["bbox"] == [30.7326, 46.4775, 37.6156, 50.5977]
    # the Parquet footer key (read by GDAL, DuckDB) says the same as the Arrow schema (read by geopandas)
    assert json.loads(pq.ParquetFile(path).metadata.metadata[b"geo"]) == geo


def test_wkb_points_and_null_geometry(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_parquet(events, path)
    table = pq.read_table(path, columns=["latitude", "longitude", "geometry"]).to_pylist()
    for row in table:
        if row["latitude"] is None:
            assert row["geometry"] is None
        else:
            assert len(row["geometry"]) == 21 and row["geometry"][:5] == b"\x01\x01\x00\x00\x00"
            assert point_from_wkb(row["geometry"]) == (row["longitude"], row["latitude"])
    assert sum(row["geometry"] is None for row in table) == 6


def test_bbox_covers_every_row_group(tmp_path):
    west = sample_events(4)[3]  # Odesa, the westernmost place
    batches = [[e] for e in sample_events(3)] + [[west]]
    path = tmp_path / "events.parquet"
    with EventWriter(path, row_group_size=1) as writer:
        for batch in batches:
            writer.write(batch)
    assert pq.ParquetFile(path).metadata.num_row_groups == 4
    assert _geo(path)["columns"]["geometry"]["bbox"] == [30.7326, 46.4775, 37.6156, 50.5977]


def test_geo_metadata_without_late_key_value_metadata(tmp_path, events, monkeypatch):
    """pyarrow < 17 has no ParquetWriter.add_key_value_metadata: the file is still GeoParquet, without bbox."""
    monkeypatch.delattr(pq.ParquetWriter, "add_key_value_metadata")
    write_parquet(events, tmp_path / "old.parquet")
    column = _geo(tmp_path / "old.parquet")["columns"]["geometry"]
    assert column["encoding"] == "WKB" and "bbox" not in column
    assert read_events(tmp_path / "old.parquet") == events


def test_no_coordinates_no_bbox_and_empty_file(tmp_path, events):
    unlocated = [e for e in events if e.latitude is None]
    write_parquet(unlocated, tmp_path / "a.parquet")
    assert "bbox" not in _geo(tmp_path / "a.parquet")["columns"]["geometry"]
    assert write_parquet([], tmp_path / "empty.parquet") == 0
    assert read_events(tmp_path / "empty.parquet") == []
    assert pq.read_schema(tmp_path / "empty.parquet").names[-1] == "geometry"


def test_event_writer_streams_row_groups(tmp_path, events):
    path = tmp_path / "events.parquet"
    with EventWriter(path, row_group_size=25) as writer:
        assert writer.write(e for e in events[:30]) == 30
        writer.write(events[30:])
        writer.write_event(events[0].replace(notes="one more"))
    assert writer.rows_written == 61
    assert pq.ParquetFile(path).metadata.num_row_groups == 3
    batches = list(iter_event_batches(path, batch_size=20))
    assert [len(b) for b in batches] == [20, 20, 20, 1]
    assert [e for b in batches for e in b][:60] == events


def test_event_writer_without_with_block(tmp_path, events):
    writer = EventWriter(tmp_path / "a.parquet")
    writer.write(events[:3])
    assert _files(tmp_path) != ["a.parquet"]  # only the temporary file so far
    assert writer.close() == tmp_path / "a.parquet"
    assert writer.close() == tmp_path / "a.parquet"  # closing twice is harmless
    with pytest.raises(ValueError, match="closed"):
        writer.write(events[:1])
    aborted = EventWriter(tmp_path / "b.parquet")
    aborted.write(events[:3])
    aborted.abort()
    with pytest.raises(ValueError, match="aborted"):
        aborted.close()
    assert _files(tmp_path) == ["a.parquet"]


def test_event_writer_rejects_non_events(tmp_path):
    with pytest.raises(TypeError):
        with EventWriter(tmp_path / "x.parquet") as writer:
            writer.write([{"event_type": "Battles"}])
    assert _files(tmp_path) == []


def test_exception_mid_write_leaves_earlier_file(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_parquet(events[:5], path)
    before = path.read_bytes()

    def failing():
        yield from events
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_parquet(failing(), path, row_group_size=10)
    assert path.read_bytes() == before
    with pytest.raises(KeyError):
        with EventWriter(path, row_group_size=10) as writer:
            writer.write(events)
            raise KeyError("stop")
    assert path.read_bytes() == before
    assert _files(tmp_path) == ["events.parquet"]  # no temporary file left behind
    assert read_events(path) == events[:5]


def _kill_when_written(script: str) -> None:
    """Run a writer script and SIGKILL it as soon as it prints "written" (mid-write)."""
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "written"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL


def test_sigkill_mid_write_leaves_earlier_file(tmp_path, events):
    path = tmp_path / "events.parquet"
    write_parquet(events[:5], path)
    before = path.read_bytes()
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from strategies import sample_events
        from conflictdata.io import EventWriter
        with EventWriter({str(path)!r}, row_group_size=10) as writer:
            writer.write(sample_events(30))
            print("written", flush=True)
            time.sleep(60)
        """
    )
    _kill_when_written(script)
    assert path.read_bytes() == before
    assert read_events(path) == events[:5]


def test_sigkill_mid_append_leaves_the_dataset_unchanged(tmp_path, events):
    root = tmp_path / "ds"
    write_dataset(events[:5], root)
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT / 'tests')!r})
        from strategies import sample_events
        from conflictdata.io import write_dataset

        def slow():
            events = sample_events(60)
            yield from events[:40]  # two chunks of 20 are written (staged) before the writer stalls
            print("written", flush=True)
            time.sleep(60)
            yield from events[40:]

        write_dataset(slow(), {str(root)!r}, chunk_size=20)
        """
    )
    _kill_when_written(script)
    visible = {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")}
    assert visible == before  # no new part file is visible: the append did not happen
    assert any(p.name.endswith(".pending") for p in root.rglob("*"))  # it was under way
    assert sorted(read_events(root), key=lambda e: e.event_id) == sorted(events[:5], key=lambda e: e.event_id)
    assert write_dataset(events, root) == len(events) - 5  # the next writer removes the leftovers and appends
    assert not [p for p in root.rglob("*") if p.name.startswith(".")]
    assert sorted(e.event_id for e in read_events(root)) == sorted(e.event_id for e in events)


def test_read_refuses_other_schemas(tmp_path, events):
    table = events_to_table(events[:3])
    cases = {
        "missing.parquet": table.drop_columns(["notes"]),
        "wrongtype.parquet": table.set_column(
            table.schema.get_field_index("fatalities"), "fatalities", pa.array(["1", "2", "3"])
        ),
        "extra.parquet": table.append_column("colour", pa.array(["red"] * 3)),
    }
    expected = {
        "missing.parquet": "column 'notes' is missing",
        "wrongtype.parquet": "column 'fatalities' has type string, expected int32",
        "extra.parquet": "unexpected column 'colour'",
    }
    for name, bad in cases.items():
        pq.write_table(bad, tmp_path / name)
        with pytest.raises(SchemaMismatchError) as info:
            read_events(tmp_path / name)
        assert str(tmp_path / name) in str(info.value)
        assert expected[name] in str(info.value)
    (tmp_path / "text.parquet").write_text("not parquet at all")
    with pytest.raises(InputError, match="text.parquet"):
        read_events(tmp_path / "text.parquet")
    with pytest.raises(FileNotFoundError):
        read_events(tmp_path / "absent.parquet")


def test_read_accepts_large_types_from_other_writers(tmp_path, events):
    table = events_to_table(events[:3])
    index = table.schema.get_field_index("notes")
    table = table.set_column(index, "notes", table.column("notes").cast(pa.large_string()))
    pq.write_table(table, tmp_path / "large.parquet")
    assert read_events(tmp_path / "large.parquet") == events[:3]


def test_invalid_row_names_file_row_and_field(tmp_path, events):
    table = events_to_table(events[:3])
    index = table.schema.get_field_index("latitude")
    table = table.set_column(index, table.schema.field(index), pa.array([49.7, 123.0, None]))
    pq.write_table(table, tmp_path / "bad.parquet")
    with pytest.raises(InputError) as info:
        read_events(tmp_path / "bad.parquet")
    assert "bad.parquet" in str(info.value) and "row 2" in str(info.value) and "latitude=123.0" in str(info.value)


# --- datasets ----------------------------------------------------------------------------------------------------


def test_dataset_partitions_and_append_without_duplicates(tmp_path, events):
    root = tmp_path / "ds"
    assert write_dataset(events[:40], root) == 40
    files = _files(root)
    assert all(f.startswith(("country=Ukraine/year=", "country=Russia/year=")) for f in files)
    assert any("year=__HIVE_DEFAULT_PARTITION__" in f for f in files)  # undated events
    assert write_dataset(events[:40], root) == 0  # the same events again: nothing added
    assert _files(root) == files
    assert write_dataset(events[30:] + events[30:], root) == 20  # overlap and repeats inside the input
    back = read_events(root)
    assert len(back) == 60 and {e.event_id for e in back} == {e.event_id for e in events}
    assert sorted(back, key=lambda e: e.event_id) == sorted(events, key=lambda e: e.event_id)
    assert dataset_event_ids(root) == {e.event_id for e in events}


def test_dataset_partition_values_are_escaped(tmp_path, events):
    odd = [events[0].replace(country="Côte d'Ivoire/x=1", iso=384), events[1].replace(country="")]
    root = tmp_path / "ds"
    write_dataset(odd, root, partition_by=("country",))
    dirs = sorted(p.name for p in root.iterdir())
    assert dirs == ["country=C%C3%B4te d%27Ivoire%2Fx%3D1", "country=__HIVE_DEFAULT_PARTITION__"]
    assert sorted(e.country for e in read_events(root)) == ["", "Côte d'Ivoire/x=1"]


def test_dataset_refuses_mismatched_files_and_columns(tmp_path, events):
    root = tmp_path / "ds"
    write_dataset(events[:5], root)
    with pytest.raises(ValueError, match="colour"):
        write_dataset(events[5:], root, partition_by=("colour",))
    pq.write_table(pa.table({"x": [1]}), root / "stray.parquet")
    with pytest.raises(SchemaMismatchError, match="stray.parquet"):
        write_dataset(events[5:], root)


# --- ACLED CSV ---------------------------------------------------------------------------------------------------


def _csv_rows(path: Path) -> list[list[str]]:
    import csv

    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_acled_date_format():
    assert format_acled_date(dt.date(2025, 1, 17)) == "17 January 2025"
    assert format_acled_date(dt.date(2024, 3, 5)) == "05 March 2024"
    assert format_acled_date(None) == ""


def test_csv_text_layout(tmp_path, events):
    path = tmp_path / "events.csv"
    assert write_csv(events[:4], path) == 4
    rows = _csv_rows(path)
    assert rows[0] == list(ACLED_COLUMNS)
    row = dict(zip(rows[0], rows[1]))
    assert row["event_date"] == "01 January 2024"
    assert row["inter1"] == "State forces" and row["inter2"] == "External/Other forces"
    assert row["interaction"] == "State forces-External/Other forces"
    assert (row["latitude"], row["longitude"], row["iso"], row["fatalities"]) == ("49.7106", "37.6156", "804", "0")
    assert row["event_id_cnty"] == events[0].event_id_cnty


def test_csv_numeric_layout(tmp_path, events):
    path = tmp_path / "events.csv"
    write_csv([events[0], events[3]], path, layout="numeric")
    rows = [dict(zip(_csv_rows(path)[0], r)) for r in _csv_rows(path)[1:]]
    assert (rows[0]["inter1"], rows[0]["inter2"], rows[0]["interaction"]) == ("1", "8", "18")
    assert (rows[1]["inter1"], rows[1]["inter2"], rows[1]["interaction"]) == ("8", "0", "80")
    assert [_acled(e) for e in read_acled_csv(path)] == [_acled(events[0]), _acled(events[3])]
    with pytest.raises(ValueError, match="layout"):
        write_csv(events, tmp_path / "x.csv", layout="Numeric")


def test_csv_formula_injection_neutralised_numbers_untouched(tmp_path, events):
    evil = events[0].replace(
        actor1="=HYPERLINK(\"http://evil.invalid\")", notes="+1", source="@SUM(A1)", tags="-2+3",
        admin2="\tx", admin3="'=already", location="'s-Hertogenbosch", longitude=-5.2, latitude=-0.5,
    )  # fmt: skip
    path = tmp_path / "safe.csv"
    write_csv([evil], path)
    row = dict(zip(*_csv_rows(path)))
    assert row["actor1"] == "'=HYPERLINK(\"http://evil.invalid\")"
    assert (row["notes"], row["source"], row["tags"], row["admin2"]) == ("'+1", "'@SUM(A1)", "'-2+3", "'\tx")
    assert row["admin3"] == "''=already" and row["location"] == "'s-Hertogenbosch"
    assert (row["longitude"], row["latitude"]) == ("-5.2", "-0.5")
    assert [_acled(e) for e in read_acled_csv(path)] == [_acled(evil)]  # the reader removes exactly the added apostrophe
    write_csv([evil], tmp_path / "raw.csv", raw=True)
    raw = dict(zip(*_csv_rows(tmp_path / "raw.csv")))
    assert raw["actor1"].startswith("=HYPERLINK") and raw["tags"] == "-2+3"


def test_csv_with_extensions_round_trip(tmp_path, events):
    path = tmp_path / "full.csv"
    write_csv(events, path, extensions=True)
    header = _csv_rows(path)[0]
    assert header == list(COLUMNS)
    assert dict(zip(header, _csv_rows(path)[1]))["document_ids"] == '["doc-0"]'
    assert read_acled_csv(path) == events


# Made-up rows in ACLED's layouts (never real ACLED data).
TEXT_LAYOUT = (
    "\ufeffevent_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp,population_best\n"
    "XYZ1001,03 February 2025,2025,1,Political violence,Explosions/Remote violence,Air/drone strike,"
    "Military Forces of Testland (2000-),,External/Other forces,Civilians (Exampleland),,Civilians,"
    "External/Other forces-Civilians,Civilian targeting,804,Europe,Ukraine,Testoblast,Example Raion,,"
    "Sampletown,48.1234,-5.2000,2,Example Daily,National,\"On 3 February 2025, a made-up drone strike hit "
    "Sampletown. 2 made-up fatalities.\",2,,1738600000,12000\n"
    "XYZ1002,04 February 2025,2025,2,Demonstrations,Protests,Peaceful protest,Protesters (Exampleland),,"
    "Protesters,,,,Protesters only,,804,Europe,Ukraine,Testoblast,,,Sampletown,48.1234,-5.2,1,"
    "Example Daily,Subnational,Invented protest.,0,crowd size=no report,1738600001,\n"
)
NUMERIC_LAYOUT = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,"
    "admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,"
    "tags,timestamp\r\n"
    "XYZ2001,2024-01-15,2024,1,Political violence,Battles,Armed clash,Military Forces of Testland (2000-),,8,"
    "Military Forces of Exampleland (2019-),,1,18,,804,Europe,Ukraine,Testoblast,,,Sampletown,48.1234,"
    "37.5,1,Example Daily,National,Invented clash.,3.0,,1705300000\r\n"
    "XYZ2002,16-01-2024,2024,1,Political violence,Explosions/Remote violence,Shelling/artillery/missile attack,"
    "Military Forces of Testland (2000-),,8,,,0,80,,804,Europe,Ukraine,Testoblast,,,Sampletown,48.1234,37.5,"
    "1,Example Daily,National,Invented shelling.,0,,1705300001\r\n"
)


def test_read_acled_text_layout(tmp_path):
    path = tmp_path / "acled_2025.csv"
    path.write_text(TEXT_LAYOUT, encoding="utf-8")
    first, second = read_acled_csv(path)
    assert first.event_id_cnty == "XYZ1001" and first.event_date == dt.date(2025, 2, 3)
    assert (first.inter1, first.inter2, first.interaction_code) == ("External/Other forces", "Civilians", 78)
    assert (first.latitude, first.longitude, first.fatalities, first.geo_precision) == (48.1234, -5.2, 2, 2)
    assert first.civilian_targeting == "Civilian targeting" and first.notes.startswith("On 3 February 2025,")
    assert second.interaction == "Protesters only" and second.time_precision == 2
    assert second.tags == "crowd size=no report"
    assert first.event_id and first.event_id != second.event_id  # made from ACLED's own event_id_cnty


def test_acled_rows_keep_their_own_identity(tmp_path):
    """Two ACLED events on one day, place and actor pair stay two; an updated row is the same event."""
    header, strike = TEXT_LAYOUT.splitlines()[:2]
    shelling = strike.replace("XYZ1001", "XYZ1003").replace("Air/drone strike", "Shelling/artillery/missile attack")
    moved = strike.replace("Sampletown,48.1234,-5.2000", "Othertown,48.2,-5.3")
    path = tmp_path / "acled.csv"
    path.write_text("\n".join([header, strike, shelling]) + "\n", encoding="utf-8")
    first, second = read_acled_csv(path)
    assert first.event_id != second.event_id
    assert write_dataset([first, second], tmp_path / "ds", partition_by=("country",)) == 2
    path.write_text("\n".join([header, moved]) + "\n", encoding="utf-8")
    (updated,) = read_acled_csv(path)
    assert updated.location == "Othertown" and updated.event_id == first.event_id
    assert write_dataset([updated], tmp_path / "ds", partition_by=("country",)) == 0
    assert len(read_events(tmp_path / "ds")) == 2


def test_read_acled_numeric_layout_and_old_dates(tmp_path):
    path = tmp_path / "acled_2024.csv"
    path.write_text(NUMERIC_LAYOUT, encoding="utf-8")
    clash, shelling = read_acled_csv(path)
    assert (clash.inter1, clash.inter2) == ("External/Other forces", "State forces")
    assert clash.interaction == "State forces-External/Other forces" and clash.fatalities == 3
    assert shelling.event_date == dt.date(2024, 1, 16)
    assert (shelling.inter2, shelling.interaction) == ("", "External/Other forces only")


def test_read_acled_errors_name_file_line_and_field(tmp_path):
    lines = NUMERIC_LAYOUT.split("\r\n")
    lines[2] = lines[2].replace("Shelling/artillery/missile attack", "Shellfire").replace(",48.1234,", ",98.1234,")
    path = tmp_path / "bad.csv"
    path.write_text("\r\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_acled_csv(path)
    message = str(info.value)
    assert message.startswith(f"{path}:3: ")
    assert "sub_event_type='Shellfire'" in message and "latitude=98.1234" in message
    (tmp_path / "nohead.csv").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="missing column"):
        read_acled_csv(tmp_path / "nohead.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(InputError, match="empty"):
        read_acled_csv(tmp_path / "empty.csv")


def test_csv_line_numbers_count_multiline_cells(tmp_path, events):
    path = tmp_path / "multi.csv"
    write_csv([events[0].replace(notes="line one\nline two"), events[1]], path)
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[2].startswith("line two")  # the first record spans lines 2-3; the second is on line 4
    lines[3] = lines[3].replace(",1,Ukrainska", ",7,Ukrainska", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError, match=r"multi.csv:4: geo_precision=7"):
        read_acled_csv(path)


# --- GeoJSON -----------------------------------------------------------------------------------------------------


def test_geojson_feature_collection(tmp_path, events):
    path = tmp_path / "events.geojson"
    assert write_geojson(events[:10], path) == 10
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 10
    feature = data["features"][0]
    assert feature["id"] == events[0].event_id
    assert feature["geometry"] == {"type": "Point", "coordinates": [37.6156, 49.7106]}
    assert feature["properties"]["event_date"] == "2024-01-01"
    assert list(feature["properties"]) == list(COLUMNS)
    assert feature["properties"]["document_ids"] == ["doc-0"]
    assert data["features"][9]["geometry"] is None
    assert read_geojson(path) == events[:10]


def test_geojson_escapes_markup(tmp_path, events):
    path = tmp_path / "x.geojson"
    event = events[0].replace(notes="</script><script>alert(1)</script> & more")
    write_geojson([event], path)
    text = path.read_text(encoding="utf-8")
    assert "</script>" not in text and "\\u003c/script\\u003e" in text
    assert read_geojson(path) == [event]


# --- atomic writes -----------------------------------------------------------------------------------------------


def test_atomic_path_replaces_or_keeps(tmp_path):
    target = tmp_path / "sub" / "out.txt"
    with atomic_path(target) as tmp:
        assert tmp.parent == target.parent and tmp.name.startswith(".out.txt.")
        tmp.write_text("one")
    assert target.read_text() == "one"
    with pytest.raises(ZeroDivisionError):
        with atomic_path(target) as tmp:
            tmp.write_text("two")
            1 / 0
    assert target.read_text() == "one"
    assert _files(tmp_path) == ["sub/out.txt"]
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert target.stat().st_mode == plain.stat().st_mode  # normal permissions, not mkstemp's 0600


def test_csv_and_geojson_writes_are_atomic(tmp_path, events):
    for name, writer in (("e.csv", write_csv), ("e.geojson", write_geojson)):
        path = tmp_path / name
        writer(events[:2], path)
        before = path.read_bytes()

        def failing():
            yield events[0]
            raise RuntimeError("boom")

        with pytest.raises(RuntimeError):
            writer(failing(), path)
        assert path.read_bytes() == before
    assert _files(tmp_path) == ["e.csv", "e.geojson"]
