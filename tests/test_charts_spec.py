"""Chart block text -> ChartSpec: the contract, and an exact error for each
way an author can get it wrong (with the line in the post file)."""

from __future__ import annotations

import os

import pytest
import yaml
from charts.errors import ChartError
from charts.spec import TEXT_KEYS, ChartSpec, parse_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# --- text keys keep every character typed -------------------------------------------

BASE = "data: a.csv\ntype: bar\nx: a\ny: v\n"  # the text key is on line 15


def texts_of(block: str) -> dict[str, str | None]:
    spec = parse_spec(BASE + block, first_line=11)
    return {key: getattr(spec, key) for key in TEXT_KEYS if getattr(spec, key)}


def test_the_issues_caption_and_title_are_kept_whole():
    caption = 'We\'re up 40% -- "best ever" #1 in our history'
    title = "Black Friday: revenue by audience"
    assert texts_of(f"caption: {caption}\ntitle: {title}") == {
        "caption": caption,
        "title": title,
    }


@pytest.mark.parametrize(
    "text",
    [
        "#1 in our history",
        "Up 40% #hashtag",
        "Q3: the results: in",
        'He said "best ever"',
        "It's -- really -- done",
        "'quoted' and then not",
        '"quoted" # and a comment',
        "yes",
        "010",
        "1e3",
        "~",
        "null",
        "2024-03-01",
        "[a, b]",
        "{a: b}",
        "&anchor text",
        "*alias",
        "!!python/name:os.system",
        "> 50% growth",
        "| pipes |",
        "- a dash",
        "% of revenue",
        "@mentions and `code`",
        "Café ☕ — 日本語 עברית",
    ],
)
def test_every_text_key_keeps_the_text_as_typed(text):
    block = "\n".join(f"{key}: {text}" for key in TEXT_KEYS)
    assert texts_of(block) == dict.fromkeys(TEXT_KEYS, text)


def test_text_may_continue_on_indented_lines():
    block = (
        "caption: The 17 negative responses are Jeffrey's figure #1:\n"
        "  the rest -- 300 -- is illustrative.\n"
        "\n"
        "  A second paragraph.\n"
        "title: Short"
    )
    assert texts_of(block) == {
        "caption": "The 17 negative responses are Jeffrey's figure #1: the rest "
        "-- 300 -- is illustrative.\nA second paragraph.",
        "title": "Short",
    }


def test_text_that_starts_on_the_line_below_is_kept_whole_too():
    block = (
        "caption:\n  up 40% #1 in our history\n  -- the best\n"
        "title:\n  Black Friday: revenue"
    )
    assert texts_of(block) == {
        "caption": "up 40% #1 in our history -- the best",
        "title": "Black Friday: revenue",
    }


def test_a_value_wholly_in_quotes_is_read_as_yaml():
    block = (
        "title: 'It''s here'\n"
        'caption: "tab\\there, \\u00e9"\n'
        'alt: "a quoted value\n  over two lines: yes"\n'
        "source: ' padded '"
    )
    assert texts_of(block) == {
        "title": "It's here",
        "caption": "tab\there, é",
        "alt": "a quoted value over two lines: yes",
        "source": "padded",
    }


def test_yaml_blocks_are_read_as_yaml():
    block = "title: |\n  Line one #1\n  Line two\ncaption: >-\n  Folded\n  text"
    assert texts_of(block) == {
        "title": "Line one #1\nLine two",
        "caption": "Folded text",
    }


def test_comment_lines_between_keys_are_still_comments():
    assert texts_of("# the title:\ntitle: Votes #1\n# a comment\n") == {
        "title": "Votes #1"
    }


def test_an_indented_block_reads_the_same():
    spec = parse_spec("  data: a.csv\n  type: table\n  title: A: b #c", 11)
    assert spec.title == "A: b #c"


@pytest.mark.parametrize(
    ("block", "line", "message"),
    [
        ("title:", 15, "'title' is empty; write its text after 'title:'"),
        ("title: ''", 15, "'title' is empty"),
        ("caption: |", 15, "'caption' is empty"),
        (
            'title: "bad \\q escape"',
            15,
            "the quoted text of 'title' is not valid YAML: found unknown escape "
            "character 'q'. Remove the quotes around it: everything after "
            "'title:' is kept as typed",
        ),
        ('alt: "bell \\a"', 15, "'alt' contains the control character U+0007"),
        (
            "title:\n  text: Votes\n  size: 12",
            15,
            "'title' takes a value, not a nested mapping; to write text that "
            "contains ': ', put it on the line of 'title:'",
        ),
        ("title:\n  - a\n  - b", 15, "'title' needs text, not a list"),
        ("title: A\ncaption: B\ntitle: C", 17, "'title' is given twice"),
        ("title: bell \a", 15, "the control character U+0007"),
        ("title: " + "x" * 1001, 15, "'title' is longer than 1000 characters"),
    ],
)
def test_text_key_mistakes_are_explained(block, line, message):
    error = error_for(BASE + block)
    assert message in error.message
    assert error.line == line


def test_a_colon_in_another_keys_value_gets_advice_that_fixes_it():
    error = error_for("data: a.csv\ntype: bar\nx: Revenue: total\ny: v")
    assert error.message == (
        "the value of 'x' contains ': ', which YAML reads as the start of "
        'another key; put the value in quotes: x: "Revenue: total"'
    )
    assert error.line == 13
    spec = parse_spec('data: a.csv\ntype: bar\nx: "Revenue: total"\ny: v')
    assert spec.x == "Revenue: total"


PRINTABLE = st.characters(
    exclude_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs")
) | st.just(" ")
PROSE_PIECES = st.sampled_from(
    [
        " #",
        "#1",
        ": ",
        ":",
        "''",
        "--",
        " -- ",
        "- ",
        " ",
        "yes",
        "1e3",
        *"'\"\\!&*%|>[]{}?~@`",
    ]
)


def title_or_error(text: str) -> str | ChartError | None:
    try:
        return parse_spec(BASE + "title: " + text, 11).title
    except ChartError as error:
        return error


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(st.one_of(PROSE_PIECES, st.text(PRINTABLE, max_size=6)), max_size=12).map(
        "".join
    )
)
def test_a_title_is_kept_exactly_or_explained(text):
    """``title: T`` gives T (stripped), or for a T wholly in quotes what YAML
    reads there; or a ChartError on T's line, and then only for an empty T
    or one that starts with YAML syntax (a quote, | or >). Never less."""
    assert text.isprintable()
    stripped = text.strip()
    title = title_or_error(text)
    if isinstance(title, ChartError):
        assert title.line == 15, title.message
        assert "Traceback" not in title.message
        assert stripped == "" or stripped[0] in "'\"|>", (text, title.message)
    elif title != stripped:
        # Only a wholly quoted value may read otherwise: as YAML reads it.
        assert stripped[0] in "'\"", (text, title)
        assert stripped[-1] == stripped[0], (text, title)
        assert title == str(yaml.safe_load("title: " + stripped)["title"]).strip()
