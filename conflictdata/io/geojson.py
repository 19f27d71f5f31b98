"""Events as a GeoJSON FeatureCollection (RFC 7946): Point geometry [longitude, latitude], all columns as properties."""
from __future__ import annotations

import json
import os
from typing import Any, Iterable

from conflictdata.errors import EventValidationError, InputError
from conflictdata.io.atomic import atomic_path
from conflictdata.schema import Event

__all__ = ["write_geojson", "read_geojson", "event_feature"]

# Escaped so the file can be pasted into HTML <script> blocks and JavaScript safely; still the same JSON.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def event_feature(event: Event) -> dict[str, Any]:
    """One event as a GeoJSON Feature (id = event_id; dates as ISO text; null geometry without coordinates)."""
    properties = event.to_record()
    if event.event_date is not None:
        properties["event_date"] = event.event_date.isoformat()
    geometry = None
    if event.latitude is not None and event.longitude is not None:
        geometry = {"type": "Point", "coordinates": [event.longitude, event.latitude]}
    return {"type": "Feature", "id": event.event_id, "geometry": geometry, "properties": properties}


def write_geojson(events: Iterable[Event], path: str | os.PathLike[str], *, fsync: bool = True) -> int:
    """Write events as a GeoJSON FeatureCollection, streaming (atomic replace). Returns features written."""
    count = 0
    with atomic_path(path, fsync=fsync) as tmp, open(tmp, "w", encoding="utf-8") as handle:
        handle.write('{"type":"FeatureCollection","features":[')
        for event in events:
            text = json.dumps(event_feature(event), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
            handle.write(("\n" if count == 0 else ",\n") + text.translate(_HTML_SAFE))
            count += 1
        handle.write("\n]}\n")
    return count


def read_geojson(path: str | os.PathLike[str]) -> list[Event]:
    """Events from a FeatureCollection written by ``write_geojson`` (properties hold every column)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"not a GeoJSON file ({exc})", str(path)) from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError("not a GeoJSON FeatureCollection", str(path))
    events = []
    for number, feature in enumerate(data.get("features") or [], start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(properties, dict):
            raise InputError(f"feature {number}: no properties", str(path))
        try:
            events.append(Event.from_record(properties))
        except EventValidationError as exc:
            raise InputError(f"feature {number}: {exc}", str(path)) from exc
    return events
