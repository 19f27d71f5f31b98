"""Lexicon compilation: patterns with wildcards and gaps, one trie regex per lexicon, hits mapped to rows."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from conflictdata.extract.lexicon import Entry, Lexicon, LANGUAGES, lexicon


def _lex(*patterns: str) -> Lexicon:
    return Lexicon(tuple(Entry(p, (("id", p),)) for p in patterns))


def test_exact_words_match_on_word_boundaries_case_insensitively():
    lex = _lex("Angriff", "Angriffe")
    hits = list(lex.finditer("Der ANGRIFF und die Angriffe, nicht Angriffskrieg."))
    assert [(h.text, h.get("id")) for h in hits] == [("ANGRIFF", "Angriff"), ("Angriffe", "Angriffe")]


def test_suffix_and_prefix_wildcards():
    lex = _lex("*angriff", "Drohne*")
    assert [h.get("id") for h in lex.finditer("Ein Drohnenangriff mit Drohnen.")] == ["*angriff", "Drohne*"]


def test_exact_row_wins_over_wildcard_row():
    lex = _lex("*angriff", "Luftangriff")
    assert [h.get("id") for h in lex.finditer("ein Luftangriff")] == ["Luftangriff"]


def test_gap_pattern_spans_words():
    lex = _lex("Kontrolle ~6 übernommen")
    hits = list(lex.finditer("haben die Kontrolle über die Stadt Toretsk übernommen."))
    assert len(hits) == 1 and hits[0].text.startswith("Kontrolle") and hits[0].text.endswith("übernommen")
    assert not list(lex.finditer("die Kontrolle über a b c d e f g h übernommen"))


def test_longer_entry_is_preferred():
    lex = _lex("Angriffe", "Angriffe in Richtung")
    assert [h.get("id") for h in lex.finditer("25 Angriffe in Richtung Pokrowsk")] == ["Angriffe in Richtung"]


def test_match_at_and_before():
    lex = _lex("in Richtung", "Region")
    text = "Angriffe in Richtung Pokrowsk in der Region Kursk"
    assert lex.match_before(text, text.index("Pokrowsk")).get("id") == "in Richtung"
    assert lex.match_at(text, text.index("Region")).get("id") == "Region"
    assert lex.match_at(text, 0) is None


def test_shipped_lexicons_compile_and_rows_have_a_why():
    for lang in LANGUAGES:
        for name in ("triggers", "weapons", "forces", "agents", "casualties", "victims", "cues", "places",
                     "auxiliaries"):
            lex = lexicon(name, lang)
            assert len(lex) > 5, (lang, name)
            assert all(e.get("why") for e in lex.entries), (lang, name)


def test_every_trigger_row_has_a_valid_type():
    from conflictdata.vocabulary import get_vocabulary

    vocab = get_vocabulary()
    for lang in LANGUAGES:
        for entry in lexicon("triggers", lang).entries:
            assert entry.get("sub_event_type") in vocab.sub_event_types_of(entry.get("event_type")), entry


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_finditer_is_total_and_hits_lie_in_the_text(text):
    for name in ("triggers", "cues", "places"):
        for hit in lexicon(name, "de").finditer(text):
            assert 0 <= hit.start < hit.end <= len(text)
            assert text[hit.start:hit.end] == hit.text


def test_clause_gap_runs_to_the_particle_that_closes_the_clause():
    lex = _lex("griffen ~~ an")
    long = "Am 6. März griffen russische Streitkräfte die Städte Isjum und Kupjansk mit 1.000 Drohnen an."
    (hit,) = lex.finditer(long)
    assert hit.text.startswith("griffen") and hit.text.endswith("an")
    # "an der Front" is a preposition: the particle is the one that ends the clause
    (hit,) = lex.finditer("Sie griffen Stellungen an der Front bei Pokrowsk an, hieß es.")
    assert hit.text.endswith("Pokrowsk an")
    # a list of names is crossed; a comma before a new clause, a sentence end or 16 words are not
    assert list(lex.finditer("Sie griffen Charkiw, Sumy und Poltawa an."))
    assert not list(lex.finditer("Sie griffen Charkiw, wie das Militär mitteilte, an."))
    assert not list(lex.finditer("Sie griffen Charkiw. An der Front blieb es ruhig."))
    assert not list(lex.finditer("Sie griffen " + "a " * 16 + "an."))
    assert list(lex.finditer("Sie griffen " + "a " * 15 + "an."))


def test_case_exact_rows_match_only_their_case():
    lex = Lexicon((Entry("may", (("case", "exact"),)),))
    assert [h.text for h in lex.finditer("Russia may attack. On 5 May. May it end.")] == ["may"]
    assert lex.match_at("May 5", 0) is None and lex.match_at("may be", 0) is not None


def test_clauses_do_not_break_inside_figures_or_times():
    from conflictdata.extract.triggers import Clauses

    text = "Officials said 13,300 civilians died, 12,5 Prozent, at 12:30; others fled."
    bounds = [text[a:b] for a, b in Clauses(text, 0, len(text), "en").bounds]
    assert bounds == ["Officials said 13,300 civilians died", " 12,5 Prozent", " at 12:30", " others fled."]


@given(st.integers(1000, 10**9))
def test_a_grouped_figure_is_never_cut_into_clauses(n):
    from conflictdata.extract.triggers import Clauses

    text = f"More than {n:,} people were killed, officials said."
    assert len(Clauses(text, 0, len(text), "en").bounds) == 2
