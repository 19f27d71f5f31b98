"""The gazetteer: places, name lookup with ranking, place mentions in text, and nearest-place search.

Matching order in ``lookup``: the project alias table, the country names of the project's country tables and
exact ``normalize_key`` matches, then German/English inflected forms ("Charkiws", "Kursker",
"Kursk-Operationsgebiete"), then a country ``lookup_country`` names ("russischen"), then ``transliteration_key``
matches (Torezk ~ Toretsk), then rapidfuzz fuzzy matching as the last resort, behind a threshold; alias pins
count in the last two as well. A leading preposition or article ("im Gebiet Charkiw") is stripped first.
Candidates are ranked by match kind, the country hint, the document context, feature importance and population.
"""
from __future__ import annotations

import functools
import math
import threading
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import attrs

from conflictdata._resources import data_path, load_tsv
from conflictdata.errors import InputError, SchemaMismatchError
from conflictdata.gazetteer import matching
from conflictdata.text import normalize_key, transliteration_key

__all__ = ["Place", "Candidate", "PlaceMention", "Gazetteer", "DEFAULT_DATA"]

DEFAULT_DATA = "gazetteer/gazetteer.zip"
ALIASES = "gazetteer/place_aliases.tsv"

# match kind -> base score (before population, feature, country and context terms)
_BASE = {"alias": 0.95, "exact": 0.9, "inflection": 0.85, "translit": 0.8, "fuzzy": 0.6}
_FEATURE = {"PPLC": 0.06, "PCLI": 0.06, "PPLA": 0.03, "ADM1": 0.03}
_NONE: frozenset[str] = frozenset()
_PIN = _BASE["alias"] - _BASE["exact"]  # what an alias adds over its tier (also to translit and fuzzy matches)
_SCALE = 1.35  # the largest raw score, so that scores stay in (0, 1]
FUZZY_THRESHOLD = 88.0
SMALL_PLACE = 15_000  # find_places: a single word naming only smaller places needs its country in context


@attrs.frozen(slots=True)
class Place:
    """A place of the gazetteer: a town, a first-level region (``is_region``, capital's coordinates) or a country."""

    geonameid: int | None
    name: str
    latitude: float
    longitude: float
    country_code: str
    admin1: str = ""
    admin1_code: str = ""
    admin2: str = ""
    feature_code: str = "PPL"
    population: int = 0
    is_region: bool = False


@attrs.frozen(slots=True)
class Candidate:
    """A place a name may stand for, with a score in (0, 1] and how the name matched."""

    place: Place
    score: float
    match: str = "exact"


@attrs.frozen(slots=True)
class PlaceMention:
    """A place name found in text: character offsets, the text, ranked candidates, and whether it names a region."""

    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]
    is_region: bool = False

    @property
    def place(self) -> Place | None:
        """The best candidate's place."""
        return self.candidates[0].place if self.candidates else None


# the columns each member must have, with their kind (see build.write_gazetteer)
_MEMBER_COLUMNS = {
    "places": {"geonameid": "integer", "name": "string", "lat_e5": "integer", "lon_e5": "integer",
               "population": "integer", "is_region": "boolean", "country_code": "string", "admin1": "string",
               "admin1_code": "string", "admin2": "string", "feature_code": "string", "region_keys": "list"},
    "keys": {"hash": "integer", "key": "string", "rows": "list", "words": "integer", "head_hash": "integer"},
}
_MEMBER_COLUMNS["tkeys"] = _MEMBER_COLUMNS["keys"]


def _kind(typ) -> str:
    import pyarrow as pa

    if pa.types.is_dictionary(typ):
        typ = typ.value_type
    if pa.types.is_integer(typ):
        return "integer"
    if pa.types.is_string(typ) or pa.types.is_large_string(typ):
        return "string"
    if pa.types.is_boolean(typ):
        return "boolean"
    if pa.types.is_list(typ) or pa.types.is_large_list(typ):
        return "list"
    return str(typ)


def _check_member(schema, member: str, path: str) -> None:
    """SchemaMismatchError naming the file, member and column unless ``schema`` has the member's columns."""
    for column, kind in _MEMBER_COLUMNS[member].items():
        index = schema.get_field_index(column)
        if index < 0:
            raise SchemaMismatchError(f"{path}: not a conflictdata gazetteer: {member}.arrow has no column {column!r}")
        found = _kind(schema.field(index).type)
        if found != kind:
            raise SchemaMismatchError(f"{path}: not a conflictdata gazetteer: column {column!r} of {member}.arrow "
                                      f"is {found}, not {kind}")


class _Sections:
    """The members of a gazetteer file (a zip of Arrow IPC files), each read when first asked for and checked
    against the columns the index needs (SchemaMismatchError / InputError naming the file otherwise)."""

    def __init__(self, path: str) -> None:
        import zipfile

        self.path = path
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
        missing = {f"{m}.arrow" for m in ("places", "keys", "tkeys")} - names
        if missing:
            raise ValueError(f"missing members {sorted(missing)}")

    def read(self, member: str, *, schema_only: bool = False):
        """The member's table (or only its schema), checked."""
        import zipfile

        import pyarrow as pa

        try:
            with zipfile.ZipFile(self.path) as archive:
                data = archive.read(f"{member}.arrow")
            reader = pa.ipc.open_file(pa.py_buffer(data))
            _check_member(reader.schema, member, self.path)
            return reader.schema if schema_only else reader.read_all()
        except (OSError, KeyError, zipfile.BadZipFile, pa.ArrowException) as exc:
            raise InputError(f"not a gazetteer file: {member}.arrow: {exc}", self.path) from None

    def places(self):
        return self.read("places")

    def keys(self):
        return self.read("keys")

    def tkeys(self):
        return self.read("tkeys")


class _KeyIndex:
    """key -> row numbers over arrays: sorted stable 32-bit key hashes, the key strings, list offsets and rows.

    Holds no Python object per key, so loading is a matter of reading buffers. A probe reads the hashes of one
    of 2**16 buckets (the top 16 bits of the hash) through memoryviews (no numpy call per probe) and verifies a
    hash hit against the key's UTF-8 bytes. ``heads`` maps the hash of the first word of multi-word keys to
    their largest word count (how far ``find_places`` must look ahead).
    """

    def __init__(self, hashes, keys, offsets, values, heads=None) -> None:
        import numpy as np
        import pyarrow as pa

        hashes = np.asarray(hashes, dtype=np.uint32)
        if not isinstance(keys, pa.Array):
            keys = _string_array(keys)
        self._keys = keys  # a pyarrow StringArray, in hash order
        self.heads: dict[int, int] = heads or {}
        self._hashes = _view(hashes)
        self._starts = _view(offsets)
        self._rows = _view(values)
        width = np.int64 if pa.types.is_large_string(keys.type) else np.int32
        self._key_offsets = _view(np.frombuffer(keys.buffers()[1], dtype=width)[keys.offset:keys.offset + len(keys) + 1])
        data = keys.buffers()[2]
        self._key_bytes = memoryview(data if data is not None else b"").cast("B")  # "B": memcmp against bytes
        # bucket b holds the hashes in [bucket[b], bucket[b + 1])
        bounds = np.searchsorted(hashes, np.arange(0, 1 << 16, dtype=np.uint64) << np.uint64(16))
        self._bucket = _view(np.append(bounds, len(hashes)).astype(np.int32))

    @classmethod
    def from_section(cls, section) -> _KeyIndex:
        import numpy as np

        rows = _array(section.column("rows"))
        words = _ints(section.column("words"))
        multi = np.flatnonzero(words > 1)
        heads: dict[int, int] = {}
        for head, n in zip(_ints(section.column("head_hash"), unsigned=True)[multi].tolist(), words[multi].tolist()):
            if heads.get(head, 0) < n:
                heads[head] = n
        offsets = _ints(rows.offsets)
        return cls(_ints(section.column("hash"), unsigned=True), _array(section.column("key")),
                   offsets - offsets[0], _ints(rows.values)[offsets[0]:offsets[-1]], heads=heads)

    @classmethod
    def from_mapping(cls, mapping: dict[str, list[int]]) -> _KeyIndex:
        import numpy as np

        items = sorted((_hash(k), k, rows) for k, rows in mapping.items())
        offsets = np.concatenate(([0], np.cumsum([len(rows) for _, _, rows in items]))).astype(np.int64)
        values = np.array([r for _, _, rows in items for r in rows], dtype=np.int32)
        heads: dict[int, int] = {}
        for _, key, _ in items:
            if " " in key:
                head = _hash(key.split(" ", 1)[0])
                heads[head] = max(heads.get(head, 0), key.count(" ") + 1)
        hashes = np.array([h for h, _, _ in items], dtype=np.uint32)
        return cls(hashes, [k for _, k, _ in items], offsets, values, heads=heads)

    def _find(self, key: str) -> int:
        h = _hash(key)
        hashes = self._hashes
        b = h >> 16
        i, end = self._bucket[b], self._bucket[b + 1]
        while i < end and hashes[i] < h:
            i += 1
        if i == end or hashes[i] != h:
            return -1
        raw = key.encode("utf-8", "surrogatepass")
        offsets = self._key_offsets
        while i < end and hashes[i] == h:
            if self._key_bytes[offsets[i]:offsets[i + 1]] == raw:
                return i
            i += 1
        return -1

    def get(self, key: str) -> list[int]:
        i = self._find(key)
        if i < 0:
            return []
        start, end = self._starts[i], self._starts[i + 1]
        return [self._rows[start]] if end - start == 1 else self._rows[start:end].tolist()  # most keys: one row

    def __contains__(self, key: str) -> bool:
        return self._find(key) >= 0

    def keys(self) -> list[str]:
        return self._keys.to_pylist()

    def items(self) -> Iterator[tuple[str, list[int]]]:
        for i, key in enumerate(self.keys()):
            yield key, self._rows[self._starts[i]:self._starts[i + 1]].tolist()


@functools.lru_cache(maxsize=1 << 17)
def _hash(key: str) -> int:
    from conflictdata.gazetteer.build import key_hash

    return key_hash(key)


class Gazetteer:
    """Places loaded from a gazetteer Parquet file; ``Gazetteer.default()`` is the embedded one.

    Thread-safe: indexes that are only needed by some calls (transliteration, regions, KD-tree) are built on
    first use behind a lock.
    """

    _default: Gazetteer | None = None
    _default_lock = threading.Lock()

    def __init__(self, sections: _Sections, source: str = "", places=None) -> None:
        import numpy as np

        self.source = source
        self._lock = threading.RLock()
        self._sec = sections
        table = sections.places() if places is None else places
        self._table = table
        self._n = table.num_rows
        gid = table.column("geonameid")
        self._geonameid = _ints(gid).astype(np.int64)
        self._names = _array(table.column("name"))
        self._lat = _ints(table.column("lat_e5")) / 1e5
        self._lon = _ints(table.column("lon_e5")) / 1e5
        self._population = _ints(table.column("population"))
        self._is_region = _bools(table.column("is_region"))
        # per-row reads go through memoryviews: they return Python objects without a numpy scalar in between
        self._gid_mv = _view(self._geonameid)
        self._lat_mv = _view(self._lat)
        self._lon_mv = _view(self._lon)
        self._pop = _view(self._population)
        self._region = _view(self._is_region.view(np.uint8))
        self._name_of = _string_column(self._names)
        self._dicts = {name: _dictionary_column(table.column(name)) for name in
                       ("country_code", "admin1", "admin1_code", "admin2")}
        is_country = _equals(table.column("feature_code"), "PCLI")
        self._is_country = _view(is_country.view(np.uint8))
        meta = table.schema.metadata or {}
        capitals = [] if meta.get(b"conflictdata.gazetteer.capitals") == b"PPLC" else self._capitals(table, is_country)
        self._dicts["feature_code"] = _dictionary_column(table.column("feature_code"), dict.fromkeys(capitals, "PPLC"))
        self._stale = meta.get(b"conflictdata.gazetteer.key_probe", b"").decode() != _key_probe()
        self._exact = self._stale_exact() if self._stale else _KeyIndex.from_section(sections.keys())
        self._places: dict[int, Place] = {}
        self._parts: dict[int, tuple[float, float, bool, str, str]] = {}  # row -> _score_parts
        self._plain: dict[tuple[int, str, bool], tuple[float, Candidate]] = {}  # _plain_entry
        self._translit: _KeyIndex | None = None
        self._regions: dict[str, list[int]] | None = None
        self._region_translit: dict[str, list[int]] | None = None
        self._tree = None
        self._fuzzy_keys: list[str] | None = None
        self._aliases, self._first_tokens, self._display = self._load_aliases()
        # country names and abbreviations (matching.country_forms), merged into the aliases on first use
        self._countries_ready = False
        self._country_abbr: dict[str, int] = {}  # "USA" -> the country row (case-sensitive)
        self._country_rows = {self._dicts["country_code"](r): r for r in np.flatnonzero(is_country).tolist()}
        self._alias_tkeys: dict[str, list[int]] | None = None  # transliteration key -> alias targets
        self._country_named = functools.lru_cache(maxsize=1 << 12)(self._country_named_uncached)
        self._norm = functools.lru_cache(maxsize=1 << 16)(normalize_key)
        self._tkey = functools.lru_cache(maxsize=1 << 16)(transliteration_key)
        # results are immutable and depend on the key only: news text repeats its words, so cache them
        self._text_cached = functools.lru_cache(maxsize=1 << 16)(self._text_matches_uncached)
        self._lookup_cached = functools.lru_cache(maxsize=1 << 14)(self._lookup)
        self._rank_cached = functools.lru_cache(maxsize=1 << 14)(
            lambda hits, ctx, region, limit: tuple(self._rank(hits, frozenset(), ctx, region=region, limit=limit)))
        self._stopped = functools.lru_cache(maxsize=1 << 16)(
            lambda key: any(v in matching.word_lists().stop for v in (key, *matching.inflection_variants(key))))
        self._misses: set[str] = set()  # capitalised words that start no place name (find_places cache)

    # ------------------------------------------------------------------------------------------ loading

    @classmethod
    def default(cls) -> Gazetteer:
        """The embedded GeoNames-derived gazetteer, loaded once per process on first use."""
        if cls._default is None:
            with cls._default_lock:
                if cls._default is None:
                    cls._default = cls.load(data_path(DEFAULT_DATA))
        return cls._default

    @classmethod
    def load(cls, path) -> Gazetteer:
        """Load a gazetteer file written by ``conflictdata gazetteer build`` (or the build script).

        A file that is not one, or whose members lack a column the index needs, is refused with InputError or
        SchemaMismatchError naming the file (and the member and column)."""
        import zipfile

        path = Path(str(path))
        try:
            sections = _Sections(str(path))
        except (zipfile.BadZipFile, ValueError) as exc:  # a missing file stays FileNotFoundError
            raise InputError(f"not a gazetteer file: {exc}", str(path)) from None
        places = sections.places()
        sections.read("tkeys", schema_only=True)  # read in full only when first needed: check it now
        return cls(sections, source=str(path), places=places)

    def __len__(self) -> int:
        return self._n

    def __repr__(self) -> str:
        return f"Gazetteer({self._n} places from {self.source or 'memory'})"

    def _capitals(self, table, is_country) -> list[int]:
        """The rows of national capitals: for each country row, the town at its coordinates (a country row
        carries its capital's coordinates), the largest if several. Their feature code is PPLC: files built
        before the build fixed it code capitals that are also region capitals (Kyiv, Moscow, Berlin) PPLA."""
        import numpy as np

        coords = (_ints(table.column("lat_e5")).astype(np.int64) << 32) | (
            _ints(table.column("lon_e5")).astype(np.int64) & 0xFFFFFFFF)
        countries = np.flatnonzero(is_country)
        if not len(countries):
            return []
        towns = np.flatnonzero(~self._is_region & np.isin(coords, coords[countries]))
        country_of = self._dicts["country_code"]
        best: dict[tuple[int, str], int] = {}
        for row in towns.tolist():
            key = (int(coords[row]), country_of(row))
            if key not in best or self._pop[row] > self._pop[best[key]]:
                best[key] = row
        return sorted({best[key] for key in ((int(coords[c]), country_of(c)) for c in countries.tolist())
                       if key in best})

    # ------------------------------------------------------------------------------------------ places

    def place(self, row: int) -> Place:
        """The place of a row number (cached)."""
        place = self._places.get(row)
        if place is None:
            d = self._dicts
            gid = self._gid_mv[row]
            place = Place(
                geonameid=gid or None,
                name=self._display.get(row) or self._name_of(row),
                latitude=self._lat_mv[row],
                longitude=self._lon_mv[row],
                country_code=d["country_code"](row),
                admin1=d["admin1"](row),
                admin1_code=d["admin1_code"](row),
                admin2=d["admin2"](row),
                feature_code=d["feature_code"](row),
                population=self._pop[row],
                is_region=bool(self._region[row]),
            )
            self._places[row] = place
        return place

    def by_geonameid(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, or None."""
        row = self._row_of_geonameid(geonameid)
        return None if row is None else self.place(row)

    def _row_of_geonameid(self, geonameid: int) -> int | None:
        import numpy as np

        order = self._geonameid_order()
        pos = int(np.searchsorted(self._geonameid, geonameid, sorter=order))
        if pos < len(order) and self._geonameid[order[pos]] == geonameid and geonameid:
            return int(order[pos])
        return None

    def _geonameid_order(self):
        if not hasattr(self, "_gid_order"):
            import numpy as np

            with self._lock:
                self._gid_order = np.argsort(self._geonameid, kind="stable")
        return self._gid_order

    # ------------------------------------------------------------------------------------------ aliases

    def _stale_exact(self) -> _KeyIndex:
        mapping: dict[str, list[int]] = {}
        for key, rows in _KeyIndex.from_section(self._sec.keys()).items():
            mapping.setdefault(normalize_key(key), []).extend(rows)
        return _KeyIndex.from_mapping(mapping)

    def _load_aliases(self) -> tuple[dict[str, list[int]], dict[str, int], dict[int, str]]:
        aliases: dict[str, list[int]] = {}
        display: dict[int, str] = {}
        for row in load_tsv(ALIASES):
            key = normalize_key(row.get("alias", ""))
            target = self._resolve_alias(row)
            if target is not None and row.get("display", "").lower() in ("yes", "1", "true"):
                display[target] = row["alias"]
            if key and target is not None:
                aliases.setdefault(key, [])
                if target not in aliases[key]:
                    aliases[key].append(target)
        first = self._exact.heads  # this gazetteer's own dict: extended in place, not copied
        for key in aliases:
            if " " in key:
                head = _hash(key.split(" ", 1)[0])
                first[head] = max(first.get(head, 1), key.count(" ") + 1)
        return aliases, first, display

    def _resolve_alias(self, row: dict[str, str]) -> int | None:
        if row.get("geonameid", "").isdigit():
            return self._row_of_geonameid(int(row["geonameid"]))
        cc = row.get("cc", "").upper()
        if row.get("admin1_code"):
            import numpy as np

            for r in np.flatnonzero(self._is_region).tolist():
                if self._dicts["admin1_code"](r) == row["admin1_code"] and self._dicts["feature_code"](r) == "ADM1":
                    return r
            return None
        named = [r for r in self._exact.get(normalize_key(row.get("target_name", "")))
                 if not cc or self._dicts["country_code"](r) == cc]
        rows = [r for r in named if not self._is_region[r]]
        if not rows:  # no town of that name: a first-level region ("Gaza Strip", which has no ISO 3166-2 code)
            rows = [r for r in named if self._is_region[r] and self._dicts["feature_code"](r) == "ADM1"]
        return max(rows, key=lambda r: self._population[r]) if rows else None

    def _ensure_countries(self) -> None:
        """Merge the country names the project knows (``matching.country_forms``: countries_de_en.tsv, ACLED's
        and pycountry's names, as ``lookup_country`` resolves them) into the aliases, once, on first use.

        A name pins its country row unless the alias table has it, or its exact matches already rank that
        country's row or one of its first-level regions first (the Gaza Strip and the West Bank stay regions of
        Palestine). Abbreviations ("USA", "UK") match as written, like ``lookup_country``."""
        if self._countries_ready:
            return
        with self._lock:
            if self._countries_ready:
                return
            forms = matching.country_forms()
            aliases = dict(self._aliases)
            for key, alpha2 in forms.names.items():
                row = self._country_rows.get(alpha2)
                if row is None or key in self._aliases:
                    continue
                hits = [(r, "exact") for r in self._exact.get(key)]  # inflected forms do not count: pinned too
                if hits:
                    top = self._rank(hits, _NONE, _NONE)[0].place
                    if top.country_code == alpha2 and (top is self.place(row) or top.feature_code == "ADM1"):
                        continue
                aliases[key] = [row]
                if " " in key:
                    head = _hash(key.split(" ", 1)[0])
                    self._first_tokens[head] = max(self._first_tokens.get(head, 1), key.count(" ") + 1)
            self._country_abbr = {form: self._country_rows[alpha2] for form, alpha2 in forms.abbreviations.items()
                                  if alpha2 in self._country_rows}
            self._aliases = aliases
            self._countries_ready = True

    def _country_named_uncached(self, key: str) -> int | None:
        """The country row ``lookup_country`` gives for a key (adjectives, demonyms, inflected names), or None."""
        try:
            from conflictdata.normalize.countries import lookup_country
        except ImportError:  # pragma: no cover - the module ships with the package
            return None
        record = lookup_country(key)
        return None if record is None else self._country_rows.get(record.alpha_2)

    def _alias_translit(self) -> dict[str, list[int]]:
        """transliteration key -> alias targets: the alias pins count in the transliteration and fuzzy tiers."""
        if self._alias_tkeys is None:
            with self._lock:
                if self._alias_tkeys is None:
                    index: dict[str, list[int]] = {}
                    for key, rows in self._aliases.items():
                        targets = index.setdefault(transliteration_key(key), [])
                        targets += [r for r in rows if r not in targets]
                    index.pop("", None)
                    self._alias_tkeys = index
        return self._alias_tkeys

    # ------------------------------------------------------------------------------------------ lookup

    def lookup(self, name: str, country_codes: Iterable[str] | None = None,
               context: Iterable[str] | None = None) -> list[Candidate]:
        """Places ``name`` may stand for, best first (empty when nothing fits).

        ``country_codes`` (alpha-2) is a hint that ranks those countries first; ``context`` lists countries
        (alpha-2) or regions (ISO 3166-2, e.g. "UA-14") named near the mention. Region phrases such as
        "Gebiet Charkiw", "Kursk Oblast" or "Sumy region" return regions; a leading preposition or article
        (place_prepositions.tsv: "im Gebiet Charkiw", "in Kiew") is dropped unless the whole query names a place.
        Country names and abbreviations ("Großbritannien", "USA" as written) return the country.
        """
        if not self._countries_ready:
            self._ensure_countries()
        key = self._norm(name) if isinstance(name, str) else ""
        if not key:
            return []
        hint = _codes(country_codes) if country_codes else _NONE
        ctx = _codes(context) if context else _NONE
        country = self._country_abbr.get(name.strip()) if self._country_abbr else None
        if country is not None:  # "USA", "UK": the country first, then what else the key names
            return self._rank([(country, "alias"), *self._name_matches(key)], hint, ctx)
        return list(self._lookup_cached(key, hint, ctx))

    def _lookup(self, key: str, hint: frozenset[str], ctx: frozenset[str]) -> tuple[Candidate, ...]:
        if " " not in key:  # one word: no region phrase
            return tuple(self._rank(self._name_matches(key, fuzzy=True, countries=True), hint, ctx))
        rest = matching.strip_leading(key)
        if rest and not self._name_matches(key):  # "im Gebiet Charkiw", "in Kiew", "near Kharkiv"; not "In Salah"
            found = self._lookup(rest, hint, ctx)
            if found:
                return found
        words = key.split(" ")
        if words[0] in matching.REGION_BEFORE or words[-1] in matching.REGION_AFTER:
            whole = self._region_index().get(key)  # a region named with the word: "Moscow Oblast"
            if whole:
                return tuple(self._rank([(r, "exact") for r in whole], hint, ctx, region=True))
        if words[0] in matching.REGION_BEFORE:
            hits = self._region_matches(" ".join(words[1:]))
            if hits:
                return tuple(self._rank(hits, hint, ctx, region=True))
        if words[-1] in matching.REGION_AFTER:
            hits = self._region_matches(" ".join(words[:-1]))
            if hits:
                return tuple(self._rank(hits, hint, ctx, region=True))
        return tuple(self._rank(self._name_matches(key, fuzzy=True, countries=True), hint, ctx))

    def _name_matches(self, key: str, fuzzy: bool = False, translit: bool = True,
                      countries: bool = False) -> list[tuple[int, str]]:
        """Rows a key names, from the first tier that has any: aliases and exact keys, inflected forms, (with
        ``countries``) a country ``lookup_country`` names, transliteration keys, (with ``fuzzy``) fuzzy keys.
        Alias targets count in the last two tiers too: an alias whose transliteration key matches pins its
        target there as well (ranking then adds the hint and context, as in every tier)."""
        exact = self._exact.get(key)
        aliases = self._aliases.get(key)
        if exact and not aliases:
            return [(r, "exact") for r in exact]
        hits = [(r, "alias") for r in aliases or ()] + [(r, "exact") for r in exact]
        if hits:
            return hits
        variants = matching.inflection_variants(key)
        for variant in variants:
            hits = [(r, "alias") for r in self._aliases.get(variant, ())] + [(r, "inflection") for r in self._exact.get(variant)]
            if hits:
                return [(r, "inflection") for r, _ in hits]
        if countries:
            row = self._country_named(key)
            if row is not None:  # "Vereinigten Staaten", "russischen": lookup_country's forms
                return [(row, "alias")]
        if not translit:
            return []
        tindex = self._translit_index()
        pinned = self._alias_translit()
        for variant in (key, *variants):
            tkey = self._tkey(variant)
            rows = tindex.get(tkey)
            targets = pinned.get(tkey)
            if rows or targets:  # an alias target ranks like an alias among the transliteration matches
                return [(r, "translit:alias") for r in targets or ()] + [(r, "translit") for r in rows]
        if fuzzy:
            return self._fuzzy(key)
        return []

    def _fuzzy(self, key: str) -> list[tuple[int, str]]:
        """Rows of the 10 transliteration keys (of names and of aliases) closest to the key's, ratio at least
        FUZZY_THRESHOLD; alias targets marked (``fuzzy:RATIO:alias``)."""
        from rapidfuzz import fuzz, process

        tkey = transliteration_key(key)
        if len(tkey) < 5:
            return []
        tindex = self._translit_index()
        pinned = self._alias_translit()
        if self._fuzzy_keys is None:
            with self._lock:
                if self._fuzzy_keys is None:
                    own = tindex.keys()
                    known = set(own)
                    self._fuzzy_keys = own + sorted(k for k in pinned if k not in known)
        found = process.extract(tkey, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=10)
        out = []
        for choice, score, _ in found:
            out += [(r, f"fuzzy:{score:.0f}:alias") for r in pinned.get(choice, ())]
            out += [(r, f"fuzzy:{score:.0f}") for r in tindex.get(choice)]
        return out

    def _region_matches(self, key: str) -> list[tuple[int, str]]:
        regions = self._region_index()
        hits = [(r, "exact") for r in regions.get(key, ())]
        if not hits:
            for variant in matching.inflection_variants(key):
                hits = [(r, "inflection") for r in regions.get(variant, ())]
                if hits:
                    break
        if not hits:
            if self._region_translit is None:
                with self._lock:
                    if self._region_translit is None:
                        tindex: dict[str, list[int]] = {}
                        for k, rows in regions.items():
                            for r in rows:
                                tindex.setdefault(transliteration_key(k), []).append(r)
                        self._region_translit = tindex
            for variant in (key, *matching.inflection_variants(key)):
                hits = [(r, "translit") for r in self._region_translit.get(self._tkey(variant), ())]
                if hits:
                    break
        # a region whose own name is the key outranks one that only shares its capital (Kyiv vs Kyiv City)
        return [(r, m if self._norm(self._name_of(r)) == key or m != "exact" else "capital") for r, m in _dedupe(hits)]

    def _region_index(self) -> dict[str, list[int]]:
        """key -> first-level region rows, under the region's names and its capital's names."""
        if self._regions is None:
            with self._lock:
                if self._regions is None:
                    import numpy as np

                    rows_of_regions = np.flatnonzero(self._is_region).tolist()
                    keys = _list_rows(self._table.column("region_keys"), rows_of_regions)
                    index: dict[str, list[int]] = {}
                    for row, own in zip(rows_of_regions, keys):
                        for key in own or ():
                            if self._stale:
                                key = normalize_key(key)
                            rows = index.setdefault(key, [])
                            if row not in rows:
                                rows.append(row)
                    for key, rows in self._aliases.items():
                        for r in rows:
                            if self._is_region[r] and r not in index.setdefault(key, []):
                                index[key].append(r)
                    self._regions = index
        return self._regions

    def _translit_index(self) -> _KeyIndex:
        if self._translit is None:
            with self._lock:
                if self._translit is None:
                    if self._stale:  # keys built by another normalize_key: derive from the exact keys
                        mapping: dict[str, list[int]] = {}
                        for key, rows in self._exact.items():
                            mapping.setdefault(transliteration_key(key), []).extend(rows)
                        self._translit = _KeyIndex.from_mapping(mapping)
                    else:
                        self._translit = _KeyIndex.from_section(self._sec.tkeys())
        return self._translit

    def _rank(self, hits: Sequence[tuple[int, str]], hint: frozenset[str], ctx: frozenset[str],
              region: bool = False, limit: int | None = None) -> list[Candidate]:
        if not hint and not ctx:
            # without hint and context a row's score and candidate depend on (row, match kind, region) only
            plain = self._plain
            if len(hits) == 1:  # the common case: one place of that name
                entry = plain.get((hits[0][0], hits[0][1], region)) or self._plain_entry(hits[0][0], hits[0][1], region)
                return [entry[1]]
            chosen: dict[int, tuple[float, Candidate]] = {}
            for row, how in hits:
                entry = plain.get((row, how, region)) or self._plain_entry(row, how, region)
                old = chosen.get(row)
                if old is None or entry[0] > old[0]:
                    chosen[row] = entry
            ranked_plain = sorted(chosen.items(), key=_by_score)
            if limit:
                ranked_plain = ranked_plain[:limit]
            return [entry[1] for _, entry in ranked_plain]
        if len(hits) == 1:
            row, how = hits[0]
            return [Candidate(self.place(row), round(self._score(row, how, hint, ctx, region), 4), how.split(":")[0])]
        best: dict[int, tuple[float, str]] = {}
        for row, how in hits:
            score = self._score(row, how, hint, ctx, region)
            if row not in best or score > best[row][0]:
                best[row] = (score, how)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        if limit:
            ranked = ranked[:limit]
        return [Candidate(self.place(row), round(score, 4), how.split(":")[0]) for row, (score, how) in ranked]

    def _score(self, row: int, how: str, hint: frozenset[str], ctx: frozenset[str], region: bool) -> float:
        base = _BASE.get(how)
        if base is None:
            if how.startswith("fuzzy"):
                parts = how.split(":")
                base = _BASE["fuzzy"] + 0.15 * (float(parts[1]) - FUZZY_THRESHOLD) / (100.0 - FUZZY_THRESHOLD)
                if len(parts) > 2:  # "fuzzy:92:alias": an alias target
                    base += _PIN
            elif how == "translit:alias":
                base = _BASE["translit"] + _PIN
            elif how == "capital":
                base = _BASE["exact"] - 0.05
            else:
                raise KeyError(how)
        parts = self._parts.get(row)
        if parts is None:
            parts = self._score_parts(row)
        population, feature, named_region, cc, admin1_code = parts
        score = base + population
        score += feature
        if named_region and not region:
            score -= 0.05  # a bare name is the town before the region named after it
        if hint:
            score += 0.15 if cc in hint or admin1_code in hint else -0.1
        if ctx and (cc in ctx or admin1_code in ctx):
            score += 0.1
        return max(0.01, min(1.0, score / _SCALE))

    def _plain_entry(self, row: int, how: str, region: bool) -> tuple[float, Candidate]:
        """(score, candidate) of a row matched by ``how`` without hint and context (cached)."""
        score = self._score(row, how, _NONE, _NONE, region)
        entry = (score, Candidate(self.place(row), round(score, 4), how.split(":")[0]))
        if len(self._plain) > 1 << 18:
            self._plain.clear()
        self._plain[(row, how, region)] = entry
        return entry

    def _score_parts(self, row: int) -> tuple[float, float, bool, str, str]:
        """The parts of a row's score that depend on the row alone (cached): population and feature terms,
        whether it is a region (ADM1), its country and region codes."""
        place = self.place(row)
        feature = place.feature_code
        parts = (min(math.log10(1.0 + float(place.population)) / 7.0, 1.0) * 0.1, _FEATURE.get(feature, 0.0),
                 place.is_region and feature == "ADM1", place.country_code, place.admin1_code)
        self._parts[row] = parts
        return parts

    # ------------------------------------------------------------------------------------------ text

    def find_places(self, text: str, lang: str | None = None, context: Iterable[str] | None = None,
                    limit: int = 5) -> list[PlaceMention]:
        """Place names in ``text`` (a sentence or a document), in order, with ranked candidates.

        Only capitalised words are looked at. Words of the stop list (place_stopwords.tsv) are skipped (one
        that is also a country's name, "China", still names the country), and so are given names followed by
        a capitalised word ("Wladimir Putin"). Country names and abbreviations as written ("USA", "UK") name
        their country. German inflected forms, compounds
        ("Kursk-Operationsgebiete") and region phrases ("im Gebiet Charkiw", "Grenzregion Kursk", "Sumy region")
        are recognised. A single word that names only small places (under ``SMALL_PLACE`` inhabitants) counts
        only in the countries of the context: ``context`` (alpha-2 or ISO 3166-2 codes) plus the countries the
        text itself names; those countries also rank the candidates of ambiguous names. ``lang`` is accepted
        for symmetry; German and English are always both handled.
        """
        if not isinstance(text, str) or not text:
            return []
        if not self._countries_ready:
            self._ensure_countries()
        ctx = set(_codes(context))
        raw: list[tuple[int, int, list[tuple[int, str]], bool, bool]] = []
        pos = 0
        lists = matching.word_lists()
        norm = self._norm
        misses = self._misses
        is_country, country_of = self._is_country, self._dicts["country_code"]
        for m in matching.CAPITAL_WORDS.finditer(text):
            word = m.group()
            if word in misses or m.start() < pos or not word[0].isupper() or (len(word) == 1 and not "A" <= word <= "Z"):
                continue
            hit = self._match_at(text, m, norm, lists)
            if hit is None:
                if self._never_a_place(word):
                    if len(misses) > 1 << 18:
                        misses.clear()
                    misses.add(word)
                continue
            raw.append(hit)
            pos = hit[1]
            for row, _ in hit[2]:
                if is_country[row]:
                    ctx.add(country_of(row))
        frozen = frozenset(ctx)
        out = []
        for start, end, hits, is_region, strict in raw:
            if strict:
                hits = [(r, how) for r, how in hits if self._counts_in_text(r, how, frozen)]
                if not hits:
                    continue
            candidates = self._rank_cached(tuple(hits), frozen, is_region, limit)
            out.append(PlaceMention(start, end, text[start:end], tuple(candidates), is_region))
        return out

    def _never_a_place(self, word: str) -> bool:
        """Whether a capitalised word can start no place name whatever follows it (a cacheable miss)."""
        key = self._norm(word)
        if key in matching.REGION_BEFORE or _hash(key) in self._first_tokens or word in self._country_abbr:
            return False
        hits = self._text_cached(key)
        if key in matching.word_lists().stop:  # a stop-listed word still names its country ("China")
            return not any(self._is_country[r] for r, _ in hits)
        return not hits

    def _counts_in_text(self, row: int, how: str, ctx: frozenset[str]) -> bool:
        """Whether a single-word match stands: aliases, countries and large places always; others in context."""
        if how == "alias" or self._is_country[row]:
            return True
        in_context = self._dicts["country_code"](row) in ctx
        if how.startswith("translit"):
            return in_context and self._pop[row] >= 1000
        return in_context or (self._pop[row] >= SMALL_PLACE and not self._region[row])

    def _match_at(self, text: str, m, norm, lists) -> tuple[int, int, list[tuple[int, str]], bool, bool] | None:
        """(start, end, hits, is_region, strict) for a place name starting at capitalised word ``m``."""
        start, end = m.start(), m.end()
        word = m.group()
        country = self._country_abbr.get(word)
        if country is not None:  # "USA", "UK", as written
            return start, end, [(country, "alias")], False, False
        first = norm(word)
        if first in matching.REGION_BEFORE:
            nxt = matching.FOLLOWING.match(text, end)
            if nxt and nxt.group(1)[0].isupper():
                name_end, hits = self._longest(text, nxt, norm(nxt.group(1)), norm, regions=True)
                if hits:
                    return start, name_end, hits, True, False
            return None
        name_end, hits = self._longest(text, m, first, norm, regions=False)
        if not hits:
            return None
        nxt = matching.FOLLOWING.match(text, name_end)
        if nxt and norm(nxt.group(1)) in matching.REGION_AFTER:
            region_hits = self._region_matches(norm(text[start:name_end]))
            if region_hits:
                return start, nxt.end(1), region_hits, True, False
        if name_end > end:  # a multi-word name
            return start, name_end, hits, False, False
        if self._stopped(first):  # stop-listed words name no town, but still their country ("China", "Turkey")
            hits = [(r, how) for r, how in hits if self._is_country[r]]
            if not hits:
                return None
        if first in lists.given and nxt and nxt.group(1)[0].isupper():
            return None  # "Wladimir Putin", "Martin Kragh"
        head = word.split("-", 1)[0]
        if head.isupper() and len(head) <= 5:  # acronyms (NIS, NATO): only countries and aliases
            hits = [(r, how) for r, how in hits if how == "alias" or self._is_country[r]]
            if not hits:
                return None
        return start, name_end, hits, False, True

    def _longest(self, text: str, m, first: str, norm, regions: bool) -> tuple[int, Sequence[tuple[int, str]]]:
        """The longest run of words from match ``m`` (whose key is ``first``) that names a place: (end, hits)."""
        more = self._first_tokens.get(_hash(first), 1) - 1
        if not more:  # most words start no multi-word name
            return m.end(), self._region_matches(first) if regions else self._text_cached(first)
        spans = [(m.end(), first)]
        for _ in range(more):
            nxt = matching.FOLLOWING.match(text, spans[-1][0])
            if not nxt:
                break
            spans.append((nxt.end(1), spans[-1][1] + " " + norm(nxt.group(1))))
        for end, key in reversed(spans):
            hits = self._region_matches(key) if regions else self._text_cached(key)
            if hits:
                return end, hits
        return m.end(), []

    def _text_matches_uncached(self, key: str) -> tuple[tuple[int, str], ...]:
        """Matches for running text: like lookup without fuzzy matching; translit only for long words."""
        if len(key) < 3:
            return ()
        hits = self._name_matches(key, fuzzy=False, translit=len(key) >= 6)
        if len(key) <= 4:  # short words: aliases, countries and cities
            hits = [(r, how) for r, how in hits if how == "alias" or self._pop[r] >= 100_000
                    or self._is_country[r]]
        return tuple(hits)

    # ------------------------------------------------------------------------------------------ reverse

    def nearest(self, lat: float, lon: float, max_km: float = 30.0) -> Place | None:
        """The nearest town (regions and countries excluded) within ``max_km``, or None."""
        found = self.nearby(lat, lon, max_km=max_km, limit=1)
        return found[0][0] if found else None

    def nearby(self, lat: float, lon: float, max_km: float = 30.0, limit: int = 10) -> list[tuple[Place, float]]:
        """Towns within ``max_km`` of a point, nearest first, with their distance in km."""
        import numpy as np

        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            return []
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or limit < 1:
            return []
        tree, rows = self._kdtree()
        chord = 2.0 * math.sin(min(max_km, 20000.0) / (2.0 * _EARTH_KM))
        dist, idx = tree.query(_unit(np.array([lat]), np.array([lon]))[0], k=min(limit, len(rows)),
                               distance_upper_bound=chord)
        out = []
        for d, i in zip(np.atleast_1d(dist), np.atleast_1d(idx)):
            if not np.isfinite(d):
                break
            out.append((self.place(int(rows[i])), round(2.0 * _EARTH_KM * math.asin(min(1.0, d / 2.0)), 3)))
        return out

    def _kdtree(self):
        if self._tree is None:
            with self._lock:
                if self._tree is None:
                    import numpy as np
                    from scipy.spatial import cKDTree

                    rows = np.flatnonzero(~self._is_region)
                    self._tree = (cKDTree(_unit(self._lat[rows], self._lon[rows])), rows)
        return self._tree


_EARTH_KM = 6371.0088


def _by_score(item: tuple[int, tuple[float, Candidate]]) -> tuple[float, int]:
    return -item[1][0], item[0]  # best score first, then row order


def _unit(lat, lon):
    import numpy as np

    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def _codes(values: Iterable[str] | None) -> frozenset[str]:
    if not values:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    return frozenset(v.strip().upper() for v in values if isinstance(v, str) and v.strip())


def _dedupe(hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    seen: set[int] = set()
    return [(r, m) for r, m in hits if not (r in seen or seen.add(r))]


def _ints(column, unsigned: bool = False):
    """An integer Arrow column as a numpy array, nulls as 0 (without pyarrow.compute, which imports pandas).

    Without nulls, a read-only view of the Arrow buffer (no copy)."""
    import numpy as np
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    dtype = np.dtype(f"{'u' if unsigned else ''}int{column.type.bit_width}")
    values = np.frombuffer(column.buffers()[1], dtype=dtype)[column.offset:column.offset + len(column)]
    if column.null_count:
        values = values.copy()
        bits = np.unpackbits(np.frombuffer(column.buffers()[0], dtype=np.uint8), bitorder="little")
        values[bits[column.offset:column.offset + len(column)] == 0] = 0
    return values


def _equals(column, value: str):
    """A numpy bool array: which rows of a (dictionary-encoded) string column hold ``value``."""
    import numpy as np
    import pyarrow as pa

    column = _array(column)
    if pa.types.is_dictionary(column.type):
        codes = [i for i, v in enumerate(column.dictionary.to_pylist()) if v == value]
        return np.isin(_ints(column.indices), codes) & ~_nulls(column)
    return np.array([v == value for v in column.to_pylist()], dtype=bool)


def _nulls(column):
    """A numpy bool array: which rows are null."""
    import numpy as np

    if not column.null_count:
        return np.zeros(len(column), dtype=bool)
    valid = np.unpackbits(np.frombuffer(column.buffers()[0], dtype=np.uint8), bitorder="little")
    return valid[column.offset:column.offset + len(column)] == 0


def _view(array) -> memoryview:
    """A flat memoryview of a numpy array: indexing returns Python ints/floats, with no numpy scalar per read."""
    import numpy as np

    array = np.ascontiguousarray(array)
    return memoryview(array).cast("B").cast(array.dtype.char)


def _bools(column):
    """A boolean Arrow column as a numpy bool array, nulls as False."""
    import numpy as np
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    bits = np.unpackbits(np.frombuffer(column.buffers()[1], dtype=np.uint8), bitorder="little")
    values = bits[column.offset:column.offset + len(column)].astype(bool)
    if column.null_count:
        valid = np.unpackbits(np.frombuffer(column.buffers()[0], dtype=np.uint8), bitorder="little")
        values &= valid[column.offset:column.offset + len(column)].astype(bool)
    return values


def _dictionary_column(column, overrides: dict[int, str] | None = None):
    """A row -> string accessor for a dictionary-encoded (or plain) string column; ``overrides`` (row -> value)
    replace the values of some rows (in a copy of the indices: no cost per read)."""
    import pyarrow as pa

    column = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(column.type):
        values = [v or "" for v in column.dictionary.to_pylist()]
        indices = _ints(column.indices)
        if overrides:
            indices = indices.copy()
            for row, value in overrides.items():
                if value not in values:
                    values.append(value)
                indices[row] = values.index(value)
        view = _view(indices)
        return lambda row: values[view[row]]
    plain = [v or "" for v in column.to_pylist()]
    for row, value in (overrides or {}).items():
        plain[row] = value
    return plain.__getitem__


def _string_array(values: list[str]):
    """A pyarrow StringArray from buffers (``pa.array`` imports pandas, ~40 MB)."""
    import numpy as np
    import pyarrow as pa

    raw = [v.encode("utf-8", "surrogatepass") for v in values]
    offsets = np.zeros(len(raw) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in raw], out=offsets[1:])
    return pa.LargeStringArray.from_buffers(len(raw), pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(raw)))


def _list_rows(column, rows: list[int]) -> list[list | None]:
    """Some rows of a list column as Python lists (not ``take``: pyarrow.compute imports pandas, ~40 MB)."""
    column = _array(column)
    return [column[row].as_py() for row in rows]


def _string_column(column):
    """A row -> str accessor for a string column, decoding from its buffers (no pyarrow scalar per call)."""
    import numpy as np
    import pyarrow as pa

    column = _array(column)
    if column.null_count or not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return lambda row: column[row].as_py() or ""
    width = np.int64 if pa.types.is_large_string(column.type) else np.int32
    offsets = np.frombuffer(column.buffers()[1], dtype=width)[column.offset:column.offset + len(column) + 1]
    starts = memoryview(offsets.astype(np.int64)).cast("B").cast("q")
    data = column.buffers()[2]
    raw = memoryview(data if data is not None else b"").cast("B")
    return lambda row: str(raw[starts[row]:starts[row + 1]], "utf-8")


def _key_probe() -> str:
    from conflictdata.gazetteer.build import key_probe

    return key_probe()


def _array(column):
    import pyarrow as pa

    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
