"""Which lines of a post Python-Markdown's fenced_code makes code blocks.

A chart block is a fenced code block whose language is ``chart``, so it must
be found exactly where fenced_code finds fenced code: a fence of three or more
backticks or tildes at the very start of a line, closed only by an identical
fence, the blocks taken first to last. Anything else (a fence indented under
a list item, a fence closed by a longer one) is not a block for fenced_code,
so it is not a chart either. We run fenced_code's own pattern rather than a
copy of its rules, so the two cannot drift apart; the Markdown differential
tests pin the agreement.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.fenced_code import FencedBlockPreprocessor

FENCED_BLOCK = FencedBlockPreprocessor.FENCED_BLOCK_RE
FENCE_START = re.compile(r"^(?:`{3,}|~{3,})", re.MULTILINE)
CHART_LANGUAGE = "chart"


@dataclass(frozen=True)
class ChartFence:
    """A chart block: lines ``first`` to ``last`` (0-based, inclusive), and
    the text between its fences; for an unclosed block, its opening line."""

    first: int
    last: int
    body: str
    closed: bool


def chart_fences(text: str) -> Iterator[ChartFence]:
    """The chart blocks of ``text``, in order.

    A line that would open a chart block but has no identical closing fence
    anywhere below it is not a block for fenced_code; it comes out as an
    unclosed ChartFence of that one line, so that it is reported, not
    ignored. The lines after it are left as they are.
    """
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    index = 0
    while True:
        match = FENCED_BLOCK.search(text, index)
        gap_end = match.start() if match else len(text)
        for opener in FENCE_START.finditer(text, index, gap_end):
            opening_line = _line_text(text, opener.start())
            if is_chart_opener(opening_line):
                line = line_of(opener.start())
                yield ChartFence(line, line, opening_line, closed=False)
        if match is None:
            return
        language, skip_to = _language(match)
        if skip_to is not None:
            # fenced_code skips a brace list it cannot read and goes on
            # searching from inside it: so do we.
            index = skip_to
            continue
        if _is_chart(language):
            yield ChartFence(
                line_of(match.start()),
                line_of(match.end()),
                match["code"].rstrip("\n"),
                closed=True,
            )
        index = match.end()


def is_chart_opener(line: str) -> bool:
    """Whether ``line`` would open a chart block, were it closed."""
    fence = FENCE_START.match(line)
    if fence is None:
        return False
    match = FENCED_BLOCK.match(f"{line}\n{fence.group(0)}")
    if match is None:
        return False
    language, skip_to = _language(match)
    return skip_to is None and _is_chart(language)


def _line_text(text: str, start: int) -> str:
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _language(match: re.Match) -> tuple[str | None, int | None]:
    """The block's language as fenced_code reads it, or where fenced_code
    resumes its search when the opening line's brace list is unreadable."""
    if match["attrs"]:
        attrs, remainder = get_attrs_and_remainder(match["attrs"])
        if remainder:
            return None, match.end("attrs")
        classes = [value for key, value in attrs if key == "."]
        return (classes[0] if classes else None), None
    return match["lang"] or None, None


def _is_chart(language: str | None) -> bool:
    return language is not None and language.lower() == CHART_LANGUAGE
