"""Reading articles and feeds into Documents: decoding, article structure and problem reporting.

``read_documents(paths)`` walks files and folders (``.txt``/``.md``/``.html`` articles, ``.jsonl`` feeds) and
yields one ``Document`` per article; every bad input is reported once as a ``Problem`` and the run goes on.
``parse_article(text, doc_id)`` splits one article into title, lead, dateline, body, the "Details" footer
(structured hints) and its source lists. ``docs/input.md`` documents the formats and limits.
"""
from __future__ import annotations

import bisect
import codecs
import datetime as dt
import html
import json
import os
import re
import stat
from typing import Any, Callable, Iterable, Iterator

import attrs

from conflictdata._resources import load_json, load_tsv, once
from conflictdata.errors import InputError

__all__ = [
    "Document",
    "OffsetMap",
    "Problem",
    "DocumentStream",
    "parse_article",
    "read_documents",
    "decode_bytes",
    "MAX_ARTICLE_CHARS",
    "MAX_LINE_BYTES",
    "ARTICLE_SUFFIXES",
    "FEED_SUFFIXES",
]

MAX_ARTICLE_CHARS = 1_000_000
"""Longest article text kept; a longer one is truncated (at a line or word break) with a warning."""
MAX_LINE_BYTES = 16 * 1024 * 1024
"""Longest JSONL line read; a longer line is skipped (an error) without being held in memory."""
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm")
FEED_SUFFIXES = (".jsonl", ".ndjson")

# A .txt file longer than this many bytes certainly holds more than MAX_ARTICLE_CHARS characters (<= 4 bytes
# each in UTF-8), so reading stops there: a 50 MB file costs 4 MB of memory.
_READ_LIMIT = 4 * MAX_ARTICLE_CHARS + 4
_FUTURE_TOLERANCE = dt.timedelta(days=1)  # time zones: "tomorrow" in Kyiv is still today in New York
_EARLIEST = dt.date(1900, 1, 1)


# --- values ------------------------------------------------------------------------------------------------


@attrs.frozen
class _Part:
    """One cleaned part of Document.text (title, lead or body) and how it maps back into ``raw``."""

    start: int  # offset of the part in Document.text
    length: int
    clean: Any  # the CleanText of the part's kept string (``.to_original``), or None for identity
    kept_starts: tuple[int, ...]  # segment starts in the kept string
    raw_starts: tuple[int, ...]  # the same segments' starts in raw
    lengths: tuple[int, ...]


@attrs.frozen
class OffsetMap:
    """Maps an offset in ``Document.text`` to the offset in ``Document.raw`` it was read from."""

    parts: tuple[_Part, ...] = ()

    def to_raw(self, offset: int) -> int:
        """The raw offset of text offset ``offset`` (clamped; text the cleaner inserted maps to its neighbour)."""
        if not self.parts:
            return max(0, int(offset))
        starts = [p.start for p in self.parts]
        part = self.parts[max(0, bisect.bisect_right(starts, offset) - 1)]
        local = min(max(0, offset - part.start), part.length)
        kept = local
        if part.clean is not None:
            try:
                kept = int(part.clean.to_original(local))
            except (AttributeError, TypeError, ValueError, IndexError):
                kept = local
        if not part.kept_starts:
            return 0
        i = max(0, bisect.bisect_right(part.kept_starts, kept) - 1)
        within = max(0, kept - part.kept_starts[i])
        return part.raw_starts[i] + min(within, part.lengths[i])


@attrs.frozen
class Document:
    """One article, read and split into its parts. ``text`` is what extraction reads; ``raw`` what was read.

    ``raw`` is the decoded input (BOM removed, newlines normalised to ``\\n``, control characters removed,
    HTML converted to text); for a feed record whose title is not the text's first line it is
    ``title + "\\n\\n" + text``. ``to_raw(offset)`` maps an offset in ``text`` into ``raw``.
    ``hints`` are the (key, value) pairs of the "Details" footer with English keys (incident, cause, place,
    injured, killed, arrests, sources, ...) plus ``tags`` from a tag line. ``notes`` are parse warnings.
    """

    id: str
    text: str
    raw: str = ""
    title: str = ""
    lead: str = ""
    url: str | None = None
    published: dt.date | None = None
    published_from: str = ""  # "feed" | "header" | "dateline" | "cli" | ""
    language: str = "und"
    source: str = ""
    source_urls: tuple[str, ...] = ()
    path: str | None = None
    line: int | None = None
    dateline_place: str = ""
    dateline_country: str = ""
    hints: tuple[tuple[str, str], ...] = ()
    body_offset: int = 0  # where the body (after title and lead) starts in ``text``
    notes: tuple[str, ...] = ()
    offsets: OffsetMap = attrs.field(factory=OffsetMap, eq=False, repr=False)

    def hint(self, key: str, default: str | None = None) -> str | None:
        """The first footer hint with this key ("incident", "place", "injured", ...), else ``default``."""
        for k, v in self.hints:
            if k == key:
                return v
        return default

    def to_raw(self, offset: int) -> int:
        """The offset in ``raw`` that ``text[offset]`` was read from."""
        return self.offsets.to_raw(offset)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``raw`` that ``text[start:end]`` was read from."""
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1


@attrs.frozen
class Problem:
    """One bad input: where (``path``, ``line`` for feeds) and why. ``severity`` "error": the input or record
    was skipped; "warning": it was read, but something was repaired or ignored (encoding, size, a field)."""

    path: str | None
    line: int | None
    reason: str
    severity: str = "error"

    @property
    def skipped(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else f"{self.path or '<input>'}"
        kind = "" if self.skipped else "warning: "
        return f"{where}: {kind}{self.reason}"


# --- the calls into the text and date modules (one place each) ---------------------------------------------


def _clean(kept: str) -> tuple[str, Any]:
    """Clean one part's text with ``conflictdata.text.clean_text``; returns (text, CleanText)."""
    from conflictdata.text import clean_text

    cleaned = clean_text(kept)
    return cleaned.text, cleaned


def _detect_language(text: str) -> str:
    from conflictdata.text import detect_language

    lang = detect_language(text[:5000])
    return lang if lang in ("de", "en") else "und"


def _resolve_full_date(expression: str) -> dt.date | None:
    """A day-precise date with a year ("4. Februar 2025", "February 4, 2025", "04.02.2025"), else None.

    Both languages are tried: an English page may carry a German date line and the other way round.
    """
    from conflictdata.normalize.dates import resolve_date

    iso, _ = _as_date(expression)
    if iso is not None:
        return iso
    try:
        resolution = resolve_date(expression, None, None)
    except (ValueError, TypeError):
        return None
    if resolution is None or resolution.time_precision != 1:
        return None
    return resolution.date


# --- data files --------------------------------------------------------------------------------------------


@attrs.frozen
class _Rules:
    footer_key: re.Pattern  # a known Details key at the start of a line, then a separator
    footer_hint: dict  # casefolded key -> hint key
    details_header: re.Pattern
    source_line: re.Pattern
    reference_line: re.Pattern
    source_total: re.Pattern
    header_date: re.Pattern
    lead_date: re.Pattern
    dateline: re.Pattern
    boilerplate: tuple  # (compiled pattern, action)
    any_boilerplate: Any  # a line -> whether any boilerplate pattern matches it (most lines match none)
    outlet_by_domain: dict
    outlet_by_key: dict
    max_tags: int


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


# Date shapes only; whether "Februar" is a month is resolve_date's business.
_DATE = (
    r"(?:\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"
    r"|\d{1,2}\.?\s(?:[^\W\d_]{3,10})\.?\s\d{4}"
    r"|[^\W\d_]{3,10}\.?\s\d{1,2}(?:st|nd|rd|th)?,?\s\d{4})"
)
_TIME = r"(?:,?\s*(?:um\s+|at\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:Uhr|[AaPp]\.?[Mm]\.?))?(?:\s+[A-Z]{2,5})?)?"
_WEEKDAY = r"(?:[A-ZÄÖÜ][a-zäöü]{4,9},?\s+)?"


def _starts_anchored(pattern: str) -> bool:
    """Whether every alternative of ``pattern`` begins with ``^`` (then search and match find the same)."""
    try:
        from re import _parser as parser  # type: ignore[attr-defined]
    except ImportError:  # Python < 3.11
        import sre_parse as parser  # type: ignore[no-redef]
    try:
        parsed = list(parser.parse(pattern))
    except Exception:  # noqa: BLE001 - an unparseable pattern is simply searched
        return False
    alternatives = [parsed]
    if len(parsed) == 1 and str(parsed[0][0]) == "BRANCH":
        alternatives = [list(alt) for alt in parsed[0][1][1]]
    return all(alt and str(alt[0][0]) == "AT" and str(alt[0][1]) == "AT_BEGINNING" for alt in alternatives)


def _any_of(boiler: tuple) -> Any:
    """One test for all boilerplate patterns: the ``^``-anchored ones matched at the line start only (not
    searched at every position of a long paragraph), the others searched."""
    anchored = [p.pattern for p, _ in boiler if _starts_anchored(p.pattern)]
    floating = [p.pattern for p, _ in boiler if not _starts_anchored(p.pattern)]
    at_start = re.compile("|".join(f"(?:{p})" for p in anchored) or "(?!)", re.IGNORECASE).match
    anywhere = re.compile("|".join(f"(?:{p})" for p in floating) or "(?!)", re.IGNORECASE).search
    return lambda line: at_start(line) is not None or anywhere(line) is not None


@once
def _rules() -> _Rules:
    structure = load_json("documents_structure.json")
    keys = load_tsv("documents_footer_keys.tsv")
    footer_hint = {row["key"].casefold(): row["hint"] for row in keys}
    word = r"[A-ZÄÖÜÉ][\w'’.\-]*"
    conn = _alternation(structure["dateline_connectors"])
    place = rf"{word}(?:\s(?:(?:{conn})\s)?{word}){{0,3}}(?:/{word}(?:\s{word})?){{0,3}}"
    dateline = re.compile(
        rf"(?P<place>{place})(?:,\s?(?P<country>{place}))?"
        rf"(?:,\s?(?P<date>{_DATE}|[^\W\d_]{{3,9}}\.?\s\d{{1,2}}|\d{{1,2}}\.?\s[^\W\d_]{{3,9}}\.?))?"
        r"(?:\s?\((?P<agency>[^()\n]{1,40})\))?"
        r"[ \t]*[-–—]+(?:[ \t]+|$)"
    )
    boiler = tuple(
        (re.compile(row["pattern"], re.IGNORECASE), row["action"]) for row in load_tsv("documents_boilerplate.tsv")
    )
    by_domain: dict[str, str] = {}
    by_key: dict[str, str] = {}
    for row in load_tsv("documents_outlets.tsv"):
        domain, name = row["domain"].casefold(), row["name"]
        by_domain[domain] = name
        by_key.setdefault(_squash(name), name)
        by_key.setdefault(_squash(domain.split(".")[0]), name)
    return _Rules(
        footer_key=re.compile(rf"(?P<key>{_alternation(footer_hint)})(?:\s*:\s*|\t\s*|\s+|$)", re.IGNORECASE),
        footer_hint=footer_hint,
        details_header=re.compile(rf"(?:{_alternation(structure['details_headers'])})\s*:?", re.IGNORECASE),
        source_line=re.compile(
            rf"(?:{_alternation(structure['source_labels'])})(?:\s*:\s*|\t\s*)(?P<rest>.*)", re.IGNORECASE
        ),
        reference_line=re.compile(
            rf"(?:{_alternation(structure['reference_labels'])})\s*\d{{0,3}}\s*:?\s*(?P<rest>.*)", re.IGNORECASE
        ),
        source_total=re.compile(rf"(?:{_alternation(structure['source_total_labels'])})\s*:?", re.IGNORECASE),
        header_date=re.compile(
            rf"(?:(?:{_alternation(structure['header_date_labels'])})\s*:?\s*)?{_WEEKDAY}(?P<date>{_DATE}){_TIME}\s*",
            re.IGNORECASE,
        ),
        lead_date=re.compile(
            rf"(?:(?:{_alternation(structure['dateline_date_lead_words'])})[\s,]+)?{_WEEKDAY}(?P<date>{_DATE})\b",
            re.IGNORECASE,
        ),
        dateline=dateline,
        boilerplate=boiler,
        any_boilerplate=_any_of(boiler),
        outlet_by_domain=by_domain,
        outlet_by_key=by_key,
        max_tags=int(structure.get("tag_line_max_tags", 8)),
    )


# --- small text helpers ------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
_URL_ITEM = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,24}(?::\d{1,5})?(?:/\S*)?", re.IGNORECASE)
_URL_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,60}?)(?<=\S)\*\*")
_INLINE_MARKUP = re.compile(
    r"\*\*|<[^<>\n]{1,300}>|\]\((?:https?://|www\.)[^)\s]{1,500}\)|\[(?=[^\[\]\n]{1,300}\]\((?:https?://|www\.))"
)
_HEADING = re.compile(r"#{1,6}\s+|>\s+")
_PUNCT_ONLY = re.compile(r"[\W_]+")
_STATS = re.compile(r"(?:\s*[^\W\d_]{2,20}\s*:\s*\d[\d.,]*\s*)+")
_TAG_WORD = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?")
_LIST_SPLIT = re.compile(r"\s*(?:[,;•|]|\s/\s|\bund\b|\band\b|&)\s*")
_BULLET = re.compile(r"[-*•·–]\s+")
_TERMINAL = frozenset('.!?:;"“”„»«)…\'’')
_SQUASH = re.compile(r"[\W_]+")
_FRONT_MATTER_KEY = re.compile(r"([A-Za-z_]+)\s*:\s*(.*)")
_HTML_HINT = re.compile(
    r"<(?:p|div|br|span|a|h[1-6]|li|ul|ol|script|style|body|head|article|section|table|td|tr|img|meta)\b[^<>]{0,500}>",
    re.IGNORECASE,
)
_HTML_TITLE = re.compile(r"<title\b[^<>]{0,200}>", re.IGNORECASE)
_HTML_BLOCK = re.compile(
    r"</?(?:p|div|h[1-6]|ul|ol|table|tr|article|section|header|footer|blockquote|pre|figure|figcaption|main|"
    r"aside|nav|title)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
_HTML_LINE = re.compile(r"<br\b[^<>]{0,200}>|</?li\b[^<>]{0,2000}>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<[!/?]?[A-Za-z][^<>]{0,2000}>")
_HTML_DROP = ("script", "style", "noscript", "template", "svg", "head")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*")


def _squash(text: str) -> str:
    from conflictdata.text import normalize_key

    return _SQUASH.sub("", normalize_key(text))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _as_date(value: Any) -> tuple[dt.date | None, str | None]:
    """A publication date from a date, datetime or ISO string; (None, reason) for anything else."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, str):
        if not value.strip():
            return None, None
        m = _ISO_DATE.fullmatch(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3])), None
            except ValueError:
                pass
        return None, f"'published' is not an ISO date: {value[:40]!r}; ignored"
    return None, f"'published' must be an ISO date string, got {_json_type(value)} {str(value)[:40]}; ignored"


def _norm_lang(value: Any) -> str | None:
    """"de"/"en"/"und" from a language code or name ("de-DE", "German", "eng"); None if not given."""
    if not isinstance(value, str) or not value.strip() or value.strip().lower() == "auto":
        return None
    v = value.strip().lower()
    if v.startswith(("de", "ger")):
        return "de"
    if v.startswith(("en", "eng")):
        return "en"
    return "und"


def _normalise_raw(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


def _looks_like_html(text: str) -> bool:
    if "<" not in text:
        return False
    head = text.lstrip()[:20].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return len(_HTML_HINT.findall(text, 0, 20000)) >= 3


def _html_to_text(text: str) -> str:
    """Visible text of an HTML page: scripts, styles and the head dropped, block tags as line breaks, entities
    unescaped. Linear time: no regex spans an unclosed element."""
    title = ""
    lower = text.lower()
    m = _HTML_TITLE.search(text)
    if m:
        end = lower.find("</title", m.end())
        title = text[m.end() : end if end >= 0 else m.end() + 300]
    out: list[str] = []
    pos = 0
    while True:
        starts = [(lower.find("<" + tag, pos), tag) for tag in _HTML_DROP]
        starts = [(i, tag) for i, tag in starts if i >= 0]
        if not starts:
            break
        i, tag = min(starts)
        out.append(text[pos:i])
        close = lower.find("</" + tag, i)
        if close < 0:
            pos = len(text)
            break
        gt = lower.find(">", close)
        pos = len(text) if gt < 0 else gt + 1
    out.append(text[pos:])
    body = "".join(out)
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.DOTALL) if "<!--" in body else body
    body = _HTML_LINE.sub("\n", _HTML_BLOCK.sub("\n\n", body))
    body = html.unescape(_HTML_TAG.sub("", body)).replace("\xa0", " ")
    lines = [ln.strip() for ln in body.split("\n")]
    body = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
    title = " ".join(html.unescape(_HTML_TAG.sub("", title)).split())
    if title and "<h1" not in lower and not body.startswith(title[:40]):
        # the <title> usually carries the site name ("... | tagesschau.de"): only used when there is no <h1>
        body = f"{title}\n\n{body}"
    return body


def _truncate(text: str, limit: int = MAX_ARTICLE_CHARS) -> str:
    cut = text.rfind("\n", limit - 2000, limit)
    if cut < 0:
        cut = text.rfind(" ", limit - 2000, limit)
    return text[: cut if cut > 0 else limit]


def decode_bytes(data: bytes, *, complete: bool = True) -> tuple[str | None, str | None]:
    """Decode an input file's bytes: ``(text, warning)`` or ``(None, reason)`` when it is not text.

    UTF-8 (a BOM is removed) and UTF-16 with a BOM are read as they are; other bytes are decoded as
    Windows-1252 (else Latin-1), so German umlauts come out right, with a warning. ``complete=False`` for a
    truncated read: an incomplete character at the end is dropped.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), None
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return None, f"binary file ({kind}); skipped"
    head = data[:8192]
    if b"\x00" in head:
        return None, "binary data (NUL bytes); skipped"
    if len(_CONTROL_BYTES.findall(head)) > len(head) // 20:
        return None, "binary data (control bytes); skipped"
    if data.startswith(codecs.BOM_UTF8):
        data = data[3:]
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=complete), None
    except UnicodeDecodeError as exc:
        where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    try:
        return data.decode("cp1252"), f"not valid UTF-8 ({where}); decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not valid UTF-8 ({where}); decoded as Latin-1"


_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0e-\x1a\x1c-\x1f]")  # not tab, newlines, form feed, escape
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PAR1", "Parquet file"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)


# --- sources ----------------------------------------------------------------------------------------------


def _host(url: str) -> str:
    host = _URL_SCHEME.sub("", url.strip()).split("/", 1)[0].split(":", 1)[0].casefold().rstrip(".")
    while host.startswith(("www.", "m.", "mobile.", "amp.")):
        host = host.split(".", 1)[1]
    return host


def _outlet_from_url(url: str, rules: _Rules) -> str:
    host = _host(url)
    labels = host.split(".")
    for i in range(len(labels) - 1):
        name = rules.outlet_by_domain.get(".".join(labels[i:]))
        if name:
            return name
    if len(labels) >= 3 and labels[-2] in ("co", "com", "org", "net", "gov", "ac", "gv"):
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else host


def _outlet_name(name: str, rules: _Rules) -> str:
    name = " ".join(name.split()).strip(" .,:;-–")
    return rules.outlet_by_key.get(_squash(name), name)


def _is_url(item: str) -> bool:
    return bool(_URL_ITEM.fullmatch(item)) and not item.replace(".", "").isdigit()


# --- article structure -------------------------------------------------------------------------------------


class _Scan:
    """What one pass over an article's lines found: which lines are text, and the footer's contents."""

    def __init__(self) -> None:
        self.keep: list[bool] = []
        self.hints: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.names: list[str] = []
        self.cut: int | None = None
        self.header_date: str = ""
        self.front: dict[str, str] = {}


def _line_spans(raw: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in raw.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _add_items(value: str, scan: _Scan) -> list[str]:
    """Split a source list ("<ul>• www.a.de• www.b.de", "AFP, AP, dpa") into URLs and outlet names."""
    value = html.unescape(_HTML_TAG.sub(" ", value))
    items = [it.strip(" .:-–*") for it in _LIST_SPLIT.split(value)]
    items = [it for it in items if it]
    for item in items:
        if _is_url(item):
            scan.urls.append(item)
        elif len(item) <= 60:
            scan.names.append(item)
    return items


def _scan_lines(raw: str, spans: list[tuple[int, int]], rules: _Rules) -> _Scan:
    scan = _Scan()
    n = len(spans)
    scan.keep = [True] * n
    lines = [raw[a:b].strip() for a, b in spans]
    i = 0
    # YAML-like front matter of Markdown articles: --- / key: value / ---
    if lines and lines[0] == "---":
        for j in range(1, min(n, 60)):
            if lines[j] == "---":
                for k in range(0, j + 1):
                    scan.keep[k] = False
                    m = _FRONT_MATTER_KEY.fullmatch(lines[k])
                    if m:
                        scan.front[m[1].lower()] = m[2].strip().strip("'\"")
                i = j + 1
                break
    first = next((k for k in range(i, n) if lines[k]), None)
    if first is not None and (first + 1 >= n or not lines[first + 1]):
        tags = _TAG_WORD.findall(lines[first])
        if 2 <= len(tags) <= rules.max_tags and "".join(tags) == lines[first]:
            scan.keep[first] = False
            scan.hints.append(("tags", ", ".join(tags)))
    half = len(raw) // 2
    mode = ""  # "details" | "sources" | "reference" | "stats"
    nonblank_seen = 0
    while i < n:
        s = lines[i]
        if not s:
            if mode in ("sources", "stats"):
                mode = ""
            i += 1
            continue
        nonblank_seen += 1
        if mode == "details":
            kv = _details_pair(raw[spans[i][0] : spans[i][1]].strip(), rules)
            if kv is not None:
                key, value = kv
                if key == "sources":
                    items = _add_items(value, scan)
                    value = "; ".join(items)
                scan.hints.append((key, value))
                scan.keep[i] = False
                i += 1
                continue
            mode = ""
        if mode == "reference":
            mode = ""
            if _is_url(s):
                scan.urls.append(s)
                scan.keep[i] = False
                i += 1
                continue
        if mode == "stats" and _STATS.fullmatch(s):
            scan.keep[i] = False
            i += 1
            continue
        if mode == "sources":
            item = _BULLET.sub("", s, count=1) if _BULLET.match(s) else s
            if _is_url(item) or len(item) <= 80:
                if _is_url(item):
                    scan.urls.append(item)
                else:
                    _add_items(item, scan)
                scan.keep[i] = False
                i += 1
                continue
            mode = ""
        if rules.details_header.fullmatch(s) and _next_is_pair(lines, spans, raw, i, rules):
            mode = "details"
            scan.keep[i] = False
        elif rules.source_total.fullmatch(s):
            mode = "stats"
            scan.keep[i] = False
        elif (m := rules.source_line.fullmatch(s)) is not None and len(s) <= 2000:
            if m["rest"].strip():
                _add_items(m["rest"], scan)
            else:
                mode = "sources"
            scan.keep[i] = False
        elif (m := rules.reference_line.fullmatch(s)) is not None and (
            not m["rest"] or _is_url(m["rest"].strip())
        ):
            if m["rest"]:
                scan.urls.append(m["rest"].strip())
            else:
                mode = "reference"
            scan.keep[i] = False
        elif _is_url(s):
            scan.urls.append(s)
            scan.keep[i] = False
        elif not scan.header_date and nonblank_seen <= 12 and len(s) <= 80 and (
            m := rules.header_date.fullmatch(s)
        ):
            scan.header_date = m["date"]
            scan.keep[i] = False
        elif _PUNCT_ONLY.fullmatch(s):
            scan.keep[i] = False
        elif rules.any_boilerplate(s):
            for pattern, action in rules.boilerplate:
                if pattern.search(s):
                    scan.keep[i] = False
                    if action == "cut_rest" and spans[i][0] >= half and scan.cut is None:
                        scan.cut = i
                    break
        i += 1
    return scan


def _details_pair(line: str, rules: _Rules) -> tuple[str, str] | None:
    m = rules.footer_key.match(line)
    if m:
        key = rules.footer_hint.get(" ".join(m["key"].split()).casefold(), m["key"].casefold())
        return key, line[m.end() :].strip()
    if "\t" in line:  # an unknown key, but tab-separated like the known ones
        key, _, value = line.partition("\t")
        key = key.strip()
        if key and len(key) <= 40:
            return _SQUASH.sub("_", key.casefold()).strip("_"), value.strip()
    return None


def _next_is_pair(lines: list[str], spans: list, raw: str, i: int, rules: _Rules) -> bool:
    for j in range(i + 1, min(len(lines), i + 4)):
        if lines[j]:
            return _details_pair(raw[spans[j][0] : spans[j][1]].strip(), rules) is not None
    return False


def _paragraphs(lines: list[str], keep: list[bool], limit: int) -> list[list[int]]:
    paras: list[list[int]] = []
    current: list[int] = []
    for i in range(limit):
        if keep[i] and lines[i]:
            current.append(i)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    # re-join a sentence that a blank line (or a removed URL line) broke in two
    joined: list[list[int]] = []
    for para in paras:
        if joined:
            prev = joined[-1]
            last, nxt = lines[prev[-1]], lines[para[0]]
            last_word = last.rsplit(None, 1)[-1] if last.split() else ""
            prev_len = sum(len(lines[k]) for k in prev)
            if last[-1] not in _TERMINAL and (
                nxt[0].islower() or (last_word[:1].islower() and prev_len > 80 and last_word.isalpha())
            ):
                prev.extend(para)
                continue
        joined.append(para)
    return joined


_TITLE_KEY = 200


def _title_key(text: str) -> str:
    # keys are local (each character's key depends on itself and a mark after it): the key of a long enough
    # prefix starts like the whole text's, so paragraphs are not normalised whole to compare their start
    if len(text) > 4 * _TITLE_KEY:
        key = _squash(text[: 3 * _TITLE_KEY])
        if len(key) > _TITLE_KEY + 10:
            return key[:_TITLE_KEY]
    return _squash(text)[:_TITLE_KEY]


class _Builder:
    """Assembles one part's kept string from raw segments, remembering where each came from."""

    def __init__(self, raw: str):
        self.raw = raw
        self.chunks: list[str] = []
        self.kept_starts: list[int] = []
        self.raw_starts: list[int] = []
        self.lengths: list[int] = []
        self.size = 0

    def add_raw(self, start: int, end: int) -> None:
        if end <= start:
            return
        self.kept_starts.append(self.size)
        self.raw_starts.append(start)
        self.lengths.append(end - start)
        self.chunks.append(self.raw[start:end])
        self.size += end - start

    def add_sep(self, sep: str) -> None:
        if self.size:
            self.chunks.append(sep)
            self.size += len(sep)

    def add_line(self, start: int, end: int) -> None:
        raw = self.raw
        while start < end and raw[start].isspace():
            start += 1
        while end > start and raw[end - 1].isspace():
            end -= 1
        m = _HEADING.match(raw, start, end)
        if m:
            start = m.end()
        pos = start
        for m in _INLINE_MARKUP.finditer(raw, start, end):
            self.add_raw(pos, m.start())
            pos = m.end()
        self.add_raw(pos, end)


def _build_part(raw: str, spans: list, paras: list[list[int]], line_sep: str = "\n") -> _Builder:
    b = _Builder(raw)
    for para in paras:
        b.add_sep("\n\n")
        for k, i in enumerate(para):
            if k:
                b.add_sep(line_sep)
            b.add_line(*spans[i])
    return b


def _dateline(text: str, rules: _Rules) -> tuple[str, str, str, str, int] | None:
    """(place, country, agency, date expression, end offset) of a dateline at the start of ``text``."""
    m = rules.dateline.match(text)
    if not m:
        return None
    place, country, agency = m["place"], m["country"] or "", (m["agency"] or "").strip()
    letters = [c for c in place if c.isalpha()]
    if not (country or agency or (len(letters) >= 3 and all(c.isupper() for c in letters))):
        return None
    place = place.split("/")[0]  # dpa's "Kiew/Moskau (dpa) -": the first place
    if place.isupper():
        place = place.title()
    return place, country, agency, m["date"] or "", m.end()


def parse_article(
    text: str,
    doc_id: str,
    *,
    url: str | None = None,
    published: Any = None,
    language: str | None = None,
    title: str | None = None,
    source: str | None = None,
    path: str | None = None,
    line: int | None = None,
    default_published: Any = None,
    today: dt.date | None = None,
) -> Document:
    """Split one article into a ``Document``: title, lead, dateline, body, "Details" hints and sources.

    ``published`` is authoritative (a feed's date; ``published_from="feed"``); otherwise a date line in the
    header or the dateline's date is used, else ``default_published`` (the CLI's ``--published``), else None.
    Dates after ``today`` (+1 day) are ignored with a note. Never raises on any text.
    """
    rules = _rules()
    notes: list[str] = []
    text = text if isinstance(text, str) else ""
    raw = _normalise_raw(text)
    if _looks_like_html(raw):
        raw = _html_to_text(raw)
        notes.append("HTML markup converted to text")
    if len(raw) > MAX_ARTICLE_CHARS:
        raw = _truncate(raw)
        notes.append(f"article longer than {MAX_ARTICLE_CHARS:,} characters; truncated")
    title = _normalise_raw(title).strip() if isinstance(title, str) and title.strip() else None
    if title and _title_key(raw.lstrip()[: len(title) + 20]).find(_title_key(title)) != 0:
        raw = f"{title}\n\n{raw}"

    spans = _line_spans(raw)
    lines = [raw[a:b].strip() for a, b in spans]
    scan = _scan_lines(raw, spans, rules)
    front = scan.front
    limit = scan.cut if scan.cut is not None else len(spans)
    paras = _paragraphs(lines, scan.keep, limit)

    # title: a short first paragraph that does not end like a sentence (or the given/front-matter title)
    want_title = title or front.get("title")
    title_para: list[int] | None = None
    if paras:
        first = paras[0]
        first_text = " ".join(lines[i] for i in first)
        if want_title:
            if _title_key(first_text).startswith(_title_key(want_title)[:60]):
                title_para = first
        elif (
            len(paras) >= 2
            and len(first) <= 3
            and len(first_text) <= 300
            and not first_text.endswith(".")
            and _dateline(first_text, rules) is None
        ):
            title_para = first
    rest = paras[1:] if title_para is not None else paras
    if title_para is not None:
        key = _title_key(" ".join(lines[i] for i in title_para))
        rest = [p for k, p in enumerate(rest) if not (k < 2 and _title_key(" ".join(lines[i] for i in p)) == key)]

    # dateline: "Poltawa, Ukraine - ...", "KYIV, Ukraine (AP) — ...", "Kursk, Russland - " alone on a line
    place = country = agency = date_expr = ""
    dateline_index = None
    dateline_end = 0
    for k, para in enumerate(rest[:3]):
        start, end = spans[para[0]]
        offset = start + (len(raw[start:end]) - len(raw[start:end].lstrip()))
        found = _dateline(raw[offset:end], rules)
        if found:
            place, country, agency, date_expr, dl_end = found
            dateline_index, dateline_end = k, offset + dl_end
            break
    lead_para: list[int] | None = None
    body = list(rest)
    if title_para is not None and rest and dateline_index != 0:
        lead_para = rest[0]
        body = rest[1:]
    opening_candidates: list[tuple[int, int]] = []  # (start, end) of paragraph openings to look for a date in
    if lead_para is not None:
        opening_candidates.append((spans[lead_para[0]][0], spans[lead_para[-1]][1]))
    if dateline_index is not None:
        para = rest[dateline_index]
        if dateline_end >= spans[para[0]][1] - 1 and len(para) == 1:
            body = [p for p in body if p is not para]  # a dateline alone on its line is not text
            nxt = rest[dateline_index + 1] if dateline_index + 1 < len(rest) else None
            if nxt is not None:
                opening_candidates.append((spans[nxt[0]][0], spans[nxt[-1]][1]))
        else:
            opening_candidates.append((dateline_end, spans[para[-1]][1]))
    elif body:
        opening_candidates.append((spans[body[0][0]][0], spans[body[0][-1]][1]))

    parts_src = []
    if title_para is not None:
        parts_src.append(("title", _build_part(raw, spans, [title_para], " ")))
    if lead_para is not None:
        parts_src.append(("lead", _build_part(raw, spans, [lead_para])))
    parts_src.append(("body", _build_part(raw, spans, body)))

    pieces: list[str] = []
    parts: list[_Part] = []
    values: dict[str, str] = {"title": "", "lead": "", "body": ""}
    pos = 0
    body_offset = 0
    for name, builder in parts_src:
        kept = "".join(builder.chunks)
        if not kept.strip():
            continue
        cleaned, clean_obj = _clean(kept)
        if not cleaned.strip():
            continue
        if pieces:
            pieces.append("\n\n")
            pos += 2
        if name == "body":
            body_offset = pos
        values[name] = cleaned
        parts.append(
            _Part(
                pos,
                len(cleaned),
                clean_obj,
                tuple(builder.kept_starts),
                tuple(builder.raw_starts),
                tuple(builder.lengths),
            )
        )
        pieces.append(cleaned)
        pos += len(cleaned)
    doc_text = "".join(pieces)
    if not values["body"]:
        body_offset = len(doc_text)

    lang = _norm_lang(language) or _norm_lang(front.get("language") or front.get("lang"))
    if lang is None:
        lang = _detect_language(doc_text) if doc_text.strip() else "und"

    # publication date: given > header/front matter > dateline > default
    today = today or dt.date.today()
    pub, pub_from = None, ""

    def acceptable(value: dt.date | None, what: str) -> bool:
        if value is None:
            return False
        if value > today + _FUTURE_TOLERANCE:
            notes.append(f"{what} {value.isoformat()} is in the future; ignored")
            return False
        if value < _EARLIEST:
            notes.append(f"{what} {value.isoformat()} is before {_EARLIEST.year}; ignored")
            return False
        return True

    given, problem = _as_date(published)
    if problem:
        notes.append(problem)
    if acceptable(given, "publication date"):
        pub, pub_from = given, "feed"
    if pub is None and (front.get("date") or front.get("published")):
        value = front.get("published") or front.get("date") or ""
        found_date, _ = _as_date(value)
        found_date = found_date or _resolve_full_date(value)
        if acceptable(found_date, "header date"):
            pub, pub_from = found_date, "header"
    if pub is None and scan.header_date:
        found_date = _resolve_full_date(scan.header_date)
        if acceptable(found_date, "header date"):
            pub, pub_from = found_date, "header"
    if pub is None:
        for expr in [date_expr] + [_opening_date(raw, a, b, rules) for a, b in opening_candidates]:
            found_date = _resolve_full_date(expr) if expr else None
            if found_date is not None:
                if acceptable(found_date, "dateline date"):
                    pub, pub_from = found_date, "dateline"
                break
    if pub is None:
        fallback, _ = _as_date(default_published)
        if acceptable(fallback, "--published date"):
            pub, pub_from = fallback, "cli"

    # sources: given, the dateline's agency, **bold** names, "Quelle:" lists, then the outlets of the URLs
    url = url if isinstance(url, str) and url.strip() else (front.get("url") or front.get("link") or None)
    names: list[str] = []
    if isinstance(source, str):
        names.extend(s for s in source.split(";"))
    elif front.get("source"):
        names.extend(front["source"].split(";"))
    if agency:
        names.extend(re.split(r"[/,]", agency))
    bold_limit = spans[limit - 1][1] if limit else 0
    names.extend(m[1] for m in _BOLD.finditer(raw, 0, bold_limit) if len(m[1].split()) <= 5 and m[1][-1] not in ".:")
    names.extend(scan.names)
    urls = list(dict.fromkeys(u.rstrip(".,;") for u in ([url] if url else []) + scan.urls))
    names.extend(_outlet_from_url(u, rules) for u in urls if u != url)
    seen: dict[str, str] = {}
    for name in names:
        canonical = _outlet_name(name, rules)
        key = _squash(canonical)
        if key and key not in seen:
            seen[key] = canonical

    if not place:  # the footer's "Ort  Poltawa, Ukraine" stands in for a missing dateline
        footer_place = next((v for k, v in scan.hints if k == "place"), "")
        place, _, country = (part.strip() for part in footer_place.partition(","))
    return Document(
        id=str(doc_id),
        text=doc_text,
        raw=raw,
        title=values["title"],
        lead=values["lead"],
        url=url,
        published=pub,
        published_from=pub_from,
        language=lang,
        source="; ".join(seen.values()),
        source_urls=tuple(urls),
        path=path,
        line=line,
        dateline_place=place,
        dateline_country=country,
        hints=tuple(scan.hints),
        body_offset=body_offset,
        notes=tuple(notes),
        offsets=OffsetMap(tuple(parts)),
    )


def _opening_date(raw: str, start: int, end: int, rules: _Rules) -> str:
    """The date expression a paragraph opens with ("Am 8. Februar 2025, dem ..."), else ""."""
    segment = raw[start : min(end, start + 120)].lstrip()
    m = rules.lead_date.match(segment)
    return m["date"] if m else ""


# --- reading files and feeds -------------------------------------------------------------------------------


class DocumentStream(Iterator[Document]):
    """The iterator ``read_documents`` returns: Documents, plus ``problems`` (every Problem so far, in order).

    ``documents`` counts the Documents yielded; ``skipped`` the inputs or records skipped (error problems).
    """

    def __init__(
        self,
        paths: Iterable[str | os.PathLike] | str | os.PathLike,
        *,
        lang: str | None = None,
        published: Any = None,
        strict: bool = False,
        on_problem: Callable[[Problem], Any] | None = None,
        today: dt.date | None = None,
    ):
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        if lang is not None and lang != "auto" and lang not in ("de", "en"):
            raise ValueError(f"lang must be 'de', 'en', 'auto' or None, not {lang!r}")
        default, reason = _as_date(published)
        if reason:
            raise ValueError(f"published: not an ISO date: {published!r}")
        self.problems: list[Problem] = []
        self.documents = 0
        self._paths = list(paths)
        self._lang = None if lang in (None, "auto") else lang
        self._default = default
        self._strict = strict
        self._on_problem = on_problem
        self._today = today
        self._ids: dict[str, str] = {}
        self._files: dict[tuple[int, int], str] = {}
        self._gen = self._generate()

    @property
    def skipped(self) -> int:
        return sum(1 for p in self.problems if p.skipped)

    def __iter__(self) -> DocumentStream:
        return self

    def __next__(self) -> Document:
        doc = next(self._gen)
        self.documents += 1
        return doc

    def close(self) -> None:
        self._gen.close()

    def _report(self, path: str | None, line: int | None, reason: str, severity: str = "error") -> None:
        problem = Problem(path, line, reason, severity)
        self.problems.append(problem)
        if self._on_problem is not None:
            self._on_problem(problem)
        if self._strict:
            raise InputError(reason, path, line)

    # walking

    def _generate(self) -> Iterator[Document]:
        for given in self._paths:
            path = os.fspath(given)
            try:
                st = os.stat(path)
            except FileNotFoundError:
                self._report(path, None, "no such file or directory")
                continue
            except OSError as exc:
                self._report(path, None, _os_reason(exc))
                continue
            if stat.S_ISDIR(st.st_mode):
                yield from self._walk(path, st)
            elif stat.S_ISREG(st.st_mode):
                yield from self._read_file(path, st)
            else:
                self._report(path, None, "not a regular file or folder; skipped")

    def _walk(self, root: str, root_stat: os.stat_result) -> Iterator[Document]:
        """Depth first, entries of each folder in name order (so the whole walk is in path order)."""
        visited = {(root_stat.st_dev, root_stat.st_ino)}
        stack = [self._entries(root)]
        while stack:
            entry = next(stack[-1], None)
            if entry is None:
                stack.pop()
                continue
            try:
                st = entry.stat()  # follows symlinks
            except OSError as exc:
                if entry.is_symlink() or entry.name.lower().endswith(ARTICLE_SUFFIXES + FEED_SUFFIXES):
                    self._report(entry.path, None, _os_reason(exc), "warning")
                continue
            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in visited:
                    self._report(entry.path, None, "symlink loop: folder already read; skipped", "warning")
                else:
                    visited.add(key)
                    stack.append(self._entries(entry.path))
            elif stat.S_ISREG(st.st_mode) and entry.name.lower().endswith(ARTICLE_SUFFIXES + FEED_SUFFIXES):
                yield from self._read_file(entry.path, st)

    def _entries(self, folder: str) -> Iterator[os.DirEntry]:
        try:
            with os.scandir(folder) as it:
                entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
        except OSError as exc:
            self._report(folder, None, _os_reason(exc))
            entries = []
        return iter(entries)

    def _read_file(self, path: str, st: os.stat_result) -> Iterator[Document]:
        key = (st.st_dev, st.st_ino)
        if key in self._files:
            self._report(path, None, f"same file as {self._files[key]}; skipped", "warning")
            return
        self._files[key] = path
        if path.lower().endswith(FEED_SUFFIXES):
            yield from self._read_feed(path)
        else:
            doc = self._read_article(path, st.st_size)
            if doc is not None:
                yield doc

    # articles

    def _read_article(self, path: str, size: int) -> Document | None:
        try:
            with open(path, "rb") as fh:
                # read(n) allocates n bytes up front: ask for what the file holds (plus one, to see growth)
                data = fh.read(min(size, _READ_LIMIT) + 1)
        except OSError as exc:
            self._report(path, None, _os_reason(exc))
            return None
        complete = len(data) <= _READ_LIMIT
        if not data:
            self._report(path, None, "empty file; skipped")
            return None
        text, reason = decode_bytes(data[:_READ_LIMIT], complete=complete)
        if text is None:
            self._report(path, None, reason or "not text; skipped")
            return None
        if reason:
            self._report(path, None, reason, "warning")
        if not text.strip():
            self._report(path, None, "only whitespace; skipped")
            return None
        doc_id = os.path.splitext(os.path.basename(path))[0]
        if not self._claim(doc_id, path, None):
            return None
        return self._parse(text, doc_id, path, None, language=self._lang)

    def _claim(self, doc_id: str, path: str, line: int | None) -> bool:
        first = self._ids.get(doc_id)
        if first is not None:
            self._report(path, line, f"duplicate id {doc_id!r} (first read at {first}); skipped")
            return False
        self._ids[doc_id] = f"{path}:{line}" if line is not None else path
        return True

    def _parse(self, text: str, doc_id: str, path: str, line: int | None, **given: Any) -> Document | None:
        doc = parse_article(
            text, doc_id, path=path, line=line, default_published=self._default, today=self._today, **given
        )
        for note in doc.notes:
            self._report(path, line, note, "warning")
        if not doc.text.strip():
            self._report(path, line, "no article text left after removing markup and boilerplate; skipped")
            return None
        return doc

    # feeds

    def _read_feed(self, path: str) -> Iterator[Document]:
        try:
            fh = open(path, "rb")
        except OSError as exc:
            self._report(path, None, _os_reason(exc))
            return
        with fh:
            lineno = 0
            warned_encoding = False
            records = 0
            while True:
                try:
                    data = fh.readline(MAX_LINE_BYTES + 1)
                except OSError as exc:
                    self._report(path, lineno + 1, _os_reason(exc))
                    return
                if not data:
                    break
                lineno += 1
                if len(data) > MAX_LINE_BYTES and not data.endswith(b"\n"):
                    while data and not data.endswith(b"\n"):  # skip the rest of the line, chunk by chunk
                        data = fh.readline(MAX_LINE_BYTES)
                    self._report(path, lineno, f"line longer than {MAX_LINE_BYTES:,} bytes; skipped")
                    continue
                if lineno == 1:
                    for magic, kind in _MAGIC:
                        if data.startswith(magic):
                            self._report(path, None, f"binary file ({kind}); skipped")
                            return
                if not data.strip():
                    continue
                if b"\x00" in data:
                    self._report(path, lineno, "binary data (NUL bytes); skipped")
                    continue
                records += 1
                text, reason = decode_bytes(data)
                if text is None:
                    self._report(path, lineno, reason or "not text; skipped")
                    continue
                if reason and not warned_encoding:
                    warned_encoding = True
                    self._report(path, lineno, reason, "warning")
                doc = self._feed_record(text, path, lineno)
                if doc is not None:
                    yield doc
            if records == 0:
                self._report(path, None, "empty file; skipped" if lineno == 0 else "only whitespace; skipped")

    def _feed_record(self, line_text: str, path: str, lineno: int) -> Document | None:
        try:
            record = json.loads(line_text)
        except (ValueError, RecursionError) as exc:
            self._report(path, lineno, f"invalid JSON: {str(exc)[:120]}; skipped")
            return None
        if not isinstance(record, dict):
            self._report(path, lineno, f"expected a JSON object, got {_json_type(record)}; skipped")
            return None
        raw_id = record.get("id")
        if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()):
            self._report(path, lineno, "missing 'id'; skipped")
            return None
        if isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
            self._report(path, lineno, f"'id' must be a string, got {_json_type(raw_id)}; skipped")
            return None
        text = record.get("text")
        if "text" not in record:
            self._report(path, lineno, "missing 'text'; skipped")
            return None
        if not isinstance(text, str):
            self._report(path, lineno, f"'text' must be a string, got {_json_type(text)}; skipped")
            return None
        if not text.strip():
            self._report(path, lineno, "'text' is empty; skipped")
            return None
        fields: dict[str, str | None] = {}
        for name, aliases in (("title", ()), ("url", ()), ("source", ()), ("language", ("lang",))):
            value = next((record[k] for k in (name, *aliases) if k in record), None)
            if value is not None and not isinstance(value, str):
                self._report(path, lineno, f"'{name}' must be a string, got {_json_type(value)}; ignored", "warning")
                value = None
            fields[name] = value
        published = next((record[k] for k in ("published", "date", "published_at") if k in record), None)
        doc_id = str(raw_id).strip()
        if not self._claim(doc_id, path, lineno):
            return None
        return self._parse(
            text,
            doc_id,
            path,
            lineno,
            url=fields["url"],
            published=published,
            language=self._lang or fields["language"],
            title=fields["title"],
            source=fields["source"],
        )


def _os_reason(exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "symlink loop; skipped"
    if isinstance(exc, PermissionError):
        return "cannot read: permission denied; skipped"
    return f"cannot read: {exc.strerror or exc}; skipped"


def read_documents(
    paths: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    lang: str | None = None,
    published: Any = None,
    strict: bool = False,
    on_problem: Callable[[Problem], Any] | None = None,
    today: dt.date | None = None,
) -> DocumentStream:
    """Documents from files and folders (recursively, in name order) of .txt/.md/.html articles and .jsonl feeds.

    ``lang`` forces the language ("de"/"en"; None or "auto" detects). ``published`` (date or ISO string) is the
    fallback publication date. Every bad input is reported once as a ``Problem`` (collected in the returned
    stream's ``problems`` and passed to ``on_problem``); with ``strict=True`` the first one raises ``InputError``.
    ``today`` is the clock for "publication date in the future" (default: the real date).
    """
    return DocumentStream(paths, lang=lang, published=published, strict=strict, on_problem=on_problem, today=today)
