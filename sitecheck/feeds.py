"""Feeds: feedparser reads every Atom/RSS feed of the output without
complaint (``bozo == 0``), and every entry has an absolute link, a date and
content. (Whether the links lead anywhere is the link check's job.)
"""

from __future__ import annotations

from urllib.parse import urlsplit

import feedparser

from .problems import CheckResult, Problem
from .site import Site

NAME = "feeds"


def run(site: Site) -> CheckResult:
    result = CheckResult(NAME)
    entries = 0
    for feed in site.feeds:
        problems, count = check_feed(feed, (site.folder / feed).read_bytes())
        result.problems += problems
        entries += count
    result.stats = {"feeds": len(site.feeds), "entries": entries}
    return result


def check_feed(name: str, data: bytes) -> tuple[list[Problem], int]:
    """One feed's problems (``name``: its path in the output) and entry count."""
    parsed = feedparser.parse(data)
    problems: list[Problem] = []
    if parsed.bozo:
        problems.append(
            Problem(
                name,
                NAME,
                f"Feed readers reject this feed: {parsed.get('bozo_exception')}.",
                "Pelican writes feeds, so the cause is usually in a post: a control "
                "character or stray markup in a title, summary or body. Fix the post; "
                "if every feed fails, look at the FEED_* settings.",
            )
        )
    if parsed.version == "" and not parsed.entries:
        problems.append(
            Problem(
                name,
                NAME,
                "Not a feed that feedparser recognises (neither Atom nor RSS).",
                "Feeds must be Atom or RSS: check the FEED_* settings, or move "
                "non-feed XML out of feeds/.",
            )
        )
        return problems, 0
    is_rss = parsed.version.startswith("rss")
    for number, entry in enumerate(parsed.entries, 1):
        label = f'entry {number} ("{entry.get("title", "untitled")}")'
        # The entry's own alternate link: feedparser's entry.link falls back
        # on the entry's id, which is no link for a reader to follow.
        alternates = [
            link.get("href", "")
            for link in entry.get("links", [])
            if link.get("rel", "alternate") == "alternate"
        ]
        link = alternates[0] if alternates else ""
        if not link and is_rss:
            link = entry.get("link", "")
        parts = urlsplit(link)
        if not link:
            problems.append(
                Problem(
                    name,
                    NAME,
                    f"The {label} has no link.",
                    "Set FEED_DOMAIN (pelicanconf.py: FEED_DOMAIN = PUBLIC_SITEURL) "
                    "and make sure the post is published (Status: published).",
                )
            )
        elif parts.scheme not in {"http", "https"} or not parts.netloc:
            problems.append(
                Problem(
                    name,
                    NAME,
                    f'The {label} links to "{link}", which is not absolute.',
                    "Feed readers need absolute links: set FEED_DOMAIN to the public "
                    "URL (pelicanconf.py: FEED_DOMAIN = PUBLIC_SITEURL).",
                )
            )
        if not (entry.get("published_parsed") or entry.get("updated_parsed")):
            problems.append(
                Problem(
                    name,
                    NAME,
                    f"The {label} has no date (published or updated).",
                    "Give the post a Date: line in its metadata.",
                )
            )
        content = "".join(part.get("value", "") for part in entry.get("content", []))
        if not content.strip() and is_rss:
            content = entry.get("summary", "")
        if not content.strip():
            problems.append(
                Problem(
                    name,
                    NAME,
                    f"The {label} has no content.",
                    "Give the post a body; keep full content in feeds "
                    "(FEED_USE_SUMMARY = False, RSS_FEED_SUMMARY_ONLY = False).",
                )
            )
    return problems, len(parsed.entries)
