"""Playwright with Debian's Chromium, as every browser test here uses it.

`playwright install` cannot download a browser on this machine (nor in CI),
so the system Chromium is required; its absence is a failure, never a skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# The same executable and flags as the site checks (sitecheck/tools.py).
from sitecheck.tools import CHROMIUM_ARGS
from sitecheck.tools import chromium as chromium_executable


@contextmanager
def chromium() -> Iterator:
    """A launched headless Chromium (a Playwright Browser)."""
    from playwright.sync_api import sync_playwright

    from sitecheck.problems import MissingToolError

    try:
        executable = chromium_executable()
    except MissingToolError as missing:
        raise AssertionError(str(missing)) from None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
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


def open_in_context(browser, url: str, *, width: int, scheme: str):
    """``url`` in a fresh context of ``width`` px and colour ``scheme``;
    the page and the list that collects its console errors and uncaught
    exceptions. Close it with ``page.context.close()``."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, problems
