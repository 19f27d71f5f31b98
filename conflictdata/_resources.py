"""Lazy, thread-safe loading of the data files shipped in ``conflictdata/data`` (pycountry style).

Every loader is cached: a file is read once per process, on first use. ``clear_caches()`` is the test hook.
"""
from __future__ import annotations

import csv
import functools
import io
import json
import threading
from importlib import resources
from typing import Any, Callable, TypeVar

T = TypeVar("T")
_lock = threading.RLock()
_cached: list[Callable[..., Any]] = []


def data_path(name: str):
    """A traversable path to ``conflictdata/data/<name>``."""
    return resources.files("conflictdata").joinpath("data", *name.split("/"))


def once(func: Callable[..., T]) -> Callable[..., T]:
    """Cache a loader's result behind the module lock, so concurrent first calls load once."""
    cached = functools.lru_cache(maxsize=None)(func)

    @functools.wraps(func)
    def wrapper(*args: Any) -> T:
        with _lock:
            return cached(*args)

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    _cached.append(cached)
    return wrapper


@once
def load_json(name: str) -> Any:
    return json.loads(data_path(name).read_text(encoding="utf-8"))


@once
def load_tsv(name: str) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated data file with a header line; lines starting with '#' are comments."""
    text = data_path(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple({k: (v or "").strip() for k, v in row.items()} for row in reader)


def clear_caches() -> None:
    """Forget every loaded data file (for tests that swap data)."""
    with _lock:
        for cached in _cached:
            cached.cache_clear()
