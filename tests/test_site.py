"""The theme's pages, read from real builds: the article layout, the listings
and their counts, pagination, headings, scripts and the reply section."""

from __future__ import annotations

import gzip
import itertools
import json
import math
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import (
    REFERENCE_POST,
    SAMPLE_RND_TITLE,
    build_site,
    parse_html,
)
from lxml import html as lxml_html
from markupsafe import Markup
from site_reader.derived import reading_minutes

PER_PAGE = 5
FILED_UNDER = "//main//p[starts-with(normalize-space(), 'Filed under:')]"


# -- helpers -----------------------------------------------------------------


def text(element) -> str:
    """Visible text, whitespace (no-break spaces included) collapsed."""
    return " ".join(element.text_content().replace("\xa0", " ").split())


def plain(markup: str) -> str:
    return " ".join(Markup(markup).striptags().replace("\xa0", " ").split())


def page_file(site: Path, href: str) -> Path:
    """The file a root-relative link points to."""
    assert href.startswith("/"), href
    assert not href.startswith("//"), href
    path = urlsplit(href).path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def load(site: Path, href: str):
    target = page_file(site, href)
    assert target.is_file(), f"{href} does not lead to a page ({target})"
    return parse_html(target)


def main_of(root):
    mains = root.xpath("//main")
    assert len(mains) == 1, "every page has exactly one <main>"
    return mains[0]


def listed_posts(root) -> list[str]:
    """The posts a listing page shows, in order (each entry's heading link)."""
    return main_of(root).xpath(".//article//h2/a/@href")


def listed_across_pages(site: Path, first: str) -> list[str]:
    """Every post a paginated listing shows, following its rel=next links."""
    hrefs, href, seen = [], first, set()
    while href:
        assert href not in seen, f"pagination loops back to {href}"
        seen.add(href)
        root = load(site, href)
        hrefs += listed_posts(root)
        following = main_of(root).xpath(".//a[@rel='next']/@href")
        href = following[0] if following else None
    return hrefs


def count_in(element) -> int:
    match = re.search(r"\d+", text(element.xpath(".//*[@class='count']")[0]))
    assert match, text(element)
    return int(match.group())


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def reference_source(sources):
    [article] = [a for a in sources.articles if a.url == REFERENCE_POST]
    return article


@pytest.fixture(scope="module")
def reference(site):
    return load(site, "/" + REFERENCE_POST)


# -- the reference post --------------------------------------------------------


def test_reference_post_title_is_the_single_h1(reference, sources):
    [h1] = reference.xpath("//h1")
    assert text(h1) == plain(reference_source(sources).title)
    assert text(h1) == "Takeaway from the SPAM or Good Marketing Conversation"
    assert h1.xpath("ancestor::main"), "the title is inside <main>"


def test_reference_post_date_author_and_reading_time(site, reference, sources):
    article = reference_source(sources)
    header = reference.xpath("//h1/..")[0]
    [time] = header.xpath(".//time")
    assert time.get("datetime") == article.date.isoformat()
    assert time.get("datetime").startswith("2009-10-21T09:00")
    assert text(time) == "October 21, 2009"

    [author] = header.xpath(".//a[@rel='author']")
    assert text(author) == "Jordan Ellis"
    assert author.get("href") == f"/{article.author.url}"
    assert f"/{REFERENCE_POST}" in listed_across_pages(site, author.get("href"))

    match = re.search(r"(\d+) min read", text(header))
    assert match, text(header)
    body = reference.xpath("//main//*[contains(@class, 'post__body')]")[0]
    words = reading_minutes(lxml_html.tostring(body, encoding="unicode"), 230)
    assert abs(int(match.group(1)) - words) <= 1


def test_reference_post_category_link_leads_to_a_page_listing_it(site, reference):
    [filed] = reference.xpath(FILED_UNDER)
    [category] = filed.xpath(".//a[@rel='category']")
    assert text(category) == "Social Strategies"
    assert category.get("href") == "/category/social-strategies/"
    assert f"/{REFERENCE_POST}" in listed_across_pages(site, category.get("href"))


def test_reference_post_filed_under_line(reference):
    [filed] = reference.xpath(FILED_UNDER)
    assert text(filed) == (
        "Filed under: Social Strategies Tagged: process, Social Strategies, Twitter"
    )


def test_each_tag_link_leads_to_a_tag_page_listing_the_post(site, sources):
    for article in sources.articles:
        root = load(site, "/" + article.url)
        filed = root.xpath(FILED_UNDER)
        tag_links = filed[0].xpath(".//a[@rel='tag']")
        assert [text(a) for a in tag_links] == [str(t) for t in article.tags]
        for link, tag in zip(tag_links, article.tags, strict=True):
            assert link.get("href") == f"/{tag.url}"
            tag_page = load(site, link.get("href"))
            assert len(tag_page.xpath("//h1")) == 1
            assert f"/{article.url}" in listed_across_pages(site, link.get("href"))


def test_article_sections_are_in_the_classic_order(reference):
    """Body, share bar, filed-under line, original link, reply, prev/next,
    related posts: in that order in the document."""
    position = {element: index for index, element in enumerate(reference.iter())}

    def first(xpath: str):
        found = reference.xpath(xpath)
        assert found, f"missing: {xpath}"
        return position[found[0]]

    order = [
        first("//main//*[contains(@class, 'post__body')]"),
        first(
            "//main//*[self::section or self::nav][.//h2[normalize-space()="
            "'Share this post']]"
        ),
        first(FILED_UNDER),
        first("//main//a[normalize-space()='Link to original post']"),
        first("//main//h2[normalize-space()='Leave a Reply']"),
        first("//main//a[@rel='prev']"),
        first("//main//a[@rel='next']"),
        first("//main//h2[normalize-space()='Related posts']"),
    ]
    assert order == sorted(order)
    body = reference.xpath("//main//*[contains(@class, 'post__body')]")[0]
    assert text(body).startswith("As you probably remember")


def test_original_link_points_at_the_original_post(reference, sources):
    [link] = reference.xpath("//main//a[normalize-space()='Link to original post']")
    assert link.get("href") == reference_source(sources).original_url


def test_posts_without_original_url_have_no_original_link(site, sources):
    others = [a for a in sources.articles if not getattr(a, "original_url", None)]
    assert others
    for article in others:
        root = load(site, "/" + article.url)
        assert not root.xpath("//a[normalize-space()='Link to original post']")


def test_previous_next_and_related_posts(site, sources, reference):
    articles = sources.articles
    index = [a.url for a in articles].index(REFERENCE_POST)
    newer, older = articles[index - 1], articles[index + 1]
    [prev] = reference.xpath("//main//a[@rel='prev']")
    [next_] = reference.xpath("//main//a[@rel='next']")
    assert prev.get("href") == f"/{older.url}"
    assert next_.get("href") == f"/{newer.url}"

    related = reference.xpath(
        "//main//h2[normalize-space()='Related posts']/following-sibling::ul[1]//a"
    )
    own_tags = {t.slug for t in reference_source(sources).tags}
    by_url = {f"/{a.url}": a for a in articles}
    assert related
    for link in related:
        other = by_url[link.get("href")]
        assert own_tags & {t.slug for t in other.tags}, "related posts share a tag"


# -- the reply section -----------------------------------------------------------


def test_leave_a_reply_offers_an_email_with_the_subject_filled_in(reference, sources):
    email = sources.settings["REPLY_EMAIL"]
    assert email
    [heading] = reference.xpath("//main//h2[normalize-space()='Leave a Reply']")
    section = heading.getparent()
    [mailto] = [a for a in section.xpath(".//a/@href") if a.startswith("mailto:")]
    parts = urlsplit(mailto)
    assert parts.path == email
    assert " " not in mailto
    query = parse_qs(parts.query, strict_parsing=True)
    title = text(reference.xpath("//h1")[0])
    assert query == {"subject": [f"Re: {title}"]}
    assert not section.xpath(".//script | .//iframe")


def test_reply_subject_survives_a_tricky_title(extended_site, extended_sources):
    [tricky] = [a for a in extended_sources.articles if a.slug == "tricky-titles"]
    root = load(extended_site, "/" + tricky.url)
    title = text(root.xpath("//h1")[0])
    for characters in ("&", "#1?", "100%"):
        assert characters in title
    section = root.xpath("//main//h2[normalize-space()='Leave a Reply']/..")[0]
    [mailto] = [a for a in section.xpath(".//a/@href") if a.startswith("mailto:")]
    assert parse_qs(urlsplit(mailto).query) == {"subject": [f"Re: {title}"]}


def test_giscus_is_opt_in(tmp_path):
    output = tmp_path / "giscus"
    giscus = {
        "repo": "example/signal-and-noise",
        "repo-id": "R_example",
        "category": "Comments",
        "category-id": "DIC_example",
        "mapping": "pathname",
    }
    result = build_site(output, extra={"COMMENTS": "giscus", "GISCUS": giscus})
    assert result.returncode == 0, result.stderr
    root = load(output, "/" + REFERENCE_POST)
    section = root.xpath("//main//h2[normalize-space()='Leave a Reply']/..")[0]
    assert section.xpath(".//*[contains(@class, 'giscus')]")
    [script] = section.xpath(".//script")
    assert script.get("src") == "https://giscus.app/client.js"
    assert script.get("data-repo") == "example/signal-and-noise"
    assert script.get("data-mapping") == "pathname"
    assert not [a for a in section.xpath(".//a/@href") if a.startswith("mailto:")]

    output = tmp_path / "no-reply"
    result = build_site(output, extra={"REPLY_EMAIL": ""})
    assert result.returncode == 0, result.stderr
    root = load(output, "/" + REFERENCE_POST)
    assert not root.xpath("//h2[normalize-space()='Leave a Reply']")


def test_no_third_party_requests_by_default(site):
    """Nothing on any page loads from another host."""
    for path in html_files(site):
        root = parse_html(path)
        for attribute in root.xpath(
            "//script/@src | //link[@rel!='canonical'][@rel!='alternate']/@href"
            " | //img/@src | //iframe/@src | //source/@src | //video/@src"
        ):
            assert attribute.startswith("/"), f"{path}: {attribute}"
            assert not attribute.startswith("//"), f"{path}: {attribute}"


# -- listings --------------------------------------------------------------------


def test_tags_index_lists_every_tag_with_its_count(site, sources):
    expected = Counter(t.slug for a in sources.articles for t in a.tags)
    root = load(site, "/tags/")
    assert len(root.xpath("//h1")) == 1
    found = {}
    for item in main_of(root).xpath(".//li[a]"):
        href = item.xpath("./a/@href")[0]
        slug = re.fullmatch(r"/tag/([^/]+)/", href).group(1)
        found[slug] = count_in(item)
        assert len(listed_across_pages(site, href)) == found[slug]
    assert found == dict(expected)


def test_categories_index_lists_every_category_with_its_count(site, sources):
    expected = Counter(a.category.slug for a in sources.articles)
    root = load(site, "/categories/")
    found = {}
    for item in main_of(root).xpath(".//li[a]"):
        href = item.xpath("./a/@href")[0]
        slug = re.fullmatch(r"/category/([^/]+)/", href).group(1)
        found[slug] = count_in(item)
        assert len(listed_across_pages(site, href)) == found[slug]
    assert found == dict(expected)


def test_drafts_are_not_listed(extended_site):
    """A tag used only by a draft appears in no listing, and gets no page or
    feed (plugins/empty_taxonomies undoes pelican-related-posts' lookups)."""
    assert not (extended_site / "tag" / "drafts-only").exists()
    for href in ("/tags/", "/", "/2011/02/r-and-d-budgets/"):
        root = load(extended_site, href)
        assert "drafts only" not in text(root.xpath("//body")[0]), href
        assert "Unfinished Draft" not in text(root.xpath("//body")[0]), href


def check_pagination(site: Path, first: str, expected: list[str], public: str):
    pages_count = max(1, math.ceil(len(expected) / PER_PAGE))
    pages = [first] + [f"{first}page/{n}/" for n in range(2, pages_count + 1)]
    listed = []
    for number, href in enumerate(pages, start=1):
        root = load(site, href)
        assert len(root.xpath("//h1")) == 1, href
        [canonical] = root.xpath("//link[@rel='canonical']/@href")
        assert canonical == public + href
        navs = root.xpath(
            "//nav[.//a[@aria-current='page'] and .//a[@rel='next' or @rel='prev']]"
        )
        if pages_count == 1:
            assert not root.xpath("//main//a[@rel='next' or @rel='prev']")
        else:
            [nav] = navs
            assert nav.get("aria-label")
            numbered = [a for a in nav.xpath(".//a") if a.get("rel") is None]
            # The first and last pages and two either side of this one.
            window = [
                pages[n - 1]
                for n in range(1, pages_count + 1)
                if n in (1, pages_count) or abs(n - number) <= 2
            ]
            assert [a.get("href") for a in numbered] == window
            assert nav.xpath(".//a[@aria-current='page']/@href") == [href]
            assert nav.xpath(".//a[@rel='prev']/@href") == (
                [pages[number - 2]] if number > 1 else []
            )
            assert nav.xpath(".//a[@rel='next']/@href") == (
                [pages[number]] if number < pages_count else []
            )
        posts = listed_posts(root)
        assert 0 < len(posts) <= PER_PAGE
        listed += posts
    assert listed == expected
    assert not page_file(site, f"{first}page/{pages_count + 1}/").exists()
    return pages_count


def test_home_page_pagination(site, sources):
    public = sources.settings["PUBLIC_SITEURL"]
    expected = [f"/{a.url}" for a in sources.articles]
    check_pagination(site, "/", expected, public)


def test_pagination_of_every_listing(extended_site, extended_sources):
    """The larger sample paginates the index, a tag, a category and an author
    (pages /page/2/ and on); each page links to the first, the last and two
    either side of itself."""
    articles = extended_sources.articles
    public = extended_sources.settings["PUBLIC_SITEURL"]
    listings = {
        "/": articles,
        "/tag/sample/": [a for a in articles if "sample" in {t.slug for t in a.tags}],
        "/category/sample-notes/": [
            a for a in articles if a.category.slug == "sample-notes"
        ],
        "/author/jordan-ellis/": [
            a for a in articles if "jordan-ellis" in {x.slug for x in a.authors}
        ],
    }
    for first, posts in listings.items():
        pages = check_pagination(
            extended_site, first, [f"/{a.url}" for a in posts], public
        )
        assert pages >= 3, first
    home = load(extended_site, "/page/2/")
    assert "page 2 of" in text(home.xpath("//title")[0]).lower()


def test_about_archives_author_and_404_pages(site, sources):
    for page in sources.pages:
        root = load(site, "/" + page.url)
        [h1] = root.xpath("//h1")
        assert text(h1) == plain(page.title)
    assert any(page.slug == "about" for page in sources.pages)
    about = load(site, "/about/")
    nav = about.xpath("//nav[@aria-label='Main']")[0]
    assert nav.xpath(".//a[@href='/about/'][@aria-current='page']")

    archives = load(site, "/archives/")
    assert [text(h) for h in archives.xpath("//h1")] == ["Archives"]
    linked = main_of(archives).xpath(".//a/@href")
    for article in sources.articles:
        assert f"/{article.url}" in linked
    years = [text(h) for h in main_of(archives).xpath(".//h2")]
    assert years == sorted({str(a.date.year) for a in sources.articles}, reverse=True)

    for author in {a.author for a in sources.articles}:
        root = load(site, f"/{author.url}")
        assert len(root.xpath("//h1")) == 1
        assert author.name in text(root.xpath("//h1")[0])
    authors = load(site, "/authors/")
    assert len(authors.xpath("//h1")) == 1

    not_found = parse_html(site / "404.html")
    assert [text(h) for h in not_found.xpath("//h1")] == ["Page not found"]
    # Served at any depth: every link is root-relative or a fragment.
    for value in not_found.xpath("//@href | //@src"):
        assert value.startswith("#") or (
            value.startswith("/") and not value.startswith("//")
        ), value


def test_month_archives_list_their_posts(site, sources):
    months = Counter(a.date.strftime("%Y/%m") for a in sources.articles)
    home = load(site, "/")
    sidebar = home.xpath("//aside")[0]
    for month, count in months.items():
        root = load(site, f"/{month}/")
        assert len(root.xpath("//h1")) == 1
        assert len(listed_posts(root)) == count
        [item] = sidebar.xpath(f".//li[a[@href='/{month}/']]")
        assert count_in(item) == count


def test_sidebar(site, sources):
    root = load(site, "/" + REFERENCE_POST)
    [aside] = root.xpath("//aside")
    headings = [text(h) for h in aside.xpath(".//h2")]
    assert headings[:4] == ["Categories", "Tags", "Archives", "Recent posts"]
    categories = Counter(a.category.slug for a in sources.articles)
    for item in aside.xpath(".//section[h2='Categories']//li"):
        slug = item.xpath("./a/@href")[0].split("/")[2]
        assert count_in(item) == categories[slug]
    recent = aside.xpath(".//section[h2='Recent posts']//a/@href")
    count = sources.settings["RECENT_POSTS_COUNT"]
    assert recent == [f"/{a.url}" for a in sources.articles[:count]]
    feeds = aside.xpath(".//a[contains(@href, '.atom.xml')]/@href")
    assert feeds == ["/feeds/all.atom.xml"]

    category = load(site, "/category/social-strategies/")
    feeds = category.xpath("//aside//a[contains(@href, '.atom.xml')]/@href")
    assert feeds == [
        "/feeds/all.atom.xml",
        "/feeds/category/social-strategies.atom.xml",
    ]
    tag = load(site, "/tag/twitter/")
    feeds = tag.xpath("//aside//a[contains(@href, '.atom.xml')]/@href")
    assert feeds == ["/feeds/all.atom.xml", "/feeds/tag/twitter.atom.xml"]


def tag_cloud(root) -> list[tuple[str, str, int]]:
    [cloud] = root.xpath("//aside//section[h2='Tags']//ul")
    return [
        (text(a), a.get("href"), int(a.get("data-size"))) for a in cloud.xpath(".//a")
    ]


def test_tag_cloud_is_weighted_and_alphabetical(site, sources, tmp_path):
    cloud = tag_cloud(load(site, "/"))
    names = [name for name, _, _ in cloud]
    assert names == sorted(names, key=str.lower)
    counts = Counter(t.slug for a in sources.articles for t in a.tags)
    assert {href for _, href, _ in cloud} == {f"/tag/{slug}/" for slug in counts}
    sizes = {href.split("/")[2]: size for _, href, size in cloud}
    assert set(sizes.values()) <= {1, 2, 3, 4}
    most_used = max(counts.values())
    for slug, count in counts.items():
        if count == most_used:
            assert sizes[slug] == 1
        if count < most_used:
            assert sizes[slug] > 1
    # The same on every page, and in a build with another hash seed.
    assert tag_cloud(load(site, "/" + REFERENCE_POST)) == cloud
    output = tmp_path / "reseeded"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = build_site(output, env=env)
    assert result.returncode == 0, result.stderr
    assert tag_cloud(load(output, "/")) == cloud


# -- every page ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "extended_site"])
def test_every_page_has_exactly_one_h1_and_landmarks(which, request):
    site = request.getfixturevalue(which)
    pages = html_files(site)
    assert len(pages) > 20
    for path in pages:
        root = parse_html(path)
        assert len(root.xpath("//h1")) == 1, path
        assert len(root.xpath("//main[@id='main']")) == 1, path
        assert root.xpath("//header[not(ancestor::main) and not(ancestor::article)]")
        assert root.xpath("//nav[@aria-label]"), path
        assert len(root.xpath("//aside")) == 1, path
        assert root.xpath("//footer[not(ancestor::main)]"), path
        skip = root.xpath("//body/*[1]")[0]
        assert skip.tag == "a", path
        assert skip.get("href") == "#main", path
        # Headings never skip a level.
        levels = [int(h.tag[1]) for h in root.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{path}: h{before} then h{after}"
        assert root.get("lang") == "en"


@pytest.mark.parametrize("which", ["site", "extended_site"])
def test_no_inline_scripts_except_data(which, request):
    site = request.getfixturevalue(which)
    for path in html_files(site):
        for script in parse_html(path).xpath("//script"):
            if script.get("src"):
                continue
            kind = script.get("type")
            assert kind in {"application/ld+json", "application/json"}, (
                f"{path}: inline script of type {kind!r}"
            )
            json.loads(script.text)


def test_pages_without_charts_are_light(site):
    """HTML and CSS together under 30 KB compressed."""
    for path in html_files(site):
        root = parse_html(path)
        if root.xpath("//figure[contains(@class, 'chart')]"):
            continue
        [css] = root.xpath("//link[@rel='stylesheet']/@href")
        weight = len(gzip.compress(path.read_bytes())) + len(
            gzip.compress(page_file(site, css).read_bytes())
        )
        assert weight < 30_000, f"{path}: {weight} bytes"


def test_typogrify_leaves_json_ld_alone(extended_site, extended_sources):
    [post] = [a for a in extended_sources.articles if a.slug == "r-and-d-budgets"]
    root = load(extended_site, "/" + post.url)
    assert text(root.xpath("//h1")[0]) == SAMPLE_RND_TITLE
    [script] = root.xpath("//script[@type='application/ld+json']")
    assert "<span" not in script.text
    assert "&amp;" not in script.text
    data = json.loads(script.text)
    assert data["headline"] == SAMPLE_RND_TITLE
    assert "R & D" in data["description"]
    for script in root.xpath("//script"):
        assert "class=" not in (script.text or "")


def test_escaped_metadata_stays_text(extended_site):
    """Titles are text: nothing in one becomes markup."""
    root = load(extended_site, "/2011/02/tricky-titles/")
    [h1] = root.xpath("//h1")
    assert not h1.xpath(".//*[not(self::span)]")
    assert text(h1).startswith("Tricky & ")
    [title] = root.xpath("//title")
    assert text(title).startswith("Tricky & ")
    assert text(title).endswith(" – Signal & Noise")
