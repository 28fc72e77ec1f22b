"""What the chart pipeline tells an author: errors, which stop a chart, and
warnings, which do not."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass


class ChartError(Exception):
    """A problem in a chart block or its data, in words an author can act on.

    ``line`` is the line in the post file when the problem has one; the
    pipeline fills in the file and the block's line when it is not known
    where the error is raised. ``key`` names the block key the problem is
    about when the code raising it cannot know that key's line.
    """

    def __init__(
        self, message: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.key = key

    def located(self, source: str, default_line: int) -> str:
        """``file:line: message``, the form editors and terminals link."""
        return f"{source}:{self.line or default_line}: {self.message}"


@dataclass(frozen=True)
class ChartWarning:
    """Something a chart leaves out of what the file holds (rows without an
    x value, say): logged for the author, never fatal."""

    message: str
    line: int | None = None

    def located(self, source: str, default_line: int) -> str:
        return f"{source}:{self.line or default_line}: {self.message}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` — did you mean 'votes'?`` when a close match exists, else ``""``."""
    matches = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f" — did you mean '{matches[0]}'?" if matches else ""
