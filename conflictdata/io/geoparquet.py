"""GeoParquet 1.1 pieces: WKB points written with ``struct`` (no shapely needed) and the ``geo`` file metadata."""
from __future__ import annotations

import json
import math
import struct
from typing import Any, Sequence

__all__ = ["GEOMETRY_COLUMN", "EPSG_4326", "wkb_points", "point_from_wkb", "BBox", "geo_metadata"]

GEOMETRY_COLUMN = "geometry"
GEOPARQUET_VERSION = "1.1.0"

# PROJJSON of EPSG:4326 (WGS 84). Without a "crs" key GeoParquet readers assume OGC:CRS84, the same datum with
# longitude first; we name EPSG:4326 because that is what our latitude/longitude columns are documented as.
# WKB coordinates are (longitude, latitude) either way: GeoParquet fixes x, y order whatever the CRS says.
EPSG_4326: dict[str, Any] = {
    "$schema": "https://proj.org/schemas/v0.7/projjson.schema.json",
    "type": "GeographicCRS",
    "name": "WGS 84",
    "datum": {
        "type": "GeodeticReferenceFrame",
        "name": "World Geodetic System 1984",
        "ellipsoid": {"name": "WGS 84", "semi_major_axis": 6378137, "inverse_flattening": 298.257223563},
    },
    "coordinate_system": {
        "subtype": "ellipsoidal",
        "axis": [
            {"name": "Geodetic latitude", "abbreviation": "Lat", "direction": "north", "unit": "degree"},
            {"name": "Geodetic longitude", "abbreviation": "Lon", "direction": "east", "unit": "degree"},
        ],
    },
    "id": {"authority": "EPSG", "code": 4326},
}

_POINT = struct.Struct("<BIdd")  # little-endian byte order mark (1), geometry type 1 (Point), x, y


def wkb_points(longitudes: Sequence[float | None], latitudes: Sequence[float | None]) -> list[bytes | None]:
    """ISO WKB points (x = longitude, y = latitude); None where an event has no coordinates."""
    pack = _POINT.pack
    return [None if y is None or x is None else pack(1, 1, x, y) for x, y in zip(longitudes, latitudes)]


def point_from_wkb(data: bytes) -> tuple[float, float]:
    """(longitude, latitude) of a 2D WKB point in either byte order."""
    if len(data) != 21 or data[0] not in (0, 1):
        raise ValueError("not a 2D WKB point")
    fmt = "<Idd" if data[0] == 1 else ">Idd"
    kind, x, y = struct.unpack(fmt, data[1:])
    if kind != 1:
        raise ValueError(f"WKB geometry type {kind} is not a Point")
    return x, y


class BBox:
    """A bounding box grown batch by batch (the ``bbox`` of the geo metadata must cover every row group)."""

    __slots__ = ("xmin", "ymin", "xmax", "ymax")

    def __init__(self) -> None:
        self.xmin = self.ymin = math.inf
        self.xmax = self.ymax = -math.inf

    def extend(self, xmin: float | None, ymin: float | None, xmax: float | None, ymax: float | None) -> None:
        if None in (xmin, ymin, xmax, ymax):
            return
        self.xmin, self.ymin = min(self.xmin, xmin), min(self.ymin, ymin)  # type: ignore[type-var]
        self.xmax, self.ymax = max(self.xmax, xmax), max(self.ymax, ymax)  # type: ignore[type-var]

    def as_list(self) -> list[float] | None:
        """[xmin, ymin, xmax, ymax] (RFC 7946 order) or None when no row had coordinates."""
        if self.xmin == math.inf:
            return None
        return [self.xmin, self.ymin, self.xmax, self.ymax]


def geo_metadata(bbox: list[float] | None) -> str:
    """The JSON text of the GeoParquet 1.1 ``geo`` key for our single WKB point column."""
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"], "crs": EPSG_4326, "edges": "planar"}
    if bbox is not None:
        column["bbox"] = bbox
    return json.dumps(
        {"version": GEOPARQUET_VERSION, "primary_column": GEOMETRY_COLUMN, "columns": {GEOMETRY_COLUMN: column}},
        separators=(",", ":"),
    )
