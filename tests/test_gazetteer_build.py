"""Building a gazetteer from GeoNames dump files (small fixtures in tests/data/geonames_fixture)."""
from __future__ import annotations

from pathlib import Path

import pytest

from conflictdata.cli import main
from conflictdata.errors import InputError
from conflictdata.gazetteer import Gazetteer
from conflictdata.gazetteer.build import (ascii_name, build_from_dumps, keys_of, read_alternate_names,
                                          read_geonames_dump)

FIXTURE = Path(__file__).parent / "data" / "geonames_fixture"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "fixture.zip"
    counts = build_from_dumps([FIXTURE / "UA.txt", FIXTURE / "RU.txt"], out,
                              alternate_names=FIXTURE / "alternateNamesV2.txt",
                              admin1_codes=FIXTURE / "admin1CodesASCII.txt",
                              admin2_codes=FIXTURE / "admin2Codes.txt")
    assert counts == {"town": 7, "region": 5, "country": 1}
    return Gazetteer.load(out)


def test_dump_reader_keeps_places_regions_and_countries():
    rows = list(read_geonames_dump(FIXTURE / "UA.txt"))
    codes = {r["feature_code"] for r in rows}
    assert codes == {"PPLA", "PPLA2", "PPL", "ADM1", "ADM2", "PCLI"}  # the power plant (S/PS) is dropped
    kharkiv = next(r for r in rows if r["geonameid"] == 706483)
    assert kharkiv["population"] == 1430885 and kharkiv["admin1code"] == "07" and "Charkow" in kharkiv["alternatenames"]


def test_alternate_names_drop_links_and_unknown_places():
    names = read_alternate_names(FIXTURE / "alternateNamesV2.txt", {706483, 704422})
    assert "Charkiw" in names[706483] and not any(n.startswith("http") for n in names[706483])
    assert 12345 not in names


def test_built_gazetteer_resolves_german_names(built):
    kharkiv = built.lookup("Charkiw")[0].place
    assert (kharkiv.geonameid, kharkiv.name, kharkiv.admin1, kharkiv.admin1_code) == (706483, "Kharkiv", "Kharkiv", "UA-63")
    assert kharkiv.admin2 == "Kharkivskyi Raion"
    assert built.lookup("Sudscha")[0].place.admin1 == "Kursk"
    assert built.lookup("Pokrowsk")[0].place.country_code == "UA"
    assert built.lookup("Donezk")[0].place.admin1 == "Donetsk"


def test_built_gazetteer_regions_and_countries(built):
    region = built.lookup("Gebiet Charkiw")[0].place
    assert region.is_region and region.geonameid == 706482 and region.name == "Kharkiv"
    assert (region.latitude, region.longitude) == (49.98081, 36.25272)  # the capital's coordinates
    assert built.lookup("Kursk Oblast")[0].place.admin1_code == "RU-KRS"
    assert built.lookup("Ukraine")[0].place.feature_code == "PCLI"


def test_built_gazetteer_finds_places_and_reverse(built):
    found = [(m.text, m.place.name) for m in built.find_places("Angriffe auf Charkiw und Sudscha in der Ukraine.")]
    assert ("Charkiw", "Kharkiv") in found and ("Sudscha", "Sudzha") in found
    assert built.nearest(51.19, 35.27).name == "Sudzha"


def test_cli_build_and_use(tmp_path, capsys):
    out = tmp_path / "g.zip"
    assert main(["gazetteer", "build", "--geonames", str(FIXTURE / "UA.txt"), str(FIXTURE / "RU.txt"),
                 "--alternate-names", str(FIXTURE / "alternateNamesV2.txt"),
                 "--admin1-codes", str(FIXTURE / "admin1CodesASCII.txt"), "-o", str(out)]) == 0
    assert out.exists()
    assert main(["geocode", "--gazetteer", str(out), "Charkiw"]) == 0
    assert capsys.readouterr().out.startswith("Kharkiv, Ukraine")
    assert main(["gazetteer", "build", "--geonames", str(FIXTURE / "bad.txt"), "-o", str(tmp_path / "x.zip")]) == 1
    assert "bad.txt:1" in capsys.readouterr().err
    assert main(["gazetteer", "build", "--geonames", str(tmp_path / "missing.txt"), "-o", str(out)]) == 2
    assert main(["gazetteer"]) == 2


def test_bad_dump_raises_input_error():
    with pytest.raises(InputError, match="19 tab-separated columns"):
        list(read_geonames_dump(FIXTURE / "bad.txt"))


def test_keys_and_ascii_names():
    keys, tkeys = keys_of(["Kharkiv", "Charkiw", "Харків", "HRK", "Kharkiv"])
    assert keys == ["kharkiv", "charkiw"] and tkeys == ["harkiv"]
    assert ascii_name("Khān Yūnis") == "Khan Yunis" and ascii_name("Rafaḩ") == "Rafah"


def test_national_capitals_are_pplc_even_when_they_are_region_capitals():
    from conflictdata.gazetteer.build import PlaceRecord, assemble

    kyiv = PlaceRecord(geonameid=703448, name="Kyiv", latitude=50.45466, longitude=30.5238, country_code="UA",
                       admin1_geonames="99", population=2_797_553, names=["Kyiv", "Kiew"])
    kharkiv = PlaceRecord(geonameid=706483, name="Kharkiv", latitude=49.98081, longitude=36.25272,
                          country_code="UA", admin1_geonames="07", population=1_430_885, names=["Kharkiv"])
    out = assemble([kyiv, kharkiv], {("UA", "99"): {"name": "Kyiv"}, ("UA", "07"): {"name": "Kharkiv"}},
                   {"UA": {"name": "Ukraine", "capital": "Kyiv", "geonameid": 690791, "population": 44_622_516}})
    # Kyiv is the capital of a region named after it (PPLA first) and Ukraine's capital: PPLC
    assert (kyiv.feature_code, kharkiv.feature_code) == ("PPLC", "PPLA")
    country = next(r for r in out if r.feature_code == "PCLI")
    assert (country.latitude, country.longitude, country.capital_geonameid) == (50.45466, 30.5238, 703448)


def test_a_country_without_a_known_capital_marks_no_capital(built):
    # the fixture has no PPLC town and its country row names no capital: the largest town stands in for the
    # country's coordinates but is not coded as the capital
    assert built.lookup("Charkiw")[0].place.feature_code == "PPLA"
    assert built._table.schema.metadata[b"conflictdata.gazetteer.capitals"] == b"PPLC"
    ukraine = built.lookup("Ukraine")[0].place
    assert (ukraine.latitude, ukraine.longitude) == (49.98081, 36.25272)
