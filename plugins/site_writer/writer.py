"""A Pelican Writer with feeds fit for feed readers.

- Entry links and content URLs are absolute (``PUBLIC_SITEURL``) in every
  build, so a development build's feeds validate too.
- Entries never carry scripts: chart figures keep their description and data
  table, and lose their script elements and anything marked
  ``data-feed-omit``.
"""

from __future__ import annotations

import re

from pelican import signals
from pelican.writers import Writer

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.DOTALL | re.IGNORECASE)
FEED_OMIT = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bdata-feed-omit\b[^>]*>.*?</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)


def feed_safe(markup: str | None) -> str | None:
    """Remove what a feed entry must not carry."""
    if not markup:
        return markup
    return FEED_OMIT.sub("", SCRIPT.sub("", markup))


class SiteWriter(Writer):
    def write_feed(self, elements, context, *args, **kwargs):
        public = context.get("PUBLIC_SITEURL") or context.get("SITEURL")
        if public:
            context = {**context, "SITEURL": public.rstrip("/")}
        return super().write_feed(elements, context, *args, **kwargs)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        entry = feed.items[-1]
        for key in ("content", "description"):
            entry[key] = feed_safe(entry.get(key))
        # typogrify's no-break space before the last word is for web layout;
        # in a feed reader's title it is just an odd character.
        entry["title"] = entry["title"].replace("\xa0", " ")


def get_writer(pelican):
    return SiteWriter


def register() -> None:
    signals.get_writer.connect(get_writer)
