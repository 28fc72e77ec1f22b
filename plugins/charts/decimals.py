"""Which mark is a column's decimal point: "." or ","?

``1.234`` is one and a bit in Zurich or a US export, and twelve hundred and
thirty-four in Berlin. An export does not say which locale wrote it, so the
cells must, and this module weighs what they say, in this order:

1. the column itself: a cell that reads only one way (``2.5``, ``0.500``,
   ``1.234.567``, ``1,234.5``, ``1'234.50``);
2. the rest of the file: one export has one locale, so a cell of another
   number column that reads only one way settles this one too;
3. the delimiter: in a ``,`` file the dot is the decimal point (a dot that
   groups thousands there is very rare, and reading ``28.801`` as a decimal
   makes public datasets usable); in a ``;`` file a comma is never a
   thousands separator (the locales whose spreadsheets write ``;`` group
   with ``.``, ``'`` or a space);
4. how the column is written: a spreadsheet writes a column in one format,
   either with a fixed number of decimals (``3.000``, ``12.500``) or with
   as many as a value needs (``3``, ``12.5``), and groups thousands in
   every large value or in none. A reading under which the column cannot
   have come from one format is dropped.

What is left is truly ambiguous, and the caller asks the author.
"""

from __future__ import annotations

import re

MARKS = (".", ",")
GROUPED = {
    ".": re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+"),
    ",": re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+"),
}
DIGITS = re.compile(r"[0-9]+")
# One mark with three digits after it, and nothing to say what it is.
AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}[.,][0-9]{3}")


# What reading(body, mark) accepts, as one pattern per mark, and a whole
# column of bodies (one a line) checked against it in one C call.
_WHOLE = {
    ".": r"[0-9]+|[1-9][0-9]{0,2}(?:,[0-9]{3})+",
    ",": r"[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+",
}
_BODY = {
    mark: rf"(?:(?:{whole})(?:{re.escape(mark)}[0-9]*)?|{re.escape(mark)}[0-9]+)"
    for mark, whole in _WHOLE.items()
}
COLUMN = {mark: re.compile(rf"(?:{body}\n)*{body}") for mark, body in _BODY.items()}


def other(mark: str) -> str:
    return "," if mark == "." else "."


def reading(body: str, mark: str) -> float | None:
    """``body`` (ASCII digits, "." and ",", nothing else) read with ``mark``
    as the decimal point and the other mark grouping thousands, or None
    when it is not a well-formed number that way."""
    whole, point, fraction = body.partition(mark)
    if point and not fraction and not whole:
        return None
    if fraction and not DIGITS.fullmatch(fraction):
        return None
    if whole and not (DIGITS.fullmatch(whole) or GROUPED[mark].fullmatch(whole)):
        return None
    if not whole and not fraction:
        return None
    return float(whole.replace(other(mark), "") + "." + (fraction or "0"))


def readings(body: str) -> tuple[str, ...]:
    """The marks ``body`` reads with as the decimal point; both when it
    reads either way with different values (``1.234``), one when only one
    way, "." alone when the mark makes no difference (``1234``), and none
    when it is not a number."""
    if "." not in body and "," not in body:
        return (".",) if DIGITS.fullmatch(body) else ()
    if AMBIGUOUS.fullmatch(body):
        return MARKS
    return tuple(mark for mark in MARKS if reading(body, mark) is not None)


def is_ambiguous(body: str) -> bool:
    return AMBIGUOUS.fullmatch(body) is not None


def evidence(body: str) -> str | None:
    """The decimal mark ``body`` shows, when it shows one."""
    if ("." in body or "," in body) and not AMBIGUOUS.fullmatch(body):
        marks = readings(body)
        if len(marks) == 1:
            return marks[0]
    return None


def column_mark(bodies: list[str]) -> str | None:
    """The mark every body reads with, when every body reads with it and
    not every body reads with the other (then one of them shows it): the
    usual column, settled without weighing cell by cell."""
    if not bodies:
        return None
    joined = "\n".join(bodies)
    fits = [mark for mark in MARKS if COLUMN[mark].fullmatch(joined)]
    return fits[0] if len(fits) == 1 else None


def by_delimiter(delimiter: str | None, ambiguous: list[str]) -> str | None:
    """The mark the file's delimiter settles for these ambiguous bodies."""
    if delimiter == ",":
        return "."
    if delimiter == ";" and any("," in body for body in ambiguous):
        return ","
    return None


def by_format(bodies: list[tuple[str, bool]]) -> str | None:
    """The one mark under which the column reads as written in one format.

    ``bodies`` are the column's numbers as (digits and marks, grouped with
    an apostrophe or a space); plain integers count, being written too."""
    fitting = [mark for mark in MARKS if _one_format(bodies, mark)]
    return fitting[0] if len(fitting) == 1 else None


def _one_format(bodies: list[tuple[str, bool]], mark: str) -> bool:
    group = other(mark)
    decimals: set[int] = set()
    trailing_zero = False
    grouped = ungrouped = False
    for body, spaced in bodies:
        whole, _, fraction = body.partition(mark)
        decimals.add(len(fraction))
        trailing_zero = trailing_zero or fraction.endswith("0")
        if group in whole or spaced:
            grouped = True
        elif len(whole) > 3:
            ungrouped = True
    # As many decimals as needed never ends in a zero; a fixed number pads.
    one_format = not trailing_zero or len(decimals) == 1
    return one_format and not (grouped and ungrouped)
