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


# A placeholder where the preprocessor left it: on a line of its own, between
# the two blank lines it was stashed with.
STASHED_PLACEHOLDER = re.compile(
    r"(?P<before>\n?)(?P<placeholder>" + PLACEHOLDER.pattern + r")(?P<after>\n?)"
)


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

    def __init__(self, md) -> None:
        super().__init__(md)
        # Per document: each placeholder's source lines, for CommentedCharts.
        self.sources: dict[str, list[str]] = {}

    def run(self, lines: list[str]) -> list[str]:
        self.sources = {}
        output: list[str] = []
        done = 0
        for fence in chart_fences("\n".join(lines)):
            output.extend(lines[done : fence.first])
            source = lines[fence.first : fence.last + 1]
            body = fence.body if fence.closed else source[0]
            html = placeholder(body, fence.first + 2, closed=fence.closed)
            self.sources[html] = source
            output.extend(["", self.md.htmlStash.store(html), ""])
            done = fence.last + 1
        output.extend(lines[done:])
        return output


class CommentedCharts(Postprocessor):
    """Put back, as Markdown alone would render it, each chart block that
    ended up inside an HTML comment: commented out, it is neither drawn nor
    checked, and the page is what it would be without the chart plugin."""

    def __init__(self, md, blocks: ChartBlockPreprocessor) -> None:
        super().__init__(md)
        self.blocks = blocks

    def run(self, text: str) -> str:
        if "chart-block" not in text or "<!--" not in text:
            return text
        spans = comment_spans(text)

        def restore(match: re.Match) -> str:
            placeholder_html = match["placeholder"]
            source = self.blocks.sources.get(placeholder_html)
            if source is None or not inside(spans, match.start("placeholder")):
                return match.group(0)
            code = self._as_fenced_code(source) if len(source) > 1 else None
            if code is not None:
                return match["before"] + code + match["after"]
            # Without fenced_code (or for an unclosed opening line), Markdown
            # leaves the lines as they are, without our blank lines around.
            return "\n".join(source)

        return STASHED_PLACEHOLDER.sub(restore, text)

    def _as_fenced_code(self, source: list[str]) -> str | None:
        """The block as the document's own fenced_code renders it."""
        if "fenced_code_block" not in self.md.preprocessors:
            return None
        stash = self.md.htmlStash
        stored = len(stash.rawHtmlBlocks)
        self.md.preprocessors["fenced_code_block"].run(list(source))
        if len(stash.rawHtmlBlocks) != stored + 1:
            return None
        return str(stash.rawHtmlBlocks[stored])


class ChartExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        # 29: after normalize_whitespace (30), so line ends are already
        # normalised; before meta (27), so the lines we count still include
        # the metadata header and match the file; and before
        # fenced_code_block (25), which would turn the block into <pre><code>.
        blocks = ChartBlockPreprocessor(md)
        md.preprocessors.register(blocks, "chart_block", 29)
        # 29: after raw_html (30), which puts the stashed placeholders into
        # the page, so the comments they ended up in can be seen.
        md.postprocessors.register(CommentedCharts(md, blocks), "commented_charts", 29)


def makeExtension(**kwargs) -> ChartExtension:  # noqa: N802 (Markdown's API name)
    return ChartExtension(**kwargs)
