"""Find every invalid value in an events file (Parquet file, Parquet dataset or ACLED-layout CSV)."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Iterator, Mapping

import attrs

from conflictdata._resources import load_tsv, once
from conflictdata.errors import EventValidationError, FieldError, InputError
from conflictdata.io.acled_csv import iter_csv_records
from conflictdata.io.parquet import open_events_file, parquet_files
from conflictdata.schema import COLUMNS, Event

__all__ = ["validate_file", "iter_problems"]

_UNIQUE = ("event_id", "event_id_cnty")


def _record_problems(record: Mapping[str, Any], row: int) -> list[FieldError]:
    try:
        event = Event.from_record(record)
    except EventValidationError as exc:
        return [attrs.evolve(e, row=row) for e in exc.errors]
    return _consistency_problems(event, row)


def _consistency_problems(event: Event, row: int) -> list[FieldError]:
    """What a valid Event may still get wrong in a dataset: a date after today, a country that is not its iso's
    (ACLED's country names, conflictdata/data/countries_acled.tsv). Checked here, not in Event: today moves."""
    problems = []
    if event.event_date is not None and event.event_date > dt.date.today():
        problems.append(FieldError("event_date", event.event_date.isoformat(), "in the future", row=row))
    name = _country_names().get(event.iso) if event.iso is not None else None
    if name is not None and event.country and event.country != name:
        problems.append(FieldError("country", event.country, f"is not the country of iso {event.iso} ({name})",
                                   row=row))
    return problems


@once
def _country_names() -> dict[int, str]:
    return {int(r["numeric"]): r["name"] for r in load_tsv("countries_acled.tsv")}


def _duplicates(
    record: Mapping[str, Any], file: Path, row: int, first_rows: dict[tuple[str, Any], tuple[Path, int]]
) -> list[FieldError]:
    problems = []
    for name in _UNIQUE:
        value = record.get(name)
        if not value:
            continue  # filled in from the content when blank
        earlier_file, earlier_row = first_rows.setdefault((name, value), (file, row))
        if (earlier_file, earlier_row) != (file, row):
            where = f"row {earlier_row}" if earlier_file == file else f"{earlier_file} row {earlier_row}"
            problems.append(FieldError(name, value, f"duplicate of {where}", row=row))
    return problems


def _parquet_problems(path: Path) -> Iterator[tuple[Path, FieldError]]:
    first_rows: dict[tuple[str, Any], tuple[Path, int]] = {}
    files = parquet_files(path)
    if not files:
        raise InputError("no Parquet files in this directory (expected an events file or dataset)", str(path))
    for file in files:
        parquet = open_events_file(file)
        row = 0
        for batch in parquet.iter_batches(columns=list(COLUMNS)):
            columns = batch.to_pydict()
            for values in zip(*(columns[name] for name in COLUMNS)):
                row += 1
                record = dict(zip(COLUMNS, values))
                for problem in _record_problems(record, row) + _duplicates(record, file, row, first_rows):
                    yield file, problem


def _csv_problems(path: Path) -> Iterator[tuple[Path, FieldError]]:
    first_rows: dict[tuple[str, Any], tuple[Path, int]] = {}
    for row, _line, record, parse_problems in iter_csv_records(path):
        for problem in parse_problems:
            yield path, attrs.evolve(problem, row=row)
        if not parse_problems:
            for problem in _record_problems(record, row):
                yield path, problem
        for problem in _duplicates(record, path, row, first_rows):
            yield path, problem


def iter_problems(path: str | os.PathLike[str]) -> Iterator[tuple[Path, FieldError]]:
    """(file, problem) for every invalid value; rows count from 1 per file (CSV: data rows, header excluded).

    A file that is not an events file at all raises SchemaMismatchError or InputError.
    """
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt") and path.is_file():
        return _csv_problems(path)
    return _parquet_problems(path)


def validate_file(path: str | os.PathLike[str]) -> list[FieldError]:
    """Every invalid value in an events file, each with its row and field (empty list: the file is valid)."""
    return [problem for _, problem in iter_problems(path)]
