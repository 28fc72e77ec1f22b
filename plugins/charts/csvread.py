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
from dataclasses import dataclass

from .errors import ChartError, did_you_mean

CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
SNIFF_LINES = 50
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
) -> CsvData:
    """Decode and split a CSV file; every error names ``label`` and a line."""
    text = decode(data, label, encoding)
    if not text.strip():
        raise ChartError(f"{label} is empty; it needs a header row and data rows")
    delimiter = delimiter or sniff_delimiter(text, label)
    header, header_line, rows, lines = _split(text, delimiter, label)
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


def _split(text: str, delimiter: str, label: str):
    """(header, its line, rows, their lines), blank rows left out.

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
        return _split_slowly(list(_numbered(text, delimiter)), label)
    blank = {i for i, joined in enumerate(map("".join, records)) if not joined.strip()}
    kept = [r for i, r in enumerate(records) if i not in blank] if blank else records
    if not kept:
        return None, 0, [], []
    first = next(i for i in range(len(records)) if i not in blank)
    header = [cell.strip() for cell in records[first]]
    rows = kept[1:]
    if len(set(map(len, rows))) > 1 or (rows and len(rows[0]) != len(header)):
        return _split_slowly(list(enumerate(records, start=1)), label)
    if blank:
        lines = [i + 1 for i in range(first + 1, len(records)) if i not in blank]
    else:
        lines = range(first + 2, len(records) + 1)
    return header, first + 1, rows, lines


def _split_slowly(numbered: list, label: str):
    kept = [
        (line, record)
        for line, record in numbered
        if record and (record[0].strip() or "".join(record).strip())
    ]
    if not kept:
        return None, 0, [], []
    header_line, first = kept[0]
    header = [cell.strip() for cell in first]
    width = len(header)
    rows, lines = [], []
    for line, record in kept[1:]:
        rows.append(
            record if len(record) == width else fit_row(record, header, label, line)
        )
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


def fit_row(record: list[str], header: list[str], label: str, line: int) -> list[str]:
    """Drop trailing empty cells beyond the header; refuse ragged rows."""
    if len(record) > len(header) and not any(c.strip() for c in record[len(header) :]):
        record = record[: len(header)]
    if len(record) != len(header) and any("\n" in cell for cell in record):
        raise ChartError(
            f"{label}, line {line}: a quoted field that starts on this line "
            "runs on over the following lines; check for an unclosed or stray "
            'quote (")'
        )
    if len(record) != len(header):
        raise ChartError(
            f"{label}, line {line}: {len(record)} fields, but the header has "
            f"{len(header)} ({', '.join(header)}); check for a missing or extra "
            "delimiter, or quote fields that contain one"
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

PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
DIGITS_OR_POINT = frozenset("0123456789.")
# 1.200 or 12,345,678: a mark every three digits, nothing to say it is not
# a thousands separator.
THOUSANDS_LIKE = re.compile(r"[1-9]\d{0,2}(?:([.,])\d{3})(?:\1\d{3})*")
DECORATED_NUMBER = re.compile(
    r"""^(?P<open>\()?\s*(?P<sign1>[-+−])?\s*
        (?P<pre>[$€£¥₹])?\s*(?P<sign2>[-+−])?\s*
        (?P<body>[\d.,'\u00a0\u202f ]*\d)\s*
        (?P<post>%|[$€£¥₹])?\s*(?P<close>\))?$""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class NumberColumn:
    values: tuple[float | None, ...]
    unit: str | None = None  # "percent" or "currency"
    symbol: str | None = None  # the currency symbol


@dataclass(frozen=True)
class _Cell:
    negative: bool
    body: str
    unit: str | None
    symbol: str | None


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
    body = re.sub(r"['\u00a0\u202f ]", "", match["body"])
    return _Cell(negative, body, unit, symbol)


def _decimal_evidence(body: str) -> str | None:
    """',' or '.' when the body shows which is the decimal mark, else None."""
    if "," in body and "." in body:
        return "," if body.rfind(",") > body.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if mark in body:
            if body.count(mark) > 1:
                return other  # 1,234,567: the mark groups thousands
            digits_after = len(body) - body.rfind(mark) - 1
            if digits_after != 3:
                return mark  # 1,5 or 12.25: the mark is a decimal point
    return None


def _to_float(body: str, decimal: str) -> float | None:
    thousands = "," if decimal == "." else "."
    integer, _, fraction = body.partition(decimal)
    if thousands in fraction:
        return None
    if thousands in integer and not re.fullmatch(
        rf"\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+", integer
    ):
        return None
    try:
        return float(integer.replace(thousands, "") + "." + (fraction or "0"))
    except ValueError:
        return None


def to_numbers(
    cells: list[str],
    lines: tuple[int, ...],
    column: str,
    label: str,
    *,
    decimal: str | None = None,
    delimiter: str | None = None,
) -> NumberColumn:
    """Parse a whole column as numbers or raise, naming the first bad cell.

    ``delimiter`` is the file's: a ";" file is a European export, where
    "10.000" is ten thousand and "1,5" one and a half."""
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
            raise _not_numeric(raw, lines[i], column, label)
        slow.append((i, parsed))
    grouped = decimal is None and any(
        THOUSANDS_LIKE.fullmatch(cells[i].strip().lstrip("+-")) for i in dotted
    )
    if not slow and not grouped:
        _check_finite(values, cells, lines, column, label)
        return NumberColumn(tuple(values))

    # Only now, with decorated cells about, may plain ones such as 2.25 be
    # evidence of the decimal mark.
    plain_dotted = [
        (i, _Cell(cell.startswith("-"), cell.lstrip("+-"), None, None))
        for i in dotted
        if "e" not in (cell := cells[i].strip()).lower()
    ]
    mark = decimal or _column_decimal(
        slow + plain_dotted, lines, column, label, delimiter
    )
    if mark == ",":
        # Plain cells were read with a decimal point; read them again.
        slow.extend(plain_dotted)
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
        number = _to_float(cell.body, mark)
        if number is None:
            raise _not_numeric(cells[i], lines[i], column, label)
        number = -number if cell.negative else number
        values[i] = number / 100 if unit == "percent" else number
    _check_finite(values, cells, lines, column, label)
    return NumberColumn(tuple(values), unit, symbols.pop())


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


def _column_decimal(slow, lines, column, label, delimiter=None) -> str:
    votes: dict[str, int] = {}
    for i, cell in slow:
        evidence = _decimal_evidence(cell.body)
        if evidence and evidence not in votes:
            votes[evidence] = lines[i]
    if len(votes) > 1:
        raise ChartError(
            f"{label}: column '{column}' writes numbers both as 1,5 (line "
            f"{votes[',']}) and as 1.5 (line {votes['.']}); add 'decimal: \",\"' "
            "or 'decimal: \".\"' to the chart block, or make them consistent"
        )
    if votes:
        return next(iter(votes))
    # Nothing says which mark is the decimal one: every number is written
    # like 1,200 or 1.200. A ";" file is a European export (1.200 is twelve
    # hundred); elsewhere 1,200 is twelve hundred, and 1.200 is a question.
    if delimiter == ";":
        return ","
    for i, cell in slow:
        if THOUSANDS_LIKE.fullmatch(cell.body) and "." in cell.body:
            raise ChartError(
                f"{label}, line {lines[i]}: in column '{column}', "
                f"{cell.body!r} could be {cell.body.replace('.', ',')} or "
                f"{float(cell.body):g}; add 'decimal: \",\"' to the chart block if "
                "the dot groups thousands (a European export), or "
                "'decimal: \".\"' if it is a decimal point"
            )
    return "."


def _not_numeric(raw: str, line: int, column: str, label: str) -> ChartError:
    return ChartError(
        f"{label}, line {line}: column '{column}' has the non-numeric value "
        f"{raw.strip()!r}; y values must be numbers (commas, $, € and % are fine)"
    )


def looks_numeric(cells: list[str]) -> bool:
    """True when every non-empty cell reads as a number."""
    present = [cell for cell in cells if cell.strip()]
    return bool(present) and all(
        PLAIN_NUMBER.fullmatch(c.strip()) or _decorated(c.strip()) for c in present
    )


# --- dates -------------------------------------------------------------------

ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:Z|[+-]\d{2}:?\d{2})?$"
)
ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
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
    present = [(i, cell.strip()) for i, cell in enumerate(cells) if cell.strip()]
    if not present:
        return None
    if date_format:
        return _with_format(cells, present, lines, column, label, date_format, True)
    first = present[0][1]
    if ISO_DATE.match(first):
        return _iso(cells, present, lines, column, label)
    if ISO_MONTH.match(first):
        return _with_format(cells, present, lines, column, label, "%Y-%m", False)
    if NUMERIC_DATE.match(first):
        return _numeric(cells, present, lines, column, label)
    for fmt in NAMED_MONTH_FORMATS:
        if _try(first, fmt) is not None:
            return _with_format(cells, present, lines, column, label, fmt, False)
    return None


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
    for i, cell in present:
        match = NUMERIC_DATE.match(cell)
        if not match:
            return None
        separator = separator or match["sep"]
        a, b = int(match["a"]), int(match["b"])
        if len(match["a"]) == 4:
            continue  # 2024/03/01: year first, unambiguous
        if a > 12 and day_first_line is None:
            day_first_line = lines[i]
        if b > 12 and month_first_line is None:
            month_first_line = lines[i]
    first_match = NUMERIC_DATE.match(present[0][1])
    if len(first_match["a"]) == 4:
        orders = ["%Y{s}%m{s}%d"]
    elif day_first_line and month_first_line:
        raise ChartError(
            f"{label}: column '{column}' has day-first dates (line "
            f"{day_first_line}) and month-first dates (line {month_first_line}); "
            "make them consistent"
        )
    elif day_first_line:
        orders = ["%d{s}%m{s}%Y"]
    elif month_first_line:
        orders = ["%m{s}%d{s}%Y"]
    else:
        raise ChartError(
            f"{label}: the dates in column '{column}' (such as "
            f"'{present[0][1]}') could be day-first or month-first; add "
            "'date_format: \"%d/%m/%Y\"' (day first) or "
            "'date_format: \"%m/%d/%Y\"' (month first) to the chart block"
        )
    for order in orders:
        for year in ("%Y", "%y"):
            for time in TIME_FORMATS:
                fmt = order.replace("%Y", year).format(s=separator) + time
                if _try(present[0][1], fmt) is not None:
                    return _with_format(cells, present, lines, column, label, fmt, True)
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
