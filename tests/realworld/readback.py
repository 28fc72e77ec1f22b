"""What a built page plots, read back from its HTML.

Three readings of every chart, each as an oracle.Plot: the figure JSON in
its <script type="application/json"> (what Plotly draws), the data table's
data-value attributes (what readers without JavaScript, and feeds, get), and
the CSV behind "Download the data" (what a reader takes away).
"""

from __future__ import annotations

import csv
import io
import json
from html import unescape
from urllib.parse import urlsplit

from lxml import html as lxml_html
from oracle import Plot


def figures(page: bytes) -> list:
    """The chart <figure> elements of an article page, in order."""
    tree = lxml_html.fromstring(page)
    return tree.xpath(
        "//figure[contains(concat(' ', normalize-space(@class), ' '), ' chart ')]"
    )


def chart_type(figure) -> str:
    classes = figure.get("class", "").split()
    return next(c.removeprefix("chart--") for c in classes if c.startswith("chart--"))


def figure_json(figure) -> dict | None:
    scripts = figure.xpath(".//script[@type='application/json']")
    return json.loads(scripts[0].text) if scripts else None


def _number_or_text(value):
    if isinstance(value, str):
        return unescape(value)  # Plotly text arrives escaped (&amp; &lt; &gt;)
    return float(value)


def plot_from_figure(figure) -> Plot:
    kind = chart_type(figure)
    payload = figure_json(figure)
    assert payload is not None, f"{kind} chart without figure JSON"
    traces = payload["data"]
    if kind in ("pie", "donut"):
        (trace,) = traces
        labels = [_number_or_text(v) for v in trace["labels"]]
        points = list(zip(labels, map(float, trace["values"]), strict=True))
        return Plot(kind, labels, {"": points})
    if kind == "funnel":
        (trace,) = traces
        category, value = ("x", "y") if trace["orientation"] == "v" else ("y", "x")
        stages = [_number_or_text(v) for v in trace[category]]
        points = list(zip(stages, map(float, trace[value]), strict=True))
        return Plot(kind, stages, {"": points})
    series = {}
    xs: list = []
    for trace in traces:
        horizontal = trace.get("orientation") == "h"
        category, value = ("y", "x") if horizontal else ("x", "y")
        cats = [_number_or_text(v) for v in trace[category]]
        series[unescape(trace.get("name", ""))] = list(
            zip(cats, map(float, trace[value]), strict=True)
        )
        xs += [c for c in cats if c not in xs]
    return Plot(kind, xs, series)


def plot_from_table(figure) -> Plot:
    kind = chart_type(figure)
    (table,) = figure.xpath(".//table[contains(@class, 'chart__table')]")
    names = [th.text_content() for th in table.xpath("./thead/tr/th")][1:]
    xs, bins = [], []
    columns: dict[str, list] = {name: [] for name in names}
    for row in table.xpath("./tbody/tr"):
        head = row.xpath("./th")[0]
        key = head.get("data-value")
        if kind == "histogram":
            low, high = (float(v) for v in key.split("/"))
            bins.append((low, high))
            x = (low + high) / 2
        else:
            x = key
        xs.append(x)
        for name, cell in zip(names, row.xpath("./td"), strict=True):
            exact = cell.get("data-value")
            if exact is None:  # a text column of a table chart
                columns[name].append((x, cell.text_content()))
            elif exact != "":
                columns[name].append((x, float(exact)))
    return Plot(kind, xs, columns, bins)


def download_of(figure, output):
    """The file "Download the data" points at, in the built output."""
    (href,) = figure.xpath(".//p[@class='chart__download']/a/@href")
    return output / urlsplit(href).path.lstrip("/")


def _cell(text: str):
    """A downloaded cell: a number, or text (a leading apostrophe only
    guards a formula-like text against spreadsheets)."""
    try:
        return float(text)
    except ValueError:
        return text[1:] if text[:2] in ("'=", "'+", "'-", "'@") else text


def plot_from_download(kind: str, data: bytes) -> Plot:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    width = 2 if kind == "histogram" else 1
    names = header[width:]
    xs, bins = [], []
    columns: dict[str, list] = {name: [] for name in names}
    for row in body:
        if kind == "histogram":
            low, high = float(row[0]), float(row[1])
            bins.append((low, high))
            x = (low + high) / 2
        else:
            x = row[0]
        xs.append(x)
        for name, cell in zip(names, row[width:], strict=True):
            if cell != "":
                columns[name].append((x, _cell(cell)))
    return Plot(kind, xs, columns, bins)
