"""``conflictdata extract INPUT... -o OUT``: code the events of articles and feeds into an events file."""
from __future__ import annotations

import argparse
import sys

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
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    parser.add_argument("--strict", action="store_true", help="stop at the first unreadable input")
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
    stats = ExtractStats()
    bar = None
    if not args.quiet and sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(desc="extract", unit="doc", file=sys.stderr, leave=False)
    lang = None if args.lang == "auto" else args.lang
    events = extract_corpus(args.inputs, lang=lang, published=published, gazetteer=args.gazetteer,
                            strict=args.strict, stats=stats,
                            on_document=(lambda _doc: bar.update(1)) if bar is not None else None)
    fmt = _format(args)
    try:
        if fmt == "parquet":
            from conflictdata.io import EventWriter

            with EventWriter(args.output) as writer:
                writer.write(events)
        elif fmt == "csv":
            from conflictdata.io import write_csv

            write_csv(events, args.output, extensions=True)
        else:
            from conflictdata.io import write_geojson

            write_geojson(events, args.output)
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        _summary(stats, args.output)
    return EXIT_DATA if stats.skipped else EXIT_OK


def _summary(stats, output: str) -> None:
    err = sys.stderr
    print(f"conflictdata extract: {stats.documents} document{'s' if stats.documents != 1 else ''} read, "
          f"{stats.events} event{'s' if stats.events != 1 else ''} written to {output}", file=err)
    for event_type, n in sorted(stats.events_by_type.items()):
        print(f"  {event_type}: {n}", file=err)
    if stats.undated:
        print(f"  undated events: {stats.undated}", file=err)
    if stats.skipped:
        print(f"  {len(stats.skipped)} input{'s' if len(stats.skipped) != 1 else ''} skipped:", file=err)
        for reason in stats.skipped:
            print(f"    {reason}", file=err)
