"""Second blind held-out set: 20 wire-style articles (tests/heldout2/) scored with the shared scorer.

Written without looking at the extractor, its lexicons, the snippet corpus or the first held-out set's
articles and gold (see tests/heldout2/README.md). This set MEASURES how the extractor's rules carry over to
text nobody tuned on: do not tune the extractor on it. The bar is a deliberately low regression floor; the
measured figures are recorded in tests/heldout2/README.md.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from conflictdata.extract import extract_corpus
from conflictdata.io import write_parquet
from conflictdata.schema import validate_records
from test_heldout import GOLD_KEYS, SCORER, _jsonl, _load_scorer

HERE = Path(__file__).resolve().parent / "heldout2"
ARTICLES = HERE / "articles.jsonl"
GOLD = HERE / "gold.jsonl"

MIN_F1 = 0.5  # regression floor only; see the README for the measured figures

EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Strategic developments", "Protests", "Riots",
               "Violence against civilians"}


@pytest.fixture(scope="module")
def produced(tmp_path_factory) -> tuple[list, Path]:
    events = list(extract_corpus([ARTICLES]))
    out = tmp_path_factory.mktemp("heldout2") / "heldout2.parquet"
    write_parquet(events, out, fsync=False)
    return events, out


def test_articles_are_well_formed():
    articles = _jsonl(ARTICLES)
    assert len(articles) == 20
    assert sorted(a["lang"] for a in articles).count("de") == 10
    assert len({a["id"] for a in articles}) == 20
    for a in articles:
        assert set(a) == {"id", "lang", "published", "url", "text"}
        assert a["lang"] in ("de", "en")
        assert 1500 <= len(a["text"].encode("utf-8")) <= 4096, a["id"]
        if a["published"] is not None:
            dt.date.fromisoformat(a["published"])
    assert sum(a["published"] is None for a in articles) == 2


def test_gold_is_well_formed():
    ids = {a["id"] for a in _jsonl(ARTICLES)}
    gold = _jsonl(GOLD)
    assert len(gold) >= 100
    for g in gold:
        assert GOLD_KEYS <= set(g) <= GOLD_KEYS | {"event_type_alt"}, g
        assert g["document_id"] in ids
        assert g["event_type"] in EVENT_TYPES and set(g.get("event_type_alt", [])) <= EVENT_TYPES
        assert g["geo_precision"] in (1, 2, 3) and g["time_precision"] in (1, 2, 3)
        assert isinstance(g["sub_event_type"], list) and g["sub_event_type"]
        assert -90 <= g["latitude"] <= 90 and -180 <= g["longitude"] <= 180
        assert g["country"] in ("Ukraine", "Russia")
        dt.date.fromisoformat(g["event_date"])
        assert g["fatalities"] is None or g["fatalities"] >= 1
        assert g["evidence"]
    # every article has at least one required (non-optional) event
    assert {g["document_id"] for g in gold if not g["optional"]} == ids


def test_extraction_runs_and_events_are_valid(produced):
    events, out = produced
    assert events, "the extractor found nothing in 20 conflict articles"
    assert validate_records(e.to_record() for e in events) == []
    assert out.stat().st_size > 0
    ids = {a["id"] for a in _jsonl(ARTICLES)}
    for e in events:
        assert set(e.document_ids) <= ids


@pytest.mark.skipif(not SCORER.exists(), reason="shared scorer /work/shared/eval/score.py not available")
def test_heldout2_score_floor(produced):
    _, out = produced
    scorer = _load_scorer()
    scorer.main(["--events", str(out), "--gold", str(GOLD), "--show"])  # prints missed, spurious, report
    report, _, _ = scorer.score(scorer.load_events(out), scorer.load_gold(GOLD))
    assert report["f1"] >= MIN_F1
