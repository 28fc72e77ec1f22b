"""Run every check over a built site and print what is wrong, page by page.

``run_all(folder)`` is what ``invoke check`` (and so ``invoke publish``) calls;
``collect(folder)`` returns the results without printing, for the tests.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from machine.errors import explain_os_error, is_system_error

from . import browser, feeds, headers, html_validity, links
from .problems import SITE_WIDE, TOOLS, CheckResult, MissingToolError, Problem
from .site import Site

# Name -> function(site) returning one result or several. Cheap checks first.
CHECKS: dict[str, Callable] = {
    "headers": headers.run,
    "links": links.run,
    "feeds": feeds.run,
    "html": html_validity.run,
    "browser": browser.run,  # also yields the "accessibility" result (axe)
}
CHECK_TITLES = {
    "headers": "production headers (_headers)",
    "links": "links, anchors, images, scripts, downloads",
    "feeds": "feeds (feedparser)",
    "html": "valid HTML (Nu HTML Checker)",
    "browser": "every page in Chromium: console, network, CSP, charts, axe",
    "accessibility": "accessibility (axe-core, light and dark)",
}
# A problem seen on this many pages or more is listed once, as site-wide.
SITE_WIDE_THRESHOLD = 3


@dataclass
class Report:
    site: Site
    results: list[CheckResult]
    seconds: float

    @property
    def problems(self) -> list[Problem]:
        return [p for r in self.results for p in r.problems]

    @property
    def ok(self) -> bool:
        return not self.problems

    def result(self, name: str) -> CheckResult:
        return next(r for r in self.results if r.name == name)


def collect(
    folder: Path | str,
    *,
    public_url: str | None = None,
    checks: Iterable[str] | None = None,
    progress: Callable[[str], None] | None = None,
    meta_only: bool = False,
) -> Report:
    """Run the checks (default: all) over the output in ``folder``;
    ``meta_only``: the browser run serves no _headers (see browser.py)."""
    start = time.perf_counter()
    site = Site.load(folder, public_url)
    names = list(checks) if checks else list(CHECKS)
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        raise ValueError(
            f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(CHECKS)}"
        )
    results: list[CheckResult] = []
    for name in names:
        if progress:
            progress(f"{name}: {CHECK_TITLES[name]} ...")
        results += run_one(name, site, progress, meta_only)
    return Report(site, results, time.perf_counter() - start)


def run_one(name: str, site: Site, progress, meta_only=False) -> list[CheckResult]:
    function = CHECKS[name]
    start = time.perf_counter()
    try:
        if name == "browser":
            outcome = function(site, progress=progress, meta_only=meta_only)
        else:
            outcome = function(site)
    except MissingToolError as missing:
        outcome = CheckResult(name, [Problem(TOOLS, name, str(missing), missing.fix)])
    except Exception as error:  # a crash must fail the gate, loudly
        if is_system_error(error):
            # A full disk or a read-only folder: the machine's, not a bug.
            wrong, fix = explain_os_error(error, f"run the {name} check")
            problem = Problem(TOOLS, name, wrong, fix)
        else:
            problem = Problem(
                SITE_WIDE,
                name,
                f"The {name} check crashed: {type(error).__name__}: {error}",
                "A bug in sitecheck or a damaged output folder: the traceback "
                "follows. Rebuild and run again; report it if it persists.\n"
                + traceback.format_exc(),
            )
        outcome = CheckResult(name, [problem])
    results = outcome if isinstance(outcome, list) else [outcome]
    # Several results from one run (browser + accessibility): the time is the run's.
    results[0].seconds = time.perf_counter() - start
    return results


def run_all(
    folder: Path | str,
    *,
    public_url: str | None = None,
    checks: Iterable[str] | None = None,
    out: TextIO | None = None,
    meta_only: bool = False,
) -> bool:
    """Check the built site in ``folder``; print a summary; True when it passes."""
    if out is None:
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            # Messages quote pages and tools (curly quotes, dashes): never let
            # a non-UTF-8 terminal turn a report into a crash.
            out.reconfigure(errors="backslashreplace")
    folder = Path(folder)

    live = getattr(out, "isatty", lambda: False)()

    def progress(message: str) -> None:
        if message.startswith("["):  # one page of the browser run
            if live:  # a terminal: one line, rewritten
                print(f"\r  ... {message[:70]:<70}", end="", file=out, flush=True)
            return
        if live:
            print("\r" + " " * 78 + "\r", end="", file=out)
        print(f"  ... {message}", file=out, flush=True)

    print(f"Checking the built site in {folder}", file=out, flush=True)
    report = collect(
        folder,
        public_url=public_url,
        checks=checks,
        progress=progress,
        meta_only=meta_only,
    )
    if live:
        print("\r" + " " * 78 + "\r", end="", file=out)
    print(format_report(report), file=out, flush=True)
    return report.ok


def format_stats(stats: dict[str, int]) -> str:
    return ", ".join(f"{value:,} {key}" for key, value in stats.items())


def format_report(report: Report) -> str:
    site = report.site
    lines = ["", f"Site: {site.folder}  (public URL {site.public_url})", ""]
    width = max(len(r.name) for r in report.results) if report.results else 8
    for result in report.results:
        verdict = (
            "ok"
            if result.ok
            else f"{len(result.problems)} problem"
            + ("s" if len(result.problems) != 1 else "")
        )
        timing = f"  [{result.seconds:.1f} s]" if result.seconds else ""
        lines.append(
            f"  {result.name:<{width}}  {verdict:<12} "
            f"{format_stats(result.stats)}{timing}"
        )
    types = site.page_types
    missing = [kind for kind, page in types.items() if page is None]
    lines.append("")
    lines.append(
        f"  Page types covered: {len(types) - len(missing)} of {len(types)}"
        + (f" (this site has no {', '.join(missing)})" if missing else "")
    )
    problems = report.problems
    if not problems:
        lines += [
            "",
            f"All checks passed: {len(site.html_pages)} pages, "
            f"{len(site.feeds)} feeds, in {report.seconds:.0f} s.",
        ]
        return "\n".join(lines)

    by_key: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for problem in problems:
        by_key[(problem.check, problem.message, problem.fix)].append(problem.page)
    site_wide = {
        k: pages for k, pages in by_key.items() if len(pages) >= SITE_WIDE_THRESHOLD
    }
    by_page: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        if (problem.check, problem.message, problem.fix) not in site_wide:
            by_page[problem.page].append(problem)

    if site_wide:
        lines += [
            "",
            "Problems on many pages (usually the theme or a setting)",
            "=" * 56,
        ]
        for (check, message, fix), pages in site_wide.items():
            shown = ", ".join(
                site.site_path(p) if p.endswith(".html") else p for p in pages[:4]
            )
            more = f" and {len(pages) - 4} more" if len(pages) > 4 else ""
            lines += ["", f"On {len(pages)} pages: {shown}{more}"]
            lines += format_problem(Problem("", check, message, fix))
    if by_page:
        lines += ["", "Problems by page", "=" * 16]
        for page in sorted(by_page, key=page_order):
            lines += ["", page_heading(site, page)]
            for problem in by_page[page]:
                lines += format_problem(problem)

    counts: dict[str, int] = defaultdict(int)
    for problem in problems:
        counts[problem.check] += 1
    pages_with = len({p.page for p in problems})
    lines += [
        "",
        f"FAILED: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
        f"in {pages_with} file{'s' if pages_with != 1 else ''} of the output "
        f"({', '.join(f'{k} {v}' for k, v in counts.items())}), "
        f"in {report.seconds:.0f} s. Fix them before publishing.",
    ]
    return "\n".join(lines)


def page_order(page: str) -> tuple[int, str]:
    return (0 if page.startswith("(") else 1, page)


def page_heading(site: Site, page: str) -> str:
    if page.endswith(".html"):
        return f"{site.site_path(page)}  ({page})"
    return page


def format_problem(problem: Problem) -> list[str]:
    message_lines = problem.message.splitlines() or [""]
    lines = [f"  - [{problem.check}] {message_lines[0]}"]
    lines += [f"    {line}" for line in message_lines[1:]]
    fix_lines = problem.fix.splitlines() or [""]
    lines.append(f"    How to fix: {fix_lines[0]}")
    lines += [f"    {line}" for line in fix_lines[1:]]
    return lines


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Check a built Pelican site.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--public-url")
    parser.add_argument("--only", help="comma-separated: " + ",".join(CHECKS))
    arguments = parser.parse_args()
    only = arguments.only.split(",") if arguments.only else None
    sys.exit(
        0
        if run_all(arguments.folder, public_url=arguments.public_url, checks=only)
        else 1
    )
