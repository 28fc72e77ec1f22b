"""Every list of contents Pelican's generators keep, named once.

Plugins that attach something to each post (share links, SEO data, pinned
URLs) must agree on which posts those are; written out in each, the lists
drifted apart (SEO data was missing on hidden posts that had a share bar).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)
CONTENT_LISTS = tuple(dict.fromkeys((*ARTICLE_LISTS, *PAGE_LISTS)))
# Posts a build reads but does not write: dated after the build's "now" in a
# publish build (plugins/scheduled_posts). Plugins that check what authors
# wrote (chart errors) read them; nothing publishes them.
HELD_LISTS = ("scheduled_articles",)


def contents_of(generator, lists: Iterable[str] = CONTENT_LISTS) -> Iterator:
    """Each content a generator holds in ``lists``, once, in list order."""
    seen: set[int] = set()
    for content in chain.from_iterable(
        items
        for name in lists
        if isinstance(items := getattr(generator, name, None), list)
    ):
        if id(content) not in seen:
            seen.add(id(content))
            yield content


def all_contents(generators: Iterable) -> Iterator:
    """Every article and page of a build: published, hidden, drafts and
    their translations."""
    for generator in generators:
        yield from contents_of(generator)
