"""``conflictdata extract``: formats, summary on stderr, exit codes."""
from __future__ import annotations

import io
import json
import sys

import pytest

from conflictdata.cli import main
from conflictdata.io import read_events

ARTICLE = ("Charkiw, Ukraine - Russische Drohnen haben in der Nacht Charkiw angegriffen. Dabei wurden drei Menschen "
           "getötet und zwölf verletzt, teilte Gouverneur Oleh Synjehubow mit.\n")


def _inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    feed = folder / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f1", "text": "Russian missiles struck Odesa, killing two people.",
                                "published": "2025-02-10", "language": "en",
                                "url": "https://example.org/odesa"}) + "\n", encoding="utf-8")
    return folder


def test_parquet_with_summary(tmp_path, capsys):
    out = tmp_path / "ev.parquet"
    assert main(["extract", str(_inputs(tmp_path)), "-o", str(out), "--published", "2025-02-11"]) == 0
    events = list(read_events(out))
    assert {e.location for e in events} == {"Kharkiv", "Odesa"}
    odesa = next(e for e in events if e.location == "Odesa")
    assert odesa.document_ids == ("f1",) and odesa.source_urls == ("https://example.org/odesa",)
    assert odesa.event_date.isoformat() == "2025-02-10"
    err = capsys.readouterr().err
    assert "2 documents read, 2 events" in err and "Explosions/Remote violence: 2" in err


def test_csv_and_geojson(tmp_path):
    folder = _inputs(tmp_path)
    assert main(["extract", str(folder), "-o", str(tmp_path / "ev.csv"), "--quiet"]) == 0
    header = (tmp_path / "ev.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("event_id_cnty,event_date")
    assert main(["extract", str(folder), "-o", str(tmp_path / "ev.out"), "--format", "geojson", "--quiet"]) == 0
    data = json.loads((tmp_path / "ev.out").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2


def test_undated_events_are_counted(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russische Drohnen griffen Charkiw an, drei Menschen wurden getötet.\n",
                                  encoding="utf-8")
    assert main(["extract", str(folder), "-o", str(tmp_path / "ev.parquet")]) == 0
    assert "undated events: 1" in capsys.readouterr().err


def test_skipped_input_exits_1(tmp_path, capsys):
    folder = _inputs(tmp_path)
    (folder / "bad.jsonl").write_text("{not json\n", encoding="utf-8")
    assert main(["extract", str(folder), "-o", str(tmp_path / "ev.parquet")]) == 1
    assert "skipped" in capsys.readouterr().err


def test_bad_published_date_is_a_usage_error(tmp_path):
    assert main(["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "x.parquet"), "--published", "soon"]) == 2


def test_implausible_toll_is_left_out_and_listed(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Bei einem Raketenangriff auf Charkiw wurden am Montag 250.000 Menschen getötet.\n",
                                  encoding="utf-8")
    out = tmp_path / "ev.parquet"
    assert main(["extract", str(folder), "-o", str(out), "--published", "2025-03-05"]) == 0
    (event,) = read_events(out)
    assert event.fatalities == 0 and "implausible fatalities" in event.tags and "250.000" in event.notes
    assert "1 implausible death toll not counted" in capsys.readouterr().err
    assert main(["extract", str(folder), "-o", str(out), "--published", "2025-03-05", "--quiet"]) == 0
    err = capsys.readouterr().err  # --quiet drops the summary, not the figures kept out of the data
    assert "1 implausible death toll not counted" in err and "events written" not in err
    assert main(["extract", str(folder), "-o", str(out), "--max-fatalities", "300000", "--quiet"]) == 0
    assert [e.fatalities for e in read_events(out)] == [250000]


def test_a_run_that_reads_nothing_keeps_the_output(tmp_path, capsys):
    out = tmp_path / "ev.parquet"
    assert main(["extract", str(_inputs(tmp_path)), "-o", str(out), "--quiet"]) == 0
    before = out.read_bytes()
    assert main(["extract", str(tmp_path / "missing"), "-o", str(out), "--quiet"]) in (1, 2)
    assert out.read_bytes() == before


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("quiet, terminal, bar", [(False, True, True), (True, True, False), (False, False, False)])
def test_progress_bar_only_on_a_terminal_and_not_with_quiet(tmp_path, monkeypatch, quiet, terminal, bar):
    err = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    args = ["extract", str(_inputs(tmp_path)), "-o", str(tmp_path / "ev.parquet")] + (["--quiet"] if quiet else [])
    assert main(args) == 0
    assert ("\rextract: 0doc" in err.getvalue()) == bar  # tqdm draws its line with a carriage return
