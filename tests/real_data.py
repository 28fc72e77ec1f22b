"""Real data sets for chart tests, from the installed plotly package.

plotly.py (MIT licence, a locked dependency) ships a few public data sets in
plotly/package_data/datasets/, so tests read them without a network:

- ``tips``: 244 restaurant bills and tips (Bryant & Smith 1995, as in R's
  reshape2 package);
- ``election``: the 2013 Montreal mayoral election by district (the city's
  open data), eight columns with accented names;
- ``gapminder``: life expectancy, population and GDP per capita by country
  and year (Gapminder Foundation, CC BY 4.0), ten columns.

Nobody here wrote these values. Where a test needs cells written the way a
marketing export writes them (``$16.99``, ``5.9%``), ``tips_as_exported``
writes the real values in that form.
"""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path

import plotly

DATASETS = Path(plotly.__file__).parent / "package_data" / "datasets"


def dataset_text(name: str) -> str:
    """The data set's CSV text, exactly as plotly ships it."""
    with gzip.open(DATASETS / f"{name}.csv.gz", "rt", encoding="utf-8") as file:
        return file.read()


def dataset_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(dataset_text(name))))


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> str:
    """Write rows as a spreadsheet would; return the text written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")
    return buffer.getvalue()


def tips_as_exported(path: Path) -> list[list[str]]:
    """The tips data set with money as ``$16.99`` and the tip as a share of
    the bill, ``5.9%``: the forms an export tool writes. Returns the rows."""
    rows = [
        [
            f"${float(row['total_bill']):,.2f}",
            f"{float(row['tip']) / float(row['total_bill']) * 100:.1f}%",
            row["day"],
            row["time"],
        ]
        for row in dataset_rows("tips")
    ]
    write_csv(path, ["bill", "tip_rate", "day", "time"], rows)
    return rows
