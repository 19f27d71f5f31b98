"""Text clean-up, sentence splitting, language detection and name keys.

``clean_text`` undoes hard line wrapping and end-of-line hyphenation, normalises quotes and spaces and keeps
a map back to the raw text's offsets. ``split_sentences`` is a rule-based German/English splitter (pysbd was
~20 ms per 4 KB article, far too slow to run per document). ``normalize_key`` is the exact matching key for
names; ``transliteration_key`` is a looser key under which German and English spellings of Ukrainian and
Russian names meet (Charkiw ~ Kharkiv, Tschassiw Jar ~ Chasiv Yar). The rules are described in
docs/text-and-names.md; their word lists live in conflictdata/data/text_*.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from typing import Literal

import attrs

from conflictdata._resources import load_json, load_tsv, once

__all__ = [
    "CleanText",
    "Sentence",
    "clean_text",
    "detect_language",
    "normalize_key",
    "split_sentences",
    "transliteration_key",
]

# --------------------------------------------------------------------------------------------- name keys

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad_]")
_APOSTROPHES = re.compile(r"[\u2018\u2019\u201a\u201b\u02bc\u02b9\u0060\u00b4']")
_SPACES = re.compile(r"\s+")
# Latin letters that Unicode does not decompose into base letter + mark (so NFKD leaves them): fold them by hand.
_UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ð": "d", "ø": "o", "ħ": "h", "ı": "i", "ŀ": "l", "ŧ": "t",
                               "æ": "ae", "œ": "oe", "þ": "th", "ß": "ss"})


def normalize_key(name: str) -> str:
    """The exact matching key of a name: NFKC, casefold, ß→ss, diacritics folded (also ł→l, ø→o, æ→ae),
    dashes and apostrophes unified, whitespace collapsed.

    >>> normalize_key("  Saporischschja ") == normalize_key("SAPORISCHSCHJA")
    True
    >>> normalize_key("Kurs’k")
    "kurs'k"
    """
    if not isinstance(name, str):
        return ""
    if name.isascii():  # most names: NFKC, NFKD and the letter folds change nothing, casefold is lower
        text = name.lower()
        if "_" in text or "`" in text:
            text = text.replace("_", "-").replace("`", "'")
        return _SPACES.sub(" ", text).strip()
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    # NFKD can expose compatibility characters again (e.g. "ǅ" -> "Dž"): casefold once more so the key is a fixpoint.
    text = _APOSTROPHES.sub("'", _DASHES.sub("-", text.casefold().translate(_UNDECOMPOSED)))
    return _SPACES.sub(" ", text).strip()


# Ordered rewrite rules (German spellings first, then English): both spellings of one Cyrillic name end on
# the same skeleton. Lossy on purpose; only used after exact matching failed.
_TRANSLIT_RULES: tuple[tuple[str, str], ...] = (
    # German "ch" is Cyrillic х (English "kh") but English "ch" is ч (German "tsch"); German "z" is ц (English
    # "ts") but English "z" is з (German "s"). So each family collapses to one letter: h for х/ч, s for the sibilants.
    ("schtsch", "s"), ("shch", "s"), ("tsch", "h"), ("sch", "s"), ("zh", "s"), ("sh", "s"),
    ("kh", "h"), ("ch", "h"), ("ts", "s"), ("tz", "s"), ("z", "s"), ("c", "s"), ("w", "v"),
    ("'", ""), ("j", "i"), ("y", "i"), ("ie", "i"), ("ye", "e"), ("ja", "ia"), ("ju", "iu"),
)
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9 ]")
_DOUBLED = re.compile(r"(.)\1+")


def transliteration_key(name: str) -> str:
    """A lossy key that German and English transliterations of the same Ukrainian/Russian name share.

    >>> transliteration_key("Charkiw") == transliteration_key("Kharkiv")
    True
    >>> transliteration_key("Tschassiw Jar") == transliteration_key("Chasiv Yar")
    True
    """
    return _transliteration_key(name) if isinstance(name, str) else ""


@functools.lru_cache(maxsize=1 << 16)  # news text repeats its names; the key depends on the name only
def _transliteration_key(name: str) -> str:
    key = _NOT_KEY_CHAR.sub("", normalize_key(name).replace("-", " "))
    # Rewriting can create new matches ("y" + "e" -> "ie" -> "i"): repeat until nothing changes, so the key
    # of a key is itself.
    for _ in range(5):
        before = key
        for old, new in _TRANSLIT_RULES:
            key = key.replace(old, new)
        key = _DOUBLED.sub(r"\1", key)  # doubled letters (Tschassiw, Saporischschja)
        if key == before:
            break
    return _SPACES.sub(" ", key).strip()


# --------------------------------------------------------------------------------------------- clean-up


@attrs.frozen
class CleanText:
    """Cleaned text, the raw text it came from, and a map from cleaned offsets to raw offsets.

    The map is a list of segments: cleaned offset ``clean_starts[i]`` corresponds to raw offset
    ``orig_starts[i]``, and the segment covers ``orig_lengths[i]`` raw characters (copied text maps 1:1;
    a replaced run such as a line break maps each output character onto the run, clamped to its last char).
    """

    text: str
    original: str = attrs.field(repr=False)
    clean_starts: tuple[int, ...] = attrs.field(repr=False, default=(0,))
    orig_starts: tuple[int, ...] = attrs.field(repr=False, default=(0,))
    orig_lengths: tuple[int, ...] = attrs.field(repr=False, default=(0,))

    def to_original(self, offset: int) -> int:
        """The raw offset of the cleaned character at ``offset``; ``len(text)`` maps to just after the last one."""
        try:
            offset = int(offset)
        except (TypeError, ValueError, OverflowError):
            return 0
        n = len(self.text)
        if n == 0:
            return 0
        if offset >= n:
            return self.to_original(n - 1) + 1
        offset = max(offset, 0)
        i = bisect.bisect_right(self.clean_starts, offset) - 1
        return self.orig_starts[i] + min(offset - self.clean_starts[i], max(self.orig_lengths[i] - 1, 0))

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw span ``(start, end)`` (end exclusive) covering the cleaned span ``[start, end)``."""
        try:
            start, end = int(start), int(end)
        except (TypeError, ValueError, OverflowError):
            return (0, 0)
        first = self.to_original(start)
        if end <= start:
            return (first, first)
        return (first, max(first, self.to_original(min(end, len(self.text)) - 1) + 1))


# Length-preserving replacements (offsets do not move): quotes, odd spaces, unusual line separators.
_ONE_TO_ONE = {
    **dict.fromkeys("\u201e\u201c\u201d\u201f\u00bb\u00ab\u2033\u2036", '"'),
    **dict.fromkeys("\u201a\u2018\u2019\u201b\u203a\u2039\u2032\u2035", "'"),
    **dict.fromkeys("\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "),
    **dict.fromkeys("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"),
    **dict.fromkeys("\u2010\u2011", "-"),
    "\r\n": " \n",  # the space joins the spaces before the line break
    "\r": "\n",
}
# (str.translate with a dict is ~15x slower than this regex on text with few such characters.)
_ONE_TO_ONE_RE = re.compile("\r\n|[" + "".join(k for k in _ONE_TO_ONE if len(k) == 1) + "]")
_DELETABLE = "\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb"
_HAS_DELETABLE = re.compile(f"[{_DELETABLE}]")
_BREAK_RUN = re.compile(r"\n(?:[ \t]*\n)*[ \t]*")
_SENTENCE_END_CHARS = '.!?:;"\')]'
_URLISH = re.compile(r"(?:https?://|www\.)", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[^\W\d_]+")


@once
def _text_words() -> dict[str, frozenset[str]]:
    data = load_json("text_words.json")
    return {key: frozenset(w.casefold() for w in data[key]["words"])
            for key in ("hyphen_conjunctions", "ordinal_before", "ordinal_after", "months")}


@once
def _triggers(deletable: bool, bold: bool, spaces: bool) -> re.Pattern[str]:
    """The scan pattern for what a text holds: the slow character class only when it is needed."""
    parts = ["\\n"]
    if deletable:
        parts.append(f"(?P<del>[{_DELETABLE}]+)")
    if bold:
        parts.append(r"(?P<bold>\*\*)")
    if spaces:
        parts.append(r"(?P<sp> {2,})")
    return re.compile("|".join(parts))


def _wrap_width(lines: list[str]) -> int:
    """The hard-wrap width of a document, or 0 if its lines are not hard-wrapped.

    Looks at lines followed directly by another non-blank line: wrapped prose has many of them, of similar
    length between 40 and 100 characters. Table rows (tabs) do not count.
    """
    inner = sorted(
        len(a.rstrip()) for a, b in zip(lines, lines[1:])
        if a.strip() and b.strip() and "\t" not in a and "\t" not in b
    )
    if len(inner) < 3:
        return 0
    width = inner[(len(inner) - 1) * 9 // 10]
    median = inner[len(inner) // 2]
    return width if 40 <= width <= 100 and median * 2 >= width else 0


def _is_continuation(prev: str, nxt: str) -> bool:
    """True if line ``nxt`` continues the sentence that line ``prev`` leaves open: no final punctuation
    before, a lowercase word after (not a URL), and neither is a table row."""
    prev, nxt = prev.rstrip(), nxt.lstrip()
    if not prev or not nxt or "\t" in prev or "\t" in nxt:
        return False
    return prev[-1] not in _SENTENCE_END_CHARS and nxt[0].islower() and _URLISH.match(nxt) is None


def _break_replacement(t: str, start: int, end: int, hyphen: str, width: int) -> str:
    """What a line-break run ``t[start:end]`` (with ``hyphen`` before it, if any) becomes in the cleaned text."""
    prev = t[t.rfind("\n", 0, start) + 1:start].strip()
    next_end = t.find("\n", end)
    nxt = t[end: next_end if next_end >= 0 else len(t)].strip()
    newlines = t.count("\n", start, end)
    if hyphen:
        if newlines == 1 and nxt:
            word = _FIRST_WORD.match(nxt)
            if word and word.group().casefold() in _text_words()["hyphen_conjunctions"]:
                return "- "  # "Nord-\nund Südkorea"
            if hyphen == "\u00ad" or nxt[0].islower():
                return ""  # "Rüstungs-\nproduktion"
            return "-"  # "Ukraine-\nKrieg"
        return ("-" if hyphen == "-" else "") + ("\n\n" if newlines > 1 else "\n")
    if _is_continuation(prev, nxt):
        return " "
    if newlines > 1:
        return "\n\n"
    if width and prev and nxt and "\t" not in prev and "\t" not in nxt and len(prev) * 10 >= width * 6:
        return " "
    return "\n"


def _one_to_one(m: re.Match[str]) -> str:
    return _ONE_TO_ONE[m.group()]


def clean_text(raw: str) -> CleanText:
    """Clean a raw article for extraction, keeping a map back to raw offsets.

    Joins hard-wrapped lines, undoes end-of-line hyphenation ("Rüstungs-\\nproduktion"; "Ukraine-\\nKrieg" keeps
    its hyphen), keeps paragraph breaks as "\\n\\n" and unjoined lines (headings, table rows) as "\\n", turns
    typographic quotes into ``"`` and ``'`` and odd spaces into " ", removes ``**`` bold markers, zero-width
    and control characters, and strips the text.
    """
    if not isinstance(raw, str):
        raw = ""
    t = _ONE_TO_ONE_RE.sub(_one_to_one, raw)
    first = len(t) - len(t.lstrip())
    last = len(t.rstrip())
    if first >= last:
        return CleanText("", raw)
    width = _wrap_width(t.split("\n")) if "\n" in t else 0
    pieces: list[str] = []
    clean_starts: list[int] = []
    orig_starts: list[int] = []
    orig_lengths: list[int] = []
    pos = first  # next raw offset not yet emitted
    out = 0  # cleaned length so far
    triggers = _triggers(_HAS_DELETABLE.search(t) is not None, "**" in t, "  " in t)
    for m in triggers.finditer(t, first, last):
        start, end = m.start(), m.end()
        if start < pos:
            continue  # inside a line-break run already handled
        kind = m.lastgroup
        if kind is None:  # a line break: extend over the whole run, and back over spaces and a hyphen
            end = min(_BREAK_RUN.match(t, start).end(), last)  # type: ignore[union-attr]
            while start > pos and t[start - 1] in " \t":
                start -= 1
            hyphen = ""
            if start - 1 > pos and t[start - 1] == "-" and t[start - 2].isalpha():
                hyphen = "-"
                start -= 1
            elif start == pos and t[start - 1:start] == "\u00ad":
                hyphen = "\u00ad"  # already deleted as an invisible character; only decides the join
            repl = _break_replacement(t, start, end, hyphen, width)
        elif kind == "sp":
            if end >= last or t[end] in "\n\t":
                continue  # spaces before a line break belong to the break
            repl = " "
        elif kind == "bold":
            before, after = t[start - 1:start], t[end:end + 1]
            if not ((after and not after.isspace() and after != "*") or (before and not before.isspace() and before != "*")):
                continue
            repl = ""
        else:
            repl = ""
        if start > pos:
            pieces.append(t[pos:start])
            clean_starts.append(out)
            orig_starts.append(pos)
            orig_lengths.append(start - pos)
            out += start - pos
        if repl:
            pieces.append(repl)
            clean_starts.append(out)
            orig_starts.append(start)
            orig_lengths.append(end - start)
            out += len(repl)
        pos = end
    if last > pos:
        pieces.append(t[pos:last])
        clean_starts.append(out)
        orig_starts.append(pos)
        orig_lengths.append(last - pos)
    text = "".join(pieces)
    if not text:
        return CleanText("", raw)
    cleaned = CleanText(text, raw, tuple(clean_starts), tuple(orig_starts), tuple(orig_lengths))
    # Deletions at either end (a leading zero-width char, a trailing "**") can leave edge whitespace behind.
    return cleaned if text == text.strip() else _restrip(cleaned)


def _restrip(cleaned: CleanText) -> CleanText:
    """Strip edge whitespace from a cleaned text, remapping through the old map (rare path)."""
    text = cleaned.text
    lead = len(text) - len(text.lstrip())
    stripped = text.strip()
    if not stripped:
        return CleanText("", cleaned.original)
    # One segment per character is fine on this rare path.
    starts = tuple(range(len(stripped)))
    origs = tuple(cleaned.to_original(lead + i) for i in starts)
    return CleanText(stripped, cleaned.original, starts, origs, (1,) * len(stripped))


# --------------------------------------------------------------------------------------------- sentences


@attrs.frozen
class Sentence:
    """One sentence: its text and its ``[start, end)`` offsets into the text given to ``split_sentences``."""

    text: str
    start: int
    end: int


@attrs.frozen
class _SentenceRules:
    abbreviations: frozenset[str]
    months: frozenset[str]
    ordinal_after: frozenset[str]
    ordinal_before: frozenset[str]


@once
def _sentence_rules() -> _SentenceRules:
    words = _text_words()
    return _SentenceRules(
        abbreviations=frozenset(row["form"] for row in load_tsv("text_abbreviations.tsv") if row.get("form")),
        months=words["months"],
        ordinal_after=words["ordinal_after"],
        ordinal_before=words["ordinal_before"],
    )


_TERMINALS = ".!?\u2026"
_CLOSERS = "\"')]\u201c\u201d\u2019\u00bb"
_OPENERS = "\"'(\u201e\u201c\u201a\u2018\u00ab\u00bb[-\u2013"
_NUMBER = re.compile(r"\d[\d.,]*")
_DOTTED_LETTERS = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{1,2}")
_LEADING_PUNCT = "\"'([{\u201e\u201c\u201a\u2018\u00ab\u00bb"
_TRAILING_PUNCT = ".,;:!?\"')]"


def _next_word(text: str, pos: int, end: int) -> str:
    """The word starting at ``pos`` (after opening quotes), without trailing punctuation."""
    while pos < end and text[pos] in _OPENERS:
        pos += 1
    stop = pos
    while stop < end and not text[stop].isspace():
        stop += 1
    return text[pos:stop].rstrip(_TRAILING_PUNCT)


def _prev_words(text: str, line_start: int, pos: int) -> tuple[str, str]:
    """The word ending at ``pos`` and the word before it (without leading brackets or quotes)."""
    i = max(text.rfind(" ", line_start, pos) + 1, line_start)
    word = text[i:pos].lstrip(_LEADING_PUNCT)
    if i <= line_start + 1:
        return word, ""
    j = max(text.rfind(" ", line_start, i - 1) + 1, line_start)
    return word, text[j:i - 1].strip().lstrip(_LEADING_PUNCT)


def _candidate_end(text: str, pos: int, n: int) -> tuple[int, int] | None:
    """For terminal punctuation at ``pos``: (end of the punctuation and closers, start of the next word) if only
    spaces or tabs separate them; None if nothing does, a line break does, or the text ends."""
    q = pos
    while q < n and text[q] in _TERMINALS:
        q += 1
    while q < n and text[q] in _CLOSERS:
        q += 1
    r = q
    while r < n and text[r] in " \t":
        r += 1
    if r == q or r >= n or text[r].isspace():
        return None
    return q, r


def _is_boundary(text: str, pos: int, nxt_pos: int, lang: str, rules: _SentenceRules) -> bool:
    """Whether terminal punctuation at ``pos``, followed by a word at ``nxt_pos`` on the same line, ends a sentence."""
    line_start = text.rfind("\n", 0, pos) + 1
    if pos == line_start or text[pos - 1].isspace():
        return False  # a lone "." or "…" between spaces
    line_end = text.find("\n", nxt_pos)
    if line_end < 0:
        line_end = len(text)
    nc = text[nxt_pos]
    if nc in _OPENERS and nxt_pos + 1 < line_end:
        nc = text[nxt_pos + 1]
    upper, digit = nc.isupper(), nc.isdigit()
    if text[pos] in "?!":
        return upper or digit
    if not (upper or digit):
        return False
    word, before = _prev_words(text, line_start, pos)
    if word in rules.abbreviations:
        return False
    if len(word) == 1 and word.isalpha():
        return False  # initials, "u. a.", "z. B."
    if _DOTTED_LETTERS.fullmatch(word):
        return False  # "U.S.", "z.B.", "e.g."
    if _NUMBER.fullmatch(word):
        if digit:
            return False  # "13. 1." and similar numbering
        if lang != "en":
            following = _next_word(text, nxt_pos, line_end).casefold()
            if following in rules.months or following in rules.ordinal_after:
                return False  # "am 4. Februar", "1.080. Tag", "2. Korps"
            if before.casefold() in rules.ordinal_before:
                return False  # "dem 12. Spieltag"
        return True
    if digit:
        return word.isalpha() and len(word) > 1 and word.casefold() not in rules.months
    return True


def _line_bounds(text: str, n: int) -> list[int]:
    """Sentence ends at line breaks: every blank line, and every single break unless the sentence runs on."""
    bounds: list[int] = []
    i = text.find("\n")
    while i >= 0:
        j = i
        while j < n and text[j].isspace():
            j += 1
        k = i
        while k > 0 and text[k - 1].isspace():
            k -= 1
        if k > 0 and j < n:
            next_end = text.find("\n", j)
            prev = text[text.rfind("\n", 0, k) + 1:k]
            nxt = text[j:next_end if next_end >= 0 else n]
            if not (text.count("\n", i, j) == 1 and _is_continuation(prev, nxt)):
                bounds.append(k)
        i = text.find("\n", j) if j < n else -1
    return bounds


def split_sentences(text: str, lang: str = "de") -> list[Sentence]:
    """Split German or English text into sentences with offsets into ``text``.

    Every line break ends a sentence (give it ``clean_text`` output, whose remaining line breaks are real),
    except a single break inside a sentence that continues in lowercase. Within a line, ., ! and ? end a
    sentence before a capital or a digit, except after abbreviations (data file), initials, dotted letter
    groups ("U.S."), and German ordinals ("am 4. Februar", "dem 1.080. Tag", "2. Korps").
    """
    if not isinstance(text, str) or not text:
        return []
    lang = lang if lang in ("de", "en") else "und"
    rules = _sentence_rules()
    n = len(text)
    bounds = _line_bounds(text, n) if "\n" in text else []
    # str.find per punctuation mark is several times faster than a regex scan over the whole text.
    marks: list[int] = []
    for ch in _TERMINALS:
        i = text.find(ch)
        while i >= 0:
            marks.append(i)
            i = text.find(ch, i + 1)
    marks.sort()
    done = -1
    for pos in marks:
        if pos < done:
            continue  # inside a run like "?!" or "..."
        found = _candidate_end(text, pos, n)
        if found is None:
            continue
        done = found[0]
        if _is_boundary(text, pos, found[1], lang, rules):
            bounds.append(found[0])
    bounds.sort()
    bounds.append(n)
    sentences: list[Sentence] = []
    start = 0
    for end in bounds:
        seg = text[start:end]
        s = start + (len(seg) - len(seg.lstrip()))
        e = start + len(seg.rstrip())
        if e > s:
            sentences.append(Sentence(text[s:e], s, e))
        start = end
    return sentences


# --------------------------------------------------------------------------------------------- language

_WORD_EDGES = "".join(chr(c) for c in range(0x20, 0x40) if not chr(c).isalnum()) + "[]{}«»„“”‚‘’–—…"


@once
def _stopwords() -> dict[str, frozenset[str]]:
    data = load_json("text_stopwords.json")
    return {"de": frozenset(data["de"]), "en": frozenset(data["en"])}


def detect_language(text: str) -> Literal["de", "en", "und"]:
    """ "de", "en", or "und" when the text holds too little evidence (fewer than two telling words).

    Counts German and English function words (conflictdata/data/text_stopwords.json) in the first 2,000
    characters; every two of ä, ö, ü, ß count as one more German word. One language must lead by half again.
    """
    if not isinstance(text, str) or not text:
        return "und"
    stop = _stopwords()
    de_words, en_words = stop["de"], stop["en"]
    head = text[:2000].casefold()
    de = (head.count("ä") + head.count("ö") + head.count("ü") + head.count("ß")) // 2
    en = 0
    for token in head.split():
        word = token.strip(_WORD_EDGES)
        if word in de_words:
            de += 1
        elif word in en_words:
            en += 1
    if de + en < 2:
        return "und"
    if de * 2 > en * 3:
        return "de"
    if en * 2 > de * 3:
        return "en"
    return "und"
