"""Typography as the README says it is, everywhere: -- is an en dash,
--- an em dash, in titles, bodies and summaries, and in a chart's title,
caption, source, alt text and description; never in code or chart data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT
from ordinary_site import (
    TYPESET,
    foreign_site,
    ordinary_site,
    pages,
    post,
    summary_of,
    text,
)


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    return ordinary_site(tmp_path_factory)


def test_dashes_are_what_the_readme_says(ordinary):
    readme = (ROOT / "README.md").read_text("utf-8")
    [promise] = re.findall(r"^- Write straight quotes.*?(?=^- )", readme, re.S | re.M)
    assert "`--` and `---`" in promise
    assert "– (en dash" in promise
    assert "— (em dash" in promise
    page = post(ordinary, "q1-q2-growth-strong-said-the-teams-lead")
    assert text(page.xpath("//h1")[0]) == TYPESET
    assert TYPESET in [text(p) for p in page.xpath("//main//p")]
    assert (
        text(summary_of(ordinary, "growth"))
        == TYPESET + " Run it with --dry-run first."
    )
    launch = post(ordinary, "launch-notes-what-worked-and-what-didnt")
    assert (
        text(launch.xpath("//h1")[0]) == "Launch notes – what worked — and what didn’t"
    )
    for page in pages(ordinary):
        assert "—-" not in (ordinary / page).read_text("utf-8"), page


def test_chart_words_are_typeset_as_prose_is(ordinary):
    page = post(ordinary, "q1-q2-growth-strong-said-the-teams-lead")
    [figure] = page.xpath("//figure[contains(@class, 'chart')]")
    assert text(figure.xpath(".//*[@class='chart__title']")[0]) == TYPESET
    assert text(figure.xpath(".//*[@class='chart__text']")[0]) == TYPESET
    assert text(figure.xpath(".//*[@class='chart__source']")[0]) == f"Source: {TYPESET}"
    assert figure.xpath(".//div[@role='img']/@aria-label") == [TYPESET]
    description = text(figure.xpath(".//p[@class='chart__description']")[0])
    assert "Q1–Q2 “best”" in description
    raw = page.xpath("string(//figure//div[@role='img']/../..)")
    assert "&amp;#" not in raw


def test_typography_never_touches_chart_data_or_code(ordinary):
    page = post(ordinary, "q1-q2-growth-strong-said-the-teams-lead")
    [data] = page.xpath("//script[@type='application/json']/text()")
    figure = json.loads(data)
    assert figure["data"][0]["x"] == ['Q1--Q2 "best"', "Q3..."]
    cells = page.xpath("//table[@class='chart__table']//th[@scope='row']")
    assert [text(c) for c in cells] == ['Q1--Q2 "best"', "Q3..."]
    assert page.xpath("//main//code/text()") == ["--dry-run"]


def test_html_comments_stay_comments(ordinary):
    """typogrify read a comment holding a tag or -- as text, opened it up,
    and showed what the author had commented out."""
    path = ordinary / "2024" / "01" / "a-paragraph-commented-out" / "index.html"
    html = path.read_text("utf-8")
    assert (
        '<!-- Not ready -- the numbers are still "provisional":\n\n'
        "    pelican --debug content\n\n"
        "<p>A draft paragraph, hidden.</p>\n-->"
    ) in html
    body = text(post(ordinary, "a-paragraph-commented-out").xpath("//main")[0])
    assert "provisional" not in body
    assert "draft paragraph" not in body
    assert "Kept “as” prose – typeset." in body


def test_rest_and_html_posts_are_typeset_too(tmp_path_factory):
    """Pelican typesets every reader's output; moved into the readers, the
    typography must not become Markdown's alone."""
    foreign = foreign_site(tmp_path_factory)
    rest = post(foreign, "one-two-three-dashes-in-rest-too")
    assert text(rest.xpath("//h1")[0]) == "One -, two –, three — dashes, in reST too!"
    assert "One: -; Two: –; Three: —" in text(rest.xpath("//main")[0])
    html = post(foreign, "dashes-in-html-too")
    assert text(html.xpath("//h1")[0]) == "Dashes – in “HTML” too"
    assert "Two: –; Three: —; and “quotes”." in text(html.xpath("//main")[0])
