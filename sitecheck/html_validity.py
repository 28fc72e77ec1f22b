"""Valid HTML: the Nu HTML Checker (npm ``vnu-jar``, on Java 17) reports no
error on any HTML file of the output. One Java process checks them all.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import CheckResult, Problem
from .site import Site
from .tools import java, vnu_jar

NAME = "html"

# vnu's message -> what to do about it. First match wins.
FIXES = [
    (
        r"must have an .alt. attribute",
        'Describe the image: ![what it shows](path) in Markdown, or alt="" on a '
        "purely decorative image.",
    ),
    (
        r"Duplicate ID",
        "Ids must be unique on a page: rename one of them (in the post's raw HTML, "
        "or in the template that repeats it).",
    ),
    (
        r"Forbidden code point|control character|U\+00",
        "Remove the control character. Never inline a minified bundle such as "
        "plotly.js in the page: load it as a file from /theme/.",
    ),
    (
        r"Stray end tag|Unclosed element|End tag .* seen, but there were open elements"
        r"|No .* element in scope",
        "Close every element you open, in order: fix the raw HTML in the post's "
        "Markdown, or the template if the error is on every page.",
    ),
    (
        r"not allowed as child of element|not allowed in this context",
        "Move the element where HTML allows it (e.g. no <div> inside <p>, no block "
        "inside <a> in <li> lists of inline content), in the post or the template.",
    ),
    (
        r"Bad value|Attribute .* not allowed",
        "Correct the attribute as the message says (the value's syntax, or an "
        "attribute that element does not take).",
    ),
]
DEFAULT_FIX = (
    "Correct the markup at that line of the built page: in the post's "
    "Markdown/raw HTML if it is in the article body, in theme/templates "
    "if it appears on every page."
)


def run(site: Site) -> CheckResult:
    result = CheckResult(NAME)
    result.stats = {"HTML files": len(site.html_pages)}
    if not site.html_pages:
        return result
    messages = run_vnu(site.folder)
    seen: set[tuple[str, str]] = set()
    for message in messages:
        problem = to_problem(site.folder, message)
        if problem and (problem.page, problem.message) not in seen:
            seen.add((problem.page, problem.message))
            result.problems.append(problem)
    result.problems.sort()
    return result


def run_vnu(folder: Path) -> list[dict]:
    """vnu's JSON messages (errors only) for every .html file under ``folder``."""
    command = [
        java(),
        "-Xss8m",
        "-jar",
        str(vnu_jar()),
        "--skip-non-html",
        "--errors-only",
        "--exit-zero-always",
        "--format",
        "json",
        str(folder),
    ]
    completed = subprocess.run(
        command,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=600,
    )
    report = completed.stderr.strip() or completed.stdout.strip()
    try:
        return json.loads(report).get("messages", [])
    except json.JSONDecodeError as error:
        raise RuntimeError(
            f"vnu did not produce a JSON report (exit {completed.returncode}): "
            f"{report[:2000]}"
        ) from error


def to_problem(folder: Path, message: dict) -> Problem | None:
    kind = message.get("type")
    if kind not in {"error", "non-document-error"}:
        return None
    page = page_of(folder, message.get("url", ""))
    text = " ".join(message.get("message", "").split())
    line = message.get("lastLine") or message.get("firstLine")
    extract = " ".join((message.get("extract") or "").split())
    if len(extract) > 90:
        extract = extract[:87] + "..."
    where = f" (line {line}" + (f": {extract}" if extract else "") + ")" if line else ""
    fix = next((f for pattern, f in FIXES if re.search(pattern, text)), DEFAULT_FIX)
    return Problem(page, NAME, f"{text}{where}", fix)


def page_of(folder: Path, url: str) -> str:
    if not url:
        return "(site)"
    path = Path(unquote(urlsplit(url).path))
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return str(path)
