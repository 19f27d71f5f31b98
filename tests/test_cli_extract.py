"""``conflictdata extract --workers N`` (run in-process through conflictdata.cli.main): the rows do not depend on
N; a negative N is a usage error. The rest of the command is covered by tests/test_extract_cli.py and
tests/test_robustness.py."""
from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from conflictdata.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _rows(path: Path) -> list[tuple]:
    table = pq.read_table(path)
    return sorted(tuple(sorted((k, repr(v)) for k, v in row.items())) for row in table.to_pylist())


def test_workers_2_and_1_write_the_same_rows(tmp_path, capsys):
    one, two = tmp_path / "one.parquet", tmp_path / "two.parquet"
    assert main(["extract", str(ROOT / "seeds"), "-o", str(one), "--workers", "1"]) == 0
    assert main(["extract", str(ROOT / "seeds"), "-o", str(two), "--workers", "2"]) == 0
    err = capsys.readouterr().err
    assert err.count("5 documents read") == 2
    first = _rows(one)
    assert len(first) > 5 and first == _rows(two)


def test_negative_workers_is_a_usage_error(tmp_path, capsys):
    assert main(["extract", str(ROOT / "seeds"), "-o", str(tmp_path / "x.parquet"), "--workers", "-1"]) == 2
    assert "--workers must be 0 or more" in capsys.readouterr().err
    assert not (tmp_path / "x.parquet").exists()
