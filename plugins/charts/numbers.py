"""CSV cells -> numbers, as exports in every locale write them.

``$1,200``, ``83.1%``, ``(1,200)``, ``1.234,5``, ``1'234.5``: the column as a
whole says which mark is the decimal point (see decimals.py for the rules),
and a column that could be read two ways is an error naming the key that
settles it, never a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from . import decimals
from .errors import ChartError

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
    # The decimal mark the column was read with (what bigcsv.py repeats).
    mark: str = "."


class _Cell(NamedTuple):
    """A decorated cell, taken apart (a tuple: columns make thousands)."""

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
        if number is not None and _plain_form(cell, decimal):
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
    # The usual column: its decorated cells read one way only, and no plain
    # cell such as 2.25 says otherwise. Every body is then well formed.
    mark = decimal or decimals.column_mark([cell.body for _, cell in slow])
    well_formed = mark is not None and decimal is None
    if mark == "," and dotted:
        mark = well_formed = None  # let _column_mark name the disagreement
    if mark is None:
        mark = _column_mark(
            cells, lines, column, label, slow, dotted, delimiter, file_decimal
        )
    if mark == ",":
        # Plain cells were read with a decimal point; read them again (they
        # can only be such as 1.234, twelve hundred and thirty-four).
        slow.extend((i, _plain(cells[i].strip())) for i in dotted)
    if not slow:
        _check_finite(values, cells, lines, column, label)
        return NumberColumn(tuple(values), mark=mark)
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
    group = decimals.other(mark)
    for i, cell in slow:
        if well_formed:
            digits = cell.body.replace(group, "")
            number = float(digits if mark == "." else digits.replace(",", "."))
        else:
            number = decimals.reading(cell.body, mark)
            if number is None:
                raise _not_numeric(cells[i], i, lines, column, label, decimal)
        number = -number if cell.negative else number
        values[i] = number / 100 if unit == "percent" else number
    _check_finite(values, cells, lines, column, label)
    return NumberColumn(tuple(values), unit, symbols.pop(), mark)


def _plain_form(cell: str, decimal: str | None) -> bool:
    """Of a cell float() reads: whether it is a plain number here."""
    return (
        cell[-1] in DIGITS_OR_POINT
        and "_" not in cell
        and (decimal != "," or "." not in cell)
    )


def cell_reading(raw: str, decimal: str | None, mark: str) -> tuple[str, bool]:
    """How to_numbers read a cell of a column it read with ``mark``:
    ("missing" | "float" | "dotted" | "body", negative). "float" is
    float()'s reading, "dotted" a plain 1.234 read with a decimal comma,
    "body" the digits and marks of a decorated cell. The engine path
    (bigcsv.py) computes the same values this way for many cells at once."""
    cell = raw.strip()
    if not cell:
        return "missing", False
    try:
        number = float(cell)
    except ValueError:
        number = None
    if number is not None and _plain_form(cell, decimal):
        if mark == "," and "." in cell:
            return "dotted", cell.startswith("-")
        return "float", False
    parsed = _decorated(cell)
    if parsed is None:
        return "missing", False  # n/a and the like: to_numbers refused the rest
    return "body", parsed.negative


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
