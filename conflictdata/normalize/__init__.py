"""Normalisation rules: numbers, dates and countries as German and English news write them."""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "parse_quantity": "numbers",
    "find_quantities": "numbers",
    "Quantity": "numbers",
    "vague_fatality_count": "numbers",
    "resolve_date": "dates",
    "find_dates": "dates",
    "DateResolution": "dates",
    "DateMention": "dates",
    "lookup_country": "countries",
    "country_record": "countries",
    "CountryRecord": "countries",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'conflictdata.normalize' has no attribute {name!r}")
    return getattr(importlib.import_module(f"conflictdata.normalize.{_EXPORTS[name]}"), name)
