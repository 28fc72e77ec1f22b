"""The top of a big CSV file, read by the small path's own rules.

Everything above the first data rows (notes, skipped lines, the header,
the delimiter) is settled here in Python, by csvread's functions, on the
first megabytes of the file: the engine then reads only the data lines
below. The first data rows are kept too, as a CsvData: they are what
the small path looks at for the file's decimal mark.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .bigfile import FileFacts
from .csvread import (
    HINT_ROWS,
    SNIFF_LINES,
    CsvData,
    blank_skipped_lines,
    refuse_notes_on_top,
    skipped_lines,
    sniff_delimiter,
)
from .spec import ChartSpec

FIRST_READ = 1024 * 1024
MAX_HEAD = 64 * 1024 * 1024


class Declined(Exception):  # noqa: N818 (a decision, not a failure)
    """The engine path cannot promise the small path's result for this
    file; ``reason`` says why, ``fix`` what the author can change."""

    def __init__(self, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


@dataclass(frozen=True)
class Head:
    delimiter: str
    header: list[str]  # as written, unnamed columns included
    header_line: int
    data_start: int  # lines up to the header's end: the engine skips them
    data_offset: int  # the byte where the line after the header starts
    skipped: frozenset[int]  # lines skip_rows names
    # The first data rows (up to HINT_ROWS of them), with their lines; rows
    # of the footer are among them when the file is that short.
    rows: list[list[str]]
    lines: list[int]
    whole_file: bool  # the head is the whole file

    def sample(self, label: str, names, keep, count: int) -> CsvData:
        """The first data rows as the small path holds them, ``count`` being
        the number of data rows in the file (without the footer)."""
        rows = self.rows[: min(count, HINT_ROWS)]
        if keep is not None:
            rows = [[row[i] for i in keep] for row in rows]
        return CsvData(
            label,
            tuple(names),
            tuple(rows),
            tuple(self.lines[: len(rows)]),
            self.delimiter,
        )


def read_head(path: str, facts: FileFacts, spec: ChartSpec, label: str) -> Head:
    """The header and first data rows of ``path``, with the errors the small
    path raises about them (skip_rows out of range, notes above the header,
    an ambiguous delimiter)."""
    size = FIRST_READ
    skipped = None
    while True:
        data = _read(path, size, facts.size)
        whole = len(data) >= facts.size
        text = data.decode("utf-8-sig")
        if not text.strip():
            raise Declined("it holds nothing but blank lines", "export it again")
        if skipped is None:
            count = facts.line_count if spec.skip_rows else 0  # a pass of its own
            skipped = frozenset(skipped_lines(spec.skip_rows, count, label))
        head = _head(data, text, whole, spec, label, skipped)
        if head is not None:
            return head
        if size >= MAX_HEAD:
            raise Declined(
                "its header and first thousand rows are not within its first "
                f"{MAX_HEAD // (1024 * 1024)} MB",
                "remove what stands above the header",
            )
        size *= 4


def _read(path: str, size: int, file_size: int) -> bytes:
    """The first ``size`` bytes of the file, ending with a whole line."""
    with open(path, "rb") as file:
        data = file.read(size)
    if len(data) < file_size:
        data = data[: data.rfind(b"\n") + 1]
    return data


def _head(data, text, whole, spec, label, skipped) -> Head | None:
    """The Head, or None when ``text`` (the start of the file) is too short
    to tell."""
    text = blank_skipped_lines(text, spec.comment, skipped)
    if spec.comment is None:
        refuse_notes_on_top(text, label, spec.delimiter)
    if not whole and text.count("\n") <= SNIFF_LINES:
        return None
    delimiter = spec.delimiter or sniff_delimiter(text, label)
    wanted = HINT_ROWS + (spec.skip_footer or 0)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = header_line = data_start = None
    rows, lines = [], []
    end = 0
    try:
        for record in reader:
            first, end = end + 1, reader.line_num
            if not "".join(record).strip():
                continue
            if header is None:
                header, header_line, data_start = record, first, end
            elif first != end:
                raise Declined(
                    f"the quoted field that starts on line {first} runs on "
                    f"to line {end}",
                    "put each record on one line",
                )
            else:
                rows.append(record)
                lines.append(first)
                if len(rows) >= wanted:
                    break
    except csv.Error:
        if whole:
            raise Declined(
                f"line {reader.line_num} cannot be read as CSV",
                "check for an unclosed quote",
            ) from None
        return None
    if header is None:
        if whole:
            raise Declined("it has no header", "give it a header row")
        return None
    if not whole and len(rows) < wanted:
        return None
    return Head(
        delimiter=delimiter,
        header=[cell.strip() for cell in header],
        header_line=header_line,
        data_start=data_start,
        data_offset=_line_offset(data, data_start),
        skipped=skipped,
        rows=rows,
        lines=lines,
        whole_file=whole,
    )


def _line_offset(data: bytes, lines: int) -> int:
    """The byte at which line ``lines + 1`` starts."""
    offset = 0
    for _ in range(lines):
        offset = data.find(b"\n", offset) + 1
        if offset == 0:
            return len(data)
    return offset
