"""Speed work must not change results: a digest of find_places/lookup output on the seeds, the held-out
articles, the test snippets and thousands of gazetteer names (exact, inflected, transliterated, fuzzy forms).

The digest was recorded with the inputs of ``FINGERPRINT``: the gazetteer data files, ``normalize_key`` (its
probe), the country names the gazetteer takes from lookup_country's tables (``matching.country_forms``) and the
texts above (others edit the test snippets). When any of them changes, results may change legitimately and the
test skips: re-record with ``python tests/test_gazetteer_regression.py``.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = ("gazetteer/gazetteer.zip", "gazetteer/place_aliases.tsv", "gazetteer/place_stopwords.tsv",
              "gazetteer/place_prepositions.tsv")

FINGERPRINT = "5f74ce3edc232298"
DIGEST = "daa59a6fecda9f18ed5e972df654321733e65dd6c46a6abf3ff00b365ab4754c"


def fingerprint() -> str:
    from conflictdata._resources import data_path
    from conflictdata.gazetteer.build import key_probe

    from conflictdata.gazetteer.matching import country_forms

    h = hashlib.sha256(key_probe().encode())
    for name in DATA_FILES:
        h.update(data_path(name).read_bytes())
    forms = country_forms()
    h.update(repr((sorted(forms.names.items()), sorted(forms.abbreviations.items()))).encode())
    for text in texts():
        h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    for path in ("tests/heldout/articles.jsonl", "tests/heldout2/articles.jsonl", "tests/corpus/snippets.jsonl"):
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line)["text"])
    return out


def names(gaz) -> list[str]:
    """Distinct gazetteer names (every 60th row) and forms of them that reach every matching tier."""
    column = gaz._names
    base = sorted({column[i].as_py() for i in range(0, len(gaz), 60)})
    out = list(base)
    for i, name in enumerate(base):
        if i % 4 == 0:
            out.append(name + "s")  # genitive: inflection tier
        if i % 12 == 1:
            out.append(name.replace("k", "c").replace("v", "w"))  # transliteration tier
        if i % 80 == 2 and len(name) > 6:
            out.append(name[:3] + name[4:])  # a dropped letter: fuzzy tier
    out += ["Gebiet " + n for n in base[:80]] + [n + " Oblast" for n in base[80:160]]
    return out


def _candidates(cands) -> list:
    return [[c.place.geonameid, c.place.name, c.place.admin1_code, c.place.is_region, c.score, c.match]
            for c in cands]


def digest(gaz) -> str:
    h = hashlib.sha256()
    for text in texts():
        for ctx in (None, ["UA"]):
            for m in gaz.find_places(text, context=ctx):
                h.update(repr((m.start, m.end, m.text, m.is_region, _candidates(m.candidates))).encode())
        for para in text.split("\n\n"):
            for m in gaz.find_places(para, limit=2):
                h.update(repr((m.start, m.end, _candidates(m.candidates))).encode())
    for name in names(gaz):
        h.update(repr((name, _candidates(gaz.lookup(name)))).encode())
        h.update(repr(_candidates(gaz.lookup(name, country_codes=["RU"], context=["UA", "UA-14"]))).encode())
    return h.hexdigest()


@settings(max_examples=400)
@given(st.text(alphabet=st.sampled_from("aZbKÄäÖß-'\u2019_ 1\n\t.,ЖжŁłǅ"), max_size=40) | st.text(max_size=40))
def test_capital_words_scan_finds_what_capitalised_finds(text):
    from conflictdata.gazetteer.matching import CAPITAL_WORDS, CAPITALISED

    fast = [(m.start(), m.group()) for m in CAPITAL_WORDS.finditer(text)
            if len(m.group()) > 1 or "A" <= m.group() <= "Z"]
    assert fast == [(m.start(), m.group()) for m in CAPITALISED.finditer(text)]


def test_results_unchanged():
    from conflictdata._resources import data_path
    from conflictdata.gazetteer import Gazetteer
    from conflictdata.gazetteer.index import DEFAULT_DATA

    if fingerprint() != FINGERPRINT:
        pytest.skip("gazetteer data or normalize_key changed since the digest was recorded: re-record it")
    assert digest(Gazetteer.load(data_path(DEFAULT_DATA))) == DIGEST


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    from conflictdata._resources import data_path
    from conflictdata.gazetteer import Gazetteer
    from conflictdata.gazetteer.index import DEFAULT_DATA

    print(f'FINGERPRINT = "{fingerprint()}"\nDIGEST = "{digest(Gazetteer.load(data_path(DEFAULT_DATA)))}"')
