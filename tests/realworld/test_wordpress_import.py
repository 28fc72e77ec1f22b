"""Pelican's WordPress export (wordpressexport.xml, shipped in the pelican
package), imported with `invoke import-wordpress`, built as `invoke publish`
builds it, then checked with the site's own checks: no problem at all.

What pelican-import left broken here (images inside a raw <p> shown as
Markdown text, a figure inside a <p>, images loaded from the old host, a
YouTube iframe the CSP blocks and axe faults, an empty page published) is
the importer's to fix, so the expected-problems list is empty; what the
export itself lacks (the images' files) is in the import's report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import parse_html
from harness import (
    ALL_CHECKS,
    CRASH,
    WORDPRESS_EXPORT,
    build,
    check,
    new_site_folder,
    run_quietly,
    sort_problems,
    unclear,
)

pytestmark = pytest.mark.usefixtures("node_tools")

ROOT = Path(__file__).resolve().parents[2]
IMPORTED_POSTS = [
    "a-normal-post.md",
    "caption-on-image.md",
    "code-in-list-test.md",
    "complete-draft.md",
    "html-entity-test.md",
    "post-with-raw-data.md",
    "special-chars-le.md",
    "this-is-a-draft-with-no-title.md",
    "with-comments.md",
    "with-excerpt.md",
    "with-tags.md",
]
IMPORTED_PAGES = ["contact.md"]
CAPTION_POST = "2012/02/caption-on-image/index.html"
RAW_DATA_POST = "2012/02/post-with-raw-data/index.html"
# Nothing the checks report may be excused: the import fixes it or reports it.
EXPECTED_PROBLEMS: list = []


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("wordpress")
    content = new_site_folder(root)
    result = run_quietly(
        [
            sys.executable,
            "-m",
            "invoke",
            "import-wordpress",
            str(WORDPRESS_EXPORT),
            "--content",
            str(content),
        ],
        cwd=ROOT,
    )
    return root, content, result


@pytest.fixture(scope="module")
def published(imported):
    root, content, result = imported
    assert result.returncode == 0, result.stdout + result.stderr
    return build(content, root / "output", settings="publishconf.py")


@pytest.fixture(scope="module")
def report(published):
    return check(published.output, ALL_CHECKS)


def test_the_import_writes_every_post_and_page(imported):
    _, content, result = imported
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not CRASH.search(output), output
    assert sorted(p.name for p in (content / "posts").glob("*.md")) == IMPORTED_POSTS
    assert sorted(p.name for p in (content / "pages").glob("*.md")) == IMPORTED_PAGES
    assert sorted(p.name for p in (content / "posts").glob("*.json")) == [
        "with-comments.comments.json"
    ]


def test_the_report_says_what_was_left_out_and_why(imported):
    _, _, result = imported
    text = result.stdout
    assert "wordpressexport.xml:238: page 'Empty Page' is empty" in text
    assert "2 item(s) of the post type 'custom1'" in text
    assert "1 item(s) of the post type 'custom2'" in text
    assert "a draft without a title, titled 'This is a draft with no title'" in text
    # The images the export points at are not in it: listed, never hot-linked.
    assert (
        "content/posts/caption-on-image.md: "
        "http://thisisa.test/theme/img/xpelican.png.pagespeed.ic.Rjep0025-y.png"
    ) in text
    assert "Video on YouTube: https://www.youtube.com/watch?v=QNNl_uWmQXE" in text
    # Two items share the ID 175: the first keeps /?p=175.
    assert "the ID 175 is also another item's; /?p=175 goes to the first one" in text


def test_the_publish_build_succeeds_without_an_error(published):
    assert published.returncode == 0, published.log
    assert published.errors == []
    assert not CRASH.search(published.log), published.log
    output = published.output
    assert (output / "contact" / "index.html").is_file()
    assert not (output / "empty").exists()
    assert (output / RAW_DATA_POST).is_file()
    # WordPress drafts stay drafts: read and checked (their errors would fail
    # the build), but a publish build writes none of them (PUBLISH_DRAFTS).
    assert "4 drafts" in published.log
    assert not (output / "drafts").exists()
    for slug in ("a-normal-post", "complete-draft", "special-chars-le"):
        assert not list(output.rglob(f"{slug}*")), slug


def test_the_caption_post_has_figures_and_no_hot_linked_image(published):
    page = parse_html(published.output / CAPTION_POST)
    figures = page.xpath("//div[contains(@class, 'post__body')]//figure")
    assert len(figures) == 3
    for figure in figures:
        assert figure.xpath("ancestor::p") == []
        assert figure.xpath("figcaption")
    assert not page.xpath("//div[contains(@class, 'post__body')]//img")
    assert "![" not in page.text_content()


def test_the_youtube_iframe_is_a_link_card(published):
    page = parse_html(published.output / RAW_DATA_POST)
    assert not page.xpath("//iframe")
    (link,) = page.xpath("//p[@class='embed-card']/a")
    assert link.get("href") == "https://www.youtube.com/watch?v=QNNl_uWmQXE"


def test_a_title_with_markup_characters_reads_as_text(published):
    page = parse_html(published.output / "2012/02/html-entity-test/index.html")
    (heading,) = page.xpath("//h1")
    # Typography applies (a curly apostrophe, no lone last word); markup does not.
    assert " ".join(heading.text_content().split()) == (
        "A normal post with some <html> entities in the title. "
        "You can\u2019t miss them."
    )


def test_every_problem_the_checks_report_is_the_contents(report):
    result = sort_problems(report.problems, EXPECTED_PROBLEMS)
    assert not result.ours, result.failure()
    assert report.problems == []


def test_every_problem_says_where_what_and_how_to_fix(report):
    assert unclear(report) == []


def test_the_checks_covered_every_page(report):
    site = report.site
    assert report.result("html").stats["HTML files"] == len(site.html_pages)
    assert report.result("browser").stats["pages"] == len(site.html_pages)
    assert report.result("feeds").stats["feeds"] == len(site.feeds) >= 5
