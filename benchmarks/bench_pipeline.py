"""End-to-end throughput, peak memory and time per stage of the extraction pipeline on the benchmark corpus.

    python benchmarks/bench_pipeline.py                      # 1k and 10k documents (the quick run)
    python benchmarks/bench_pipeline.py --sizes 100000       # 100k: tens of minutes at today's speed
    python benchmarks/bench_pipeline.py --workers 2          # the --workers path (extract_corpus(workers=2))
    python benchmarks/bench_pipeline.py --profile 500        # cProfile of 500 documents: the hot spots

Prints figures only (no assertions); issue 6's targets are printed beside them. Each size runs in fresh
subprocesses, so peak resident memory (``ru_maxrss``) belongs to that size alone:

* end to end: ``extract_corpus(corpus, workers=N)`` (read → extract → cross-document merge) streamed into an
  ``EventWriter`` (GeoParquet, zstd, fsync) — what ``conflictdata extract`` does, with a flat-memory merge;
* stages: the pipeline has no timing hooks, so a second subprocess runs the stage functions one after another
  over the same documents, 1,000 at a time: read = ``read_documents`` (JSON, decoding, ``parse_article``);
  clean = ``clean_text`` + ``split_sentences`` re-run on the read documents (they are part of read and
  extract, shown on their own); extract = ``extract_events`` per document, of which geocode = the time spent
  in the gazetteer (``find_places``/``lookup``, timed through a wrapper passed as ``gazetteer``); merge =
  the cross-document merge (``PartitionSpill``); write = ``EventWriter``. The stage sum exceeds the end-to-end
  time by clean (counted twice) and the timer overhead.
* Parquet: ``write_parquet`` against a plain pyarrow write (``pa.table`` of the same column lists +
  ``pq.write_table``, see bench_io.py) of the same merged events (up to 50,000), median of 3, same process.

The corpus (benchmarks/corpus.py, fixed seed) is cached under --corpus-dir.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import json
import os
import platform
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

TARGET_DOCS_PER_S = 1500
TARGET_RSS_MB = 400
TARGET_PARQUET_RATIO = 0.8
CHUNK = 1000
PARQUET_SAMPLE = 50_000


# --- corpus ------------------------------------------------------------------------------------------------


def corpus_file(n: int, directory: Path) -> Path:
    """The cached corpus of n documents; its name carries a digest of the generator and its inputs."""
    digest = hashlib.blake2b(digest_size=6)
    for path in [HERE / "corpus.py", HERE / "english_sentences.txt", *sorted((ROOT / "seeds").glob("*.txt"))]:
        digest.update(path.read_bytes())
    path = directory / f"corpus-{n}-{digest.hexdigest()}.jsonl"
    if not path.exists():
        from corpus import write_corpus

        directory.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        write_corpus(n, tmp)
        tmp.replace(path)
    return path


# --- measurements (each in its own subprocess) ----------------------------------------------------------


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_e2e(corpus: Path, workers: int, out_dir: Path) -> dict:
    from conflictdata.io import EventWriter
    from conflictdata.extract import extract_corpus

    cpu0, start = _cpu_seconds(), time.perf_counter()
    with EventWriter(out_dir / "events.parquet") as writer:
        writer.write(extract_corpus([corpus], workers=workers))
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "cpu": _cpu_seconds() - cpu0,
        "events": writer.rows_written,
        "rss_mb": _rss_mb(resource.RUSAGE_SELF),
        "worker_rss_mb": _rss_mb(resource.RUSAGE_CHILDREN) if workers > 1 else 0.0,
    }


class TimedGazetteer:
    """Delegates to a gazetteer and adds up the time spent in its text-facing calls."""

    _TIMED = ("find_places", "lookup")

    def __init__(self, gazetteer) -> None:
        self._gazetteer = gazetteer
        self.seconds = 0.0

    def __getattr__(self, name: str):
        attr = getattr(self._gazetteer, name)
        if name not in self._TIMED:
            return attr

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed


def run_stages(corpus: Path, out_dir: Path) -> dict:
    import itertools

    from conflictdata.documents import read_documents
    from conflictdata.extract import extract_events
    from conflictdata.io import EventWriter, write_parquet
    from conflictdata.parallel import PartitionSpill, worker_gazetteer
    from conflictdata.text import clean_text, split_sentences

    gazetteer = TimedGazetteer(worker_gazetteer(None))
    extract_events("Warm-up: Angriff auf Charkiw.", lang="de", gazetteer=gazetteer)  # lexicons, regexes, indexes
    gazetteer.seconds = 0.0
    seconds = dict.fromkeys(("read", "clean", "extract", "merge", "write"), 0.0)
    documents = read_documents([corpus])
    sample = []
    with PartitionSpill() as spill:
        while True:
            start = time.perf_counter()
            chunk = list(itertools.islice(documents, CHUNK))
            seconds["read"] += time.perf_counter() - start
            if not chunk:
                break
            start = time.perf_counter()
            for document in chunk:
                split_sentences(clean_text(document.raw).text, document.language)
            seconds["clean"] += time.perf_counter() - start
            start = time.perf_counter()
            coded = [extract_events(document, gazetteer=gazetteer) for document in chunk]
            seconds["extract"] += time.perf_counter() - start
            start = time.perf_counter()
            for events in coded:
                spill.add(events)
            seconds["merge"] += time.perf_counter() - start
        merged = spill.merged()
        with EventWriter(out_dir / "stages.parquet") as writer:
            while True:
                start = time.perf_counter()
                batch = list(itertools.islice(merged, CHUNK))
                seconds["merge"] += time.perf_counter() - start
                if not batch:
                    break
                if len(sample) < PARQUET_SAMPLE:
                    sample.extend(batch[: PARQUET_SAMPLE - len(sample)])
                start = time.perf_counter()
                writer.write(batch)
                seconds["write"] += time.perf_counter() - start
            start = time.perf_counter()
        seconds["write"] += time.perf_counter() - start  # the last row group, footer, fsync and rename
    seconds["geocode"] = gazetteer.seconds
    seconds["extract"] -= gazetteer.seconds
    return {"stages": seconds, "parquet": parquet_ratio(sample, out_dir, write_parquet)}


def parquet_ratio(events: list, out_dir: Path, write_parquet) -> dict:
    from bench_io import plain_pyarrow

    def median(func, path: Path) -> float:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            func(events, path)
            runs.append(time.perf_counter() - start)
        return statistics.median(runs)

    if not events:
        return {"rows": 0, "ours": 0.0, "plain": 0.0}
    ours = median(write_parquet, out_dir / "ours.parquet")
    plain = median(plain_pyarrow, out_dir / "plain.parquet")
    return {"rows": len(events), "ours": ours, "plain": plain}


def run_profile(corpus: Path, out: Path) -> str:
    """cProfile of the in-process pipeline; the report groups functions by file too."""
    from conflictdata.io import EventWriter
    from conflictdata.extract import extract_corpus

    profile = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        profile.enable()
        with EventWriter(Path(tmp) / "events.parquet") as writer:
            writer.write(extract_corpus([corpus], workers=1))
        profile.disable()
    profile.dump_stats(out)
    stats = pstats.Stats(profile)
    total = sum(row[2] for row in stats.stats.values())  # tottime over all functions
    by_file: dict[str, float] = {}
    for (file, _line, _name), row in stats.stats.items():
        key = os.path.relpath(file, ROOT) if file.startswith(str(ROOT)) else ("<builtins>" if file == "~" else "<stdlib/other>")
        by_file[key] = by_file.get(key, 0.0) + row[2]
    buffer = io.StringIO()
    print(f"profile written to {out} ({total:.1f} s of own time)", file=buffer)
    print("\nown time by file:", file=buffer)
    for file, secs in sorted(by_file.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  {secs / total:6.1%}  {secs:7.2f} s  {file}", file=buffer)
    for order in ("tottime", "cumulative"):
        print(f"\ntop functions by {order}:", file=buffer)
        pstats.Stats(profile, stream=buffer).strip_dirs().sort_stats(order).print_stats(25)
    return buffer.getvalue()


# --- the report -------------------------------------------------------------------------------------------


def _subprocess(mode: str, corpus: Path, workers: int, out_dir: Path) -> dict:
    command = [sys.executable, str(Path(__file__)), "--_run", mode, "--_corpus", str(corpus),
               "--workers", str(workers), "--_out", str(out_dir)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} run failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> str:
    model = ""
    try:
        model = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                     if ln.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    import pyarrow

    revision = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True,
                              text=True, check=False).stdout.strip() or "unknown"
    return (f"{dt.date.today().isoformat()}, nproc {os.cpu_count()}, {model}, Python {platform.python_version()}, "
            f"pyarrow {pyarrow.__version__}, {platform.system()} {platform.release()}, code {revision}")


def report(sizes: list[int], workers: int, corpus_dir: Path, stages: bool) -> None:
    print(f"machine: {machine()}")
    print(f"pipeline: extract_corpus(workers={workers}) -> EventWriter; one fresh process per size and measurement")
    rows, stage_rows = [], []
    for n in sizes:
        corpus = corpus_file(n, corpus_dir)
        mb = corpus.stat().st_size / 1e6
        with tempfile.TemporaryDirectory(prefix="conflictdata-bench-") as tmp:
            e2e = _subprocess("e2e", corpus, workers, Path(tmp))
            staged = _subprocess("stages", corpus, workers, Path(tmp)) if stages else None
        rows.append((n, mb, e2e))
        stage_rows.append((n, staged))
        print(f"  ... {n:,} documents done in {e2e['wall']:.1f} s", file=sys.stderr)
    print()
    header = (f"{'docs':>8} {'MB':>6} {'events':>8} {'wall s':>8} {'docs/s':>8} {'MB/s':>6} "
              f"{'cores':>5} {'docs/s/core':>11} {'MB/s/core':>9} {'events/s/core':>13} {'peak RSS MB':>11}")
    print(header)
    print("-" * len(header))
    for n, mb, r in rows:
        cores = r["cpu"] / r["wall"]
        rss = f"{r['rss_mb']:.0f}" + (f" +{r['worker_rss_mb']:.0f}/w" if r["worker_rss_mb"] else "")
        print(f"{n:>8,} {mb:>6.1f} {r['events']:>8,} {r['wall']:>8.1f} {n / r['wall']:>8.0f} {mb / r['wall']:>6.2f} "
              f"{cores:>5.2f} {n / r['cpu']:>11.0f} {mb / r['cpu']:>9.3f} {r['events'] / r['cpu']:>13.0f} {rss:>11}")
    print(f"targets: >= {TARGET_DOCS_PER_S:,} docs/s on one core; peak RSS <= {TARGET_RSS_MB} MB and flat from 10k "
          f"to 100k (with workers, '+N/w' is the largest worker's peak)")
    if not stages:
        return
    names = ("read", "clean", "geocode", "extract", "merge", "write")
    print()
    print("time per stage, seconds (share of the stage sum); clean is also inside read and extract, "
          "extract excludes geocode")
    print(f"{'docs':>8} " + " ".join(f"{name:>16}" for name in names) + f" {'parquet ours/plain':>19}")
    for n, staged in stage_rows:
        seconds = staged["stages"]
        total = sum(seconds[name] for name in names)
        cells = " ".join(f"{seconds[name]:>8.2f} ({seconds[name] / total:>5.1%})" for name in names)
        pq = staged["parquet"]
        ratio = pq["plain"] / pq["ours"] if pq["ours"] else float("nan")
        print(f"{n:>8,} {cells} {ratio:>12.2f} ({pq['rows']:,} rows)")
    print(f"parquet: throughput of write_parquet / plain pyarrow write of the same rows, same run; "
          f"target >= {TARGET_PARQUET_RATIO}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1: in-process)")
    parser.add_argument("--corpus-dir", type=Path, default=Path(tempfile.gettempdir()) / "conflictdata-bench",
                        help="where generated corpora are cached")
    parser.add_argument("--no-stages", action="store_true", help="only the end-to-end runs")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the pipeline on N documents and stop")
    parser.add_argument("--_run", choices=("e2e", "stages"), help=argparse.SUPPRESS)
    parser.add_argument("--_corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--_out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args._run == "e2e":
        print(json.dumps(run_e2e(args._corpus, args.workers, args._out)))
    elif args._run == "stages":
        print(json.dumps(run_stages(args._corpus, args._out)))
    elif args.profile:
        print(run_profile(corpus_file(args.profile, args.corpus_dir),
                          Path(tempfile.gettempdir()) / f"conflictdata-pipeline-{args.profile}.prof"))
    else:
        report(args.sizes, args.workers, args.corpus_dir, not args.no_stages)


if __name__ == "__main__":
    main()
