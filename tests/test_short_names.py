"""A category or tag of any length passes axe: the sidebar's "PR (2)" used to
fail link-in-text-block (a link told from its text by colour alone) on every
page, in both colour schemes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import parse_html
from ordinary_site import assert_clean, listing_pages, ordinary_site, pages

from sitecheck import browser
from sitecheck.runner import collect


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    return ordinary_site(tmp_path_factory)


@pytest.mark.browser
@pytest.mark.usefixtures("node_tools")
def test_two_letter_categories_and_tags_pass_axe_in_both_schemes(ordinary):
    report = collect(ordinary, checks=["browser"])
    assert_clean(report, browser.ACCESSIBILITY)
    assert report.result(browser.ACCESSIBILITY).stats["axe runs"] == 2 * len(
        pages(ordinary)
    )
    # The embeds stay where the author put them: the listings request none.
    assert_clean(report, browser.BROWSER, set(listing_pages(ordinary)))
    sidebar = parse_html(ordinary / "index.html").xpath(
        "//section[@aria-labelledby='widget-categories']//a/text()"
    )
    assert sidebar == ["AI", "PR", "UX"]


def test_code_blocks_and_tables_that_scroll_take_keyboard_focus(ordinary):
    """A long code line or a wide table scrolls inside the column; without
    focus a keyboard cannot scroll it (axe scrollable-region-focusable, run
    on every page by the test above)."""
    page = parse_html(next(ordinary.glob("*/*/a-long-command-and-a-wide-table/*")))
    blocks = page.xpath("//main//pre | //main//table")
    assert len(blocks) == 3
    assert [block.get("tabindex") for block in blocks] == ["0", "0", "0"]
