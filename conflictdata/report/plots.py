"""The report's figures as PNG bytes: a map of events and a timeline. matplotlib (Agg, no pyplot) loads on first use."""
from __future__ import annotations

import io
import math
import warnings
from typing import Sequence

from conflictdata._resources import load_json
from conflictdata.report.outlines import BBox, load_outlines
from conflictdata.report.summary import PlaceRow, Summary, type_label
from conflictdata.schema import Event

__all__ = ["map_png", "timeline_png", "map_extent", "marker_size", "place_label", "type_colors"]

_MAP_SIZE = (7.2, 5.4)  # inches
_TIMELINE_SIZE = (10.0, 3.4)
_MIN_SPAN = (4.0, 3.0)  # degrees of longitude and latitude a map shows at least
_LABELLED_PLACES = 8
_MAX_SIZED_FATALITIES = 2000
_BIN_WIDTH = {"day": 0.8, "week": 5.6, "month": 24.0, "year": 300.0}  # bar width in days


def type_colors(types: Sequence[str]) -> dict[str, str]:
    """The colour of each event type (``data/report/colors.json``); unknown types get the 'other' colour."""
    colors = load_json("report/colors.json")
    return {t: colors["event_types"].get(t, colors["other"]) for t in types}


def marker_size(fatalities: int) -> float:
    """Marker area in points²: grows with the square root of fatalities (so one big event does not hide the
    rest), up to the size of about 2,000 deaths."""
    return 28.0 + 30.0 * math.sqrt(min(max(fatalities, 0), _MAX_SIZED_FATALITIES))


def map_extent(lons: Sequence[float], lats: Sequence[float]) -> BBox:
    """A lon/lat box around the points with a margin, at least a few degrees wide, at about the map's 4:3 shape."""
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * 0.15, 0.6)
    pad_y = max((north - south) * 0.15, 0.6)
    west, east, south, north = west - pad_x, east + pad_x, south - pad_y, north + pad_y
    cx, cy = (west + east) / 2, (south + north) / 2
    # widen the shorter side so the box fills a 4:3 figure in an equirectangular view at this latitude
    stretch = 1.0 / max(math.cos(math.radians(min(abs(cy), 80.0))), 0.1)
    span_x = max(east - west, _MIN_SPAN[0])
    span_y = max(north - south, _MIN_SPAN[1])
    target = _MAP_SIZE[0] / _MAP_SIZE[1]
    if span_x / (span_y * stretch) < target:
        span_x = span_y * stretch * target
    else:
        span_y = span_x / (stretch * target)
    span_x, span_y = min(span_x, 360.0), min(span_y, 170.0)
    cx = min(max(cx, -180.0 + span_x / 2), 180.0 - span_x / 2)
    cy = min(max(cy, -85.0 + span_y / 2), 85.0 - span_y / 2)
    return (cx - span_x / 2, cy - span_y / 2, cx + span_x / 2, cy + span_y / 2)


def _new_figure(size: tuple[float, float]):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _png(fig, dpi: int) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        # a place name in a script DejaVu Sans lacks is drawn with boxes; no need to warn about each glyph
        warnings.filterwarnings("ignore", message="Glyph .* missing from", category=UserWarning)
        # no 'Software' stamp: the same events give byte-identical images
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white", bbox_inches="tight", pad_inches=0.06)
    return buffer.getvalue()


def map_png(events: Sequence[Event], summary: Summary, *, dpi: int = 110) -> bytes | None:
    """Events with coordinates as points sized by fatalities and coloured by type, over land and borders.

    None when no event has coordinates.
    """
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    if not located:
        return None
    import matplotlib.patheffects as pe
    from matplotlib.collections import LineCollection, PolyCollection
    from matplotlib.lines import Line2D

    colors_json = load_json("report/colors.json")
    colors = type_colors(summary.event_types)
    bbox = map_extent([e.longitude for e in located], [e.latitude for e in located])
    west, south, east, north = bbox
    stretch = 1.0 / max(math.cos(math.radians((south + north) / 2)), 0.1)
    # as tall as the box needs (a world map is flatter than 4:3), plus room for the legends below
    height = min(max(_MAP_SIZE[0] * 0.92 * (north - south) * stretch / (east - west) + 0.9, 3.0), _MAP_SIZE[1] + 1.5)
    fig = _new_figure((_MAP_SIZE[0], height))
    ax = fig.add_subplot()
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(stretch)
    outlines = load_outlines(bbox)
    if outlines is not None:
        ax.set_facecolor(colors_json["water"])
        ax.add_collection(PolyCollection(outlines.land, facecolors=colors_json["land"], edgecolors="#B8B2A7", linewidths=0.5, zorder=1))
        ax.add_collection(PolyCollection(outlines.lakes, facecolors=colors_json["water"], edgecolors="#B8B2A7", linewidths=0.4, zorder=1.1))
        ax.add_collection(LineCollection(outlines.borders, colors=colors_json["border"], linewidths=0.8, linestyles=(0, (4, 2)), zorder=1.2))
    else:
        ax.set_facecolor("#F7F7F5")
        ax.grid(True, color="#DDDDDD", linewidth=0.6)
        _country_labels(ax, located)
    halo = [pe.withStroke(linewidth=3, foreground="white")]
    order = sorted(located, key=lambda e: -e.fatalities)  # small markers end up on top of big ones
    ax.scatter(
        [e.longitude for e in order],
        [e.latitude for e in order],
        s=[marker_size(e.fatalities) for e in order],
        c=[colors[type_label(e)] for e in order],
        alpha=0.8,
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
    )
    _place_labels(ax, summary, bbox, halo)
    ax.tick_params(labelsize=8, colors="#555555")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(v):g}°{'E' if v >= 0 else 'W'}")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{abs(v):g}°{'N' if v >= 0 else 'S'}")
    type_handles = [
        Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor=colors[t], markeredgecolor="white", label=t)
        for t in summary.event_types
        if any(type_label(e) == t for e in located)
    ]
    # legends below the map, where they hide no event
    fig.legend(handles=type_handles, loc="outside lower left", fontsize=8.5, ncol=2, frameon=False, columnspacing=1.2)
    fig.legend(handles=_size_handles(located), loc="outside lower right", fontsize=8.5, ncol=4, frameon=False,
               title="fatalities", title_fontsize=8.5, columnspacing=1.4, handlelength=2.6, handletextpad=0.3)
    return _png(fig, dpi)


def _size_handles(located: Sequence[Event]) -> list:
    from matplotlib.lines import Line2D

    top = max(e.fatalities for e in located)
    steps = sorted({0, *(v for v in (1, 10, 100, 1000) if v < top), top}) if top else [0]
    steps = steps[:1] + steps[1:][-3:]  # at most four sizes
    return [
        Line2D([], [], marker="o", linestyle="", markersize=math.sqrt(marker_size(v)), markerfacecolor="#BBBBBB", markeredgecolor="white", label=str(v))
        for v in steps
    ]


def place_label(row: PlaceRow) -> str:
    """A map label: the place's name, with its number of events where several share its point ("Kursk (9)")."""
    return f"{row.location} ({row.events})" if row.events > 1 else row.location


def _place_labels(ax, summary: Summary, bbox: BBox, halo: list) -> None:
    """Name the places with most events, skipping a label that would sit on one already drawn."""
    west, south, east, north = bbox
    min_dx, min_dy = (east - west) * 0.12, (north - south) * 0.05
    placed: list[tuple[float, float]] = []
    for row in summary.places:
        if len(placed) >= _LABELLED_PLACES:
            break
        if row.latitude is None or row.longitude is None or not row.location:
            continue
        if any(abs(row.longitude - x) < min_dx and abs(row.latitude - y) < min_dy for x, y in placed):
            continue
        placed.append((row.longitude, row.latitude))
        ax.annotate(
            place_label(row), (row.longitude, row.latitude), xytext=(7, 5), textcoords="offset points",
            fontsize=9.5, color="#222222", path_effects=halo, zorder=4, clip_on=True, parse_math=False,
        )


def _country_labels(ax, located: Sequence[Event]) -> None:
    """Without outlines, name each country at the middle of its events, so the frame can be read."""
    by_country: dict[str, list[Event]] = {}
    for e in located:
        if e.country:
            by_country.setdefault(e.country, []).append(e)
    for country, group in sorted(by_country.items()):
        x = sum(e.longitude for e in group) / len(group)
        y = sum(e.latitude for e in group) / len(group)
        ax.text(x, y, country.upper(), fontsize=13, color="#B0B0B0", ha="center", va="center", style="italic", zorder=2, parse_math=False)


def timeline_png(summary: Summary, *, dpi: int = 110) -> bytes | None:
    """Events per bin stacked by type (bars) and fatalities per bin (line, right axis). None without dated events."""
    if not summary.timeline:
        return None
    import datetime as dt

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.ticker import MaxNLocator

    colors = type_colors(summary.event_types)
    line_color = load_json("report/colors.json")["fatalities"]
    unit = summary.bin_unit
    width = _BIN_WIDTH[unit]
    # bars centred on the day, or on the middle of the week, month or year; as float days, which cannot
    # overflow the way dates do next to 0001-01-01 and 9999-12-31
    shift = 0.0 if unit == "day" else width / 2 + 0.5
    xs = [float(x) + shift for x in date2num([b.start for b in summary.timeline])]
    fig = _new_figure(_TIMELINE_SIZE)
    ax = fig.add_subplot()
    bottom = [0] * len(xs)
    handles = []
    for t in summary.event_types:
        heights = [dict(b.counts).get(t, 0) for b in summary.timeline]
        if not any(heights):
            continue
        drawn = [i for i, h in enumerate(heights) if h]  # empty bins draw nothing (a sparse timeline stays fast)
        handles.append(
            ax.bar([xs[i] for i in drawn], [heights[i] for i in drawn], width=width, bottom=[bottom[i] for i in drawn],
                   color=colors[t], label=t, zorder=2)
        )
        bottom = [b + h for b, h in zip(bottom, heights)]
    ax.set_ylabel(f"events per {unit}", fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(max(bottom), 1) * 1.15)
    ax.grid(True, axis="y", color="#E5E5E5", zorder=0)
    ax.spines[["top"]].set_visible(False)
    right = ax.twinx()
    deaths = [b.fatalities for b in summary.timeline]
    (line,) = right.plot(xs, deaths, color=line_color, linewidth=1.6, label="fatalities", zorder=3)
    # markers only where someone died, so long quiet stretches stay a plain line
    right.plot([x for x, d in zip(xs, deaths) if d], [d for d in deaths if d], color=line_color, marker="o", markersize=4, linestyle="", zorder=3)
    right.set_ylabel(f"fatalities per {unit}", fontsize=9)
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    right.set_ylim(0, max(max(deaths), 1) * 1.15)
    right.spines[["top"]].set_visible(False)
    locator = AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    formatter = ConciseDateFormatter(locator)
    # a daily tick on the 1st says "01 Feb", not "Feb" between "31" and "02"
    formatter.zero_formats = ["", "%Y", "%d %b", "%d %b", "%H:%M", "%H:%M"]
    ax.xaxis.set_major_formatter(formatter)
    lowest, highest = date2num([dt.date(1, 1, 2), dt.date(9999, 12, 30)])
    ax.set_xlim(max(xs[0] - width, lowest), min(xs[-1] + width, highest))
    for axis in (ax, right):
        axis.tick_params(labelsize=8, colors="#444444")
    fig.legend(handles=[*handles, line], loc="outside upper center", fontsize=8, frameon=False, ncol=min(len(handles) + 1, 7))
    return _png(fig, dpi)
