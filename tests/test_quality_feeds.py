"""The feed checker on hand-made feeds."""

from __future__ import annotations

from sitecheck import feeds
from sitecheck.site import Site

PUBLIC = "https://blog.example.org"


def atom(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title>'
        f'<link href="{PUBLIC}/" rel="alternate"/>'
        f'<link href="{PUBLIC}/feeds/all.atom.xml" rel="self"/>'
        f"<id>{PUBLIC}/</id><updated>2024-01-02T00:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    )


def entry(title="A post", link=f"{PUBLIC}/2024/01/a/", date=True, content="<p>Hi</p>"):
    parts = [f"<entry><title>{title}</title>"]
    if link is not None:
        parts.append(f'<link href="{link}" rel="alternate"/>')
    parts.append(f"<id>tag:blog.example.org,2024:{title}</id>")
    if date:
        parts.append(
            "<published>2024-01-01T09:00:00Z</published>"
            "<updated>2024-01-01T09:00:00Z</updated>"
        )
    if content is not None:
        escaped = content.replace("&", "&amp;").replace("<", "&lt;")
        parts.append(f'<content type="html">{escaped}</content>')
    parts.append("</entry>")
    return "".join(parts)


def check(text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return feeds.check_feed("feeds/all.atom.xml", data)


def test_a_good_feed_passes():
    problems, count = check(atom(entry(), entry(title="Another")))
    assert problems == []
    assert count == 2


def test_malformed_xml_is_bozo():
    problems, _ = check(atom(entry()).replace("</feed>", "<broken></feed>"))
    assert any("Feed readers reject this feed" in p.message for p in problems)
    assert all(p.page == "feeds/all.atom.xml" and p.check == "feeds" for p in problems)


def test_control_character_is_bozo():
    problems, _ = check(atom(entry(title="Bad \x0b title")))
    assert problems
    assert "reject" in problems[0].message


def test_relative_entry_link():
    [problem], _ = check(atom(entry(link="/2024/01/a/")))
    assert 'links to "/2024/01/a/", which is not absolute' in problem.message
    assert "FEED_DOMAIN" in problem.fix


def test_missing_link_date_and_content():
    problems, _ = check(atom(entry(title="Bare", link=None, date=False, content=None)))
    messages = [p.message for p in problems]
    assert 'The entry 1 ("Bare") has no link.' in messages
    assert 'The entry 1 ("Bare") has no date (published or updated).' in messages
    assert 'The entry 1 ("Bare") has no content.' in messages


def test_rss_description_counts_as_content():
    rss = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>B</title>'
        f"<link>{PUBLIC}/</link><description>d</description>"
        f"<item><title>T</title><link>{PUBLIC}/t/</link>"
        "<description>Body</description>"
        "<pubDate>Mon, 01 Jan 2024 09:00:00 +0000</pubDate></item></channel></rss>"
    )
    assert check(rss) == ([], 1)


def test_not_a_feed():
    problems, count = check('<?xml version="1.0"?><something/>')
    assert count == 0
    assert any("Not a feed" in p.message for p in problems)


def test_run_finds_every_feed_of_an_output(tmp_path):
    (tmp_path / "feeds" / "tag").mkdir(parents=True)
    (tmp_path / "feeds" / "all.atom.xml").write_text(atom(entry()), "utf-8")
    (tmp_path / "feeds" / "tag" / "x.atom.xml").write_text(
        atom(entry(link="relative/")), "utf-8"
    )
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9"></urlset>',
        "utf-8",
    )
    site = Site.load(tmp_path)
    assert site.public_url == PUBLIC  # read from the feed's self link
    result = feeds.run(site)
    assert result.stats == {"feeds": 2, "entries": 2}
    assert [p.page for p in result.problems] == ["feeds/tag/x.atom.xml"]
