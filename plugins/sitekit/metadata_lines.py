"""Which line of a source file says something, for messages.

Pelican hands plugins a post's values, never where they were written; an
author fixes a file by its line, so every message that can name one does.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def source_lines(path: str) -> tuple[str, ...]:
    """A source file's lines (cached: a post with several problems is read
    once). Unreadable text is replaced, never an error of its own."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return tuple(file.read().splitlines())
    except OSError:
        return ()


def forget() -> None:
    """Drop the cached lines: a rebuild in the same process reads afresh."""
    source_lines.cache_clear()


def metadata_line(path: str, key: str, lines=None) -> int | None:
    """The line of ``Key:`` in a Markdown file's metadata header, which ends
    at the first blank line; ``lines`` when the caller has them already."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(lines or source_lines(path), start=1):
        if not line.strip():
            return None
        if pattern.match(line):
            return number
    return None


def text_line(path: str, needle: str) -> int | None:
    """The first line of a file that holds ``needle``."""
    for number, line in enumerate(source_lines(path), start=1):
        if needle in line:
            return number
    return None
