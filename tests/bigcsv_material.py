"""What tests/test_charts_bigcsv.py reads through both paths, and how.

``outcome_small`` and ``outcome_big`` read the same bytes with the same
chart block, the first with csvread.py and table.py (the Python reader),
the second with bigcsv.py (the engine path); each gives the table, the
error (message and line) or, for the engine only, the reason it declined.

``exports()`` writes campaign exports the way Google Analytics 4 and email
service providers (ESPs) write them, in every form the Python reader
handles: delimiters, thousands separators, currencies, percentages,
European decimal marks, date forms, notes above the header, totals rows,
quoted cells, blank lines, a byte-order mark, CRLF line ends, missing
values, and some faults (a cell that is no number, a misspelt column, a
row short of cells or with one too many). The values are random (seeded);
the shapes are the exports'.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from charts.bigcsv import Declined, big_table
from charts.csvread import read_block_csv
from charts.errors import ChartError
from charts.spec import ChartSpec, parse_spec
from charts.table import build_table

LABEL = "content/data/export.csv"
MAX_POINTS = 5000


def outcome_small(spec: ChartSpec, data: bytes) -> tuple:
    try:
        found = read_block_csv(data, LABEL, spec)
        return ("table", build_table(spec, found, max_points=MAX_POINTS))
    except ChartError as error:
        return ("error", _located(spec, error))


def outcome_big(spec: ChartSpec, path: Path) -> tuple:
    try:
        return ("table", big_table(spec, str(path), LABEL, max_points=MAX_POINTS))
    except ChartError as error:
        return ("error", _located(spec, error))
    except Declined as declined:
        return ("declined", declined.reason)


def _located(spec: ChartSpec, error: ChartError) -> tuple:
    """The message and the line it names, as the pipeline fills it in."""
    line = error.line or (spec.line_of(error.key) if error.key else None)
    return (error.message, line)


def both(block: str, data: bytes, folder: Path) -> tuple[tuple, tuple]:
    """The small path's outcome and the engine's, for one block and file."""
    spec = parse_spec(block, 2)
    path = folder / "export.csv"
    path.write_bytes(data)
    return outcome_small(spec, data), outcome_big(spec, path)


def same(small: tuple, big: tuple) -> bool:
    """Equal outcomes, floats compared bit for bit (repr tells 0.0 from
    -0.0, which == does not)."""
    return small[0] == big[0] and repr(small[1]) == repr(big[1])


# --- exports --------------------------------------------------------------------------

CHANNELS = (
    "Organic Search",
    "Direct",
    "Email",
    "Paid Social",
    "Referral",
    "Display",
    "(not set)",
)
MONEY = ("plain", "us", "eu", "ch", "fr", "percent", "negative", "int", "grouped")
DATES = ("iso", "ga4", "us", "eu", "de", "named", "time", "month")
GA4_NOTES = (
    "# ----------------------------------------",
    "# Traffic acquisition: Session default channel group",
    "# Start date: 20240101",
    "# End date: 20240229",
    "# ----------------------------------------",
)


def money(value: float, style: str) -> str:
    grouped = f"{value:,.2f}"
    if style == "plain":
        return f"{value:.2f}"
    if style == "us":
        return f"${grouped}"
    if style == "eu":  # 1.234,56 €
        return grouped.translate(str.maketrans(",.", ".,")) + " €"
    if style == "ch":  # 1'234.56
        return grouped.replace(",", "'")
    if style == "fr":  # 1 234,56 with a narrow no-break space
        return grouped.replace(",", "\u202f").replace(".", ",")
    if style == "percent":
        return f"{value / 100:.1f}%"
    if style == "negative":  # accounting: (1,234.56)
        return f"({grouped})" if value > 1500 else grouped
    if style == "int":
        return str(int(value))
    return f"{int(value):,}"


def date(day: dt.date, style: str) -> str:
    forms = {
        "iso": "%Y-%m-%d",
        "ga4": "%Y%m%d",
        "us": "%m/%d/%Y",
        "eu": "%d/%m/%Y",
        "de": "%d.%m.%Y",
        "named": "%b %d, %Y",
        "time": "%Y-%m-%d 10:00",
        "month": "%Y-%m",
    }
    return day.strftime(forms[style])


@dataclass(frozen=True)
class Export:
    name: str
    block: str
    data: bytes


def exports(seed: int, count: int) -> list[Export]:
    rng = random.Random(seed)
    return [_export(rng, n) for n in range(count)]


def _export(rng: random.Random, number: int) -> Export:
    delimiter = rng.choice([",", ",", ";", "\t", "|"])
    style = rng.choice(MONEY)
    when = rng.choice(DATES)
    quote_all = rng.random() < 0.3  # as ESPs (Mailchimp, Klaviyo) write
    faulty = rng.random() < 0.2
    header = ["Date", "Channel", "Campaign", "Sessions", "Revenue"]
    rows = []
    first = dt.date(2024, 1, 1)
    for _ in range(rng.randint(1, 300)):
        day = first + dt.timedelta(days=rng.randrange(60))
        cells = [
            date(day, when),
            rng.choice(CHANNELS),
            f"spring-{rng.randrange(5)}",
            str(rng.randrange(1, 500)),
            money(rng.random() * 3000, style),
        ]
        if rng.random() < 0.03:
            cells[4] = rng.choice(["n/a", "-", "", " "])
        if rng.random() < 0.02:
            cells[0] = ""
        if faulty and rng.random() < 0.02:
            cells[rng.choice([3, 4])] = rng.choice(["abc", "1.2.3", "$5€", "12 apples"])
        if rng.random() < 0.01:
            cells[1] = f" {cells[1]} "
        rows.append(cells)

    def line(cells: list[str]) -> str:
        return delimiter.join(
            f'"{cell.replace(chr(34), chr(34) * 2)}"'
            if quote_all or delimiter in cell or '"' in cell
            else cell
            for cell in cells
        )

    lines = [line(header)] + [line(cells) for cells in rows]
    kind = rng.choice(["bar", "line", "area", "scatter", "pie", "funnel"])
    block = ["data: /data/export.csv", f"type: {kind}"]
    if rng.random() < 0.2:
        lines[:0] = GA4_NOTES
        if rng.random() < 0.8:
            block.append('comment: "#"')
    if rng.random() < 0.2:
        lines.append(line(["Grand total", "", "", "999", money(99999, style)]))
        if rng.random() < 0.7:
            block.append("skip_footer: 1")
    if rng.random() < 0.1:
        lines.insert(rng.randrange(1, len(lines)), "")
    if rng.random() < 0.05:
        lines.insert(rng.randrange(2, len(lines) + 1), "# a note in the middle")
    if rng.random() < 0.05 and len(lines) > 3:  # a row short of cells
        at = rng.randrange(2, len(lines))
        lines[at] = delimiter.join(lines[at].split(delimiter)[:3])
    if rng.random() < 0.05 and len(lines) > 3:  # a row with a cell too many
        at = rng.randrange(2, len(lines))
        lines[at] += delimiter + rng.choice(["extra", "", " "])
    if rng.random() < 0.05:  # every row ends with a delimiter, the header too
        lines = [line + delimiter for line in lines]
    if rng.random() < 0.05:
        block.append(f"skip_rows: [{rng.randrange(2, len(lines) + 1)}]")
    newline = rng.choice(["\n", "\n", "\r\n"])
    text = newline.join(lines)
    if rng.random() < 0.8:
        text += newline
    if rng.random() < 0.2:
        text += newline * rng.randrange(3)
    data = text.encode("utf-8")
    if rng.random() < 0.15:
        data = b"\xef\xbb\xbf" + data
    x = rng.choice(["Date", "Channel", "Date", "Campaign"])
    y = rng.choice(["Revenue", "Sessions", "Revenue"])
    aggregate = rng.choice(["sum", "mean", "median", "count", "min", "max"])
    block += [f"x: {x}", f"y: {y}", f"aggregate: {aggregate}"]
    if rng.random() < 0.3 and kind not in ("pie", "funnel"):
        block.append(f"group: {rng.choice(['Channel', 'Campaign'])}")
    if rng.random() < 0.1:
        block.append(f'decimal: "{rng.choice([",", "."])}"')
    if faulty and rng.random() < 0.2:  # a misspelt column
        block[block.index(f"y: {y}")] = f"y: {y[:-2]}{y[-1]}{y[-2]}"
    name = f"export {number}: {kind}, {style} numbers, {when} dates, {delimiter!r}"
    return Export(name, "\n".join(block), data)
