"""The link checker on small hand-made outputs: what it must catch, and what
it must leave alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sitecheck import links
from sitecheck.site import Site, detect_public_url

PUBLIC = "https://blog.example.org"


def page(body: str, head: str = "") -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>t</title>"
        f"{head}</head><body>{body}</body></html>"
    )


def make_site(root: Path, files: dict[str, str | bytes], public_url: str = PUBLIC):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, "utf-8")
    return Site.load(root, public_url)


def problems_of(site: Site) -> list[str]:
    return [f"{p.page}: {p.message}" for p in links.run(site).problems]


def test_a_sound_site_has_no_problem(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page(
                '<a href="/about/">About</a> <a href="about/#team">Team</a>'
                f' <a href="{PUBLIC}/about/">Absolute</a> <a href="/about">No slash</a>'
                ' <a href="#top">Top</a> <a href="">Self</a> <a href="#">Hash</a>'
                ' <img src="/images/a.png" srcset="/images/a.png 1x, images/b.png 2x"'
                ' alt="a"> <a href="/data/x.csv" download>CSV</a>'
                ' <a href="https://elsewhere.example.com/missing">External</a>'
                ' <a href="mailto:me@example.org">Mail</a>',
                head='<link rel="stylesheet" href="/theme/site.1234abcd.css">'
                '<script src="/theme/app.1234abcd.js" defer></script>'
                '<link rel="preconnect" href="https://fonts.example.net">',
            ),
            "about/index.html": page('<h2 id="team">Team</h2>'),
            "images/a.png": b"png",
            "images/b.png": b"png",
            "data/x.csv": "a,b\n1,2\n",
            "theme/site.1234abcd.css": "body{background:url(../images/a.png)}",
            "theme/app.1234abcd.js": "",
        },
    )
    result = links.run(site)
    assert result.problems == []
    assert result.stats["pages"] == 2
    assert result.stats["external (not fetched)"] == 1
    assert result.stats["anchors"] == 1


def test_dead_link_names_the_page_and_href(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page("ok"),
            "2024/01/post/index.html": page('<a href="/no-such-page/">x</a>'),
        },
    )
    [problem] = links.run(site).problems
    assert problem.page == "2024/01/post/index.html"
    assert problem.check == "links"
    assert 'href="/no-such-page/"' in problem.message
    assert "no-such-page/index.html" in problem.message
    assert "{filename}" in problem.fix


@pytest.mark.parametrize(
    ("markup", "label", "fix_hint"),
    [
        ('<img src="/images/nope.png" alt="x">', "Missing image", "content/images/"),
        ('<script src="/theme/gone.js"></script>', "Missing script", "asset_url"),
        (
            '<link rel="stylesheet" href="/theme/gone.css">',
            "Missing stylesheet",
            "asset_url",
        ),
        (
            '<a href="/data/gone.csv" download>data</a>',
            "Missing CSV download",
            "content/data/",
        ),
        (
            '<img src="x.png" srcset="/images/2x.png 2x" alt="">',
            "Missing image",
            "content/images/",
        ),
        ('<video poster="/media/poster.jpg"></video>', "Missing media", ""),
    ],
)
def test_missing_files_by_kind(tmp_path, markup, label, fix_hint):
    files = {"index.html": page(markup)}
    if "srcset" in markup:
        files["x.png"] = b"png"
    site = make_site(tmp_path, files)
    [problem] = links.run(site).problems
    assert problem.message.startswith(label), problem.message
    assert fix_hint in problem.fix


def test_anchors_on_this_and_other_pages(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page(
                '<h2 id="here">x</h2><a href="#here">ok</a><a href="#nowhere">bad</a>'
                '<a href="/other/#there">ok</a><a href="/other/#missing">bad</a>'
                '<a name="legacy"></a><a href="#legacy">ok</a>'
            ),
            "other/index.html": page('<p id="there">x</p>'),
        },
    )
    assert problems_of(site) == [
        'index.html: Broken anchor: <a href="#nowhere"> — no element with '
        'id="nowhere" on this page.',
        'index.html: Broken anchor: <a href="/other/#missing"> — no element with '
        'id="missing" on /other/.',
    ]


def test_absolute_links_map_to_files_and_other_origins_are_external(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page(
                f'<a href="{PUBLIC}/exists/">ok</a><a href="{PUBLIC}/gone/">bad</a>'
                '<a href="http://blog.example.org/exists/">other scheme: external</a>'
                '<a href="https://cdn.example.net/x.js">external</a>'
            ),
            "exists/index.html": page("x"),
        },
    )
    assert problems_of(site) == [
        f'index.html: Broken link: <a href="{PUBLIC}/gone/"> — nothing in the output '
        "at gone/index.html."
    ]


def test_a_site_under_a_path_flags_links_outside_it(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page('<a href="/blog/a/">ok</a><a href="/a/">outside</a>'),
            "a/index.html": page("x"),
        },
        public_url="https://example.org/blog",
    )
    messages = problems_of(site)
    assert messages == [
        'index.html: <a href="/a/"> points outside the site: https://example.org/a/ '
        "is on the site's host but not under https://example.org/blog/."
    ]


def test_stylesheet_references_are_checked(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page("", head='<link rel="stylesheet" href="/theme/s.css">'),
            "theme/s.css": "/* url(commented.png) */"
            " @font-face{src:url('fonts/x.woff2')}"
            " .a{background:url(data:image/png;base64,AAAA)} .b{fill:url(#g)}",
        },
    )
    [problem] = links.run(site).problems
    assert problem.page == "theme/s.css"
    assert "fonts/x.woff2" in problem.message


def test_feed_entry_links_sitemap_and_robots_are_checked(tmp_path):
    atom = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        f'<link href="{PUBLIC}/" rel="alternate"/>'
        f'<link href="{PUBLIC}/feeds/all.atom.xml" rel="self"/>'
        f"<id>{PUBLIC}/</id><updated>2024-01-01T00:00:00Z</updated>"
        f'<entry><title>a</title><link href="{PUBLIC}/2024/01/a/" rel="alternate"/>'
        "<id>a</id><updated>2024-01-01T00:00:00Z</updated></entry>"
        f'<entry><title>b</title><link href="{PUBLIC}/2024/01/gone/" rel="alternate"/>'
        "<id>b</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>"
    )
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9"><url><loc>{PUBLIC}/</loc></url>'
        f"<url><loc>{PUBLIC}/old/</loc></url></urlset>"
    )
    site = make_site(
        tmp_path,
        {
            "index.html": page("x"),
            "2024/01/a/index.html": page("a"),
            "feeds/all.atom.xml": atom,
            "sitemap.xml": sitemap,
            "robots.txt": f"User-agent: *\nAllow: /\nSitemap: {PUBLIC}/sitemap2.xml\n",
        },
    )
    messages = problems_of(site)
    assert len(messages) == 3, messages
    assert any(
        m.startswith("feeds/all.atom.xml: Broken link: the entry link")
        and "2024/01/gone/" in m
        for m in messages
    )
    assert any(m.startswith("sitemap.xml:") and "/old/" in m for m in messages)
    assert any(m.startswith("robots.txt:") and "sitemap2.xml" in m for m in messages)


def test_javascript_urls_and_repeats(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page(
                '<a href="javascript:void(0)">x</a>'
                '<a href="/gone/">1</a><a href="/gone/">2</a>'
            )
        },
    )
    messages = problems_of(site)
    assert any("javascript: URL" in m for m in messages)
    assert any(m.endswith("(2 times)") and "/gone/" in m for m in messages)


def test_svg_use_references(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": page(
                '<svg><use href="/theme/icons.svg#rss"></use></svg>'
                '<svg><use xlink:href="/theme/icons.svg#mail"></use></svg>'
                '<svg><use href="/theme/missing.svg#x"></use></svg>'
            ),
            "theme/icons.svg": '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
        },
    )
    [message] = problems_of(site)
    assert "missing.svg" in message


def test_public_url_is_read_from_the_build(tmp_path):
    make_site(
        tmp_path,
        {
            "index.html": page(
                "x", head='<link rel="canonical" href="https://a.example/">'
            )
        },
    )
    assert detect_public_url(tmp_path) == "https://a.example/"
    assert Site.load(tmp_path).public_url == "https://a.example"


page_paths = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=12),
    min_size=0,
    max_size=3,
)


@settings(max_examples=40, deadline=None)
@given(parts=page_paths, absolute=st.booleans())
def test_every_page_address_maps_back_to_its_file(tmp_path_factory, parts, absolute):
    root = tmp_path_factory.mktemp("roundtrip")
    relpath = "/".join([*parts, "index.html"])
    site = make_site(root, {relpath: page("x")})
    address = site.address(relpath)
    href = address if absolute else site.site_path(relpath)
    target = site.classify(href, site.address("index.html"))
    assert target.kind == "internal"
    assert site.file_for(target.path) == relpath
