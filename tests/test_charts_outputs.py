"""What a chart's table becomes: the description, the Plotly figure and the
HTML. All three come from the same table."""

from __future__ import annotations

import json

import pytest
from charts.csvread import read_csv
from charts.describe import describe, headline
from charts.figure import build_figure, figure_json
from charts.markup import ID_TOKEN, Download, chart_html
from charts.spec import parse_spec
from charts.table import build_table
from lxml import html as lxml_html

POLL = b"answer,votes\nSPAM or poor marketing,54\nGood marketing,7\nNot sure,4\n"
HOSTILE = (
    b"label,value\n"
    b'"</script><script>window.__x=1</script>",3\n'
    b'"<a href=""javascript:alert(1)"">click</a>",2\n'
    b'"<span style=""color:red"">R&D</span>",1\n'
)


def chart(block: str, csv: bytes):
    spec = parse_spec(block, first_line=2)
    table = build_table(spec, read_csv(csv, "data/x.csv"), max_points=5000)
    return spec, table


def render(block: str, csv: bytes) -> str:
    spec, table = chart(block, csv)
    payload = None if spec.type == "table" else figure_json(build_figure(table, spec))
    return chart_html(
        table=table,
        chart_type=spec.type,
        figure_json=payload,
        description=describe(table),
        title=spec.title,
        caption=spec.caption,
        source=spec.source,
        alt=spec.alt,
        headline=headline(table),
        height=spec.height,
        download=Download("{static}/data/x.csv", len(csv)),
    ).replace(ID_TOKEN, "chart-post-1")


def test_description_of_the_poll_matches_the_issue_example():
    _, table = chart("data: x.csv\ntype: bar\nx: answer\ny: votes", POLL)
    assert describe(table).startswith(
        "Bar chart of votes by answer. Largest: SPAM or poor marketing, 54 of 65."
    )


def test_description_of_a_line_over_time():
    csv = b"week,followers\n2009-10-05,42800\n2009-10-12,43390\n2009-10-19,43980\n"
    _, table = chart("data: x.csv\ntype: line\nx: week\ny: followers", csv)
    assert describe(table) == (
        "Line chart of followers by week. Starts at 42,800 (Oct 5, 2009) and ends "
        "at 43,980 (Oct 19, 2009); highest 43,980 (Oct 19, 2009), lowest 42,800 "
        "(Oct 5, 2009)."
    )


def test_description_of_a_funnel_gives_the_overall_conversion():
    csv = b"stage,people\nSent,20000\nOpened,4650\nConverted,88\n"
    _, table = chart("data: x.csv\ntype: funnel\nx: stage\ny: people", csv)
    assert describe(table).startswith(
        "Funnel chart of people by stage. From 20,000 at Sent to 88 at Converted "
        "(0.44% of the first stage)."
    )


def test_description_mentions_aggregation_and_source_rows():
    csv = b"day,clicks\nMon,1\nMon,2\nTue,5\n"
    _, table = chart("data: x.csv\ntype: bar\nx: day\ny: clicks\naggregate: sum", csv)
    assert describe(table).endswith(
        "Each value is the sum per day, from 3 rows of data."
    )


def test_figure_has_no_template_and_formats_values():
    spec, table = chart(
        "data: x.csv\ntype: bar\nx: stage\ny: rate\ny_format: percent",
        b"stage,rate\nOpen,0.24\nClick,0.031\n",
    )
    figure = build_figure(table, spec)
    assert "template" not in figure["layout"]
    assert figure["layout"]["yaxis"]["tickformat"] == "~%"
    assert figure["data"][0]["hovertemplate"] == "%{x}<br>%{y:.1%}<extra></extra>"
    assert figure["data"][0]["y"] == [0.24, 0.031]


WEEKS = b"week,channel,signups\n" + b"".join(
    f"2010-03-{d:02d},{c},{n}\n".encode()
    for d in (1, 8, 15)
    for c, n in (("Email", 60), ("Twitter", 20), ("Search", 30))
)


@pytest.mark.parametrize("chart_type", ["line", "area"])
def test_lines_differ_in_dash_and_marker_not_only_in_colour(chart_type):
    spec, table = chart(
        f"data: x.csv\ntype: {chart_type}\nx: week\ny: signups\ngroup: channel",
        WEEKS,
    )
    traces = build_figure(table, spec)["data"]
    assert len({t["line"]["dash"] for t in traces}) == 3
    assert len({t["marker"]["symbol"] for t in traces}) == 3
    assert {t["mode"] for t in traces} == {"lines+markers"}
    # The series' name is in the hover label, in the label's own colours.
    assert traces[1]["hovertemplate"].startswith("Twitter<br>")
    assert traces[1]["hovertemplate"].endswith("<extra></extra>")


def test_scatter_series_differ_in_marker_and_bar_series_in_pattern():
    scatter_spec, table = chart(
        "data: x.csv\ntype: scatter\nx: week\ny: signups\ngroup: channel", WEEKS
    )
    symbols = [t["marker"]["symbol"] for t in build_figure(table, scatter_spec)["data"]]
    assert len(set(symbols)) == 3
    bar_spec, table = chart(
        "data: x.csv\ntype: bar\nx: week\ny: signups\ngroup: channel\nstack: true",
        WEEKS,
    )
    traces = build_figure(table, bar_spec)["data"]
    assert "marker" not in traces[0]  # the first series stays solid
    shapes = [t["marker"]["pattern"]["shape"] for t in traces[1:]]
    assert len(set(shapes)) == 2
    assert "" not in shapes


def test_slices_carry_their_name_and_share_as_the_table_writes_the_name():
    spec, table = chart(
        "data: x.csv\ntype: donut\nx: week\ny: n",
        b"week,n\n2010-03-22,5\n2010-03-29,\n2010-04-05,7\n",
    )
    figure = build_figure(table, spec)
    (trace,) = figure["data"]
    assert trace["text"] == ["Mar 22, 2010", "Apr 5, 2010"]
    assert trace["texttemplate"] == "%{text}<br>%{percent}"
    assert trace["textposition"] == "auto"
    assert figure["layout"]["showlegend"] is False  # charts.js shows it if needed
    spec, table = chart("data: x.csv\ntype: pie\nx: answer\ny: votes", POLL)
    (trace,) = build_figure(table, spec)["data"]
    assert trace["text"] == ["SPAM or poor<br>marketing", "Good marketing", "Not sure"]


def test_currency_axis_and_hover():
    spec, table = chart(
        "data: x.csv\ntype: bar\nx: channel\ny: revenue",
        b'channel,revenue\nEmail,"$1,200.50"\nSocial,$950\n',
    )
    figure = build_figure(table, spec)
    assert figure["layout"]["yaxis"]["tickprefix"] == "$"
    assert "$%{y:,.2f}" in figure["data"][0]["hovertemplate"]


def test_plotly_markup_in_data_is_escaped_for_plotly():
    spec, table = chart("data: x.csv\ntype: bar\nx: label\ny: value", HOSTILE)
    labels = build_figure(table, spec)["data"][0]["x"]
    assert labels == [
        "&lt;/script&gt;&lt;script&gt;window.__x=1&lt;/script&gt;",
        '&lt;a href="javascript:alert(1)"&gt;click&lt;/a&gt;',
        '&lt;span style="color:red"&gt;R&amp;D&lt;/span&gt;',
    ]


def test_figure_json_cannot_close_its_script_element():
    spec, table = chart("data: x.csv\ntype: bar\nx: label\ny: value", HOSTILE)
    text = figure_json(build_figure(table, spec))
    assert "<" not in text
    assert ">" not in text
    assert "&" not in text
    assert json.loads(text)["data"][0]["y"] == [3, 2, 1]


def test_html_structure_names_and_describes_the_chart():
    page = lxml_html.fromstring(
        render(
            "data: x.csv\ntype: bar\nx: answer\ny: votes\ntitle: The poll\n"
            "caption: 65 readers voted.\nsource: Reader poll",
            POLL,
        )
    )
    assert page.tag == "figure"
    assert page.get("id") == "chart-post-1"
    caption = page.find("figcaption")
    assert caption.text_content() == "The poll 65 readers voted. Source: Reader poll"
    plot = page.find_class("chart__plot")[0]
    assert plot.get("role") == "img"
    # Named by the one-line headline, described by the whole paragraph.
    assert plot.get("aria-label") == "Bar chart of votes by answer."
    assert plot.get("aria-labelledby") is None
    assert plot.get("aria-describedby") == "chart-post-1-desc"
    description = page.get_element_by_id("chart-post-1-desc").text_content()
    assert description.startswith("Bar chart of votes by answer. Largest: SPAM")
    data = page.get_element_by_id("chart-post-1-data")
    assert data.get("type") == "application/json"
    assert json.loads(data.text)["data"][0]["y"] == [54, 7, 4]
    rows = page.find_class("chart__table")[0].findall(".//tbody/tr")
    assert [[c.text_content() for c in row] for row in rows] == [
        ["SPAM or poor marketing", "54"],
        ["Good marketing", "7"],
        ["Not sure", "4"],
    ]
    link = page.find_class("chart__download")[0].find("a")
    assert link.get("href") == "{static}/data/x.csv"
    assert link.text_content() == f"Download the data (CSV, {len(POLL)} B)"


def test_alt_text_becomes_the_accessible_name():
    page = lxml_html.fromstring(
        render("data: x.csv\ntype: pie\nx: answer\ny: votes\nalt: Poll answers", POLL)
    )
    plot = page.find_class("chart__plot")[0]
    assert plot.get("aria-label") == "Poll answers"
    assert plot.get("aria-describedby") == "chart-post-1-desc"


def test_hostile_text_in_block_and_data_stays_text():
    fragment = render(
        "data: x.csv\ntype: bar\nx: label\ny: value\n"
        "title: '<img src=x onerror=alert(1)>'\ncaption: '</figure><script>x</script>'",
        HOSTILE,
    )
    page = lxml_html.fromstring(fragment)
    assert page.xpath("//img") == []
    assert [s.get("type") for s in page.xpath("//script")] == ["application/json"]
    assert page.xpath("//a") == page.xpath("//p[@class='chart__download']/a")
    assert page.find_class("chart__title")[0].text_content() == (
        "<img src=x onerror=alert(1)>"
    )


def test_a_table_chart_shows_the_table_without_a_plot():
    page = lxml_html.fromstring(render("data: x.csv\ntype: table\ntitle: Poll", POLL))
    assert page.find_class("chart__plot") == []
    assert page.xpath("//script") == []
    assert len(page.find_class("chart__table")[0].findall(".//tbody/tr")) == 3


def test_descriptions_count_in_the_singular_when_there_is_one():
    """'1 values', '1 points', '1 rows' read as a machine wrote them."""

    histogram = build_table(
        parse_spec("data: x.csv\ntype: histogram\nx: v\nbins: 1"),
        read_csv(b"v\n3\n", "x.csv"),
        max_points=100,
    )
    assert describe(histogram) == (
        "Histogram of v. 1 value in 1 bin from 3 to 4; the most common range "
        "is 3–4, with 1 value."
    )
    scatter = build_table(
        parse_spec("data: x.csv\ntype: scatter\nx: a\ny: b"),
        read_csv(b"a,b\n1,2\n", "x.csv"),
        max_points=100,
    )
    assert "1 point;" in describe(scatter)
    summed = build_table(
        parse_spec("data: x.csv\ntype: bar\nx: a\ny: b\naggregate: sum"),
        read_csv(b"a,b\nx,2\n", "x.csv"),
        max_points=100,
    )
    assert describe(summed).endswith("from 1 row of data.")


@pytest.mark.parametrize("chart_type", ["bar", "line", "funnel"])
def test_a_currency_symbol_from_the_block_is_text_to_plotly(chart_type):
    """Plotly reads <b>, <a href> and <span style> in tick affixes, hover
    templates and bar texts; a block's currency symbol is text there."""
    spec = parse_spec(
        f"data: x.csv\ntype: {chart_type}\nx: a\ny: b\n"
        "y_format: currency\ncurrency: <b>"
    )
    table = build_table(spec, read_csv(b"a,b\nx,2\ny,1\n", "x.csv"), max_points=10)
    text = json.dumps(build_figure(table, spec))
    assert "<b>" not in text
    assert "&lt;b&gt;" in text
