"""The CSV behind "Download the data": exactly the plotted table.

An author's export often holds more than a chart shows: columns it never
plots, notes above the header, an account id, a subscriber's address. By
default a reader downloads a CSV made at build time from the one table every
output of the chart is made from, so it holds the values of the data table
under the chart and nothing else. ``download: raw`` publishes the author's
file as it is instead; ``download: none`` leaves out the link.

The file's name carries a hash of its bytes (``data/poll.3f2a9c1b7e.csv``):
the same table always gets the same name, a changed table a new one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import posixpath

from .format import compact_number, plot_columns
from .table import ChartTable

HASH_LENGTH = 10
# Spreadsheets read a cell starting with one of these as a formula (CSV
# injection); such a text cell is written with a leading apostrophe, as
# OWASP advises, so it opens as the text it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a CSV without a byte-order mark as Windows-1252: "€" and
# accents would come out garbled.
BOM = "\ufeff"


def header_row(table: ChartTable) -> list[str]:
    """The data table's column headings, as its <thead> shows them."""
    aggregate = (
        f" ({table.aggregate})"
        if table.aggregate and not (table.group_name or table.chart_type == "histogram")
        else ""
    )
    if table.x_kind == "bin":
        x_names = [f"{table.x_name} from", f"{table.x_name} to"]
    else:
        x_names = [table.x_name]
    return [*x_names, *(f"{series.name}{aggregate}" for series in table.series)]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return repr(value)


def table_rows(table: ChartTable, columns=None) -> list[tuple[str, ...]]:
    """One row per x value: the very values the data table's data-value
    attributes carry (ISO dates, plain numbers, bins as two numbers)."""
    xs, ys = columns or plot_columns(table)
    if table.x_kind == "bin":
        x_columns = [
            [_cell(compact_number(low)) for low, _ in table.x_values],
            [_cell(compact_number(high)) for _, high in table.x_values],
        ]
    else:
        x_columns = [[_cell(x) for x in xs]]
    value_columns = [[_cell(value) for value in series] for series in ys]
    return list(zip(*x_columns, *value_columns, strict=True))


def generated_csv(table: ChartTable, columns=None) -> str:
    """The table as CSV text (RFC 4180: quoted where needed, CRLF ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header_row(table)])
    writer.writerows(table_rows(table, columns))
    return BOM + buffer.getvalue()


def generated_name(source: str, text: str) -> str:
    """``data/poll.csv`` -> ``data/poll.<hash of the bytes>.csv``."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    folder, name = posixpath.split(source)
    stem = name[:-4] if name.lower().endswith(".csv") else name
    return posixpath.join(folder, f"{stem}.{digest}.csv")
