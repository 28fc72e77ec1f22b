"""Material nobody here wrote: plotly's public datasets, as shipped and as
spreadsheets in other locales write them again, read against pandas; and a
real build of posts charting them, a Google Analytics-shaped export and
missing values, checked in the HTML, the build log and Chromium.

The datasets ship with plotly (MIT licence; gapminder's figures are
Gapminder's, CC BY 4.0; tips, iris and the others are classic public
teaching datasets). They are decompressed into a temporary folder here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from pathlib import Path

import pandas as pd
import plotly
import pytest
from browser import chromium, show_charts
from charts.csvread import read_csv
from charts.errors import ChartError
from charts.numbers import to_numbers
from conftest import build_site, new_content, parse_html
from test_hostile_corpus import log_records

from sitecheck.server import serve_in_background

DATASETS = Path(plotly.__file__).parent / "package_data" / "datasets"
CSV_FILES = sorted(p.name.removesuffix(".gz") for p in DATASETS.glob("*.csv.gz"))
# The same data as spreadsheets in other locales write it (pandas' to_csv).
LOCALE_EXPORTS = {
    "DE ;": {"sep": ";", "decimal": ","},
    "CH ;": {"sep": ";", "decimal": "."},
    "US tab": {"sep": "\t", "decimal": "."},
    "FR tab": {"sep": "\t", "decimal": ","},
}


def dataset(name: str) -> bytes:
    return gzip.decompress((DATASETS / f"{name}.gz").read_bytes())


def pandas_numbers(data: bytes, sep: str = ",", decimal: str = ".") -> dict:
    """Column -> values, for every column pandas reads as numbers."""
    frame = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal)
    return {
        name: [None if pd.isna(v) else float(v) for v in frame[name]]
        for name in frame.columns
        if pd.api.types.is_numeric_dtype(frame[name])
    }


def our_numbers(data: bytes, columns, decimal: str | None = None) -> dict:
    """The same columns read as a chart reads a y column (table._numbers):
    knowing the file's delimiter and the decimal mark the file shows."""
    found = read_csv(data, "content/data/export.csv")
    return {
        column: list(
            to_numbers(
                found.cells(column),
                found.lines,
                column,
                found.label,
                decimal=decimal,
                delimiter=found.delimiter,
                file_decimal=lambda: found.decimal_hint,
            ).values
        )
        for column in columns
    }


def test_the_datasets_are_there():
    assert {"gapminder.csv", "tips.csv", "iris.csv", "stocks.csv"} <= set(CSV_FILES)


@pytest.mark.parametrize("name", CSV_FILES)
def test_a_public_dataset_reads_as_pandas_reads_it(name):
    data = dataset(name)
    expected = pandas_numbers(data)
    assert expected, name
    # A comma-delimited file never needs the decimal key.
    assert our_numbers(data, expected) == expected


@pytest.mark.parametrize("locale", LOCALE_EXPORTS)
@pytest.mark.parametrize("name", CSV_FILES)
def test_a_public_dataset_in_another_locale_reads_as_pandas_reads_it(name, locale):
    options = LOCALE_EXPORTS[locale]
    frame = pd.read_csv(io.BytesIO(dataset(name)))
    data = frame.to_csv(index=False, **options).encode()
    expected = pandas_numbers(data, options["sep"], options["decimal"])
    assert expected.keys() == pandas_numbers(dataset(name)).keys()
    try:
        read = our_numbers(data, expected)
    except ChartError as error:
        refused = error.message
    else:
        assert read == expected
        return
    # Only a real question, naming the answer; with it, pandas' values.
    assert f"'decimal: \"{options['decimal']}\"'" in refused
    assert our_numbers(data, expected, options["decimal"]) == expected


# --- a real build -----------------------------------------------------------------

POST = """\
Title: {title}
Date: 2024-03-0{day} 10:00
Category: Data
Slug: {slug}

Text before the charts.

{charts}
"""


def chart(**keys: str) -> str:
    body = "\n".join(f"{key}: {value}" for key, value in keys.items())
    return f"```chart\n{body}\n```\n"


def gapminder_rows(keep) -> str:
    """Gapminder rows, their cells exactly as the dataset writes them."""
    rows = list(csv.reader(io.StringIO(dataset("gapminder.csv").decode())))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [rows[0], *(r for r in rows[1:] if keep(dict(zip(rows[0], r, strict=True))))]
    )
    return out.getvalue()


def three_decimals(row: dict) -> bool:
    fraction = row["lifeExp"].partition(".")[2]
    return row["year"] == "2007" and row["continent"] == "Europe" and len(fraction) == 3


GA4_EXPORT = """\
# ----------------------------------------
# Traffic acquisition: Session default channel group
# Account: Demo Account
# Property: Demo Shop
# ----------------------------------------
#
# Start date: 20240101
# End date: 20240107
# ----------------------------------------
Date,Session default channel group,Sessions,Engagement rate
20240101,Organic Search,"1,234",0.6726
20240102,Organic Search,"1,302",0.6611
20240103,Organic Search,987,0.7012
20240104,Organic Search,"1,119",0.6850
Grand total,,"4,642",0.6780
"""
GAPS_CSV = """\
day,clicks
2024-03-01,10
2024-03-02,12
2024-03-03,n/a
2024-03-04,15
2024-03-05,-
2024-03-06,13
,99
2024-03-07,16
"""
MIXED_CSV = "answer,score\nYes,1.234\nNo,2.5\nMaybe,28.801\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The posts built with the development and the publish settings."""
    root = tmp_path_factory.mktemp("real-exports")
    content = new_content(root)
    data = content / "data"
    (data / "gapminder-europe.csv").write_text(gapminder_rows(three_decimals))
    (data / "gapminder-afghanistan.csv").write_text(
        gapminder_rows(lambda row: row["country"] == "Afghanistan")
    )
    (data / "ga4.csv").write_text(GA4_EXPORT)
    (data / "gaps.csv").write_text(GAPS_CSV)
    (data / "mixed.csv").write_text(MIXED_CSV)
    posts = {
        "gapminder": chart(
            data="/data/gapminder-europe.csv", type="bar", x="country", y="lifeExp"
        )
        + "\n"
        + chart(
            data="/data/gapminder-afghanistan.csv",
            type="line",
            x="year",
            y="lifeExp",
        ),
        "ga4": chart(
            data="/data/ga4.csv",
            type="line",
            x="Date",
            y="Sessions",
            comment='"#"',
            skip_footer="1",
        ),
        "gaps": chart(data="/data/gaps.csv", type="line", x="day", y="clicks"),
        "mixed": chart(data="/data/mixed.csv", type="bar", x="answer", y="score"),
    }
    for day, (slug, charts) in enumerate(posts.items(), start=1):
        text = POST.format(title=slug.title(), day=day, slug=slug, charts=charts)
        (content / "posts" / f"{slug}.md").write_text(text)
    env = {**os.environ, "COLUMNS": "1000"}
    dev = build_site(root / "dev", content=content, env=env)
    publish = build_site(
        root / "publish", settings="publishconf.py", content=content, env=env
    )
    return root, content, dev, publish


def page_of(root: Path, slug: str):
    return parse_html(root / "dev" / "2024" / "03" / slug / "index.html")


def as_plotted(values) -> list:
    """Values as a figure's JSON holds them: whole numbers as integers, the
    rest to 10 decimals (format.compact_number), which keeps 41.763 of
    gapminder's 41.76300000000001."""
    return [int(v) if float(v).is_integer() else round(v, 10) for v in values]


def figures(page) -> list[dict]:
    return [
        json.loads(script.text)
        for script in page.xpath("//script[@type='application/json']")
    ]


def test_the_builds_log_no_error_and_the_publish_build_passes(built):
    _, _, dev, publish = built
    assert dev.returncode == 0, dev.stdout + dev.stderr
    assert publish.returncode == 0, publish.stdout + publish.stderr
    for result in (dev, publish):
        log = result.stdout + result.stderr
        assert "Traceback" not in log
        assert [m for level, m in log_records(log) if level == "ERROR"] == []


def test_rows_without_x_are_one_warning_naming_the_post_and_the_lines(built):
    _, _, dev, publish = built
    # The block's 'x:' is on line 11 of the post; the empty x on line 8.
    expected = (
        "content/posts/gaps.md:11: content/data/gaps.csv, line 8: no value in "
        "column 'day'; this row is left out of the chart"
    )
    for result in (dev, publish):
        warnings = [
            m
            for level, m in log_records(result.stdout + result.stderr)
            if level == "WARNING"
        ]
        assert warnings.count(expected) == 1, warnings


def test_gapminder_three_decimals_plot_as_pandas_reads_them(built):
    root, content, _, _ = built
    page = page_of(root, "gapminder")
    bar, line = figures(page)
    europe = pd.read_csv(content / "data" / "gapminder-europe.csv")
    assert len(europe) >= 5
    assert bar["data"][0]["x"] == europe["country"].tolist()
    assert bar["data"][0]["y"] == as_plotted(europe["lifeExp"])
    afghanistan = pd.read_csv(content / "data" / "gapminder-afghanistan.csv")
    assert line["data"][0]["x"] == afghanistan["year"].tolist()
    assert line["data"][0]["y"] == as_plotted(afghanistan["lifeExp"])
    assert line["data"][0]["y"][0] == 28.801


def test_a_ga4_export_with_its_keys_plots_its_days_without_the_totals(built):
    root, content, _, _ = built
    [figure] = figures(page_of(root, "ga4"))
    frame = pd.read_csv(
        content / "data" / "ga4.csv",
        comment="#",
        thousands=",",
        skipfooter=1,
        engine="python",
    )
    days = pd.to_datetime(frame["Date"].astype(str), format="%Y%m%d")
    assert figure["data"][0]["x"] == days.dt.strftime("%Y-%m-%d").tolist()
    assert figure["data"][0]["y"] == as_plotted(frame["Sessions"])
    assert figure["layout"]["xaxis"]["type"] == "date"


def test_a_column_of_1_234_and_2_5_plots_decimals(built):
    root, _, _, _ = built
    [figure] = figures(page_of(root, "mixed"))
    assert figure["data"][0]["y"] == [1.234, 2.5, 28.801]


def test_missing_values_are_gaps_named_in_the_description(built):
    root, _, _, _ = built
    page = page_of(root, "gaps")
    [figure] = figures(page)
    trace = figure["data"][0]
    assert trace["y"] == [10, 12, None, 15, None, 13, 16]
    assert trace["connectgaps"] is False
    description = page.find_class("chart__description")[0].text_content()
    assert description.endswith("No value for Mar 3, 2024 and Mar 5, 2024.")


def test_chromium_draws_the_line_in_pieces_around_the_gaps(built):
    root, _, _, _ = built
    server, base = serve_in_background(root / "dev")
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(f"{base}/2024/03/gaps/", wait_until="networkidle")
            show_charts(page)
            lines = page.locator(".chart__plot .scatterlayer .js-line")
            paths = [lines.nth(i).get_attribute("d") for i in range(lines.count())]
            page.close()
    finally:
        server.shutdown()
        server.server_close()
    # 10, 12 | 15 | 13, 16: three pieces, a line of two points, the lone 15
    # (a move with no line: its marker shows it), a line of two points;
    # never one line of six points straight across the gaps.
    pieces = [(d.count("M"), d.count("L")) for d in paths]
    assert pieces == [(1, 1), (1, 0), (1, 1)], paths
