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
