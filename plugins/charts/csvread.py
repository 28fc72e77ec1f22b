"""Real-world CSV bytes -> a header and rows of text cells, then typed columns.

Exports from Excel, Google Sheets and marketing tools differ in encoding
(BOMs, Windows-1252), delimiter (``,``, ``;``, tab), line ends and number
formats (``$1,200``, ``83.1%``, ``1.234,5``). The standard library's C
``csv`` reader does the quoting correctly and fast; the rules below do the
rest, and refuse to guess where the data is truly ambiguous.

Only the columns a chart uses are typed, so a wide export costs little.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from . import decimals
from .errors import ChartError, did_you_mean

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
        _refuse_notes_on_top(text, label, delimiter)
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


def _skip_lines(text: str, label: str, comment, skip_rows) -> str:
    """The text with the lines the block skips left blank: blank lines are
    no rows, and every other line keeps its number."""
    if comment is None and not skip_rows:
        return text
    physical = io.StringIO(text, newline="").readlines()
    if isinstance(skip_rows, int):
        if skip_rows >= len(physical):
            raise ChartError(
                f"skip_rows: {skip_rows} would skip every line of {label}, which "
                f"has {len(physical):,}",
                key="skip_rows",
            )
        skipped = set(range(1, skip_rows + 1))
    else:
        skipped = set(skip_rows or ())
        if skipped and max(skipped) > len(physical):
            raise ChartError(
                f"skip_rows: {label} has {len(physical):,} lines, so there is no "
                f"line {max(skipped):,} to skip",
                key="skip_rows",
            )
    kept = [
        line[len(line.rstrip("\r\n")) :]  # only its line end
        if number in skipped or (comment and line.lstrip().startswith(comment))
        else line
        for number, line in enumerate(physical, start=1)
    ]
    return "".join(kept)


def _refuse_notes_on_top(text: str, label: str, delimiter: str | None) -> None:
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
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ChartError(f"{label} is not a text file: it looks like {kind}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or encoding == "utf-16":
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ChartError(f"{label} is not valid UTF-16 text") from None
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise ChartError(
                f"{label} looks like UTF-16 text without a byte-order mark; "
                "add 'encoding: utf-16' to the chart block, or save it as "
                "'CSV UTF-8'"
            )
        raise ChartError(
            f"{label} is not a text file (it contains NUL bytes); "
            "export the data as CSV"
        )
    if encoding == "utf-8":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ChartError(not_utf8_message(data, label, error)) from None
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
        raise ChartError(
            f"{label}, line {line}: control character {bad.group()!r} in the "
            "text; this does not look like a CSV export"
        )
    return text


def _looks_like_utf16(data: bytes) -> bool:
    """Every other byte NUL, as in UTF-16 text of Latin letters."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return False
    low, high = sample[0::2], sample[1::2]
    return low.count(0) == len(low) or high.count(0) == len(high)


def not_utf8_message(data: bytes, label: str, error: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start]
    try:
        data.decode("cp1252")
        guess = (
            "It looks like a Windows-1252 / Latin-1 export (Excel's 'CSV' on "
            "Windows). Save it as 'CSV UTF-8', or add 'encoding: cp1252' to "
            "the chart block."
        )
    except UnicodeDecodeError:
        guess = "Save it as UTF-8 text."
    return f"{label}, line {line}: byte 0x{byte:02X} is not UTF-8. {guess}"


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


# --- numbers -----------------------------------------------------------------

PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
DIGITS_OR_POINT = frozenset("0123456789.")
# Cells that stand for "no value": what exports and people write in an
# empty cell. Compared case-insensitively.
MISSING = frozenset(("n/a", "na", "#n/a", "nan", "null", "-", "–", "—"))
DECORATED_NUMBER = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign1>[-+−])?\s*
        (?P<pre>[$€£¥₹])?\s*(?P<sign2>[-+−])?\s*
        (?P<body>[0-9.,'’\u00a0\u202f ]*[0-9])\s*
        (?P<post>%|[$€£¥₹])?\s*(?P<close>\))?$""",
    re.VERBOSE,
)
# Thousands grouped with an apostrophe (Swiss) or a space (French), which
# leave "." and "," to the decimal point.
SPACING = re.compile(r"['’\u00a0\u202f ]")


def is_missing(cell: str) -> bool:
    """True for an empty cell and for n/a, -, — and the like."""
    cell = cell.strip()
    return not cell or cell.casefold() in MISSING


@dataclass(frozen=True)
class NumberColumn:
    values: tuple[float | None, ...]
    unit: str | None = None  # "percent" or "currency"
    symbol: str | None = None  # the currency symbol


@dataclass(frozen=True)
class _Cell:
    negative: bool
    body: str  # digits, "." and ",": what the decimal mark decides
    unit: str | None
    symbol: str | None
    spaced: bool = False  # thousands grouped with ' or a space


def _decorated(cell: str) -> _Cell | None:
    match = DECORATED_NUMBER.match(cell)
    if not match or bool(match["open"]) != bool(match["close"]):
        return None
    if match["sign1"] and match["sign2"]:
        return None
    if match["pre"] and match["post"]:
        return None
    sign = match["sign1"] or match["sign2"] or ""
    negative = sign in "-−" and sign != ""
    negative = negative or bool(match["open"])
    marker = match["pre"] or match["post"]
    unit = "percent" if marker == "%" else ("currency" if marker else None)
    symbol = marker if unit == "currency" else None
    body = SPACING.sub("", match["body"])
    return _Cell(negative, body, unit, symbol, len(body) != len(match["body"]))


def _plain(cell: str) -> _Cell:
    """A cell float() read, as a body the decimal mark can decide on."""
    return _Cell(cell.startswith("-"), cell.lstrip("+-"), None, None)


def to_numbers(
    cells: list[str],
    lines: tuple[int, ...],
    column: str,
    label: str,
    *,
    decimal: str | None = None,
    delimiter: str | None = None,
    file_decimal: Callable[[], str | None] | None = None,
) -> NumberColumn:
    """Parse a whole column as numbers or raise, naming the first bad cell.

    Empty cells and n/a, -, — read as missing (None). Which mark is the
    decimal point is ``decimal`` when the block says so, else what the
    cells, then ``file_decimal()`` (what the rest of the file shows), then
    the file's ``delimiter`` settle (see decimals.py)."""
    values: list[float | None] = [None] * len(cells)
    slow: list[tuple[int, _Cell]] = []
    dotted: list[int] = []  # plain cells such as 2.25 or 1.234
    for i, raw in enumerate(cells):
        cell = raw.strip()
        if not cell:
            continue
        # float() (in C) first; it also takes "nan", "inf" and "1_000", which
        # are not numbers here: those end in a letter or hold an underscore.
        try:
            number = float(cell)
        except ValueError:
            number = None
        if (
            number is not None
            and cell[-1] in DIGITS_OR_POINT
            and "_" not in cell
            and (decimal != "," or "." not in cell)
        ):
            values[i] = number
            if "." in cell:
                dotted.append(i)
            continue
        parsed = _decorated(cell)
        if parsed is None:
            if cell.casefold() in MISSING:
                continue
            raise _not_numeric(raw, i, lines, column, label, decimal)
        slow.append((i, parsed))
    if decimal is None:
        mark = _column_mark(
            cells, lines, column, label, slow, dotted, delimiter, file_decimal
        )
    else:
        mark = decimal
    if mark == ",":
        # Plain cells were read with a decimal point; read them again (they
        # can only be such as 1.234, twelve hundred and thirty-four).
        slow.extend((i, _plain(cells[i].strip())) for i in dotted)
    if not slow:
        _check_finite(values, cells, lines, column, label)
        return NumberColumn(tuple(values))
    units = {cell.unit for _, cell in slow}
    slow_rows = {i for i, _ in slow}
    plain_count = sum(
        1 for i, v in enumerate(values) if v is not None and i not in slow_rows
    )
    if len(units) > 1 or (units - {None} and plain_count):
        raise ChartError(
            f"{label}: column '{column}' mixes plain numbers, percentages and/or "
            "amounts of money; use one form for the whole column"
        )
    unit = units.pop()
    symbols = {cell.symbol for _, cell in slow}
    if len(symbols) > 1:
        raise ChartError(
            f"{label}: column '{column}' mixes currencies "
            f"({', '.join(sorted(s for s in symbols if s))}); chart one currency"
        )
    for i, cell in slow:
        number = decimals.reading(cell.body, mark)
        if number is None:
            raise _not_numeric(cells[i], i, lines, column, label, decimal)
        number = -number if cell.negative else number
        values[i] = number / 100 if unit == "percent" else number
    _check_finite(values, cells, lines, column, label)
    return NumberColumn(tuple(values), unit, symbols.pop())


def _column_mark(cells, lines, column, label, slow, dotted, delimiter, file_decimal):
    """The decimal mark of a column the block does not give one for."""
    shown: dict[str, int] = {}  # mark -> the first line that shows it
    ambiguous: list[tuple[int, str]] = []
    for i in dotted:
        cell = cells[i].strip().lstrip("+-")
        if "e" in cell.lower() or not decimals.is_ambiguous(cell):
            shown["."] = lines[i]
            break  # nothing plain says ",": the rest cannot disagree
        ambiguous.append((i, cell))
    for i, cell in slow:
        marks = decimals.readings(cell.body)
        if not marks:
            raise _not_numeric(cells[i], i, lines, column, label, None)
        if len(marks) == 2:
            ambiguous.append((i, cell.body))
        elif "." in cell.body or "," in cell.body:
            shown[marks[0]] = min(shown.get(marks[0], lines[i]), lines[i])
    if len(shown) > 1:
        raise ChartError(
            f"{label}: column '{column}' writes numbers both as 1,5 (line "
            f"{shown[',']}) and as 1.5 (line {shown['.']}); add 'decimal: \",\"' "
            "or 'decimal: \".\"' to the chart block, or make them consistent"
        )
    if shown:
        return next(iter(shown))
    if not ambiguous:
        return "."  # no cell has a mark that matters
    mark = (
        (file_decimal() if file_decimal else None)
        or decimals.by_delimiter(delimiter, [body for _, body in ambiguous])
        or decimals.by_format(_bodies(cells))
    )
    if mark is None:
        i, body = min(ambiguous)
        raise _ambiguous(body, lines[i], column, label)
    return mark


def _bodies(cells: list[str]) -> list[tuple[str, bool]]:
    """Every number of a column as (digits and marks, spaced)."""
    bodies = []
    for raw in cells:
        cell = raw.strip()
        if not cell or cell.casefold() in MISSING or "e" in cell.lower():
            continue
        parsed = _decorated(cell)
        if parsed is not None:
            bodies.append((parsed.body, parsed.spaced))
    return bodies


def _ambiguous(body: str, line: int, column: str, label: str) -> ChartError:
    mark = "." if "." in body else ","
    name = "dot" if mark == "." else "comma"
    grouped = body.replace(mark, "")
    point = f"{decimals.reading(body, mark):g}"
    return ChartError(
        f"{label}, line {line}: in column '{column}', {body!r} could be {grouped} "
        f"(the {name} grouping thousands) or {point} (the {name} a decimal "
        "point), and no other number in the file shows which; add "
        f"'decimal: \"{decimals.other(mark)}\"' to the chart block if the {name} "
        f"groups thousands, or 'decimal: \"{mark}\"' if it is the decimal point"
    )


def _check_finite(values, cells, lines, column, label) -> None:
    """1e999 reads as infinity, which no chart (nor JSON) can hold."""
    if math.inf not in values and -math.inf not in values:
        return  # the usual case, checked in C
    for i, value in enumerate(values):
        if value is not None and not math.isfinite(value):
            raise ChartError(
                f"{label}, line {lines[i]}: column '{column}' has the value "
                f"{cells[i].strip()!r}, too large to chart"
            )


def _not_numeric(raw, i, lines, column, label, decimal) -> ChartError:
    """The first cell that is no number, and, where it shows one, the fix:
    the other decimal key, or skipping a units row under the header."""
    message = (
        f"{label}, line {lines[i]}: column '{column}' has the non-numeric value "
        f"{raw.strip()!r}; y values must be numbers (commas, $, € and % are fine)"
    )
    if decimal and _reads_with(raw, decimals.other(decimal)):
        message += (
            f", but with 'decimal: \"{decimal}\"' in the chart block "
            f"'{decimals.other(decimal)}' can only group thousands"
        )
    elif i == 0:
        message += (
            f". If line {lines[0]} holds units or notes rather than data, add "
            f"'skip_rows: [{lines[0]}]' to the chart block"
        )
    return ChartError(message)


def _reads_with(raw: str, mark: str) -> bool:
    parsed = _decorated(raw.strip())
    return parsed is not None and decimals.reading(parsed.body, mark) is not None


def looks_numeric(cells: list[str]) -> bool:
    """True when every present cell reads as a number (n/a and - are absent)."""
    present = [cell.strip() for cell in cells if not is_missing(cell)]
    return bool(present) and all(
        PLAIN_NUMBER.fullmatch(c) or _decorated(c) for c in present
    )


def file_decimal_mark(names, rows, limit: int) -> str | None:
    """The decimal mark the file's number columns show, when they show one
    and only one, looking at the first ``limit`` rows."""
    shown: set[str] = set()
    sample = rows[:limit]
    for column in range(len(names)):
        marks: set[str] = set()
        for row in sample:
            cell = row[column].strip()
            if not cell or cell.casefold() in MISSING:
                continue
            parsed = _decorated(cell) if "e" not in cell.lower() else None
            if parsed is None or not decimals.readings(parsed.body):
                if PLAIN_NUMBER.fullmatch(cell):
                    continue  # 1.5e3: a number, but no locale's
                break  # a text column: its dots and commas are not numbers
            mark = decimals.evidence(parsed.body)
            if mark:
                marks.add(mark)
        else:
            shown |= marks
    return shown.pop() if len(shown) == 1 else None


# --- dates -------------------------------------------------------------------

ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
# 20240131, as Google Analytics 4 writes its dates.
COMPACT_DATE = re.compile(
    r"^(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$"
)
NUMERIC_DATE = re.compile(
    r"^(?P<a>\d{1,4})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})"
    r"(?P<time>[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?$"
)
NAMED_MONTH_FORMATS = (
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%b %Y",
    "%B %Y",
    "%b-%y",
    "%d %b %Y %H:%M",
    "%b %d, %Y %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M",
)
TIME_FORMATS = (
    "",
    " %H:%M",
    " %H:%M:%S",
    " %I:%M %p",
    " %I:%M:%S %p",
    "T%H:%M",
    "T%H:%M:%S",
)


@dataclass(frozen=True)
class DateColumn:
    values: tuple[dt.datetime | None, ...]
    has_time: bool


def to_dates(
    cells: list[str],
    lines: tuple[int, ...],
    column: str,
    label: str,
    *,
    date_format: str | None = None,
) -> DateColumn | None:
    """Parse a column as dates, or return None when it is not a date column.

    Raises when the column is dates but ambiguous (03/04/2024) or
    inconsistent, naming a line to look at.
    """
    present = [
        (i, cell)
        for i, raw in enumerate(cells)
        if (cell := raw.strip()) and cell.casefold() not in MISSING
    ]
    if not present:
        return None
    if date_format:
        return _with_format(cells, present, lines, column, label, date_format, True)
    first = present[0][1]
    if ISO_DATE.match(first):
        return _iso(cells, present, lines, column, label)
    if COMPACT_DATE.match(first):
        return _compact(cells, present)
    if ISO_MONTH.match(first):
        return _with_format(cells, present, lines, column, label, "%Y-%m", False)
    if NUMERIC_DATE.match(first):
        return _numeric(cells, present, lines, column, label)
    for fmt in NAMED_MONTH_FORMATS:
        if _try(first, fmt) is not None:
            return _with_format(cells, present, lines, column, label, fmt, False)
    return None


def _compact(cells, present) -> DateColumn | None:
    """Dates written as 20240131, when every cell is one; else None (the
    column is then numbers)."""
    values: list[dt.datetime | None] = [None] * len(cells)
    for i, cell in present:
        if not COMPACT_DATE.match(cell):
            return None
        try:
            values[i] = dt.datetime(int(cell[:4]), int(cell[4:6]), int(cell[6:]))
        except ValueError:  # 20230229
            return None
    return _column(values)


def _try(cell: str, fmt: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(cell, fmt)
    except ValueError:
        return None


def _iso(cells, present, lines, column, label) -> DateColumn:
    values: list[dt.datetime | None] = [None] * len(cells)
    # Big exports repeat a few hundred dates over and over: parse each once.
    parsed: dict[str, dt.datetime] = {}
    for i, cell in present:
        value = parsed.get(cell)
        if value is None:
            value = parsed[cell] = _iso_value(cell, lines[i], column, label)
        values[i] = value
    return _column(values)


def _iso_value(cell: str, line: int, column: str, label: str) -> dt.datetime:
    # The column's first cell matched ISO_DATE; any ISO 8601 form after it
    # is a date too, and fromisoformat (in C) says which are not.
    try:
        value = dt.datetime.fromisoformat(cell)
    except ValueError:
        raise _bad_date(cell, line, column, label, "YYYY-MM-DD") from None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _with_format(cells, present, lines, column, label, fmt, explicit) -> DateColumn:
    values: list[dt.datetime | None] = [None] * len(cells)
    parse = _parser(fmt)
    parsed: dict[str, dt.datetime | None] = {}  # exports repeat their dates
    for i, cell in present:
        value = parsed[cell] = parsed[cell] if cell in parsed else parse(cell)
        if value is None:
            if not explicit:
                return None  # not one date format throughout: a text column
            raise _bad_date(cell, lines[i], column, label, fmt)
        values[i] = value
    return _column(values)


MONTH_NUMBERS = {
    name.lower(): number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may", "may"),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = tuple(
    name
    for name, number in sorted(MONTH_NUMBERS.items(), key=lambda i: i[1])
    if len(name) > 3 or name == "may"
)
DIRECTIVES = {
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "b": r"(?P<b>[A-Za-z]{3})",
    "B": r"(?P<B>[A-Za-z]{3,9})",
    "H": r"(?P<H>\d{1,2})",
    "M": r"(?P<M>\d{2})",
    "S": r"(?P<S>\d{2})",
}
DIRECTIVE = re.compile(r"%(.)")


def _parser(fmt: str):
    """A parser for one strptime format, compiled to a regex when it uses
    only the common directives (strptime costs several times more per
    cell), else strptime itself."""
    used = DIRECTIVE.findall(fmt)
    if (
        not used
        or any(d not in DIRECTIVES for d in used)
        or len(set(used)) != len(used)
    ):
        return lambda cell: _try(cell, fmt)
    pieces, position = [], 0
    for match in DIRECTIVE.finditer(fmt):
        pieces.append(re.escape(fmt[position : match.start()]))
        pieces.append(DIRECTIVES[match.group(1)])
        position = match.end()
    pieces.append(re.escape(fmt[position:]))
    pattern = re.compile("".join(pieces) + "$")

    def parse(cell: str):
        match = pattern.match(cell)
        if not match:
            return None
        parts = match.groupdict()
        if "Y" in parts:
            year = int(parts["Y"])
        elif "y" in parts:  # POSIX: 69-99 are 19xx, 00-68 are 20xx
            short = int(parts["y"])
            year = short + (1900 if short >= 69 else 2000)
        else:
            year = 1900
        name = parts.get("b") or parts.get("B")
        if name is not None:
            month = MONTH_NUMBERS.get(name.lower())
            wanted = 3 if "b" in parts else len(MONTH_NAMES[(month or 1) - 1])
            if month is None or len(name) != wanted:
                return None  # %b takes "Mar", %B only "March", as strptime
        else:
            month = int(parts.get("m", 1))
        try:
            return dt.datetime(
                year,
                month,
                int(parts.get("d", 1)),
                int(parts.get("H", 0)),
                int(parts.get("M", 0)),
                int(parts.get("S", 0)),
            )
        except ValueError:
            return None

    return parse


def _numeric(cells, present, lines, column, label) -> DateColumn | None:
    """Day-first or month-first, decided by the data, never guessed."""
    day_first_line = month_first_line = None
    separator = None
    orders_differ = False  # 01/01/2024 is the same date either way
    for i, cell in present:
        match = NUMERIC_DATE.match(cell)
        if not match:
            return None
        separator = separator or match["sep"]
        a, b = int(match["a"]), int(match["b"])
        if len(match["a"]) == 4:
            continue  # 2024/03/01: year first, unambiguous
        orders_differ = orders_differ or a != b
        if a > 12 and day_first_line is None:
            day_first_line = lines[i]
        if b > 12 and month_first_line is None:
            month_first_line = lines[i]
    first_match = NUMERIC_DATE.match(present[0][1])
    if len(first_match["a"]) == 4:
        order = "%Y{s}%m{s}%d"
    elif day_first_line and month_first_line:
        raise ChartError(
            f"{label}: column '{column}' has day-first dates (line "
            f"{day_first_line}) and month-first dates (line {month_first_line}); "
            "make them consistent"
        )
    elif day_first_line or not orders_differ:
        order = "%d{s}%m{s}%Y"
    elif month_first_line:
        order = "%m{s}%d{s}%Y"
    else:
        day_first, month_first = (
            _format_of(present[0][1], order, separator) or order.format(s=separator)
            for order in ("%d{s}%m{s}%Y", "%m{s}%d{s}%Y")
        )
        raise ChartError(
            f"{label}: the dates in column '{column}' (such as "
            f"'{present[0][1]}') could be day-first or month-first; add "
            f"'date_format: \"{day_first}\"' (day first) or "
            f"'date_format: \"{month_first}\"' (month first) to the chart block"
        )
    fmt = _format_of(present[0][1], order, separator)
    if fmt is None:
        return None
    return _with_format(cells, present, lines, column, label, fmt, True)


def _format_of(cell: str, order: str, separator: str) -> str | None:
    """The strptime format of ``cell`` with day and month in ``order``."""
    for year in ("%Y", "%y"):
        for time in TIME_FORMATS:
            fmt = order.replace("%Y", year).format(s=separator) + time
            if _try(cell, fmt) is not None:
                return fmt
    return None


def _column(values: list[dt.datetime | None]) -> DateColumn:
    has_time = any(
        v is not None and (v.hour or v.minute or v.second or v.microsecond)
        for v in values
    )
    return DateColumn(tuple(values), has_time)


def _bad_date(cell, line, column, label, fmt) -> ChartError:
    return ChartError(
        f"{label}, line {line}: {cell!r} in column '{column}' is not a date "
        f"like the others (expected the form {fmt})"
    )
