"""The runner's summary, and what happens when a tool is missing."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from conftest import ROOT
from machine_conditions import path_without

from sitecheck import html_validity, tools
from sitecheck.runner import collect, run_all

PUBLIC = "https://blog.example.org"


def page(body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        f"</head><body>{body}</body></html>"
    )


def write(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def test_a_clean_site_passes(tmp_path):
    write(
        tmp_path, {"index.html": page('<a href="/a/">a</a>'), "a/index.html": page("")}
    )
    out = io.StringIO()
    assert run_all(tmp_path, public_url=PUBLIC, checks=["links", "feeds"], out=out)
    assert "All checks passed: 2 pages" in out.getvalue()


def test_problems_are_listed_by_page_with_their_fix(tmp_path):
    theme_link = '<link rel="stylesheet" href="/theme/gone.css">'
    write(
        tmp_path,
        {
            "index.html": page(theme_link),
            "a/index.html": page(theme_link),
            "b/index.html": page(theme_link),
            "2024/01/post/index.html": page('<a href="/no-such-page/">x</a>'),
        },
    )
    out = io.StringIO()
    assert not run_all(tmp_path, public_url=PUBLIC, checks=["links"], out=out)
    text = out.getvalue()
    # The same problem on three pages is listed once, with the pages.
    assert "On 3 pages: /a/, /b/, /" in text
    assert text.count('href="/theme/gone.css"') == 1
    # A page's own problem is listed under its address and file.
    assert "/2024/01/post/  (2024/01/post/index.html)" in text
    section = text.split("/2024/01/post/  (2024/01/post/index.html)", 1)[1]
    assert '[links] Broken link: <a href="/no-such-page/">' in section
    assert "How to fix: Correct the address" in section
    assert "FAILED: 4 problems in 4 files of the output (links 4)" in text


def test_unknown_checks_are_refused(tmp_path):
    write(tmp_path, {"index.html": page("")})
    with pytest.raises(ValueError, match="unknown check"):
        collect(tmp_path, public_url=PUBLIC, checks=["spelling"])


def test_missing_node_tools_fail_with_the_way_to_install_them(tmp_path, monkeypatch):
    write(tmp_path, {"index.html": page("")})
    monkeypatch.setattr(tools, "NODE_MODULES", tmp_path / "node_modules")
    report = collect(tmp_path, public_url=PUBLIC, checks=["html", "browser"])
    assert not report.ok
    problems = {p.check: p for p in report.problems}
    assert problems["html"].page == "(tools)"
    assert "vnu-jar" in problems["html"].message
    assert "npm ci" in problems["html"].fix
    assert "axe-core" in problems["browser"].message


def test_missing_java_fails_clearly(tmp_path, monkeypatch):
    write(tmp_path, {"index.html": page("")})
    monkeypatch.setenv("PATH", path_without(tmp_path / "bin", "java"))
    with pytest.raises(tools.MissingToolError, match="Java is missing") as error:
        html_validity.run_vnu(tmp_path)
    assert "openjdk-17-jre-headless" in error.value.fix


def invoke(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *arguments],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )


def test_invoke_check_needs_a_built_site(tmp_path):
    result = invoke("check", "--output", str(tmp_path / "nothing"))
    assert result.returncode == 2
    assert "run `invoke build` first" in result.stderr


def test_invoke_check_runs_a_subset(tmp_path):
    write(tmp_path, {"index.html": page('<a href="/gone/">x</a>')})
    result = invoke(
        "check",
        "--output",
        str(tmp_path),
        "--only",
        "links,feeds",
        "--public-url",
        PUBLIC,
    )
    assert result.returncode == 1
    assert '<a href="/gone/">' in result.stdout
    assert (
        invoke("check", "--output", str(tmp_path), "--only", "spelling").returncode == 2
    )
