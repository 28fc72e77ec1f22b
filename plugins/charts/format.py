"""How numbers, dates and bins read: in the data table, the description,
and (as d3-format strings) in Plotly's ticks and hover labels."""

from __future__ import annotations

import math

MINUS = "\u2212"
MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_number(value: float) -> str:
    """1,200 / 1,234.5 / 0.0042: thousands separators, no needless zeros."""
    if value == 0:
        return "0"
    if float(value).is_integer() and -1e15 < value < 1e15:  # the common case
        text = f"{value:,.0f}"
        return text if value > 0 else MINUS + text[1:]
    if abs(value) >= 0.01:
        text = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{abs(value):.2g}"
    return (MINUS if value < 0 else "") + text


def value_formatter(y_format: str, currency: str | None):
    """format_value with the format decided once, for a whole column."""
    if y_format == "number":
        return lambda value: "" if value is None else format_number(value)
    return lambda value: format_value(value, y_format, currency)


def format_value(value: float | None, y_format: str, currency: str | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if y_format == "percent":
        return format_number(value * 100) + "%"
    if y_format == "currency":
        symbol = currency or "$"
        sign = MINUS if value < 0 else ""
        amount = abs(value)
        digits = f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}"
        return (
            f"{sign}{symbol}{digits}"
            if len(symbol) == 1
            else (f"{sign}{digits} {symbol}")
        )
    return format_number(value)


def format_x(
    value, kind: str, unit: str = "number", currency: str | None = None
) -> str:
    """An x value as people read it; ``unit`` and ``currency`` are the
    binned column's (a histogram of ``41.2%`` cells has bins "40%–45%")."""
    if value is None:
        return ""
    if kind == "date":
        return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"
    if kind == "datetime":
        return (
            f"{MONTHS[value.month - 1]} {value.day}, {value.year} "
            f"{value.hour:02d}:{value.minute:02d}"
        )
    if kind == "bin":
        low, high = value
        return (
            f"{format_value(low, unit, currency)}–{format_value(high, unit, currency)}"
        )
    if kind == "number":
        return format_number(value)
    return str(value)


def json_x(value, kind: str):
    """An x value as Plotly reads it: ISO text for dates, bin centres."""
    if kind == "date":
        return value.isoformat()[:10]
    if kind == "datetime":
        return value.isoformat(sep=" ", timespec="seconds")
    if kind == "bin":
        return compact_number((value[0] + value[1]) / 2)
    if kind == "number":
        return compact_number(value)
    return value


def plot_columns(table) -> tuple[list, list[list]]:
    """The x column and each series as JSON-ready lists, worked out once for
    the figure and the data table (whose data-value attributes repeat them).
    Text stays raw here: HTML and Plotly escape it each their own way."""
    kind = table.x_kind
    if kind == "date":
        xs = [x.isoformat()[:10] for x in table.x_values]
    elif kind == "datetime":
        xs = [x.isoformat(sep=" ", timespec="seconds") for x in table.x_values]
    elif kind in ("bin", "number"):
        xs = [json_x(x, kind) for x in table.x_values]
    else:
        xs = list(table.x_values)
    ys = [
        [compact_number(v) for v in series.values]
        if series.kind == "number"
        else list(series.values)
        for series in table.series
    ]
    return xs, ys


def compact_number(value: float | None):
    """Whole numbers as ints, so the JSON reads 54, not 54.0."""
    if value is None:
        return None
    if float(value).is_integer() and -(2**53) < value < 2**53:
        return int(value)
    return round(value, 10)


def d3_formats(y_format: str, currency: str | None, values) -> dict[str, str]:
    """Tick and hover formats (d3-format) and affixes for a value axis."""
    whole = all(float(v).is_integer() for v in values if v is not None)
    if y_format == "percent":
        # "~%": as many decimals as the tick step needs and no more (0.5%,
        # 1%, 1.5%), where ".0%" would read "0%, 1%, 1%, 2%, 2%".
        return {"tickformat": "~%", "hoverformat": ".1%", "prefix": "", "suffix": ""}
    if y_format == "currency":
        symbol = currency or "$"
        prefix, suffix = (symbol, "") if len(symbol) == 1 else ("", f" {symbol}")
        return {
            "tickformat": ",",
            "hoverformat": "," if whole else ",.2f",
            "prefix": prefix,
            "suffix": suffix,
        }
    return {
        "tickformat": ",",
        "hoverformat": "," if whole else ",.6~r",
        "prefix": "",
        "suffix": "",
    }
