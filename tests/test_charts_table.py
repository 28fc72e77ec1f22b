"""Spec + CSV -> the one table: aggregation, groups, sorting, limits, bins
and the point budget."""

from __future__ import annotations

import datetime as dt

import pytest
from charts.csvread import read_csv
from charts.errors import ChartError
from charts.spec import parse_spec
from charts.table import build_table

CLICKS = b"""day,channel,clicks
2024-03-02,Email,10
2024-03-01,Email,4
2024-03-01,Twitter,6
2024-03-02,Twitter,
2024-03-02,Email,5
2024-03-01,Search,9
"""


def table_for(block: str, csv: bytes = CLICKS, max_points: int = 5000):
    spec = parse_spec(block, first_line=5)
    return build_table(spec, read_csv(csv, "data/clicks.csv"), max_points=max_points)


def as_dict(table):
    return {s.name: list(s.values) for s in table.series}


@pytest.mark.parametrize(
    ("aggregate", "expected"),
    [
        # 2024-03-02: 10, (empty), 5; 2024-03-01: 4, 6, 9
        ("sum", [15.0, 19.0]),
        ("mean", [7.5, 19 / 3]),
        ("median", [7.5, 6.0]),
        ("count", [3.0, 3.0]),
        ("min", [5.0, 4.0]),
        ("max", [10.0, 9.0]),
    ],
)
def test_aggregates_per_x(aggregate, expected):
    table = table_for(
        f"data: c.csv\ntype: bar\nx: day\ny: clicks\naggregate: {aggregate}"
    )
    assert table.x_values == (dt.datetime(2024, 3, 2), dt.datetime(2024, 3, 1))
    assert as_dict(table)["clicks"] == pytest.approx(expected)
    assert table.source_rows == 6


def test_group_makes_one_series_per_value_in_first_seen_order():
    table = table_for(
        "data: c.csv\ntype: line\nx: day\ny: clicks\ngroup: channel\naggregate: sum"
    )
    # A line runs in time order, whatever the file's order.
    assert table.x_values == (dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 2))
    assert as_dict(table) == {
        "Email": [4.0, 15.0],
        "Twitter": [6.0, None],
        "Search": [9.0, None],
    }


def test_sort_descending_and_limit():
    table = table_for(
        "data: c.csv\ntype: bar\nx: channel\ny: clicks\naggregate: sum\n"
        "sort: -clicks\nlimit: 2"
    )
    assert table.x_values == ("Email", "Search")
    assert as_dict(table) == {"clicks": [19.0, 9.0]}


def test_sort_by_a_y_column_with_groups_sorts_by_the_row_total():
    table = table_for(
        "data: c.csv\ntype: bar\nx: channel\ny: clicks\ngroup: day\n"
        "aggregate: sum\nsort: clicks"
    )
    assert table.x_values == ("Twitter", "Search", "Email")


def test_duplicate_x_without_aggregate_asks_for_one():
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: bar\nx: day\ny: clicks")
    assert str(caught.value) == (
        "data/clicks.csv: x value '2024-03-01' appears on lines 3 and 4; add "
        "'aggregate: sum' (or mean, max…) to combine rows with the same x"
    )


def test_the_point_budget_suggests_aggregate():
    rows = b"n,v\n" + b"".join(f"{i},{i}\n".encode() for i in range(60))
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: scatter\nx: n\ny: v", rows, max_points=50)
    assert "would plot 60 points" in str(caught.value)
    assert "over the budget of 50" in str(caught.value)
    assert "'aggregate: sum'" in str(caught.value)


def test_histogram_bins_count_every_value():
    values = b"days\n" + b"".join(f"{d}\n".encode() for d in [1, 2, 2, 3, 9, 10])
    table = table_for("data: c.csv\ntype: histogram\nx: days\nbins: 3", values)
    assert table.x_values == ((1.0, 4.0), (4.0, 7.0), (7.0, 10.0))
    assert as_dict(table) == {"count": [4.0, 0.0, 2.0]}


def test_scatter_keeps_every_row_as_a_point():
    rows = b"x,y,g\n1,2,a\n1,3,a\n2,5,b\n"
    table = table_for("data: c.csv\ntype: scatter\nx: x\ny: y\ngroup: g", rows)
    assert table.x_values == (1.0, 1.0, 2.0)
    assert as_dict(table) == {"a": [2.0, 3.0, None], "b": [None, None, 5.0]}


def test_pie_refuses_negative_parts():
    rows = b"part,share\nA,5\nB,-1\n"
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: pie\nx: part\ny: share", rows)
    assert "'B' has the negative value -1; use a bar chart" in str(caught.value)


def test_a_missing_column_error_points_at_the_key_line():
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: bar\nx: day\ny: click\naggregate: sum")
    assert caught.value.line == 8
    assert "did you mean 'clicks'?" in str(caught.value)


def test_sort_by_an_unknown_column_lists_the_choices():
    with pytest.raises(ChartError) as caught:
        table_for(
            "data: c.csv\ntype: bar\nx: channel\ny: clicks\naggregate: sum\nsort: day"
        )
    assert "sort by one of: channel, clicks" in str(caught.value)
    assert caught.value.line == 10


def test_percent_cells_set_the_format():
    rows = b"stage,rate\nOpen,24.0%\nClick,3.1%\n"
    table = table_for("data: c.csv\ntype: bar\nx: stage\ny: rate", rows)
    assert table.y_format == "percent"
    assert as_dict(table)["rate"] == pytest.approx([0.24, 0.031])


def test_table_type_keeps_text_columns():
    rows = b"metric,january,note\nFollowers,640,steady\nSignups,214,\n"
    table = table_for("data: c.csv\ntype: table", rows)
    assert table.x_values == ("Followers", "Signups")
    assert [(s.name, s.kind) for s in table.series] == [
        ("january", "number"),
        ("note", "text"),
    ]


# --- issue 9: rows without x, totals rows ---------------------------------------


def read_as_the_block_says(block: str, csv: bytes):
    """The table a build makes: the CSV read with the block's own keys."""
    spec = parse_spec(block, first_line=5)
    data = read_csv(
        csv,
        "data/clicks.csv",
        comment=spec.comment,
        skip_rows=spec.skip_rows,
        skip_footer=spec.skip_footer or 0,
    )
    return build_table(spec, data, max_points=5000)


def test_rows_without_x_are_left_out_with_a_warning_naming_their_lines():
    rows = b"day,clicks\n2024-03-01,4\n,5\n2024-03-03,6\nn/a,7\n"
    table = table_for("data: c.csv\ntype: line\nx: day\ny: clicks", rows)
    assert table.x_values == (dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 3))
    assert as_dict(table) == {"clicks": [4.0, 6.0]}
    [warning] = table.warnings
    assert warning.message == (
        "data/clicks.csv, lines 3 and 5: no value in column 'day'; these 2 rows "
        "are left out of the chart"
    )
    assert warning.line == 7  # the block's 'x:' line


def test_many_rows_without_x_are_counted_after_the_first_lines():
    rows = b"answer,votes\n" + b",1\n" * 10 + b"Yes,3\n"
    table = table_for("data: c.csv\ntype: bar\nx: answer\ny: votes", rows)
    assert table.warnings[0].message == (
        "data/clicks.csv, lines 2, 3, 4, 5, 6, 7, 8, 9 and 2 more: no value in "
        "column 'answer'; these 10 rows are left out of the chart"
    )


def test_a_chart_whose_x_column_is_empty_is_an_error():
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: bar\nx: a\ny: b", b"a,b\n,1\n,2\n")
    assert caught.value.message == (
        "data/clicks.csv: column 'a' has no values; every row is empty there, so "
        "there is nothing to chart"
    )
    assert caught.value.line == 7


def test_empty_values_in_a_histogram_are_left_out_with_a_warning():
    table = table_for(
        "data: c.csv\ntype: histogram\nx: days\nbins: 2", b"days\n1\n\n-\n3\n"
    )
    assert as_dict(table) == {"count": [1.0, 1.0]}
    assert table.warnings[0].message == (
        "data/clicks.csv, line 4: no value in column 'days'; this row is left "
        "out of the histogram"
    )


def test_missing_y_values_stay_missing_in_the_table():
    rows = b"day,clicks\n2024-03-01,4\n2024-03-02,\n2024-03-03,n/a\n2024-03-04,6\n"
    table = table_for("data: c.csv\ntype: line\nx: day\ny: clicks", rows)
    assert as_dict(table) == {"clicks": [4.0, None, None, 6.0]}
    assert table.warnings == ()


TOTALS = b"channel,sessions\nSearch,600\nDirect,400\nGrand total,1000\n"


def test_a_totals_row_at_the_end_is_refused_with_the_key_that_skips_it():
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: bar\nx: channel\ny: sessions", TOTALS)
    assert caught.value.message == (
        "data/clicks.csv, line 4: 'Grand total' looks like a totals row, which "
        "would be charted as one more value; add 'skip_footer: 1' to the chart "
        "block to leave it out, or 'skip_footer: 0' to chart it"
    )
    table = read_as_the_block_says(
        "data: c.csv\ntype: bar\nx: channel\ny: sessions\nskip_footer: 1", TOTALS
    )
    assert table.x_values == ("Search", "Direct")
    kept = read_as_the_block_says(
        "data: c.csv\ntype: bar\nx: channel\ny: sessions\nskip_footer: 0", TOTALS
    )
    assert kept.x_values == ("Search", "Direct", "Grand total")


def test_a_totals_row_on_top_is_refused_with_its_line():
    rows = b"channel,sessions\nTotal,1000\nSearch,600\nDirect,400\n"
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: pie\nx: channel\ny: sessions", rows)
    assert "line 2: 'Total' looks like a totals row" in caught.value.message
    assert "add 'skip_rows: [2]' to the chart block" in caught.value.message
    table = read_as_the_block_says(
        "data: c.csv\ntype: pie\nx: channel\ny: sessions\nskip_rows: [2]", rows
    )
    assert table.x_values == ("Search", "Direct")


def test_a_totals_row_named_in_the_first_column_counts_for_a_histogram():
    rows = b"day,orders\nMon,3\nTue,5\nSumme,8\n"
    with pytest.raises(ChartError) as caught:
        table_for("data: c.csv\ntype: histogram\nx: orders", rows)
    assert "line 4: 'Summe' looks like a totals row" in caught.value.message
