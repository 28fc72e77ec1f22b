"""Shared fixtures: real builds of the real site into temporary folders."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

REFERENCE_POST = "2009/10/takeaway-from-the-spam-or-good-marketing-conversation/"


def build_site(
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    content: Path | None = None,
    extra: dict | None = None,
    cwd: Path = ROOT,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run Pelican the way `invoke build` does; return the finished process."""
    from sitecheck.pelican_run import pelican_command

    overrides = {"CACHE_PATH": str(output.parent / f"{output.name}-cache")}
    overrides.update(extra or {})
    command = pelican_command(ROOT / settings, output, content=content, extra=overrides)
    # Explicit UTF-8: reading settings in this process sets the C locale
    # (LOCALE in pelicanconf.py), and logs carry non-ASCII titles.
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        env=env,
    )


def assert_same_tree(expected: Path, actual: Path) -> None:
    """Two built sites hold the same files, byte for byte (diff -r)."""
    diff = subprocess.run(
        ["diff", "-r", str(expected), str(actual)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert diff.returncode == 0, diff.stdout[:2000]


def parse_html(path: Path):
    return lxml_html.fromstring(path.read_bytes())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample site, built once with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample site, built once as `invoke publish` builds it."""
    output = tmp_path_factory.mktemp("published") / "output"
    # publishconf.py's FAIL_ON_ERRORS makes any error fail this build.
    result = build_site(output, settings="publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


# ---------------------------------------------------------------------------
# Theme tests (test_site.py, test_share_links.py, test_feeds_and_seo.py,
# test_new_post.py, test_screenshots.py): what the sources say, read with
# Pelican's own readers, and a larger copy of the site with edge cases.

SAMPLE_TRICKY_TITLE = "Tricky & \"quoted\" 'titles' #1? 100%"
SAMPLE_RND_TITLE = "R & D Budgets Need a Marketing Line"
SAMPLE_FILLER_POSTS = 11


def read_sources(content: Path | None = None):
    """The published articles (newest first) and pages of a content folder,
    as Pelican's readers see them: slug, url, tags, category, date, status."""
    from types import SimpleNamespace

    from pelican.contents import Article, Page
    from pelican.readers import Readers
    from pelican.settings import read_settings

    content = Path(content or ROOT / "content")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "CACHE_CONTENT": False},
    )
    readers = Readers(settings)
    found = {}
    for kind, setting, content_class in (
        ("articles", "ARTICLE_PATHS", Article),
        ("pages", "PAGE_PATHS", Page),
    ):
        items = []
        for folder in settings[setting]:
            for path in sorted((content / folder).rglob("*.md")):
                item = readers.read_file(
                    base_path=str(content),
                    path=str(path.relative_to(content)),
                    content_class=content_class,
                )
                if item.status == "published":
                    if not hasattr(item, "tags"):
                        item.tags = []  # a post without a Tags: line
                    items.append(item)
        found[kind] = items
    found["articles"].sort(key=lambda a: (-a.date.timestamp(), a.slug))
    return SimpleNamespace(settings=settings, **found)


def write_sample_posts(posts: Path) -> None:
    """Edge cases and enough posts for every listing to paginate."""
    posts.mkdir(parents=True, exist_ok=True)
    for number in range(1, SAMPLE_FILLER_POSTS + 1):
        (posts / f"sample-note-{number}.md").write_text(
            f"Title: Sample Note {number}\n"
            f"Date: 2011-01-{number:02d} 10:00\n"
            "Category: Sample Notes\n"
            "Tags: sample\n"
            f"Slug: sample-note-{number}\n"
            f"Summary: Sample note number {number}.\n\n"
            f"Body of sample note {number}.\n",
            "utf-8",
        )
    (posts / "tricky-titles.md").write_text(
        f"Title: {SAMPLE_TRICKY_TITLE}\n"
        "Date: 2011-02-01 10:00\n"
        "Category: Sample Notes\n"
        "Tags: sample, edge cases\n"
        "Slug: tricky-titles\n"
        "Summary: A title full of characters that need escaping.\n\n"
        "Titles are text: these characters must survive every use.\n",
        "utf-8",
    )
    (posts / "r-and-d-budgets.md").write_text(
        f"Title: {SAMPLE_RND_TITLE}\n"
        "Date: 2011-02-02 10:00\n"
        "Category: Sample Notes\n"
        "Tags: sample, edge cases\n"
        "Slug: r-and-d-budgets\n"
        "Summary: Why R & D budgets should carry a marketing line.\n\n"
        "R & D budgets rarely include the cost of telling anyone.\n",
        "utf-8",
    )
    (posts / "unfinished-draft.md").write_text(
        "Title: An Unfinished Draft\n"
        "Date: 2011-02-03 10:00\n"
        "Category: Sample Notes\n"
        "Tags: sample, drafts only\n"
        "Status: draft\n\n"
        "Not ready.\n",
        "utf-8",
    )


@pytest.fixture(scope="session")
def sources():
    """The sample site's sources, as Pelican reads them."""
    return read_sources()


@pytest.fixture(scope="session")
def extended_content(tmp_path_factory) -> Path:
    """A copy of content/ with sample posts: tricky titles, a draft, and
    enough posts that the index, a tag and a category paginate."""
    import shutil

    content = tmp_path_factory.mktemp("extended") / "content"
    shutil.copytree(ROOT / "content", content)
    write_sample_posts(content / "posts")
    return content


@pytest.fixture(scope="session")
def extended_sources(extended_content):
    return read_sources(extended_content)


@pytest.fixture(scope="session")
def extended_site(extended_content) -> Path:
    output = extended_content.parent / "output"
    result = build_site(output, content=extended_content)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


def new_content(folder: Path) -> Path:
    """A fresh content folder with the site's own extras (favicon, _headers),
    for tests that build a site from posts of their own."""
    content = folder / "content"
    (content / "posts").mkdir(parents=True)
    (content / "data").mkdir()
    shutil.copytree(ROOT / "content" / "extra", content / "extra")
    return content


@pytest.fixture(scope="session")
def node_tools() -> None:
    """The npm tools the site checks drive (axe-core, vnu-jar, Lighthouse),
    installed with `npm ci` from package-lock.json when missing or stale."""
    from tasks import ensure_node_tools

    ensure_node_tools()
