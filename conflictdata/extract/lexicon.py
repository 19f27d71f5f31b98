"""Lexicons: TSV word lists under ``conflictdata/data/lexicons/<lang>/`` compiled once into trie regexes.

A pattern is one or more words separated by spaces, matched case-insensitively on word boundaries:

- ``Luftangriff``: the word itself; ``Luftangriff*``: the word and its continuations (Luftangriffe, -en);
- ``*angriff``: the end of a compound (Drohnenangriff, Raketenangriff);
- ``~N``: up to N words in between (``Kontrolle ~6 übernommen``);
- ``~~``: the rest of the clause in between (a German verb bracket: ``griffen ~~ an``, ``zog ~~ ab``): up to 15
  words that cross no sentence end, blank line, comma, colon, semicolon, bracket or dash (a comma inside a list of
  names is crossed: "Isjum, Kupjansk und Charkiw"), and the pattern's last word must end its clause (punctuation,
  the end of the text or a conjunction follows), so "griffen Stellungen an der Front an" takes the particle.

A row whose ``case`` column is ``exact`` matches only when the first letter has the pattern's case (the modal
"may", not the month "May").

Every lexicon of one language compiles into a single regex whose alternatives share their prefixes (a trie),
scanned once over a document; each hit is mapped back to its row by a cached lookup.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

import attrs

from conflictdata._resources import load_tsv, once

__all__ = ["Entry", "Hit", "Lexicon", "lexicon", "LANGUAGES", "word_before", "words_before"]

LANGUAGES = ("de", "en")
_GAP = re.compile(r"~(\d{1,2}|~)")
_MATCH_WINDOW = 240  # characters looked at by match_at (the longest pattern with its gaps fits)
_CLAUSE_GAP_WORDS = 15  # ``~~``: words of a clause between a verb and its particle
# one word of a clause: no sentence or clause mark in it (a figure may carry them: "6.", "1.000"); a comma only
# inside a list of names ("Isjum, Kupjansk und Charkiw", "Sumy, Charkiw, Poltawa")
_CLAUSE_WORD = (r"(?:\d[\d.,]*|(?!-\s)[^\s.,;:!?()\[\]\u2013\u2014]+"
                r"(?:,(?=\s+[^\s.,;:!?]+(?:,|\s+(?:und|oder|sowie|and|or)\s)))?)")
_CLAUSE_SPACE = r"[^\S\n]*\n?[^\S\n]*(?<=\s)"  # space within a paragraph (a blank line ends the clause)
# what may follow the last word of a ``~~`` pattern: its clause ends
_CLAUSE_END = (r"(?=\s*(?:[\n.,;:!?()\[\]\u2013\u2014\"\u201c\u201d\u00bb\u00ab]|\s-\s|$)"
               r"|\s+(?:und|oder|sowie|aber|doch|bzw|and|or|but)\b)")


@attrs.frozen
class Entry:
    """One lexicon row: its pattern and its other columns."""

    pattern: str
    fields: tuple[tuple[str, str], ...]

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.fields:
            if k == key:
                return v
        return default


@attrs.frozen
class Hit:
    """A lexicon match: ``[start, end)`` in the scanned text and the row that matched."""

    start: int
    end: int
    text: str
    entry: Entry

    def get(self, key: str, default: str = "") -> str:
        for k, v in self.entry.fields:  # Entry.get inlined: called ~800 times per document
            if k == key:
                return v
        return default


def _atoms(pattern: str) -> tuple[str, ...]:
    """The regex pieces of one pattern; a trie is built over these pieces."""
    atoms: list[str] = []
    words = pattern.split()
    for i, word in enumerate(words):
        gap = _GAP.fullmatch(word)
        if gap:
            continue
        if i and not _GAP.fullmatch(words[i - 1]):
            atoms.append(r"\s+")
        elif i and words[i - 1] == "~~":  # the rest of the clause (a verb bracket)
            atoms.append(r"(?:%s%s){0,%d}?%s" % (_CLAUSE_SPACE, _CLAUSE_WORD, _CLAUSE_GAP_WORDS, _CLAUSE_SPACE))
        elif i:
            atoms.append(r"(?:\s+\S+){0,%d}?\s+" % int(_GAP.fullmatch(words[i - 1]).group(1)))
        for j, ch in enumerate(word):
            if ch == "*":
                atoms.append(r"\w*" if j == 0 else r"[\w-]*")
            else:
                atoms.append(re.escape(ch.lower()))
    if "~~" in words:
        atoms.append(_CLAUSE_END)  # the bracket closes its clause
    return tuple(atoms)


def _trie_regex(sequences: list[tuple[str, ...]]) -> str:
    trie: dict = {}
    for seq in sequences:
        node = trie
        for atom in seq:
            node = node.setdefault(atom, {})
        node[""] = {}

    def emit(node: dict) -> str:
        ends = "" in node
        branches = [atom + emit(child) for atom, child in sorted(node.items()) if atom]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a shorter entry ends here: the longer continuation is tried first
            return "(?:" + body + ")?"
        return body

    return emit(trie)


class Lexicon:
    """A compiled word list: ``finditer(text)`` yields a ``Hit`` per match, left to right, longest first."""

    def __init__(self, entries: tuple[Entry, ...], name: str = ""):
        self.name = name
        self.entries = entries
        self._exact: dict[str, Entry] = {}
        self._wild: list[tuple[re.Pattern[str], Entry]] = []
        for entry in entries:
            if "*" in entry.pattern or "~" in entry.pattern:
                regex = "".join(_atoms(entry.pattern))
                self._wild.append((re.compile(regex, re.IGNORECASE), entry))
            else:
                self._exact.setdefault(_key(entry.pattern), entry)
        # the most specific wildcard row wins: "Sturmangriff*" before "*angriffe"
        self._wild.sort(key=lambda item: -len(item[1].pattern.replace("*", "")))
        body = _trie_regex([_atoms(e.pattern) for e in entries if e.pattern])
        # Scanned on lower-cased text: much faster than IGNORECASE; the IGNORECASE twin serves the rare text whose
        # lower-casing changes its length (offsets must stay those of the original).
        source = r"\b(?:" + body + r")(?!\w)"
        self._regex = re.compile(source) if body else None
        self._regex_i = re.compile(source, re.IGNORECASE) if body else None
        self._lookup = functools.lru_cache(maxsize=8192)(self._entry_for)
        self._cased = frozenset(id(e) for e in entries if e.get("case") == "exact")  # rows matched case-sensitively

    def _entry_for(self, matched: str) -> Entry | None:
        entry = self._exact.get(_key(matched))
        if entry is not None:
            return entry
        for regex, candidate in self._wild:
            if regex.fullmatch(matched):
                return candidate
        return None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Hit]:
        """Every match in ``text[start:end]`` (offsets into ``text``)."""
        if self._regex is None or not isinstance(text, str):
            return
        hi = len(text) if end is None else min(end, len(text))
        lo = max(0, start - 1)  # one character of left context for the word boundary
        window = text[lo:hi]
        regex, source = self._scanner(window)
        lookup = self._lookup
        cased = self._cased
        for m in regex.finditer(source, start - lo):
            entry = lookup(m.group())
            if entry is not None:
                s, e = m.span()
                if cased and id(entry) in cased and not _same_case(window[s:e], entry.pattern):
                    continue  # "May" the month is not the modal "may"
                yield Hit(s + lo, e + lo, window[s:e], entry)

    def _scanner(self, text: str) -> tuple[re.Pattern[str], str]:
        lowered = text.lower()
        return (self._regex, lowered) if len(lowered) == len(text) else (self._regex_i, text)

    def match_at(self, text: str, pos: int) -> Hit | None:
        """The match starting exactly at ``pos`` (after optional spaces), if any."""
        if self._regex is None:
            return None
        while pos < len(text) and text[pos] in " \t":
            pos += 1
        lo = max(0, pos - 1)  # one character of left context: "-Stausee" right after "Kachowka" starts a word
        window = text[lo:pos + _MATCH_WINDOW]
        regex, source = self._scanner(window)
        m = regex.match(source, pos - lo)
        if m is None:
            return None
        entry = self._lookup(m.group())
        if entry is not None and self._cased and id(entry) in self._cased and \
                not _same_case(window[m.start():m.end()], entry.pattern):
            return None
        return None if entry is None else Hit(lo + m.start(), lo + m.end(), window[m.start():m.end()], entry)

    def match_before(self, text: str, pos: int, window: int = 80) -> Hit | None:
        """The match that ends exactly at ``pos`` (before optional spaces), looking back ``window`` characters."""
        if self._regex is None:
            return None
        while pos > 0 and text[pos - 1] in " \t":
            pos -= 1
        best = None
        for hit in self.finditer(text, max(0, pos - window), pos):
            if hit.end == pos and (best is None or hit.start < best.start):
                best = hit
        return best

    def __len__(self) -> int:
        return len(self.entries)


_SPACES = re.compile(r"\s+")


def _same_case(matched: str, pattern: str) -> bool:
    """The first letter of ``matched`` has the case of the pattern's first letter."""
    first = next((ch for ch in pattern if ch.isalpha()), "")
    got = next((ch for ch in matched if ch.isalpha()), "")
    return not first or first.isupper() == got.isupper()


def _key(text: str) -> str:
    return _SPACES.sub(" ", text.strip().lower())


@once
def lexicon(name: str, lang: str, position: str = "") -> Lexicon:
    """The compiled lexicon ``data/lexicons/<lang>/<name>.tsv`` (English for an unknown language); with
    ``position``, only the rows whose ``position`` column has that value ("before", "after")."""
    lang = lang if lang in LANGUAGES else "en"
    rows = load_tsv(f"lexicons/{lang}/{name}.tsv")
    entries = tuple(
        Entry(row["pattern"], tuple((k, v) for k, v in row.items() if k != "pattern" and k is not None))
        for row in rows
        if row.get("pattern") and (not position or row.get("position") == position)
    )
    return Lexicon(entries, f"{lang}/{name}" + (f"/{position}" if position else ""))


def word_before(text: str, pos: int, limit: int = 40) -> tuple[int, str]:
    """The word that ends right before ``pos`` (spaces skipped), with its start; (pos, "") when there is none."""
    lo = max(0, pos - limit)
    j = pos
    while j > lo and text[j - 1] in " \t\n":
        j -= 1
    i = j
    while i > lo and (text[i - 1].isalnum() or text[i - 1] in "'’-"):
        i -= 1
    return (i, text[i:j]) if i < j else (pos, "")


def words_before(text: str, pos: int, n: int = 2, limit: int = 40) -> tuple[str, ...]:
    """The last ``n`` words before ``pos``, lower-cased, in reading order (fewer at the start of the text)."""
    words: list[str] = []
    for _ in range(n):
        start, word = word_before(text, pos, limit)
        if not word:
            break
        words.append(word.lower())
        limit -= pos - start
        pos = start
    return tuple(reversed(words))
