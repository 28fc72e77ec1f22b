"""Build material nobody here wrote with the site's own settings, run the
site's own checks on the output, and sort every problem they report into
"the content's own" (listed, with the reason) or "ours" (a failure).

The expected lists are explicit and exact both ways: a problem that no entry
explains fails the test, and so does an entry that no longer happens (the
list must not keep excusing something that was fixed or moved).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pelican
from conftest import ROOT, build_site

from sitecheck.problems import Problem
from sitecheck.runner import CHECKS, Report, collect, format_problem, format_report

PELICAN_TEST_CONTENT = Path(pelican.__file__).parent / "tests" / "content"
WORDPRESS_EXPORT = PELICAN_TEST_CONTENT / "wordpressexport.xml"
ALL_CHECKS = list(CHECKS)

# What a crash looks like in a build's output, whoever crashed.
CRASH = re.compile(r"Traceback \(most recent call last\)|internal error", re.I)


def new_site_folder(root: Path) -> Path:
    """An empty content folder with the site's own extras (favicon, _headers)."""
    content = root / "content"
    (content / "posts").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "data").mkdir()
    shutil.copytree(ROOT / "content" / "extra", content / "extra")
    return content


@dataclass(frozen=True)
class Build:
    content: Path
    output: Path
    returncode: int
    log: str

    @property
    def errors(self) -> list[str]:
        """The build's errors, as build_errors lists them at the end, with
        the temporary content folder written as {content}."""
        lines = self.log.splitlines()
        try:
            start = next(
                i for i, line in enumerate(lines) if ERRORS_HEADING.match(line)
            )
        except StopIteration:
            return []
        found = []
        for line in lines[start + 1 :]:
            if not line.startswith("  "):
                break
            found.append(line.strip().replace(str(self.content), "{content}"))
        return found


ERRORS_HEADING = re.compile(r"^\d+ errors?:$")


def build(
    content: Path, output: Path, *, settings: str = "pelicanconf.py", extra=None
) -> Build:
    result = build_site(output, settings=settings, content=content, extra=extra)
    return Build(content, output, result.returncode, result.stdout + result.stderr)


def check(output: Path, checks: Iterable[str] = ALL_CHECKS) -> Report:
    return collect(output, checks=list(checks))


@dataclass(frozen=True)
class Expected:
    """A problem the checks report that belongs to the content itself.

    ``pages``: the output files where it must be reported; ``also_on``: files
    where it may be reported too (listing pages that show the post's summary,
    which is cut from the same HTML and may or may not reach the problem).
    """

    check: str
    message: str  # a regular expression, searched in the problem's message
    pages: tuple[str, ...]
    reason: str
    also_on: tuple[str, ...] = ()

    def matches(self, problem: Problem) -> bool:
        return (
            problem.check == self.check
            and problem.page in (*self.pages, *self.also_on)
            and re.search(self.message, problem.message) is not None
        )


@dataclass
class Sorted:
    ours: list[Problem]
    stale: list[tuple[Expected, str]]  # expected on a page, not reported there
    content: list[tuple[Problem, Expected]]

    def failure(self) -> str:
        lines = []
        if self.ours:
            lines.append(
                f"{len(self.ours)} problem(s) no entry explains: the theme's or a "
                "plugin's, or new in the content (then list it, with the reason):"
            )
            for problem in self.ours:
                lines.append(f"{problem.page}")
                lines += format_problem(problem)
        if self.stale:
            lines.append(f"{len(self.stale)} expected problem(s) no longer reported:")
            for expected, page in self.stale:
                lines.append(f"  {page}: [{expected.check}] /{expected.message}/")
        return "\n".join(lines)


def sort_problems(problems: Iterable[Problem], expected: Iterable[Expected]) -> Sorted:
    expected = list(expected)
    problems = list(problems)
    ours, content = [], []
    for problem in problems:
        reason = next((e for e in expected if e.matches(problem)), None)
        if reason is None:
            ours.append(problem)
        else:
            content.append((problem, reason))
    stale = [
        (entry, page)
        for entry in expected
        for page in entry.pages
        if not any(
            entry.check == p.check
            and p.page == page
            and re.search(entry.message, p.message)
            for p in problems
        )
    ]
    return Sorted(ours, stale, content)


def unclear(report: Report) -> list[Problem]:
    """Problems that fail to say where, what, or how to fix it, or that the
    printed report (what `invoke check` shows) leaves out."""
    printed = format_report(report)
    return [
        p
        for p in report.problems
        if not (p.page and p.message.strip() and p.fix.strip())
        or "crashed" in p.message
        or p.message.splitlines()[0] not in printed
    ]


def run_quietly(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        command,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=300,
        **kwargs,
    )
