"""A chart's text description, generated from its table.

It is the chart's accessible description and what readers without
JavaScript, and feed readers, get in place of the plot, so it says what the
chart shows: its kind, what it measures, and the values that matter.
"""

from __future__ import annotations

from .format import format_value, format_x
from .table import ChartTable, Series

TYPE_NAMES = {
    "bar": "Bar chart",
    "line": "Line chart",
    "area": "Area chart",
    "scatter": "Scatter plot",
    "pie": "Pie chart",
    "donut": "Donut chart",
    "funnel": "Funnel chart",
    "histogram": "Histogram",
    "table": "Table",
}
LIST_ALL_UP_TO = 6
MISSING_LISTED = 6
MAX_SERIES_DESCRIBED = 4
AGGREGATE_WORDS = {
    "sum": "sum",
    "mean": "mean",
    "median": "median",
    "count": "count of rows",
    "min": "minimum",
    "max": "maximum",
}


def describe(table: ChartTable) -> str:
    sentences = [headline(table)]
    if table.chart_type == "table":
        pass
    elif table.chart_type == "histogram":
        sentences.append(_histogram(table))
    elif table.chart_type == "funnel":
        sentences.append(_funnel(table))
    elif table.chart_type in ("line", "area"):
        sentences.extend(_trend(table, s) for s in table.series[:MAX_SERIES_DESCRIBED])
        if len(table.series) > MAX_SERIES_DESCRIBED:
            sentences.append(
                f"And {len(table.series) - MAX_SERIES_DESCRIBED} more series."
            )
    elif table.chart_type == "scatter":
        sentences.append(_scatter(table))
    else:
        sentences.extend(_parts(table))
    sentences.extend(_missing(table))
    if table.aggregate and table.chart_type != "histogram":
        sentences.append(
            f"Each value is the {AGGREGATE_WORDS[table.aggregate]} per "
            f"{table.x_name}, from {_count(table.source_rows, 'row')} of data."
        )
    return " ".join(s for s in sentences if s)


def _value(table: ChartTable, value) -> str:
    return format_value(value, table.y_format, table.currency)


def _x(table: ChartTable, value) -> str:
    return format_x(value, table.x_kind, table.x_format, table.x_currency)


def _count(n: int, noun: str) -> str:
    """``1 value``, ``2,048 values``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _list_words(words: list[str]) -> str:
    if len(words) <= 2:
        return " and ".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def headline(table: ChartTable) -> str:
    """The description's first sentence, which says what the chart is: also
    its accessible name when the author gave no alt text."""
    kind = TYPE_NAMES[table.chart_type]
    if table.chart_type == "table":
        columns = [table.x_name, *(s.name for s in table.series)]
        rows = len(table.x_values)
        return (
            f"Table of {rows:,} row{'s' if rows != 1 else ''}: {_list_words(columns)}."
        )
    if table.chart_type == "histogram":
        return f"Histogram of {table.x_name}."
    names = [s.name for s in table.series]
    if table.group_name:
        measure = table.value_name or "values"
        per = f", one series per {table.group_name} ({_list_words(names[:6])}"
        per += f" and {len(names) - 6} more)" if len(names) > 6 else ")"
        return f"{kind} of {measure} by {table.x_name}{per}."
    return f"{kind} of {_list_words(names)} by {table.x_name}."


def _present(table: ChartTable, series: Series):
    return [
        (x, v)
        for x, v in zip(table.x_values, series.values, strict=True)
        if v is not None
    ]


def _parts(table: ChartTable) -> list[str]:
    sentences = []
    for series in table.series[:MAX_SERIES_DESCRIBED]:
        points = _present(table, series)
        if not points:
            continue
        x, top = max(points, key=lambda p: p[1])
        prefix = f"{series.name}: largest" if len(table.series) > 1 else "Largest"
        total = sum(v for _, v in points)
        of_total = (
            f" of {_value(table, total)}"
            if table.aggregate in (None, "sum", "count")
            and table.y_format != "percent"
            and all(v >= 0 for _, v in points)
            and len(points) > 1
            else ""
        )
        sentences.append(f"{prefix}: {_x(table, x)}, {_value(table, top)}{of_total}.")
        if len(points) <= LIST_ALL_UP_TO and len(points) > 1:
            listing = "; ".join(
                f"{_x(table, x)}: {_value(table, v)}" for x, v in points
            )
            sentences.append(f"All values: {listing}.")
    return sentences


def _missing(table: ChartTable) -> list[str]:
    """Name the x values a series has no value for: a line shows a gap
    there, a bar chart no bar, and a reader of the text should know too."""
    if table.chart_type in ("table", "histogram"):
        return []
    sentences = []
    for series in table.series[:MAX_SERIES_DESCRIBED]:
        gaps = [
            x for x, v in zip(table.x_values, series.values, strict=True) if v is None
        ]
        if not gaps:
            continue
        names = [_x(table, x) for x in gaps[:MISSING_LISTED]]
        if len(gaps) > MISSING_LISTED:
            names.append(f"{len(gaps) - MISSING_LISTED:,} more")
        prefix = f"{series.name}: no value" if len(table.series) > 1 else "No value"
        sentences.append(f"{prefix} for {_list_words(names)}.")
    return sentences


def _funnel(table: ChartTable) -> str:
    points = _present(table, table.series[0])
    if not points:
        return ""
    (first_x, first), (last_x, last) = points[0], points[-1]
    share = (
        f" ({format_value(last / first, 'percent', None)} of the first stage)"
        if (first)
        else ""
    )
    stages = "; ".join(f"{_x(table, x)}: {_value(table, v)}" for x, v in points)
    return (
        f"From {_value(table, first)} at {_x(table, first_x)} to "
        f"{_value(table, last)} at {_x(table, last_x)}{share}. Stages: {stages}."
    )


def _trend(table: ChartTable, series: Series) -> str:
    points = _present(table, series)
    if not points:
        return ""
    (x0, v0), (xn, vn) = points[0], points[-1]
    xmax, vmax = max(points, key=lambda p: p[1])
    xmin, vmin = min(points, key=lambda p: p[1])
    name = f"{series.name}: starts" if len(table.series) > 1 else "Starts"
    return (
        f"{name} at {_value(table, v0)} ({_x(table, x0)}) and ends at "
        f"{_value(table, vn)} ({_x(table, xn)}); highest {_value(table, vmax)} "
        f"({_x(table, xmax)}), lowest {_value(table, vmin)} ({_x(table, xmin)})."
    )


def _scatter(table: ChartTable) -> str:
    count = sum(len(_present(table, s)) for s in table.series)
    xs = [x for s in table.series for x, _ in _present(table, s)]
    ys = [v for s in table.series for _, v in _present(table, s)]
    if not xs:
        return ""
    return (
        f"{_count(count, 'point')}; {table.x_name} from {_x(table, min(xs))} to "
        f"{_x(table, max(xs))}, {table.value_name} from {_value(table, min(ys))} "
        f"to {_value(table, max(ys))}."
    )


def _histogram(table: ChartTable) -> str:
    totals = [
        sum(s.values[k] or 0 for s in table.series) for k in range(len(table.x_values))
    ]
    count = int(sum(totals))
    k = max(range(len(totals)), key=lambda i: totals[i])
    low, high = table.x_values[0][0], table.x_values[-1][1]
    return (
        f"{_count(count, 'value')} in {_count(len(table.x_values), 'bin')} from "
        f"{_x(table, (low, high)).replace('–', ' to ')}; the most common "
        f"range is {_x(table, table.x_values[k])}, with "
        f"{_count(int(totals[k]), 'value')}."
    )
