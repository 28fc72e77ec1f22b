"""Paths and messages for one build: each problem logged once, as
``content/posts/x.md:LINE: message``."""

from __future__ import annotations

import logging
import os

from sitekit.paths import display_path, inside

logger = logging.getLogger(__name__)


class Guard:
    def __init__(self) -> None:
        self.content_root = ""
        self.output_root = ""
        self.reported: set[str] = set()

    def configure(self, pelican) -> None:
        self.content_root = os.path.realpath(pelican.settings["PATH"])
        self.output_root = os.path.realpath(pelican.output_path)
        self.reported = set()

    def display(self, path: str) -> str:
        """``content/posts/x.md`` for a file in the content folder."""
        return display_path(path, self.content_root)

    def error(
        self, source_path: str, line: int | None, message: str, *, shown=None
    ) -> None:
        where = (shown or self.display(source_path)) + (f":{line}" if line else "")
        text = f"{where}: {message}"
        if text not in self.reported:
            self.reported.add(text)
            logger.error("%s", text)

    def inside_content(self, path: str) -> bool:
        return inside(os.path.realpath(path), self.content_root)


guard = Guard()
