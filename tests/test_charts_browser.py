"""Charts in a real browser: every chart renders, plots exactly the values
computed here independently from its CSV, loads nothing from elsewhere, logs
no error, and executes nothing that came from data."""

from __future__ import annotations

import csv
import html
import io
import math
import re
import statistics
from pathlib import Path

import pytest
import yaml
from browser import chromium, show_charts
from conftest import ROOT, build_site, new_content, parse_html

from sitecheck.server import serve_in_background

pytestmark = pytest.mark.browser

FENCE = re.compile(r"^```chart\n(.*?)\n```$", re.DOTALL | re.MULTILINE)
AGGREGATE = {
    "sum": sum,
    "mean": statistics.mean,
    "median": statistics.median,
    "min": min,
    "max": max,
    "count": len,
}


# --- an independent reference: plain csv + arithmetic, none of our plugin ----


def number(cell: str) -> float | None:
    cell = cell.strip().replace(",", "").replace("$", "")
    if not cell:
        return None
    if cell.endswith("%"):
        return float(cell[:-1]) / 100
    return float(cell)


def expected_series(spec: dict, post: Path) -> dict[str, list]:
    """Series name -> plotted values, computed straight from the CSV."""
    data = spec["data"]
    path = (
        ROOT / "content" / data.lstrip("/")
        if data.startswith("/")
        else (post.parent / data)
    )
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))
    x = spec["x"]
    if spec["type"] == "histogram":
        values = [number(r[x]) for r in rows if number(r[x]) is not None]
        bins = spec.get("bins") or min(30, math.ceil(math.log2(len(values))) + 1)
        low, high = min(values), max(values)
        width = (high - low) / bins
        counts = [0] * bins
        for v in values:
            counts[min(int((v - low) / width), bins - 1)] += 1
        return {"count": counts}
    ys = spec["y"] if isinstance(spec.get("y"), list) else [spec.get("y")]
    group = spec.get("group")
    if spec["type"] == "scatter":  # every row is a point
        points: dict[str, list] = {}
        for row in rows:
            for name in [row[group]] if group else ys:
                points.setdefault(name, []).append(
                    number(row[ys[0] if group else name])
                )
        return points
    series: dict[str, dict] = {}
    for row in rows:
        names = [row[group]] if group else ys
        for name in names:
            column = ys[0] if group else name
            series.setdefault(name, {}).setdefault(row[x], []).append(
                number(row[column])
            )
    aggregate = AGGREGATE.get(spec.get("aggregate"), lambda v: v[0])
    result = {
        name: {k: aggregate([v for v in vs if v is not None]) for k, vs in by_x.items()}
        for name, by_x in series.items()
    }
    order = list(dict.fromkeys(row[x] for row in rows))
    if spec["type"] in ("line", "area"):
        order.sort()
    if "sort" in spec:
        key = spec["sort"].lstrip("-")
        descending = spec["sort"].startswith("-")
        if key == x:
            order.sort(reverse=descending)
        else:
            order.sort(
                key=lambda k: sum(v.get(k) or 0 for v in result.values()),
                reverse=descending,
            )
    order = order[: spec.get("limit", len(order))]
    return {
        name: [values[k] for k in order if k in values]
        for name, values in result.items()
    }


def chart_blocks(post: Path) -> list[dict]:
    return [yaml.safe_load(block) for block in FENCE.findall(post.read_text("utf-8"))]


def plotted_series(trace: dict, chart_type: str) -> list:
    if chart_type in ("pie", "donut"):
        return trace["values"]
    horizontal = trace.get("orientation") == "h"
    return trace["x"] if horizontal else trace["y"]


# --- the site --------------------------------------------------------------------


def chart_pages(site: Path) -> dict[str, Path]:
    """URL path -> source post, for every built post that has a plotted chart."""
    pages = {}
    for post in sorted((ROOT / "content" / "posts").glob("*.md")):
        blocks = chart_blocks(post)
        if not any(b["type"] != "table" for b in blocks):
            continue
        slug = re.search(r"^Slug: (.+)$", post.read_text("utf-8"), re.MULTILINE)
        built = next(site.glob(f"*/*/{slug.group(1)}/index.html"))
        pages["/" + str(built.parent.relative_to(site)) + "/"] = post
    return pages


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served_site(site):
    server, base = serve_in_background(site)
    yield site, base
    server.shutdown()


def visit(browser, url: str):
    page = browser.new_page()
    problems: list[str] = []
    origin = re.match(r"https?://[^/]+", url).group(0)
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on(
        "request",
        lambda r: (
            r.url.startswith(origin)
            or r.url.startswith("data:")
            or problems.append(f"request outside the site: {r.url}")
        ),
    )
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(url, wait_until="networkidle")
    show_charts(page)
    return page, problems


def test_the_sample_site_has_charts_of_several_types(site):
    types = {
        b["type"] for post in chart_pages(site).values() for b in chart_blocks(post)
    }
    assert {"bar", "line", "donut", "funnel"} <= types


def test_every_chart_renders_and_plots_the_values_of_its_csv(browser, served_site):
    site, base = served_site
    checked = 0
    for path, post in chart_pages(site).items():
        page, problems = visit(browser, base + path)
        plots = page.locator(".chart__plot")
        specs = [b for b in chart_blocks(post) if b["type"] != "table"]
        assert plots.count() == len(specs), path
        for index, spec in enumerate(specs):
            plot = plots.nth(index)
            assert plot.locator(".main-svg").count() > 0, f"{path} chart {index + 1}"
            traces = plot.evaluate(
                "el => el.data.map(t => ({name: t.name, x: t.x, y: t.y, "
                "values: t.values, orientation: t.orientation}))"
            )
            expected = expected_series(spec, post)
            if spec["type"] == "funnel":
                plotted = {"": plotted_series(traces[0], "bar")}
                expected = {"": next(iter(expected.values()))}
            else:
                plotted = {
                    html.unescape(t["name"] or ""): plotted_series(t, spec["type"])
                    for t in traces
                }
                if len(traces) == 1:
                    plotted = {"": next(iter(plotted.values()))}
                    expected = {"": next(iter(expected.values()))}
            assert plotted.keys() == expected.keys(), path
            for name in expected:
                assert plotted[name] == pytest.approx(expected[name]), (path, name)
            checked += 1
        assert problems == [], (path, problems)
        page.close()
    assert checked >= 8


def test_the_data_table_holds_exactly_the_plotted_values(browser, served_site):
    site, base = served_site
    path = next(iter(chart_pages(site)))
    page, _ = visit(browser, base + path)
    plot = page.locator(".chart__plot").first
    plotted = plot.evaluate("el => el.data[0].y")
    table_values = page.locator(".chart__data").first.evaluate(
        "d => [...d.querySelectorAll('tbody td')].map(td => Number(td.dataset.value))"
    )
    assert table_values == plotted
    page.close()


HOSTILE_CSV = (
    "label,value\n"
    '"</script><script>window.__x=1</script>",3\n'
    '"<img src=x onerror=""window.__x=2"">",2\n'
    '"<a href=""javascript:window.__x=3"">click me</a>",4\n'
    '"<span style=""font-size:90px"">big</span> popup=1",1\n'
)
HOSTILE_POST = """\
Title: Hostile </script><script>window.__x=4</script>
Date: 2024-03-01 10:00
Category: Tests
Tags: <img src=x onerror="window.__x=5">

```chart
data: /data/hostile.csv
type: bar
x: label
y: value
title: '</script><script>window.__x=6</script>'
caption: '<img src=x onerror="window.__x=7">'
alt: '<a href="javascript:window.__x=8">alt</a>'
source: '<span style="color:red">source</span>'
```

```chart
data: /data/hostile.csv
type: pie
x: label
y: value
```
"""


def test_nothing_from_data_executes_in_the_browser(browser, tmp_path):
    content = new_content(tmp_path)
    (content / "posts" / "hostile.md").write_text(HOSTILE_POST, "utf-8")
    (content / "data" / "hostile.csv").write_text(HOSTILE_CSV, "utf-8")
    output = tmp_path / "out"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    built = next(output.glob("2024/03/*/index.html"))
    server, base = serve_in_background(output)
    try:
        page, problems = visit(browser, f"{base}/{built.parent.relative_to(output)}/")
        assert page.locator(".main-svg").count() > 0
        assert page.evaluate("typeof window.__x") == "undefined"
        assert (
            page.evaluate("document.querySelectorAll('img[onerror], [onerror]').length")
            == 0
        )
        assert (
            page.evaluate(
                "[...document.querySelectorAll('a')].filter("
                "a => a.href.startsWith('javascript:')).length"
            )
            == 0
        )
        labels = page.locator(".chart__plot").first.evaluate(
            "el => [...el.querySelectorAll('.xtick text')].map(t => t.textContent)"
        )
        assert "</script><script>window.__x=1</script>" in labels
        assert problems == [], problems
        page.close()
    finally:
        server.shutdown()
    title = parse_html(built).xpath("//h1")[0].text_content()
    assert "</script><script>window.__x=4</script>" in title
