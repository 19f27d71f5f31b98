"""The validate, export and schema commands (run in-process through conflictdata.cli.main)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from strategies import sample_events

from conflictdata.cli import main
from conflictdata.cli.schema import GENERATED, generated_files
from conflictdata.io import events_to_table, read_acled_csv, read_events, read_geojson, write_csv, write_parquet

ROOT = Path(__file__).resolve().parent.parent

# (1-based row, field, bad value, reason) injected into a 1,000-row file
INJECTED = [
    (17, "latitude", 123.0, "out of range -90..90"),
    (250, "event_type", "Batles", "unknown event type"),
    (503, "fatalities", -4, "must not be negative"),
    (777, "year", 1999, "differs from event_date"),
    (1000, "inter1", "Army", "unknown actor type"),
]


@pytest.fixture(scope="module")
def thousand():
    return sample_events(1000)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _bad_parquet(path: Path, events) -> None:
    table = events_to_table(events)
    for row, field, value, _ in INJECTED:
        index = table.schema.get_field_index(field)
        column = table.column(field).to_pylist()
        column[row - 1] = value
        table = table.set_column(index, table.schema.field(index), pa.array(column, table.schema.field(index).type))
    pq.write_table(table, path)


def _bad_csv(path: Path, events) -> None:
    write_csv(events, path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    for row, field, value, _ in INJECTED:
        rows[row][header.index(field)] = str(value)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_validate_finds_exactly_the_injected_values(tmp_path, capsys, thousand, kind):
    path = tmp_path / f"events.{kind}"
    (_bad_parquet if kind == "parquet" else _bad_csv)(path, thousand)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 5
    for line, (row, field, value, reason) in zip(lines, INJECTED):
        prefix = f"{path}:row {row}: {field}="
        assert line.startswith(prefix), line
        assert reason in line
        if kind == "parquet":
            assert line.startswith(f"{prefix}{value!r}: ")
    assert "5 problems" in err


def test_validate_clean_files(tmp_path, capsys, thousand):
    write_parquet(thousand[:50], tmp_path / "ok.parquet")
    write_csv(thousand[:50], tmp_path / "ok.csv", layout="numeric")
    for name in ("ok.parquet", "ok.csv"):
        code, out, err = run(capsys, "validate", str(tmp_path / name))
        assert (code, out) == (0, "")
        assert "no problems" in err


def test_validate_reports_future_dates_and_countries_that_are_not_their_iso(tmp_path, capsys, thousand):
    import datetime as dt

    future = dt.date.today() + dt.timedelta(days=30)
    ukraine = next(e for e in thousand if e.iso == 804)
    events = [ukraine, ukraine.replace(event_date=future), ukraine.replace(country="Atlantis")]
    write_parquet(events, tmp_path / "odd.parquet")
    code, out, _ = run(capsys, "validate", str(tmp_path / "odd.parquet"))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'odd.parquet'}:row 2: event_date={future.isoformat()!r}: in the future",
        f"{tmp_path / 'odd.parquet'}:row 3: country='Atlantis': is not the country of iso 804 (Ukraine)",
    ]


def test_validate_reports_duplicate_ids(tmp_path, capsys, thousand):
    write_parquet([thousand[0], thousand[1], thousand[0]], tmp_path / "dup.parquet")
    code, out, _ = run(capsys, "validate", str(tmp_path / "dup.parquet"))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'dup.parquet'}:row 3: event_id={thousand[0].event_id!r}: duplicate of row 1",
        f"{tmp_path / 'dup.parquet'}:row 3: event_id_cnty={thousand[0].event_id_cnty!r}: duplicate of row 1",
    ]


def test_validate_refuses_foreign_files_and_missing_paths(tmp_path, capsys):
    pq.write_table(pa.table({"x": [1]}), tmp_path / "other.parquet")
    code, out, err = run(capsys, "validate", str(tmp_path / "other.parquet"))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "other.parquet" in err and "missing" in err
    code, _, err = run(capsys, "validate", str(tmp_path / "absent.parquet"))
    assert code == 2 and "absent.parquet" in err
    (tmp_path / "empty").mkdir()
    code, out, err = run(capsys, "validate", str(tmp_path / "empty"))
    assert (code, out) == (1, "") and "no Parquet files" in err and "no problems" not in err


def test_unwritable_output_is_one_line_naming_the_output(tmp_path, capsys, thousand):
    source = tmp_path / "events.parquet"
    write_parquet(thousand[:3], source)
    blocker = tmp_path / "file.csv"
    blocker.write_text("x")
    for target in (blocker / "out.csv", blocker / "out.parquet"):  # a file where a directory should be
        code, _, err = run(capsys, "export", str(source), "-o", str(target))
        assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
        assert str(blocker) in err and ".tmp" not in err


def test_export_formats(tmp_path, capsys, thousand):
    source = tmp_path / "events.parquet"
    write_parquet(thousand[:30], source)
    code, _, err = run(capsys, "export", str(source), "--to", "csv", "-o", str(tmp_path / "out.csv"), "--extensions")
    assert code == 0 and "wrote 30 events" in err
    assert read_acled_csv(tmp_path / "out.csv") == thousand[:30]
    assert run(capsys, "export", str(source), "-o", str(tmp_path / "out.geojson"))[0] == 0  # format from suffix
    assert read_geojson(tmp_path / "out.geojson") == thousand[:30]
    assert run(capsys, "export", str(tmp_path / "out.csv"), "--to", "parquet", "-o", str(tmp_path / "back.parquet"))[0] == 0
    assert read_events(tmp_path / "back.parquet") == thousand[:30]
    code, _, _ = run(capsys, "export", str(source), "--to", "csv", "--layout", "numeric", "-o", str(tmp_path / "n.csv"))
    with open(tmp_path / "n.csv", newline="", encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert (code, first["inter1"], first["interaction"]) == (0, "1", "18")


def test_export_raw_and_neutralised(tmp_path, capsys, thousand):
    source = tmp_path / "events.parquet"
    write_parquet([thousand[0].replace(notes="=1+1")], source)
    run(capsys, "export", str(source), "--to", "csv", "-o", str(tmp_path / "safe.csv"))
    run(capsys, "export", str(source), "--to", "csv", "--raw", "-o", str(tmp_path / "raw.csv"))
    assert ",'=1+1," in (tmp_path / "safe.csv").read_text(encoding="utf-8")
    assert ",=1+1," in (tmp_path / "raw.csv").read_text(encoding="utf-8")


def test_export_partitioned_dataset_appends(tmp_path, capsys, thousand):
    source = tmp_path / "events.parquet"
    write_parquet(thousand[:40], source)
    out = tmp_path / "ds"
    assert run(capsys, "export", str(source), "--to", "parquet", "--partition-by", "country", "-o", str(out))[0] == 0
    code, _, err = run(capsys, "export", str(source), "--to", "parquet", "--partition-by", "country", "-o", str(out))
    assert code == 0 and "wrote 0 events" in err
    assert sorted(p.name for p in out.iterdir()) == ["country=Russia", "country=Ukraine"]
    assert len(read_events(out)) == 40


def test_export_usage_and_data_errors(tmp_path, capsys, thousand):
    source = tmp_path / "events.parquet"
    write_parquet(thousand[:3], source)
    assert run(capsys, "export", str(source), "-o", str(tmp_path / "out.xlsx"))[0] == 2
    assert run(capsys, "export", str(source), "--to", "csv", "--partition-by", "country", "-o", "x")[0] == 2
    assert run(capsys, "export", str(source), "--to", "parquet", "--partition-by", "colour", "-o", "x")[0] == 2
    assert run(capsys, "export", str(tmp_path / "nope.parquet"), "-o", str(tmp_path / "o.csv"))[0] == 2
    with pytest.raises(SystemExit) as info:
        main(["export", str(source), "--to", "xlsx", "-o", "x"])
    assert info.value.code == 2
    _bad_csv(tmp_path / "bad.csv", thousand)
    code, _, err = run(capsys, "export", str(tmp_path / "bad.csv"), "-o", str(tmp_path / "bad.parquet"))
    assert code == 1 and "bad.csv:18: latitude=123.0" in err
    assert not (tmp_path / "bad.parquet").exists()


@pytest.mark.parametrize("command", ["validate", "export", "schema"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert command in capsys.readouterr().out


# --- published schemas -------------------------------------------------------------------------------------------


def test_committed_schema_files_match_the_code():
    """Fails when schemas/ or docs/schema.md drift from conflictdata/schema.py: run `conflictdata schema`."""
    for relative, text in generated_files().items():
        assert (ROOT / relative).read_text(encoding="utf-8") == text, f"{relative} is out of date"


def test_schema_command_writes_and_checks(tmp_path, capsys):
    assert run(capsys, "schema", "--check", "--root", str(tmp_path))[0] == 1
    code, _, err = run(capsys, "schema", "--root", str(tmp_path))
    assert code == 0 and err.count("wrote") == 3
    assert sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()) == sorted(GENERATED)
    assert run(capsys, "schema", "--check", "--root", str(tmp_path))[0] == 0
    (tmp_path / "docs/schema.md").write_text("edited by hand\n")
    code, _, err = run(capsys, "schema", "--check", "--root", str(tmp_path))
    assert code == 1 and "docs/schema.md is out of date" in err
    assert (tmp_path / "docs/schema.md").read_text() == "edited by hand\n"  # --check writes nothing


def test_generated_files_content():
    files = generated_files()
    schema = json.loads(files["schemas/event.schema.json"])
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    arrow = json.loads(files["schemas/event.arrow.json"])
    assert [f["name"] for f in arrow["fields"]][-1] == "geometry"
    assert {"name": "fatalities", "type": "int32", "nullable": False} == {
        k: v for k, v in arrow["fields"][28].items() if k != "description"
    }
    doc = files["docs/schema.md"]
    for needle in ("| 29 | `fatalities` |", "| 18 | State forces-External/Other forces |",
                   "| Battles | Armed clash | Political violence |", "| 8 | External/Other forces |", "UCDP"):  # fmt: skip
        assert needle in doc
