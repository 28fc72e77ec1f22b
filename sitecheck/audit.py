"""Lighthouse report (not a test): the four scores of three pages, on mobile.

``invoke audit`` builds the site with the production settings, pointing its
public URL at a local server (so every absolute link resolves there), serves
it on 127.0.0.1 with the production headers from ``_headers``, and runs
Lighthouse 12 (npm ``lighthouse``, Debian's Chromium, Lighthouse's default
mobile emulation and simulated throttling) on the reference post, a tag page
and the home page. JSON and HTML reports go to test-artifacts/lighthouse/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .server import serve_in_background
from .site import Site
from .tools import CHROMIUM_ARGS, ROOT, chromium, lighthouse

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGET = 95
REPORTS = ROOT / "test-artifacts" / "lighthouse"
AUDITED_TYPES = {
    "reference-post": "reference post (charts)",
    "tag-page": "tag page",
    "home": "home",
}


@dataclass
class Audit:
    name: str
    url: str
    scores: dict[str, int | None]
    weak: dict[str, list[str]]  # category -> audits that cost it points
    report: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_for(port: int, output: Path) -> None:
    """A publish build whose public URL is the local server's."""
    from .pelican_run import pelican_command

    env = dict(os.environ, SITEURL=f"http://127.0.0.1:{port}")
    command = pelican_command(
        ROOT / "publishconf.py",
        output,
        extra={"CACHE_PATH": str(output.parent / "cache")},
    )
    result = subprocess.run(
        command,
        cwd=ROOT,
        env=env,
        check=False,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
    )
    if result.returncode != 0:
        raise RuntimeError(f"the build failed:\n{result.stdout}{result.stderr}")


def run_lighthouse(url: str, name: str, reports: Path) -> Audit:
    reports.mkdir(parents=True, exist_ok=True)
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(lighthouse()),
        url,
        "--output=json",
        "--output=html",
        f"--output-path={reports / name}",
        f"--chrome-flags={flags}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--quiet",
    ]
    env = dict(os.environ, CHROME_PATH=chromium())
    result = subprocess.run(
        command,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=600,
    )
    report = reports / f"{name}.report.json"
    if result.returncode != 0 or not report.is_file():
        raise RuntimeError(
            f"Lighthouse failed on {url} (exit {result.returncode}):\n"
            f"{result.stderr[-3000:]}"
        )
    data = json.loads(report.read_text("utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not audit {url}: {data['runtimeError']}")
    scores: dict[str, int | None] = {}
    weak: dict[str, list[str]] = {}
    for key in CATEGORIES:
        category = data["categories"].get(key, {})
        score = category.get("score")
        scores[key] = None if score is None else round(score * 100)
        weak[key] = [
            f"{data['audits'][ref['id']]['title']} "
            f"({data['audits'][ref['id']].get('displayValue') or 'failed'})"
            for ref in category.get("auditRefs", [])
            if ref.get("weight", 0) > 0
            and (data["audits"][ref["id"]].get("score") is not None)
            and data["audits"][ref["id"]]["score"] < 0.9
        ]
    return Audit(name, url, scores, weak, report)


def format_table(audits: list[Audit]) -> str:
    headers = ["page", *CATEGORIES]
    table = [headers]
    for audit in audits:
        scores = audit.scores
        table.append(
            [urlsplit(audit.url).path]
            + ["n/a" if scores[c] is None else str(scores[c]) for c in CATEGORIES]
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(table):
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run_audit(
    output: Path | None = None, reports: Path = REPORTS, out=sys.stdout
) -> list[Audit]:
    """Audit ``output`` (default: a fresh publish build) and print the scores."""
    with tempfile.TemporaryDirectory(prefix="audit-") as scratch:
        port = free_port()
        if output is None:
            output = Path(scratch) / "output"
            print(
                f"Building the site (production settings) for http://127.0.0.1:{port}/",
                file=out,
                flush=True,
            )
            build_for(port, output)
        site = Site.load(output, f"http://127.0.0.1:{port}")
        server, _ = serve_in_background(output, port=port)
        try:
            audits = []
            for name, kind in AUDITED_TYPES.items():
                page = site.page_types.get(kind)
                if page is None:
                    print(f"  (no {kind} in this site: skipped)", file=out)
                    continue
                url = site.address(page)
                print(f"  Lighthouse: {url}", file=out, flush=True)
                audits.append(run_lighthouse(url, name, reports))
        finally:
            server.shutdown()
            server.server_close()
    version = subprocess.run(
        [str(lighthouse()), "--version"],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    ).stdout.strip()
    print("", file=out)
    print(
        f"Lighthouse {version}, mobile defaults (emulated Moto G Power, "
        "simulated slow 4G and 4x CPU slowdown)",
        file=out,
    )
    print(format_table(audits), file=out)
    below = [
        (a, c)
        for a in audits
        for c in CATEGORIES
        if a.scores[c] is not None and a.scores[c] < TARGET
    ]
    if below:
        print(f"\nBelow the target of {TARGET}:", file=out)
        for audit, category in below:
            print(
                f"  {audit.name} {category} {audit.scores[category]}: "
                + ("; ".join(audit.weak[category][:6]) or "see the report"),
                file=out,
            )
    else:
        print(f"\nEvery score is at least {TARGET}.", file=out)
    print(f"Reports: {reports}/*.report.json and *.report.html", file=out)
    return audits
