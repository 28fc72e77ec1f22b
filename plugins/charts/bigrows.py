"""A big CSV's data rows, as the Python reader would hold them.

bighead.py reads the top of the file; here the engine (bigengine.py) reads
the data lines below it, and Python's csv module reads again, line by line,
the few the engine cannot settle alone: blank and comment lines, rows short
of cells or with cells to spare, lines a block skips. The small path's own
functions (clean_header, fit_row) then say what is wrong, if anything,
word for word, naming the same line.
"""

from __future__ import annotations

import bisect
import csv
from contextlib import suppress
from dataclasses import dataclass

from . import biglines
from .bigengine import Cells, EngineError
from .bigfile import count_from
from .bighead import Declined, Head
from .biglines import WIDE_ROWS
from .csvread import CsvData, clean_header, fit_row
from .errors import ChartError
from .spec import ChartSpec

# More candidate rows than this (blank, short or comment lines the engine
# cannot settle alone) and the file is declined: Python would read them.
MAX_CANDIDATES = 1_000_000


@dataclass
class BigData:
    """A big file's data rows, as the small path would hold them: the
    header's names, the raw column of each, the first rows (``sample``),
    and the engine's ``cells`` (the rest)."""

    label: str
    head: Head
    names: list[str]
    raw: list[int]  # the file's column of each name
    sample: CsvData
    cells: Cells
    rows: int

    def line(self, r: int) -> int:
        return self.head.data_start + r + 1

    def index(self, name: str, key: str) -> int:
        """The raw column of ``name``, or the small path's error."""
        return self.raw[self.sample.index(name, key=key)]

    @classmethod
    def read(
        cls, path: str, spec: ChartSpec, label: str, head: Head, last_quote: int
    ) -> BigData:
        width = len(head.header)
        quoted = last_quote >= head.data_offset
        comment = spec.comment
        if comment is not None and (head.delimiter in comment or '"' in comment):
            raise Declined(
                f"its comment mark {comment!r} holds a delimiter or a quote",
                "delete the comment lines",
            )
        wanted = _wanted(spec, head, label)
        if quoted:
            lines = _check_quotes(path, head, comment)
        try:
            cells = Cells.read(
                path,
                skip=head.data_start,
                width=width,
                delimiter=head.delimiter,
                quoted=quoted,
                wanted=wanted,
            )
        except EngineError as error:
            raise Declined(
                f"the engine could not read it ({error})",
                "check its quotes and delimiters",
            ) from None
        if quoted and cells.height != lines:
            # A quote on a line the small path blanks (a comment, a skipped
            # line) made Polars join lines: the rows are not the lines.
            raise Declined(
                "a quote on a comment or skipped line joins lines for the engine",
                "delete the quote, or the line",
            )
        excluded, ragged = _settle_candidates(path, spec, head, cells, wanted, quoted)
        footer = spec.skip_footer or 0
        total = cells.keep_rows(excluded, footer)
        if footer and footer >= total:
            raise ChartError(
                f"skip_footer: {footer} would leave out every row of {label}, "
                f"which has {total:,} below the header",
                key="skip_footer",
            )
        rows = total - footer
        _refuse_ragged_rows(head, cells, ragged, rows, footer, label)
        has_data = [
            "x" if not name and cells.any_data(i) else ""
            for i, name in enumerate(head.header)
        ]
        names, keep = clean_header(
            head.header, [has_data] if rows else [], label, head.header_line
        )
        if not rows:
            raise ChartError(
                f"{label} has a header ({', '.join(names)}) but no data rows"
            )
        raw = keep if keep is not None else list(range(width))
        sample = head.sample(label, names, keep, rows)
        return cls(label, head, names, raw, sample, cells, rows)


def _wanted(spec: ChartSpec, head: Head, label: str) -> list[int]:
    """The raw columns the engine reads: the chart's (those that exist),
    the first named one (totals rows), the last (short rows), unnamed ones
    (clean_header asks whether they hold data) and the first (comments)."""
    named = [i for i, name in enumerate(head.header) if name]
    standin = CsvData(label, tuple(head.header[i] for i in named), (), (), ",")
    wanted = {len(head.header) - 1, named[0] if named else 0}
    wanted |= {i for i, name in enumerate(head.header) if not name}
    if spec.comment is not None:
        wanted.add(0)
    for name in (spec.x, spec.group, *spec.y):
        if name:
            with suppress(ChartError):  # raised in its turn, as the small path would
                wanted.add(named[standin.index(name)])
    return sorted(wanted)


def _check_quotes(path: str, head: Head, comment: str | None) -> int:
    """Decline a file whose quotes are not all RFC 4180's; else the count of
    its lines below the header."""
    skipped = [
        line - head.data_start - 1 for line in head.skipped if line > head.data_start
    ]
    lines, odd = biglines.odd_quotes(
        path, head.data_start, head.delimiter, comment, skipped
    )
    if odd:
        raise Declined(
            f"the quotes on line {head.data_start + odd[0] + 1} are not the usual "
            "kind (a quote inside a cell that does not start with one, text after "
            "a closing quote, or a quoted cell that runs on over lines)",
            'quote whole cells, and write a quote inside one as ""',
        )
    return lines


def _settle_candidates(path, spec, head, cells, wanted, quoted):
    """(rows to leave out, rows of another width than the header's as
    (r, record)): the rows the engine cannot settle alone (see
    Cells.candidates, and the rows wider than the header) are read again by
    Python's csv module, line by line."""
    data_start, width = head.data_start, len(head.header)
    skipped = {line - data_start - 1 for line in head.skipped if line > data_start}
    candidates = set(cells.candidates(wanted, width - 1, spec.comment)) - skipped
    if len(candidates) > MAX_CANDIDATES:
        raise Declined(
            f"over {MAX_CANDIDATES:,} of its rows are blank or short of cells",
            "delete the blank lines and give every row as many cells as the header",
        )
    fetched = candidates | skipped
    texts = biglines.line_texts(path, data_start, sorted(fetched)) if fetched else {}
    if quoted or _wider_rows(path, head, cells, texts):
        wide = biglines.wide_rows(path, data_start, head.delimiter, width, quoted)
        if len(wide) >= WIDE_ROWS:
            raise Declined(
                f"over {WIDE_ROWS:,} of its rows have more cells than the header",
                "give every row as many cells as the header",
            )
        texts.update((r, text) for r, text in wide if r not in skipped)
        candidates |= {r for r, _ in wide} - skipped
    excluded, ragged = set(skipped), []
    for r in sorted(candidates):
        text = texts.get(r) or ""
        if spec.comment is not None and text.lstrip().startswith(spec.comment):
            excluded.add(r)
            continue
        record = next(csv.reader([text], delimiter=head.delimiter), [])
        if not "".join(record).strip():
            excluded.add(r)
        elif len(record) != width:
            ragged.append((r, record))
    return excluded, ragged


def _wider_rows(path: str, head: Head, cells: Cells, texts: dict) -> bool:
    """Whether a row of a file without quotes has more cells than the header.

    Every row the engine settled has at least as many (its last cell is
    there), so the file's delimiters count exactly (width - 1) for each of
    them when none has more; the fetched lines count as they are."""
    delimiters = count_from(path, head.data_offset, head.delimiter.encode())
    settled = cells.height - len(texts)
    expected = (len(head.header) - 1) * settled
    expected += sum(text.count(head.delimiter) for text in texts.values())
    return delimiters != expected


def _refuse_ragged_rows(head, cells, ragged, rows, footer, label) -> None:
    """The small path's error for the first data row of another width than
    the header (rows of the footer, which it leaves out first, excepted; a
    row whose extra cells are blank is no error there either)."""
    if not ragged:
        return
    numbers = cells.row_numbers()
    last = numbers[-1] if numbers else -1
    for r, record in ragged:
        if r > last:
            return
        position = _position(numbers, r)
        previous = numbers[position - 2] if position > 1 else -1
        after_gap = r - 1 != previous
        remaining = rows - position + 1 + footer if after_gap else 0
        fit_row(record, head.header, label, head.data_start + r + 1, remaining)


def _position(numbers: list[int], r: int) -> int:
    """1-based position of row ``r`` among the data rows."""
    return bisect.bisect_left(numbers, r) + 1
