"""One small pure function per share service.

Each function takes the title and absolute URL, both already percent-encoded,
and the content object, and returns the share address. Where
pelican-share-post builds an address that still works, we call its function;
we write our own only where it falls short (noted on each).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from pelican.plugins.share_post import share_post

from . import icons

LinkBuilder = Callable[[str, str, object], str]


@dataclass(frozen=True)
class Service:
    key: str
    label: str
    build: LinkBuilder
    icon: str


def x_link(title: str, url: str, content: object) -> str:
    # share-post's twitter link appends tag slugs as hashtags; a slug such as
    # "social-strategies" breaks at the hyphen into the wrong hashtag.
    return f"https://x.com/intent/post?text={title}&url={url}"


def mastodon_link(title: str, url: str, content: object) -> str:
    # share-post's link leaves spaces between hashtags unencoded (an invalid
    # URL) and goes through the old toot.kytta.dev name of Share₂Fedi.
    text = quote("\n", safe="").join((title, url))
    return f"https://s2f.kytta.dev/?text={text}"


def linkedin_link(title: str, url: str, content: object) -> str:
    # share-post's link uses the old shareArticle endpoint with a summary that
    # LinkedIn no longer reads, and parses every post's summary with
    # BeautifulSoup to build it: the slowest part of a rebuild.
    return f"https://www.linkedin.com/sharing/share-offsite/?url={url}"


def email_link(title: str, url: str, content: object) -> str:
    # share-post's email link arrives pre-escaped (&amp;), which the theme's
    # autoescape would escape again.
    return f"mailto:?subject={title}&body={url}"


SERVICES: dict[str, Service] = {
    service.key: service
    for service in (
        Service(
            "facebook", "Facebook", share_post.create_link_facebook, icons.FACEBOOK
        ),
        Service("x", "X", x_link, icons.X),
        Service("linkedin", "LinkedIn", linkedin_link, icons.LINKEDIN),
        Service("reddit", "Reddit", share_post.create_link_reddit, icons.REDDIT),
        Service(
            "hacker-news",
            "Hacker News",
            share_post.create_link_hacker_news,
            icons.HACKER_NEWS,
        ),
        Service("bluesky", "Bluesky", share_post.create_link_bluesky, icons.BLUESKY),
        Service("mastodon", "Mastodon", mastodon_link, icons.MASTODON),
        Service("email", "email", email_link, icons.EMAIL),
    )
}
