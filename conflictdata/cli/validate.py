"""``conflictdata validate PATH``: report every invalid value of a Parquet file, dataset or ACLED-layout CSV."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_DATA = 0, 1


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "validate",
        help="check an events file (Parquet, dataset directory or ACLED CSV) and list every problem",
        description="Check every row of an events file. Each problem is printed on stdout as "
        "'PATH:row N: field=value: reason' (rows count from 1; in CSV files the header is not a row). "
        "Exit status: 0 no problems, 1 problems found (or not an events file), 2 usage error.",
    )
    parser.add_argument("path", metavar="PATH", help="a .parquet file, a dataset directory, or a .csv file")
    return parser


def run(args: argparse.Namespace) -> int:
    from conflictdata.io.check import iter_problems

    count = 0
    for file, problem in iter_problems(args.path):
        print(f"{file}:row {problem.row}: {problem.field}={problem.value!r}: {problem.reason}")
        count += 1
    if count:
        print(f"conflictdata validate: {count} problem{'s' if count != 1 else ''} in {args.path}", file=sys.stderr)
        return EXIT_DATA
    print(f"conflictdata validate: {args.path}: no problems found", file=sys.stderr)
    return EXIT_OK
