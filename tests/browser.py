"""Playwright with Debian's Chromium, as every browser test here uses it.

`playwright install` cannot download a browser on this machine (nor in CI),
so the system Chromium is required; its absence is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def chromium() -> Iterator:
    """A launched headless Chromium (a Playwright Browser)."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        raise AssertionError(
            f"{CHROMIUM} not found: install Debian's chromium "
            "(apt-get install -y chromium); .ci/run does"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


CHARTS_DRAWN = """
() => [...document.querySelectorAll(".chart__plot")]
  .every((plot) => plot.querySelector(".main-svg"))
"""


def show_charts(page, timeout_ms: int = 20_000) -> None:
    """Scroll every chart into view, as a reader would (charts.js fetches
    plotly.js when a chart nears the viewport), wait until all are drawn,
    then return to the top of the page."""
    if not page.locator(".chart__plot").count():
        return
    page.evaluate(
        "() => document.querySelectorAll('.chart__plot')"
        ".forEach((p) => p.scrollIntoView({block: 'center'}))"
    )
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)
    page.evaluate("() => window.scrollTo(0, 0)")
