"""The Markdown extension: which fences become chart placeholders, and the
line each placeholder records."""

from __future__ import annotations

import re

from charts.markdown_ext import PLACEHOLDER, ChartExtension, decode_placeholder
from charts.markdown_ext import placeholder as chart_placeholder
from markdown import Markdown
from markdown.test_tools import TestCase


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
        html = Markdown(extensions=[ChartExtension()]).convert("```chart\ntype: bar")
        body, line, closed = decode_placeholder(PLACEHOLDER.search(html))
        assert (body, line, closed) == ("type: bar", 2, False)


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
