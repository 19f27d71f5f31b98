"""conflictdata: news reports about armed conflict in, geocoded ACLED-compatible events out.

Heavy parts (pyarrow, the gazetteer, lexicons) load on first use; ``import conflictdata`` is cheap.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it; resolved lazily (PEP 562) so importing the package stays fast
_EXPORTS = {
    "Event": "conflictdata.schema",
    "EventValidationError": "conflictdata.errors",
    "FieldError": "conflictdata.errors",
    "ConflictDataError": "conflictdata.errors",
    "InputError": "conflictdata.errors",
    "write_parquet": "conflictdata.io",
    "read_events": "conflictdata.io",
    "write_dataset": "conflictdata.io",
    "write_csv": "conflictdata.io",
    "read_acled_csv": "conflictdata.io",
    "write_geojson": "conflictdata.io",
    "parse_quantity": "conflictdata.normalize",
    "resolve_date": "conflictdata.normalize",
    "lookup_country": "conflictdata.normalize",
    "normalize_key": "conflictdata.text",
    "OfflineGeocoder": "conflictdata.geocode",
    "Gazetteer": "conflictdata.gazetteer",
    "Document": "conflictdata.documents",
    "read_documents": "conflictdata.documents",
    "extract_events": "conflictdata.extract",
    "extract_corpus": "conflictdata.extract",
    "merge_events": "conflictdata.merge",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'conflictdata' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
