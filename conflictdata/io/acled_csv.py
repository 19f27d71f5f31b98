"""ACLED-layout CSV: export in ACLED's column order and value formats, import of ACLED exports in both layouts.

ACLED's export tool writes ``event_date`` as "17 January 2025"; since 2024 ``inter1``/``inter2``/``interaction``
are text ("State forces"), before that numeric codes (1, 18). We write either layout and read both.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

import attrs

from conflictdata.errors import EventValidationError, FieldError, InputError
from conflictdata.io.atomic import atomic_path
from conflictdata.schema import ACLED_COLUMNS, COLUMNS, Event, field_specs

__all__ = [
    "write_csv",
    "read_acled_csv",
    "iter_acled_csv",
    "iter_csv_records",
    "format_acled_date",
    "FORMULA_TRIGGERS",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make a spreadsheet read a cell as a formula (OWASP, "CSV injection")."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")  # fmt: skip
_LAYOUTS = ("text", "numeric")
_REQUIRED = ("event_date", "event_type", "sub_event_type", "actor1", "country")
_WHOLE_FLOAT = re.compile(r"-?[0-9]+\.0*")
_FORMULA = re.compile("'*[" + re.escape("".join(FORMULA_TRIGGERS)) + "]")


def _kinds() -> dict[str, str]:
    return {spec.name: spec.kind for spec in field_specs()}


def format_acled_date(day: dt.date | None) -> str:
    """ACLED's export form of a date, "17 January 2025" (English whatever the locale); "" for None."""
    if day is None:
        return ""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year:04d}"


def _neutralise(text: str) -> str:
    # A leading apostrophe makes spreadsheets show the cell as text. Cells that already start with apostrophes
    # before a trigger get one more, so that reading strips exactly one and round trips stay exact.
    return "'" + text if _FORMULA.match(text) else text


def _unneutralise(text: str) -> str:
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


def _cell_writers(columns: tuple[str, ...], layout: str, raw: bool) -> list[Any]:
    """One function per column turning an event's value into the CSV cell text."""
    kinds = _kinds()
    text = (lambda v: v) if raw else _neutralise

    def writer(name: str) -> Any:
        kind = kinds[name]
        if layout == "numeric" and name in ("inter1", "inter2"):
            return lambda e: str(getattr(e, f"{name}_code"))
        if layout == "numeric" and name == "interaction":
            return lambda e: str(e.interaction_code)
        if kind == "str":
            return lambda e: text(getattr(e, name))
        if kind == "date?":
            return lambda e: format_acled_date(getattr(e, name))
        if kind in ("list", "set"):
            return lambda e: json.dumps(list(getattr(e, name)), ensure_ascii=False)
        if kind in ("float", "float?"):
            return lambda e: "" if getattr(e, name) is None else repr(getattr(e, name))
        return lambda e: "" if getattr(e, name) is None else str(getattr(e, name))

    return [writer(name) for name in columns]


def write_csv(
    events: Iterable[Event],
    path: str | os.PathLike[str],
    *,
    layout: str = "text",
    raw: bool = False,
    extensions: bool = False,
    fsync: bool = True,
) -> int:
    """Write events as ACLED-layout CSV (the 31 columns in ACLED order; atomic replace). Returns rows written.

    ``layout="numeric"`` writes inter codes (1-8, 0 for none) and numeric interaction codes (18, 80) as ACLED
    did before 2024. Text cells starting with = + - @ tab or CR get a leading apostrophe (spreadsheet formula
    injection) unless ``raw``; numbers are never changed. ``extensions`` appends conflictdata's extra columns
    (lists as JSON arrays). ``fsync`` as in ``write_parquet``.
    """
    if layout not in _LAYOUTS:
        raise ValueError(f"layout must be one of {_LAYOUTS}, not {layout!r}")
    columns = COLUMNS if extensions else ACLED_COLUMNS
    cells = _cell_writers(columns, layout, raw)
    rows = 0
    with atomic_path(path, fsync=fsync) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\r\n")  # RFC 4180; also makes csv quote cells holding a lone CR
        out.writerow(columns)
        for event in events:
            out.writerow([cell(event) for cell in cells])
            rows += 1
    return rows


# --- reading -------------------------------------------------------------------------------------------------


def _parse_cell(name: str, kind: str, cell: str) -> tuple[Any, str | None]:
    """A CSV cell as a value for Event (conversions the Event converters do not do), or an error reason."""
    if kind == "str":
        return _unneutralise(cell), None
    if kind in ("list", "set"):
        if not cell:
            return (), None
        try:
            value = json.loads(cell)
        except ValueError:
            return cell, "expected a JSON array of text"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return cell, "expected a JSON array of text"
        return value, None
    if kind in ("int", "int?") and _WHOLE_FLOAT.fullmatch(cell.strip()):
        return cell.strip().split(".")[0], None  # "12.0" from spreadsheets
    if kind == "int" and not cell.strip() and name in ("fatalities", "timestamp"):
        return 0, None  # ACLED: no information on fatalities is recorded as 0
    return cell, None


def iter_csv_records(path: str | os.PathLike[str]) -> Iterator[tuple[int, int, dict[str, Any], list[FieldError]]]:
    """Rows of an ACLED-layout CSV as (row number, first line, record, parse problems).

    Unknown columns (e.g. ``population_best``, or ``data_id`` of old exports) are ignored; missing optional
    columns take the Event defaults. Raises InputError if the file is not a CSV with ACLED's key columns.
    """
    path = Path(path)
    kinds = _kinds()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file, expected an ACLED CSV header", str(path), 1) from None
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"not a readable CSV file ({exc})", str(path), 1) from exc
        header = [h.strip() for h in header]
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            raise InputError(f"not an ACLED-layout CSV: missing column(s) {', '.join(missing)}", str(path), 1)
        known = [(i, name, kinds[name]) for i, name in enumerate(header) if name in kinds]
        line = reader.line_num
        row_number = 0
        while True:
            start = line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InputError(f"unreadable CSV ({exc})", str(path), start) from exc
            line = reader.line_num
            if not cells or (len(cells) == 1 and not cells[0].strip()):
                continue  # blank line
            row_number += 1
            problems = []
            if len(cells) != len(header):
                problems.append(FieldError("*", len(cells), f"row has {len(cells)} cells, the header {len(header)}"))
            record: dict[str, Any] = {}
            for index, name, kind in known:
                if index >= len(cells):
                    continue
                value, reason = _parse_cell(name, kind, cells[index])
                if reason:
                    problems.append(FieldError(name, value, reason))
                else:
                    record[name] = value
            yield row_number, start, record, problems


def iter_acled_csv(path: str | os.PathLike[str]) -> Iterator[Event]:
    """Events of an ACLED-layout CSV (text or numeric layout), lazily; see ``read_acled_csv``."""
    for _, line, record, problems in iter_csv_records(path):
        if not problems:
            try:
                yield Event.from_record(record)
                continue
            except EventValidationError as exc:
                problems = exc.errors
        raise InputError("; ".join(str(attrs.evolve(p, row=None)) for p in problems), str(path), line)


def read_acled_csv(path: str | os.PathLike[str]) -> list[Event]:
    """Read an ACLED CSV export (inter columns as text, since 2024, or as numeric codes, before) into Events.

    Dates may be "17 January 2025" (ACLED's export), ISO "2025-01-17" (the API) or "17-01-2025" (old files).
    A bad row raises InputError naming the file, the line and each bad field with its value.
    """
    return list(iter_acled_csv(path))

