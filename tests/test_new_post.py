"""`invoke new-post` writes a post that the next build publishes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date

import pytest
from conftest import ROOT, build_site, parse_html

TITLE = "Why Every Campaign Needs a Kill Metric"
SLUG = "why-every-campaign-needs-a-kill-metric"


def new_post(title: str, folder) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "new-post", title, "--folder", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def metadata(text: str) -> dict[str, str]:
    header = text.split("\n\n", 1)[0]
    fields = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip().lower()] = value.strip()
    return fields


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    folder = tmp_path_factory.mktemp("new-post") / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@pytest.fixture(scope="module")
def written(content):
    before = date.today()
    result = new_post(TITLE, content / "posts")
    after = date.today()
    assert result.returncode == 0, result.stdout + result.stderr
    path = content / "posts" / f"{SLUG}.md"
    assert path.is_file(), list((content / "posts").iterdir())
    return path, before, after


def test_new_post_writes_markdown_with_title_date_and_slug(written):
    path, before, after = written
    fields = metadata(path.read_text("utf-8"))
    assert fields["title"] == TITLE
    assert fields["slug"] == SLUG
    written_on = date.fromisoformat(fields["date"].split()[0])
    assert before <= written_on <= after
    assert fields["category"]
    assert path.read_text("utf-8").split("\n\n", 1)[1].strip(), "a body to edit"


def test_the_next_build_renders_the_new_post(written, content, tmp_path):
    path, _, _ = written
    written_on = date.fromisoformat(metadata(path.read_text("utf-8"))["date"][:10])
    output = tmp_path / "output"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    page = output / f"{written_on:%Y}" / f"{written_on:%m}" / SLUG / "index.html"
    assert page.is_file()
    root = parse_html(page)
    [h1] = root.xpath("//h1")
    assert " ".join(h1.text_content().split()) == TITLE
    # The template's example chart block is shown as code, not drawn: a
    # fresh post builds without a chart error.
    assert root.find_class("chart-error") == []
    assert "ERROR" not in result.stdout + result.stderr
    assert any("```chart" in code.text_content() for code in root.xpath("//pre"))
    home = parse_html(output / "index.html")
    assert f"/{written_on:%Y}/{written_on:%m}/{SLUG}/" in home.xpath(
        "//main//article//h2/a/@href"
    ), "the newest post leads the home page"


def test_new_post_refuses_to_overwrite(written, content):
    path, _, _ = written
    path.write_text(path.read_text("utf-8") + "\nMy own words.\n", "utf-8")
    before = path.read_text("utf-8")
    result = new_post(TITLE, content / "posts")
    assert result.returncode != 0
    assert "already exists" in result.stdout + result.stderr
    assert path.read_text("utf-8") == before


def test_new_post_needs_a_title(content):
    result = new_post("   ", content / "posts")
    assert result.returncode != 0
