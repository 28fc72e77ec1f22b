"""Treat post metadata as text, never as markup.

Pelican hands titles and summaries to the theme as HTML (typogrify's output),
so a title such as ``<img onerror=...>`` would reach readers' browsers as an
element. This reader escapes those values *before* typogrify runs, so the
typography still happens and the markup arrives as visible text. Everything
else the theme prints is escaped by Jinja's autoescape.

It also checks ``original_url``: only http(s) addresses become links.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import urlsplit

from pelican import signals
from pelican.readers import MarkdownReader

logger = logging.getLogger(__name__)

HTML_VALUED_FIELDS = ("title", "summary")


class PlainMetadataMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with HTML-valued metadata escaped."""

    def _parse_metadata(self, meta):
        output = super()._parse_metadata(meta)
        for name in HTML_VALUED_FIELDS:
            if isinstance(output.get(name), str):
                output[name] = html.escape(output[name], quote=False)
        url = output.get("original_url")
        if url is not None and not is_web_address(url):
            logger.error(
                "%s: original_url %r is not an http(s) address; it is ignored. "
                "Write the full address, such as https://example.com/post/.",
                self._source_path,
                url,
            )
            del output["original_url"]
        return output


def is_web_address(value: object) -> bool:
    """True for an absolute http(s) URL with a host, and nothing else."""
    if not isinstance(value, str) or any(c.isspace() for c in value.strip()):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def use_plain_metadata_reader(readers) -> None:
    for extension in PlainMetadataMarkdownReader.file_extensions:
        readers.reader_classes[extension] = PlainMetadataMarkdownReader


def register() -> None:
    signals.readers_init.connect(use_plain_metadata_reader)
