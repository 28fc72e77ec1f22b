"""What a post's body implies, worked out once, when the post is read.

Reading time and the default summary depend only on the body, yet Pelican
(and pelican-readtime) recompute them on every build. Computed inside the
Markdown reader, they land in Pelican's content cache with the body.

- ``reading_time``: whole minutes (at least one) at READING_WORDS_PER_MINUTE,
  counting prose only: scripts, styles, SVG and collapsed data tables are
  not read. pelican-readtime counts every token of the HTML, chart JSON
  included.
- ``summary``: when the post gives none, the first SUMMARY_MAX_LENGTH words
  of its prose, as Pelican would cut them, but safe to show on a listing
  beside other summaries (no ids, embeds or scripts: see summary.py).
  Posts from other readers (reST, HTML) get the same when Pelican creates
  them. Intrasite links ({filename}...) in a summary are resolved once
  every post is known, as Pelican resolves them in bodies.

A ``Summary:`` the author wrote is text (plugins/plain_metadata) and is kept
as written.
"""

from __future__ import annotations

import html
import math
import re
from itertools import chain

from pelican import signals
from pelican.contents import Article, Page
from pelican.readers import MarkdownReader

from .summary import default_summary

NOT_PROSE = re.compile(
    r"<(script|style|svg|details)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’]\w+)*")
INTRASITE = re.compile(r"\{(?:filename|static|attach|category|tag|author|index)\}")
DEFAULT_WORDS_PER_MINUTE = 230
# Every list of contents Pelican's article and page generators keep.
CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def count_words(markup: str) -> int:
    text = html.unescape(TAG.sub(" ", NOT_PROSE.sub(" ", markup)))
    return len(WORD.findall(text))


def reading_minutes(markup: str, words_per_minute: int) -> int:
    """At least one minute: a reader always spends some time on a post."""
    return max(1, math.ceil(count_words(markup) / words_per_minute))


def with_derived_metadata(reader_class: type) -> type:
    class DerivedMetadataReader(reader_class):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            wpm = self.settings.get(
                "READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE
            )
            metadata.setdefault("reading_time", reading_minutes(content or "", wpm))
            if "summary" not in metadata and content:
                metadata["summary"] = default_summary(content, self.settings)
            return content, metadata

    DerivedMetadataReader.__name__ = reader_class.__name__
    DerivedMetadataReader.__qualname__ = reader_class.__qualname__
    return DerivedMetadataReader


def wrap_markdown_reader(readers) -> None:
    for extension, reader_class in list(readers.reader_classes.items()):
        if isinstance(reader_class, type) and issubclass(reader_class, MarkdownReader):
            readers.reader_classes[extension] = with_derived_metadata(reader_class)


def summarise_other_readers(content) -> None:
    """The same summary for a post no wrapped reader read (reST, HTML), in
    place of Pelican's, which keeps ids and embeds."""
    if not isinstance(content, Article | Page) or "summary" in content.metadata:
        return
    if content._content:
        content.metadata["summary"] = default_summary(
            content._content, content.settings
        )


def resolve_summary_links(generators) -> None:
    """Intrasite links in default summaries, resolved as Pelican resolves
    them in a body, now that every post and file is known. A written
    Summary: is escaped text, in which no link can match."""
    for generator in generators:
        for content in chain.from_iterable(
            getattr(generator, name, ()) for name in CONTENT_LISTS
        ):
            summary = content.metadata.get("summary")
            if isinstance(summary, str) and INTRASITE.search(summary):
                resolved = content._update_content(summary, content.get_siteurl())
                content.metadata["summary"] = resolved


def register() -> None:
    # Connected after cached_typography's (PLUGINS order): it reads the body
    # after typography, as Pelican's own summary would.
    signals.readers_init.connect(wrap_markdown_reader)
    signals.content_object_init.connect(summarise_other_readers)
    # Before seo's handler of the same signal (PLUGINS order), which reads
    # summaries for meta descriptions.
    signals.all_generators_finalized.connect(resolve_summary_links)
