"""What a drawn chart publishes besides its HTML, and what in it looks personal.

Worked out once when the chart is drawn and kept in the render cache with
its HTML, so a cached chart still tells the build which files to write or
copy and which columns to report.
"""

from __future__ import annotations

from dataclasses import dataclass

from .csvread import CsvData
from .download import generated_csv, generated_name
from .format import plot_columns
from .personal_data import Column, Finding, scan, scan_notes
from .table import ChartTable


@dataclass(frozen=True)
class ChartFiles:
    source: str  # the CSV, relative to content/: "data/poll.csv"
    download: str  # "generated", "raw" or "none"
    generated: str | None = None  # the generated CSV's name in the output
    csv_text: str | None = None  # and its text
    # Columns that look personal: in the table the chart shows (on the page,
    # in the feed, in the generated CSV), and in the raw file when the chart
    # publishes it.
    shown: tuple[Finding, ...] = ()
    raw: tuple[Finding, ...] = ()

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "download": self.download,
            "generated": self.generated,
            "csv_text": self.csv_text,
            "shown": [finding.to_json() for finding in self.shown],
            "raw": [finding.to_json() for finding in self.raw],
        }

    @classmethod
    def from_json(cls, value: dict) -> ChartFiles:
        return cls(
            source=str(value["source"]),
            download=str(value["download"]),
            generated=value.get("generated"),
            csv_text=value.get("csv_text"),
            shown=tuple(Finding.from_json(f) for f in value.get("shown", [])),
            raw=tuple(Finding.from_json(f) for f in value.get("raw", [])),
        )


def chart_files(
    source: str,
    download: str,
    table: ChartTable,
    csv: CsvData,
    raw_text: str,
    columns=None,
) -> ChartFiles:
    generated = text = None
    if download == "generated":
        text = generated_csv(table, columns)
        generated = generated_name(source, text)
    raw = scan_raw(csv, raw_text) if download == "raw" else ()
    return ChartFiles(
        source,
        download,
        generated,
        text,
        scan(shown_columns(table, csv, columns)),
        raw,
    )


def scan_raw(csv: CsvData, text: str) -> tuple[Finding, ...]:
    """Every column of the file, and the lines outside its table."""
    found = scan(
        Column(name, [row[i] for row in csv.rows], csv.lines)
        for i, name in enumerate(csv.names)
    )
    rows = set(csv.lines)
    notes = (
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if number not in rows
    )
    return found + scan_notes(notes)


def _first_lines(csv: CsvData, name: str | None) -> dict[str, int]:
    """Each cell text of a source column -> the first line holding it."""
    if not name:
        return {}
    try:
        index = csv.index(name)
    except Exception:
        return {}
    first: dict[str, int] = {}
    for row, line in zip(csv.rows, csv.lines, strict=True):
        first.setdefault(row[index].strip(), line)
    return first


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):  # a histogram's bin
        return "–".join(map(repr, value))
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def _column(name: str, cells: list[str], lines: dict[str, int], first: int | None):
    return Column(name, cells, [lines.get(cell.strip(), first) for cell in cells])


def shown_columns(table: ChartTable, csv: CsvData, columns=None) -> list[Column]:
    """The table a chart shows, as text columns, each cell with the line of
    the CSV it came from (where one line gave it; else the first row's)."""
    ys = (columns or plot_columns(table))[1]
    first = csv.lines[0] if csv.lines else None
    x_cells = (
        list(table.x_texts)
        if table.x_texts is not None
        else [_as_text(x) for x in table.x_values]
    )
    found = [_column(table.x_name, x_cells, _first_lines(csv, table.x_name), first)]
    if table.group_name:
        names = [series.name for series in table.series]
        found.append(
            _column(table.group_name, names, _first_lines(csv, table.group_name), first)
        )
    for series, plotted in zip(table.series, ys, strict=True):
        cells = (
            list(series.texts)
            if series.texts is not None
            else [_as_text(value) for value in plotted]
        )
        header = None if table.group_name else series.name
        lines = _first_lines(csv, header)
        found.append(_column(series.name if header else "", cells, lines, first))
    return [column for column in found if column.name or column.cells]
