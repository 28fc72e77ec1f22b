"""How charts show real data, read from a real build (see display_posts.py):
table cells as the CSV wrote them, one title, a scroll box that keyboards
reach, histogram bins in their column's unit, counts on whole-number axes,
and bar labels that say what the data table says."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from conftest import parse_html
from display_posts import CAMPAIGNS, build_display_site, page_path
from lxml import etree
from real_data import dataset_text


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return build_display_site(tmp_path_factory.mktemp("display"))


@pytest.fixture(scope="module")
def pages(output):
    return {
        name: parse_html(page_path(output, name))
        for name in ("tables", "histograms", "bars")
    }


def figures(page):
    return page.find_class("chart")


def body_rows(figure) -> list[list[str]]:
    return [
        [cell.text_content() for cell in row]
        for row in figure.xpath(".//table/tbody/tr")
    ]


def data_values(figure) -> list[list[str | None]]:
    return [
        [cell.get("data-value") for cell in row]
        for row in figure.xpath(".//table/tbody/tr")
    ]


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def figure_json(figure) -> dict:
    return json.loads(figure.xpath(".//script[@type='application/json']")[0].text)


# --- type: table --------------------------------------------------------------


def test_a_table_shows_each_cell_as_the_csv_wrote_it(pages):
    campaigns = figures(pages["tables"])[0]
    rows = body_rows(campaigns)
    assert rows[0] == ["Spring sale", "41.2%", "0.8%", "$4,210.50", "best month"]
    assert rows == csv_rows(CAMPAIGNS)[1:]
    # Machines still get the numbers, as plotted elsewhere.
    assert data_values(campaigns)[0] == [
        "Spring sale",
        "0.412",
        "0.008",
        "4210.5",
        None,
    ]


def test_real_tables_show_every_cell_as_written(pages, output):
    """The 2013 Montreal election (8 columns) and Gapminder's Oceania rows
    (10 columns, such as 28.801, 8691212 and 1952): not one cell changed."""
    election, oceania = figures(pages["tables"])[2:4]
    assert body_rows(election) == csv_rows(dataset_text("election"))[1:]
    written = (output.parent / "content" / "data" / "oceania.csv").read_text("utf-8")
    assert body_rows(oceania) == csv_rows(written)[1:]
    assert body_rows(oceania)[0][2] == "1952"  # not 1,952


def test_text_in_a_table_stays_text(pages):
    campaigns = figures(pages["tables"])[0]
    assert campaigns.xpath(".//img") == []
    assert campaigns.xpath(".//td//b") == []
    notes = [row[4] for row in body_rows(campaigns)]
    assert notes[1] == '<img src=x onerror="window.__x=1">'
    assert notes[2] == "R&D <b>test</b>"


def test_a_table_sorts_by_number_and_limits_rows(pages):
    """sort: -open_rate orders 55.0%, 41.2%, 18.7% by value (as text, 9.5%
    would come first); limit: 3 keeps three rows."""
    ranked = figures(pages["tables"])[1]
    assert body_rows(ranked) == [
        ["Welcome series", "55.0%", "$1,980.00"],
        ["Spring sale", "41.2%", "$4,210.50"],
        ["Win-back", "18.7%", "$312.25"],
    ]


def test_y_format_in_a_table_block_still_formats_its_numbers(pages):
    fractions = figures(pages["tables"])[4]
    assert body_rows(fractions) == [["Australia", "0.31%"], ["New Zealand", "0.06%"]]


def test_a_table_title_appears_once_and_names_the_table(pages):
    for figure in figures(pages["tables"]):
        title = figure.find_class("chart__title")
        if not title:
            continue
        text = title[0].text_content()
        assert figure.text_content().count(text) == 1, text
        assert figure.xpath(".//caption") == []
        table = figure.xpath(".//table")[0]
        assert table.get("aria-labelledby") == title[0].get("id")


def test_a_table_without_title_is_named_by_its_description(pages):
    ranked = figures(pages["tables"])[1]
    assert ranked.find("figcaption") is None
    table = ranked.xpath(".//table")[0]
    assert table.get("aria-label") == (
        "Table of 3 rows: campaign, open_rate and revenue."
    )


def test_every_data_table_scrolls_in_a_named_box_keyboards_reach(pages):
    boxes = [
        box for page in pages.values() for box in page.find_class("chart__table-wrap")
    ]
    assert len(boxes) == sum(len(figures(page)) for page in pages.values()) == 18
    for box in boxes:
        assert box.get("tabindex") == "0"
        assert box.get("role") == "group"
        table = box.find("table")
        naming = ("aria-labelledby", "aria-label")
        assert [box.get(a) for a in naming] == [table.get(a) for a in naming]
        assert any(box.get(a) for a in naming)
        if box.get("aria-labelledby"):
            assert (
                box.getroottree()
                .getroot()
                .get_element_by_id(box.get("aria-labelledby"))
                .text_content()
            )


def test_a_plotted_chart_data_table_is_named_by_the_title_not_repeating_it(pages):
    histogram = figures(pages["histograms"])[0]
    table = histogram.xpath(".//details//table")[0]
    assert table.xpath("caption") == []
    assert table.get("aria-labelledby") == histogram.find_class("chart__title")[0].get(
        "id"
    )


def test_the_feed_shows_the_table_as_written_with_one_title(output):
    feed = etree.parse(str(output / "feeds" / "all.atom.xml"))
    entries = feed.xpath(
        "//a:entry[a:title='Tables as written']/a:content",
        namespaces={"a": "http://www.w3.org/2005/Atom"},
    )
    content = entries[0].text
    assert '<td data-value="4210.5">$4,210.50</td>' in content
    assert content.count("Campaign results") == 1
    assert "<caption" not in content


# --- histograms ----------------------------------------------------------------

PERCENT_BIN = re.compile(r"^\d+(\.\d+)?%–\d+(\.\d+)?%$")
MONEY_BIN = re.compile(r"^\$\d+(\.\d\d)?–\$\d+(\.\d\d)?$")


@pytest.mark.parametrize(
    ("index", "pattern", "axis"),
    [
        (0, PERCENT_BIN, {"tickformat": "~%"}),
        (1, MONEY_BIN, {"tickformat": ",", "tickprefix": "$"}),
    ],
)
def test_histogram_bins_read_in_the_column_unit(pages, index, pattern, axis):
    """Bins of the tips' share (5.9%) and bill ($16.99) columns, in the
    data table, the hover labels, the ticks and the description."""
    histogram = figures(pages["histograms"])[index]
    bins = [row[0] for row in body_rows(histogram)]
    assert len(bins) == 9
    assert all(pattern.match(text) for text in bins), bins
    figure = figure_json(histogram)
    assert figure["data"][0]["customdata"] == bins
    x_axis = figure["layout"]["xaxis"]
    assert {key: x_axis.get(key) for key in axis} == axis
    description = histogram.find_class("chart__description")[0].text_content()
    common = max(body_rows(histogram), key=lambda row: int(row[1]))[0]
    assert f"the most common range is {common}," in description
    assert f"bins from {bins[0].split('–')[0]} to {bins[-1].split('–')[1]};" in (
        description
    )


def test_histogram_bins_of_plain_numbers_stay_plain(pages):
    histogram = figures(pages["histograms"])[2]
    bins = [row[0] for row in body_rows(histogram)]
    assert all(re.match(r"^\d+(\.\d+)?–\d+(\.\d+)?$", text) for text in bins), bins


def test_count_axes_are_marked_for_whole_number_ticks(pages):
    """Histograms and aggregate: count count rows; a mean does not."""
    charts = [figure_json(f) for f in figures(pages["histograms"])]
    marked = [c["layout"].get("meta", {}).get("integer_axes") for c in charts]
    assert marked == [["yaxis"], ["yaxis"], ["yaxis"], ["yaxis"], None, None]


# --- bar labels -------------------------------------------------------------------


def test_bar_labels_say_what_the_data_table_says(pages):
    for figure in figures(pages["bars"]):
        trace = figure_json(figure)["data"][0]
        table = [row[1] for row in body_rows(figure)]
        assert trace["text"] == table
        assert trace["textposition"] == "outside"
        assert trace["constraintext"] == "none"  # full size, or not at all
