"""ChartTable + figure -> the HTML a reader gets.

A <figure> whose caption holds the title, caption and source; the plot
container (filled by theme/static/js/charts.js from the JSON <script>); the
generated description; the data table of exactly the plotted values; and a
download link. Every text from the block or the data is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .format import compact_number, format_x, plot_columns, value_formatter
from .table import ChartTable

# Stands for the element id in cached fragments. html.escape turns "<" into
# "&lt;" and the JSON writer into "\u003c", so the token can never come from
# author text.
ID_TOKEN = "<<chart-id>>"


def _text(value: str | None) -> str:
    return escape(value or "", quote=True)


def caption_html(title: str | None, caption: str | None, source: str | None) -> str:
    """The figcaption. The title carries an id: it also names the table."""
    parts = []
    if title:
        parts.append(
            f'<strong class="chart__title" id="{ID_TOKEN}-title">{_text(title)}'
            "</strong>"
        )
    if caption:
        parts.append(f'<span class="chart__text">{_text(caption)}</span>')
    if source:
        parts.append(f'<span class="chart__source">Source: {_text(source)}</span>')
    if not parts:
        return ""
    return f'<figcaption class="chart__caption">{" ".join(parts)}</figcaption>'


def _value_cells(series, plotted, y_format: str, currency: str | None) -> list[str]:
    """<td> cells holding a number both for people and, in data-value, for
    machines (the very value plotted). A table chart shows each cell as the
    CSV wrote it, escaped; numbers we format need no escaping, a currency
    symbol from the block does."""
    if series.texts is not None:
        return [
            f'<td data-value="{"" if exact is None else repr(exact)}">'
            f"{_text(text)}</td>"
            for text, exact in zip(series.texts, plotted, strict=True)
        ]
    show = value_formatter(y_format, currency)
    if y_format == "currency":
        show = (lambda plain: lambda value: _text(plain(value)))(show)
    return [
        '<td data-value=""></td>'
        if value is None
        else f'<td data-value="{exact!r}">{show(value)}</td>'
        for value, exact in zip(series.values, plotted, strict=True)
    ]


def _x_cells(table: ChartTable, xs: list) -> list[str]:
    """The row headers: the x values, with data-value for machines."""
    kind = table.x_kind
    if kind == "text":
        return [f'<th scope="row" data-value="{_text(x)}">{_text(x)}</th>' for x in xs]
    # dates, numbers and bins are ours: their keys need no escaping
    keys = (
        [
            f"{compact_number(low)!r}/{compact_number(high)!r}"
            for low, high in table.x_values
        ]
        if kind == "bin"
        else xs
    )
    if table.x_texts is not None:  # a table chart: the cells as written
        shown = [_text(text) for text in table.x_texts]
    else:
        shown = [
            format_x(x, kind, table.x_format, table.x_currency) for x in table.x_values
        ]
    if table.x_format == "currency":  # the symbol may come from the block
        shown = [_text(text) for text in shown]
    return [
        f'<th scope="row" data-value="{key}">{text}</th>'
        for key, text in zip(keys, shown, strict=True)
    ]


def data_table_html(table: ChartTable, naming: str, columns=None) -> str:
    """The data table: exactly the plotted values. ``naming`` is the
    attribute that gives it an accessible name; ``columns`` is
    plot_columns(table), when the caller has it already."""
    xs, ys = columns or plot_columns(table)
    aggregate = (
        f" ({table.aggregate})"
        if table.aggregate and not (table.group_name or table.chart_type == "histogram")
        else ""
    )
    head = [f'<th scope="col">{_text(table.x_name)}</th>']
    head += [
        f'<th scope="col">{_text(series.name)}{_text(aggregate)}</th>'
        for series in table.series
    ]
    x_cells = _x_cells(table, xs)
    columns_html = [
        [f"<td>{_text(v)}</td>" for v in series.values]
        if series.kind == "text"
        else _value_cells(series, plotted, table.y_format, table.currency)
        for series, plotted in zip(table.series, ys, strict=True)
    ]
    if len(columns_html) == 1:  # the usual table: one value a row
        rows = [
            f"<tr>{x_cell}{cell}</tr>"
            for x_cell, cell in zip(x_cells, columns_html[0], strict=True)
        ]
    else:
        rows = [
            "<tr>" + x_cell + "".join(cells) + "</tr>"
            for x_cell, *cells in zip(x_cells, *columns_html, strict=True)
        ]
    return (
        f'<table class="chart__table" {naming}><thead><tr>{"".join(head)}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>"
    )


def table_naming(title: str | None, description: str, plotted: bool) -> str:
    """How the data table (and the scrolling box around it) is named: by
    the title in the figcaption, shown once; without a title, by the
    description (under the plot, or, for a table chart, which shows none,
    as aria-label)."""
    if title:
        return f'aria-labelledby="{ID_TOKEN}-title"'
    if plotted:
        return f'aria-labelledby="{ID_TOKEN}-desc"'
    return f'aria-label="{_text(description)}"'


def table_box_html(table_html: str, naming: str) -> str:
    """The box a wide table scrolls in. A region that scrolls must be
    reachable by keyboard (axe: scrollable-region-focusable), and a focusable
    box must say what it is: hence tabindex, a role and a name. "group" and
    not "region": one landmark per chart would crowd the page's landmarks,
    and two charts with one title would make two landmarks of one name."""
    return (
        f'<div class="chart__table-wrap" role="group" tabindex="0" {naming}>'
        f"{table_html}</div>"
    )


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


@dataclass(frozen=True)
class Download:
    """The "Download the data" link: an intrasite link Pelican resolves
    ({static}/... for the author's file, {filename}/... for the generated
    one), the file's size, and the name a browser saves it under."""

    href: str
    size: int
    save_as: str | None = None


def download_html(download: Download) -> str:
    save_as = f'="{_text(download.save_as)}"' if download.save_as else ""
    return (
        f'<p class="chart__download"><a href="{_text(download.href)}" '
        f"download{save_as}>Download the data (CSV, {human_size(download.size)})"
        "</a></p>"
    )


def chart_html(
    *,
    table: ChartTable,
    chart_type: str,
    figure_json: str | None,
    description: str,
    title: str | None,
    caption: str | None,
    source: str | None,
    alt: str | None,
    headline: str,
    height: int,
    download: Download | None,
    columns=None,
) -> str:
    """The whole <figure>, with ID_TOKEN where the element id goes.

    Every plot is named the same way: a short name (the author's alt text,
    or the description's one-line headline) and, as its description, the
    paragraph below it. Plotly's own SVG inside is hidden from assistive
    technology by charts.js, so a screen reader meets one image."""
    parts = [
        f'<figure class="chart chart--{chart_type}" id="{ID_TOKEN}">',
        caption_html(title, caption, source),
    ]
    naming = table_naming(title, description, figure_json is not None)
    table_html = table_box_html(data_table_html(table, naming, columns), naming)
    if figure_json is None:  # a table chart: the table is the figure
        parts.append(table_html)
    else:
        plot_naming = (
            f'aria-label="{_text(alt or headline)}" aria-describedby="{ID_TOKEN}-desc"'
        )
        parts += [
            f'<div class="chart__plot" id="{ID_TOKEN}-plot" role="img" {plot_naming} '
            f'data-chart="{ID_TOKEN}-data" data-feed-omit style="height:{height}px">'
            "</div>",
            f'<script type="application/json" id="{ID_TOKEN}-data">{figure_json}'
            "</script>",
            f'<p class="chart__description" id="{ID_TOKEN}-desc">'
            f"{_text(description)}</p>",
            '<details class="chart__data"><summary>Show the data table</summary>'
            f"{table_html}</details>",
        ]
    if download is not None:
        parts.append(download_html(download))
    parts.append("</figure>")
    return "".join(part for part in parts if part)


def error_html(location: str, message: str, block: str) -> str:
    """The visible box a development build shows in place of a broken chart."""
    return (
        '<div class="chart-error" role="alert">'
        '<p class="chart-error__title">Chart error</p>'
        f'<p class="chart-error__message">{_text(location)}: {_text(message)}</p>'
        f'<pre class="chart-error__source">{_text(block)}</pre></div>'
    )
