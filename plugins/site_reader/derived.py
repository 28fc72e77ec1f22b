"""What a post's body implies, worked out once, when the post is read.

Reading time and the default summary depend only on the body, yet Pelican
(and pelican-readtime) recompute them on every build. Computed by the
reader, they land in Pelican's content cache with the body.

- ``reading_time``: whole minutes (at least one) at READING_WORDS_PER_MINUTE,
  counting prose only: scripts, styles, SVG and collapsed data tables are
  not read. pelican-readtime counts every token of the HTML, chart JSON
  included.
- ``summary``: when the post gives none, the first SUMMARY_MAX_LENGTH words
  of its prose, as Pelican would cut them, but safe to show on a listing
  beside other summaries (no ids, embeds or scripts: see summary.py).
  Intrasite links ({filename}...) in it are resolved once every post is
  known (resolve_summary_links), as Pelican resolves them in bodies.

A ``Summary:`` the author wrote is text (metadata.py) and is kept as written.
"""

from __future__ import annotations

import html
import math
import re

from sitekit.content_lists import all_contents
from sitekit.pelican_seam import resolve_intrasite_links

from .summary import default_summary

NOT_PROSE = re.compile(
    r"<(script|style|svg|details)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’]\w+)*")
INTRASITE = re.compile(r"\{(?:filename|static|attach|category|tag|author|index)\}")
DEFAULT_WORDS_PER_MINUTE = 230


def count_words(markup: str) -> int:
    text = html.unescape(TAG.sub(" ", NOT_PROSE.sub(" ", markup)))
    return len(WORD.findall(text))


def reading_minutes(markup: str, words_per_minute: int) -> int:
    """At least one minute: a reader always spends some time on a post."""
    return max(1, math.ceil(count_words(markup) / words_per_minute))


def add_derived_metadata(content: str, metadata: dict, settings) -> None:
    """reading_time, and the default summary when the post wrote none."""
    wpm = settings.get("READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE)
    metadata.setdefault("reading_time", reading_minutes(content or "", wpm))
    if "summary" not in metadata and content:
        metadata["summary"] = default_summary(content, settings)


class SummaryLinks:
    """Resolves summary links once every content is known, and before any
    plugin can read a summary: Pelican memoizes a content's summary the
    first time it is read, so a plugin reading it on the same signal would
    keep the unresolved one, depending on the order of PLUGINS. The static
    generator always runs last, after every other generator's context; its
    signal comes before all_generators_finalized, where plugins read
    summaries."""

    def __init__(self) -> None:
        self.generators: list = []

    def reset(self, *_) -> None:
        self.generators = []

    def remember(self, generator) -> None:
        self.generators.append(generator)

    def resolve(self, static_generator) -> None:
        resolve_summary_links([*self.generators, static_generator])
        self.generators = []


summary_links = SummaryLinks()


def resolve_summary_links(generators) -> None:
    """Intrasite links in default summaries, resolved as Pelican resolves
    them in a body, now that every post and file is known. A written
    Summary: is escaped text, in which no link can match."""
    for content in all_contents(generators):
        summary = content.metadata.get("summary")
        if isinstance(summary, str) and INTRASITE.search(summary):
            content.metadata["summary"] = resolve_intrasite_links(content, summary)
