"""A deliberately broken post must make `invoke check` fail, naming the page
and each problem: an image without alt (and without a file), a dead link and
an inline script."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("node_tools")]

BROKEN_POST = """\
Title: A deliberately broken post
Date: 2025-10-01 10:00
Category: Measurement
Tags: checklist
Slug: deliberately-broken-post
Summary: A post with every mistake the site checks must catch.

An image without alt text, of a file that does not exist:

<img src="/images/nope.png">

A [dead link](/no-such-page/) and an inline script:

<script>alert(1)</script>
"""
PAGE = "/2025/10/deliberately-broken-post/"


@pytest.fixture(scope="module")
def broken_output(tmp_path_factory) -> Path:
    """The sample site plus the broken post, built with the publish settings."""
    root = tmp_path_factory.mktemp("broken")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "zz-deliberately-broken.md").write_text(BROKEN_POST, "utf-8")
    output = root / "output"
    built = build_site(output, settings="publishconf.py", content=content)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (output / PAGE.strip("/") / "index.html").is_file()
    return output


@pytest.fixture(scope="module")
def check_output(broken_output) -> subprocess.CompletedProcess:
    output = broken_output
    return subprocess.run(
        [sys.executable, "-m", "invoke", "check", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
        timeout=900,
    )


def section_for(page: str, report: str) -> str:
    """The lines the report lists under one page's heading."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(page + "  ("))
    end = next(
        (
            i
            for i in range(start + 1, len(lines))
            if lines[i] and not lines[i].startswith(" ")
        ),
        len(lines),
    )
    return "\n".join(lines[start:end])


def test_invoke_check_fails(check_output):
    assert check_output.returncode != 0, check_output.stdout
    assert "The site checks failed" in check_output.stderr + check_output.stdout


def test_the_report_names_the_page_and_every_problem(check_output):
    report = check_output.stdout
    section = section_for(PAGE, report)
    expected = {
        "dead link": 'Broken link: <a href="/no-such-page/">',
        "missing image file": 'Missing image: <img src="/images/nope.png">',
        "image without alt (vnu)": "must have an “alt” attribute",
        "image without alt (axe)": "axe image-alt",
        "inline script (CSP)": "CSP violation: script-src",
        "inline script named": "blocked an inline script",
        "failed request": "Failed request: /images/nope.png (HTTP 404)",
    }
    missing = {name: text for name, text in expected.items() if text not in section}
    assert not missing, f"not reported under {PAGE}: {missing}\n\n{report}"
    assert section.count("How to fix:") >= len(expected) - 1


def test_each_problem_says_how_to_fix_it(check_output):
    section = section_for(PAGE, check_output.stdout)
    assert "{filename}" in section  # the dead link
    assert "content/images/" in section  # the missing image
    assert "theme/static/js/" in section  # the inline script
    assert "alt" in section.split("must have an “alt” attribute", 1)[1]


# invoke publish refusing a site that fails its checks is tested end to end,
# without replacing any of our components, in test_publish_safety.py
# (test_a_failed_check_changes_nothing_and_deploys_nothing).
