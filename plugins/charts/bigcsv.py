"""Aggregated charts of big CSV files, through an analytical engine.

Above CHARTS_ENGINE_THRESHOLD bytes, a chart with ``aggregate`` reads its
CSV here, with Polars (bigengine.py), instead of csvread.py's Python
reader: a five-million-row export then charts in seconds, not minutes.

The table it makes is the small path's, number for number, and so are
its errors. The engine does what is heavy (splitting millions of lines,
grouping and gathering) and Python decides what is subtle, with the small
path's own functions, on what stands for the whole:

- the top of the file (notes, skipped lines, the header, the delimiter)
  and its first thousand rows (the file's decimal mark) are read by the
  small path's rules, in Python (bighead.py);
- an x column is typed from its distinct cells, each on the first line it
  appears on; a y column is read from the first cell of each of its
  shapes (see bigengine.shape): every rule of dates.py, numbers.py and
  decimals.py goes by the first cell of a kind or by all of them, so
  the answer, and the line an error names, are the same;
- the engine then reads every cell as Python read the first cell of its
  shape, and the chart's numbers are checked against Python's for those
  first cells, bit for bit;
- Python aggregates, with the small path's functions (math.fsum, which
  rounds once, so the order of the rows does not matter).

Where the engine cannot promise that (a file that is not UTF-8, a quoted
field that spans lines, quotes Polars and Python's csv module split
differently, lone carriage returns), the file is Declined: the small path
reads it when it is within CHARTS_MAX_CSV_BYTES, and otherwise the author
gets an error that says what to change.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from .bigengine import polars
from .bigfile import scan_file
from .bighead import Declined, read_head
from .bigrows import BigData
from .csvread import CsvData, is_utf16
from .errors import ChartError
from .numbers import cell_reading
from .spec import ChartSpec
from .table import (
    AGGREGATORS,
    LINES_LISTED,
    ChartTable,
    aggregated_series,
    at_key,
    finish_table,
    group_name,
    missing_x_warning,
    no_x_values,
    read_numbers,
    refuse_totals_rows,
    series_table,
    typed_cells,
)

__all__ = ["ENGINE_TYPES", "Declined", "big_table", "engine_applies"]

ENGINE_TYPES = ("bar", "line", "area", "scatter", "pie", "donut", "funnel")
MAX_X_CELLS = 1_000_000  # distinct x cells typed in Python
ORDERED = ("median", "min", "max")  # aggregates that see the rows' order


def engine_applies(spec: ChartSpec, size: int, threshold: int) -> bool:
    """Whether a chart reads its CSV (of ``size`` bytes) through the engine."""
    return bool(spec.aggregate) and spec.type in ENGINE_TYPES and size >= threshold


def big_table(spec: ChartSpec, path: str, label: str, *, max_points: int) -> ChartTable:
    """The chart's table, as build_table would make it from the whole file
    (or Declined)."""
    facts = scan_file(path)
    facts.raise_text_errors(label, spec.encoding)
    if spec.encoding != "utf-8" or is_utf16(facts.start, spec.encoding):
        encoding = "UTF-16" if is_utf16(facts.start, spec.encoding) else spec.encoding
        raise Declined(
            f"it is {encoding} text", "save it as 'CSV UTF-8' and drop 'encoding:'"
        )
    if facts.lone_cr:
        raise Declined(
            "its lines end with a carriage return alone, as old Macs wrote them",
            "save it with Windows or Unix line ends",
        )
    head = read_head(path, facts, spec, label)
    with engine_failures():
        data = BigData.read(path, spec, label, head, facts.last_quote)
        table = _series(spec, data)
    return finish_table(spec, table, max_points=max_points)


# --- the chart's table, as table._series_table makes it ------------------------------


def _series(spec: ChartSpec, data: BigData) -> ChartTable:
    """table._series_table, step for step, on the engine's answers."""
    if spec.skip_footer is None:
        refuse_totals_rows(spec, _edges(spec, data), spec.x)
    ordered = spec.aggregate in ORDERED
    with at_key(spec, "x"):
        x = data.index(spec.x, key="x column")
        group = _quiet_index(data, spec.group, "group column")
        ys = [_quiet_index(data, name, "y column") for name in spec.y]
        found = [i for i in ys if i is not None]
        listed = [] if spec.aggregate == "count" else found[: 1 if group else None]
        pairs = data.cells.survey(x, group, found, listed, ordered)
        x_kind, x_of = _typed_x(spec, data, pairs)
    y_columns, tables, percents = [], {}, set()
    for name in spec.y:
        with at_key(spec, "y"):
            index = data.index(name, key="y column")
            column, table = _y_column(spec, data, index, name)
        y_columns.append(column)
        tables[index] = table
        if column.unit == "percent":
            percents.add(index)
    if spec.group:
        with at_key(spec, "group"):
            data.index(spec.group, key="group column")
    warnings = _missing_x(spec, data, pairs, x_of, x)
    x_values, names, x_key, g_key = _keys(spec, pairs, x_of, group)
    numbers = _numbers(spec, data, pairs, (x, group), listed, tables, percents)
    results = _aggregate(spec, pairs, x_key, g_key, numbers, listed)
    series = aggregated_series(
        names,
        x_values,
        {
            name: {_label(k, x_values, names): v for k, v in found.items()}
            for name, found in results.items()
        },
        group is not None,
    )
    return series_table(spec, x_kind, x_values, series, y_columns, data.rows, warnings)


@contextmanager
def engine_failures() -> Iterator[None]:
    """Polars failing (an error, or a panic of its Rust code) where the
    Python reader would not: the file is declined, never an internal error."""
    exceptions = polars().exceptions
    try:
        yield
    except (exceptions.PolarsError, exceptions.PanicException) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise Declined(
            f"the engine failed on it ({first})",
            "report it with the file if you can; the Python reader reads files "
            "up to CHARTS_MAX_CSV_BYTES",
        ) from None


def _quiet_index(data: BigData, name: str | None, key: str) -> int | None:
    """The raw column of ``name``, or None: its error is raised in its turn."""
    if not name:
        return None
    try:
        return data.index(name, key=key)
    except ChartError:
        return None


def _typed_x(spec: ChartSpec, data: BigData, pairs) -> tuple[str, dict]:
    """The x column typed from its distinct cells, each on its first line."""
    firsts: dict[str, int] = {}
    for cell, _, first, _, _ in pairs:
        firsts.setdefault(cell, first)
    if len(firsts) > MAX_X_CELLS:
        raise Declined(
            f"its column '{spec.x}' holds over {MAX_X_CELLS:,} different values",
            "chart a column with fewer values as x",
        )
    cells = list(firsts)
    lines = [data.line(first) for first in firsts.values()]
    x_kind, typed = typed_cells(spec, data.sample, cells, lines, spec.x)
    return x_kind, dict(zip(cells, typed, strict=True))


def _label(key, x_values, names):
    """A key of ids as the small path keys its buckets: x, or (x, group)."""
    if len(key) == 1:
        return x_values[key[0]]
    return (x_values[key[0]], names[key[1]])


def _edges(spec: ChartSpec, data: BigData) -> CsvData:
    """The first and last data rows, with the cells refuse_totals_rows
    reads (the first column and x); the others empty."""
    columns = {0: data.raw[0]}
    with suppress(ChartError):  # refuse_totals_rows raises it
        columns[data.sample.index(spec.x, key="x column")] = data.index(
            spec.x, key="x column"
        )
    rows, lines = [], []
    for position in dict.fromkeys((0, data.rows - 1)):
        r, cells = data.cells.row_at(position, list(columns.values()))
        row = [""] * len(data.names)
        for named, cell in zip(columns, cells, strict=True):
            row[named] = cell
        rows.append(row)
        lines.append(data.line(r))
    return CsvData(
        data.label, tuple(data.names), tuple(rows), tuple(lines), data.head.delimiter
    )


def _y_column(spec: ChartSpec, data: BigData, index: int, name: str):
    """The y column read from the first cell of each shape, and the engine's
    reading of every distinct cell, checked against Python's."""
    shapes = data.cells.shapes(index)
    cells = [cell for _, _, cell in shapes]
    lines = [data.line(first) for _, first, _ in shapes]
    column = read_numbers(spec, data.sample, cells, lines, name)
    recipe = {
        shape: cell_reading(cell, spec.decimal, column.mark)
        for shape, _, cell in shapes
    }
    table = data.cells.values(index, recipe, column.mark)
    percent = column.unit == "percent"
    _check_values(table, dict(zip(cells, column.values, strict=True)), name, percent)
    kinds = {kind for kind, _ in recipe.values()}
    return column, (None if kinds <= {"missing", "float"} else table)


def _check_values(table, expected: dict, name: str, percent: bool) -> None:
    """The engine must read each shape's first cell as Python did, and find
    a number in every cell whose shape holds one."""
    found = dict(
        table.filter(table["cell"].is_in(list(expected))).select("cell", "value").rows()
    )
    if percent:
        found = {cell: _percent(value) for cell, value in found.items()}
    for cell, value in expected.items():
        if not _same_float(found.get(cell), value):
            raise Declined(
                f"the engine reads {cell!r} in column '{name}' as "
                f"{found.get(cell)!r}, not {value!r}",
                "report it: the small path and the engine disagree",
            )
    kinds = table["kind"].to_list()
    values = table["value"].to_list()
    for cell, kind, value in zip(table["cell"].to_list(), kinds, values, strict=True):
        if (kind not in ("missing", None)) and value is None:
            raise Declined(
                f"the engine cannot read {cell!r} in column '{name}' as a number",
                "write it as the other cells of the column are written",
            )


def _same_float(a, b) -> bool:
    """Bit for bit: 0.0 and -0.0 differ (NaN does not occur here)."""
    if a is None or b is None:
        return a is None and b is None
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _missing_x(spec, data, pairs, x_of, x) -> tuple:
    """The warning for rows without an x value (or the error when no row
    has one), as table._rows_with_x words it."""
    missing = [cell for cell, value in x_of.items() if value is None or value == ""]
    if not missing:
        return ()
    gone = set(missing)
    count = sum(rows for cell, _, _, rows, _ in pairs if cell in gone)
    if count == data.rows:
        raise no_x_values(spec, data.label)
    first = data.cells.first_rows(x, missing, LINES_LISTED + 1)
    lines = [data.line(r) for r in first]
    return (missing_x_warning(spec, data.label, lines, count, "chart"),)


def _keys(spec, pairs, x_of, group):
    """x values and series names in the order the small path finds them
    (first seen among rows with an x), and the key number of each cell."""
    x_values: dict = {}
    names: dict = {}
    x_key, g_key = {}, {}
    for cell, group_cell, _, _, _ in pairs:
        value = x_of[cell]
        if value is None or value == "":
            continue
        x_key[cell] = x_values.setdefault(value, len(x_values))
        if group is not None:
            g_key[group_cell] = names.setdefault(group_name(group_cell), len(names))
    x_list = list(x_values)
    name_list = list(names) if group is not None else (list(spec.y) or ["count"])
    return x_list, name_list, x_key, g_key


def _numbers(spec, data, pairs, keys, listed, tables, percents) -> dict:
    """{(x cell, group cell): {y: numbers}}: from the survey, where a
    column reads as float() reads it, else read again by its table (and a
    percentage divided by 100 here, as numbers.py divides it)."""
    general = {i: tables[i] for i in listed if tables[i] is not None}
    ordered = spec.aggregate in ORDERED
    again = data.cells.pair_numbers(*keys, general, ordered) if general else {}
    numbers = {}
    for cell, group_cell, _, _, found in pairs:
        pair = (cell, group_cell)
        numbers[pair] = {**found, **again.get(pair, {})}
        for index in percents & set(general):
            values = numbers[pair][index]
            numbers[pair][index] = (
                [(r, _percent(v)) for r, v in values]
                if ordered
                else [_percent(v) for v in values]
            )
    return numbers


def _percent(value: float | None) -> float | None:
    return None if value is None else value / 100


def _aggregate(spec, pairs, x_key, g_key, numbers, listed) -> dict:
    """{series: {key ids: value}} as table._aggregate computes it (the
    series is None with a group, as there), with the same functions."""
    how = spec.aggregate
    grouped = bool(spec.group)
    buckets: dict = {}
    for cell, group_cell, _, rows, _ in pairs:
        if cell not in x_key:
            continue
        key = (x_key[cell], g_key[group_cell]) if grouped else (x_key[cell],)
        bucket = buckets.setdefault(key, {"rows": 0})
        bucket["rows"] += rows
        for index in listed:
            bucket.setdefault(index, []).append(numbers[(cell, group_cell)][index])
    series = [None] if grouped else (list(spec.y) or ["count"])
    if how == "count":
        return {
            name: {k: float(b["rows"]) for k, b in buckets.items()} for name in series
        }
    combine = AGGREGATORS[how]
    results: dict = {name: {} for name in series}
    for key, bucket in buckets.items():
        for name, index in zip(series, listed, strict=True):
            values = _merged(bucket[index], how in ORDERED)
            if values:
                results[name][key] = combine(values)
    return results


def _merged(parts: list[list], ordered: bool) -> list[float]:
    """The numbers of one bucket, gathered from its pairs (in row order
    for the aggregates that see it: parts hold (row, number) then)."""
    if not ordered:
        return parts[0] if len(parts) == 1 else [v for part in parts for v in part]
    return [value for _, value in heapq.merge(*parts)]
