"""CSV cells -> dates: ISO forms, GA4's 20240131, month names, and
day/month numbers whose order the data decides (never guessed)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import ChartError
from .numbers import MISSING

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
