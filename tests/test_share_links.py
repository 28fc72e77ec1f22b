"""The share bar: one plain link per service, each with an accessible name and
an address that carries the post's absolute URL and title, percent-encoded."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from conftest import REFERENCE_POST, SAMPLE_TRICKY_TITLE, parse_html

ACCESSIBLE_NAMES = {
    "facebook": "Share on Facebook",
    "x": "Share on X",
    "linkedin": "Share on LinkedIn",
    "reddit": "Share on Reddit",
    "hacker-news": "Share on Hacker News",
    "bluesky": "Share on Bluesky",
    "mastodon": "Share on Mastodon",
    "email": "Share by email",
}


def text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def accessible_name(link) -> str:
    """The link's name as assistive technology computes it here: aria-label,
    or its text without the parts hidden with aria-hidden."""
    if link.get("aria-label"):
        return link.get("aria-label")
    parts = []

    def walk(element):
        if element.get("aria-hidden") == "true":
            return
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(link)
    return " ".join("".join(parts).replace("\xa0", " ").split())


def shared(href: str) -> tuple[str | None, str]:
    """The (title, url) a share address carries, decoded."""
    parts = urlsplit(href)
    query = parse_qs(parts.query, keep_blank_values=True, strict_parsing=True)

    def one(name: str) -> str:
        [value] = query[name]
        return value

    host = parts.netloc
    if parts.scheme == "mailto":
        return one("subject"), one("body")
    if host.endswith("facebook.com"):
        return None, one("u")
    if host == "x.com":
        return one("text"), one("url")
    if host.endswith("linkedin.com"):
        # LinkedIn's share-offsite takes the address only; it reads the title
        # from the page's Open Graph tags.
        assert parts.path == "/sharing/share-offsite/", href
        return None, one("url")
    if host.endswith("reddit.com"):
        return one("title"), one("url")
    if host == "news.ycombinator.com":
        return one("t"), one("u")
    if host == "bsky.app":
        title, _, url = one("text").rpartition(" ")
        return title, url
    if host == "s2f.kytta.dev":
        title, _, url = one("text").rpartition("\n")
        return title, url
    raise AssertionError(f"unknown share address {href}")


def share_links(root):
    [bar] = root.xpath(
        "//main//*[.//h2[normalize-space()='Share this post']]"
        "[self::section or self::nav]"
    )
    return bar.xpath(".//a")


def check_share_bar(root, services, absolute_url):
    title = text(root.xpath("//h1")[0])
    links = share_links(root)
    assert [accessible_name(a) for a in links] == [
        ACCESSIBLE_NAMES[key] for key in services
    ]
    for link in links:
        href = link.get("href")
        assert " " not in href, href
        assert not link.xpath(".//script"), "plain links only"
        assert link.get("target") is None
        assert link.xpath(".//svg[@aria-hidden='true']"), "a decorative icon"
        shared_title, shared_url = shared(href)
        assert shared_url == absolute_url, href
        if shared_title is not None:
            assert shared_title == title, href
    [email] = [a.get("href") for a in links if a.get("href").startswith("mailto:")]
    assert email.startswith("mailto:?subject=")
    assert "&body=" in email
    return links


def test_reference_post_share_bar(site, sources):
    services = sources.settings["SHARE_SERVICES"]
    assert services
    assert set(services) <= set(ACCESSIBLE_NAMES), "a new service needs a name here"
    root = parse_html(site / REFERENCE_POST / "index.html")
    public = sources.settings["PUBLIC_SITEURL"]
    links = check_share_bar(root, services, f"{public}/{REFERENCE_POST}")
    assert len(links) == len(services)
    facebook = [a for a in links if accessible_name(a) == "Share on Facebook"]
    assert facebook, "Facebook is configured"


def test_every_post_has_a_share_bar(site, sources):
    public = sources.settings["PUBLIC_SITEURL"]
    for article in sources.articles:
        root = parse_html(site / article.save_as)
        check_share_bar(
            root, sources.settings["SHARE_SERVICES"], f"{public}/{article.url}"
        )


def test_a_tricky_title_survives_every_share_link(extended_site, extended_sources):
    [post] = [a for a in extended_sources.articles if a.slug == "tricky-titles"]
    root = parse_html(extended_site / post.save_as)
    title = text(root.xpath("//h1")[0])
    # Typography may curl the quotes; nothing else changes.
    straight = title.translate(str.maketrans("“”‘’", "\"\"''"))
    assert straight == SAMPLE_TRICKY_TITLE
    public = extended_sources.settings["PUBLIC_SITEURL"]
    links = check_share_bar(
        root, extended_sources.settings["SHARE_SERVICES"], f"{public}/{post.url}"
    )
    for link in links:
        href = link.get("href")
        for raw in ("#1", "100% ", '"'):
            assert raw not in href, f"{raw!r} unencoded in {href}"


def test_accessible_name_is_visible_or_visually_hidden_text(site):
    root = parse_html(site / REFERENCE_POST / "index.html")
    for link in share_links(root):
        assert link.get("aria-label") is None
        # The whole name is text in the link (visually hidden or not).
        assert accessible_name(link) in text(link)
        # What is shown is part of the name (WCAG 2.5.3, label in name).
        for shown in link.xpath(".//*[@aria-hidden='true']"):
            assert text(shown).lower() in accessible_name(link).lower()
