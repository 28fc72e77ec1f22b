"""Charts every reader can read: Chartability's critical tests, in Chromium.

Every plotted chart of the sample site, of the display posts (real data from
Gapminder, tips and the 2013 Montreal election) and of the posts built on the
public datasets plotly.py ships (tests/realworld), at a phone's width (390 px)
and a desktop's (1280 px), in the light and the dark scheme, is held to:

- contrast: every mark at 3:1 against the plot's background, every text in
  or on the chart (ticks, titles, legend, labels on bars and slices, the
  hover label) at 4.5:1 against what lies behind it;
- not by colour alone: the rule of its chart type (chart_audit.py);
- colour-blind separation: the series colours at least 10 apart (CIEDE2000)
  under simulated protanopia and deuteranopia;
- one clear name: role img, a short aria-label (the author's alt or the
  generated headline), aria-describedby the description; in Chromium's
  accessibility tree, read through the DevTools protocol, one named image
  with nothing exposed under it, and no tab stop inside;
- text of at least 14 px.

Then the keyboard, on every page of the sample site with a chart: Tab visits
exactly the page's tabbable elements in order, none inside a plot, each
visible with a focus outline of at least 3:1; every data table and download
link is reached. And reflow at 200% and 400% zoom (640 and 320 CSS px).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from browser import chromium, open_in_context, show_charts
from chart_audit import (
    AUDIT,
    HOVER_TARGETS,
    ChartView,
    Finding,
    accessibility_tree,
    encoding_findings,
    mark_findings,
    naming_findings,
    separation_findings,
    size_findings,
    text_findings,
    tree_findings,
)
from colour_vision import contrast, parse_colour
from conftest import ROOT, build_site, new_content
from display_posts import build_display_site
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from realworld.dataset_posts import DATASETS, charts_of, post_slug, write_material

from sitecheck.server import serve_in_background

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")
FENCE = re.compile(r"^```chart\n(.*?)\n```$", re.DOTALL | re.MULTILINE)
SLUG = re.compile(r"^Slug: (.+)$", re.MULTILINE)
DRAWN = """
() => [...document.querySelectorAll(".chart__plot")].every(
  (plot) => plot.hasAttribute("data-drawn"))
"""
OPEN_DETAILS = "() => document.querySelectorAll('details').forEach(d => d.open = true)"


# --- the corpus: (corpus, post) -> a page with plotted charts -------------------


def sample_posts() -> list[Path]:
    return [
        post
        for post in sorted((ROOT / "content" / "posts").glob("*.md"))
        if any(
            yaml.safe_load(block)["type"] != "table"
            for block in FENCE.findall(post.read_text("utf-8"))
        )
    ]


def alts_of(post: Path) -> dict[str, str]:
    """Plot id -> the alt text its block gives (blocks count from 1)."""
    text = post.read_text("utf-8")
    slug = SLUG.search(text).group(1)
    return {
        f"chart-{slug}-{number}-plot": spec["alt"]
        for number, spec in enumerate(
            (yaml.safe_load(block) for block in FENCE.findall(text)), start=1
        )
        if spec.get("alt")
    }


DISPLAY_SLUGS = {
    "bars": "bar-labels",
    "histograms": "histograms-in-their-unit",
    "legends": "legends",
}
PAGES = (
    [("sample", post.stem) for post in sample_posts()]
    + [("display", name) for name in DISPLAY_SLUGS]
    + [
        ("datasets", name)
        for name in DATASETS
        if any(c.spec["type"] != "table" for c in charts_of(name))
    ]
)


@pytest.fixture(scope="module")
def servers(site, tmp_path_factory):
    """Each corpus built and served, on first use."""
    running: dict[str, tuple] = {}

    def serve(corpus: str) -> tuple[Path, str]:
        if corpus not in running:
            if corpus == "sample":
                output = site
            elif corpus == "display":
                output = build_display_site(tmp_path_factory.mktemp("a11y-display"))
            else:
                root = tmp_path_factory.mktemp("a11y-datasets")
                content = new_content(root)
                write_material(content)
                output = root / "output"
                result = build_site(output, content=content)
                assert result.returncode == 0, result.stdout + result.stderr
            server, base = serve_in_background(output)
            running[corpus] = (output, base, server)
        output, base, _ = running[corpus]
        return output, base

    yield serve
    for _, _, server in running.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def page_url(corpus: str, name: str, output: Path) -> str:
    if corpus == "sample":
        slug = SLUG.search(
            (ROOT / "content" / "posts" / f"{name}.md").read_text("utf-8")
        ).group(1)
    elif corpus == "display":
        slug = DISPLAY_SLUGS[name]
    else:
        slug = post_slug(name)
    built = next(output.glob(f"*/*/{slug}/index.html"))
    return "/" + built.parent.relative_to(output).as_posix() + "/"


def open_page(browser, base: str, path: str, width: int, scheme: str):
    page, problems = open_in_context(browser, base + path, width=width, scheme=scheme)
    show_charts(page)
    page.wait_for_function(DRAWN, timeout=30_000)
    return page, problems


def hover_every_chart(page, views: list[ChartView]) -> list[Finding]:
    """Rest the pointer on a mark of each chart, as a reader would, and
    measure the hover label that appears."""
    found = []
    for index, view in enumerate(views):
        page.locator(".chart__plot").nth(index).evaluate(
            "plot => plot.scrollIntoView({block: 'center'})"
        )
        target = page.evaluate(HOVER_TARGETS)[index]
        if target is None:
            found.append(Finding(view.name, "nothing drawn to hover"))
            continue
        page.mouse.move(target["x"], target["y"])
        try:
            page.wait_for_function(
                "(i) => document.querySelectorAll('.chart__plot')[i]"
                ".querySelector('.hoverlayer .hovertext')",
                arg=index,
                timeout=5_000,
            )
        except PlaywrightTimeout:
            found.append(Finding(view.name, f"no hover label at {target}"))
            continue
        view.hover = page.evaluate(AUDIT, index)
        if not view.hover:
            found.append(Finding(view.name, "an empty hover label"))
        page.mouse.move(0, 0)
    return found


def report(findings: dict[str, list[Finding]]) -> str:
    lines = []
    for rule, found in findings.items():
        if found:
            lines.append(f"{rule} ({len(found)}):")
            lines += [f"  {finding}" for finding in found[:25]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("corpus", "post"), PAGES, ids=[f"{c}-{p}" for c, p in PAGES])
def test_every_chart_passes_chartabilitys_critical_tests(
    browser, servers, corpus, post, width, scheme
):
    output, base = servers(corpus)
    path = page_url(corpus, post, output)
    source = ROOT / "content" / "posts" / f"{post}.md"
    alts = alts_of(source) if corpus == "sample" else {}
    page, problems = open_page(browser, base, path, width, scheme)
    try:
        where = f"{path} {width}px {scheme}"
        tree, unnamed = accessibility_tree(page)
        # The data tables open, so that their text is measured too.
        page.evaluate(OPEN_DETAILS)
        views = [ChartView(where, chart) for chart in page.evaluate(AUDIT, None)]
        for view, node in zip(views, tree, strict=True):
            view.ax = node
        hovering = hover_every_chart(page, views)
    finally:
        page.context.close()
    assert views, f"no chart on {path}"
    findings = {
        "marks under 3:1": [f for v in views for f in mark_findings(v)],
        "texts under 4.5:1": [
            f for v in views for f in text_findings(v, v.chart["texts"])
        ],
        "hover labels under 4.5:1": hovering
        + [f for v in views for f in text_findings(v, v.hover)],
        "told apart by colour alone": [f for v in views for f in encoding_findings(v)],
        "colours too close for colour-blind readers": [
            f for v in views for f in separation_findings(v)
        ],
        "naming": [f for v in views for f in naming_findings(v, alts)],
        "accessibility tree": [f for v in views for f in tree_findings(v)]
        + [Finding(where, f"an unnamed {node}") for node in unnamed],
        "text under 14 px": [f for v in views for f in size_findings(v)],
        "errors in the browser": [Finding(where, p) for p in problems],
    }
    if any(findings.values()):
        pytest.fail(report(findings), pytrace=False)


# --- the keyboard ------------------------------------------------------------------

# The elements Tab should visit, in order, worked out from the DOM alone:
# focusable, rendered, not inert, not inside a closed <details> (its summary
# aside), with tabindex >= 0.
TABBABLE = """
() => {
  const candidates = document.querySelectorAll(
    "a[href], area[href], button, input, select, textarea, iframe, summary, " +
    "[tabindex], [contenteditable='true']");
  const list = [...candidates].filter((element) => {
    if (element.tabIndex < 0 || element.disabled) return false;
    if (element.closest("[inert]") || element.matches("input[type=hidden]")) {
      return false;
    }
    const style = getComputedStyle(element);
    if (style.visibility !== "visible" || !element.getClientRects().length) {
      return false;
    }
    const closed = element.closest("details:not([open])");
    const ownSummary = element.matches("summary") && element.parentElement === closed;
    return !closed || ownSummary;
  });
  const positive = list.filter((e) => e.tabIndex > 0)
    .sort((a, b) => a.tabIndex - b.tabIndex);
  window.__tabbable = positive.concat(list.filter((e) => e.tabIndex === 0));
  return window.__tabbable.length;
}
"""

# The focused element: its place in __tabbable, whether it sits in a plot, its
# box and the focus outline with the background the outline is drawn on.
FOCUSED = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const background = (start) => {
    for (let node = start; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      const clear = /^rgba\\(.*,\\s*0\\)$/.test(colour) || colour === "transparent";
      if (!clear) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const style = getComputedStyle(element);
  const r = element.getBoundingClientRect();
  return {
    index: window.__tabbable.indexOf(element),
    what: element.tagName.toLowerCase()
      + (element.className ? "." + element.className : "")
      + " " + (element.textContent || "").trim().slice(0, 30),
    inPlot: !!element.closest(".chart__plot"),
    figure: element.closest("figure.chart") ? element.closest("figure.chart").id : null,
    role: element.matches("summary") ? "summary"
      : element.matches(".chart__table-wrap") ? "table"
      : element.closest(".chart__download") ? "download" : null,
    outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
    behind: background(element.parentElement),
    inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
      r.top < innerHeight && r.left < innerWidth,
  };
}
"""


def walk(page) -> tuple[int, list[dict]]:
    """Press Tab from the top until focus leaves the page or comes round."""
    expected = page.evaluate(TABBABLE)
    page.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")
    stops: list[dict] = []
    for _ in range(expected + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None or (stops and focused["index"] == stops[0]["index"]):
            break
        stops.append(focused)
    return expected, stops


def keyboard_findings(expected: int, stops: list[dict], where: str) -> list[str]:
    found = []
    order = [stop["index"] for stop in stops]
    if order != list(range(expected)):
        found.append(f"{where}: Tab visited {order}, not the {expected} tab stops")
    for stop in stops:
        what = f"{where}: {stop['what']!r}"
        if stop["inPlot"]:
            found.append(f"{what} is a tab stop inside a plot")
        if not stop["inView"]:
            found.append(f"{what} is out of sight when focused")
        style, width, colour = stop["outline"]
        rgb, alpha = parse_colour(colour)
        ratio = contrast(rgb, parse_colour(stop["behind"])[0]) if alpha == 1 else 0
        if style == "none" or width < 2 or ratio < 3:
            found.append(f"{what}: focus outline {stop['outline']}, {ratio:.2f}:1")
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("post", [p.stem for p in sample_posts()])
def test_keyboard_reaches_every_stop_with_a_visible_focus(
    browser, servers, post, width, scheme
):
    """With the data tables closed, then open: Tab visits exactly the
    page's tab stops, none in a plot, each in sight with an outline of at
    least 3:1 (WCAG 2.4.7, 1.4.11); each chart's summary, data table and
    download link among them."""
    output, base = servers("sample")
    path = page_url("sample", post, output)
    page, _ = open_page(browser, base, path, width, scheme)
    try:
        figures = page.evaluate(
            "() => [...document.querySelectorAll('.chart__plot')]"
            ".map((p) => p.closest('figure').id)"
        )
        closed_count, closed = walk(page)
        page.evaluate(OPEN_DETAILS)
        open_count, opened = walk(page)
    finally:
        page.context.close()
    where = f"{path} {width}px {scheme}"
    found = keyboard_findings(closed_count, closed, where + " (tables closed)")
    found += keyboard_findings(open_count, opened, where + " (tables open)")
    for figure in figures:
        reached = {stop["role"] for stop in opened if stop["figure"] == figure}
        if not {"summary", "table", "download"} <= reached:
            found.append(f"{where}: {figure} reaches only {sorted(reached - {None})}")
    assert closed_count > 10, (where, closed_count)
    if found:
        pytest.fail("\n".join(found), pytrace=False)


@pytest.mark.parametrize("width", [640, 320])
def test_chart_pages_reflow_at_200_and_400_percent_zoom(browser, servers, width):
    """1280 px at 200% and 400% zoom is 640 and 320 CSS px: with every data
    table open, no page scrolls sideways and every chart fits its box."""
    output, base = servers("sample")
    for post in sample_posts():
        path = page_url("sample", post.stem, output)
        page, _ = open_page(browser, base, path, width, "light")
        try:
            page.evaluate(OPEN_DETAILS)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            overflowing = page.evaluate(
                "() => [...document.querySelectorAll('.chart__plot')].filter((p) =>"
                " p.querySelector('.main-svg').getBoundingClientRect().width"
                " > p.clientWidth + 1).map((p) => p.id)"
            )
        finally:
            page.context.close()
        assert scroll <= width, f"{path} is {scroll}px wide at {width}px"
        assert overflowing == [], (path, width)


# The scheme's first series colour, and the first colour each chart drew.
REPAINTED = """
() => {
  const first = getComputedStyle(document.documentElement)
    .getPropertyValue("--chart-1").trim().toLowerCase();
  return [...document.querySelectorAll(".chart__plot")].every((plot) => {
    const marker = plot._fullData[0].marker || {};
    const drawn = [].concat(marker.colors || marker.color)[0];
    const svg = plot.querySelector(".main-svg");
    return plot.hasAttribute("data-drawn") && String(drawn).toLowerCase() === first
      && Math.abs(svg.getBoundingClientRect().width - plot.clientWidth) < 1;
  });
}
"""


@pytest.mark.parametrize(
    "post",
    [
        "takeaway-spam-or-good-marketing",
        "read-your-email-funnel-from-the-bottom-up",
        "fifteen-years-on-the-mass-dm-question",
    ],
)
def test_redraws_for_a_new_scheme_or_width_stay_readable_and_hidden(
    browser, servers, post
):
    """charts.js draws every chart again when the reader's colour scheme
    changes, and when the width does. After each redraw the colours, and
    the text on the marks, are the new scheme's, and Plotly's SVG is hidden
    again: the tree holds one named image per chart."""
    output, base = servers("sample")
    path = page_url("sample", post, output)
    page, problems = open_page(browser, base, path, 1280, "light")
    found = []
    try:
        for change, where in (
            (lambda: page.emulate_media(color_scheme="dark"), "light → dark"),
            (
                lambda: page.set_viewport_size({"width": 390, "height": 900}),
                "dark, 1280 → 390 px",
            ),
            (lambda: page.emulate_media(color_scheme="light"), "390 px, dark → light"),
        ):
            change()
            page.wait_for_function(REPAINTED, timeout=20_000)
            tree, _ = accessibility_tree(page)
            views = [
                ChartView(f"{path} {where}", chart)
                for chart in page.evaluate(AUDIT, None)
            ]
            for view, node in zip(views, tree, strict=True):
                view.ax = node
                found += mark_findings(view)
                found += text_findings(view, view.chart["texts"])
                found += tree_findings(view)
    finally:
        page.context.close()
    assert problems == []
    if found:
        pytest.fail("\n".join(map(str, found)), pytrace=False)
