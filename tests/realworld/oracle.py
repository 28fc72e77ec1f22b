"""What a chart should plot, worked out with pandas from the same CSV file.

This is written from the README's description of each chart key, not from
the chart plugin's code: pandas reads the file (its own number parsing), and
groupby / sort_values / numpy.histogram do the arithmetic. Every plotted
value read back from a built page must agree with it.

A chart is described as a :class:`Plot`: the x column, and each series as its
(x, value) points, in order, without its missing values (the figure draws no
point there; the data table leaves the cell blank).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

CONTINUOUS = ("number", "date")
PANDAS_AGGREGATES = {
    "sum": "sum",
    "mean": "mean",
    "median": "median",
    "min": "min",
    "max": "max",
}


@dataclass
class Plot:
    chart_type: str
    x: list
    series: dict[str, list[tuple]] = field(default_factory=dict)
    # Histograms: each bin's (low, high) edges.
    bins: list[tuple[float, float]] = field(default_factory=list)


def expected_plot(spec: dict, csv_path: Path) -> Plot:
    frame = pd.read_csv(csv_path)
    kind = spec["type"]
    if kind == "histogram":
        return _histogram(spec, frame)
    if kind == "table":
        return _table(spec, frame)
    return _series(spec, frame)


def x_kind(column: pd.Series) -> str:
    if pd.api.types.is_numeric_dtype(column):
        return "number"
    if column.astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date"
    return "text"


def _x_value(value, kind: str):
    return float(value) if kind == "number" else str(value)


def _series(spec: dict, frame: pd.DataFrame) -> Plot:
    x = spec["x"]
    ys = _as_list(spec.get("y"))
    group = spec.get("group")
    how = spec.get("aggregate")
    kind = x_kind(frame[x])
    if how:
        keys = [x] + ([group] if group else [])
        grouped = frame.groupby(keys, sort=False)
        if how == "count":
            table = grouped.size().to_frame(ys[0] if ys else "count")
        else:
            table = grouped[ys].agg(PANDAS_AGGREGATES[how])
        value_columns = list(table.columns)
        table = table.reset_index()
        if group:
            names = list(dict.fromkeys(frame[group].astype(str)))
            wide = table.pivot(index=x, columns=group, values=value_columns[0])
            wide.columns = [str(c) for c in wide.columns]
            wide = wide.reindex(index=list(dict.fromkeys(frame[x])), columns=names)
            wide = wide.reset_index()
        else:
            names = value_columns
            wide = table
    elif group:
        names = list(dict.fromkeys(frame[group].astype(str)))
        if spec["type"] == "scatter":  # every row a point of its own
            wide = frame[[x]].copy()
            for name in names:
                wide[name] = frame[ys[0]].where(frame[group].astype(str) == name)
        else:
            wide = frame.pivot(index=x, columns=group, values=ys[0])
            wide.columns = [str(c) for c in wide.columns]
            wide = wide.reindex(index=list(dict.fromkeys(frame[x])), columns=names)
            wide = wide.reset_index()
    else:
        names = ys
        wide = frame[[x, *ys]].copy()
    wide = _sort_and_limit(spec, wide, x, names, kind, grouped=bool(group))
    xs = [_x_value(v, kind) for v in wide[x]]
    series = {
        name: [
            (xv, float(v)) for xv, v in zip(xs, wide[name], strict=True) if pd.notna(v)
        ]
        for name in names
    }
    return Plot(spec["type"], xs, series)


def _sort_and_limit(spec, wide, x, names, kind, *, grouped: bool):
    sort = spec.get("sort")
    if sort:
        descending = sort.startswith("-")
        column = sort.lstrip("-")
        if column == x:
            key = wide[x].astype(str).str.casefold() if kind == "text" else wide[x]
        elif column in wide.columns:
            key = wide[column]
        elif grouped:  # sorting a grouped chart by its y: by the row total
            key = wide[names].sum(axis=1, min_count=1)
        else:
            raise AssertionError(f"sort column {column!r} not in the chart")
        order = key.sort_values(
            ascending=not descending, kind="stable", na_position="last"
        ).index
        wide = wide.loc[order]
    elif spec["type"] in ("line", "area") and kind in CONTINUOUS:
        wide = wide.sort_values(x, kind="stable")
    if "limit" in spec:
        wide = wide.head(int(spec["limit"]))
    return wide.reset_index(drop=True)


def _histogram(spec: dict, frame: pd.DataFrame) -> Plot:
    values = frame[spec["x"]].dropna().astype(float)
    bins = spec.get("bins") or min(
        30, len(np.histogram_bin_edges(values, "sturges")) - 1
    )
    edges = np.histogram_bin_edges(values, bins=bins)
    group = spec.get("group")
    if group:
        names = list(dict.fromkeys(frame.loc[values.index, group].astype(str)))
        parts = {
            name: values[frame.loc[values.index, group].astype(str) == name]
            for name in names
        }
    else:
        parts = {"count": values}
    centres = [float((lo + hi) / 2) for lo, hi in itertools.pairwise(edges)]
    series = {
        name: list(
            zip(
                centres,
                [float(c) for c in np.histogram(part, bins=edges)[0]],
                strict=True,
            )
        )
        for name, part in parts.items()
    }
    bins_ = [(float(lo), float(hi)) for lo, hi in itertools.pairwise(edges)]
    return Plot("histogram", centres, series, bins_)


def _table(spec: dict, frame: pd.DataFrame) -> Plot:
    x = spec.get("x") or frame.columns[0]
    names = _as_list(spec.get("y")) or [c for c in frame.columns if c != x]
    kind = x_kind(frame[x])
    wide = frame[[x, *names]].copy()
    wide = _sort_and_limit(spec, wide, x, names, kind, grouped=False)
    xs = [_x_value(v, kind) for v in wide[x]]
    series = {}
    for name in names:
        column = wide[name]
        numeric = pd.api.types.is_numeric_dtype(frame[name])
        series[name] = [
            (xv, float(v) if numeric else str(v))
            for xv, v in zip(xs, column, strict=True)
            if pd.notna(v)
        ]
    return Plot("table", xs, series)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def same_number(a: float, b: float) -> bool:
    """Equal to the precision a chart's JSON keeps (10 decimal places)."""
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def _same(expected, actual) -> bool:
    if isinstance(expected, float):
        try:
            return same_number(expected, float(actual))
        except (TypeError, ValueError):
            return False
    return str(expected) == str(actual)


AGGREGATE_SUFFIX = re.compile(r" \((sum|mean|median|count|min|max)\)$")


def differences(expected: Plot, actual: Plot, *, compare_x: bool) -> list[str]:
    """What differs between two plots of one chart, in words; [] when none."""
    found = []
    if compare_x:
        if len(expected.x) != len(actual.x):
            found.append(f"{len(actual.x)} x values, pandas has {len(expected.x)}")
        found += [
            f"x value {i + 1} is {a!r}, pandas has {e!r}"
            for i, (e, a) in enumerate(zip(expected.x, actual.x, strict=False))
            if not _same(e, a)
        ][:5]
    if actual.bins:
        found += [
            f"bin {i + 1} is {a}, numpy has {e}"
            for i, (e, a) in enumerate(zip(expected.bins, actual.bins, strict=False))
            if not (_same(e[0], a[0]) and _same(e[1], a[1]))
        ][:5]
    series = {
        AGGREGATE_SUFFIX.sub("", name): pts for name, pts in actual.series.items()
    }
    if list(series) == [""] and len(expected.series) == 1:
        series = {next(iter(expected.series)): series[""]}
    if list(series) != list(expected.series):
        found.append(f"series {list(series)}, pandas has {list(expected.series)}")
        return found
    for name, points in expected.series.items():
        shown = series[name]
        if len(points) != len(shown):
            found.append(
                f"series {name!r}: {len(shown)} points, pandas has {len(points)}"
            )
        found += [
            f"series {name!r}, point {i + 1}: {a}, pandas has {e}"
            for i, (e, a) in enumerate(zip(points, shown, strict=False))
            if not (_same(e[0], a[0]) and _same(e[1], a[1]))
        ][:5]
    return found
