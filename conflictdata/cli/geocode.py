"""``conflictdata geocode NAME [--country UA] [--json] [--all]`` and ``conflictdata geocode --reverse LAT LON``."""
from __future__ import annotations

import argparse
import json
import sys

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


def register(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "geocode",
        help="look a place name up in the offline gazetteer (or --reverse LAT LON)",
        description="Print the best gazetteer match of a place name as German or English news write it "
        "(Charkiw, Kursker Gebiet, Kiew), or with --all every candidate. Exit status 1 when nothing matches.",
    )
    parser.add_argument("query", nargs="*", help="place name (several words are joined)")
    parser.add_argument("--country", action="append", metavar="CC", help="restrict to a country (alpha-2); repeatable")
    parser.add_argument("--reverse", nargs=2, type=float, metavar=("LAT", "LON"), help="nearest town to a point")
    parser.add_argument("--all", action="store_true", help="print every candidate, best first")
    parser.add_argument("--json", action="store_true", help="print JSON (Location.raw plus address and coordinates)")
    parser.add_argument("--gazetteer", metavar="PATH", help="a gazetteer file built by 'conflictdata gazetteer build'")
    return parser


def run(args: argparse.Namespace) -> int:
    from conflictdata.gazetteer import Gazetteer
    from conflictdata.geocode import OfflineGeocoder

    if bool(args.query) == bool(args.reverse):
        print("conflictdata geocode: error: give a place name or --reverse LAT LON", file=sys.stderr)
        return EXIT_USAGE
    geocoder = OfflineGeocoder(Gazetteer.load(args.gazetteer) if args.gazetteer else None)
    if args.reverse:
        lat, lon = args.reverse
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            print("conflictdata geocode: error: latitude/longitude out of range", file=sys.stderr)
            return EXIT_USAGE
        found = geocoder.reverse((lat, lon), exactly_one=not args.all)
    else:
        found = geocoder.geocode(" ".join(args.query), exactly_one=not args.all, country_codes=args.country)
    locations = [found] if found and not isinstance(found, list) else list(found or [])
    if not locations:
        print("conflictdata geocode: no match", file=sys.stderr)
        return EXIT_DATA
    for location in locations:
        if args.json:
            print(json.dumps({"address": location.address, "latitude": location.latitude,
                              "longitude": location.longitude, **location.raw}, ensure_ascii=False))
        else:
            raw = location.raw
            extra = f"  score {raw['score']:.3f}" if "score" in raw else f"  {raw.get('distance_km', 0):.1f} km"
            print(f"{location.address}\t{location.latitude:.4f}, {location.longitude:.4f}\t"
                  f"{raw['feature_code']}  geonameid {raw['geonameid'] or '-'}{extra}")
    return EXIT_OK
