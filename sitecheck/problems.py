"""What every check reports: a problem on a page, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a problem belongs when it is not about one page of the output.
SITE_WIDE = "(site)"
TOOLS = "(tools)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the built site.

    ``page`` is the output file, relative to the output folder
    (``2009/10/my-post/index.html``, ``feeds/all.atom.xml``, ``_headers``),
    or ``(site)`` / ``(tools)`` for a problem that belongs to no single file.
    ``check`` names the check that found it; ``message`` says what is wrong,
    precisely enough to find it (the href, the selector, the line); ``fix``
    says what an author or a theme developer does about it.
    """

    page: str
    check: str
    message: str
    fix: str


@dataclass
class CheckResult:
    """The outcome of one check over the whole output."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    # What was covered, for the summary: {"pages": 31, "links": 1204, ...}
    stats: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


class MissingToolError(RuntimeError):
    """A tool a check needs is not installed; ``fix`` says how to install it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.fix = fix
