"""Exceptions raised by conflictdata. Each also subclasses the builtin a caller would expect."""
from __future__ import annotations

from typing import Any

import attrs


class ConflictDataError(Exception):
    """Base class of every error this library raises on purpose."""


@attrs.frozen
class FieldError:
    """One problem with one field: which field, what value, why it is wrong."""

    field: str
    value: Any
    reason: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{self.field}={self.value!r}: {self.reason}"


class EventValidationError(ConflictDataError, ValueError):
    """An event (or a batch of rows) holds invalid values; ``errors`` lists every one of them."""

    def __init__(self, errors: list[FieldError] | FieldError):
        self.errors: list[FieldError] = [errors] if isinstance(errors, FieldError) else list(errors)
        super().__init__("; ".join(str(e) for e in self.errors) or "invalid event")


class InputError(ConflictDataError, ValueError):
    """An input file, line or record cannot be read. The message names the file and line."""

    def __init__(self, reason: str, path: str | None = None, line: int | None = None):
        self.reason, self.path, self.line = reason, path, line
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{reason}")


class SchemaMismatchError(ConflictDataError, ValueError):
    """A file's columns or types are not what conflictdata writes."""
