"""The report in a real browser: headless Chromium loads it from disk, runs its script without console
errors, and paints a map and a timeline that are not blank. Skipped only where /usr/bin/chromium is absent."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conflictdata.report import write_report
from test_report import HOSTILE, sample_events

CHROMIUM = Path("/usr/bin/chromium")
WINDOW = (1280, 2400)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run installs it)")


def run_chromium(url: str, profile: Path, screenshot: Path | None = None) -> tuple[str, str]:
    """Load ``url`` headless; return the DOM after the page's scripts ran, and Chromium's log."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        "--dump-dom",
    ]
    if screenshot is not None:
        command.append(f"--screenshot={screenshot}")
    done = subprocess.run([*command, url], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout, done.stderr


def console_messages(log: str) -> list[str]:
    """What the page wrote to the console (script errors, CSP refusals, console.* calls); the report writes none."""
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    write_report(sample_events(), path, title="Browser check")
    return path


def test_report_renders_in_chromium(report, tmp_path):
    shot = tmp_path / "report.png"
    dom, log = run_chromium(report.as_uri(), tmp_path / "profile", screenshot=shot)
    assert console_messages(log) == []
    assert re.search(r'<html[^>]*data-report-ready="1"', dom), "the inline script did not finish"
    assert not re.search(r"<html[^>]*data-js-error", dom)
    # the hostile evidence stayed text: still exactly one script element, its text visible
    assert dom.count("<script") == 1
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in dom
    assert 'id="shown">6<' in dom

    from matplotlib.image import imread

    pixels = imread(shot)
    assert pixels.shape[:2] == (WINDOW[1], WINDOW[0])
    for figure in ("map", "timeline"):
        match = re.search(rf'<figure id="{figure}"[^>]*data-loaded="1"[^>]*data-rect="(\d+),(\d+),(\d+),(\d+)"', dom)
        assert match, f"{figure} image did not load"
        x, y, w, h = map(int, match.groups())
        assert w > 400 and h > 200 and y + h <= WINDOW[1]
        region = pixels[y : y + h, x : x + w, :3]
        assert region.std() > 0.05, f"{figure} is blank on screen"
        # many colours: a drawn figure, not a flat box
        assert len({tuple(p) for p in (region[::7, ::7] * 255).astype(int).reshape(-1, 3)}) > 30


def test_filter_in_the_address_runs_the_inline_script(report, tmp_path):
    dom, log = run_chromium(report.as_uri() + "#filter=pokrowsk", tmp_path / "profile")
    assert console_messages(log) == []
    assert 'id="shown">1<' in dom
    items = re.findall(r'<details class="event"([^>]*)>', dom)
    assert len(items) == 6
    visible = [attrs for attrs in items if "hidden" not in attrs]
    assert len(visible) == 1 and "Pokrowsk" in visible[0]
    assert HOSTILE.split()[0] in dom  # hidden events stay in the page
