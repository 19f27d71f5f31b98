"""Tests of conflictdata.normalize.countries: lookup in any inflection, ACLED records, mentions in text."""
from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata._resources import load_tsv
from conflictdata.normalize.countries import CountryRecord, country_record, find_countries, lookup_country

PHRASES = Path(__file__).parent / "data" / "phrases_countries.tsv"


def _phrases() -> list[tuple[str, str | None, str]]:
    lines = [ln for ln in PHRASES.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [(r["phrase"], r["lang"] or None, r["alpha2"]) for r in rows]


def test_phrase_table_is_large_enough() -> None:
    assert len(_phrases()) >= 30


@pytest.mark.parametrize(("phrase", "lang", "alpha2"), _phrases())
def test_lookup_country_phrases(phrase: str, lang: str | None, alpha2: str) -> None:
    found = lookup_country(phrase, lang)
    assert (found.alpha_2 if found else "") == alpha2


def test_lookup_returns_the_pycountry_record() -> None:
    russia = lookup_country("Russland")
    assert russia is pycountry.countries.get(alpha_2="RU")
    assert (russia.alpha_3, int(russia.numeric)) == ("RUS", 643)


def test_lookup_lang_restricts_forms() -> None:
    assert lookup_country("Russland", "en") is None
    assert lookup_country("Russia", "de") is None
    assert lookup_country("Russia", "und").alpha_2 == "RU"  # an unknown language tries both


@pytest.mark.parametrize("bad", [None, "", "   ", 42, "-", "der", "the", "x" * 10_000])
def test_lookup_no_value(bad: object) -> None:
    assert lookup_country(bad) is None  # type: ignore[arg-type]


@given(st.text())
def test_lookup_never_raises(s: str) -> None:
    result = lookup_country(s)
    assert result is None or len(result.alpha_2) == 2


def _german_adjectives() -> list[str]:
    return [r["form"] for r in load_tsv("countries_de_en.tsv") if r["kind"] == "adj" and r["lang"] == "de"]


@given(st.sampled_from(_german_adjectives()), st.sampled_from(["", "e", "en", "er", "es", "em"]),
       st.sampled_from([str.lower, str.upper, str.title]))
def test_lookup_ignores_german_adjective_endings(adjective: str, ending: str, case) -> None:
    base = lookup_country(adjective, "de")
    assert base is not None
    assert lookup_country(case(adjective + ending), "de") == base


def _german_names() -> list[str]:
    return [r["form"] for r in load_tsv("countries_de_en.tsv") if r["kind"] == "name" and r["lang"] == "de"
            and " " not in r["form"] and not r["form"].endswith("s")]


@given(st.sampled_from(_german_names()), st.sampled_from(["", "s"]), st.sampled_from(["", "der ", "die ", "des "]))
def test_lookup_ignores_genitive_and_article(name: str, ending: str, article: str) -> None:
    base = lookup_country(name, "de")
    assert base is not None
    assert lookup_country(article + name + ending, "de") == base


def _demonyms() -> list[tuple[str, str]]:
    return [(r["form"], r["alpha2"]) for r in load_tsv("countries_de_en.tsv") if r["kind"] == "demonym" and r["lang"] == "de"]


@pytest.mark.parametrize(("demonym", "alpha2"), _demonyms())
def test_german_demonym_plural_and_feminine(demonym: str, alpha2: str) -> None:
    stem = demonym[:-1] if demonym.endswith("e") else demonym
    forms = [demonym, stem + "in", stem + "innen"]
    forms.append(demonym + "n" if demonym.endswith(("e", "er")) else demonym)
    for form in forms:
        found = lookup_country(form, "de")
        assert found is not None and found.alpha_2 == alpha2, form


def test_every_table_form_resolves_to_its_row() -> None:
    for row in load_tsv("countries_de_en.tsv"):
        lang = None if row["lang"] == "both" else row["lang"]
        found = lookup_country(row["form"], lang)
        assert found is not None and found.alpha_2 == row["alpha2"], row


def test_every_pycountry_country_resolves_by_its_own_names() -> None:
    for country in pycountry.countries:
        if country.alpha_2 == "CG":
            continue  # "Congo" is the DR Congo in news (table override); see Republic of Congo below
        assert lookup_country(country.name, "en") is country, country.name
    assert lookup_country("Republic of Congo").alpha_2 == "CG"
    assert lookup_country("Republic of the Congo").alpha_2 == "CG"


def test_country_record_acled_names_and_regions() -> None:
    assert country_record("RU") == CountryRecord("RU", "RUS", 643, "Russia", "Europe")
    assert country_record("ua") == CountryRecord("UA", "UKR", 804, "Ukraine", "Europe")
    assert country_record("KP").name == "North Korea"
    assert country_record("KR").name == "South Korea"
    assert country_record("IR") == CountryRecord("IR", "IRN", 364, "Iran", "Middle East")
    assert country_record("SY").name == "Syria"
    assert country_record("MD").name == "Moldova"
    assert country_record("CD").name == "Democratic Republic of Congo"
    assert country_record("CI").name == "Ivory Coast"
    assert country_record("KP").region == "East Asia"
    assert country_record("GE").region == "Caucasus and Central Asia"
    assert country_record("ML").region == "Western Africa"
    assert country_record("XK").name == "Kosovo"
    assert country_record("ZZ") is None
    assert country_record(None) is None  # type: ignore[arg-type]


def test_acled_table_covers_every_iso_country() -> None:
    regions = {"Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa", "Middle East",
               "Europe", "Caucasus and Central Asia", "East Asia", "South Asia", "Southeast Asia", "Oceania",
               "North America", "Central America", "Caribbean", "South America", "Antarctica", ""}
    for country in pycountry.countries:
        record = country_record(country.alpha_2)
        assert record is not None
        assert (record.alpha_3, record.numeric) == (country.alpha_3, int(country.numeric))
        assert record.region in regions
    assert all(country_record(c.alpha_2).region for c in pycountry.countries
               if c.alpha_2 in {"UA", "RU", "SY", "IQ", "YE", "SD", "ET", "NG", "AF", "MM", "IN", "PK", "CN", "IL", "PS"})


def test_find_countries_in_text() -> None:
    text = ("Die Vereinigten Staaten und Saudi-Arabien, US-Vertreter im Ukraine-Krieg; Nord- und Südkorea; "
            "die russisch-ukrainischen Schlachtfelder; der Kreml; a turkey from China; U.S. forces and North Korean troops.")
    found = [(text[a:b], r.alpha_2) for a, b, r in find_countries(text)]
    assert found == [
        ("Vereinigten Staaten", "US"), ("Saudi-Arabien", "SA"), ("US", "US"), ("Ukraine", "UA"), ("Südkorea", "KR"),
        ("russisch", "RU"), ("ukrainischen", "UA"), ("China", "CN"), ("U.S.", "US"), ("North Korean", "KP"),
    ]


def test_find_countries_seed(seeds_dir) -> None:
    raw = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    found = find_countries(raw, "de")
    codes = {r.alpha_2 for _, _, r in found}
    assert {"UA", "KP", "RU", "US", "KR"} <= codes
    for start, end, record in found:
        assert lookup_country(raw[start:end], "de").alpha_2 == record.alpha_2


@given(st.text(), st.sampled_from([None, "de", "en"]))
def test_find_countries_total(text: str, lang: str | None) -> None:
    last = 0
    for start, end, record in find_countries(text, lang):
        assert last <= start < end <= len(text)
        assert isinstance(record, CountryRecord)
        last = end


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def _german_forms_with_umlauts() -> list[str]:
    import gettext

    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    pyc = [de.gettext(c.name) for c in pycountry.countries]
    table = [r["form"] for r in load_tsv("countries_de_en.tsv") if r["lang"] in ("de", "both") and r["kind"] != "abbr"]
    return sorted({f for f in pyc + table if f != f.translate(_UMLAUTS)})


@given(st.sampled_from(_german_forms_with_umlauts()), st.sampled_from(["", "s", "e", "en"]))
def test_umlaut_free_spelling_finds_the_same_country(form: str, ending: str) -> None:
    base = lookup_country(form + ending, "de")
    assert lookup_country(form.translate(_UMLAUTS) + ending, "de") == base


def test_umlaut_free_spelling_in_text() -> None:
    found = [(r.alpha_2, r.name) for _, _, r in find_countries("Die Tuerkei, Oesterreich und Suedkorea", "de")]
    assert found == [("TR", "Turkey"), ("AT", "Austria"), ("KR", "South Korea")]


def test_kosovo_has_a_stand_in_record() -> None:
    kosovo = lookup_country("Kosovo", "de")
    assert isinstance(kosovo, pycountry.db.Country)  # the same type as every other answer
    assert (kosovo.alpha_2, kosovo.alpha_3, kosovo.numeric, kosovo.name) == ("XK", "XKX", "000", "Kosovo")
    record = country_record(kosovo.alpha_2)
    assert (record.alpha_3, record.numeric) == (kosovo.alpha_3, int(kosovo.numeric)) == ("XKX", 0)
    assert lookup_country("Kosovaren", "de") is kosovo and lookup_country("Kosovar", "en") is kosovo


@pytest.mark.parametrize("word", ["Dann", "dann", "indem", "Indes", "Oma", "Palast"])
def test_common_words_that_look_inflected_are_no_countries(word):
    assert lookup_country(word, "de") is None


@pytest.mark.parametrize("word, alpha2", [("Dänen", "DK"), ("Inder", "IN"), ("Omaner", "OM"),
                                          ("Palästinenser", "PS"), ("Russen", "RU"), ("Polen", "PL")])
def test_the_demonyms_near_those_words_still_resolve(word, alpha2):
    assert lookup_country(word, "de").alpha_2 == alpha2


def test_the_not_a_country_list_blocks_no_real_country_form():
    from conflictdata._resources import load_tsv
    from conflictdata.normalize.countries import _index, _key

    index = _index()
    for row in load_tsv("countries_not.tsv"):
        assert _key(row["word"]) not in index.exact[row["lang"]], row["word"]  # exact forms always win anyway
        assert row["why"], row["word"]
