"""Time of `import conflictdata` in a fresh interpreter (issue 2: under 0.3 s; heavy parts load on first use).

    python benchmarks/bench_import.py [--runs 15]

Prints the median wall time of `python -c "import conflictdata"` and of `python -c "pass"` measured in the same
run, alternating, and their difference (the import's own cost).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.3


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    bare, package = [], []
    for _ in range(runs):
        bare.append(_wall("pass"))
        package.append(_wall("import conflictdata"))
    b, p = statistics.median(bare), statistics.median(package)
    print(f"python -c pass                 {b:.3f} s (median of {runs})")
    print(f"python -c 'import conflictdata' {p:.3f} s")
    print(f"import conflictdata itself     {p - b:.3f} s   target < {TARGET_S} s")


if __name__ == "__main__":
    main()
