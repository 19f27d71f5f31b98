"""``conflictdata report EVENTS -o report.html [--png DIR]``: look at a dataset before trusting it."""
from __future__ import annotations

import argparse
import sys


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report",
        help="write a self-contained HTML report (map, timeline, counts, places, every event)",
        description="Write one self-contained HTML file (opens from disk, no network) showing an event dataset: "
        "counts by event and sub-event type, a timeline, a map, the top places and every event's notes, "
        "evidence and source links.",
    )
    parser.add_argument("events", metavar="EVENTS", help="events as written by 'conflictdata extract' (Parquet file or dataset directory)")
    parser.add_argument("-o", "--output", required=True, metavar="HTML", help="the HTML file to write")
    parser.add_argument("--png", metavar="DIR", help="also write map.png and timeline.png into DIR")
    parser.add_argument("--title", help="the report's title (default: 'conflictdata report')")
    return parser


def run(args: argparse.Namespace) -> int:
    from conflictdata.io import read_events
    from conflictdata.report import write_report

    events = read_events(args.events)
    files = write_report(events, args.output, png_dir=args.png, title=args.title)
    undated = sum(1 for e in events if e.event_date is None)
    unlocated = sum(1 for e in events if e.latitude is None or e.longitude is None)
    written = ", ".join(str(p) for p in (files.html, *files.images))
    print(
        f"conflictdata report: {len(events)} events ({undated} undated, {unlocated} without coordinates) -> {written}",
        file=sys.stderr,
    )
    return 0
