"""Listing pages (home, tag, category, author, archives, month) never
repeat an id, and their summaries carry no heading, id, embed, script or form,
on our own posts and on posts written elsewhere (tests/ordinary_site.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from ordinary_site import (
    WORDS_BEFORE_THE_FRAME,
    assert_clean,
    foreign_site,
    listing_pages,
    ordinary_site,
    post,
    summaries,
    summary_of,
    text,
)
from site_reader.summary import DROPPED, listing_safe

from sitecheck.runner import Report, collect


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    return ordinary_site(tmp_path_factory)


@pytest.fixture(scope="module")
def foreign(tmp_path_factory) -> Path:
    return foreign_site(tmp_path_factory)


@pytest.fixture(scope="module")
def ordinary_checked(ordinary) -> Report:
    return collect(ordinary, checks=["links", "feeds", "html"])


@pytest.mark.parametrize("which", ["ordinary", "foreign"])
def test_listing_pages_never_repeat_an_id(which, request):
    site = request.getfixturevalue(which)
    for page in listing_pages(site):
        ids = Counter(parse_html(site / page).xpath("//@id"))
        assert [i for i, n in ids.items() if n > 1] == [], page


@pytest.mark.parametrize("which", ["ordinary", "foreign"])
def test_summaries_carry_no_ids_embeds_scripts_or_forms(which, request):
    site = request.getfixturevalue(which)
    forbidden = " | ".join(f".//{tag}" for tag in sorted(DROPPED))
    for page, found in summaries(site).items():
        for summary in found:
            assert summary.xpath(".//@id | .//@name | .//@for") == [], page
            assert summary.xpath(forbidden) == [], page
            assert summary.xpath(".//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6") == []
            assert summary.xpath(".//a[starts-with(@href, '#')]") == [], page
            assert summary.xpath(".//*[@hidden]") == [], page


@pytest.mark.parametrize("which", ["ordinary", "foreign"])
def test_every_listing_page_has_one_h1(which, request):
    site = request.getfixturevalue(which)
    for page in listing_pages(site):
        assert len(parse_html(site / page).xpath("//h1")) == 1, page


def test_the_shared_heading_stays_as_bold_text(ordinary):
    for title in ("Launch notes", "Second launch"):
        summary = summary_of(ordinary, title)
        assert text(summary.xpath("./p[1]/strong")[0]) == "Key takeaways"
    launch = text(summary_of(ordinary, "Launch notes"))
    assert "Press coverage doubled, see the method below." in launch
    assert "Counted by hand" not in launch  # the footnote


def test_the_posts_keep_their_ids_footnotes_and_embeds(ordinary):
    launch = post(ordinary, "launch-notes-what-worked-and-what-didnt")
    assert launch.xpath("//h2[@id='key-takeaways']")
    assert launch.xpath("//a[@href='#method']")
    assert launch.xpath("//div[@class='footnote']//li[@id='fn:press']")
    talk = post(ordinary, "the-talk-and-what-it-left-out")
    for tag in ("iframe", "video", "form", "details", "object", "script[@src]"):
        assert talk.xpath(f"//main//{tag}"), tag


def test_embeds_at_the_start_stay_out_of_the_summary(ordinary):
    summary = summary_of(ordinary, "The talk")
    assert (
        text(summary) == "Watch the talk first. Then the words that the summary keeps."
    )


def test_a_cut_through_embeds_leaves_no_part_of_them(ordinary):
    """Word 55 used to fall inside the video's fallback text, after the
    YouTube frame: both went on every listing. Neither counts as prose now:
    the summary goes on to the words after them."""
    summary = summary_of(ordinary, "A frame in the cut")
    assert not summary.xpath(".//iframe | .//video | .//track")
    words = text(summary)
    assert words.startswith(WORDS_BEFORE_THE_FRAME + " Then the words")
    assert "fallback" not in words
    assert words.endswith("…")
    assert len(words.split()) == 55 + 1  # 55 words, then the ellipsis


def test_links_in_a_summary_reach_the_post_and_the_picture(ordinary):
    summary = summary_of(ordinary, "Linked from the start")
    [link] = summary.xpath(".//a")
    assert link.get("href") == "/2024/01/launch-notes-what-worked-and-what-didnt/"
    assert text(link) == "the launch notes"
    [image] = summary.xpath(".//img")
    assert image.get("src") == "/images/pixel.png"
    assert image.get("alt") == "A one-pixel picture"


def test_a_written_summary_stays_text(ordinary):
    """Shown as written (typeset, as every text is), markup included."""
    summary = summary_of(ordinary, "A written summary")
    assert not summary.xpath(".//*")
    words = text(summary)
    assert words.startswith("A “plain” <iframe src=")
    assert words.endswith("></iframe> summary – as written")


def test_feed_summaries_are_the_listing_safe_ones(ordinary):
    atom = (ordinary / "feeds" / "all.atom.xml").read_bytes()
    entries = etree.fromstring(atom).findall("{http://www.w3.org/2005/Atom}entry")
    assert entries
    for entry in entries:
        summary = entry.find("{http://www.w3.org/2005/Atom}summary")
        if summary is None or not (summary.text or "").strip():
            continue
        fragment = lxml_html.fragment_fromstring(summary.text, create_parent="div")
        assert fragment.xpath(".//@id | .//iframe | .//script | .//form") == []


def test_links_feeds_and_html_of_the_whole_site_are_valid(ordinary_checked):
    """vnu (the publish gate) on every page: no duplicate id, no bad
    datetime; links and anchors resolve, the feeds parse."""
    for name in ("links", "feeds", "html"):
        assert_clean(ordinary_checked, name)


@pytest.mark.usefixtures("node_tools")
def test_vnu_finds_no_duplicate_id_on_listings_of_posts_written_elsewhere(foreign):
    report = collect(foreign, checks=["html"])
    listed = set(listing_pages(foreign))
    messages = [p.message for p in report.result("html").problems if p.page in listed]
    assert [m for m in messages if "Duplicate ID" in m or "datetime" in m] == []


TAGS = sorted(DROPPED | {"p", "h2", "div", "a", "sup", "figure", "section", "em"})
ATTRIBUTES = ["id", "name", "class", "href", "hidden", "for", "aria-labelledby"]
VALUES = ["x", "#x", "footnote", "toc", "{filename}a.md", 'a"b', "é ü"]


@st.composite
def markup(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attributes = "".join(
                f' {name}="{draw(st.sampled_from(VALUES)).replace(chr(34), "&quot;")}"'
                for name in draw(st.lists(st.sampled_from(ATTRIBUTES), max_size=3))
            )
            parts.append(f"<{tag}{attributes}>{draw(markup(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.text(alphabet="ab <>&'\"-", max_size=8)))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(markup())
def test_listing_safe_output_of_any_markup_is_safe_and_stable(source):
    safe = listing_safe(source)
    if safe.strip():
        root = lxml_html.fragment_fromstring(safe, create_parent="div")
        forbidden = " | ".join(f".//{tag}" for tag in sorted(DROPPED))
        assert root.xpath(".//@id | .//@name | .//@for | .//@aria-labelledby") == []
        assert root.xpath(forbidden + " | .//h2 | .//section | .//*[@hidden]") == []
        assert root.xpath(".//a[starts-with(@href, '#')]") == []
    assert listing_safe(safe) == safe
