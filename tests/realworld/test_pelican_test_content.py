"""Pelican's own test content (it ships inside the installed pelican package),
built with the site's settings, then checked with the site's own checks.

The folder is copied as it ships into content/posts/. It was written for
Pelican's test settings, not for a site: many files leave their date to
DEFAULT_DATE or their title to FILENAME_METADATA, several are the same
article in different formats, some have no body. With the site's settings
exactly, those files are refused, each with an error naming it; that build
is checked for its messages. A second build adds DEFAULT_DATE = (1970, 1, 1),
the one setting Pelican's own generator tests add, so that the undated files
(inline SVG, code blocks, typography, Markdown files under four extensions)
reach the theme too; `invoke check`'s checks run on that output.
"""

from __future__ import annotations

import shutil

import pytest
from harness import (
    ALL_CHECKS,
    CRASH,
    PELICAN_TEST_CONTENT,
    Expected,
    build,
    check,
    new_site_folder,
    sort_problems,
    unclear,
)

pytestmark = pytest.mark.usefixtures("node_tools")

NO_DATE = (
    "Pelican's test content leaves the date to DEFAULT_DATE, which Pelican's "
    "tests set and the site does not: a post needs a Date: line"
)
NO_TITLE = (
    "no title: Pelican's tests take it from the file name (FILENAME_METADATA), "
    "the site does not; or the file is empty"
)
SAME_ARTICLE = (
    "the same test article written in several formats and metadata styles, "
    "so the copies share one slug and URL; the first is built"
)

UNDATED = [
    "2012-11-30_md_w_filename_meta#foo-bar.md",
    "TestCategory/article_without_category.rst",
    "article.rst",
    "article_with_code_block.rst",
    "article_with_inline_svg.html",
    "article_with_keywords.html",
    "article_with_markdown_and_empty_tags.md",
    "article_with_markdown_extension.markdown",
    "article_with_markdown_markup_extensions.md",
    "article_with_mdown_extension.mdown",
    "article_with_metadata_implicit_date_explicit_modified.html",
    "article_with_metadata_implicit_dates.html",
    "article_with_mkd_extension.mkd",
    "article_with_multiple_authors.html",
    "article_with_multiple_metadata_tags.html",
    "article_with_nonconformant_meta_tags.html",
    "article_with_template.rst",
    "article_with_typogrify_dashes.md",
    "article_with_typogrify_dashes.rst",
    "article_with_uppercase_metadata.html",
    "article_with_uppercase_metadata.rst",
    "article_without_category.rst",
]
UNTITLED = [
    "article_with_attributes_containing_double_quotes.html",
    "article_with_comments.html",
    "article_with_null_attributes.html",
    "empty.md",
    "empty_with_bom.md",
]
SUPER_ARTICLE_2010 = [
    "article_with_metadata.html",
    "article_with_metadata.rst",
    "article_with_metadata_and_contents.html",
    "article_with_metadata_explicit_date_implicit_modified.html",
    "article_with_metadata_explicit_dates.html",
]
SUPER_ARTICLE_1970 = [
    "article_with_metadata_implicit_date_explicit_modified.html",
    "article_with_metadata_implicit_dates.html",
    "article_with_uppercase_metadata.html",
    "article_with_uppercase_metadata.rst",
]


HOW_TO_ADD = {
    "title": "add a line such as 'Title: What we learned' at the top of the file",
    "date": "add a line such as 'Date: 2024-01-31 10:00' to the metadata at the "
    "top of the file",
}


def skipped(name: str, missing: str) -> str:
    return (
        f"content/posts/{name}: no {missing.title()}: line; {HOW_TO_ADD[missing]} "
        "(it is not built)"
    )


def duplicate(name: str, url: str, first: str) -> str:
    return (
        f"content/posts/{name}: its URL {url} is already the URL of "
        f"content/posts/{first}; give it a Slug: of its own (the post is not built)"
    )


# Every error the build with the site's settings reports, and why each is the
# content's. (The filename-metadata Markdown file lacks both; Pelican names
# the title.)
EXACT_BUILD_ERRORS = {
    **{
        skipped(name, "date"): NO_DATE
        for name in UNDATED
        if name != "2012-11-30_md_w_filename_meta#foo-bar.md"
    },
    skipped("2012-11-30_md_w_filename_meta#foo-bar.md", "title"): NO_TITLE,
    **{skipped(name, "title"): NO_TITLE for name in UNTITLED},
    **{
        duplicate(
            name,
            "/2010/12/this-is-a-super-article/",
            "article_with_capitalized_metadata.rst",
        ): SAME_ARTICLE
        for name in SUPER_ARTICLE_2010
    },
}

DATED_BUILD_ERRORS = {
    skipped("2012-11-30_md_w_filename_meta#foo-bar.md", "title"): NO_TITLE,
    **{skipped(name, "title"): NO_TITLE for name in UNTITLED},
    "content/posts/article_with_template.rst: Template: 'custom' is not a "
    "template of the theme; remove the line to use the default layout (the "
    "post is not built)": "Pelican's test for custom templates names one this "
    "theme does not have",
    **{
        duplicate(
            name,
            "/1970/01/this-is-a-super-article/",
            "article_with_keywords.html",
        ): SAME_ARTICLE
        for name in SUPER_ARTICLE_1970
    },
    duplicate(
        "article_with_typogrify_dashes.rst",
        "/1970/01/one-two-three-dashes/",
        "article_with_typogrify_dashes.md",
    ): "the same typography test in Markdown and reST, with one title",
    duplicate(
        "article_without_category.rst",
        "/1970/01/this-is-an-article-without-category/",
        "TestCategory/article_without_category.rst",
    ): "the same article inside and outside a category folder",
    **{
        duplicate(
            name,
            "/2010/12/this-is-a-super-article/",
            "article_with_capitalized_metadata.rst",
        ): SAME_ARTICLE
        for name in SUPER_ARTICLE_2010
    },
}

MEDIUM_POST = "2017/04/a-title/index.html"
# The listing pages that show the Medium post's summary, which is cut from
# the same HTML: they may carry the same problems.
MEDIUM_LISTINGS = (
    "index.html",
    "2017/04/index.html",
    "author/jordan-ellis/index.html",
    "category/medium_posts/index.html",
)
MEDIUM = (
    "Medium's export (medium_posts/*.html): its HTML is cut short before the "
    "last paragraph's <a>, <p> and two <div>s are closed, it gives blocks a "
    "name attribute HTML does not allow, starts at <h3> under the page's <h1>, "
    "hotlinks its image from Medium's CDN (which the site's CSP refuses) "
    "without alt text, and has a link with no text"
)


def medium(check: str, message: str) -> Expected:
    return Expected(check, message, (MEDIUM_POST,), MEDIUM, also_on=MEDIUM_LISTINGS)


EMPTY_BODY = (
    "the file has metadata and no body, so its feed entry has no content: "
    "Pelican's tests read only its metadata"
)
EMPTY_POSTS = (
    "This is an article with multiple authors!",
    "This is an article with multiple authors in lastname, firstname format!",
    "Rst with filename metadata",
    "This is a super article !",
)


def empty_entry(feed: str, *, also_on=()) -> Expected:
    titles = "|".join(title.replace("!", r"\!") for title in EMPTY_POSTS)
    return Expected(
        "feeds",
        rf'^The entry \d+ \("({titles})"\) has no content\.$',
        (feed,),
        EMPTY_BODY,
        also_on=also_on,
    )


EXPECTED_PROBLEMS = [
    medium("html", r"^Attribute “name” not allowed on element “\w+” at this point\."),
    medium("html", r"^Unclosed element “(div|a)”\."),
    medium("html", r"^End tag “section” seen, but there were open elements\."),
    medium("html", r"^End tag “a” violates nesting rules\."),
    medium("html", r"^Start tag “a” seen but an element of the same type was"),
    medium("html", r"^Cannot recover after last error\."),
    medium(
        "html", r"^The heading “h3” \(with computed level 3\) follows the heading “h1”"
    ),
    medium(
        "browser", r"^CSP violation: img-src blocked https://cdn-images-1\.medium\.com/"
    ),
    medium(
        "browser",
        r"^Request to another origin: https://cdn-images-1\.medium\.com/.* "
        r"\(blocked by the CSP\)$",
    ),
    medium("accessibility", r"\[axe heading-order,"),
    medium("accessibility", r"\[axe image-alt,"),
    medium("accessibility", r"\[axe link-name,"),
    empty_entry("feeds/all.atom.xml"),
    empty_entry("feeds/category/posts.atom.xml"),
    empty_entry("feeds/category/yeah.atom.xml"),
    empty_entry(
        "feeds/tag/foo.atom.xml",
        also_on=("feeds/tag/bar.atom.xml", "feeds/tag/foobar.atom.xml"),
    ),
]


def copy_pelican_content(root):
    content = new_site_folder(root)
    shutil.rmtree(content / "posts")
    shutil.copytree(PELICAN_TEST_CONTENT, content / "posts")
    return content


@pytest.fixture(scope="module")
def exact_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("pelican-exact")
    content = copy_pelican_content(root)
    return build(content, root / "output")


@pytest.fixture(scope="module")
def exact_publish_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("pelican-publish")
    content = copy_pelican_content(root)
    return build(content, root / "output", settings="publishconf.py")


@pytest.fixture(scope="module")
def dated_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("pelican-dated")
    content = copy_pelican_content(root)
    return build(content, root / "output", extra={"DEFAULT_DATE": [1970, 1, 1]})


@pytest.fixture(scope="module")
def dated_report(dated_build):
    return check(dated_build.output, ALL_CHECKS)


def assert_errors(build_, expected: dict[str, str]) -> None:
    errors = build_.errors
    assert not CRASH.search(build_.log), build_.log
    unexplained = [e for e in errors if e not in expected]
    gone = [e for e in expected if e not in errors]
    assert not unexplained, "unexplained errors:\n  " + "\n  ".join(unexplained)
    assert not gone, "expected and not reported:\n  " + "\n  ".join(gone)
    assert len(errors) == len(set(errors)), "an error was reported twice"


def test_with_the_sites_settings_each_refused_file_is_named(exact_build):
    assert exact_build.returncode == 0, exact_build.log
    assert_errors(exact_build, EXACT_BUILD_ERRORS)
    # The first of the same article's copies is built; the rest are named.
    assert (exact_build.output / "2010/12/this-is-a-super-article/index.html").is_file()


def test_a_publish_build_refuses_it_and_lists_every_error(exact_publish_build):
    result = exact_publish_build
    assert result.returncode == 1, result.log
    assert_errors(result, EXACT_BUILD_ERRORS)
    count = len(EXACT_BUILD_ERRORS)
    assert f"Build failed: {count} errors, listed above" in result.log


def test_with_dated_files_the_rest_builds_with_only_the_contents_errors(
    dated_build,
):
    assert dated_build.returncode == 0, dated_build.log
    assert_errors(dated_build, DATED_BUILD_ERRORS)
    built = sorted(
        p.parent.name for p in dated_build.output.glob("1970/01/*/index.html")
    )
    assert "article-with-an-inline-svg" in built
    assert "one-two-three-dashes" in built


def test_every_problem_the_checks_report_is_the_contents(dated_report):
    result = sort_problems(dated_report.problems, EXPECTED_PROBLEMS)
    assert not result.ours, result.failure()
    assert not result.stale, result.failure()


def test_every_problem_says_where_what_and_how_to_fix(dated_report):
    assert unclear(dated_report) == []


def test_the_checks_covered_every_page(dated_report):
    site = dated_report.site
    assert dated_report.result("html").stats["HTML files"] == len(site.html_pages)
    assert dated_report.result("browser").stats["pages"] == len(site.html_pages)
    assert len(site.html_pages) >= 60
