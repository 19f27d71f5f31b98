"""Offline gazetteer: GeoNames-derived places with German and English names, matched in news text.

``Gazetteer.default()`` loads the embedded data file (GeoNames, CC BY 4.0) on first use.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Gazetteer": "index",
    "Place": "index",
    "Candidate": "index",
    "PlaceMention": "index",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'conflictdata.gazetteer' has no attribute {name!r}")
    return getattr(importlib.import_module(f"conflictdata.gazetteer.{_EXPORTS[name]}"), name)
