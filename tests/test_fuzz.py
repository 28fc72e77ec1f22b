"""Fuzzing the chart plugin's readers with Hypothesis.

Whatever text a chart block holds and whatever bytes a CSV file holds, the
block parser, the CSV reader and everything a chart is drawn with afterwards
either succeed or raise ChartError with a message an author can read (and,
for the block parser, a line inside the block). No other exception, ever:
anything else would reach the build as an "internal error" or a traceback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os

import yaml
from charts.csvread import read_csv
from charts.dates import to_dates
from charts.errors import ChartError
from charts.numbers import looks_numeric, to_numbers
from charts.pipeline import ChartPipeline
from charts.settings import ChartSettings, apply_defaults
from charts.spec import CHART_TYPES, KNOWN_KEYS, ChartSpec, parse_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# FUZZ_EXAMPLES=20000 for a long local run; CI runs the default.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
FIRST_LINE = 8


def assert_clear(error: ChartError) -> None:
    assert type(error) is ChartError
    assert isinstance(error.message, str)
    assert error.message.strip()
    assert "Traceback" not in error.message
    assert error.line is None or isinstance(error.line, int)


# --- the chart-block parser -----------------------------------------------------------

SCALARS = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "bar",
            "line",
            "pie",
            "table",
            "histogram",
            "sum",
            "count",
            "-votes",
            "/data/x.csv",
            "../../etc/passwd",
            "~/x.csv",
            "https://example.com/x.csv",
            "/data/x\x00.csv",
            "%d/%m/%Y",
            "cp1252",
            "utf-16",
            ";",
            "tab",
            "h",
            "€",
            "2024-01-31",
        ]
    ),
)
VALUES = st.one_of(SCALARS, st.lists(SCALARS, max_size=4))
KEYS = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=12))


@st.composite
def yaml_blocks(draw) -> str:
    """Well-formed YAML mappings of plausible and implausible keys."""
    mapping = draw(st.dictionaries(KEYS, VALUES, max_size=10))
    text = yaml.safe_dump(mapping, allow_unicode=True, sort_keys=False)
    return text


YAML_PIECES = st.sampled_from(
    [
        "data: /data/x.csv\n",
        "type: bar\n",
        "x: a\n",
        "y: [b, c]\n",
        "y:\n  - b\n  - c\n",
        "&a ",
        "*a",
        "!!python/object/apply:os.system ['true']",
        "!!binary aGVsbG8=",
        "!custom x",
        "{",
        "}",
        "[",
        "]",
        ": ",
        "- ",
        "? ",
        "|\n",
        ">\n",
        "'",
        '"',
        "\\",
        "#",
        "%YAML 1.1\n",
        "---\n",
        "...\n",
        "\t",
        "  ",
        "\n",
        "<<: *a\n",
        "limit: 99999999999999999999999\n",
        "height: 1e400\n",
        "title: \x00\n",
        "\ufeff",
    ]
)


@st.composite
def yaml_soup(draw) -> str:
    """Fragments of YAML syntax in any order: most of it malformed."""
    pieces = draw(st.lists(st.one_of(YAML_PIECES, st.text(max_size=8)), max_size=25))
    return "".join(pieces)


def block_outcome(text: str) -> ChartSpec | ChartError:
    try:
        return parse_spec(text, FIRST_LINE, max_points=5000)
    except ChartError as error:
        return error


def check_block(text: str) -> None:
    outcome = block_outcome(text)
    if isinstance(outcome, ChartSpec):
        assert outcome.type
        assert outcome.data
        return
    assert_clear(outcome)
    # The line is in the block (or is its opening fence).
    last = FIRST_LINE + text.count("\n") + text.count("\r") + 1
    assert outcome.line is not None, outcome.message
    assert FIRST_LINE - 1 <= outcome.line <= last, (outcome.line, outcome.message)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_a_chart_block(text):
    check_block(text)


@FUZZ
@given(yaml_blocks())
def test_well_formed_yaml_with_any_keys_and_values(text):
    check_block(text)


@FUZZ
@given(yaml_soup())
def test_yaml_syntax_soup(text):
    check_block(text)


# --- the CSV reader -------------------------------------------------------------------

CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "1",
            "-2.5",
            "1,234",
            "1.234,5",
            "$1,200",
            "(300)",
            "83.1%",
            "€4",
            "1e999",
            "-1e999",
            "nan",
            "inf",
            "1e-400",
            "2024-01-31",
            "2024-02-30",
            "31/01/2024",
            "01/31/2024",
            "03/04/2024",
            "Jan 5, 2024",
            "2024-01",
            '"quoted, comma"',
            '"unclosed',
            "a\nb",
            "=SUM(A1)",
            "<script>",
            "\u202e",
            " ",
        ]
    ),
)


@st.composite
def csv_texts(draw) -> str:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    width = draw(st.integers(min_value=1, max_value=4))
    header = draw(
        st.lists(
            st.sampled_from(["a", "b", "c", "a", "", " x ", "votes"]),
            min_size=width,
            max_size=width,
        )
    )
    rows = draw(
        st.lists(
            st.lists(CELLS, min_size=max(width - 1, 0), max_size=width + 1),
            max_size=8,
        )
    )
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(delimiter.join(row) for row in [header, *rows])


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])


@st.composite
def csv_bytes(draw) -> bytes:
    text = draw(csv_texts())
    encoding = draw(ENCODINGS)
    return text.encode(encoding, errors="replace")


def read_everything(data: bytes, encoding: str = "utf-8") -> None:
    """Read a CSV and type every column every way a chart may."""
    try:
        csv = read_csv(data, "content/data/fuzz.csv", encoding=encoding)
    except ChartError as error:
        assert_clear(error)
        return
    assert csv.names
    assert csv.rows
    assert all(len(row) == len(csv.names) for row in csv.rows)
    for name in csv.names:
        cells = csv.cells(name)
        looks_numeric(cells)
        for parse, options in (
            (to_numbers, {}),
            (to_numbers, {"decimal": ","}),
            (to_dates, {}),
            (to_dates, {"date_format": "%d/%m/%Y"}),
        ):
            try:
                parse(cells, csv.lines, name, csv.label, **options)
            except ChartError as error:
                assert_clear(error)


@FUZZ
@given(st.binary(max_size=600))
def test_any_bytes_as_a_csv_file(data):
    read_everything(data)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["cp1252", "latin-1", "utf-16"]))
def test_any_bytes_in_another_declared_encoding(data, encoding):
    read_everything(data, encoding)


@FUZZ
@given(csv_bytes())
def test_csv_like_files_in_any_export_encoding(data):
    read_everything(data)


# --- block and CSV together, drawn the way a build draws them -------------------------


COLUMNS = ("label", "when", "n", "m", "grp")
LABELS = st.one_of(
    st.sampled_from(["Email", "Social", "Search", "</script><b>x</b>", "=1+1", ""]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8),
)
WHENS = st.one_of(
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)).map(str),
    st.sampled_from(["03/04/2024", "31/01/2024", "Jan 5, 2024", "2024-02-30", ""]),
)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["1,234", "$5", "(3)", "12%", "1e999", "", "n/a", "0"]),
)


@st.composite
def chart_csvs(draw) -> str:
    """Columns a block can name, cells mostly of their kind, some not."""
    rows = draw(
        st.lists(
            st.tuples(
                LABELS,
                WHENS,
                NUMBERS,
                NUMBERS,
                st.sampled_from(["a", "b", "c", ""]),
            ),
            min_size=1,
            max_size=12,
        )
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


@st.composite
def chart_blocks(draw) -> str:
    """Valid-looking blocks: the keys that go together, columns that exist."""
    kind = draw(st.sampled_from(CHART_TYPES))
    x = draw(st.sampled_from(["label", "when", "n", "grp"]))
    lines = ["data: /data/fuzz.csv", f"type: {kind}", f"x: {x}"]
    single = kind in ("pie", "donut", "funnel")
    if kind == "histogram":
        if draw(st.booleans()):
            lines.append(f"bins: {draw(st.integers(min_value=1, max_value=40))}")
    else:
        ys = draw(
            st.lists(
                st.sampled_from(["n", "m"]), min_size=1, max_size=1 if single else 2
            ).map(lambda v: list(dict.fromkeys(v)))
        )
        lines.append(f"y: [{', '.join(ys)}]")
        if kind != "table" and draw(st.booleans()):
            aggregate = draw(
                st.sampled_from(["sum", "mean", "median", "count", "min", "max"])
            )
            lines.append(f"aggregate: {aggregate}")
        if len(ys) == 1 and not single and kind != "table" and draw(st.booleans()):
            lines.append("group: grp")
    if kind in ("bar", "funnel") and draw(st.booleans()):
        lines.append(f"orientation: {draw(st.sampled_from(['h', 'v']))}")
    if kind in ("bar", "area") and draw(st.booleans()):
        lines.append(f"stack: {draw(st.booleans())}".lower())
    if draw(st.booleans()):
        lines.append(f"sort: {draw(st.sampled_from(['-n', 'n', x, '-' + x]))}")
    if draw(st.booleans()):
        lines.append(f"limit: {draw(st.integers(min_value=1, max_value=200))}")
    if draw(st.booleans()):
        lines.append(f"y_format: {draw(st.sampled_from(['percent', 'currency']))}")
    if draw(st.booleans()):
        lines.append("title: '</script><script>window.__x=1</script>'")
    return "\n".join(lines)


def pipeline(tmp_root: str) -> ChartPipeline:
    values = {"PATH": tmp_root, "CACHE_PATH": tmp_root + "/cache"}
    apply_defaults(values)
    values["CHARTS_MAX_POINTS"] = 200
    drawer = ChartPipeline()
    drawer.settings = ChartSettings.from_pelican(values)
    return drawer


DRAWER = pipeline("/nonexistent-fuzz-root/content")


@FUZZ
@given(chart_blocks(), chart_csvs())
def test_any_block_with_any_csv_draws_or_explains(block, text):
    try:
        spec = parse_spec(block, FIRST_LINE, max_points=200)
    except ChartError as error:
        assert_clear(error)
        return
    try:
        html = DRAWER.draw(spec, text.encode("utf-8"), "data/fuzz.csv").html
    except ChartError as error:
        assert_clear(error)
        return
    assert html.startswith("<figure")
    if spec.type != "table":
        # Data never closes the figure's JSON script early.
        payload = html.split('<script type="application/json"', 1)[1]
        assert "</script" not in payload.split("</script>", 1)[0].lower()
