"""A Python-Markdown extension that finds ```chart blocks.

Each block becomes a small placeholder holding the block's text and its line
in the file. The chart itself is drawn later (see pipeline.py), so Pelican's
content cache, which stores this HTML, never holds stale chart data.
"""

from __future__ import annotations

import base64
import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from .fences import chart_fences
from .html_comments import comment_spans, inside

PLACEHOLDER = re.compile(
    r'<div class="chart-block" data-chart-line="(?P<line>\d+)" '
    r'data-chart-spec="(?P<spec>[A-Za-z0-9+/=]*)"(?: data-chart-unclosed="1")? '
    r"hidden></div>"
)


# A placeholder where the preprocessor left it, with the line ends of the
# blank lines it was stashed between.
STASHED_PLACEHOLDER = re.compile(r"\n?(?P<placeholder>" + PLACEHOLDER.pattern + r")\n?")


def placeholder(body: str, first_line: int, *, closed: bool = True) -> str:
    encoded = base64.b64encode(body.encode("utf-8")).decode("ascii")
    unclosed = "" if closed else ' data-chart-unclosed="1"'
    return (
        f'<div class="chart-block" data-chart-line="{first_line}" '
        f'data-chart-spec="{encoded}"{unclosed} hidden></div>'
    )


def decode_placeholder(match: re.Match) -> tuple[str, int, bool]:
    """(block text, line of its first body line, whether it was closed)."""
    body = base64.b64decode(match["spec"]).decode("utf-8")
    return body, int(match["line"]), "data-chart-unclosed" not in match.group(0)


class ChartBlockPreprocessor(Preprocessor):
    """Replace each chart block with a stashed placeholder.

    The blocks are those fenced_code makes code blocks with the language
    ``chart`` (see fences.py); every other line is passed on untouched, so
    fenced_code later finds the same code blocks it would without us.
    """

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        done = 0
        for fence in chart_fences("\n".join(lines)):
            output.extend(lines[done : fence.first])
            html = placeholder(fence.body, fence.first + 2, closed=fence.closed)
            output.extend(["", self.md.htmlStash.store(html), ""])
            done = fence.last + 1
        output.extend(lines[done:])
        return output


class CommentedCharts(Postprocessor):
    """Leave out each chart block that ended up inside an HTML comment:
    commented out, it is neither drawn nor checked.

    Not even as text: the site's typography (smartypants) turns a comment
    that holds "--" into text, and a comment holding a code block apart, so
    a block kept in the comment could show on the page. An unclosed opening
    line, which Markdown alone leaves as text, is put back as it was.
    """

    def run(self, text: str) -> str:
        if "chart-block" not in text:
            return text
        spans = comment_spans(text)

        def leave_out(match: re.Match) -> str:
            if not inside(spans, match.start("placeholder")):
                return match.group(0)
            body, _, closed = decode_placeholder(match)
            # The match takes the line ends of the blank lines the
            # preprocessor put around the placeholder.
            return "" if closed else body

        return STASHED_PLACEHOLDER.sub(leave_out, text)


class ChartExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        # 29: after normalize_whitespace (30), so line ends are already
        # normalised; before meta (27), so the lines we count still include
        # the metadata header and match the file; and before
        # fenced_code_block (25), which would turn the block into <pre><code>.
        md.preprocessors.register(ChartBlockPreprocessor(md), "chart_block", 29)
        # 29: after raw_html (30), which puts the stashed placeholders into
        # the page, so the comments they ended up in can be seen.
        md.postprocessors.register(CommentedCharts(md), "commented_charts", 29)


def makeExtension(**kwargs) -> ChartExtension:  # noqa: N802 (Markdown's API name)
    return ChartExtension(**kwargs)
