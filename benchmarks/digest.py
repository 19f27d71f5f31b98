"""A digest of every row the extractor produces on the reference inputs: run it before and after a speed change.

Speed work must leave the output byte for byte the same. This prints one digest per input set, for
``extract_corpus`` (merged across documents) and for per-document ``extract_events``, over every column of
every row, in order: the 300-document benchmark corpus (benchmarks/corpus.py), tests/corpus/snippets.jsonl,
seeds/, tests/heldout/ and tests/heldout2/. Any changed line means a changed output.

    python benchmarks/digest.py            # ~10 s
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _default(value: object) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else repr(value)


def _digest(events: list, h: "hashlib._Hash") -> None:
    for event in events:
        h.update(json.dumps(event.to_record(), default=_default, ensure_ascii=False).encode() + b"\n")


def main() -> None:
    sys.path.insert(0, str(HERE))
    from corpus import write_corpus

    from conflictdata.documents import read_documents
    from conflictdata.extract import extract_corpus, extract_events

    with tempfile.TemporaryDirectory() as tmp:
        bench = write_corpus(300, Path(tmp) / "bench-300.jsonl")
        sets = {
            "bench300": [bench],
            "snippets": [ROOT / "tests" / "corpus" / "snippets.jsonl"],
            "seeds": [ROOT / "seeds"],
            "heldout": [ROOT / "tests" / "heldout" / "articles.jsonl"],
            "heldout2": [ROOT / "tests" / "heldout2" / "articles.jsonl"],
        }
        total = hashlib.sha256()
        for name, paths in sets.items():
            merged = list(extract_corpus(paths, workers=1))
            h = hashlib.sha256()
            _digest(merged, h)
            print(f"{name:9s} corpus {len(merged):6d} rows {h.hexdigest()[:16]}")
            total.update(h.digest())
            h, n = hashlib.sha256(), 0
            for document in read_documents(paths):
                events = extract_events(document)
                n += len(events)
                _digest(events, h)
            print(f"{name:9s} docs   {n:6d} rows {h.hexdigest()[:16]}")
            total.update(h.digest())
    print("TOTAL", total.hexdigest()[:16])


if __name__ == "__main__":
    main()
