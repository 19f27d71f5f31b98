"""The ``conflictdata`` command line: argument parsing only; each subcommand calls the library.

Exit codes: 0 success, 1 data problems found (invalid rows, skipped inputs), 2 usage errors
(bad arguments, missing files). Errors are printed as one line on stderr.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from conflictdata import __version__
from conflictdata.errors import ConflictDataError

# subcommand -> module in conflictdata.cli that defines register(subparsers) and run(args) -> int
SUBCOMMANDS = ("extract", "validate", "export", "schema", "geocode", "gazetteer", "report")

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="conflictdata",
        description="News reports about armed conflict in, geocoded ACLED-compatible events out.",
        epilog="Exit status: 0 success, 1 data problems found (invalid rows, skipped inputs), 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"conflictdata {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"conflictdata.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"conflictdata.cli.{name}":
                raise
            continue  # not built yet
        sub = module.register(subparsers)
        sub.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args._run(args) or 0)
    except ConflictDataError as exc:
        print(f"conflictdata {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_DATA
    except OSError as exc:  # a missing input, an output path that cannot be written, a full disk
        filename = exc.filename or getattr(args, "output", None)  # "disk full" names no file: it was the output
        where = f": {filename}" if filename else ""
        print(f"conflictdata {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("conflictdata: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
