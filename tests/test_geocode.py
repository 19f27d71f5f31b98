"""The geopy-shaped offline geocoder, the opt-in online fallback (with a fake online geocoder) and place_fields."""
from __future__ import annotations

import json

import pytest
from geopy.location import Location
from geopy.point import Point

from conflictdata.cli import main
from conflictdata.gazetteer import Gazetteer
from conflictdata.geocode import OfflineGeocoder, OnlineFallbackGeocoder, place_fields


@pytest.fixture(scope="module")
def geocoder() -> OfflineGeocoder:
    return OfflineGeocoder()


def test_geocode_returns_a_geopy_location(geocoder):
    loc = geocoder.geocode("Charkiw")
    assert isinstance(loc, Location)
    assert loc.address == "Kharkiv, Ukraine"
    assert loc.latitude == pytest.approx(49.98, abs=0.05) and loc.longitude == pytest.approx(36.25, abs=0.05)
    raw = loc.raw
    assert raw["geonameid"] == 706483 and raw["country_code"] == "UA" and raw["iso3"] == "UKR"
    assert raw["iso_numeric"] == 804 and raw["admin1"] == "Kharkiv" and raw["admin1_code"] == "UA-63"
    assert raw["feature_code"] == "PPLA" and raw["population"] > 1_000_000 and raw["geo_precision"] == 1
    assert "admin2" in raw


def test_geocode_list_none_and_country_filter(geocoder):
    many = geocoder.geocode("Pokrowsk", exactly_one=False)
    assert isinstance(many, list) and len(many) >= 2 and many[0].raw["admin1"] == "Donetsk"
    assert geocoder.geocode("Pokrowsk", country_codes=["RU"]).raw["country_code"] == "RU"
    assert geocoder.geocode("Odessa", country_codes="us").raw["admin1"] == "Texas"
    assert geocoder.geocode("Qxzwvtt Blorp") is None
    assert geocoder.geocode("Qxzwvtt Blorp", exactly_one=False) == []
    assert geocoder.geocode("") is None and geocoder.geocode(None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("query, alpha2, address", [
    ("USA", "US", "United States"), ("UK", "GB", "United Kingdom"), ("Großbritannien", "GB", "United Kingdom"),
    ("Weißrussland", "BY", "Belarus"), ("Vereinigte Staaten", "US", "United States"), ("Russland", "RU", "Russia"),
    ("China", "CN", "China"), ("Palästina", "PS", "Palestine"),
])
def test_country_names_geocode_to_the_country(geocoder, query, alpha2, address):
    loc = geocoder.geocode(query)
    assert loc.raw["feature_code"] == "PCLI" and loc.raw["country_code"] == alpha2 and loc.raw["geo_precision"] == 3
    assert loc.address.endswith(address)


def test_country_geocode_values(geocoder):
    usa = geocoder.geocode("USA")
    assert (usa.raw["iso3"], usa.raw["iso_numeric"], usa.raw["match"]) == ("USA", 840, "alias")
    assert usa.latitude == pytest.approx(38.895, abs=0.05) and usa.longitude == pytest.approx(-77.037, abs=0.05)
    assert place_fields(Gazetteer.default().lookup("Großbritannien")[0].place)["country"] == "United Kingdom"
    assert geocoder.geocode("UK", country_codes="GB").raw["feature_code"] == "PCLI"


def test_gaza_strip_geocodes_to_the_region(geocoder):
    for query in ("Gazastreifen", "Gaza Strip"):
        loc = geocoder.geocode(query)
        assert (loc.raw["name"], loc.raw["country_code"], loc.raw["feature_code"], loc.raw["geo_precision"]) == (
            "Gaza Strip", "PS", "ADM1", 3)
        assert loc.latitude == pytest.approx(31.50, abs=0.05) and loc.longitude == pytest.approx(34.47, abs=0.05)


def test_capitals_geocode_as_pplc(geocoder):
    for query in ("Kiew", "Moskau", "Berlin", "Minsk", "Seoul"):
        assert geocoder.geocode(query).raw["feature_code"] == "PPLC"


@pytest.mark.parametrize("query, admin1_code, is_region", [
    ("im Gebiet Charkiw", "UA-63", True), ("in der Region Kursk", "RU-KRS", True), ("in Kiew", "UA-30", False),
    ("bei Pokrowsk", "UA-14", False), ("near Kharkiv", "UA-63", False),
])
def test_geocode_strips_a_leading_preposition(geocoder, query, admin1_code, is_region):
    loc = geocoder.geocode(query)
    assert (loc.raw["admin1_code"], loc.raw["is_region"]) == (admin1_code, is_region)


def test_region_geocode_has_precision_3(geocoder):
    loc = geocoder.geocode("Gebiet Donezk")
    assert loc.raw["is_region"] and loc.raw["geo_precision"] == 3 and loc.raw["feature_code"] == "ADM1"


def test_reverse(geocoder):
    loc = geocoder.reverse(Point(49.99, 36.23))
    assert isinstance(loc, Location) and loc.raw["name"] == "Kharkiv" and loc.raw["distance_km"] < 5
    assert geocoder.reverse((48.28, 37.18)).raw["name"] == "Pokrovsk"
    assert geocoder.reverse("50.45, 30.52").raw["admin1"] == "Kyiv City"  # the nearest point may be a district
    assert geocoder.reverse((43.0, 34.0)) is None  # Black Sea, > 30 km from any town
    assert geocoder.reverse((43.0, 34.0), exactly_one=False) == []
    near = geocoder.reverse((48.28, 37.18), exactly_one=False, limit=3)
    assert len(near) == 3 and near[0].raw["name"] == "Pokrovsk"
    assert geocoder.reverse("not a point") is None


def test_place_fields_town_and_region():
    gaz = Gazetteer.default()
    town = place_fields(gaz.lookup("Pokrowsk")[0].place)
    assert town == {
        "country": "Ukraine", "iso": 804, "region": town["region"], "admin1": "Donetsk", "admin2": "", "admin3": "",
        "location": "Pokrovsk", "latitude": 48.2801, "longitude": 37.1771, "geo_precision": 1, "geonames_id": 704422,
    }
    assert town["region"] in ("Europe", "")  # "" only while conflictdata.normalize.countries is missing
    region = place_fields(gaz.lookup("Region Kursk")[0].place)
    assert (region["country"], region["iso"], region["admin1"], region["location"], region["geo_precision"]) == (
        "Russia", 643, "Kursk", "Kursk", 3)
    kursk = gaz.lookup("Kursk")[0].place
    assert (region["latitude"], region["longitude"]) == (round(kursk.latitude, 4), round(kursk.longitude, 4))
    assert place_fields(kursk, geo_precision=2)["geo_precision"] == 2
    country = place_fields(gaz.lookup("Ukraine")[0].place)
    assert country["location"] == "" and country["admin1"] == "" and country["geo_precision"] == 3


def test_place_fields_build_a_valid_event():
    import datetime as dt

    from conflictdata.schema import Event, validate_records  # noqa: F401

    fields = place_fields(Gazetteer.default().lookup("Charkiw")[0].place)
    event = Event(event_date=dt.date(2025, 2, 4), event_type="Explosions/Remote violence",
                  sub_event_type="Air/drone strike", **fields)
    assert event.location == "Kharkiv" and event.iso == 804


class FakeOnline:
    """A geopy-like geocoder that records its calls instead of using the network."""

    def __init__(self):
        self.calls = []

    def geocode(self, query, exactly_one=True, **kwargs):
        self.calls.append((query, kwargs))
        if query == "Nowhere Village":
            return None
        return Location(f"{query}, Fakeland", (10.5, 20.25), {"source": "fake"})


def test_online_fallback_only_when_offline_fails_and_caches(tmp_path):
    online = FakeOnline()
    cache = tmp_path / "cache.json"
    geocoder = OnlineFallbackGeocoder(OfflineGeocoder(), online, cache_path=cache, min_delay_seconds=0)
    assert geocoder.geocode("Charkiw").raw["geonameid"] == 706483
    assert online.calls == []
    loc = geocoder.geocode("Qxzwvtt Blorp")
    assert isinstance(loc, Location) and (loc.latitude, loc.longitude) == (10.5, 20.25) and loc.raw == {"source": "fake"}
    assert geocoder.geocode("Qxzwvtt Blorp").address == "Qxzwvtt Blorp, Fakeland"
    assert geocoder.geocode("Nowhere Village") is None
    assert geocoder.geocode("Nowhere Village") is None
    assert [q for q, _ in online.calls] == ["Qxzwvtt Blorp", "Nowhere Village"]
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored) == 2
    # a new instance reads the cache from disk and asks nobody
    again = OnlineFallbackGeocoder(OfflineGeocoder(), FakeOnline(), cache_path=cache, min_delay_seconds=0)
    assert again.geocode("Qxzwvtt Blorp").latitude == 10.5 and again.online.calls == []
    assert again.reverse((49.99, 36.23)).raw["name"] == "Kharkiv"


def test_cli_geocode(capsys):
    assert main(["geocode", "Charkiw"]) == 0
    assert capsys.readouterr().out.startswith("Kharkiv, Ukraine\t49.98")
    assert main(["geocode", "--json", "Pokrowsk", "--country", "UA"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["geonameid"] == 704422 and record["admin1_code"] == "UA-14"
    assert main(["geocode", "--all", "Odessa"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) >= 2 and lines[0].startswith("Odesa, Ukraine")
    assert main(["geocode", "--reverse", "49.99", "36.23"]) == 0
    assert capsys.readouterr().out.startswith("Kharkiv, Ukraine")
    assert main(["geocode", "--reverse", "43.0", "34.0"]) == 1
    assert main(["geocode", "Qxzwvtt Blorp"]) == 1
    assert main(["geocode"]) == 2
    assert main(["geocode", "--reverse", "99", "0"]) == 2


class FlakyOnline:
    """A geopy-like geocoder that is down (GeocoderUnavailable) for its first ``failures`` calls, then answers."""

    def __init__(self, failures):
        self.failures, self.calls = failures, 0

    def geocode(self, query, exactly_one=True, **kwargs):
        from geopy.exc import GeocoderUnavailable

        self.calls += 1
        if self.calls <= self.failures:
            raise GeocoderUnavailable("service down")
        return Location(f"{query}, Fakeland", (10.5, 20.25), {"source": "fake"})


def test_online_outage_is_not_cached_as_no_match(tmp_path):
    cache = tmp_path / "cache.json"
    online = FlakyOnline(failures=3)
    geocoder = OnlineFallbackGeocoder(OfflineGeocoder(), online, cache_path=cache, min_delay_seconds=0,
                                      max_retries=2, error_wait_seconds=0)
    assert geocoder.geocode("Qxzwvtt Blorp") is None  # down: 1 try + 2 retries, all failed
    assert online.calls == 3 and not cache.exists()
    again = geocoder.geocode("Qxzwvtt Blorp", exactly_one=False)  # back up: asked again, answered, cached
    assert online.calls == 4 and [(x.address, x.latitude, x.longitude) for x in again] == [
        ("Qxzwvtt Blorp, Fakeland", 10.5, 20.25)]
    assert geocoder.geocode("Qxzwvtt Blorp").latitude == 10.5 and online.calls == 4  # from the cache
    assert json.loads(cache.read_text(encoding="utf-8")) == {
        '["Qxzwvtt Blorp", []]': ["Qxzwvtt Blorp, Fakeland", 10.5, 20.25, {"source": "fake"}]}


def test_online_failure_then_success_across_instances(tmp_path):
    cache = tmp_path / "cache.json"
    down = OnlineFallbackGeocoder(OfflineGeocoder(), FlakyOnline(failures=10), cache_path=cache, min_delay_seconds=0,
                                  max_retries=0, error_wait_seconds=0)
    assert down.geocode("Nowhere Else") is None and not cache.exists()
    up = OnlineFallbackGeocoder(OfflineGeocoder(), FlakyOnline(failures=0), cache_path=cache, min_delay_seconds=0)
    assert up.geocode("Nowhere Else").latitude == 10.5 and up.online.calls == 1
