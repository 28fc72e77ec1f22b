"""The block keys that leave lines of an export out (comment, skip_rows,
skip_footer): what they accept, and an exact error with the post's line for
what they do not."""

from __future__ import annotations

import pytest
from charts.errors import ChartError
from charts.spec import parse_spec

BASE = "data: ga4.csv\ntype: bar\nx: channel\ny: sessions\n"
FIRST_LINE = 11  # the block's first line in the post; the key is on line 15


def spec_with(line: str):
    return parse_spec(BASE + line, FIRST_LINE)


def error_with(line: str) -> ChartError:
    with pytest.raises(ChartError) as caught:
        spec_with(line)
    return caught.value


def test_the_keys_are_read():
    assert spec_with('comment: "#"').comment == "#"
    assert spec_with("skip_rows: 9").skip_rows == 9
    assert spec_with("skip_rows: [40, 2, 2]").skip_rows == (2, 40)
    assert spec_with("skip_footer: 1").skip_footer == 1
    assert spec_with("skip_footer: 0").skip_footer == 0
    unset = spec_with("title: Sessions")
    assert (unset.comment, unset.skip_rows, unset.skip_footer) == (None, None, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "comment: #",
            "write the comment character in quotes, as in 'comment: \"#\"' (a bare "
            "# starts a YAML comment, which leaves the key empty)",
        ),
        (
            'comment: "//"',
            "comment is the one character that starts the lines to skip, such as "
            "'#', not '//'",
        ),
        (
            "comment: x",
            "comment is the one character that starts the lines to skip, such as "
            "'#', not 'x'",
        ),
        (
            "skip_rows: -1",
            "'skip_rows' must be between 0 and 1,000,000, not -1",
        ),
        (
            "skip_rows: lines 1-9",
            "skip_rows is a number of lines to skip at the top (skip_rows: 9 skips "
            "lines 1 to 9) or a list of line numbers (skip_rows: [2, 40]), not "
            "'lines 1-9'",
        ),
        (
            "skip_rows: [2, 0]",
            "skip_rows is a number of lines to skip at the top (skip_rows: 9 skips "
            "lines 1 to 9) or a list of line numbers (skip_rows: [2, 40]); 0 is "
            "not a line number",
        ),
        (
            "skip_rows: []",
            "skip_rows is a number of lines to skip at the top (skip_rows: 9 skips "
            "lines 1 to 9) or a list of line numbers (skip_rows: [2, 40]); this "
            "list has 0 items",
        ),
        ("skip_footer: true", "'skip_footer' must be a whole number, not True"),
        ("skip_footer: 1.5", "'skip_footer' must be a whole number, not 1.5"),
    ],
)
def test_a_wrong_value_is_an_error_on_the_keys_line(line, message):
    error = error_with(line)
    assert error.message == message
    assert error.line == 15


def test_the_comment_character_cannot_be_the_delimiter():
    with pytest.raises(ChartError) as caught:
        parse_spec(BASE + 'delimiter: "|"\ncomment: "|"', FIRST_LINE)
    assert caught.value.line == 16
    assert "not '|'" in caught.value.message
