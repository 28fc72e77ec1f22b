"""The quality gate on the real site, built as `invoke publish` builds it:
every check over every page, zero problems allowed.

On failure each test prints the problems as `invoke check` would (page, what is
wrong, how to fix it)."""

from __future__ import annotations

import pytest
from conftest import REFERENCE_POST

from sitecheck import browser, links
from sitecheck.runner import Report, collect, format_report
from sitecheck.site import Site

STATIC_CHECKS = ["headers", "links", "feeds", "html"]
pytestmark = pytest.mark.usefixtures("node_tools")


@pytest.fixture(scope="module")
def static_report(published_site) -> Report:
    return collect(published_site, checks=STATIC_CHECKS)


@pytest.fixture(scope="module")
def browser_report(published_site) -> Report:
    return collect(published_site, checks=["browser"])


def assert_clean(report: Report, name: str) -> None:
    result = report.result(name)
    if result.problems:
        only = Report(report.site, [result], report.seconds)
        pytest.fail(
            f"{name}: {len(result.problems)} problem(s)\n" + format_report(only),
            pytrace=False,
        )


def test_every_page_type_is_in_the_sample_site(published_site):
    types = Site.load(published_site).page_types
    assert [kind for kind, page in types.items() if page is None] == []
    assert types["reference post (charts)"] == REFERENCE_POST + "index.html"


@pytest.mark.parametrize("name", STATIC_CHECKS)
def test_static_check_passes(static_report, name):
    assert_clean(static_report, name)


def test_the_static_checks_covered_the_whole_output(static_report):
    site = static_report.site
    assert static_report.result("links").stats["pages"] == len(site.html_pages)
    assert static_report.result("html").stats["HTML files"] == len(site.html_pages)
    assert static_report.result("feeds").stats["feeds"] == len(site.feeds) >= 2
    assert len(site.html_pages) >= 20


def test_the_development_build_links_are_sound_too(site):
    """Root-relative links (SITEURL = "") map to the same files."""
    result = links.run(Site.load(site))
    assert result.problems == [], "\n".join(
        f"{p.page}: {p.message}" for p in result.problems
    )


@pytest.mark.browser
def test_browser_run_is_clean(browser_report):
    """No console error, failed or foreign request, CSP violation; charts render."""
    assert_clean(browser_report, browser.BROWSER)


@pytest.mark.browser
def test_axe_finds_no_violation_in_either_scheme(browser_report):
    assert_clean(browser_report, browser.ACCESSIBILITY)


@pytest.mark.browser
def test_the_browser_run_visited_every_page_and_chart(browser_report):
    site = browser_report.site
    stats = browser_report.result(browser.BROWSER).stats
    assert stats["pages"] == len(site.html_pages)
    expected_charts = sum(
        site.parse(p).xpath(
            "count(//*[contains(concat(' ', @class, ' '), ' chart__plot ')])"
        )
        for p in site.html_pages
    )
    assert stats["charts"] == expected_charts > 0
    a11y = browser_report.result(browser.ACCESSIBILITY).stats
    assert a11y["pages"] == len(site.html_pages)
    assert a11y["axe runs"] == 2 * len(site.html_pages)
