"""The browser run on a small hand-made site: each kind of fault it must
catch (console errors, failed and foreign requests, CSP violations, charts
that never render, axe violations in one colour scheme only), and a clean page
it must pass."""

from __future__ import annotations

import pytest
from conftest import ROOT

from sitecheck import browser
from sitecheck.site import Site

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("node_tools")]

PUBLIC = "https://blog.example.org"


def production_headers() -> str:
    """The _headers file as the build writes it (theme/templates/_headers,
    with the site's CONTENT_SECURITY_POLICY)."""
    import jinja2
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    template = (ROOT / "theme" / "templates" / "_headers").read_text("utf-8")
    return jinja2.Template(template).render(
        CONTENT_SECURITY_POLICY=settings["CONTENT_SECURITY_POLICY"]
    )


HEADERS = production_headers()


def page(title: str, body: str, head: str = "") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        f'<link rel="stylesheet" href="{PUBLIC}/theme/site.0123456789.css">{head}'
        f"</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )


CSS = """
body { color: #111; background: #fff; }
@media (prefers-color-scheme: dark) {
  body { color: #eee; background: #111; }
  .dark-only-faint { color: #333; }
}
"""
RENDER_CHARTS = """
document.addEventListener("DOMContentLoaded", () => {
  for (const plot of document.querySelectorAll(".chart__plot[data-ok]")) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "main-svg");
    svg.setAttribute("aria-hidden", "true");
    plot.appendChild(svg);
  }
});
"""


@pytest.fixture(scope="module")
def outcome(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-site")
    files = {
        "_headers": HEADERS,
        "theme/site.0123456789.css": CSS,
        "theme/charts.0123456789.js": RENDER_CHARTS,
        "theme/broken.0123456789.js": 'console.error("boom from a script file");'
        "\nundefinedFunction();",
        "index.html": page(
            "Clean",
            '<p style="font-weight: bold">An inline style is allowed.</p>'
            "<figure><figcaption>Good chart</figcaption>"
            '<div class="chart__plot" data-ok></div></figure>',
            head=f'<script src="{PUBLIC}/theme/charts.0123456789.js" defer></script>',
        ),
        "faults/index.html": page(
            "Faults",
            "<script>document.title = 'inline';</script>"
            '<img src="https://tracker.example.net/pixel.png" alt="">'
            f'<img src="{PUBLIC}/images/missing.png" alt="missing">'
            "<figure><figcaption>Never drawn</figcaption>"
            '<div class="chart__plot"></div></figure>',
            head=f'<script src="{PUBLIC}/theme/broken.0123456789.js"></script>',
        ),
        "dark/index.html": page(
            "Dark", '<p class="dark-only-faint">Faint in the dark scheme only.</p>'
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    site = Site.load(root, PUBLIC)
    old_timeout = browser.CHART_TIMEOUT_MS
    browser.CHART_TIMEOUT_MS = 2_000
    try:
        browser_result, a11y_result = browser.run(site)
    finally:
        browser.CHART_TIMEOUT_MS = old_timeout
    return browser_result, a11y_result


def messages(result, page_file):
    return [p.message for p in result.problems if p.page == page_file]


def test_a_clean_page_passes(outcome):
    browser_result, a11y_result = outcome
    assert messages(browser_result, "index.html") == []
    assert messages(a11y_result, "index.html") == []
    assert browser_result.stats == {"pages": 3, "charts": 2}


def test_every_fault_is_reported(outcome):
    browser_result, _ = outcome
    found = "\n".join(messages(browser_result, "faults/index.html"))
    expected = [
        "CSP violation: script-src-elem blocked an inline script",
        "Console error: boom from a script file",
        "Uncaught exception: ReferenceError: undefinedFunction is not defined",
        "Failed request: /images/missing.png (HTTP 404)",
        "Request to another origin: https://tracker.example.net/pixel.png",
        "Chart 1 (Never drawn) did not render in the light scheme",
    ]
    for text in expected:
        assert text in found, f"{text!r} not in:\n{found}"


def test_problems_carry_fixes(outcome):
    browser_result, _ = outcome
    fixes = {p.message.split(" at ")[0]: p.fix for p in browser_result.problems}
    assert (
        "theme/static/js/"
        in fixes["CSP violation: script-src-elem blocked an inline script"]
    )
    assert (
        "'self'"
        in fixes["CSP violation: img-src blocked https://tracker.example.net/pixel.png"]
    )
    assert all(p.fix for p in browser_result.problems)


def test_axe_runs_in_both_colour_schemes(outcome):
    _, a11y_result = outcome
    [problem] = [p for p in a11y_result.problems if p.page == "dark/index.html"]
    assert "color-contrast" in problem.message
    assert "dark scheme" in problem.message
    assert "light" not in problem.message
    assert '<p class="dark-only-faint">' in problem.message
    assert "dequeuniversity.com" in problem.fix
    assert a11y_result.stats["axe runs"] == 6
