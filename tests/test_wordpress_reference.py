"""The reference post's WordPress export (tests/fixtures/wordpress/
reference-post.xml), imported with `invoke import-wordpress --uploads DIR
--keep-original-link`, built as `invoke publish` builds it, and held to
each rule of the import: images copied and linked with {static}, the
caption a figure, the YouTube embed a link card, the old links rewritten,
"Link to original post", the approved comments under "Leave a Reply" and
nothing else of them, pages as pages, the empty page reported, the draft a
draft, the redirects in three forms, and `invoke check` with no problem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlsplit

import pytest
from browser import chromium
from conftest import build_site, parse_html
from old_addresses import netlify_follow, nginx_serving, page_follow
from wordpress_material import (
    EARLIER_URL,
    PRIVATE,
    REFERENCE_EXPORT,
    REFERENCE_FILE,
    REFERENCE_PAGE,
    REFERENCE_SLUG,
    empty_site,
    import_reference,
    run_import,
)

from sitecheck.runner import CHECKS, collect, format_report
from sitecheck.server import serve_in_background

PUBLIC = "https://signal-and-noise.example.com"
OLD_PERMALINK = f"http://blog.example.com/2009/10/21/{REFERENCE_SLUG}/"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("reference")
    content, report = import_reference(root, "--keep-original-link")
    return root, content, report


@pytest.fixture(scope="module")
def published(imported):
    root, content, _ = imported
    output = root / "output"
    result = build_site(output, settings="publishconf.py", content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="module")
def post(published):
    return parse_html(published / REFERENCE_PAGE)


def header(path: Path) -> dict[str, str]:
    head = path.read_text("utf-8").split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in head.splitlines())


def body_of(page):
    (body,) = page.xpath("//div[contains(@class, 'post__body')]")
    return body


# --- what the import wrote, and said -------------------------------------------------


def test_the_report_lists_what_needs_the_author(imported):
    _, _, report = imported
    assert report.startswith("Imported from "), report
    assert "3 posts (1 draft), 1 page, 2 comments, 2 images and files" in report
    assert f"content/{REFERENCE_FILE}: [polldaddy poll=2181920]" in report
    assert "reference-post.xml:265: page 'Speaking' is empty" in report
    assert "Video on YouTube: https://www.youtube.com/watch?v=8FQ_oXNDcsE" in report
    assert "Comments left out: 1" in report
    assert "Images and files not found" not in report


def test_posts_pages_and_drafts_keep_their_metadata(imported, published):
    _, content, _ = imported
    meta = header(content / REFERENCE_FILE)
    assert meta == {
        "Title": "Takeaway from the SPAM or Good Marketing Conversation",
        "Date": "2009-10-21 09:00",
        "Category": "Social Strategies",
        "Tags": "process, Social Strategies, Twitter",
        "Slug": REFERENCE_SLUG,
        "Author": "Jordan Ellis",
        "Original_url": OLD_PERMALINK,
    }
    draft = header(content / "posts" / "book-sales-one-month-on.md")
    assert draft["Status"] == "draft"
    # A publish build writes no drafts (PUBLISH_DRAFTS), and lists none.
    assert not (published / "drafts").exists()
    assert not list(published.rglob("book-sales-one-month-on*"))
    assert not (published / "2009" / "11").exists()
    # Pages stay pages: content/pages/, at the page URL, in no post list.
    assert header(content / "pages" / "about.md")["Title"] == "About"
    assert (published / "about" / "index.html").is_file()
    assert sorted(p.name for p in (content / "posts").glob("*.md")) == [
        "book-sales-one-month-on.md",
        "spam-or-good-marketing-mass-dms-on-twitter.md",
        f"{REFERENCE_SLUG}.md",
    ]
    # The empty page is reported, not published.
    assert not (content / "pages" / "speaking.md").exists()
    assert not (published / "speaking").exists()


def test_images_are_copied_and_linked_with_static(imported, post):
    _, content, _ = imported
    text = (content / REFERENCE_FILE).read_text("utf-8")
    assert (content / "images/2009/10/hayzlett-dm.png").is_file()
    assert (content / "images/2009/10/poll-results.png").is_file()
    # The post showed a resized copy the uploads did not hold: its original.
    assert (
        "[![The mass DM as it arrived: a link to the book's page]"
        "({static}/images/2009/10/hayzlett-dm.png)]"
        "({static}/images/2009/10/hayzlett-dm.png)"
    ) in text
    assert "wp-content" not in text
    sources = [img.get("src") for img in body_of(post).iter("img")]
    assert sources == [
        f"{PUBLIC}/images/2009/10/hayzlett-dm.png",
        f"{PUBLIC}/images/2009/10/poll-results.png",
    ]
    # Never Markdown shown as text, as an image inside a raw <p> would be.
    assert "![" not in body_of(post).text_content()


def test_a_caption_is_a_figure_outside_any_paragraph(post):
    (figure,) = body_of(post).iter("figure")
    assert figure.xpath("ancestor::p") == []
    assert figure.getparent().tag == "div"
    (image,) = figure.iter("img")
    assert image.get("alt") == (
        "Bar chart: 54 votes for SPAM or poor marketing, 7 for good marketing, "
        "4 not sure"
    )
    (caption,) = figure.iter("figcaption")
    assert " ".join(caption.text_content().split()) == (
        "The poll, a week later: 54 of 65 votes for SPAM or poor marketing"
    )


def test_other_shortcodes_stay_as_text(post):
    # Typography binds a paragraph's last word with a no-break space.
    text = body_of(post).text_content().replace("\xa0", " ")
    assert "[polldaddy poll=2181920]" in text


def test_the_youtube_embed_is_a_link_card(post, published):
    assert not list(post.iter("iframe", "object", "embed"))
    (card,) = post.xpath("//p[@class='embed-card']")
    (link,) = card.iter("a")
    assert link.get("href") == "https://www.youtube.com/watch?v=8FQ_oXNDcsE"
    # The title WordPress cached from YouTube's oEmbed answer.
    assert link.text_content() == "Jeffrey Hayzlett on the mass DM and the book launch"
    assert card.text_content().replace("\xa0", " ").endswith("Video on YouTube")
    for page in published.rglob("*.html"):
        assert "youtube.com/embed" not in page.read_text("utf-8"), page


def test_internal_links_go_to_the_new_addresses(imported, post):
    _, content, _ = imported
    text = (content / REFERENCE_FILE).read_text("utf-8")
    assert (
        text.count("({filename}/posts/spam-or-good-marketing-mass-dms-on-twitter.md)")
        == 2
    )
    links = {a.text_content(): a.get("href") for a in body_of(post).iter("a") if a.text}
    assert links["recently raised questions"] == PUBLIC + EARLIER_URL
    assert links["last post"] == PUBLIC + EARLIER_URL


def test_original_url_gives_the_link_and_the_canonical(post):
    (original,) = post.xpath("//p[@class='post__original']/a")
    assert original.get("href") == OLD_PERMALINK
    assert original.text == "Link to original post"
    (canonical,) = post.xpath("//link[@rel='canonical']")
    assert canonical.get("href") == OLD_PERMALINK


def test_without_the_option_there_is_no_original_url(tmp_path):
    content = empty_site(tmp_path)
    result = run_import(str(REFERENCE_EXPORT), "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "Original_url" not in header(content / REFERENCE_FILE)
    # Without --uploads, every image is listed and linked, never loaded.
    assert "Images and files not found in --uploads" in result.stdout
    text = (content / REFERENCE_FILE).read_text("utf-8")
    assert "![" not in text
    assert "[Image: The mass DM as it arrived: a link to the book's page]" in text


def test_approved_comments_are_threads_under_leave_a_reply(post):
    (reply,) = post.xpath("//section[@id='reply']")
    assert reply.xpath("h2")[0].text == "Leave a Reply"
    comments = reply.xpath(".//li[@class='comment']")
    assert [c.xpath("p[@class='comment__meta']/span")[0].text for c in comments] == [
        "Dana Whitfield",
        "Jordan Ellis",
    ]
    first, answer = comments
    assert answer.xpath("ancestor::li[@class='comment']") == [first]
    (when,) = first.xpath("p[@class='comment__meta']/time")
    assert when.get("datetime") == "2009-10-21T11:42:10-04:00"
    assert when.text == "October 21, 2009 at 11:42 am"
    texts = [
        " ".join(p.text_content().replace("\xa0", " ").split())
        for p in first.xpath("p[@class='comment__text']")
    ]
    assert texts == [
        "Sales are one measure. I unfollowed him that morning & told him why.",
        "Trust is harder to count <3",
    ]
    # Text only: the markup in the comments never becomes elements.
    assert not reply.xpath(".//script | .//strong | .//a[ancestor::li]")
    assert "alert(" in answer.text_content()


def test_spam_and_private_details_are_never_published(imported, published):
    _, content, _ = imported
    for folder in (content, published):
        for path in folder.rglob("*"):
            if not path.is_file() or path.suffix in {".png"}:
                continue
            text = path.read_text("utf-8", "replace")
            assert "Cheap Followers" not in text, path
            assert "followers.example.net" not in text, path
            for private in PRIVATE:
                assert private not in text, (path, private)


def test_pending_comments_and_pingbacks_are_dropped_too(tmp_path):
    # The reference export, its spam comment held for moderation instead
    # and its first comment a pingback: only the reply is left, on its own.
    export = tmp_path / "export.xml"
    text = REFERENCE_EXPORT.read_text("utf-8")
    text = text.replace(
        "<wp:comment_approved>spam</wp:comment_approved>",
        "<wp:comment_approved>0</wp:comment_approved>",
    )
    text = text.replace(
        "<wp:comment_type></wp:comment_type>",
        "<wp:comment_type>pingback</wp:comment_type>",
        1,
    )
    export.write_text(text, "utf-8")
    content = empty_site(tmp_path)
    result = run_import(str(export), "--content", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Comments left out: 2 (spam, pending, trashed, pingbacks)." in result.stdout
    comments = json.loads(
        (content / REFERENCE_FILE.replace(".md", ".comments.json")).read_text("utf-8")
    )["comments"]
    assert [(c["author"], c["parent"]) for c in comments] == [("Jordan Ellis", 0)]


# --- redirects ----------------------------------------------------------------------


def test_redirects_for_netlify_and_cloudflare(published):
    rules = (published / "_redirects").read_text("utf-8").splitlines()
    assert "/ p=:p /wordpress/p/:p/ 301!" in rules
    assert f"/wordpress/p/123/ /2009/10/{REFERENCE_SLUG}/ 301" in rules
    assert f"/2009/10/21/{REFERENCE_SLUG}/ /2009/10/{REFERENCE_SLUG}/ 301" in rules
    assert (
        "/category/social-strategies/feed/ "
        "/feeds/category/social-strategies.atom.xml 301" in rules
    )
    assert "/feed/ /feeds/all.atom.xml 301" in rules
    assert "/author/jellis/ /author/jordan-ellis/ 301" in rules
    assert "/wp-content/uploads/* /images/:splat 301" in rules
    # No rule for an address that did not change (the tag archives).
    assert not any(rule.startswith("/tag/twitter/ ") for rule in rules)


def test_redirect_pages_for_hosts_without_redirects(published):
    for old in (f"2009/10/21/{REFERENCE_SLUG}", "wordpress/p/123", "wordpress/p/118"):
        page = parse_html(published / old / "index.html")
        (refresh,) = page.xpath("//meta[@http-equiv='refresh']")
        target = EARLIER_URL if old.endswith("118") else f"/2009/10/{REFERENCE_SLUG}/"
        assert refresh.get("content") == f"0; url={PUBLIC}{target}"
        (canonical,) = page.xpath("//link[@rel='canonical']")
        assert canonical.get("href") == PUBLIC + target
        assert [a.get("href") for a in page.iter("a")] == [PUBLIC + target]
        assert not list(page.iter("script"))


def test_the_sitemap_lists_pages_not_redirects(published):
    sitemap = (published / "sitemap.xml").read_text("utf-8")
    listed = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert PUBLIC + NEW_POST in listed
    for url in listed:
        page = parse_html(served(published, url.removeprefix(PUBLIC)))
        assert not page.xpath("//meta[@http-equiv='refresh']"), url


# The old addresses the issue names, and where each leads now. Three did not
# change (the site keeps WordPress's URL scheme); they must still answer.
NEW_POST = f"/2009/10/{REFERENCE_SLUG}/"
OLD_ADDRESSES = {
    "/?p=123": NEW_POST,
    f"/2009/10/21/{REFERENCE_SLUG}/": NEW_POST,
    NEW_POST: NEW_POST,
    "/?cat=3": "/category/social-strategies/",
    "/category/marketing/social-strategies/": "/category/social-strategies/",
    "/category/social-strategies/": "/category/social-strategies/",
    "/?tag=twitter": "/tag/twitter/",
    "/tag/twitter/": "/tag/twitter/",
    "/feed/": "/feeds/all.atom.xml",
}
# What old-addresses.js does on the home page of a static host (the Chromium
# test below runs it): /?p=123 goes to the page written for it.
QUERY_PAGE = "/wordpress/{key}/{value}/"


def served(site: Path, path: str) -> Path:
    return site / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def old_addresses(content: Path) -> list[str]:
    """Every old address content/redirects.txt lists (wildcards aside)."""
    lines = (content / "redirects.txt").read_text("utf-8").splitlines()
    return [
        line.split()[0]
        for line in lines
        if line.strip() and not line.startswith("#") and "*" not in line
    ]


def static_host_path(address: str) -> str:
    parts = urlsplit(address)
    if parts.query:
        [(key, value)] = parse_qsl(parts.query)
        return QUERY_PAGE.format(key=key, value=value)
    return parts.path


@pytest.fixture(scope="module")
def nginx(published, tmp_path_factory):
    with nginx_serving(published, tmp_path_factory.mktemp("nginx")) as server:
        yield server


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES.items())
def test_netlify_and_cloudflare_send_each_old_address_on(published, old, new):
    rules = (published / "_redirects").read_text("utf-8")
    assert netlify_follow(rules, old) == new
    assert served(published, new).is_file()


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES.items())
def test_nginx_sends_each_old_address_on(nginx, old, new):
    assert nginx.follow(old) == (200, new)


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES.items())
def test_redirect_pages_send_each_old_address_on(published, old, new):
    assert page_follow(published, PUBLIC, static_host_path(old)) == new
    assert served(published, new).is_file()


def test_every_old_address_keeps_working_in_each_form(imported, published, nginx):
    _, content, _ = imported
    rules = (published / "_redirects").read_text("utf-8")
    addresses = old_addresses(content)
    assert len(addresses) == 33
    for old in addresses:
        status, final = nginx.follow(old)
        assert status == 200, (old, final)
        assert netlify_follow(rules, old) == final, old
        if PurePosixPath(urlsplit(old).path).suffix in ("", ".html"):
            # A page can redirect; an image at an old path (a resized copy)
            # cannot on a static host. The imported posts link the copies.
            assert page_follow(published, PUBLIC, static_host_path(old)) == final


def test_nginx_keeps_query_strings_and_finds_resized_images(nginx):
    base = nginx.base
    new = f"{base}{NEW_POST}"
    assert nginx.fetch("/?p=123&utm_source=twitter") == (301, new)
    assert nginx.fetch(f"/2009/10/21/{REFERENCE_SLUG}") == (301, new)
    assert nginx.fetch("/wp-content/uploads/2009/10/poll-results.png") == (
        301,
        f"{base}/images/2009/10/poll-results.png",
    )
    assert nginx.fetch("/wp-content/uploads/2009/10/hayzlett-dm-300x120.png") == (
        301,
        f"{base}/images/2009/10/hayzlett-dm.png",
    )
    assert nginx.fetch("/")[0] == 200


@pytest.mark.browser
def test_old_addresses_lead_to_the_post_in_chromium(imported):
    """GitHub Pages: no redirects, so the redirect pages and the home page's
    script do it, in a development build served as a static host would."""
    root, content, _ = imported
    output = root / "development"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    server, local = serve_in_background(output)
    try:
        with chromium() as browser:
            page = browser.new_page()
            for old, heading in (
                ("/?p=123", "Takeaway"),
                (f"/2009/10/21/{REFERENCE_SLUG}/", "Takeaway"),
                ("/?cat=3", "Social Strategies"),
                ("/?tag=twitter", "Twitter"),
            ):
                page.goto(local + old)
                page.wait_for_url(local + OLD_ADDRESSES[old], timeout=10_000)
                assert heading in page.locator("h1").inner_text()
            page.goto(local + "/")
            page.wait_for_timeout(300)
            assert page.url == local + "/"
    finally:
        server.shutdown()
        server.server_close()


# --- the site checks -------------------------------------------------------------


@pytest.mark.usefixtures("node_tools")
def test_invoke_check_reports_zero_problems(published):
    report = collect(published, checks=list(CHECKS))
    assert report.problems == [], format_report(report)
    stats = report.result("browser").stats
    assert stats["pages"] == len(list(published.rglob("*.html")))
