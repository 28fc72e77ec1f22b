"""What a drawn chart publishes besides its HTML, and what in it looks personal.

Worked out once when the chart is drawn and kept in the render cache with
its HTML, so a cached chart still tells the build which files to write or
copy and which columns to report.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from .csvread import CsvData
from .download import generated_csv, generated_name
from .errors import ChartError
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
    physical = io.StringIO(text, newline="").readlines()  # as csvread counts
    notes = (
        (number, line)
        for number, line in enumerate(physical, start=1)
        if number not in rows
    )
    return found + scan_notes(notes)


class _SourceLines(Sequence):
    """The CSV line each cell of a shown column came from: the first line
    whose cell in the source column reads the same (else the first data
    line). Worked out only when a finding asks: most charts have none."""

    def __init__(self, csv: CsvData, source: str | None, cells: list[str]) -> None:
        self.csv, self.source, self.cells = csv, source, cells
        self.first: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.cells)

    def __getitem__(self, index: int) -> int | None:
        if self.first is None:
            self.first = {}
            try:
                column = self.csv.index(self.source) if self.source else None
            except ChartError:  # a column the chart made, such as a count
                column = None
            if column is not None:
                for row, line in zip(self.csv.rows, self.csv.lines, strict=True):
                    self.first.setdefault(row[column].strip(), line)
        fallback = self.csv.lines[0] if self.csv.lines else None
        cell = self.cells[index]
        return (
            self.first.get(cell.strip(), fallback)
            if isinstance(cell, str)
            else fallback
        )


def _column(csv: CsvData, name: str, cells: list, source: str | None, typed=False):
    return Column(name, cells, _SourceLines(csv, source, cells), typed)


def shown_columns(table: ChartTable, csv: CsvData, columns=None) -> list[Column]:
    """The table a chart shows, each cell with the line of the CSV it came
    from (where one line gave it; else the first data line). Numbers and
    dates the chart typed stay values: only their header is read."""
    ys = (columns or plot_columns(table))[1]
    if table.x_texts is not None or table.x_kind == "text":
        x_cells, typed_x = list(table.x_texts or table.x_values), False
    else:
        x_cells, typed_x = list(table.x_values), True
    found = [_column(csv, table.x_name, x_cells, table.x_name, typed_x)]
    if table.group_name:
        names = [series.name for series in table.series]
        found.append(_column(csv, table.group_name, names, table.group_name))
    for series, plotted in zip(table.series, ys, strict=True):
        typed = series.kind == "number" and series.texts is None
        cells = list(series.texts if series.texts is not None else plotted)
        # Grouped series are named by a value of the group column: no header.
        header = None if table.group_name else series.name
        found.append(_column(csv, header or "", cells, header, typed))
    return [column for column in found if column.name or column.cells]
