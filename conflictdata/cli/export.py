"""``conflictdata export PATH --to csv|geojson|parquet -o OUT``: convert an events file to another format."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2
_FORMATS = {".csv": "csv", ".geojson": "geojson", ".json": "geojson", ".parquet": "parquet"}


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "export",
        help="convert events (Parquet file or dataset, ACLED CSV, GeoJSON) to CSV, GeoJSON or Parquet",
        description="Convert an events file. The input is read in batches, the output written atomically "
        "(an existing OUT is replaced only when the export succeeded). Exit status: 0 success, "
        "1 invalid input rows, 2 usage error.",
    )
    parser.add_argument("path", metavar="PATH", help="input: .parquet file or dataset directory, .csv, .geojson")
    parser.add_argument("--to", choices=("csv", "geojson", "parquet"), help="output format (default: from OUT's suffix)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (dataset directory with --partition-by)")
    parser.add_argument("--layout", choices=("text", "numeric"), default="text",
                        help="CSV: inter codes as text (ACLED since 2024, default) or numeric (before 2024)")
    parser.add_argument("--raw", action="store_true",
                        help="CSV: do not neutralise cells starting with = + - @ (spreadsheet formula injection)")
    parser.add_argument("--extensions", action="store_true",
                        help="CSV: add conflictdata's columns after ACLED's 31 (event_id, evidence, ...)")
    parser.add_argument("--partition-by", metavar="COLS",
                        help="Parquet: append to a hive-partitioned dataset in OUT, e.g. 'country,year'")
    return parser


def run(args: argparse.Namespace) -> int:
    from conflictdata.io import read_any, write_csv, write_dataset, write_geojson, write_parquet
    from conflictdata.schema import COLUMNS

    target = args.to or _FORMATS.get(Path(args.output).suffix.lower())
    if target is None:
        print(f"conflictdata export: error: cannot tell the format of {args.output}; give --to", file=sys.stderr)
        return EXIT_USAGE
    if args.partition_by and target != "parquet":
        print("conflictdata export: error: --partition-by needs --to parquet", file=sys.stderr)
        return EXIT_USAGE
    if not Path(args.path).exists():
        raise FileNotFoundError(2, "No such file or directory", args.path)
    columns = tuple(c.strip() for c in (args.partition_by or "").split(",") if c.strip())
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        print(f"conflictdata export: error: not event columns: {', '.join(unknown)}", file=sys.stderr)
        return EXIT_USAGE
    events = read_any(args.path)
    if target == "csv":
        count = write_csv(events, args.output, layout=args.layout, raw=args.raw, extensions=args.extensions)
    elif target == "geojson":
        count = write_geojson(events, args.output)
    elif columns:
        count = write_dataset(events, args.output, partition_by=columns)
    else:
        count = write_parquet(events, args.output)
    print(f"conflictdata export: wrote {count} event{'s' if count != 1 else ''} to {args.output}", file=sys.stderr)
    return EXIT_OK
