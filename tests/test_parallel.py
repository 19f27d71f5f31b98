"""Tests for conflictdata.parallel (behind ``extract_corpus``): the streaming run equals merging every event in
memory, any number of workers gives the same events, failing articles are skipped, the spilling merge."""
from __future__ import annotations

import os
import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictdata.extract import ExtractStats, extract_corpus
from conflictdata.merge import merge_events, merge_key
from conflictdata.parallel import PartitionSpill, default_workers, gazetteer_source
from strategies import event_lists, sample_events

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402


def rows(events) -> list[tuple[str, str]]:
    """Events as comparable rows, order ignored: (event_id, every column)."""
    return sorted((e.event_id, repr(sorted(e.to_record().items()))) for e in events)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """A generated feed (German and English), the test snippets, the seed folder and a missing file."""
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(24, root / "feed.jsonl")
    shutil.copy(ROOT / "tests" / "corpus" / "snippets.jsonl", root / "snippets.jsonl")
    shutil.copytree(ROOT / "seeds", root / "seeds")
    return [root / "feed.jsonl", root / "snippets.jsonl", root / "seeds", root / "missing.txt"]


@pytest.fixture(scope="module")
def serial(corpus):
    stats = ExtractStats()
    events = list(extract_corpus(corpus, stats=stats))
    return events, stats


def in_memory(paths, **options) -> list:
    """The reference: every document's events held at once, merged per partition (no spill, no workers)."""
    from conflictdata.documents import read_documents
    from conflictdata.extract import extract_events

    partitions: dict = {}
    for document in read_documents(paths, on_problem=lambda p: None, **options):
        for event in extract_events(document):
            partitions.setdefault(merge_key(event), []).append(event)
    return [event for key in sorted(partitions) for event in merge_events(partitions[key])]


def test_streaming_equals_merging_everything_in_memory(corpus, serial):
    assert rows(serial[0]) == rows(in_memory(corpus))


def test_corpus_is_not_trivial(serial):
    events, stats = serial
    assert stats.documents >= 24 + 50 + 5
    assert len(events) > 100
    assert sum(len(e.document_ids) > 1 for e in events) > 0  # some events merge reports of several documents


@pytest.mark.parametrize("workers", [1, 2])
def test_same_events_as_serial(corpus, serial, workers):
    expected, expected_stats = serial
    stats = ExtractStats()
    seen: list[str] = []
    problems: list[str] = []
    got = list(extract_corpus(corpus, workers=workers, batch_size=5, stats=stats,
                                on_document=lambda d: seen.append(d.id), on_problem=lambda p: problems.append(str(p))))
    assert rows(got) == rows(expected)
    assert stats.documents == expected_stats.documents == len(seen)
    assert dict(stats.events_by_type) == dict(expected_stats.events_by_type)
    assert stats.undated == expected_stats.undated
    assert stats.skipped == expected_stats.skipped == problems[:1] and "missing.txt" in problems[0]


def test_spilling_merge_and_lang_give_the_same_events(corpus, tmp_path):
    feed = corpus[:2]
    expected = rows(extract_corpus(feed, lang="de", published="2025-02-01"))
    got = list(extract_corpus(feed, workers=2, lang="de", published="2025-02-01", batch_size=1,
                                spill_dir=tmp_path, mp_context="spawn"))
    assert rows(got) == expected
    assert list(tmp_path.iterdir()) == []  # the spill directory is removed


def test_output_order_is_deterministic(corpus):
    first = [e.event_id for e in extract_corpus(corpus[:1], workers=1)]
    again = [e.event_id for e in extract_corpus(corpus[:1], workers=2, batch_size=3)]
    assert first == again


def test_gazetteer_file_reaches_the_workers(corpus):
    from conflictdata.gazetteer import Gazetteer

    path = Gazetteer.default().source
    expected = rows(extract_corpus(corpus[:1]))
    assert rows(extract_corpus(corpus[:1], workers=2, gazetteer=path)) == expected
    assert rows(extract_corpus(corpus[:1], workers=2, gazetteer=Gazetteer.default())) == expected


def test_gazetteer_source():
    from conflictdata.gazetteer import Gazetteer

    assert gazetteer_source(None) is None
    assert gazetteer_source(Path("/data/g.zip")) == "/data/g.zip"
    assert gazetteer_source(Gazetteer.default()) == Gazetteer.default().source
    with pytest.raises(TypeError, match="gazetteer file path"):
        gazetteer_source(object())


def test_bad_arguments():
    with pytest.raises(ValueError, match="workers"):
        list(extract_corpus([], workers=-1))
    with pytest.raises(ValueError, match="batch_size"):
        list(extract_corpus([], workers=2, batch_size=0))
    assert list(extract_corpus([], workers=2)) == []
    assert list(extract_corpus([], workers=0)) == [] and list(extract_corpus([], workers=None)) == []
    assert default_workers() >= 1


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_is_reported_and_skipped(corpus, monkeypatch, workers):
    import conflictdata.extract as extract
    from conflictdata.errors import InputError

    real = extract._candidates_to_events
    feed = corpus[2]  # the seeds folder

    def broken(document, *args, **kwargs):
        if document.id == "000_d48cd53c69df454b":
            raise RuntimeError("extractor bug")
        return real(document, *args, **kwargs)

    monkeypatch.setattr(extract, "_candidates_to_events", broken)  # forked workers see it too
    stats, problems = ExtractStats(), []
    events = list(extract_corpus([feed], workers=workers, mp_context="fork", stats=stats, on_problem=problems.append))
    assert [str(p) for p in problems] == [f"{feed / '000_d48cd53c69df454b.txt'}: extraction failed: "
                                          "RuntimeError: extractor bug; skipped"]
    assert stats.skipped == [str(problems[0])] and stats.documents == 5
    assert events and all("000_d48cd53c69df454b" not in e.document_ids for e in events)
    with pytest.raises(InputError, match="extractor bug"):
        list(extract_corpus([feed], workers=workers, mp_context="fork", strict=True))


def test_implausible_tolls_are_counted_in_the_stats(tmp_path):
    (tmp_path / "a.txt").write_text("Bei einem Angriff auf Charkiw am Montag gab es 999999999999999 Tote.\n")
    for workers in (1, 2):
        stats = ExtractStats()
        events = list(extract_corpus([tmp_path], workers=workers, published="2025-01-01", stats=stats))
        assert len(stats.implausible) == 1 and "implausible death toll" in stats.implausible[0]
        assert str(tmp_path / "a.txt") in stats.implausible[0]
        assert all((e.fatalities or 0) <= 100_000 for e in events)


# --- PartitionSpill --------------------------------------------------------------------------------------


def test_spill_holds_at_most_one_bucket(tmp_path):
    events = sample_events(400)
    with PartitionSpill(tmp_path, buckets=8, max_buffered=50) as spill:
        for i in range(0, len(events), 7):
            spill.add(events[i : i + 7])
        assert spill.added == 400 and spill.spilled > 300
        files = list(next(tmp_path.iterdir()).iterdir())
        assert 1 < len(files) <= 8
        merged = list(spill.merged())
    assert rows(merged) == rows(merge_events(events))
    assert list(tmp_path.iterdir()) == []


def test_spill_keeps_partitions_whole():
    events = sample_events(200)
    spill = PartitionSpill(buckets=3, max_buffered=10)
    spill.add(events)
    keys = [merge_key(e) for e in spill.merged()]
    spill.close()
    # a partition's events come out together: each key is one run in the output
    runs = [k for i, k in enumerate(keys) if i == 0 or keys[i - 1] != k]
    assert len(runs) == len(set(keys)) == len(Counter(keys))


def test_spill_rejects_bad_sizes():
    with pytest.raises(ValueError):
        PartitionSpill(buckets=0)
    with pytest.raises(ValueError):
        PartitionSpill(max_buffered=0)


@settings(max_examples=40)
@given(events=event_lists(max_size=12), buckets=st.integers(1, 5), budget=st.integers(1, 6), seed=st.randoms())
def test_spill_merge_equals_merge_events_in_any_order(events, buckets, budget, seed):
    shuffled = list(events)
    seed.shuffle(shuffled)
    with PartitionSpill(buckets=buckets, max_buffered=budget) as spill:
        for event in shuffled:
            spill.add([event])
        got = list(spill.merged())
    assert rows(got) == rows(merge_events(events))


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="Linux only")
def test_default_workers_follow_affinity():
    assert default_workers() == len(os.sched_getaffinity(0))
