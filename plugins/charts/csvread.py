"""Real-world CSV bytes -> a header and rows of text cells.

Exports from Excel, Google Sheets and marketing tools differ in encoding
(BOMs, Windows-1252), delimiter (``,``, ``;``, tab), line ends and number
formats (``$1,200``, ``83.1%``, ``1.234,5``). The standard library's C
``csv`` reader does the quoting correctly and fast; the rules below do the
rest, and refuse to guess where the data is truly ambiguous.

Cells stay text here: numbers.py and dates.py type only the columns a
chart uses, so a wide export costs little.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property

from .errors import ChartError, did_you_mean
from .numbers import file_decimal_mark

CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
SNIFF_LINES = 50
HINT_ROWS = 1000  # rows a file's decimal mark is looked for in
BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive or Excel workbook (.xlsx): export it as CSV",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls): export it as CSV",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class CsvData:
    """A CSV file's header and rows, every cell still text."""

    label: str
    names: tuple[str, ...]
    rows: tuple[list[str], ...]
    lines: tuple[int, ...]
    delimiter: str

    @cached_property
    def decimal_hint(self) -> str | None:
        """The decimal mark the file's number columns show, if one (a column
        that shows none takes it: one export, one locale)."""
        return file_decimal_mark(self.names, self.rows, HINT_ROWS)

    def index(self, name: str, *, key: str = "column") -> int:
        if name in self.names:
            return self.names.index(name)
        # Exports capitalise headers ("Week", "Signups"); a block written in
        # lower case still means them, when only one column matches.
        folded = [
            i for i, n in enumerate(self.names) if n.casefold() == name.casefold()
        ]
        if len(folded) == 1:
            return folded[0]
        raise ChartError(
            f"{key} '{name}' not found in {self.label}; columns are: "
            f"{', '.join(self.names)}{did_you_mean(name, self.names)}"
        )

    def cells(self, name: str, *, key: str = "column") -> list[str]:
        i = self.index(name, key=key)
        return [row[i] for row in self.rows]


def read_csv(
    data: bytes,
    label: str,
    *,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    comment: str | None = None,
    skip_rows: int | tuple[int, ...] | None = None,
    skip_footer: int = 0,
) -> CsvData:
    """Decode and split a CSV file; every error names ``label`` and a line.

    ``comment`` (lines that start with it), ``skip_rows`` (the first N
    lines, or these line numbers) and ``skip_footer`` (the last N rows) are
    left out, as the chart block's keys of those names say."""
    text = decode(data, label, encoding)
    if not text.strip():
        raise ChartError(f"{label} is empty; it needs a header row and data rows")
    text = _skip_lines(text, label, comment, skip_rows)
    if comment is None:
        refuse_notes_on_top(text, label, delimiter)
    delimiter = delimiter or sniff_delimiter(text, label)
    header, header_line, rows, lines = _split(text, delimiter, label, skip_footer)
    if header is None:  # only delimiters and blanks, such as ",,,"
        raise ChartError(
            f"{label} has only empty cells; it needs a header row and data rows"
        )
    names, keep = clean_header(header, rows, label, header_line)
    if not rows:
        raise ChartError(f"{label} has a header ({', '.join(names)}) but no data rows")
    if keep is not None:
        rows = [[row[i] for i in keep] for row in rows]
    return CsvData(label, tuple(names), tuple(rows), tuple(lines), delimiter)


def read_block_csv(data: bytes, label: str, spec) -> CsvData:
    """read_csv with the keys a chart block (a ChartSpec) gives it."""
    return read_csv(
        data,
        label,
        encoding=spec.encoding,
        delimiter=spec.delimiter,
        comment=spec.comment,
        skip_rows=spec.skip_rows,
        skip_footer=spec.skip_footer or 0,
    )


def _skip_lines(text: str, label: str, comment, skip_rows) -> str:
    """The text with the lines the block skips left blank: blank lines are
    no rows, and every other line keeps its number."""
    if comment is None and not skip_rows:
        return text
    physical = io.StringIO(text, newline="").readlines()
    skipped = skipped_lines(skip_rows, len(physical), label)
    return _blank(physical, comment, skipped)


def blank_skipped_lines(text: str, comment: str | None, skipped) -> str:
    """``text`` with the lines in ``skipped`` and those that start with
    ``comment`` left blank."""
    if comment is None and not skipped:
        return text
    return _blank(io.StringIO(text, newline="").readlines(), comment, skipped)


def _blank(physical: list[str], comment: str | None, skipped) -> str:
    kept = [
        line[len(line.rstrip("\r\n")) :]  # only its line end
        if number in skipped or (comment and line.lstrip().startswith(comment))
        else line
        for number, line in enumerate(physical, start=1)
    ]
    return "".join(kept)


def skipped_lines(
    skip_rows: int | tuple[int, ...] | None, line_count: int, label: str
) -> set[int]:
    """The numbers of the lines 'skip_rows' names in a file of
    ``line_count`` lines; an error when it names none that exist."""
    if isinstance(skip_rows, int):
        if skip_rows >= line_count:
            raise ChartError(
                f"skip_rows: {skip_rows} would skip every line of {label}, which "
                f"has {line_count:,}",
                key="skip_rows",
            )
        return set(range(1, skip_rows + 1))
    skipped = set(skip_rows or ())
    if skipped and max(skipped) > line_count:
        raise ChartError(
            f"skip_rows: {label} has {line_count:,} lines, so there is no "
            f"line {max(skipped):,} to skip",
            key="skip_rows",
        )
    return skipped


def refuse_notes_on_top(text: str, label: str, delimiter: str | None) -> None:
    """Exports such as Google Analytics' write notes above the header, on
    lines that start with '#'; read as the header they would make every row
    ragged. Say which lines they are and how to skip them."""
    notes: list[int] = []
    first_note = header = None
    for number, line in enumerate(io.StringIO(text, newline=""), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            header = line
            break
        notes.append(number)
        first_note = first_note or line
    if not notes or header is None:
        return
    candidates = (delimiter,) if delimiter else CANDIDATE_DELIMITERS
    split = max(candidates, key=lambda d: _width(header, d))
    if _width(first_note, split) < _width(header, split):
        where = (
            f"line {notes[0]} starts"
            if len(notes) == 1
            else f"lines {notes[0]}–{notes[-1]} start"
        )
        raise ChartError(
            f"{label}, {where} with '#': notes above the header, as in a Google "
            "Analytics export; add 'comment: \"#\"' to the chart block to skip "
            "them, or delete them"
        )


def _width(line: str, delimiter: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=delimiter), []))
    except csv.Error:
        return 1


def _split(text: str, delimiter: str, label: str, skip_footer: int = 0):
    """(header, its line, rows, their lines), blank rows and the last
    ``skip_footer`` rows left out.

    The csv module reads the whole file at C speed, and for the usual export
    (one line a record, every row as wide as the header) nothing more runs
    row by row than the test for blank rows. Ragged rows, and quoted fields
    that span lines, take the slower path that names their lines.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(reader)
    except csv.Error as error:
        raise ChartError(
            f"{label}, line {reader.line_num}: the CSV cannot be read ({error}); "
            "check for an unclosed quote"
        ) from None
    if reader.line_num != len(records):  # a quoted field spans lines
        return _split_slowly(list(_numbered(text, delimiter)), label, skip_footer)
    blank = {i for i, joined in enumerate(map("".join, records)) if not joined.strip()}
    kept = [r for i, r in enumerate(records) if i not in blank] if blank else records
    if not kept:
        return None, 0, [], []
    first = next(i for i in range(len(records)) if i not in blank)
    header = [cell.strip() for cell in records[first]]
    rows = _without_footer(kept[1:], skip_footer, label)
    if len(set(map(len, rows))) > 1 or (rows and len(rows[0]) != len(header)):
        return _split_slowly(list(enumerate(records, start=1)), label, skip_footer)
    if blank:
        lines = [i + 1 for i in range(first + 1, len(records)) if i not in blank]
    else:
        lines = range(first + 2, len(records) + 1)
    return header, first + 1, rows, lines[: len(rows)]


def _without_footer(rows: list, skip_footer: int, label: str) -> list:
    if not skip_footer:
        return rows
    if skip_footer >= len(rows):
        raise ChartError(
            f"skip_footer: {skip_footer} would leave out every row of {label}, "
            f"which has {len(rows):,} below the header",
            key="skip_footer",
        )
    return rows[:-skip_footer]


def _split_slowly(numbered: list, label: str, skip_footer: int = 0):
    kept, after_gap = [], set()
    for line, record in numbered:
        if record and (record[0].strip() or "".join(record).strip()):
            kept.append((line, record))
        elif kept:
            after_gap.add(len(kept))  # the next kept record follows a blank
    if not kept:
        return None, 0, [], []
    header_line, first = kept[0]
    header = [cell.strip() for cell in first]
    width = len(header)
    data = _without_footer(kept[1:], skip_footer, label)
    rows, lines = [], []
    for position, (line, record) in enumerate(data, start=1):
        if len(record) != width:
            # A ragged row after a blank line may start a second table, as
            # Google Analytics exports hold: it and the rest can be skipped.
            footer = len(data) - position + 1 + skip_footer
            record = fit_row(
                record, header, label, line, footer if position in after_gap else 0
            )
        rows.append(record)
        lines.append(line)
    return header, header_line, rows, lines


def _numbered(text: str, delimiter: str):
    """(first line, record) pairs for a file whose quoted fields span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    previous_end = 0
    for record in reader:
        yield previous_end + 1, record
        previous_end = reader.line_num


def decode(data: bytes, label: str, encoding: str) -> str:
    binary = binary_error(data, label)
    if binary is not None:
        raise binary
    if is_utf16(data, encoding):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ChartError(f"{label} is not valid UTF-16 text") from None
    if b"\x00" in data:
        raise nul_error(data, label)
    if encoding == "utf-8":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            # utf-8-sig counts from after the byte-order mark.
            start = error.start + (3 if data.startswith(codecs.BOM_UTF8) else 0)
            line = data.count(b"\n", 0, start) + 1
            raise not_utf8_error(
                label, line, data[start], _decodes_as_cp1252(data)
            ) from None
    else:
        try:
            text = data.decode(encoding, errors="strict").lstrip("\ufeff")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            raise ChartError(
                f"{label}, line {line}: byte 0x{data[error.start]:02X} is not "
                f"{encoding} text; check the chart block's 'encoding:'"
            ) from None
    bad = CONTROL_CHARACTERS.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise control_error(label, line, bad.group())
    return text


# The errors decode() raises, built apart so that the engine path
# (bigfile.py), which reads a file in pieces, words them the same.


def binary_error(start: bytes, label: str) -> ChartError | None:
    """The error for a file whose first bytes say it is no text file."""
    for signature, kind in BINARY_SIGNATURES.items():
        if start.startswith(signature):
            return ChartError(f"{label} is not a text file: it looks like {kind}")
    return None


def is_utf16(start: bytes, encoding: str) -> bool:
    return start.startswith((b"\xff\xfe", b"\xfe\xff")) or encoding == "utf-16"


def nul_error(start: bytes, label: str) -> ChartError:
    """The error for a file holding a NUL byte; ``start`` is its first bytes."""
    if _looks_like_utf16(start):
        return ChartError(
            f"{label} looks like UTF-16 text without a byte-order mark; "
            "add 'encoding: utf-16' to the chart block, or save it as "
            "'CSV UTF-8'"
        )
    return ChartError(
        f"{label} is not a text file (it contains NUL bytes); export the data as CSV"
    )


def not_utf8_error(label: str, line: int, byte: int, cp1252: bool) -> ChartError:
    """``byte`` on ``line`` is no UTF-8; ``cp1252``: the whole file reads
    as Windows-1252."""
    if cp1252:
        guess = (
            "It looks like a Windows-1252 / Latin-1 export (Excel's 'CSV' on "
            "Windows). Save it as 'CSV UTF-8', or add 'encoding: cp1252' to "
            "the chart block."
        )
    else:
        guess = "Save it as UTF-8 text."
    return ChartError(f"{label}, line {line}: byte 0x{byte:02X} is not UTF-8. {guess}")


def control_error(label: str, line: int, character: str) -> ChartError:
    return ChartError(
        f"{label}, line {line}: control character {character!r} in the "
        "text; this does not look like a CSV export"
    )


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte NUL, as in UTF-16 text of Latin letters."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    low, high = sample[0::2], sample[1::2]
    return low.count(0) == len(low) or high.count(0) == len(high)


def _decodes_as_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str, label: str) -> str:
    """The one delimiter that splits the header and the first lines into
    the same number (> 1) of fields; an error when two candidates do."""
    sample = "\n".join(text.splitlines()[:SNIFF_LINES])
    consistent: dict[str, int] = {}
    widest: dict[str, int] = {}
    for delimiter in CANDIDATE_DELIMITERS:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            counts = [len(row) for row in reader if any(c.strip() for c in row)]
        except csv.Error:
            continue
        if not counts:
            continue
        widest[delimiter] = counts[0]
        if counts[0] > 1 and all(count == counts[0] for count in counts):
            consistent[delimiter] = counts[0]
    if len(consistent) == 1:
        return next(iter(consistent))
    if len(consistent) > 1:
        names = " or ".join(DELIMITER_NAMES[d] for d in consistent)
        raise ChartError(
            f"{label}: cannot tell whether the delimiter is {names}; add "
            "'delimiter: \";\"' (or the right one) to the chart block"
        )
    # No consistent split: take the one that splits the header most, so the
    # ragged-row error below points at the line to fix.
    best = max(widest, key=lambda d: widest[d], default=",")
    return best if widest.get(best, 0) > 1 else ","


def fit_row(
    record: list[str], header: list[str], label: str, line: int, footer: int = 0
) -> list[str]:
    """Drop trailing empty cells beyond the header; refuse ragged rows
    (suggesting 'skip_footer: N' when ``footer`` rows from here on could be
    a second table)."""
    if len(record) > len(header) and not any(c.strip() for c in record[len(header) :]):
        record = record[: len(header)]
    if len(record) != len(header) and any("\n" in cell for cell in record):
        raise ChartError(
            f"{label}, line {line}: a quoted field that starts on this line "
            "runs on over the following lines; check for an unclosed or stray "
            'quote (")'
        )
    if len(record) != len(header):
        second_table = (
            "; or, if a second table starts here after the blank line, add "
            f"'skip_footer: {footer}' to the chart block to leave out line {line} "
            "and the rows below it"
            if footer
            else ""
        )
        raise ChartError(
            f"{label}, line {line}: {len(record)} fields, but the header has "
            f"{len(header)} ({', '.join(header)}); check for a missing or extra "
            f"delimiter, or quote fields that contain one{second_table}"
        )
    return record


def clean_header(header, rows, label, line):
    """Names stripped; unnamed empty columns dropped; duplicates refused."""
    keep = [
        i
        for i, name in enumerate(header)
        if name or any(row[i].strip() for row in rows)
    ]
    names = [header[i] for i in keep]
    for position, name in zip(keep, names, strict=True):
        if not name:
            raise ChartError(
                f"{label}, line {line}: column {position + 1} has data but no "
                "name in the header"
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ChartError(
                f"{label}, line {line}: the column name '{name}' appears twice "
                "in the header; give each column its own name"
            )
        seen.add(name)
    return names, (keep if len(keep) != len(header) else None)
