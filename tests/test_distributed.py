"""Tests for conflictdata.distributed: the Dask path gives the events of a serial run (a LocalCluster test too)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import dask
import dask.bag as db
import dask.dataframe as dd
import distributed
import pandas as pd
import pytest

from conflictdata.distributed import (
    GazetteerPlugin,
    documents_from_files,
    documents_from_records,
    extract_bag,
    extract_to_dataset,
    merge_bag,
    merge_dataset,
    staging_path,
    write_staging,
)
from conflictdata.extract import extract_corpus  # noqa: E402
from conflictdata.io import read_events  # noqa: E402
from conflictdata.merge import merge_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate  # noqa: E402


def rows(events) -> list[tuple[str, str]]:
    return sorted((e.event_id, repr(sorted(e.to_record().items()))) for e in events)


@pytest.fixture(scope="module")
def feeds(tmp_path_factory) -> list[Path]:
    """Three feeds of the benchmark corpus (German and English), plus the test snippets."""
    root = tmp_path_factory.mktemp("feeds")
    records = list(generate(18))
    paths = []
    for i in range(3):
        path = root / f"feed-{i}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[i::3]), encoding="utf-8")
        paths.append(path)
    return paths + [ROOT / "tests" / "corpus" / "snippets.jsonl"]


@pytest.fixture(scope="module")
def serial(feeds):
    return rows(extract_corpus(feeds))


@pytest.fixture
def synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def test_dataset_equals_serial(feeds, serial, tmp_path, synchronous):
    out = tmp_path / "events"
    written = extract_to_dataset(documents_from_files(feeds, files_per_partition=2), out, fsync=False)
    events = read_events(out)
    assert written == len(events) == len(serial)
    assert rows(events) == serial
    # one directory per merge partition, each holding exactly that partition's events
    for file in out.rglob("*.parquet"):
        parts = file.parent.relative_to(out).parts
        assert [p.split("=")[0] for p in parts] == ["country_key", "admin1_key", "period"]
        keys = {merge_key(e) for e in read_events(file)}
        assert len(keys) == 1
        country, admin1, period = keys.pop()
        assert parts[2] == f"period={period}" and parts[0] == f"country_key={country}"
    assert staging_path(out).is_dir()


def test_second_pass_merges_late_documents(feeds, serial, tmp_path, synchronous):
    """Documents staged later are merged with the earlier ones; only touched partitions are rewritten."""
    out, staging = tmp_path / "events", tmp_path / "staging"
    extract_to_dataset(documents_from_files(feeds[:2]), out, staging=staging, fsync=False)
    before = {p.relative_to(out): p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    touched = write_staging(extract_bag(documents_from_files(feeds[2:])), staging)
    merge_dataset(staging, out, touched, fsync=False)
    assert rows(read_events(out)) == serial
    after = {p.relative_to(out): p.stat().st_mtime_ns for p in out.rglob("*.parquet")}
    untouched = [p for p in before if p.parent.as_posix() not in touched]
    assert untouched and all(after[p] == before[p] for p in untouched)
    assert merge_dataset(staging, out, fsync=False) == len(serial)  # a full second pass changes nothing
    assert rows(read_events(out)) == serial


def test_records_bag_and_task_shuffle_equal_serial(feeds, serial, synchronous):
    records = db.read_text([str(p) for p in feeds], blocksize=None).map(json.loads)
    events = merge_bag(extract_bag(documents_from_records(records)), npartitions=3).compute()
    assert rows(events) == serial


def test_dataframe_input(feeds, synchronous):
    frame = pd.concat([pd.read_json(p, lines=True, dtype=False) for p in feeds[:3]], ignore_index=True)
    expected = rows(extract_corpus(feeds[:3]))
    events = merge_bag(extract_bag(documents_from_records(dd.from_pandas(frame, npartitions=2)))).compute()
    assert rows(events) == expected


def test_bad_records_are_skipped(synchronous):
    records = db.from_sequence([{"id": "a"}, {"text": "Angriff"}, "not a record", {"id": True, "text": "x"}])
    assert documents_from_records(records).compute() == []
    assert documents_from_files([]).compute() == []


def test_local_cluster_equals_serial(feeds, serial, tmp_path):
    """Two worker processes; the plugin loads the gazetteer on each before any task runs."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  worker_dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        client.register_plugin(GazetteerPlugin())
        loaded = client.run(lambda dask_worker: dask_worker.plugins[GazetteerPlugin.name].loaded)
        assert len(loaded) == 2 and all(text.startswith("Gazetteer(") for text in loaded.values())
        out = tmp_path / "events"
        extract_to_dataset(documents_from_files(feeds), out, fsync=False)
    assert rows(read_events(out)) == serial
