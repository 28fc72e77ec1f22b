"""What a post's body implies, worked out once, when the post is read.

Reading time and the default summary depend only on the body, yet Pelican
(and pelican-readtime) recompute them on every build. Computed inside the
Markdown reader, they land in Pelican's content cache with the body.

- ``reading_time``: whole minutes (at least one) at READING_WORDS_PER_MINUTE,
  counting prose only: scripts, styles, SVG and collapsed data tables are
  not read. pelican-readtime counts every token of the HTML, chart JSON
  included.
- ``summary``: when the post gives none, the first SUMMARY_MAX_LENGTH words,
  as Pelican would cut them, minus hidden placeholders (a chart block's).
  A cut that holds an intrasite link ({filename}...) is left to Pelican,
  which resolves those links only in the body.
"""

from __future__ import annotations

import html
import math
import re

from pelican import signals
from pelican.readers import MarkdownReader
from pelican.utils import truncate_html_paragraphs, truncate_html_words

NOT_PROSE = re.compile(
    r"<(script|style|svg|details)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’]\w+)*")
HIDDEN_PLACEHOLDER = re.compile(r"<div\b[^>]*\bhidden\b[^>]*></div>")
INTRASITE = re.compile(r"\{(?:filename|static|attach|category|tag|author|index)\}")
DEFAULT_WORDS_PER_MINUTE = 230


def count_words(markup: str) -> int:
    text = html.unescape(TAG.sub(" ", NOT_PROSE.sub(" ", markup)))
    return len(WORD.findall(text))


def reading_minutes(markup: str, words_per_minute: int) -> int:
    """At least one minute: a reader always spends some time on a post."""
    return max(1, math.ceil(count_words(markup) / words_per_minute))


def default_summary(markup: str, settings: dict) -> str | None:
    prose = HIDDEN_PLACEHOLDER.sub("", markup)
    paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if paragraphs is not None:
        prose = truncate_html_paragraphs(prose, paragraphs)
    length = settings.get("SUMMARY_MAX_LENGTH")
    summary = (
        prose
        if length is None
        else truncate_html_words(prose, length, settings.get("SUMMARY_END_SUFFIX", "…"))
    )
    return None if INTRASITE.search(summary) else summary


def with_derived_metadata(reader_class: type) -> type:
    class DerivedMetadataReader(reader_class):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            wpm = self.settings.get(
                "READING_WORDS_PER_MINUTE", DEFAULT_WORDS_PER_MINUTE
            )
            metadata.setdefault("reading_time", reading_minutes(content or "", wpm))
            if "summary" not in metadata and content:
                summary = default_summary(content, self.settings)
                if summary is not None:
                    metadata["summary"] = summary
            return content, metadata

    DerivedMetadataReader.__name__ = reader_class.__name__
    DerivedMetadataReader.__qualname__ = reader_class.__qualname__
    return DerivedMetadataReader


def wrap_markdown_reader(readers) -> None:
    for extension, reader_class in list(readers.reader_classes.items()):
        if isinstance(reader_class, type) and issubclass(reader_class, MarkdownReader):
            readers.reader_classes[extension] = with_derived_metadata(reader_class)


def register() -> None:
    # Connected after cached_typography's (PLUGINS order): it reads the body
    # after typography, as Pelican's own summary would.
    signals.readers_init.connect(wrap_markdown_reader)
