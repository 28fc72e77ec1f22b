"""A post's metadata is text, never markup.

Pelican hands titles and summaries to the theme as HTML (typogrify's output),
so a title such as ``<img onerror=...>`` would reach readers' browsers as an
element. The reader escapes those values before typography runs, so the
typography still happens and the markup arrives as visible text; everything
else the theme prints is escaped by Jinja's autoescape.

``Original_url`` becomes a link only when it is an http(s) address.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import urlsplit

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED
from sitekit.metadata_lines import metadata_line
from sitekit.paths import display_path

from .problems import PostError

logger = logging.getLogger(__name__)

HTML_VALUED_FIELDS = ("title", "summary")
DATE_FIELDS = ("date", "modified")


def parse(reader, meta: dict, source_path: str, lines: tuple[str, ...]) -> dict:
    """Python-Markdown's ``Meta`` -> Pelican metadata, as Pelican parses it
    (one value per key, except lists Pelican allows), each value through the
    reader's process_metadata, dates checked, HTML-valued fields escaped."""
    output = {}
    for name, values in meta.items():
        name = name.lower()
        if not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True):
            if len(values) > 1:
                logger.warning(
                    "%s:%s: %s is given %d times; the first one is used",
                    display_path(source_path, reader.settings["PATH"]),
                    metadata_line(source_path, name, lines) or 1,
                    name.title(),
                    len(values),
                )
            value = values[0]
        else:
            value = values if len(values) > 1 else values[0]
        output[name] = processed(reader, name, value, source_path, lines)
    return escaped(output, source_path, lines, reader.settings)


def processed(reader, name: str, value, source_path: str, lines) -> object:
    """reader.process_metadata, with a clear error for a date that is not."""
    try:
        return reader.process_metadata(name, value)
    except (ValueError, TypeError, OverflowError):
        if name not in DATE_FIELDS:
            raise
        key = "Date" if name == "date" else "Modified"
        raise PostError(
            metadata_line(source_path, name, lines),
            f"{key}: {str(value).strip()!r} is not a date; write it as "
            "2024-01-31 or 2024-01-31 14:30 (it is not built)",
        ) from None


def escaped(output: dict, source_path: str, lines, settings) -> dict:
    for name in HTML_VALUED_FIELDS:
        if isinstance(output.get(name), str):
            output[name] = html.escape(output[name], quote=False)
    url = output.get("original_url")
    if url is not None and not is_web_address(url):
        line = metadata_line(source_path, "original_url", lines)
        logger.error(
            "%s%s: original_url %r is not an http(s) address; it is ignored. "
            "Write the full address, such as https://example.com/post/.",
            display_path(source_path, settings["PATH"]),
            f":{line}" if line else "",
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
