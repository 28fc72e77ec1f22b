"""A Python-Markdown extension that finds ```chart blocks.

Each block becomes a small placeholder holding the block's text and its line
in the file. The chart itself is drawn later (see pipeline.py), so Pelican's
content cache, which stores this HTML, never holds stale chart data.
"""

from __future__ import annotations

import base64
import re

from markdown import Extension
from markdown.preprocessors import Preprocessor

PLACEHOLDER = re.compile(
    r'<div class="chart-block" data-chart-line="(?P<line>\d+)" '
    r'data-chart-spec="(?P<spec>[A-Za-z0-9+/=]*)"(?: data-chart-unclosed="1")? '
    r"hidden></div>"
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
    """Replace each ```chart fence with a stashed placeholder."""

    FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>.*?)\s*$")
    LANGUAGE = re.compile(r"^\{?\s*\.?(?P<lang>[\w-]+)")

    def run(self, lines: list[str]) -> list[str]:
        output: list[str] = []
        i = 0
        while i < len(lines):
            opening = self.FENCE.match(lines[i])
            backtick_info = (
                opening and opening["fence"][0] == "`" and ("`" in opening["info"])
            )
            if not opening or backtick_info:
                output.append(lines[i])
                i += 1
                continue
            end = self._closing(lines, i, opening["fence"])
            language = self.LANGUAGE.match(opening["info"])
            if not language or language["lang"].lower() != "chart":
                # Another fenced block: copy it untouched, so a ```chart
                # written inside it (documentation) stays code.
                output.extend(lines[i : end + 1])
                i = end + 1
                continue
            indent = len(opening["indent"])
            body = "\n".join(
                line[indent:] if line[:indent].isspace() else line
                for line in lines[i + 1 : end]
            ).rstrip("\n")
            closed = end < len(lines)
            stashed = self.md.htmlStash.store(placeholder(body, i + 2, closed=closed))
            output.extend(["", stashed, ""])
            i = end + 1
        return output

    @staticmethod
    def _closing(lines: list[str], start: int, fence: str) -> int:
        """Index of the closing fence line, or len(lines) when unclosed."""
        for j in range(start + 1, len(lines)):
            stripped = lines[j].strip()
            if (
                stripped.startswith(fence[0] * len(fence))
                and not stripped.strip(fence[0])
                and len(lines[j]) - len(lines[j].lstrip(" ")) <= 3
            ):
                return j
        return len(lines)


class ChartExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        # 29: after normalize_whitespace (30), so line ends are already
        # normalised; before meta (27), so the lines we count still include
        # the metadata header and match the file; and before
        # fenced_code_block (25), which would turn the block into <pre><code>.
        md.preprocessors.register(ChartBlockPreprocessor(md), "chart_block", 29)


def makeExtension(**kwargs) -> ChartExtension:  # noqa: N802 (Markdown's API name)
    return ChartExtension(**kwargs)
