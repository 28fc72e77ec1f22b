"""ChartTable -> a Plotly figure as compact JSON, with no template inside.

Traces are built with ``plotly.graph_objects``, which validates every
property name and value, then serialised with ``json.dumps`` (no
``to_html``). The site's look (fonts, colours, grid) is one template that
theme/static/js/charts.js applies in the browser, once for the whole site.

Text that comes from the data is escaped before Plotly sees it: Plotly reads
``<a href>``, ``<span style>`` and ``<br>`` in labels as markup.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go

from .encodings import bar_pattern, line_style, marker_style
from .format import compact_number, d3_formats, format_value, format_x, plot_columns
from .spec import ChartSpec
from .table import ChartTable, Series

MARKERS_UP_TO = 60
# A longer line of several series keeps its markers (they tell the series
# apart without colour), thinned to this many by Plotly (marker.maxdisplayed).
MARKERS_THINNED_TO = 24
TEXT_LABELS_UP_TO = 12
DONUT_HOLE = 0.55
WRAP_LABELS_AT = 16  # characters a line of a slice's label
FUNNEL_LABEL_INSIDE = 0.45  # of the widest stage
SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def plotly_text(text) -> str:
    """Data text as Plotly will show it literally, never as markup."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def humanize(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def build_figure(table: ChartTable, spec: ChartSpec, columns=None) -> dict:
    """The figure as a plain dict: {"data": [...], "layout": {...}}.

    ``columns`` is plot_columns(table), when the caller has it already."""
    formats = _plotly_formats(
        table.y_format,
        table.currency,
        [v for s in table.series for v in s.values if isinstance(v, float)],
    )
    xs, ys = columns or plot_columns(table)
    if table.x_kind == "text":
        xs = [plotly_text(x) for x in xs]
    gaps = table.chart_type == "line" or (table.chart_type == "area" and not spec.stack)
    points = [_pairs(xs, series_ys, keep_gaps=gaps) for series_ys in ys]
    builder = TRACE_BUILDERS[table.chart_type]
    traces, layout = builder(table, spec, formats, points)
    layout.setdefault("height", spec.height)
    layout.setdefault("showlegend", len(traces) > 1)
    counted = _count_axes(table, spec)
    if counted:
        # Plotly steps a short axis by 0.5 or 0.2; a count has no half.
        # charts.js reads this and keeps the step of these axes at 1 or more.
        layout["meta"] = {"integer_axes": counted}
    # An empty template stops plotly.py from deep-copying its default one
    # (6 KB per chart, and most of the build cost); the site's template is
    # applied once, in the browser.
    layout["template"] = {}
    # graph_objects validates every property name and value. Validating a
    # column of 2,000 values element by element (twice: on the way in and on
    # the way out) cost more than all the rest of a chart, so traces are
    # validated with the first values of each column, and the full columns,
    # which are our own plain numbers and strings, are put back afterwards.
    columns = [_take_columns(trace) for trace in traces]
    figure = go.Figure(data=traces, layout=layout)
    payload = figure.to_plotly_json()
    payload["layout"].pop("template", None)
    for trace, full in zip(payload["data"], columns, strict=True):
        trace.update(full)
    return payload


COLUMN_KEYS = (
    "x",
    "y",
    "labels",
    "values",
    "base",
    "customdata",
    "text",
    "textposition",
)
SAMPLE = 2


def _take_columns(trace) -> dict:
    """Swap a trace's long columns for short samples; return the columns."""
    full = {}
    for key in COLUMN_KEYS:
        value = trace.get(key)
        if isinstance(value, tuple | list) and len(value) > SAMPLE:
            full[key] = list(value)
            trace[key] = list(value[:SAMPLE])
    return full


def figure_json(payload: dict) -> str:
    """Compact JSON that is safe inside <script type="application/json">."""
    text = json.dumps(
        payload, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    for character, escape in SCRIPT_UNSAFE.items():
        text = text.replace(character, escape)
    return text


# --- helpers -------------------------------------------------------------------


def _plotly_formats(y_format: str, currency: str | None, values) -> dict[str, str]:
    """d3_formats, with the currency symbol (which a block may set) escaped
    for Plotly, which reads markup in tick and hover affixes."""
    formats = d3_formats(y_format, currency, values)
    for key in ("prefix", "suffix"):
        formats[key] = plotly_text(formats[key])
    return formats


def _pairs(xs: list, ys: list, *, keep_gaps: bool = False) -> tuple[list, list]:
    """The points of one series, without its missing values; or, for a line,
    with them, as the gaps (null) that keep the line from being drawn
    straight across a value nobody measured. A stacked area has no gaps to
    show: Plotly stacks a missing value as zero."""
    if None not in ys or keep_gaps:
        return xs, ys
    kept = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None]
    return [x for x, _ in kept], [y for _, y in kept]


def _count_axes(table: ChartTable, spec: ChartSpec) -> list[str]:
    """The axes whose values are counts of rows (histograms, aggregate:
    count), which must have whole-number ticks."""
    if table.aggregate != "count" or table.chart_type in ("pie", "donut", "funnel"):
        return []
    horizontal = table.chart_type == "bar" and spec.orientation == "h"
    return ["xaxis" if horizontal else "yaxis"]


def _value_label(formats: dict, axis: str) -> str:
    return f"{formats['prefix']}%{{{axis}:{formats['hoverformat']}}}{formats['suffix']}"


def _hover(series: Series, table: ChartTable, category: str, value: str) -> str:
    return f"{_series_line(series, table)}%{{{category}}}<br>{value}<extra></extra>"


def _series_line(series: Series, table: ChartTable) -> str:
    """The series' name as the hover label's first line, when there are
    several. Not in Plotly's <extra> box: that box draws the name in the
    series' colour on a translucent white box, which reaches neither 4.5:1
    on the dark scheme nor over a light mark."""
    return f"{plotly_text(series.name)}<br>" if len(table.series) > 1 else ""


def _x_axis(table: ChartTable, spec: ChartSpec) -> dict:
    axis = {
        "title": {"text": plotly_text(spec.x_title or humanize(table.x_name))},
        "automargin": True,
    }
    if table.x_kind == "text":
        axis["type"] = "category"
    elif table.x_kind in ("date", "datetime"):
        axis["type"] = "date"
    return axis


def _value_axis(table: ChartTable, spec: ChartSpec, formats: dict) -> dict:
    title = spec.y_title or (
        humanize(table.value_name)
        if len(table.series) == 1 or table.group_name
        else "Value"
    )
    axis = {
        "title": {"text": plotly_text(title)},
        "tickformat": formats["tickformat"],
        "rangemode": "tozero" if table.chart_type in ("bar", "area") else "normal",
        "automargin": True,
    }
    if formats["prefix"]:
        axis["tickprefix"] = formats["prefix"]
    if formats["suffix"]:
        axis["ticksuffix"] = formats["suffix"]
    return axis


def _legend() -> dict:
    """Above the plot: below it, the legend met the x tick labels, which
    Plotly turns and lengthens as a narrow screen or long names need."""
    return {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0}


# --- trace builders ------------------------------------------------------------


def _bar(table: ChartTable, spec: ChartSpec, formats: dict, points: list):
    horizontal = spec.orientation == "h"
    category, value = ("y", "x") if horizontal else ("x", "y")
    label_bars = len(table.series) == 1 and len(table.x_values) <= TEXT_LABELS_UP_TO
    traces = []
    several = len(table.series) > 1
    for index, (series, (xs, ys)) in enumerate(zip(table.series, points, strict=True)):
        trace = {
            "type": "bar",
            "name": plotly_text(series.name),
            "orientation": "h" if horizontal else "v",
            "hovertemplate": _hover(
                series, table, category, _value_label(formats, value)
            ),
            category: xs,
            value: ys,
        }
        pattern = bar_pattern(index) if several else None
        if pattern:
            trace["marker"] = {"pattern": pattern}
        if label_bars:
            # Outside the bar, upright, at full size: inside a short bar
            # Plotly would shrink and rotate the label until it cannot be
            # read. The text is the data table's. charts.js makes room for
            # the labels, and turns or drops them where bars are too narrow.
            trace.update(
                text=[
                    plotly_text(format_value(v, table.y_format, table.currency))
                    for v in ys
                ],
                textposition="outside",
                textangle=0,
                constraintext="none",
                cliponaxis=False,
            )
        traces.append(trace)
    layout = {
        "barmode": "stack" if spec.stack else "group",
        f"{category}axis": _x_axis(table, spec),
        f"{value}axis": _value_axis(table, spec, formats),
        "legend": _legend(),
    }
    if horizontal:
        layout["yaxis"]["autorange"] = "reversed"
    return traces, layout


def _line_like(table: ChartTable, spec: ChartSpec, formats: dict, points: list):
    traces = []
    several = len(table.series) > 1
    for index, (series, (xs, ys)) in enumerate(zip(table.series, points, strict=True)):
        trace = {
            "type": "scatter",
            "name": plotly_text(series.name),
            "x": xs,
            "y": ys,
            "hovertemplate": _hover(series, table, "x", _value_label(formats, "y")),
        }
        if table.chart_type == "scatter":
            trace.update(mode="markers", marker=marker_style(index))
        else:
            # Several series: each line keeps its markers, however long,
            # since the markers' shapes are half of what tells them apart.
            markers = several or len(xs) <= MARKERS_UP_TO
            trace["mode"] = "lines+markers" if markers else "lines"
            trace.update(line_style(index, markers=markers))
            if markers and len(xs) > MARKERS_UP_TO:
                trace["marker"]["maxdisplayed"] = MARKERS_THINNED_TO
        if None in ys:
            trace["connectgaps"] = False  # Plotly's default, said out loud
        if table.chart_type == "area":
            if spec.stack:
                trace["stackgroup"] = "one"
            else:
                trace["fill"] = "tozeroy"
        traces.append(trace)
    layout = {
        "xaxis": _x_axis(table, spec),
        "yaxis": _value_axis(table, spec, formats),
        "hovermode": "closest",
        "legend": _legend(),
    }
    return traces, layout


def _wrapped(label: str, width: int = WRAP_LABELS_AT) -> str:
    """A slice's label in lines of about ``width`` characters, broken at
    spaces only (the label is escaped already: an entity has no space)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines) or label


def _slice_names(table: ChartTable) -> list[str]:
    """Each plotted slice's name as the data table writes it ("Mar 22,
    2010", "1,200"), wrapped; a row without a value has no slice."""
    return [
        _wrapped(
            plotly_text(format_x(x, table.x_kind, table.x_format, table.x_currency))
        )
        for x, value in zip(table.x_values, table.series[0].values, strict=True)
        if value is not None
    ]


def _pie(table: ChartTable, spec: ChartSpec, formats: dict, points: list):
    labels, values = points[0]
    trace = dict(
        type="pie",
        labels=labels,
        values=values,
        sort=False,
        direction="clockwise",
        # Each slice says what it is and its share, so that no reader has
        # to match colours against the legend: inside the slice where the
        # words fit at full size, else beside it (Plotly draws a leader line
        # where it moves a label away from its slice). Upright, never turned;
        # long names wrapped, so that a label beside the pie leaves it room.
        # A pie so labelled needs no legend. Where the labels do not fit,
        # charts.js keeps those that fit inside and shows the legend.
        text=_slice_names(table),
        texttemplate="%{text}<br>%{percent}",
        textposition="auto",
        insidetextorientation="horizontal",
        automargin=True,
        hole=DONUT_HOLE if table.chart_type == "donut" else 0,
        hovertemplate=(
            f"%{{label}}<br>{_value_label(formats, 'value')} (%{{percent}})"
            "<extra></extra>"
        ),
    )
    layout = {"showlegend": False, "legend": _legend()}
    return [trace], layout


def _funnel(table: ChartTable, spec: ChartSpec, formats: dict, points: list):
    """A centred bar per stage (plotly.js's own funnel trace is not in the
    basic bundle we ship; see README)."""
    stages, values = points[0]
    first = values[0] if values and values[0] else None
    widest = max(values, default=0)
    shares = [f"{v / first * 100:.3g}%" if first else "" for v in values]
    shown = [
        plotly_text(format_value(v, table.y_format, table.currency)) for v in values
    ]
    across = spec.orientation == "h"
    category, value = ("x", "y") if across else ("y", "x")
    trace = dict(
        type="bar",
        orientation="v" if across else "h",
        base=[compact_number(-v / 2) for v in values],
        customdata=[[a, b] for a, b in zip(shown, shares, strict=True)],
        texttemplate="%{customdata[0]}<br>%{customdata[1]}",
        # Inside the wide stages, beside the narrow ones: either way upright
        # and unclipped.
        textposition=[
            "inside" if widest and v >= widest * FUNNEL_LABEL_INSIDE else "outside"
            for v in values
        ],
        insidetextanchor="middle",
        textangle=0,
        cliponaxis=False,
        hovertemplate=(
            f"%{{{category}}}<br>%{{customdata[0]}}<br>%{{customdata[1]}} of the "
            "first stage<extra></extra>"
        ),
        **{category: stages, value: values},
    )
    # Room beside the narrow stages for their labels.
    half = widest / 2 if widest else 1
    hidden = {
        "visible": False,
        "fixedrange": True,
        "range": [compact_number(-half * 1.05), compact_number(half * 1.45)],
    }
    layout = {
        f"{category}axis": {**_x_axis(table, spec), "title": {"text": ""}},
        f"{value}axis": hidden,
        "bargap": 0.08,
    }
    if not across:
        layout["yaxis"]["autorange"] = "reversed"
    return [trace], layout


def _histogram(table: ChartTable, spec: ChartSpec, formats: dict, points: list):
    traces = []
    low, high = table.x_values[0]
    width = compact_number(high - low)
    # Bins read in the column's unit, as in the data table: "10%–20%".
    labels = [
        plotly_text(format_x(edges, "bin", table.x_format, table.x_currency))
        for edges in table.x_values
    ]
    several = len(table.series) > 1
    for index, (series, (xs, ys)) in enumerate(zip(table.series, points, strict=True)):
        trace = dict(
            type="bar",
            name=plotly_text(series.name),
            x=xs,
            y=ys,
            width=width,
            customdata=labels,
            hovertemplate=(
                f"{_series_line(series, table)}%{{customdata}}<br>%{{y:,}} values"
                "<extra></extra>"
            ),
        )
        pattern = bar_pattern(index) if several else None
        if pattern:
            trace["marker"] = {"pattern": pattern}
        traces.append(trace)
    x_axis = _x_axis(table, spec)
    x_axis.pop("type", None)
    x_formats = _plotly_formats(table.x_format, table.x_currency, [])
    x_axis["tickformat"] = x_formats["tickformat"]
    if x_formats["prefix"]:
        x_axis["tickprefix"] = x_formats["prefix"]
    if x_formats["suffix"]:
        x_axis["ticksuffix"] = x_formats["suffix"]
    layout = {
        "barmode": "stack",
        "bargap": 0.04,
        "xaxis": x_axis,
        "yaxis": {
            "title": {"text": plotly_text(spec.y_title or "Count")},
            "tickformat": ",",
            "rangemode": "tozero",
            "automargin": True,
        },
        "legend": _legend(),
    }
    return traces, layout


TRACE_BUILDERS = {
    "bar": _bar,
    "line": _line_like,
    "area": _line_like,
    "scatter": _line_like,
    "pie": _pie,
    "donut": _pie,
    "funnel": _funnel,
    "histogram": _histogram,
}
