"""``conflictdata extract INPUT... -o OUT``: code the events of articles and feeds into an events file."""
from __future__ import annotations

import argparse
import itertools
import sys

from conflictdata.errors import ConflictDataError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
FORMATS = ("parquet", "csv", "geojson")


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "extract",
        help="code the events of articles (.txt/.md/.html files, folders, .jsonl feeds) into an events file",
        description="Read articles and feeds, code their incidents as ACLED-style events (German and English), "
        "merge reports of the same incident, and write GeoParquet (default), CSV or GeoJSON. A summary goes to "
        "stderr. Exit status: 0 success, 1 some input was skipped, 2 usage error.",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files, folders, or .jsonl feeds")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="the events file to write")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="output format (default: from OUT's extension, else parquet)")
    parser.add_argument("--lang", choices=("de", "en", "auto"), default="auto",
                        help="language of the articles (default: detected per article)")
    parser.add_argument("--published", metavar="DATE",
                        help="publication date (YYYY-MM-DD) for articles that carry none")
    parser.add_argument("--gazetteer", metavar="PATH", help="a gazetteer file to use instead of the built-in one")
    parser.add_argument("--max-fatalities", type=int, default=None, metavar="N",
                        help="death tolls above N in one event are not counted (default 100000); raise it to keep "
                        "a confirmed figure")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar and no summary (problems with the inputs and implausible death tolls "
                        "are still reported)")
    parser.add_argument("--strict", action="store_true",
                        help="stop at the first problem with an input, a warning (a repaired input) included")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="worker processes for extraction (default 1; 0 = one per CPU); "
                        "the output is the same for any N")
    return parser


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return args.format
    name = str(args.output).lower()
    if name.endswith(".csv"):
        return "csv"
    if name.endswith((".geojson", ".json")):
        return "geojson"
    return "parquet"


def _published(value: str | None):
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    from conflictdata.extract import ExtractStats, extract_corpus

    published = _published(args.published)
    if published is False:
        print(f"conflictdata extract: error: --published must be a date YYYY-MM-DD, not {args.published!r}",
              file=sys.stderr)
        return EXIT_USAGE
    if args.workers < 0:
        print(f"conflictdata extract: error: --workers must be 0 or more, not {args.workers}", file=sys.stderr)
        return EXIT_USAGE
    stats = ExtractStats()
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="extract", unit="doc", file=sys.stderr, leave=False)

    reported: set[str] = set()

    def report(problem) -> None:  # every problem, error or warning, once, as it happens; also with --quiet
        reported.add(str(problem))
        if bar is not None:
            bar.write(str(problem), file=sys.stderr)
        else:
            print(problem, file=sys.stderr)

    lang = None if args.lang == "auto" else args.lang
    events = iter(extract_corpus(args.inputs, lang=lang, published=published, gazetteer=args.gazetteer,
                                 strict=args.strict, stats=stats, on_problem=report,
                                 max_fatalities=args.max_fatalities, workers=args.workers or None,
                                 on_document=(lambda _doc: bar.update(1)) if bar is not None else None))
    try:
        # extract_corpus reads every document before it yields the first (merged) event, so the counts are final
        # here; nothing has been written yet, so a run that read nothing leaves OUT as it was
        first = next(events, None)
    except ConflictDataError:  # --strict stopped at a problem that was just reported
        if bar is not None:
            bar.close()
        if args.strict and reported:
            return EXIT_DATA
        raise
    if bar is not None:
        bar.close()
    if stats.documents == 0 and stats.skipped:
        print(f"conflictdata extract: error: no input could be read; {args.output} left unchanged", file=sys.stderr)
        return EXIT_DATA
    _write(itertools.chain((first,), events) if first is not None else iter(()), args.output, _format(args))
    if not args.quiet:
        _summary(stats, args.output)
    else:
        _implausible(stats)  # figures kept out of the data are reported like problems, also with --quiet
    return EXIT_DATA if stats.skipped else EXIT_OK


def _write(events, path, fmt: str) -> None:
    if fmt == "parquet":
        from conflictdata.io import EventWriter

        with EventWriter(path) as writer:
            writer.write(events)
    elif fmt == "csv":
        from conflictdata.io import write_csv

        write_csv(events, path, extensions=True)
    else:
        from conflictdata.io import write_geojson

        write_geojson(events, path)


def _implausible(stats) -> None:
    if stats.implausible:
        n = len(stats.implausible)
        print(f"  {n} implausible death toll{'s' if n != 1 else ''} not counted:", file=sys.stderr)
        for line in stats.implausible:
            print(f"    {line}", file=sys.stderr)


def _summary(stats, output: str) -> None:
    err = sys.stderr
    print(f"conflictdata extract: {stats.documents} document{'s' if stats.documents != 1 else ''} read, "
          f"{stats.events} event{'s' if stats.events != 1 else ''} written to {output}", file=err)
    for event_type, n in sorted(stats.events_by_type.items()):
        print(f"  {event_type}: {n}", file=err)
    if stats.undated:
        print(f"  undated events: {stats.undated}", file=err)
    _implausible(stats)
    if stats.skipped or stats.warnings:
        skipped, warned = len(stats.skipped), len(stats.warnings)
        print(f"  {skipped} input{'s' if skipped != 1 else ''} skipped, {warned} warning{'s' if warned != 1 else ''}"
              " (listed above)", file=err)
