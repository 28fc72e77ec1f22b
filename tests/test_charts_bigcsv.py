"""Big CSVs through the engine (plugins/charts/bigcsv.py), against the
Python reader: files both can read give the same table, number for number
and bit for bit, and the same errors, word for word, naming the same line.

Every file here goes through both paths: bigcsv.big_table is called
directly, which is what a build does above CHARTS_ENGINE_THRESHOLD (the
last tests build real sites with the threshold at 0). The material is
public data nobody here wrote (the datasets plotly ships, also as other
locales' spreadsheets write them), the hostile corpus (tests/hostile/),
generated GA4- and ESP-shaped exports with the quirks the Python reader
handles, Hypothesis' CSVs, and files larger than the part the engine path
reads in Python, with faults deep inside. The five-million-row case is a
benchmark (bench/bigcsv.py), not a test.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import subprocess
from pathlib import Path

import pandas as pd
import plotly
import pytest
from bigcsv_material import both, exports, same
from charts.datafile import DataFile
from charts.pipeline import ChartPipeline
from charts.settings import ChartSettings, apply_defaults
from charts.spec import parse_spec
from conftest import build_site, new_content, parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import chart_csvs, csv_texts
from test_hostile_corpus import CASES, WIDE_LOG, tree_digest

from sitecheck.pelican_run import pelican_command

DATASETS = Path(plotly.__file__).parent / "package_data" / "datasets"
DATASET_NAMES = sorted(
    p.name.removesuffix(".csv.gz") for p in DATASETS.glob("*.csv.gz")
)
AGGREGATES = ("sum", "mean", "median", "count", "min", "max")
ROOT = Path(__file__).resolve().parent.parent


def dataset(name: str) -> bytes:
    return gzip.decompress((DATASETS / f"{name}.csv.gz").read_bytes())


def block(x: str, y: str, aggregate: str, *, group: str | None = None, **keys) -> str:
    lines = ["data: /data/export.csv", f"type: {keys.pop('type', 'bar')}"]
    lines += [f"x: {x}", f"y: {y}", f"aggregate: {aggregate}"]
    if group:
        lines.append(f"group: {group}")
    lines += [f"{key}: {value}" for key, value in keys.items()]
    return "\n".join(lines)


def assert_same(chart: str, data: bytes, folder: Path) -> tuple:
    small, big = both(chart, data, folder)
    assert big[0] != "declined", f"the engine declined: {big[1]}\n{chart}"
    assert same(small, big), f"{chart}\nsmall: {small}\nbig:   {big}"
    return small


# --- public data ----------------------------------------------------------------------


@pytest.mark.parametrize("name", DATASET_NAMES)
def test_plotly_datasets_aggregate_alike(name, tmp_path):
    """Each dataset charted over its first columns, every aggregate in
    turn, with and without a group: tables and errors (text columns as y)
    the same."""
    data = dataset(name)
    header = next(csv.reader(io.StringIO(data.decode("utf-8"))))
    outcomes = set()
    turn = 0
    for x in header[:4]:
        for y in header[:7]:
            if y == x:
                continue
            others = [g for g in header[:4] if g not in (x, y)]
            group = others[0] if turn % 2 and others else None
            small = assert_same(
                block(x, y, AGGREGATES[turn % 6], group=group), data, tmp_path
            )
            outcomes.add(small[0])
            turn += 1
    assert "table" in outcomes


LOCALES = {
    "DE ;": {"sep": ";", "decimal": ","},
    "FR tab": {"sep": "\t", "decimal": ","},
    "CH ;": {"sep": ";", "decimal": "."},
    "US |": {"sep": "|", "decimal": "."},
}


@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize(
    ("name", "x", "ys"),
    [
        ("gapminder", "continent", ("lifeExp", "pop", "gdpPercap")),
        ("tips", "day", ("total_bill", "tip")),
        ("iris", "species", ("sepal_length", "petal_width")),
    ],
)
def test_datasets_as_other_locales_write_them(locale, name, x, ys, tmp_path):
    """The same data as a German, French, Swiss or US spreadsheet exports
    it (pandas' to_csv with that delimiter and decimal mark)."""
    frame = pd.read_csv(io.BytesIO(dataset(name)))
    data = frame.to_csv(index=False, **LOCALES[locale]).encode("utf-8")
    for turn, y in enumerate(ys):
        for aggregate in (AGGREGATES[turn % 6], AGGREGATES[(turn + 3) % 6]):
            small = assert_same(block(x, y, aggregate), data, tmp_path)
            assert small[0] == "table"


# --- the hostile corpus ---------------------------------------------------------------

# The cases the engine leaves to the Python reader, and why.
DECLINED = {
    "csv-cp1252-with-encoding": "it is cp1252 text",
    "csv-latin1-with-encoding": "it is iso8859-1 text",
    "csv-utf16-with-bom": "it is UTF-16 text",
    "csv-empty": "it holds nothing but blank lines",
    "csv-unclosed-quote": "the quoted field that starts on line 2 runs on to line 3",
}


def hostile_charts():
    """(case, block, CSV bytes) of every case with a chart and a CSV."""
    found = []
    for case in CASES:
        posts = [s for s in case.sections if s.path.startswith("content/posts/")]
        files = [
            s
            for s in case.sections
            if s.path.endswith(".csv") and not set(s.options) & {"symlink", "hex"}
        ]
        if not posts or not files:
            continue
        here, outside = Path("/content"), Path("/outside")
        chart = re.search(
            r"```chart\n(.*?)\n```", case.fill(posts[0].text, here, outside), re.S
        )
        if chart is None:
            continue
        text = case.fill(files[0].text, here, outside)
        if "nonewline" in files[0].options:
            text = text.removesuffix("\n")
        found.append(
            (
                case.name,
                chart[1],
                text.encode(files[0].options.get("encoding", "utf-8")),
            )
        )
    return found


@pytest.mark.parametrize(
    ("case", "chart", "data"),
    [pytest.param(*found, id=found[0]) for found in hostile_charts()],
)
def test_hostile_csvs_read_alike(case, chart, data, tmp_path):
    """Each case's file with its block, aggregated (its own aggregate, or
    sum, count and max added): the same outcome, or declined for the
    reason listed, and then the Python reader reads it."""
    charts = [chart]
    if "aggregate:" not in chart:
        charts = [f"{chart}\naggregate: {how}" for how in ("sum", "count", "max")]
    for variant in charts:
        small, big = both(variant, data, tmp_path)
        if case in DECLINED:
            assert big == ("declined", DECLINED[case])
        else:
            assert same(small, big), f"{variant}\nsmall: {small}\nbig:   {big}"


# --- exports with the quirks the Python reader handles --------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_ga4_and_esp_exports_read_alike(seed, tmp_path):
    """Generated exports (bigcsv_material.exports): none declined, every
    table and error the same."""
    outcomes = {"table": 0, "error": 0}
    for export in exports(seed, 50):
        small, big = both(export.block, export.data, tmp_path)
        assert big[0] != "declined", f"{export.name}: {big[1]}"
        assert same(small, big), f"{export.name}\n{export.block}\n{small}\n{big}"
        outcomes[small[0]] += 1
    assert outcomes["table"] > outcomes["error"] > 0


def test_percentages_are_divided_as_python_divides(tmp_path):
    """Polars multiplies by 0.01 where Python divides by 100: 20.5% would
    be 0.20500000000000002, not 0.205."""
    cells = ["20.5%", "3.1%", "11.42%", "7.0%"] * 50
    rows = "".join(f"w{i % 2},{cell}\n" for i, cell in enumerate(cells))
    data = b"week,rate\n" + rows.encode()
    small = assert_same(block("week", "rate", "max"), data, tmp_path)
    assert small[1].series[0].values == (20.5 / 100, 7.0 / 100)


FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@FUZZ
@given(
    chart_csvs(),
    st.sampled_from(["label", "when", "n", "grp"]),
    st.sampled_from(["n", "m"]),
    st.sampled_from(AGGREGATES),
    st.booleans(),
)
def test_any_chart_csv_reads_alike(tmp_path, text, x, y, aggregate, grouped):
    chart = block(x, y, aggregate, group="grp" if grouped and x != "grp" else None)
    small, big = both(chart, text.encode("utf-8"), tmp_path)
    assert same(small, big), f"{chart}\n{text}\nsmall: {small}\nbig:   {big}"


@FUZZ
@given(csv_texts(), st.sampled_from(AGGREGATES))
def test_any_csv_reads_alike_or_is_left_to_python(tmp_path, text, aggregate):
    """Any delimiter, ragged rows, stray and unclosed quotes, CR line ends:
    where the engine cannot promise Python's reading it says why."""
    try:
        header = next(csv.reader(io.StringIO(text, newline="")), ["a"])
    except csv.Error:
        header = ["a"]
    names = [name.strip() for name in header if name.strip()] or ["a"]
    chart = block(json.dumps(names[0]), json.dumps(names[-1]), aggregate)
    small, big = both(chart, text.encode("utf-8"), tmp_path)
    assert big[0] == "declined" or same(small, big), f"{text!r}\n{small}\n{big}"


DECLINED_FILES = {
    "lone CR": (b"day,n\rMon,1\rTue,2\r", "carriage return alone"),
    "quote in a cell": (b'day,n\nMon,1\nT"ue,2\n', "the quotes on line 3"),
    "text after a quote": (b'day,n\nMon,1\n"Tue"s,2\n', "the quotes on line 3"),
    "a quoted cell over lines": (b'day,n\n"Mon\nday",1\nTue,2\n', "runs on"),
    "a quote on a comment line": (
        b'day,n\n"Mon",1\n# said "hi\n"Tue",2\n',
        "the engine could not read it",
    ),
}


@pytest.mark.parametrize("name", list(DECLINED_FILES))
def test_declined_files_are_drawn_by_the_python_reader(name, tmp_path):
    """A file the engine cannot read as Python would is declined, and the
    pipeline draws it with the Python reader: the same HTML as from bytes."""
    data, reason = DECLINED_FILES[name]
    chart = block("day", "n", "sum", comment="'#'")
    small, big = both(chart, data, tmp_path)
    assert big[0] == "declined"
    assert reason in big[1]
    values = {"PATH": str(tmp_path), "CACHE_PATH": str(tmp_path / "cache")}
    apply_defaults(values)
    values["CHARTS_ENGINE_THRESHOLD"] = 0
    pipeline = ChartPipeline()
    pipeline.settings = ChartSettings.from_pelican(values)
    spec = parse_spec(chart, 2)
    path = tmp_path / "export.csv"
    through_pipeline = pipeline.draw(spec, DataFile(str(path), len(data)), "x.csv")
    from_bytes = pipeline.draw(spec, data, "x.csv")
    assert small[0] == "table"
    assert through_pipeline == from_bytes


# --- faults beyond the part read in Python --------------------------------------------

ROWS = 40_000  # about 2 MB: past the first megabyte and the first 1,000 rows


def long_export(fault=None, at: int = 31_000) -> bytes:
    lines = ["date,channel,revenue"]
    for i in range(ROWS):
        lines.append(
            f"2024-{1 + i % 12:02d}-{1 + i % 28:02d},c{i % 7},"
            f"{(i * 7919) % 10_000 / 100:.2f}"
        )
    if fault is not None:
        lines[at] = fault(lines[at])
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (
            lambda line: line.rsplit(",", 1)[0] + ",twelve",
            "line 31001: column 'revenue' has the non-numeric value 'twelve'",
        ),
        (lambda line: line.rsplit(",", 1)[0] + ",€5.00", "mixes plain numbers"),
        (
            lambda line: line.split(",", 1)[0],
            "line 31001: 1 fields, but the header has 3",
        ),
        (lambda line: line.replace("2024-", "31/"), "is not a date like the others"),
        (lambda line: "", None),
    ],
    ids=["not a number", "currency", "short row", "date", "blank line"],
)
def test_a_fault_deep_in_a_big_file(fault, words, tmp_path):
    """A fault on line 31,001 of a 2 MB file (beyond what the engine path
    reads in Python): the same error, naming that line; a blank line is no
    fault, in either."""
    data = long_export(fault)
    small = assert_same(block("date", "revenue", "sum", type="line"), data, tmp_path)
    if words is None:
        assert small[0] == "table"
    else:
        assert small[0] == "error"
        assert words in small[1][0]


def test_a_totals_row_at_the_end_of_a_big_file(tmp_path):
    data = long_export() + b"\nGrand total,,123456.78\n"
    small = assert_same(block("channel", "revenue", "sum"), data, tmp_path)
    assert small[1][0].startswith(
        f"content/data/export.csv, line {ROWS + 3}: 'Grand total' looks like a "
        "totals row, which would be charted as one more value; add "
        "'skip_footer: 1'"
    )
    assert_same(block("channel", "revenue", "sum", skip_footer=1), data, tmp_path)


def test_the_usual_errors_read_alike(tmp_path):
    data = long_export()
    for chart, words in (
        (block("date", "revenu", "sum"), "y column 'revenu' not found"),
        (block("dat", "revenue", "sum"), "x column 'dat' not found"),
        (block("date", "revenue", "sum", group="chanel"), "group column 'chanel'"),
        (block("date", "revenue", "sum", skip_footer=ROWS), "skip_footer"),
    ):
        small = assert_same(chart, data, tmp_path)
        assert small[0] == "error"
        assert words in small[1][0]
    ambiguous = b"week;clicks\n" + b"".join(
        b"w%d;1.%03d\n" % (i, i % 1000) for i in range(3000)
    )
    small = assert_same(block("week", "clicks", "sum"), ambiguous, tmp_path)
    assert "could be" in small[1][0]
    assert "decimal" in small[1][0]


# --- real builds ----------------------------------------------------------------------

POST = """\
Title: {title}
Date: 2024-03-0{day} 10:00
Category: Analytics
Slug: {slug}

Sessions and revenue from the export.

```chart
{chart}
title: {title}
```
"""


def big_content(root: Path) -> Path:
    """A site whose charts aggregate a GA4-shaped and an ESP-shaped export."""
    content = new_content(root)
    charts = {
        "ga4": (
            "data: /data/ga4.csv\ntype: area\nx: Date\ny: Total revenue\n"
            'group: Channel\naggregate: sum\nstack: true\ncomment: "#"'
        ),
        "esp": "data: /data/esp.csv\ntype: bar\nx: Campaign\ny: Opens\naggregate: mean",
    }
    lines = ["# GA4 export", "# ---", "Date,Channel,Sessions,Total revenue"]
    lines += [
        f"202402{1 + i % 28:02d},ch{i % 5},{i % 97},{(i * 31) % 5000 / 100:.2f}"
        for i in range(30_000)
    ]
    (content / "data" / "ga4.csv").write_text("\n".join(lines) + "\n", "utf-8")
    esp = ['"Campaign","Email","Opens"']
    esp += [
        f'"Spring, {i % 9}","user{i}@example.com","{i % 13}"' for i in range(30_000)
    ]
    (content / "data" / "esp.csv").write_text("\r\n".join(esp) + "\r\n", "utf-8")
    for day, (slug, chart) in enumerate(charts.items(), start=1):
        post = POST.format(title=f"The {slug} export", day=day, slug=slug, chart=chart)
        (content / "posts" / f"{slug}.md").write_text(post, "utf-8")
    return content


def test_a_build_through_the_engine_equals_one_through_python(tmp_path):
    """The same site built three times: twice with every aggregated chart
    drawn by the engine (its threads free to run in any order), once by
    the Python reader. Every file the same, byte for byte."""
    content = big_content(tmp_path)
    trees = []
    for run, threshold in enumerate((0, 0, 1 << 40)):
        output = tmp_path / f"output-{run}"
        result = build_site(
            output, content=content, extra={"CHARTS_ENGINE_THRESHOLD": threshold}
        )
        log = result.stdout + result.stderr
        assert result.returncode == 0, log
        assert "ERROR" not in log, log
        assert "WARNING" not in log, log
        for slug in ("ga4", "esp"):
            page = parse_html(output / "2024" / "03" / slug / "index.html")
            assert page.xpath("//figure[contains(@class, 'chart')]//script")
        trees.append(tree_digest(output))
    assert trees[0] == trees[1] == trees[2]


def test_files_over_the_python_limit(tmp_path):
    """Above CHARTS_MAX_CSV_BYTES an aggregated chart is drawn by the
    engine; a chart that does not aggregate, or a file the engine cannot
    read as Python would, is an error that says what to do."""
    content = big_content(tmp_path)
    ga4 = (content / "data" / "ga4.csv").read_bytes()
    (content / "data" / "old-mac.csv").write_bytes(ga4.replace(b"\n", b"\r"))
    wide = ga4.replace(b"20240211,ch0,", b"20240211,ch0,,", 1)
    (content / "data" / "wide.csv").write_bytes(wide)
    posts = {
        "plain": "data: /data/ga4.csv\ntype: line\nx: Date\ny: Sessions\ncomment: '#'",
        "old-mac": (
            "data: /data/old-mac.csv\ntype: line\nx: Date\ny: Sessions\n"
            "aggregate: sum\ncomment: '#'"
        ),
        "wide": (
            "data: /data/wide.csv\ntype: line\nx: Date\ny: Sessions\n"
            "aggregate: sum\ncomment: '#'"
        ),
    }
    for day, (slug, chart) in enumerate(posts.items(), start=3):
        post = POST.format(title=slug, day=day, slug=slug, chart=chart)
        (content / "posts" / f"{slug}.md").write_text(post, "utf-8")
    output = tmp_path / "output"
    result = build_site(
        output,
        content=content,
        extra={"CHARTS_MAX_CSV_BYTES": 64 * 1024},
        env=WIDE_LOG,
    )
    log = result.stdout + result.stderr
    assert parse_html(output / "2024" / "03" / "ga4" / "index.html").xpath(
        "//figure[contains(@class, 'chart')]"
    )
    assert "content/posts/plain.md:9: data: content/data/ga4.csv is" in log
    assert "add 'aggregate:' to the chart block" in log
    assert "content/posts/old-mac.md:9: data: content/data/old-mac.csv is" in log
    assert "carriage return alone" in log
    assert "save it with Windows or Unix line ends" in log
    # A row wider than the header: the Python reader's own error, though the
    # file is too big for it.
    wide_line = ga4[: ga4.index(b"20240211,ch0,")].count(b"\n") + 1
    assert (
        f"content/posts/wide.md:8: content/data/wide.csv, line {wide_line}: 5 "
        "fields, but the header has 4 (Date, Channel, Sessions, Total revenue); "
        "check for a missing or extra delimiter, or quote fields that contain one"
    ) in log
    assert "Traceback" not in log
    assert "internal error" not in log


def test_a_small_build_does_not_import_the_engine(tmp_path):
    command = pelican_command(
        ROOT / "pelicanconf.py",
        tmp_path / "output",
        extra={"CACHE_PATH": str(tmp_path / "cache")},
    )
    command[1:1] = ["-X", "importtime"]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "charts.pipeline" in imported or "pipeline" in " ".join(imported)
    assert not [name for name in imported if name.split(".")[0] == "polars"]
