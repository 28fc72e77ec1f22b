"""The questions the engine path asks of Polars, and nothing else.

Polars is imported here, and only when a chart reads a CSV above the
engine threshold (CHARTS_ENGINE_THRESHOLD), so a small build never pays for
the import. Whatever leaves this module is put in an order that depends on
the data alone (row numbers, then key numbers): Polars' threads and hash
tables never decide an order a chart shows.

Rows are numbered ``r`` from 0 for the first line below the header. Polars
keeps a blank line as a row of its own, so row r is on line
``data_start + r + 1`` as long as no quoted field spans lines (bigcsv.py
makes sure of that).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MAX_SHAPE_LENGTH = 300  # longer cells are shapes of their own (see shape())
SHAPE_DIGITS = [str(d) for d in range(2, 10)]


class EngineError(Exception):
    """Polars refused the file (a row wider than the header, a stray quote)."""


def polars():
    import polars  # here: only above the threshold

    return polars


def column(index: int) -> str:
    return f"c{index}"


def shape(cell):
    """A cell's shape: the cell with the digits 2-9 written as 1 (an
    expression over the column ``cell``).

    The rules that decide how a column of numbers reads (numbers.py,
    decimals.py) see a digit only as a zero or not, so the cells of one
    shape read alike, and the first of each stands for all. Cells with an
    exponent or very many digits (which may be too large for a float) are
    shapes of their own."""
    pl = polars()
    return (
        pl.when(cell.str.contains("[eE]") | (cell.str.len_chars() > MAX_SHAPE_LENGTH))
        .then(cell)
        .otherwise(cell.str.replace_many(SHAPE_DIGITS, ["1"] * len(SHAPE_DIGITS)))
    )


@dataclass
class Cells:
    """The data lines of a file: the row number ``r`` and the raw cells of
    the columns asked for, held in memory."""

    frame: object  # polars.DataFrame
    distinct_cache: dict = field(default_factory=dict)

    @classmethod
    def read(
        cls,
        path: str,
        *,
        skip: int,
        width: int,
        delimiter: str,
        quoted: bool,
        wanted: Sequence[int],
    ) -> Cells:
        pl = polars()
        try:
            frame = (
                pl.scan_csv(
                    path,
                    has_header=False,
                    separator=delimiter,
                    quote_char='"' if quoted else None,
                    skip_lines=skip,
                    schema={column(i): pl.String for i in range(width)},
                    row_index_name="r",
                    raise_if_empty=False,
                    # Rows wider or narrower than the header are cut or
                    # padded here; bigcsv.py finds them (Polars does not
                    # always say) and words the small path's error.
                    truncate_ragged_lines=True,
                    missing_columns="insert",
                    encoding="utf8",
                )
                .select("r", *(column(i) for i in sorted(set(wanted))))
                .collect()
            )
        except pl.exceptions.PolarsError as error:
            raise EngineError(str(error).splitlines()[0]) from None
        return cls(frame)

    @property
    def height(self) -> int:
        return self.frame.height

    def candidates(
        self, columns: Sequence[int], last: int, comment: str | None
    ) -> list[int]:
        """Rows the engine cannot settle alone: every cell it read is blank
        (the line may be blank), the last column is empty (the row may be
        short of cells), or the first cell starts with ``comment``."""
        pl = polars()
        found = [self.frame.filter(pl.col(column(last)).is_null())["r"]]
        blank = self.frame
        for i in columns:
            cell = pl.col(column(i))
            blank = blank.filter(cell.is_null() | (cell.str.strip_chars() == ""))
        found.append(blank["r"])
        if comment is not None:
            first = pl.col(column(0))
            marked = self.frame.filter(first.str.contains(comment, literal=True))
            found.append(
                marked.filter(first.str.strip_chars_start().str.starts_with(comment))[
                    "r"
                ]
            )
        return sorted(set().union(*(series.to_list() for series in found)))

    def keep_rows(self, excluded: Sequence[int], footer: int) -> int:
        """Leave out the rows ``excluded`` (blank lines, comments, skipped
        lines) and then the last ``footer`` rows; make empty cells "".
        Returns the count of rows before the footer went."""
        pl = polars()
        frame = self.frame
        if excluded:
            gone = pl.Series(sorted(excluded), dtype=frame.schema["r"])
            frame = frame.filter(~pl.col("r").is_in(gone.implode()))
        total = frame.height
        if footer:
            frame = frame.head(max(total - footer, 0))
        self.frame = frame.fill_null("")
        return total

    def row_numbers(self) -> list[int]:
        return self.frame["r"].to_list()

    def row_at(self, position: int, columns: Sequence[int]) -> tuple[int, list[str]]:
        """(r, cells of ``columns``) of the row at ``position`` (0: the first)."""
        row = (
            self.frame.slice(position, 1)
            .select("r", *(column(i) for i in columns))
            .row(0)
        )
        return row[0], list(row[1:])

    def any_data(self, index: int) -> bool:
        pl = polars()
        cell = pl.col(column(index))
        return self.frame.filter(cell.str.strip_chars() != "").height > 0

    def survey(
        self,
        x: int,
        group: int | None,
        shaped: Sequence[int],
        listed: Sequence[int],
        ordered: bool,
    ) -> list[tuple]:
        """One pass over the rows, its parts run side by side: (x cell,
        group cell, first row, rows, {y: numbers}) of each distinct pair,
        by first row ("" as the group cell without a group), the numbers
        being the cells of each ``listed`` column as float() reads them
        (how most columns read: see numbers()); and, kept for shapes() and
        numbers(), the distinct cells of each ``shaped`` column."""
        pl = polars()
        keys = _keys(x, group)
        pairs = (
            self.frame.lazy()
            .with_columns(
                _float(pl.col(column(i))).alias(f"value{i}")
                for i in dict.fromkeys(listed)
            )
            .group_by(keys)
            .agg(
                pl.col("r").min().alias("first"),
                pl.len().alias("rows"),
                *_listed(listed, ordered),
            )
            .sort("first")
        )
        shaped = [i for i in dict.fromkeys(shaped) if i not in self.distinct_cache]
        found = pl.collect_all([pairs, *map(self._distinct, shaped)])
        for index, distinct in zip(shaped, found[1:], strict=True):
            self.distinct_cache[index] = distinct
        return _pairs(found[0], x, group, listed, ordered)

    def pair_numbers(
        self, x: int, group: int | None, tables: dict[int, object], ordered: bool
    ) -> dict[tuple[str, str], dict]:
        """{(x cell, group cell): {y: numbers}}, each y column read as its
        numbers() table says."""
        pl = polars()
        frame = self.frame
        for index, table in tables.items():
            frame = frame.join(
                table.select(
                    pl.col("cell").alias(column(index)),
                    pl.col("value").alias(f"value{index}"),
                ),
                on=column(index),
                how="left",
            )
        grouped = (
            frame.group_by(_keys(x, group))
            .agg(
                pl.col("r").min().alias("first"),
                pl.len().alias("rows"),
                *_listed(list(tables), ordered),
            )
            .sort("first")
        )
        found = _pairs(grouped, x, group, list(tables), ordered)
        return {(row[0], row[1]): row[4] for row in found}

    def first_rows(self, index: int, cells: Sequence[str], limit: int) -> list[int]:
        """The first ``limit`` rows whose cell in column ``index`` is one of
        ``cells``."""
        pl = polars()
        wanted = pl.Series(list(cells), dtype=pl.String)
        found = self.frame.filter(pl.col(column(index)).is_in(wanted.implode()))
        return found["r"].head(limit).to_list()

    def _distinct(self, index: int):
        """Each distinct cell of column ``index``, its first row and shape,
        in the order of their first rows (a lazy query)."""
        pl = polars()
        cell = pl.col(column(index))
        return (
            self.frame.lazy()
            .filter(cell.is_first_distinct())
            .select(cell.alias("cell"), pl.col("r").alias("first"))
            .with_columns(shape=shape(pl.col("cell")))
        )

    def distinct(self, index: int):
        if index not in self.distinct_cache:
            self.distinct_cache[index] = self._distinct(index).collect()
        return self.distinct_cache[index]

    def shapes(self, index: int) -> list[tuple[str, int, str]]:
        """(shape, first row, first cell) of every shape of column
        ``index``, by first row."""
        pl = polars()
        firsts = (
            self.distinct(index)
            .sort("first")
            .group_by("shape", maintain_order=True)
            .agg(pl.col("first").first(), pl.col("cell").first())
        )
        return firsts.select("shape", "first", "cell").rows()

    def values(self, index: int, recipe: dict[str, tuple[str, bool]], mark: str):
        """Every distinct cell of column ``index`` and its number ("cell",
        "value", "kind"), each cell read as ``recipe`` says its shape reads:
        (kind, negative), the kinds of numbers.cell_reading."""
        pl = polars()
        table = pl.DataFrame(
            {
                "shape": list(recipe),
                "kind": [kind for kind, _ in recipe.values()],
                "negative": [negative for _, negative in recipe.values()],
            },
            schema={"shape": pl.String, "kind": pl.String, "negative": pl.Boolean},
        )
        joined = self.distinct(index).join(table, on="shape", how="left")
        value = _reading(pl.col("cell"), mark)
        return joined.select("cell", "kind", value.alias("value"))


def _keys(x: int, group: int | None) -> list[str]:
    return list(
        dict.fromkeys([column(x)] + ([column(group)] if group is not None else []))
    )


def _listed(ys: Sequence[int], ordered: bool) -> list:
    """Aggregations that list the numbers of each y column (its "value"
    column) per group, missing ones left out, and, for aggregates that see
    the rows' order, the rows they are on, in that order."""
    pl = polars()
    found = []
    for index in dict.fromkeys(ys):
        number = pl.col(f"value{index}")
        if ordered:
            present = number.sort_by("r").is_not_null()
            found.append(number.sort_by("r").filter(present).alias(f"value{index}"))
            found.append(pl.col("r").sort().filter(present).alias(f"rows{index}"))
        else:
            found.append(number.filter(number.is_not_null()).alias(f"value{index}"))
    return found


def _pairs(frame, x: int, group: int | None, ys, ordered: bool) -> list[tuple]:
    """A pairs frame as (x cell, group cell, first, rows, {y: numbers}),
    where, with ``ordered``, numbers are (row, number) pairs. (Whole columns
    become Python lists at once: row by row costs several times more.)"""
    xs = frame[column(x)].to_list()
    groups = frame[column(group)].to_list() if group is not None else [""] * len(xs)
    firsts, counts = frame["first"].to_list(), frame["rows"].to_list()
    numbers = [{} for _ in xs]
    for index in dict.fromkeys(ys):
        values = frame[f"value{index}"].to_list()
        if ordered:
            rows = frame[f"rows{index}"].to_list()
            values = [
                list(zip(*pair, strict=True)) for pair in zip(rows, values, strict=True)
            ]
        for found, listed in zip(numbers, values, strict=True):
            found[index] = listed
    return list(zip(xs, groups, firsts, counts, numbers, strict=True))


def _float(cell):
    """Cells as float() reads them (Polars parses decimal text with correct
    rounding, as float() does). Cells that read as missing give null or
    NaN, and NaN becomes null: no cell float() reads as a number here
    (one ending in a digit or a point) is NaN."""
    pl = polars()
    number = cell.str.strip_chars().cast(pl.Float64, strict=False)
    return pl.when(number.is_nan()).then(None).otherwise(number)


def _reading(cell, mark: str):
    """Cells read as numbers.to_numbers reads them with the decimal mark
    ``mark``, once the "kind" and "negative" of each one's shape are beside
    it (see numbers.cell_reading)."""
    pl = polars()
    kind, negative = pl.col("kind"), pl.col("negative")
    stripped = cell.str.strip_chars()
    plain = stripped.cast(pl.Float64, strict=False)
    # 1.234 read with a decimal comma: twelve hundred and thirty-four.
    dotted = (
        stripped.str.strip_chars_start("+-")
        .str.replace_all(".", "", literal=True)
        .cast(pl.Float64, strict=False)
    )
    # A decorated cell's digits and marks are all it holds of them.
    digits = cell.str.replace_all(r"[^0-9.,]", "")
    if mark == ",":
        digits = digits.str.replace_all(".", "", literal=True).str.replace_all(
            ",", ".", literal=True
        )
    else:
        digits = digits.str.replace_all(",", "", literal=True)
    body = digits.cast(pl.Float64, strict=False)
    body = pl.when(negative).then(-body).otherwise(body)
    # A percentage is divided by 100 in Python (see percent()): Polars
    # multiplies by 0.01 instead, which rounds differently.
    return (
        pl.when(kind == "float")
        .then(plain)
        .when(kind == "dotted")
        .then(pl.when(negative).then(-dotted).otherwise(dotted))
        .when(kind == "body")
        .then(body)
        .otherwise(None)
    )
