"""Chart block text -> ChartSpec: the contract, and an exact error for each
way an author can get it wrong (with the line in the post file)."""

from __future__ import annotations

import pytest
from charts.errors import ChartError
from charts.spec import ChartSpec, parse_spec

FULL_BLOCK = """\
data: data/dm-poll.csv
type: bar
x: answer
y: votes
group: channel
aggregate: sum
orientation: h
stack: true
sort: -votes
limit: 10
title: Was the mass DM spam or good marketing?
caption: 65 readers voted in the poll.
alt: Bar chart of votes by answer.
source: Reader poll
y_format: percent
height: 420"""


def error_for(text: str, first_line: int = 11) -> ChartError:
    with pytest.raises(ChartError) as caught:
        parse_spec(text, first_line)
    return caught.value


def test_every_documented_key_is_read():
    spec = parse_spec(FULL_BLOCK, first_line=11)
    assert spec == ChartSpec(
        data="data/dm-poll.csv",
        type="bar",
        x="answer",
        y=("votes",),
        group="channel",
        aggregate="sum",
        orientation="h",
        stack=True,
        sort="votes",
        sort_descending=True,
        limit=10,
        title="Was the mass DM spam or good marketing?",
        caption="65 readers voted in the poll.",
        alt="Bar chart of votes by answer.",
        source="Reader poll",
        y_format="percent",
        height=420,
        line=10,
    )
    assert spec.line_of("data") == 11
    assert spec.line_of("height") == 26


def test_y_may_list_several_columns():
    spec = parse_spec("data: a.csv\ntype: line\nx: month\ny: [sent, opened, clicked]")
    assert spec.y == ("sent", "opened", "clicked")


def test_histogram_and_table_need_no_y():
    assert parse_spec("data: a.csv\ntype: histogram\nx: days\nbins: 12").bins == 12
    assert parse_spec("data: a.csv\ntype: table").x is None


def test_comments_and_quoted_values_are_fine():
    spec = parse_spec('data: "a b.csv"   # the file\ntype: pie\nx: "no"\ny: votes')
    assert (spec.data, spec.x) == ("a b.csv", "no")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "data: a.csv\ntype: bar\nx: [unclosed\ny: v",
            14,
            "invalid YAML in the chart block",
        ),
        (
            "data: a.csv\ntype: bar\nx: &a answer\ny: *a",
            13,
            "YAML anchors and aliases (&name, *name) are not allowed",
        ),
        (
            "data: a.csv\ntype: bar\nx: answer\ny: votes\ntitel: Poll",
            15,
            "unknown key 'titel' — did you mean 'title'?",
        ),
        (
            "data: a.csv\ntype: bars\nx: answer\ny: votes",
            12,
            "unknown type 'bars'; use one of: bar, line, area, scatter, pie, "
            "donut, funnel, histogram, table — did you mean 'bar'?",
        ),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\naggregate: average",
            15,
            "unknown aggregate 'average'; use one of: sum, mean, median",
        ),
        ("data: a.csv\ntype: bar\nx: a\ny: v\nlimit: -3", 15, "between 1 and 5,000"),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\nlimit: 999999999",
            15,
            "'limit' must be between 1 and 5,000, not 999,999,999",
        ),
        ("data: a.csv\ntype: bar\nx: a\ny: v\nlimit: ten", 15, "whole number"),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\nstack: maybe",
            15,
            "stack must be true or false",
        ),
        ("data: a.csv\ntype: bar\nx: a\ny: v\nheight: 20", 15, "between 160"),
        ("type: bar\nx: a\ny: v", 10, "the chart block needs 'data:'"),
        ("data: a.csv\nx: a\ny: v", 10, "the chart block needs 'type:'"),
        ("data: a.csv\ntype: bar\ny: v", 10, "a bar chart needs 'x:'"),
        ("data: a.csv\ntype: line\nx: a", 10, "a line chart needs 'y:'"),
        (
            "data: a.csv\ntype: pie\nx: a\ny: [v, w]",
            14,
            "a pie chart shows one column of values",
        ),
        (
            "data: a.csv\ntype: bar\nx: a\ny: [v, w]\ngroup: g",
            15,
            "use either a list of y columns or 'group', not both",
        ),
        (
            "data: a.csv\ntype: line\nx: a\ny: v\norientation: h",
            15,
            "'orientation' applies to bar and funnel charts only",
        ),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\ndata: b.csv",
            15,
            "'data' is given twice (first on line 11)",
        ),
        (
            "data: a.csv\ntype: bar\nx: {column: a}\ny: v",
            13,
            "'x' takes a value, not a nested mapping",
        ),
        ("- data: a.csv", 11, "a chart block is a YAML mapping"),
        ("", 10, "the chart block is empty"),
        (
            "data: a.csv\ntype: histogram\nx: a\ny: v",
            14,
            "a histogram counts the values of 'x'; remove 'y'",
        ),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\nencoding: klingon",
            15,
            "unknown encoding 'klingon'",
        ),
        (
            "data: a.csv\ntype: bar\nx: a\ny: v\ndate_format: dd/mm/yyyy",
            15,
            "date_format is a strptime pattern",
        ),
        ("data: a.csv\ntype: bar\nx: a\ny: [v, v]", 14, "'y' lists v more than once"),
    ],
)
def test_each_mistake_gives_its_error_on_its_line(text, line, message):
    error = error_for(text)
    assert message in error.message
    assert error.line == line


def test_a_yaml_bomb_is_refused_before_it_expands():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    )
    error = error_for(bomb)
    assert "anchors and aliases" in error.message
    assert error.line == 11


def test_a_block_over_64_kb_is_refused():
    error = error_for("data: a.csv\ntype: bar\ntitle: " + "x" * 70_000)
    assert "larger than 64 KB" in error.message
    assert error.line == 10


def test_errors_read_as_file_and_line():
    error = error_for("data: a.csv\ntype: bar\nx: a\ny: v\ncolour: red")
    assert error.located("content/posts/p.md", 10).startswith(
        "content/posts/p.md:15: unknown key 'colour'"
    )
