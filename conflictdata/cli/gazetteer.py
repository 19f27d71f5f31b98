"""``conflictdata gazetteer build --geonames FILE... [--alternate-names FILE] [--admin1-codes FILE] -o PATH``."""
from __future__ import annotations

import argparse
import sys

EXIT_OK, EXIT_USAGE = 0, 2


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "gazetteer",
        help="build a gazetteer from GeoNames dump files (for village-level coverage)",
        description="Build a gazetteer file from GeoNames dumps you downloaded from https://download.geonames.org/"
        "export/dump/ (allCountries.txt or UA.txt, RU.txt...; alternateNamesV2.txt; admin1CodesASCII.txt). "
        "Use it with --gazetteer PATH or Gazetteer.load(PATH). GeoNames data is CC BY 4.0.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    build = actions.add_parser("build", help="build a gazetteer file from GeoNames dumps",
                               description="Build a gazetteer file from GeoNames dump files.")
    build.add_argument("--geonames", nargs="+", required=True, metavar="FILE",
                       help="GeoNames dump files (19 tab-separated columns; .txt or .zip)")
    build.add_argument("--alternate-names", metavar="FILE", help="alternateNamesV2.txt (or .zip): more names, e.g. German")
    build.add_argument("--admin1-codes", metavar="FILE", help="admin1CodesASCII.txt: region names")
    build.add_argument("--admin2-codes", metavar="FILE", help="admin2Codes.txt: district names")
    build.add_argument("--min-population", type=int, default=0, metavar="N", help="drop towns under N inhabitants")
    build.add_argument("-o", "--output", required=True, metavar="PATH", help="the gazetteer file to write")
    return parser


def run(args: argparse.Namespace) -> int:
    if getattr(args, "action", None) != "build":
        print("conflictdata gazetteer: error: an action is required: build", file=sys.stderr)
        return EXIT_USAGE
    from conflictdata.gazetteer.build import build_from_dumps

    counts = build_from_dumps(args.geonames, args.output, alternate_names=args.alternate_names,
                              admin1_codes=args.admin1_codes, admin2_codes=args.admin2_codes,
                              min_population=args.min_population)
    summary = ", ".join(f"{kind}: {n}" for kind, n in sorted(counts.items()))
    print(f"conflictdata gazetteer: wrote {args.output} ({summary})", file=sys.stderr)
    return EXIT_OK
