"""What search engines, link previews and feed readers see: canonical links,
titles and descriptions, Open Graph, JSON-LD, the sitemap, robots.txt and the
Atom feeds."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import feedparser
import pytest
from conftest import REFERENCE_POST, parse_html
from lxml import etree
from markupsafe import Markup

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def plain(markup: str) -> str:
    return " ".join(Markup(markup).striptags().replace("\xa0", " ").split())


def meta(root, key: str) -> list[str]:
    return root.xpath(f"//head/meta[@property='{key}' or @name='{key}']/@content")


def one_meta(root, key: str) -> str:
    values = meta(root, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def canonical(root) -> str:
    [href] = root.xpath("//head/link[@rel='canonical']/@href")
    return href


def address_of(site: Path, path: Path) -> str:
    """The site-relative address a file is served at."""
    relative = path.relative_to(site).as_posix()
    return (
        relative[: -len("index.html")]
        if relative.endswith("index.html")
        else (relative)
    )


@pytest.fixture(scope="module")
def public(sources) -> str:
    return sources.settings["PUBLIC_SITEURL"].rstrip("/")


@pytest.fixture(scope="module")
def reference_source(sources):
    [article] = [a for a in sources.articles if a.url == REFERENCE_POST]
    return article


@pytest.fixture(scope="module")
def reference(site):
    return parse_html(site / REFERENCE_POST / "index.html")


# -- canonical links and titles -------------------------------------------------


def test_reference_post_canonical_is_its_original_url(reference, reference_source):
    assert reference_source.original_url.startswith("https://")
    assert canonical(reference) == reference_source.original_url


def test_other_posts_canonical_is_their_absolute_url(site, sources, public):
    others = [a for a in sources.articles if not getattr(a, "original_url", None)]
    assert others
    for article in others:
        root = parse_html(site / article.save_as)
        assert canonical(root) == f"{public}/{article.url}"


@pytest.mark.parametrize("which", ["site", "published_site"])
def test_every_page_has_one_absolute_canonical(which, request, sources, public):
    site = request.getfixturevalue(which)
    originals = {
        a.save_as: a.original_url
        for a in sources.articles
        if getattr(a, "original_url", None)
    }
    for path in sorted(site.rglob("*.html")):
        root = parse_html(path)
        relative = path.relative_to(site).as_posix()
        if relative == "404.html":
            assert not root.xpath("//link[@rel='canonical']")
            assert one_meta(root, "robots") == "noindex"
            continue
        expected = originals.get(relative, f"{public}/{address_of(site, path)}")
        assert canonical(root) == expected, relative
        if relative not in originals:
            assert one_meta(root, "og:url") == expected, relative


def test_titles(site, reference):
    assert text(reference.xpath("//title")[0]) == (
        "Takeaway from the SPAM or Good Marketing Conversation – Signal & Noise"
    )
    home = parse_html(site / "index.html")
    assert text(home.xpath("//title")[0]) == (
        "Signal & Noise – Marketing strategy, with the data left in"
    )
    about = parse_html(site / "about" / "index.html")
    assert text(about.xpath("//title")[0]) == "About – Signal & Noise"


def test_every_page_has_a_description_and_social_tags(site):
    titles = set()
    for path in sorted(site.rglob("*.html")):
        root = parse_html(path)
        [title] = root.xpath("//head/title")
        assert text(title), path
        titles.add(text(title))
        description = one_meta(root, "description")
        assert 20 <= len(description) <= 320, path
        assert "<" not in description
        assert one_meta(root, "og:description") == description
        assert one_meta(root, "og:site_name") == "Signal & Noise"
        assert one_meta(root, "og:type") in {"article", "website"}
        assert one_meta(root, "og:title")
        assert one_meta(root, "twitter:card") == "summary"
    assert len(titles) == len(list(site.rglob("*.html"))), "titles are unique"


# -- Open Graph, Twitter, JSON-LD -------------------------------------------------


def test_open_graph_and_twitter_on_the_reference_post(
    reference, reference_source, public
):
    title = text(reference.xpath("//h1")[0])
    description = one_meta(reference, "description")
    assert description == plain(reference_source.summary)
    assert description.startswith("Mass DMs from Jeffrey Hayzlett")
    assert one_meta(reference, "og:type") == "article"
    assert one_meta(reference, "og:title") == title
    assert one_meta(reference, "og:description") == description
    assert one_meta(reference, "og:url") == f"{public}/{REFERENCE_POST}"
    assert one_meta(reference, "og:site_name") == "Signal & Noise"
    published = one_meta(reference, "article:published_time")
    assert datetime.fromisoformat(published) == reference_source.date
    assert meta(reference, "article:tag") == [str(t) for t in reference_source.tags]
    assert one_meta(reference, "twitter:card") == "summary"
    assert one_meta(reference, "twitter:title") == title
    assert one_meta(reference, "twitter:description") == description


def test_json_ld_on_the_reference_post(reference, reference_source, public):
    [script] = reference.xpath("//head/script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == text(reference.xpath("//h1")[0])
    assert data["url"] == reference_source.original_url
    assert data["isBasedOn"] == reference_source.original_url
    assert datetime.fromisoformat(data["datePublished"]) == reference_source.date
    assert data["author"] == {"@type": "Person", "name": "Jordan Ellis"}
    assert data["publisher"]["name"] == "Signal & Noise"
    assert data["keywords"] == [str(t) for t in reference_source.tags]
    assert data["description"] == one_meta(reference, "description")


def test_json_ld_only_on_articles(site, sources):
    articles = {a.save_as for a in sources.articles}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        scripts = parse_html(path).xpath("//script[@type='application/ld+json']")
        assert len(scripts) == (1 if relative in articles else 0), relative


# -- sitemap and robots.txt -------------------------------------------------------


def sitemap_entries(site: Path) -> list[tuple[str, str | None]]:
    tree = etree.parse(str(site / "sitemap.xml"))
    assert tree.getroot().tag == f"{SITEMAP}urlset"
    return [
        (url.findtext(f"{SITEMAP}loc"), url.findtext(f"{SITEMAP}lastmod"))
        for url in tree.getroot().iter(f"{SITEMAP}url")
    ]


def test_sitemap_lists_every_post_and_page(site, sources, public):
    entries = sitemap_entries(site)
    locations = [loc for loc, _ in entries]
    assert len(locations) == len(set(locations)), "no duplicates"
    for loc in locations:
        assert loc.startswith(f"{public}/"), loc
    lastmod = dict(entries)
    for article in sources.articles:
        loc = f"{public}/{article.url}"
        assert loc in lastmod, loc
        changed = getattr(article, "modified", None) or article.date
        assert datetime.fromisoformat(lastmod[loc]) == changed
    for page in sources.pages:
        loc = f"{public}/{page.url}"
        assert loc in lastmod, loc
        if not getattr(page, "date", None):
            assert lastmod[loc] is None, "no date in the source, no <lastmod>"
    # Listing pages carry the date of the newest post they list.
    newest = max(a.date for a in sources.articles)
    assert datetime.fromisoformat(lastmod[f"{public}/"]) == newest
    assert f"{public}/404.html" not in lastmod


def test_sitemap_dates_come_from_content_not_the_clock(site):
    years = {
        datetime.fromisoformat(lastmod).year
        for _, lastmod in sitemap_entries(site)
        if lastmod
    }
    assert years
    assert all(year >= 2009 for year in years)


def test_sitemap_pages_exist(site, public):
    for loc, _ in sitemap_entries(site):
        relative = loc[len(public) + 1 :]
        target = (
            site / relative / "index.html"
            if (relative == "" or relative.endswith("/"))
            else site / relative
        )
        assert target.is_file(), loc


def test_robots_txt_points_at_the_absolute_sitemap(site, public):
    lines = (site / "robots.txt").read_text("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {public}/sitemap.xml" in lines


# -- feeds ----------------------------------------------------------------------


def parse_feed(site: Path, relative: str):
    feed = feedparser.parse((site / relative).read_bytes())
    assert feed.bozo == 0, f"{relative}: {feed.get('bozo_exception')}"
    assert feed.version == "atom10"
    return feed


def check_entries(feed, expected, public: str, limit: int):
    expected = expected[:limit]
    assert [e.link for e in feed.entries] == [f"{public}/{a.url}" for a in expected]
    for entry, article in zip(feed.entries, expected, strict=True):
        assert entry.link.startswith("https://")
        assert " ".join(entry.title.split()) == plain(article.title)
        assert entry.get("published_parsed") or entry.get("updated_parsed")
        published = datetime.fromisoformat(entry.published)
        assert published == article.date
        assert entry.content[0].value.strip()
        assert "<script" not in entry.content[0].value


def test_site_feed(site, sources, public):
    feed = parse_feed(site, "feeds/all.atom.xml")
    limit = sources.settings["FEED_MAX_ITEMS"]
    check_entries(feed, sources.articles, public, limit)
    assert feed.feed.title == "Signal & Noise"


def test_category_feed(site, sources, public):
    feed = parse_feed(site, "feeds/category/social-strategies.atom.xml")
    expected = [a for a in sources.articles if a.category.slug == "social-strategies"]
    assert expected
    check_entries(feed, expected, public, sources.settings["FEED_MAX_ITEMS"])


def test_tag_feed(site, sources, public):
    feed = parse_feed(site, "feeds/tag/twitter.atom.xml")
    expected = [a for a in sources.articles if "twitter" in {t.slug for t in a.tags}]
    assert expected
    check_entries(feed, expected, public, sources.settings["FEED_MAX_ITEMS"])


def test_feeds_are_linked_from_head(site):
    def feeds(relative: str) -> list[str]:
        root = parse_html(site / relative)
        return root.xpath(
            "//head/link[@rel='alternate'][@type='application/atom+xml']/@href"
        )

    for path in sorted(site.rglob("*.html")):
        assert "/feeds/all.atom.xml" in feeds(path.relative_to(site).as_posix())
    assert feeds("category/social-strategies/index.html") == [
        "/feeds/all.atom.xml",
        "/feeds/category/social-strategies.atom.xml",
    ]
    assert feeds("tag/twitter/index.html") == [
        "/feeds/all.atom.xml",
        "/feeds/tag/twitter.atom.xml",
    ]
    for href in feeds("tag/twitter/index.html"):
        parse_feed(site, href.lstrip("/"))
