"""ChartSpec + CSV -> the one small table every output is made from.

The Plotly traces, the data table under the chart, the generated
description and the feed all read this :class:`ChartTable`, so they cannot
disagree. It is in wide form: one row per x value, one column per series.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace

from .csvread import CsvData
from .dates import to_dates
from .errors import ChartError, ChartWarning
from .numbers import NumberColumn, looks_numeric, to_numbers
from .spec import ChartSpec

CONTINUOUS_KINDS = ("number", "date", "datetime")
DUPLICATES_MATTER = ("bar", "line", "area", "pie", "donut", "funnel")
DEFAULT_MAX_BINS = 30
LINES_LISTED = 8
# What exports write in the first cell of a totals row, lower case.
TOTALS_LABELS = frozenset(
    (
        "total",
        "totals",
        "grand total",
        "sum",
        "gesamt",
        "gesamtsumme",
        "summe",
        "total général",
        "totaal",
        "totale",
        "somme",
    )
)

Value = float | str | dt.datetime | None

AGGREGATORS: dict[str, Callable[[list[float]], float]] = {
    "sum": math.fsum,
    "mean": statistics.fmean,
    "median": statistics.median,
    "min": min,
    "max": max,
}


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Value, ...]
    kind: str = "number"  # "number" or "text" (text only in table charts)
    # Table charts: each cell as the CSV wrote it ("41.2%", "$4,210.50"),
    # which is what the table shows; ``values`` still sort and fill data-value.
    texts: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ChartTable:
    """What a chart shows, and how its values should read."""

    chart_type: str
    x_name: str
    x_kind: str  # "text", "number", "date", "datetime" or "bin"
    x_values: tuple
    series: tuple[Series, ...]
    value_name: str
    y_format: str = "number"
    currency: str | None = None
    aggregate: str | None = None
    group_name: str | None = None
    source_rows: int = 0
    # For the author, not the reader: what the chart leaves out.
    warnings: tuple[ChartWarning, ...] = ()
    # Table charts: the x cells as the CSV wrote them (see Series.texts).
    x_texts: tuple[str, ...] | None = None
    # Histograms: the unit the binned column was written in, so that bins
    # read "10%–20%" or "$100–$200".
    x_format: str = "number"
    x_currency: str | None = None

    @property
    def point_count(self) -> int:
        return len(self.x_values) * max(len(self.series), 1)


def build_table(spec: ChartSpec, data: CsvData, *, max_points: int) -> ChartTable:
    if spec.type == "table":
        table = _plain_table(spec, data)
    elif spec.type == "histogram":
        table = _histogram(spec, data)
    else:
        table = _series_table(spec, data)
    return finish_table(spec, table, max_points=max_points)


def finish_table(spec: ChartSpec, table: ChartTable, *, max_points: int) -> ChartTable:
    """Sort and limit a table as the block says, within the point budget."""
    table = _sort_and_limit(spec, table)
    if table.point_count > max_points:
        raise ChartError(
            f"the chart would plot {table.point_count:,} points "
            f"({len(table.x_values):,} x values × {len(table.series)} series), "
            f"over the budget of {max_points:,} (CHARTS_MAX_POINTS); add "
            "'aggregate: sum' (or mean, count…) to combine rows per x value, "
            "or 'limit:' to keep the first rows"
        )
    return table


# --- typed columns ------------------------------------------------------------


@contextmanager
def at_key(spec: ChartSpec, key: str) -> Iterator[None]:
    """Point an error about a column at the block line that names it."""
    try:
        yield
    except ChartError as error:
        if error.line is None:
            error.line = spec.line_of(key)
        raise


def _x_column(spec: ChartSpec, data: CsvData, name: str) -> tuple[str, list]:
    """The x column typed as dates, numbers or text, in that order of trial."""
    with at_key(spec, "x"):
        return _typed_x(spec, data, name)


def _typed_x(spec: ChartSpec, data: CsvData, name: str) -> tuple[str, list]:
    cells = data.cells(name, key="x column")
    return typed_cells(spec, data, cells, data.lines, name)


def typed_cells(
    spec: ChartSpec,
    data: CsvData,
    cells: Sequence[str],
    lines: Sequence[int],
    name: str,
) -> tuple[str, list]:
    """An x column's cells (on these lines) typed as dates, numbers or
    text, in that order of trial; ``data`` gives the file's label, delimiter
    and decimal mark. The engine path (bigcsv.py) passes each distinct cell
    once, on the first line it appears: every rule here goes by the first
    cell of a kind, or by all of them, so the answer is the same."""
    dates = to_dates(cells, lines, name, data.label, date_format=spec.date_format)
    if dates is not None:
        return ("datetime" if dates.has_time else "date"), list(dates.values)
    if looks_numeric(cells):
        numbers = read_numbers(spec, data, cells, lines, name)
        return "number", list(numbers.values)
    return "text", [cell.strip() for cell in cells]


def _numbers(spec: ChartSpec, data: CsvData, cells: list[str], name: str):
    return read_numbers(spec, data, cells, data.lines, name)


def read_numbers(
    spec: ChartSpec,
    data: CsvData,
    cells: Sequence[str],
    lines: Sequence[int],
    name: str,
) -> NumberColumn:
    """A column's cells as numbers, read the way the block and file say."""
    return to_numbers(
        cells,
        lines,
        name,
        data.label,
        decimal=spec.decimal,
        delimiter=data.delimiter,
        file_decimal=lambda: data.decimal_hint,
    )


def _y_column(spec: ChartSpec, data: CsvData, name: str) -> NumberColumn:
    with at_key(spec, "y"):
        cells = data.cells(name, key="y column")
        return _numbers(spec, data, cells, name)


def _group_cells(spec: ChartSpec, data: CsvData) -> list[str] | None:
    if not spec.group:
        return None
    with at_key(spec, "group"):
        return [group_name(cell) for cell in data.cells(spec.group, key="group column")]


def group_name(cell: str) -> str:
    return cell.strip() or "(blank)"


def _formats(
    spec: ChartSpec, columns: Sequence[NumberColumn]
) -> tuple[str, str | None]:
    """The y format the author asked for, or the one the cells were written in."""
    units = {column.unit for column in columns}
    symbols = {column.symbol for column in columns if column.symbol}
    symbol = spec.currency or (symbols.pop() if len(symbols) == 1 else None)
    if spec.y_format:
        return spec.y_format, (symbol or "$") if spec.y_format == "currency" else None
    if units == {"percent"}:
        return "percent", None
    if units == {"currency"} and symbol:
        return "currency", symbol
    return "number", None


# --- chart tables ---------------------------------------------------------------


def _series_table(spec: ChartSpec, data: CsvData) -> ChartTable:
    refuse_totals_rows(spec, data, spec.x)
    x_kind, xs = _x_column(spec, data, spec.x)
    y_columns = [_y_column(spec, data, name) for name in spec.y]
    groups = _group_cells(spec, data)
    keep, warnings = _rows_with_x(spec, data, xs, "chart")
    if spec.aggregate:
        series, x_values = _aggregate(spec, xs, y_columns, groups, keep)
    else:
        series, x_values = _pivot(spec, data, xs, y_columns, groups, keep)
    return series_table(
        spec, x_kind, x_values, series, y_columns, len(data.rows), warnings
    )


def series_table(
    spec: ChartSpec,
    x_kind: str,
    x_values: Sequence,
    series: Sequence[Series],
    y_columns: Sequence[NumberColumn],
    source_rows: int,
    warnings: tuple[ChartWarning, ...],
) -> ChartTable:
    """The table of a bar, line, area, scatter, pie, donut or funnel chart."""
    if spec.type in ("pie", "donut"):
        _check_parts(spec, x_values, series[0])
    y_format, currency = _formats(spec, y_columns)
    if spec.aggregate == "count":
        y_format, currency = "number", None
    value_name = (
        "count" if spec.aggregate == "count" and not spec.y else " / ".join(spec.y)
    )
    return ChartTable(
        spec.type,
        spec.x,
        x_kind,
        tuple(x_values),
        tuple(series),
        value_name,
        y_format,
        currency,
        spec.aggregate,
        spec.group,
        source_rows,
        warnings,
    )


def _rows_with_x(spec, data, xs, what: str) -> tuple[list[int], tuple]:
    """The rows that have an x value, and a warning naming those that do
    not (an empty cell, or n/a in a column of dates or numbers)."""
    keep = [i for i, x in enumerate(xs) if x is not None and x != ""]
    if len(keep) == len(xs):
        return keep, ()
    if not keep:
        raise no_x_values(spec, data.label)
    missing = [data.lines[i] for i, x in enumerate(xs) if x is None or x == ""]
    return keep, (missing_x_warning(spec, data.label, missing, len(missing), what),)


def no_x_values(spec: ChartSpec, label: str) -> ChartError:
    return ChartError(
        f"{label}: column '{spec.x}' has no values; every row is empty "
        "there, so there is nothing to chart",
        line=spec.line_of("x"),
    )


def missing_x_warning(
    spec: ChartSpec, label: str, lines: Sequence[int], count: int, what: str
) -> ChartWarning:
    """Rows without an x value, named by their lines: ``lines`` holds the
    first LINES_LISTED of them at least, ``count`` says how many there are."""
    rows = "this row is" if count == 1 else f"these {count:,} rows are"
    return ChartWarning(
        f"{label}, {_lines_phrase(lines, count)}: no value in column '{spec.x}'; "
        f"{rows} left out of the {what}",
        line=spec.line_of("x"),
    )


def _lines_phrase(lines: Sequence[int], count: int) -> str:
    """line 4 / lines 4 and 9 / lines 4, 9, 12 … and 30 more."""
    shown = [f"{line:,}" for line in lines[:LINES_LISTED]]
    if count > LINES_LISTED:
        shown.append(f"{count - LINES_LISTED:,} more")
    if len(shown) == 1:
        return f"line {shown[0]}"
    return f"lines {', '.join(shown[:-1])} and {shown[-1]}"


def refuse_totals_rows(spec: ChartSpec, data: CsvData, x_name: str) -> None:
    """A first or last row named Total (Grand total, Summe…) would be drawn
    as one more bar or point, the size of all the others together. Unless
    the block says which rows to leave out ('skip_footer', even 0), refuse
    it and say how to skip it."""
    if spec.skip_footer is not None:
        return
    with at_key(spec, "x"):
        columns = dict.fromkeys((0, data.index(x_name, key="x column")))
    for position in dict.fromkeys((0, len(data.rows) - 1)):
        row = data.rows[position]
        label = next(
            (
                row[c].strip()
                for c in columns
                if row[c].strip().casefold().rstrip(":") in TOTALS_LABELS
            ),
            None,
        )
        if label is None:
            continue
        line = data.lines[position]
        fix = (
            "'skip_footer: 1'"
            if position == len(data.rows) - 1
            else f"'skip_rows: [{line}]'"
        )
        raise ChartError(
            f"{data.label}, line {line}: '{label}' looks like a totals row, which "
            f"would be charted as one more value; add {fix} to the chart block to "
            "leave it out, or 'skip_footer: 0' to chart it"
        )


def _series_names(spec, groups, keep) -> list[str]:
    if groups is None:
        return list(spec.y) or ["count"]
    names: dict[str, None] = {}
    for i in keep:
        names.setdefault(groups[i], None)
    return list(names)


def _aggregate(spec, xs, y_columns, groups, keep):
    """One value per x (and group): rows bucketed column by column, which for
    100,000-row exports is most of a chart's cost."""
    names = _series_names(spec, groups, keep)
    kept_x = [xs[i] for i in keep]
    x_values = list(dict.fromkeys(kept_x))  # first-seen order
    if groups is None:
        plan = [
            (name, kept_x, column)
            for name, column in zip(names, y_columns or [None], strict=False)
        ]
    else:
        keys = list(zip(kept_x, [groups[i] for i in keep], strict=True))
        plan = [(None, keys, y_columns[0] if y_columns else None)]
    results = {}
    for name, keys, column in plan:
        values = None if column is None else [column.values[i] for i in keep]
        results[name] = _bucket(keys, values, spec.aggregate)
    return aggregated_series(names, x_values, results, groups is not None), x_values


def aggregated_series(
    names: Sequence[str], x_values: Sequence, results: dict, grouped: bool
) -> list[Series]:
    """One series per name from aggregated values: ``results`` maps each
    y column's name to {x: value}, or, with a group, None to {(x, group):
    value}; an x without a value there is None in the series."""
    series = []
    for name in names:
        if grouped:
            result = results[None]
            row = [result.get((x, name)) for x in x_values]
        else:
            result = results[name]
            row = [result.get(x) for x in x_values]
        series.append(Series(name, tuple(row)))
    return series


def _bucket(keys: list, values: list | None, how: str) -> dict:
    """Aggregate ``values`` by ``keys``; count counts rows, missing y too."""
    if how == "count":
        return {key: float(n) for key, n in Counter(keys).items()}
    buckets: dict = defaultdict(list)
    for key, value in zip(keys, values, strict=True):
        if value is not None:
            buckets[key].append(value)
    combine = AGGREGATORS[how]
    return {key: combine(bucket) for key, bucket in buckets.items()}


def _pivot(spec, data, xs, y_columns, groups, keep):
    if groups is None:
        return _columns_as_series(spec, data, xs, y_columns, keep)
    names = _series_names(spec, groups, keep)
    seen: dict[tuple, int] = {}
    positions: dict = {}
    cells: dict[tuple, float | None] = {}
    for i in keep:
        x = xs[i]
        group = groups[i] if groups is not None else None
        if (x, group) in seen and spec.type in DUPLICATES_MATTER:
            shown = x.strftime("%Y-%m-%d") if isinstance(x, dt.datetime) else x
            where = f" in group '{group}'" if group is not None else ""
            raise ChartError(
                f"{data.label}: x value '{shown}'{where} appears on lines "
                f"{seen[(x, group)]} and {data.lines[i]}; add 'aggregate: sum' "
                "(or mean, max…) to combine rows with the same x"
            )
        seen[(x, group)] = data.lines[i]
        if spec.type == "scatter":
            positions[len(positions)] = x  # every row is a point of its own
            key_x = len(positions) - 1
        else:
            positions.setdefault(x, x)
            key_x = x
        if groups is None:
            for name, column in zip(names, y_columns, strict=True):
                cells[(key_x, name)] = column.values[i]
        else:
            cells[(key_x, group)] = y_columns[0].values[i]
    keys = list(positions)
    x_values = [positions[key] for key in keys]
    series = [
        Series(name, tuple(cells.get((key, name)) for key in keys)) for name in names
    ]
    return series, x_values


def _columns_as_series(spec, data, xs, y_columns, keep):
    """Without a group, each y column is a series and each row a point: the
    common case, done column by column rather than cell by cell."""
    x_values = [xs[i] for i in keep]
    if spec.type in DUPLICATES_MATTER and len(set(x_values)) != len(x_values):
        first: dict = {}
        for i in keep:
            if xs[i] in first:
                x = xs[i]
                shown = x.strftime("%Y-%m-%d") if isinstance(x, dt.datetime) else x
                raise ChartError(
                    f"{data.label}: x value '{shown}' appears on lines "
                    f"{first[x]} and {data.lines[i]}; add 'aggregate: sum' "
                    "(or mean, max…) to combine rows with the same x"
                )
            first[xs[i]] = data.lines[i]
    series = [
        Series(name, tuple(column.values[i] for i in keep))
        for name, column in zip(spec.y, y_columns, strict=True)
    ]
    return series, x_values


def _check_parts(spec, x_values, series: Series) -> None:
    for x, value in zip(x_values, series.values, strict=True):
        if value is not None and value < 0:
            raise ChartError(
                f"a {spec.type} chart shows parts of a whole, but '{x}' has the "
                f"negative value {value:g}; use a bar chart"
            )
    if not any(value for value in series.values if value is not None):
        raise ChartError(f"a {spec.type} chart needs at least one positive value")


# --- histogram -----------------------------------------------------------------


def _histogram(spec: ChartSpec, data: CsvData) -> ChartTable:
    refuse_totals_rows(spec, data, spec.x)
    with at_key(spec, "x"):
        cells = data.cells(spec.x, key="x column")
        numbers = _numbers(spec, data, cells, spec.x)
    groups = _group_cells(spec, data)
    present, warnings = _rows_with_x(spec, data, numbers.values, "histogram")
    values = [numbers.values[i] for i in present]
    low, high = min(values), max(values)
    bins = spec.bins or min(DEFAULT_MAX_BINS, math.ceil(math.log2(len(values))) + 1)
    width = (high - low) / bins if high > low else 1.0
    edges = [low + width * k for k in range(bins)] + [low + width * bins]
    names = _series_names(spec, groups, present) if groups else ["count"]
    counts = {name: [0] * bins for name in names}
    for i in present:
        k = min(int((numbers.values[i] - low) / width), bins - 1)
        counts[groups[i] if groups else "count"][k] += 1
    x_values = tuple((edges[k], edges[k + 1]) for k in range(bins))
    series = tuple(
        Series(name, tuple(float(c) for c in counts[name])) for name in names
    )
    return ChartTable(
        "histogram",
        spec.x,
        "bin",
        x_values,
        series,
        "count",
        "number",
        None,
        "count",
        spec.group,
        len(data.rows),
        warnings,
        x_format=numbers.unit or "number",
        x_currency=(spec.currency or numbers.symbol)
        if numbers.unit == "currency"
        else None,
    )


# --- plain table ---------------------------------------------------------------


def _plain_table(spec: ChartSpec, data: CsvData) -> ChartTable:
    """The CSV's columns as they are. Cells keep the text the CSV wrote
    (``41.2%``, ``$4,210.50``) for display, beside their typed values for
    sorting and data-value; a ``y_format`` in the block formats the numbers
    instead."""
    x_name = spec.x or data.names[0]
    x_kind, xs = _x_column(spec, data, x_name)
    with at_key(spec, "x"):
        x_cells = tuple(c.strip() for c in data.cells(x_name, key="x column"))
    if x_kind != "text" and any(x is None for x in xs):
        # A table keeps its rows with a blank first cell; as typed values
        # they would have no date or number to show, so show the text.
        x_kind, xs = "text", list(x_cells)
    as_written = spec.y_format is None
    names = list(spec.y) if spec.y else [n for n in data.names if n != x_name]
    series = []
    y_columns = []
    for name in names:
        with at_key(spec, "y"):
            cells = data.cells(name, key="column")
        if looks_numeric(cells):
            with at_key(spec, "y"):
                column = _numbers(spec, data, cells, name)
            y_columns.append(column)
            texts = tuple(c.strip() for c in cells) if as_written else None
            series.append(Series(name, column.values, texts=texts))
        else:
            series.append(Series(name, tuple(c.strip() for c in cells), "text"))
    y_format, currency = _formats(spec, y_columns)
    return ChartTable(
        "table",
        x_name,
        x_kind,
        tuple(xs),
        tuple(series),
        " / ".join(names),
        y_format,
        currency,
        None,
        None,
        len(data.rows),
        x_texts=None if x_kind == "text" else x_cells,
    )


# --- sort and limit -------------------------------------------------------------


def _sort_and_limit(spec: ChartSpec, table: ChartTable) -> ChartTable:
    order = list(range(len(table.x_values)))
    if spec.sort:
        key = _sort_key(spec, table)
        present = [i for i in order if key(i) is not None]
        missing = [i for i in order if key(i) is None]
        present.sort(key=key, reverse=spec.sort_descending)
        order = present + missing
    elif spec.type in ("line", "area") and table.x_kind in CONTINUOUS_KINDS:
        # A line drawn in file order would zigzag back in time.
        order.sort(key=lambda i: table.x_values[i])
    if spec.limit is not None:
        order = order[: spec.limit]
    if order == list(range(len(table.x_values))):
        return table

    def pick(column):
        return None if column is None else tuple(column[i] for i in order)

    return replace(
        table,
        x_values=pick(table.x_values),
        series=tuple(
            replace(s, values=pick(s.values), texts=pick(s.texts)) for s in table.series
        ),
        x_texts=pick(table.x_texts),
    )


def _sort_key(spec: ChartSpec, table: ChartTable):
    if spec.sort == table.x_name:
        return lambda i: _sortable(table.x_values[i])
    by_name = {s.name: s for s in table.series}
    if spec.sort in by_name:
        series = by_name[spec.sort]
        return lambda i: _sortable(series.values[i])
    if table.group_name and spec.sort in (*spec.y, "count"):

        def total(i):
            values = [s.values[i] for s in table.series if s.values[i] is not None]
            return math.fsum(values) if values else None

        return total
    choices = [table.x_name, *by_name]
    raise ChartError(
        f"sort: '{spec.sort}' is not a column of the chart; sort by one of: "
        f"{', '.join(choices)}",
        line=spec.line_of("sort"),
    )


def _sortable(value):
    if value is None or value == "":
        return None
    return value.casefold() if isinstance(value, str) else value
