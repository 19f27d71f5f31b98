"""The report as one self-contained HTML page: inline CSS, one small inline script, figures as base64 PNG.

Every value taken from events (article text, names, URLs) goes through ``esc``; links are made only for
http(s) URLs. A Content-Security-Policy forbids the page any request, so it cannot reach the network.
"""
from __future__ import annotations

import base64
import html
import re
import struct
from typing import Sequence
from urllib.parse import urlsplit

from conflictdata._resources import data_path, once
from conflictdata.report.summary import OTHER_TYPE, PlaceRow, Summary, place_key, sorted_events, type_label
from conflictdata.schema import Event
from conflictdata.vocabulary import get_vocabulary

__all__ = ["render_html", "esc", "link", "MAX_PLACES"]

MAX_PLACES = 100
"""Rows of the places table; events at other places stay reachable through the event list's filter."""

# a host name with a dot and a letter TLD, optionally a path: what feeds give as a source's "URL"
_BARE_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?:/[^\s]*)?\Z")
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute: &, <, >, " and ' escaped."""
    return html.escape(str(value), quote=True)


def link(url: str) -> str:
    """An <a> for an http(s) URL or a bare host name ('www.focus.de', linked over https); any other text
    (javascript:, data:, garbage) is shown escaped, not linked."""
    href = url.strip()
    if _BARE_HOST.match(href):
        href = "https://" + href
    try:
        parts = urlsplit(href)
    except ValueError:
        return esc(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return esc(url)
    return f'<a href="{esc(href)}" rel="noopener noreferrer" target="_blank">{esc(url)}</a>'


@once
def _asset(name: str) -> str:
    return data_path(f"report/{name}").read_text(encoding="utf-8")


def _number(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else plural or word + 's'}"


def _swatch(color: str) -> str:
    return f'<span class="swatch" style="background:{esc(color)}"></span>'


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, so the page lays out before the image decodes."""
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def _figure(fig_id: str, png: bytes, alt: str, caption: str) -> str:
    width, height = _png_size(png)
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<figure id="{fig_id}"><img src="data:image/png;base64,{data}" width="{width}" height="{height}" alt="{esc(alt)}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def render_html(
    events: Sequence[Event],
    summary: Summary,
    *,
    title: str,
    colors: dict[str, str],
    map_png: bytes | None,
    timeline_png: bytes | None,
    outlines_note: str,
    generator: str,
) -> str:
    """The whole page as a string."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(_CSP)}">',
        f'<meta name="generator" content="{esc(generator)}">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{_asset('report.css')}</style>",
        "</head>",
        "<body>",
        _header(summary, title),
        "<main>",
        '<div class="grid">',
        _map_section(summary, map_png, outlines_note),
        _types_section(summary, colors),
        "</div>",
        _timeline_section(summary, timeline_png),
        '<div class="grid">',
        _places_section(summary),
        _sources_section(summary),
        "</div>",
        _events_section(events, colors),
        "</main>",
        f"<footer>Made by {esc(generator)} from {_plural(summary.events, 'event')}. {outlines_note}</footer>",
        f"<script>\n{_asset('report.js')}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


def _header(s: Summary, title: str) -> str:
    stats = [
        f"<li><b>{_number(s.events)}</b> events</li>",
        f"<li><b>{_number(s.fatalities)}</b> fatalities</li>",
        f"<li><b>{_number(s.injured)}</b> injured</li>",
    ]
    if s.first_date is not None and s.last_date is not None:
        span = s.first_date.isoformat() if s.first_date == s.last_date else f"{s.first_date.isoformat()} – {s.last_date.isoformat()}"
        stats.append(f"<li><b>{esc(span)}</b></li>")
    if s.countries:
        stats.append(f"<li><b>{len(s.countries)}</b> {'country' if len(s.countries) == 1 else 'countries'}: {esc(', '.join(s.countries))}</li>")
    if s.documents:
        stats.append(f"<li><b>{_number(s.documents)}</b> source {'document' if s.documents == 1 else 'documents'}</li>")
    caveats = []
    if s.undated:
        verb = "is" if s.undated == 1 else "are"
        caveats.append(f"{_plural(s.undated, 'undated event')} {verb} listed below but not on the timeline.")
    if s.unlocated:
        verb = "is" if s.unlocated == 1 else "are"
        caveats.append(f"{_plural(s.unlocated, 'event')} without coordinates {verb} not on the map.")
    caveat_html = f'<p class="caveats">{" ".join(caveats)}</p>' if caveats else ""
    return f'<header><h1>{esc(title)}</h1><ul class="stats">{"".join(stats)}</ul>{caveat_html}</header>'


def _map_section(s: Summary, png: bytes | None, outlines_note: str) -> str:
    if png is None:
        body = '<p class="note">No event has coordinates, so there is no map.</p>'
    else:
        caption = (
            f"{s.located:,} of {_plural(s.events, 'event')} have coordinates. Colour: event type; "
            f"marker area: fatalities. Longitude/latitude in degrees. {esc(outlines_note)}"
        )
        body = _figure("map", png, "Map of events, coloured by event type and sized by fatalities", caption)
    return f'<section id="map-section"><h2>Map</h2>{body}</section>'


def _types_section(s: Summary, colors: dict[str, str]) -> str:
    rows = []
    for row in s.by_type:
        if row.sub_event_type:
            rows.append(f'<tr class="sub"><td>{esc(row.sub_event_type)}</td><td class="n">{row.events:,}</td><td class="n">{row.fatalities:,}</td></tr>')
        else:
            name = _swatch(colors.get(row.event_type, "#888")) + esc(row.event_type)
            rows.append(f'<tr class="type"><td>{name}</td><td class="n">{row.events:,}</td><td class="n">{row.fatalities:,}</td></tr>')
    if not rows:
        return '<section id="types"><h2>Events by type</h2><p class="note">No events.</p></section>'
    table = (
        '<table><thead><tr><th>Event type / sub-event type</th><th class="n">Events</th><th class="n">Fatalities</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return f'<section id="types"><h2>Events by type</h2>{table}</section>'


def _timeline_section(s: Summary, png: bytes | None) -> str:
    if png is None:
        body = '<p class="note">No event has a date, so there is no timeline.</p>'
    else:
        caption = f"Events per {s.bin_unit}, stacked by event type (bars, left axis), and fatalities per {s.bin_unit} (line, right axis)."
        if s.undated:
            caption += f" {_plural(s.undated, 'undated event')} not shown."
        body = _figure("timeline", png, f"Timeline of events and fatalities per {s.bin_unit}", caption)
    return f'<section id="timeline-section"><h2>Timeline</h2>{body}</section>'


def _place_label(row: PlaceRow) -> str:
    return row.location or row.admin1 or row.country or "(no place)"


def _places_section(s: Summary) -> str:
    rows = []
    for row in s.places[:MAX_PLACES]:
        button = f'<button class="place" type="button" data-place="{esc(row.key)}">{esc(_place_label(row))}</button>'
        rows.append(
            f"<tr><td>{button}</td><td>{esc(row.admin1)}</td><td>{esc(row.country)}</td>"
            f'<td class="n">{row.events:,}</td><td class="n">{row.fatalities:,}</td><td class="n">{_number(row.injured)}</td></tr>'
        )
    note = "Click a place to list its events with their notes, evidence and sources."
    if len(s.places) > MAX_PLACES:
        note += f" The {MAX_PLACES} places with most events of {len(s.places):,} are shown; the event list has them all."
    table = (
        '<div class="scroll"><table><thead><tr><th>Place</th><th>Admin 1</th><th>Country</th><th class="n">Events</th>'
        f'<th class="n">Fatalities</th><th class="n">Injured</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    return f'<section id="places"><h2>Top places</h2>{table}<p class="note">{note}</p></section>'


def _sources_section(s: Summary) -> str:
    if not s.sources:
        return '<section id="sources"><h2>Sources</h2><p class="note">No source names recorded.</p></section>'
    rows = "".join(f'<tr><td>{esc(r.source)}</td><td class="n">{r.events:,}</td></tr>' for r in s.sources)
    table = f'<div class="scroll"><table><thead><tr><th>Source</th><th class="n">Events</th></tr></thead><tbody>{rows}</tbody></table></div>'
    return f'<section id="sources"><h2>Sources</h2>{table}</section>'


def _events_section(events: Sequence[Event], colors: dict[str, str]) -> str:
    items = "\n".join(_event_item(e, colors) for e in sorted_events(events))
    total = len(events)
    toolbar = (
        '<div class="toolbar"><input id="filter" type="search" placeholder="Filter: place, actor, type, words of the evidence…" '
        'aria-label="Filter events">'
        '<span id="place-chip" class="chip" hidden>Place: <span></span> <button type="button" aria-label="Show all places">×</button></span>'
        '<button id="expand" type="button">Expand all</button><button id="collapse" type="button">Collapse all</button>'
        f'<span class="note"><span id="shown">{total:,}</span> of {total:,} shown</span></div>'
    )
    return f'<section id="events"><h2>Events</h2>{toolbar}<div id="event-list">\n{items}\n</div></section>'


def _event_item(e: Event, colors: dict[str, str]) -> str:
    vocab = get_vocabulary()
    date = e.event_date.isoformat() if e.event_date else "undated"
    kind = esc(type_label(e)) + (f" · {esc(e.sub_event_type)}" if e.sub_event_type else "")
    where = esc(", ".join(p for p in (e.location, e.admin1, e.country) if p) or "(no place)")
    toll = []
    if e.fatalities:
        toll.append(f"{e.fatalities:,} killed")
    if e.injured:
        toll.append(f"{e.injured:,} injured")
    toll_html = f'<span class="toll">{", ".join(toll)}</span>' if toll else ""
    summary = (
        f'<summary><span class="date">{esc(date)}</span>{_swatch(colors.get(type_label(e), colors.get(OTHER_TYPE, "#888")))}'
        f"{kind} — {where}{toll_html}</summary>"
    )
    body = []
    if e.notes:
        body.append(f"<p>{esc(e.notes)}</p>")
    body.extend(f"<blockquote>{esc(sentence)}</blockquote>" for sentence in e.evidence if sentence)
    facts: list[tuple[str, str]] = []
    for label, actor, assoc, inter in (
        ("Actor 1", e.actor1, e.assoc_actor_1, e.inter1),
        ("Actor 2", e.actor2, e.assoc_actor_2, e.inter2),
    ):
        if actor:
            text = esc(actor) + (f" ({esc(inter)})" if inter else "") + (f"; with {esc(assoc)}" if assoc else "")
            facts.append((label, text))
    if e.civilian_targeting:
        facts.append(("Targeting", esc(e.civilian_targeting)))
    casualties = f"{e.fatalities:,} killed"
    if e.fatalities_low is not None or e.fatalities_high is not None:
        casualties += f" (reported {_number(e.fatalities_low)}–{_number(e.fatalities_high)})"
    casualties += f", {_number(e.injured)} injured"
    facts.append(("Casualties", esc(casualties)))
    if e.event_date:
        facts.append(("Date", f"{esc(date)} ({esc(vocab.time_precision.get(e.time_precision, e.time_precision))})"))
    place = ", ".join(p for p in (e.location, e.admin3, e.admin2, e.admin1, e.country) if p)
    if e.latitude is not None and e.longitude is not None:
        place += f" at {e.latitude:.4f}, {e.longitude:.4f}"
        place += f" ({vocab.geo_precision.get(e.geo_precision, e.geo_precision)})"
    facts.append(("Place", esc(place or "unknown")))
    if e.source:
        facts.append(("Source", esc(e.source) + (f" ({esc(e.source_scale)})" if e.source_scale else "")))
    if e.source_urls:
        facts.append(("Links", "<br>".join(link(u) for u in e.source_urls)))
    if e.document_ids:
        facts.append(("Documents", esc(", ".join(e.document_ids))))
    if e.tags:
        facts.append(("Tags", esc(e.tags)))
    ident = " / ".join(x for x in (e.event_id_cnty, e.event_id) if x)
    facts.append(("Event id", esc(ident) + (f"; language {esc(e.language)}" if e.language else "") + f"; confidence {e.confidence:.2f}"))
    body.append("<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    return f'<details class="event" data-place="{esc(place_key(e))}">{summary}<div class="body">{"".join(body)}</div></details>'
