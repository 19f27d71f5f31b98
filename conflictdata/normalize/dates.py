"""Dates as German and English news write them, resolved against the publication date with ACLED's precision.

``find_dates`` finds every time expression in a sentence ("am 3. Februar", "seit Mitte Januar", "am Samstag",
"13.01.2025", "last week") and ``resolve_date`` resolves one expression to ``DateResolution(date,
time_precision)``: 1 an exact day, 2 a week or weekend (its middle), 3 a month or a part of it (the 15th, or the
first/last day for its start/end) and, as an extension, a season (its middle). The rules, with examples, are in
docs/numbers-and-dates.md; the word lists are conflictdata/data/normalize/dates_*.tsv.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import NamedTuple

import attrs

from conflictdata._resources import load_tsv, once
from conflictdata.normalize.numbers import KeywordFilter, parse_quantity, phrase_alternation

__all__ = ["DateMention", "DateResolution", "find_dates", "resolve_date"]

_LANGS = ("de", "en")
_MIN_YEAR, _MAX_YEAR = 1900, 2100


class DateResolution(NamedTuple):
    """A resolved date and ACLED's time_precision (1 day, 2 week/weekend, 3 month or part of a month/season)."""

    date: dt.date
    time_precision: int


@attrs.frozen
class DateMention:
    """A time expression in a sentence (``start``/``end`` index the text given) and its resolution."""

    start: int
    end: int
    text: str
    date: dt.date
    time_precision: int


# ------------------------------------------------------------------------------------------------ lexicon


@attrs.frozen
class _Lexicon:
    langs: tuple[str, ...]
    pattern: re.Pattern[str]
    keywords: KeywordFilter
    months: dict[str, int]
    weekdays: dict[str, int]
    seasons: dict[str, int]
    relative: dict[str, tuple[str, int]]
    anchors: dict[str, str]
    directions: dict[str, str]


def _key(phrase: str) -> str:
    return " ".join(phrase.casefold().split())


_DAY_PARTS_DE = r"abend|morgen|nacht|nachmittag|vormittag|mittag|früh"
_DAY_PARTS = r"night|morning|evening|afternoon|abend|morgen|früh|nachmittag|vormittag|mittag|nacht"
_PREFIX = r"bis\s+zum|bis\s+zur|bis|seit\s+dem|seit|ab\s+dem|ab|am|vom|zum|im|in|on|since|from|until|by|during"


@once
def _lexicon(langs: tuple[str, ...]) -> _Lexicon:
    def rows(name: str) -> list[dict[str, str]]:
        return [r for r in load_tsv(f"normalize/{name}") if r["lang"] in langs]

    months = {_key(r["name"]).rstrip("."): int(r["month"]) for r in rows("dates_months.tsv")}
    month_names = [r["name"] for r in rows("dates_months.tsv")]
    weekdays = {_key(r["name"]): int(r["weekday"]) for r in rows("dates_weekdays.tsv")}
    seasons = {_key(r["name"]): int(r["start_month"]) for r in rows("dates_seasons.tsv")}
    relative = {_key(r["phrase"]): (r["kind"], int(r["offset"])) for r in rows("dates_relative.tsv")}
    modifiers = rows("dates_modifiers.tsv")
    anchors = {_key(r["word"]): r["value"] for r in modifiers if r["role"] == "anchor"}
    directions = {_key(r["word"]): r["value"] for r in modifiers if r["role"] == "direction"}

    mon = rf"(?:{phrase_alternation(month_names)})(?!\w)"
    wd = phrase_alternation(r["name"] for r in rows("dates_weekdays.tsv"))
    season = phrase_alternation(r["name"] for r in rows("dates_seasons.tsv"))
    direction = phrase_alternation(directions)
    anchor = phrase_alternation(anchors)
    rel = phrase_alternation(r["phrase"] for r in rows("dates_relative.tsv"))
    day = r"(?P<{0}>\d{{1,2}})"
    year = r"(?P<{0}>(?:19|20|21)\d\d)(?![\d.,]\d)"
    cores = [
        rf"(?P<iso>{year.format('iso_y')}-(?P<iso_m>\d{{1,2}})-(?P<iso_d>\d{{1,2}}))(?![\d-])",
        # 13.01.2025, 13.01.25, and the German day and month alone ("am 03.02.": the latest such day)
        r"(?P<num>(?P<num_d>\d{1,2})\.(?P<num_m>\d{1,2})\.(?:(?P<num_y>\d{4}|\d{2})(?![\d.]\d)|(?!\d)))",
        r"(?P<sl>(?P<sl_a>\d{1,2})/(?P<sl_b>\d{1,2})/(?P<sl_y>\d{4}|\d{2}))(?![\d/])",
        rf"(?P<dm>(?:(?P<dm_wd>{wd}),?\s+(?:(?:den|dem|the)\s+)?)?{day.format('dm_d')}(?:\.|st|nd|rd|th)?\s*(?:of\s+)?"
        rf"(?P<dm_m>{mon})(?:,?\s+{year.format('dm_y')})?)",
    ]
    if "en" in langs:
        cores.append(
            rf"(?P<md>(?:(?P<md_wd>{wd}),?\s+)?(?P<md_m>{mon})\s*{day.format('md_d')}(?:st|nd|rd|th)?(?![\d:]|\.\d)"
            rf"(?:,?\s+{year.format('md_y')})?)"
        )
    cores += [
        rf"(?P<pm>(?P<pm_a>{anchor})\s*(?P<pm_m>{mon})(?:,?\s+{year.format('pm_y')})?)",
        rf"(?P<my>(?P<my_m>{mon})\s+{year.format('my_y')})",
        rf"(?P<mo>(?:(?:de[mnr]\s+)?(?P<mo_dir>{direction})\s+)?(?P<mo_m>{mon}))",
        rf"(?P<se>(?:(?:de[mnr]\s+)?(?P<se_dir>{direction})\s+)?(?P<se_name>{season})(?:\s+(?:of\s+)?{year.format('se_y')})?)",
        rf"(?P<night>(?:in\s+der\s+)?Nacht\s+(?:von\s+(?:{wd})\s+)?(?:zum|zu|auf)\s+(?:den\s+)?(?P<night_wd>{wd})"
        rf"|overnight\s+(?:into|to)\s+(?P<night_wd_en>{wd}))",
        rf"(?P<wd>(?:(?P<wd_dir>{direction})\s+)?(?P<wd_name>{wd})(?:{_DAY_PARTS_DE})?(?:\s+(?:{_DAY_PARTS})(?!\w))?)",
        rf"(?P<rel>{rel})",
        r"(?P<ago>vor\s+(?P<ago_n>\w+)\s+(?P<ago_u>Tagen|Wochen|Monaten)|(?P<ago_n2>\w+)\s+(?P<ago_u2>days?|weeks?|months?)\s+ago)",
    ]
    # Every expression starts with a digit or with one of these words (the first word of each alternative above):
    # a lookahead on them rejects the other word starts before the alternatives are tried (three times faster on
    # news sentences; the same matches, as each alternative implies the lookahead).
    starts = [w.split("\\s")[0] for w in _PREFIX.split("|")] + month_names + [
        r["name"] for name in ("dates_weekdays.tsv", "dates_seasons.tsv") for r in rows(name)] + [
        r["phrase"] for r in rows("dates_relative.tsv")] + list(anchors) + list(directions) + [
        "dem", "den", "der", "in", "Nacht", "overnight", "vor"]
    guard = rf"(?=\d|{phrase_alternation({w.lower().split()[0] for w in starts})}|\w++\s+(?:day|week|month))"
    pattern = rf"(?<!\w){guard}(?:(?P<pre>{_PREFIX})\s+)?(?:{'|'.join(cores)})(?!\w)"
    # Most sentences hold no date: a cheap search for a digit or a word every date expression contains skips them.
    keywords = [r["name"].rstrip(".") for name in ("dates_months.tsv", "dates_weekdays.tsv", "dates_seasons.tsv") for r in rows(name)]
    keywords += [w for r in rows("dates_relative.tsv") for w in r["phrase"].split() if len(w) >= 4]
    keywords += ["Tagen", "Wochen", "Monaten", "ago"]
    return _Lexicon(
        langs=langs,
        pattern=re.compile(pattern, re.IGNORECASE),
        keywords=KeywordFilter.of(keywords),
        months=months,
        weekdays=weekdays,
        seasons=seasons,
        relative=relative,
        anchors=anchors,
        directions=directions,
    )


def _langs_of(lang: object) -> tuple[str, ...]:
    return (lang,) if lang in _LANGS else _LANGS


# A time expression about the future ("kommenden Montag", "next Monday"): consumed, never dated.
_AHEAD = DateResolution(dt.date.min, 0)

# ------------------------------------------------------------------------------------------------ calendar


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _latest_day(month: int, day: int, published: dt.date) -> dt.date | None:
    """The latest date with this day and month not after publication (leap days look back up to 8 years)."""
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    return None


def _latest_month(month: int, published: dt.date, past: bool) -> tuple[int, int]:
    """(year, month) of the latest such month that began not after publication (strictly before its month if past)."""
    if month < published.month or (month == published.month and not past):
        return published.year, month
    return published.year - 1, month


def _anchor_day(year: int, month: int, anchor: str) -> dt.date:
    day = {"first": 1, "middle": 15}.get(anchor, _last_day(year, month))
    return dt.date(year, month, day)


def _latest_weekday(weekday: int, published: dt.date, past: bool) -> dt.date:
    back = (published.weekday() - weekday) % 7
    if back == 0 and past:
        back = 7
    return published - dt.timedelta(days=back)


def _season_middle(start_month: int, year: int) -> dt.date:
    """The middle of the season that starts in (year, start_month): 15 Apr, 15 Jul, 15 Oct, 15 Jan of year + 1."""
    month = start_month + 1
    return dt.date(year + 1, 1, 15) if month > 12 else dt.date(year, month, 15)


def _shift_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


# ------------------------------------------------------------------------------------------------ resolution


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _day(year: int | None, month: int, day: int, published: dt.date | None) -> DateResolution | None:
    if year is not None:
        return DateResolution(dt.date(year, month, day), 1)
    if published is None:
        return None
    dt.date(2000, month, day)  # rejects 31 February and the like even when no year fits
    found = _latest_day(month, day, published)
    return DateResolution(found, 1) if found else None


def _groups(m: re.Match[str]):
    """``m.group`` that answers None for groups the language's pattern lacks (the English month-day form)."""
    present = m.re.groupindex
    return lambda name: m.group(name) if name in present else None


def _capitalised(text: str, m: re.Match[str], *groups: str) -> bool:
    """Month and weekday names are capitalised in both languages ("May" vs "may", "March" vs "march")."""
    present = m.re.groupindex
    return all(g not in present or m.group(g) is None or text[m.start(g)].isupper() for g in groups)


def _resolve(m: re.Match[str], text: str, published: dt.date | None, lex: _Lexicon) -> DateResolution | None:
    """The resolution of one pattern match, or None. May raise ValueError for impossible dates."""
    g = _groups(m)
    if not _capitalised(text, m, "dm_m", "md_m", "pm_m", "my_m", "mo_m", "dm_wd", "md_wd", "wd_name", "night_wd", "night_wd_en"):
        return None
    if g("iso"):
        return DateResolution(dt.date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d"))), 1)
    if g("num"):
        if g("num_y") is None and "de" not in lex.langs:
            return None  # "03.02." is German; in English "rose to 4.5." is a decimal
        return _day(_year(g("num_y")), int(g("num_m")), int(g("num_d")), published)
    if g("sl"):
        a, b = int(g("sl_a")), int(g("sl_b"))
        # Day first when it must be (13/01) or in German; month first in English (01/13/2025).
        day_first = a > 12 or (b <= 12 and lex.langs[0] == "de")
        day, month = (a, b) if day_first else (b, a)
        return _day(_year(g("sl_y")), month, day, published)
    if g("dm"):
        return _day(_year(g("dm_y")), lex.months[_key(g("dm_m")).rstrip(".")], int(g("dm_d")), published)
    if g("md"):
        return _day(_year(g("md_y")), lex.months[_key(g("md_m")).rstrip(".")], int(g("md_d")), published)
    if g("pm") or g("my") or g("mo"):
        return _resolve_month(m, published, lex)
    if g("se"):
        return _resolve_season(m, published, lex)
    if published is None:
        return None
    if g("night"):
        weekday = lex.weekdays[_key(g("night_wd") or g("night_wd_en"))]
        return DateResolution(_latest_weekday(weekday, published, past=False), 1)
    if g("wd"):
        direction = lex.directions.get(_key(g("wd_dir") or ""), "current")
        if direction == "future":
            return _AHEAD
        weekday = lex.weekdays[_key(g("wd_name"))]
        return DateResolution(_latest_weekday(weekday, published, past=direction == "past"), 1)
    if g("rel"):
        return _resolve_relative(*lex.relative[_key(g("rel"))], published)
    if g("ago"):
        return _resolve_ago(g("ago_n") or g("ago_n2"), (g("ago_u") or g("ago_u2")).casefold(), published, lex)
    return None


def _resolve_month(m: re.Match[str], published: dt.date | None, lex: _Lexicon) -> DateResolution | None:
    g = _groups(m)
    name = g("pm_m") or g("my_m") or g("mo_m")
    month = lex.months[_key(name).rstrip(".")]
    anchor = lex.anchors.get(_key(g("pm_a") or ""), "middle") if g("pm") else "middle"
    year = _year(g("pm_y") or g("my_y"))
    if year is not None:
        return DateResolution(_anchor_day(year, month, anchor), 3)
    if g("mo") and not (g("pre") or g("mo_dir")):
        return None  # a bare month name is too often something else ("Mai" in a name, "August" the person)
    direction = lex.directions.get(_key(g("mo_dir") or ""), "current")
    if direction == "future":
        return _AHEAD
    if published is None:
        return None
    if direction == "current" and g("mo_dir") and month > published.month:
        return None  # "diesen November" said in February lies ahead
    year, month = _latest_month(month, published, past=direction == "past")
    return DateResolution(min(_anchor_day(year, month, anchor), published), 3)


def _resolve_season(m: re.Match[str], published: dt.date | None, lex: _Lexicon) -> DateResolution | None:
    g = _groups(m)
    start = lex.seasons[_key(g("se_name"))]
    if g("se_y"):
        return DateResolution(_season_middle(start, int(g("se_y"))), 3)
    dir_word = _key(g("se_dir") or "")
    direction = lex.directions.get(dir_word, "")
    if direction == "future":
        return _AHEAD
    if not (g("pre") or (direction and dir_word != "the")) or published is None:
        return None  # "the fall of Bakhmut": a season needs "im"/"in", "last"/"vergangenen" or a year
    # The latest season that began not after publication; "vergangenen Herbst" skips the one still running.
    year = published.year if published.month >= start else published.year - 1
    end_year, end_month = _shift_months(year, start, 3)
    if direction == "past" and published < dt.date(end_year, end_month, 1):
        year -= 1
    return DateResolution(min(_season_middle(start, year), published), 3)


def _resolve_relative(kind: str, offset: int, published: dt.date) -> DateResolution | None:
    if kind == "day":
        return DateResolution(published + dt.timedelta(days=offset), 1)
    if kind == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
        return DateResolution(min(monday + dt.timedelta(days=3), published), 2)
    if kind == "weekend":
        saturday = _latest_weekday(5, published, past=False)
        if offset < 0 and published.weekday() >= 5:
            saturday -= dt.timedelta(weeks=1)  # "last weekend" said during a weekend is the one before
        return DateResolution(saturday, 2)
    if kind == "month":
        year, month = _shift_months(published.year, published.month, offset)
        return DateResolution(min(dt.date(year, month, 15), published), 3)
    return None


def _resolve_ago(count: str, unit: str, published: dt.date, lex: _Lexicon) -> DateResolution | None:
    quantity = parse_quantity(count, lex.langs[0] if len(lex.langs) == 1 else None)
    if quantity is None or quantity.approximate or not isinstance(quantity.value, int) or not 0 < quantity.value < 400:
        return None
    n = quantity.value
    if unit.startswith(("tag", "day")):
        return DateResolution(published - dt.timedelta(days=n), 1)
    if unit.startswith(("woche", "week")):
        return DateResolution(published - dt.timedelta(weeks=n), 2)
    year, month = _shift_months(published.year, published.month, -n)
    return DateResolution(min(dt.date(year, month, 15), published), 3)


def _valid(resolution: DateResolution | None) -> DateResolution | None:
    if resolution is None or resolution is _AHEAD or not _MIN_YEAR <= resolution.date.year <= _MAX_YEAR:
        return None
    return resolution


def _mentions(text: str, published: dt.date | None, lex: _Lexicon):
    pos = 0
    while pos < len(text):
        m = lex.pattern.search(text, pos)
        if m is None:
            return
        try:
            raw = _resolve(m, text, published, lex)
        except (ValueError, OverflowError, KeyError):
            raw = None
        resolution = _valid(raw)
        if resolution is None:
            # Not a date as matched; a shorter expression may start inside ("may 3" is no date, "3" may start one).
            # A phrase about the future ("kommenden Montag") is skipped whole.
            pos = m.end() if raw is _AHEAD else m.start() + 1
            continue
        yield DateMention(m.start(), m.end(), m.group(0), resolution.date, resolution.time_precision)
        pos = m.end()


def _published(published: object) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published if isinstance(published, dt.date) else None


# ------------------------------------------------------------------------------------------------ public API


def find_dates(text: str, published: dt.date | None = None, lang: str | None = None) -> list[DateMention]:
    """Every resolvable time expression in a sentence, left to right (unresolvable ones are left out).

    >>> [(m.text, str(m.date)) for m in find_dates("Am 4. Februar 2025 griff Russland an", None, "de")]
    [('Am 4. Februar 2025', '2025-02-04')]
    """
    if not isinstance(text, str) or not text:
        return []
    lex = _lexicon(_langs_of(lang))
    if not lex.keywords.may_match(text):
        return []
    return list(_mentions(text, _published(published), lex))


def resolve_date(expression: str, published: dt.date | None = None, lang: str | None = None) -> DateResolution | None:
    """The date and ACLED time_precision of one time expression ("am 3. Februar", "gestern", "Ende März"), or None.

    Relative expressions need ``published``; absolute ones with a year resolve without it."""
    mentions = find_dates(expression, published, lang)
    return DateResolution(mentions[0].date, mentions[0].time_precision) if mentions else None
