"""The start-of-match lookaheads of the dates and numbers patterns are pure speed-ups.

Each pattern begins with a lookahead that rejects word starts no alternative can match. If an alternative is
added whose first word is missing from the lookahead, its matches would be silently lost; these tests compare
the guarded pattern with the same pattern without its guard, at every start position.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictdata.normalize import dates, numbers

TESTS = Path(__file__).parent
LANGS = [("de",), ("en",), ("de", "en")]


def _unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without its first lookahead group ``(?=...)``."""
    src = pattern.pattern
    i = src.index("(?=")
    depth, j = 0, i
    while True:
        c = src[j]
        if c == "\\":
            j += 2
            continue
        depth += c == "("
        depth -= c == ")"
        if depth == 0 and c == ")":
            break
        j += 1
    return re.compile(src[:i] + src[j + 1:], pattern.flags)


def _same_everywhere(guarded: re.Pattern[str], plain: re.Pattern[str], text: str, step: int = 1) -> None:
    for pos in range(0, len(text), step):
        a, b = plain.search(text, pos), guarded.search(text, pos)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), (text[pos:pos + 80], pos)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((TESTS.parent / "seeds").glob("*.txt"))]
    for line in (TESTS / "corpus" / "snippets.jsonl").read_text(encoding="utf-8").splitlines():
        texts.append(json.loads(line)["text"])
    return texts


def _vocabulary_words() -> list[str]:
    words: set[str] = set()
    for path in (TESTS.parent / "conflictdata" / "data" / "normalize").glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                words.update(re.findall(r"\w+|[^\w\s]", line.split("\t")[0]))
    return sorted(words) + ["1.000", "3.", "12.03.2025", "2024-02-03", "11,5", "ẞ", "İn"]


PATTERNS = [(name, module, langs) for name, module in (("dates", dates), ("numbers", numbers)) for langs in LANGS]


@pytest.mark.parametrize(("name", "module", "langs"), PATTERNS, ids=[f"{n}-{'+'.join(l)}" for n, _, l in PATTERNS])
def test_guard_changes_no_match_on_the_test_texts(name, module, langs):
    guarded = module._lexicon(langs).pattern
    plain = _unguarded(guarded)
    assert plain.pattern != guarded.pattern
    for text in _texts():
        _same_everywhere(guarded, plain, text, step=3)


WORDS = _vocabulary_words()
SEPARATORS = st.sampled_from([" ", " ", "", ", ", "\n", "-", ". "])
TOKENS = st.sampled_from(WORDS).flatmap(lambda w: st.sampled_from([w, w.upper(), w.capitalize()]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(TOKENS, SEPARATORS), min_size=1, max_size=10), st.sampled_from(PATTERNS))
def test_guard_changes_no_match_on_lexicon_word_salad(tokens, case):
    _, module, langs = case
    guarded = module._lexicon(langs).pattern
    text = "".join(word + sep for word, sep in tokens)
    _same_everywhere(guarded, _unguarded(guarded), text)
