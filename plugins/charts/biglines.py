"""Questions about a big CSV's raw lines, asked of Polars.

Polars reads the file a second way here: one string per line (split on a
control character no file that passed bigfile.py holds, with quotes off),
numbered in file order from the first line below the header, blank lines
included. That is how the engine path finds the lines it must not trust to
the CSV reader: quotes that are not RFC 4180's, rows with cells to spare,
and the text of the few lines Python reads again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .bigengine import polars

# A quoted field as RFC 4180 writes it. A line holding any other quote is
# one that Polars and Python's csv module may split differently.
QUOTED_FIELD = r'"(?:[^"]|"")*"'
MARK = "\x01"  # never in a file bigfile.py let through (a control character)
WIDE_ROWS = 1000  # rows wider than the header that Python looks at, at most


def line_texts(path: str, skip: int, rows: Sequence[int]) -> dict[int, str]:
    """The text of these rows' lines."""
    pl = polars()
    wanted = pl.Series(sorted(rows), dtype=pl.UInt32)
    found = (
        _lines(path, skip)
        .filter(pl.col("r").is_in(wanted.implode()))
        .select("r", pl.col("line").fill_null(""))
        .collect()
    )
    return dict(found.rows())


def wide_rows(
    path: str, skip: int, delimiter: str, width: int, quoted: bool
) -> list[tuple[int, str]]:
    """(r, line) of the first lines holding more than ``width`` cells,
    the cells past the header's not all blank (a quoted one counts as
    not blank; Python has the last word)."""
    pl = polars()
    line = pl.col("line").fill_null("")
    d = _in_class(delimiter)
    cells = line.str.replace_all(QUOTED_FIELD, MARK) if quoted else line
    wide = cells.str.count_matches(delimiter, literal=True) >= width
    blank_past = cells.str.contains(f"^(?:[^{d}]*{d}){{{width}}}[{d}\\s]*$")
    found = _lines(path, skip).filter(wide & ~blank_past).head(WIDE_ROWS)
    return found.collect().rows()


def odd_quotes(
    path: str, skip: int, delimiter: str, comment: str | None, skipped: Sequence
) -> tuple[int, list[int]]:
    """(how many lines there are, the first row whose quotes are not RFC
    4180's): a quote inside an unquoted field, text after a closing quote,
    or a quoted field that runs on past the line's end. Comment and skipped
    lines do not count: the small path blanks them before it reads quotes."""
    pl = polars()
    line = pl.col("line").fill_null("")
    marked = line.str.replace_all(QUOTED_FIELD, MARK)
    d = _in_class(delimiter)
    odd = marked.str.contains('"', literal=True) | marked.str.contains(
        f"[^{d}]{MARK}|{MARK}[^{d}]"
    )
    test = line.str.contains('"', literal=True) & odd
    if comment is not None:
        test = test & ~line.str.strip_chars_start().str.starts_with(comment)
    if skipped:
        gone = pl.Series(sorted(skipped), dtype=pl.UInt32).implode()
        test = test & ~pl.col("r").is_in(gone)
    lines = _lines(path, skip)
    count, odd = pl.collect_all(
        [lines.select(pl.len()), lines.filter(test).select("r").head(1)]
    )
    return count.item(), odd["r"].to_list()


def _in_class(delimiter: str) -> str:
    """The delimiter as written inside a regex character class."""
    return {"\t": r"\t", "|": r"\|"}.get(delimiter, re.escape(delimiter))


def _lines(path: str, skip: int):
    """The file's lines below the header, one string each."""
    pl = polars()
    return pl.scan_csv(
        path,
        has_header=False,
        separator=MARK,
        quote_char=None,
        skip_lines=skip,
        schema={"line": pl.String},
        row_index_name="r",
        raise_if_empty=False,
        encoding="utf8",
    )
