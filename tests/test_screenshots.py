"""The theme in a real browser: screenshots of the home page and the reference
post at phone and desktop widths in both colour schemes, no horizontal
scrolling on phones, no request to another site, and a working skip link.

Screenshots go to test-artifacts/screenshots/ for people to look at."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser import chromium, show_charts
from conftest import REFERENCE_POST, ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
PAGES = {"home": "/", "reference-post": f"/{REFERENCE_POST}"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def base_url(site):
    from sitecheck.server import serve_in_background

    server, url = serve_in_background(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def open_page(browser, base_url, path, width, scheme, *, draw_charts=True):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    outside = []
    host = urlsplit(base_url).netloc

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in {"http", "https"} and parts.netloc != host:
            outside.append(request.url)

    page.on("request", record)
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None
    assert response.status == 200, path
    if draw_charts:
        show_charts(page)
    return page, outside


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_screenshot(browser, base_url, name, width, scheme):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, outside = open_page(browser, base_url, PAGES[name], width, scheme)
    try:
        target = SCREENSHOTS / f"{name}-{width}-{scheme}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True)
        data = target.read_bytes()
        assert data.startswith(PNG_SIGNATURE)
        assert len(data) > 10_000, "a real picture, not an empty one"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} scrolls sideways at {width}px"
        assert outside == [], f"requests outside the site: {outside}"
        dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
        assert dark == (scheme == "dark")
    finally:
        page.close()


def luminance(css_color: str) -> float:
    channels = css_color[css_color.index("(") + 1 : -1].split(",")[:3]

    def linear(value: str) -> float:
        c = float(value) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_schemes_have_readable_text(browser, base_url, scheme):
    page, _ = open_page(browser, base_url, PAGES["reference-post"], 1280, scheme)
    try:
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (luminance(background) < 0.1) == (scheme == "dark")
        colours = page.evaluate(
            """() => [...document.querySelectorAll(
                    'h1, .post__body p, .meta, .post__body a, .site-tagline,'
                    + ' .sidebar a, .count, .share__link, .post__filed')]
                .map(e => [e.className || e.tagName, getComputedStyle(e).color])"""
        )
        assert colours
        for name, colour in colours:
            assert contrast(colour, background) >= 4.5, (name, colour, background)
    finally:
        page.close()


def chart_post(site) -> str | None:
    """A post with a chart and its data table, if the site has one."""
    for path in sorted(site.glob("[0-9]*/[0-9]*/*/index.html")):
        if b"chart__table" in path.read_bytes():
            return "/" + path.parent.relative_to(site).as_posix() + "/"
    return None


def test_no_horizontal_scrolling_at_320px(browser, base_url, site):
    """Not on the listings, nor on a post with its data tables open."""
    paths = [*PAGES.values(), "/tags/", "/archives/", "/page/2/"]
    if chart_post(site):
        paths.append(chart_post(site))
    for path in paths:
        page, _ = open_page(browser, base_url, path, 320, "light")
        try:
            page.evaluate(
                "document.querySelectorAll('details').forEach(d => d.open = true)"
            )
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path} is {width}px wide at 320px"
        finally:
            page.close()


def test_skip_link_appears_on_focus(browser, base_url):
    # As a keyboard user arrives: nothing scrolled, nothing focused yet.
    page, _ = open_page(
        browser, base_url, PAGES["reference-post"], 375, "light", draw_charts=False
    )
    try:
        hidden = page.evaluate(
            "document.querySelector('.skip-link').getBoundingClientRect().bottom"
        )
        assert hidden <= 0, "out of sight until focused"
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const e = document.activeElement;
                       const r = e.getBoundingClientRect();
                       return [e.getAttribute('href'), r.top, r.bottom]; }"""
        )
        assert focused[0] == "#main"
        assert focused[1] >= 0
        assert focused[2] > focused[1]
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
    finally:
        page.close()
