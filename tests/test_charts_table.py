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
