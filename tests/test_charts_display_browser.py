"""How charts show real data in Chromium, at a phone's width (375 px) and a
desktop's, in the light and the dark scheme: bar labels whole and inside the
chart, whole-number count ticks, ticks and hover labels in the column's unit,
and wide tables that scroll by keyboard and pass axe (see display_posts.py
for the posts and their real data)."""

from __future__ import annotations

import itertools
import re

import pytest
from browser import chromium, open_in_context
from display_posts import SLUGS, build_display_site

from sitecheck import browser as sitecheck_browser
from sitecheck.server import serve_in_background
from sitecheck.site import Site
from sitecheck.tools import axe_source

pytestmark = pytest.mark.browser

WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")

ALL_DRAWN = """
() => [...document.querySelectorAll(".chart__plot")].every((plot) => {
  const svg = plot.querySelector(".main-svg");
  return plot.hasAttribute("data-drawn") && svg
    && Math.abs(svg.getBoundingClientRect().width - plot.clientWidth) < 1;
})
"""

# Per chart: its labels (text, box, untransformed width), the SVG's box, the
# plot area's box, the value axis, and the data table's value column.
LABELS = """
() => [...document.querySelectorAll(".chart__plot")].map((plot) => {
  const svg = plot.querySelector(".main-svg").getBoundingClientRect();
  const size = plot._fullLayout._size;
  const area = {left: svg.left + size.l, right: svg.left + size.l + size.w,
                top: svg.top + size.t, bottom: svg.top + size.t + size.h};
  const labels = [...plot.querySelectorAll(".barlayer .point .bartext")]
    .filter((text) => text.textContent)
    .map((text) => {
      const box = text.getBoundingClientRect();
      return {text: text.textContent, width: text.getBBox().width,
              left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    });
  const figure = plot.closest("figure");
  return {
    id: plot.id,
    horizontal: plot.data[0].orientation === "h",
    svg: {left: svg.left, right: svg.right, top: svg.top, bottom: svg.bottom},
    area,
    labels,
    table: [...figure.querySelectorAll("tbody tr")].map(
      (row) => row.cells[1].textContent),
  };
})
"""

TICKS = """
() => [...document.querySelectorAll(".chart__plot")].map((plot) => ({
  x: [...plot.querySelectorAll(".xtick text")].map((t) => t.textContent),
  y: [...plot.querySelectorAll(".ytick text")].map((t) => t.textContent),
}))
"""

# Per chart with a legend: the legend's box and every tick label's.
LEGEND_AND_TICKS = """
() => [...document.querySelectorAll(".chart__plot")]
  .filter((plot) => plot.querySelector(".legend"))
  .map((plot) => {
    const box = (e) => {
      const r = e.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    };
    return {
      id: plot.id,
      legend: box(plot.querySelector(".legend")),
      ticks: [...plot.querySelectorAll(".xtick text, .ytick text")].map(box),
    };
  })
"""

EDGE = 0.5  # px: sub-pixel rounding of text boxes


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    output = build_display_site(tmp_path_factory.mktemp("display-browser"))
    server, base = serve_in_background(output)
    yield output, base
    server.shutdown()


@pytest.fixture(scope="module")
def chromium_browser():
    with chromium() as launched:
        yield launched


def open_page(chromium_browser, base: str, name: str, width: int, scheme: str):
    slug = SLUGS.get(name, name)
    page, problems = open_in_context(
        chromium_browser, f"{base}/2024/02/{slug}/", width=width, scheme=scheme
    )
    page.evaluate(
        "() => document.querySelectorAll('.chart__plot')"
        ".forEach((p) => p.scrollIntoView({block: 'center'}))"
    )
    page.wait_for_function(ALL_DRAWN, timeout=20_000)
    return page, problems


def check_labels(chart: dict, where: str) -> None:
    """Every label shown is whole: inside the SVG, inside the plot area along
    the value axis, at full size, clear of its neighbours, and the data
    table's text."""
    labels = chart["labels"]
    where = f"{where} {chart['id']}"
    if not labels:
        return
    assert [label["text"] for label in labels] == chart["table"], where
    svg, area = chart["svg"], chart["area"]
    for label in labels:
        assert svg["left"] - EDGE <= label["left"], (where, label)
        assert label["right"] <= svg["right"] + EDGE, (where, label)
        assert svg["top"] - EDGE <= label["top"], (where, label)
        assert label["bottom"] <= svg["bottom"] + EDGE, (where, label)
        if chart["horizontal"]:
            assert area["left"] - EDGE <= label["left"], (where, label)
            assert label["right"] <= area["right"] + EDGE, (where, label)
        else:
            assert area["top"] - EDGE <= label["top"], (where, label)
            assert label["bottom"] <= area["bottom"] + EDGE, (where, label)
        drawn = max(label["right"] - label["left"], label["bottom"] - label["top"])
        assert drawn >= label["width"] * 0.99, (where, label)  # not shrunk
    along = "top" if chart["horizontal"] else "left"
    ordered = sorted(labels, key=lambda label: label[along])
    for before, after in itertools.pairwise(ordered):
        if chart["horizontal"]:
            assert before["bottom"] <= after["top"], (where, before, after)
        else:
            assert before["right"] <= after["left"], (where, before, after)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
def test_bar_labels_are_whole_and_inside_the_chart(
    chromium_browser, served, width, scheme
):
    """The issue's case is the first chart: at 375 px its longest bar's
    label read "4." for "4.2". Across, upright, short, long ($49,357.19),
    twelve bars, negative bars."""
    _, base = served
    page, problems = open_page(chromium_browser, base, "bars", width, scheme)
    charts = page.evaluate(LABELS)
    for chart in charts:
        check_labels(chart, f"{width}px {scheme}")
    shown = [bool(chart["labels"]) for chart in charts]
    # Labels that fit are never dropped: short ones at any width, long ones
    # where there is room.
    assert [shown[i] for i in (0, 1, 4, 5, 6)] == [True] * 5, shown
    if width == 1280:
        assert all(shown), shown
    assert problems == []
    page.close()


def test_bar_labels_fit_again_when_the_window_narrows(chromium_browser, served):
    _, base = served
    page, problems = open_page(chromium_browser, base, "bars", 1280, "light")
    page.set_viewport_size({"width": 375, "height": 900})
    page.wait_for_function(ALL_DRAWN, timeout=20_000)
    charts = page.evaluate(LABELS)
    assert charts[0]["svg"]["right"] - charts[0]["svg"]["left"] < 375
    for chart in charts:
        check_labels(chart, "1280 → 375px")
    assert charts[0]["labels"]
    assert problems == []
    page.close()


WHOLE_NUMBER = re.compile(r"^\d{1,3}(,\d{3})*$")


@pytest.mark.parametrize("width", WIDTHS)
def test_count_axes_tick_in_whole_numbers(chromium_browser, served, width):
    """Four count axes (two histograms of many values, a histogram and a
    count of a few); then a mean and rates under 2.5%, in percent."""
    _, base = served
    page, problems = open_page(chromium_browser, base, "histograms", width, "light")
    ticks = page.evaluate(TICKS)
    for index in range(4):
        assert len(ticks[index]["y"]) >= 2, ticks[index]
        assert all(WHOLE_NUMBER.match(t) for t in ticks[index]["y"]), ticks[index]
    assert all(t.endswith("%") for t in ticks[0]["x"]), ticks[0]
    assert all(t.startswith("$") for t in ticks[1]["x"]), ticks[1]
    # Percent ticks as fine as the step: 0.5%, 1%, 1.5% (".0%" read 1%, 1%).
    for index in (4, 5):
        assert all(t.endswith("%") for t in ticks[index]["y"]), ticks[index]
        assert len(set(ticks[index]["y"])) == len(ticks[index]["y"]), ticks[index]
    assert problems == []
    page.close()


def test_hovering_a_percent_bin_names_it_in_percent(chromium_browser, served):
    _, base = served
    page, _ = open_page(chromium_browser, base, "histograms", 1280, "light")
    plot = page.locator(".chart__plot").first
    plot.scroll_into_view_if_needed()
    first_row = page.locator(".chart__data").first.locator("tbody tr").nth(1)
    bin_text = first_row.locator("th").text_content()
    bar = plot.locator(".barlayer .point path").nth(1).bounding_box()
    # Plotly's drag layer lies over the bars and takes the pointer.
    page.mouse.move(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_selector(".hoverlayer .hovertext")
    hover = page.locator(".hoverlayer .hovertext").first.text_content()
    assert re.match(r"^\d+(\.\d+)?%–\d+(\.\d+)?%$", bin_text), bin_text
    assert hover.startswith(bin_text), hover
    page.close()


def test_a_wide_table_scrolls_by_keyboard(chromium_browser, served):
    """The 8-column election table at 375 px: Tab reaches its box, and the
    arrow keys scroll it."""
    _, base = served
    page, _ = open_page(chromium_browser, base, "tables", 375, "light")
    box = page.locator(".chart__table-wrap").nth(2)
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 100")
    # The link before it: the second table's download link.
    page.locator(".chart__download a").nth(1).focus()
    page.keyboard.press("Tab")
    assert box.evaluate("b => b === document.activeElement")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelectorAll('.chart__table-wrap')[2].scrollLeft > 0"
    )
    page.close()


@pytest.mark.usefixtures("node_tools")
@pytest.mark.parametrize("scheme", SCHEMES)
def test_tables_pass_axe_at_a_phone_width(chromium_browser, served, scheme):
    """At 375 px every table box scrolls; axe-core (the site check's rules)
    finds nothing, scrollable-region-focusable included."""
    _, base = served
    for name in SLUGS:
        page, _ = open_page(chromium_browser, base, name, 375, scheme)
        page.evaluate(
            "() => document.querySelectorAll('details').forEach(d => d.open = true)"
        )
        scrolling = page.evaluate(
            "() => [...document.querySelectorAll('.chart__table-wrap')]"
            ".filter(b => b.scrollWidth > b.clientWidth).length"
        )
        if name == "tables":
            assert scrolling >= 3
        page.evaluate(axe_source())
        violations = page.evaluate(
            sitecheck_browser.AXE_RUN, sitecheck_browser.axe_options()
        )
        assert violations == [], (name, scheme, violations)
        page.close()


@pytest.mark.usefixtures("node_tools")
def test_the_site_check_passes_these_pages(served):
    """The publish gate itself (sitecheck.browser, 1,280 px, both schemes):
    today it refuses the theme's own wide table."""
    output, _ = served
    site = Site.load(output)
    pages = [
        page
        for page in site.html_pages
        if any(f"/{slug}/" in page for slug in SLUGS.values())
    ]
    assert len(pages) == 3
    browser_result, a11y_result = sitecheck_browser.run(site, axe_pages=pages)
    assert browser_result.problems == []
    assert a11y_result.problems == []
    assert a11y_result.stats["axe runs"] == 6


@pytest.mark.parametrize("width", WIDTHS)
def test_legends_keep_clear_of_the_tick_labels(chromium_browser, served, width):
    """Below the plot, the legend met x tick labels that Plotly turns and
    lengthens for long names on a narrow screen (58 districts, stacked)."""
    _, base = served
    page, problems = open_page(chromium_browser, base, "legends", width, "light")
    charts = page.evaluate(LEGEND_AND_TICKS)
    page.context.close()
    assert len(charts) == 2, charts
    for chart in charts:
        legend = chart["legend"]
        for tick in chart["ticks"]:
            apart = (
                tick["right"] <= legend["left"] + EDGE
                or legend["right"] <= tick["left"] + EDGE
                or tick["bottom"] <= legend["top"] + EDGE
                or legend["bottom"] <= tick["top"] + EDGE
            )
            assert apart, (width, chart["id"], legend, tick)
    assert problems == []
