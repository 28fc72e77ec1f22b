"""The Markdown extension: which fences become chart placeholders, and the
line each placeholder records."""

from __future__ import annotations

import re

import pytest
from charts.html_comments import comment_spans
from charts.markdown_ext import PLACEHOLDER, ChartExtension, decode_placeholder
from charts.markdown_ext import placeholder as chart_placeholder
from markdown import Markdown
from markdown.test_tools import TestCase
from site_markdown import charts_as_text, render


class ChartBlockRenderTests(TestCase):
    default_kwargs = {"extensions": ["fenced_code", ChartExtension()]}  # noqa: RUF012 (the TestCase API)

    def test_a_chart_fence_becomes_a_placeholder(self):
        self.assertMarkdownRenders(
            "Intro.\n\n```chart\ndata: a.csv\ntype: bar\n```\n\nAfter.",
            "<p>Intro.</p>\n"
            + chart_placeholder("data: a.csv\ntype: bar", 4)
            + "\n<p>After.</p>",
        )

    def test_tilde_fences_and_braced_language_work_too(self):
        self.assertMarkdownRenders(
            "~~~ {.chart}\ntype: pie\n~~~",
            chart_placeholder("type: pie", 2),
        )

    def test_other_fences_stay_code(self):
        self.assertMarkdownRenders(
            "```python\nprint('chart')\n```",
            "<pre><code class=\"language-python\">print('chart')\n</code></pre>",
        )

    def test_a_chart_fence_inside_another_fence_stays_code(self):
        # How a post documents the syntax: it must not draw a chart.
        self.assertMarkdownRenders(
            "````markdown\n```chart\ntype: bar\n```\n````",
            '<pre><code class="language-markdown">```chart\ntype: bar\n```\n'
            "</code></pre>",
        )

    def test_an_unclosed_chart_fence_is_marked(self):
        # fenced_code would not make it a block: the lines below stay text,
        # and only the opening line is marked, to be reported.
        html = Markdown(extensions=[ChartExtension()]).convert("```chart\ntype: bar")
        body, line, closed = decode_placeholder(PLACEHOLDER.search(html))
        assert (body, line, closed) == ("```chart", 2, False)
        assert html.endswith("\n<p>type: bar</p>")


def test_lines_count_the_metadata_header_as_pelican_reads_files():
    source = (
        "Title: A post\nDate: 2024-01-01\n\nText.\n\n"
        "```chart\ndata: a.csv\ntype: bar\n```\n\n```chart\ntype: pie\n```\n"
    )
    md = Markdown(extensions=["meta", ChartExtension()])
    html = md.convert(source)
    found = [decode_placeholder(m) for m in PLACEHOLDER.finditer(html)]
    assert [(body, line) for body, line, _ in found] == [
        ("data: a.csv\ntype: bar", 7),
        ("type: pie", 12),
    ]
    assert md.Meta["title"] == ["A post"]


def test_placeholders_survive_unicode_and_markup_in_the_block():
    text = 'title: "Ünïcode </script> & <b>"'
    html = Markdown(extensions=[ChartExtension()]).convert(f"```chart\n{text}\n```")
    assert re.fullmatch(PLACEHOLDER.pattern, html)
    assert decode_placeholder(PLACEHOLDER.search(html))[0] == text


# --- chart fences follow fenced_code's rules ------------------------------------------
# Python-Markdown's fenced_code makes a block of a fence that starts a line and
# closes it only on an identical fence. A chart block is exactly such a block
# with the language chart; the page around it is what it is without charts.


def charts_in(html: str) -> list[tuple[str, int, bool]]:
    return [decode_placeholder(m) for m in PLACEHOLDER.finditer(html)]


def test_a_code_block_closed_by_a_longer_fence_keeps_its_end():
    # The ```` line does not close a ``` block: the next ``` does, so the
    # chart below is code in the Python block, as without the extension.
    source = (
        "```python\nprint(1)\n````\n\n```chart\ndata: a.csv\ntype: bar\n```\n\n"
        "Text after.\n"
    )
    html = render(source, charts=True)
    assert html == render(source, charts=False)
    assert charts_in(html) == []
    assert html.startswith(
        '<pre><code class="language-python">print(1)\n````\n\n```chart\n'
        "data: a.csv\ntype: bar\n</code></pre>"
    )
    assert html.endswith("<p>Text after.</p>")


def test_a_longer_fence_does_not_close_a_chart_either():
    source = "```chart\ndata: a.csv\n````\ntype: bar\n```\n\nAfter."
    assert charts_in(render(source, charts=True)) == [
        ("data: a.csv\n````\ntype: bar", 2, True)
    ]


def test_a_chart_fence_indented_under_a_list_item_is_not_a_chart():
    # fenced_code finds no fence under a list item (nor one indented by 1-3
    # spaces): the lines stay the list's text, exactly as without charts.
    for source in (
        "- Step one\n\n    ```chart\n    data: a.csv\n    ```\n",
        "- Step one\n  ```chart\n  data: a.csv\n  ```\n",
        "1. Step one\n\n   ```chart\n   data: a.csv\n   ```\n",
        "   ```chart\n   data: a.csv\n   ```\n",
    ):
        html = render(source, charts=True)
        assert charts_in(html) == [], source
        assert html == render(source, charts=False), source


def test_a_chart_fence_at_the_start_of_a_line_below_a_list_is_a_chart():
    source = "- Step one\n```chart\ndata: a.csv\n```\n"
    html = render(source, charts=True)
    assert charts_in(html) == [("data: a.csv", 3, True)]
    assert html.startswith("<ul>\n<li>Step one</li>\n</ul>\n<div class=")


@pytest.mark.parametrize(
    ("opening", "closing"),
    [
        ("```chart", "```"),
        ("````chart", "````"),
        ("~~~chart", "~~~"),
        ("``` chart   ", "```  "),
        ("```.chart", "```"),
        ("```{.chart}", "```"),
        ("~~~ {#sales .chart .wide}", "~~~"),
        ("```Chart", "```"),
    ],
)
def test_the_openings_fenced_code_reads_as_chart_are_charts(opening, closing):
    source = f"Before.\n{opening}\ndata: a.csv\n{closing}\nAfter."
    assert charts_in(render(source, charts=True)) == [("data: a.csv", 3, True)]


@pytest.mark.parametrize(
    "opening",
    ["```chart extra words", "```{chart}", "```{.chart", "``` {.chart} x", "```charts"],
)
def test_openings_fenced_code_does_not_read_as_chart_stay_as_they_are(opening):
    source = f"Before.\n{opening}\ndata: a.csv\n```\nAfter."
    html = render(source, charts=True)
    assert charts_in(html) == []
    assert html == render(source, charts=False)


def test_an_unclosed_chart_fence_leaves_the_rest_of_the_post_alone():
    # No identical fence below it: fenced_code makes no block, so the lines
    # below are the post's text, code blocks included; the opening line
    # alone is marked, and reported as unclosed.
    source = (
        "Intro.\n\n```chart\ndata: a.csv\n````\n\n~~~python\nx = 1\n~~~\n\n"
        "~~~chart\ntype: pie\n~~~\n"
    )
    html = render(source, charts=True)
    assert charts_in(html) == [("```chart", 4, False), ("type: pie", 12, True)]
    assert '<pre><code class="language-python">x = 1\n</code></pre>' in html
    assert "<p>data: a.csv\n````</p>" in html


# --- chart blocks inside HTML comments ------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        # The block commented out on its own.
        "Text.\n\n<!--\n```chart\ndata: missing.csv\n```\n-->\n\nAfter.",
        # A comment over many lines, prose and several blocks.
        "Text.\n<!-- Draft, not ready:\n\nSome prose.\n\n```chart\ndata: a.csv\n"
        "```\n\nMore prose.\n\n~~~chart\ntype: pie\n~~~\n\nend of draft -->\nAfter.",
        # A comment that opens after a tag, in raw HTML.
        "<div><!--\n```chart\ndata: a.csv\n```\n--></div>\n\nAfter.",
        # A comment inside a comment's text does not end it early.
        "<!-- <!-- inner\n```chart\ndata: a.csv\n```\n-->\n\nAfter.",
    ],
)
def test_a_chart_in_an_html_comment_is_neither_drawn_nor_checked(source):
    html = render(source, charts=True)
    assert charts_in(html) == []
    assert "chart-block" not in html
    # As without the extension, but for the commented-out block itself
    # (code there, left out here).
    assert charts_as_text(html) == charts_as_text(render(source, charts=False))


def test_a_commented_chart_is_left_out_of_its_comment():
    # Left in, as the code block Markdown alone makes of it, the site's
    # typography would break the comment open and show it on the page.
    source = "Text.\n\n<!-- Draft, not ready\n```chart\ndata: missing.csv\n```\n-->"
    html = render(source, charts=True)
    assert html == "<p>Text.</p>\n<!-- Draft, not ready\n\n-->"
    assert "<pre>" in render(source, charts=False)


def test_an_unclosed_chart_fence_in_a_comment_is_put_back_as_it_was():
    source = "<!--\n```chart\ndata: a.csv\n-->\n\nAfter."
    assert render(source, charts=True) == render(source, charts=False)


def test_a_commented_chart_leaves_the_charts_around_it_alone():
    source = (
        "```chart\ndata: a.csv\n```\n\n<!--\n```chart\ndata: b.csv\n```\n-->\n\n"
        "```chart\ndata: c.csv\n```\n"
    )
    assert [
        (body, line) for body, line, _ in charts_in(render(source, charts=True))
    ] == [
        ("data: a.csv", 2),
        ("data: c.csv", 12),
    ]


@pytest.mark.parametrize(
    "source",
    [
        # A "<!--" in a code block is code, not a comment.
        "```html\n<!--\n```\n\n```chart\ndata: a.csv\n```\n\n-->",
        "Write `<!--` to start a comment.\n\n```chart\ndata: a.csv\n```\n",
        # Nor in an attribute value or a script.
        '<p title="<!--">x</p>\n\n```chart\ndata: a.csv\n```\n\n<p>--></p>',
        "<script>var a = '<!--';</script>\n\n```chart\ndata: a.csv\n```\n",
        # A comment that opens after text on its line is not an HTML block:
        # Markdown shows "<!--" as text, and the fence is a block of its own.
        "Text <!-- hidden?\n```chart\ndata: a.csv\n```\n-->",
        # A comment that is closed before the block.
        "<!-- note -->\n```chart\ndata: a.csv\n```\n",
    ],
)
def test_a_chart_outside_any_comment_is_drawn(source):
    html = render(source, charts=True)
    assert [body for body, _, _ in charts_in(html)] == ["data: a.csv"]


def test_comment_spans_are_read_as_a_browser_reads_them():
    page = (
        '<a title="<!-- no">x</a><script>"<!--"</script><!-->A<!--->B'
        "<!-- c --!>D<!-- e -->F<!-- unclosed"
    )
    spans = comment_spans(page)
    assert [page[start:end] for start, end in spans] == [
        "<!-->",
        "<!--->",
        "<!-- c --!>",
        "<!-- e -->",
        "<!-- unclosed",
    ]
