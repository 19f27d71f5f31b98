"""A geopy-shaped offline geocoder over the gazetteer, an opt-in online fallback, and ACLED place fields.

``OfflineGeocoder`` copies the method shapes of geopy's geocoders (``geocode``/``reverse`` returning None, a
``geopy.location.Location`` or a list) without subclassing ``geopy.geocoders.base.Geocoder``, which always builds
an HTTP adapter. ``OnlineFallbackGeocoder`` asks a real geopy geocoder (Nominatim...) only when the offline
one finds nothing, through geopy's ``RateLimiter`` and an on-disk JSON cache; nothing uses it by default.
"""
from __future__ import annotations

import json
import logging
import os
import threading
from pathlib import Path
from typing import Any, Iterable

from conflictdata.gazetteer import Candidate, Gazetteer, Place

__all__ = ["OfflineGeocoder", "OnlineFallbackGeocoder", "place_fields", "REVERSE_MAX_KM"]

_log = logging.getLogger(__name__)

# reverse(): a point farther than this from every town of the gazetteer (open sea, empty land) gives None
REVERSE_MAX_KM = 30.0


def _country(alpha2: str) -> tuple[str, int | None, str, str]:
    """(ACLED country name, ISO numeric, ACLED region, ISO alpha-3) of an alpha-2 code."""
    try:
        from conflictdata.normalize.countries import country_record
    except ImportError:  # the countries module is optional here; pycountry gives all but the ACLED region
        country_record = None
    record = country_record(alpha2) if country_record else None
    if record is not None:
        return record.name, int(record.numeric), record.region, record.alpha_3
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
    if country is None:
        return "", None, "", ""
    name = getattr(country, "common_name", None) or country.name
    return name, int(country.numeric), "", country.alpha_3


def place_fields(place: Place, geo_precision: int | None = None) -> dict[str, Any]:
    """The ACLED place columns of an Event for a place.

    ``geo_precision`` defaults to 1 for a town and 3 for a region or country (whose coordinates are those of
    its capital, as ACLED codes region-level events). A country row leaves admin1 and location empty.
    """
    country, iso, region, _ = _country(place.country_code)
    is_country = place.feature_code.startswith("PCL")
    if geo_precision is None:
        geo_precision = 3 if place.is_region else 1
    return {
        "country": country,
        "iso": iso,
        "region": region,
        "admin1": "" if is_country else place.admin1,
        "admin2": "" if place.is_region else place.admin2,
        "admin3": "",
        "location": "" if is_country else place.name,
        "latitude": round(place.latitude, 4),
        "longitude": round(place.longitude, 4),
        "geo_precision": int(geo_precision),
        "geonames_id": place.geonameid,
    }


def _location(candidate: Candidate | Place):
    from geopy.location import Location

    place = candidate.place if isinstance(candidate, Candidate) else candidate
    _, iso, _, iso3 = _country(place.country_code)
    parts = [place.name, place.admin1 if place.admin1 != place.name else "", _country(place.country_code)[0]]
    raw = {
        "geonameid": place.geonameid,
        "name": place.name,
        "country_code": place.country_code,
        "iso3": iso3,
        "iso_numeric": iso,
        "admin1": place.admin1,
        "admin1_code": place.admin1_code,
        "admin2": place.admin2,
        "feature_code": place.feature_code,
        "population": place.population,
        "is_region": place.is_region,
        "geo_precision": 3 if place.is_region else 1,
    }
    if isinstance(candidate, Candidate):
        raw["score"] = candidate.score
        raw["match"] = candidate.match
    address = ", ".join(p for p in parts if p)
    return Location(address, (place.latitude, place.longitude), raw)


class OfflineGeocoder:
    """geopy-compatible geocoder over a ``Gazetteer`` (the embedded one unless given); never uses the network."""

    def __init__(self, gazetteer: Gazetteer | None = None, reverse_max_km: float = REVERSE_MAX_KM) -> None:
        self._gazetteer = gazetteer
        self.reverse_max_km = reverse_max_km

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.default()
        return self._gazetteer

    def geocode(self, query: str, exactly_one: bool = True, country_codes: Iterable[str] | str | None = None,
                timeout: float | None = None, limit: int | None = None):
        """Best place for ``query`` as a ``geopy.location.Location`` (a list if not ``exactly_one``), or None.

        ``country_codes`` (alpha-2, a string or a list) restricts the answers to those countries, as in
        geopy's Nominatim. ``timeout`` is accepted for geopy compatibility and ignored.
        """
        if not isinstance(query, str) or not query.strip():
            return None if exactly_one else []
        codes = [country_codes] if isinstance(country_codes, str) else list(country_codes or [])
        codes = [c.strip().upper() for c in codes if isinstance(c, str) and c.strip()]
        candidates = self.gazetteer.lookup(query, country_codes=codes or None)
        if codes:
            candidates = [c for c in candidates if c.place.country_code in codes]
        if not candidates:
            return None if exactly_one else []
        if exactly_one:
            return _location(candidates[0])
        return [_location(c) for c in candidates[:limit] if c]

    def reverse(self, query, exactly_one: bool = True, timeout: float | None = None, limit: int | None = None):
        """The nearest town to a point (``geopy.Point``, ``(lat, lon)`` or ``"lat, lon"``) within
        ``reverse_max_km`` (default 30 km), as a Location (a list, nearest first, if not ``exactly_one``);
        None when nothing is that close, e.g. at sea."""
        try:
            from geopy.point import Point

            point = query if isinstance(query, Point) else Point(query)
        except (TypeError, ValueError):
            return None if exactly_one else []
        found = self.gazetteer.nearby(point.latitude, point.longitude, max_km=self.reverse_max_km,
                                      limit=1 if exactly_one else (limit or 10))
        if not found:
            return None if exactly_one else []
        locations = []
        for place, km in found:
            location = _location(place)
            location.raw["distance_km"] = km
            locations.append(location)
        return locations[0] if exactly_one else locations


class OnlineFallbackGeocoder:
    """Offline first; when that finds nothing, an online geopy geocoder behind a RateLimiter and a JSON cache.

    ``online`` is any geopy geocoder (``Nominatim(user_agent=...)``); its answers are cached in ``cache_path``
    (query -> [address, latitude, longitude, raw]) so each query goes out at most once. An answer is an address
    or "no match"; a failure (the service down, a timeout, a quota: geopy's ``GeocoderServiceError``, after
    the RateLimiter's ``max_retries`` retries ``error_wait_seconds`` apart) is no answer: it is not cached, the
    call returns None (or []), and the next call for the query asks again. Opt-in only.
    """

    def __init__(self, offline: OfflineGeocoder | None, online: Any, cache_path: str | os.PathLike | None = None,
                 min_delay_seconds: float = 1.0, max_retries: int = 2, error_wait_seconds: float = 5.0) -> None:
        from geopy.extra.rate_limiter import RateLimiter

        self.offline = offline or OfflineGeocoder()
        self.online = online
        # swallowing would turn an outage into None, indistinguishable from "no match" (and cached as such)
        self._geocode = RateLimiter(online.geocode, min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                                    error_wait_seconds=error_wait_seconds, swallow_exceptions=False)
        self.cache_path = Path(cache_path) if cache_path else None
        self._lock = threading.Lock()
        self._cache: dict[str, Any] | None = None

    def _load_cache(self) -> dict[str, Any]:
        if self._cache is None:
            cache: dict[str, Any] = {}
            if self.cache_path and self.cache_path.exists():
                try:
                    cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    cache = {}
            self._cache = cache if isinstance(cache, dict) else {}
        return self._cache

    def _save_cache(self) -> None:
        if not self.cache_path:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache_path.with_suffix(self.cache_path.suffix + ".tmp")
        tmp.write_text(json.dumps(self._cache, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.cache_path)

    def geocode(self, query: str, exactly_one: bool = True, country_codes: Iterable[str] | str | None = None,
                timeout: float | None = None):
        """The offline answer, else the (cached) online one; same return shapes as ``OfflineGeocoder.geocode``."""
        found = self.offline.geocode(query, exactly_one=exactly_one, country_codes=country_codes)
        if found:
            return found
        if not isinstance(query, str) or not query.strip():
            return found
        from geopy.exc import GeocoderServiceError
        from geopy.location import Location

        codes = [country_codes] if isinstance(country_codes, str) else sorted(country_codes or [])
        key = json.dumps([query.strip(), [c.upper() for c in codes]], ensure_ascii=False)
        with self._lock:
            cache = self._load_cache()
            if key not in cache:
                kwargs = {"exactly_one": True}
                if codes:
                    kwargs["country_codes"] = codes
                try:
                    try:
                        answer = self._geocode(query, **kwargs)
                    except TypeError:  # a geocoder without country_codes
                        answer = self._geocode(query, exactly_one=True)
                except GeocoderServiceError as exc:  # no answer (outage, timeout, quota): not cached, asked again
                    _log.warning("online geocoder failed for %r, not cached: %s", query, exc)
                    return None if exactly_one else []
                cache[key] = None if answer is None else [answer.address, answer.latitude, answer.longitude,
                                                          _jsonable(getattr(answer, "raw", {}))]
                self._save_cache()
            hit = cache[key]
        if hit is None:
            return None if exactly_one else []
        location = Location(hit[0], (hit[1], hit[2]), hit[3] or {})
        return location if exactly_one else [location]

    def reverse(self, query, exactly_one: bool = True, timeout: float | None = None):
        """Offline reverse geocoding only (the online service is not asked for points)."""
        return self.offline.reverse(query, exactly_one=exactly_one)


def _jsonable(value: Any) -> Any:
    try:
        json.dumps(value)
        return value
    except (TypeError, ValueError):
        return {"repr": repr(value)}
