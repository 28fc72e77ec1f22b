"""Which static files are copied to the output.

- Never one whose real path is outside content/ (a symlink in
  content/data/ to a private file, or to a folder on its path).
- Never a data file (CSV, TSV) that nothing the build writes asks for as it
  is: exports hold columns no chart plots, account headers and personal
  data. A chart with ``download: raw`` asks for its file
  (sitekit.published_data); every other chart serves the table it plots.
  A ``{static}`` link in a post's text to such a file is an error naming
  the post and line, never a dead link.
"""

from __future__ import annotations

import logging
import os
import re

from sitekit import published_data
from sitekit.metadata_lines import text_line
from sitekit.paths import inside
from sitekit.pelican_seam import body_html

from .messages import guard

logger = logging.getLogger(__name__)

# Lists of what the build writes, as the shared context names them.
WRITTEN_LISTS = ("articles", "hidden_articles", "drafts", "pages", "hidden_pages")
STATIC_LINK = re.compile(r"""\{(?:static|attach)\}(?P<path>[^"'\s?#>]+)""")


def check_static_files(generator) -> None:
    kept = []
    output = guard.output_root
    unpublished = set()
    for static in generator.staticfiles:
        source = static.source_path
        target = os.path.normpath(os.path.join(output, static.save_as))
        if guard.inside_content(source) and inside(target, output):
            relative = relative_source(static)
            if published_data.is_data_file(relative) and (
                relative not in published_data.requested()
            ):
                unpublished.add(relative)
                logger.debug("Not publishing %s: no chart publishes it", relative)
            else:
                kept.append(static)
                continue
        else:
            refuse_outside(generator, source)
        static_content = generator.context.get("static_content", {})
        for key in [k for k, v in static_content.items() if v is static]:
            del static_content[key]
    generator.staticfiles[:] = kept
    if unpublished:
        report_links_to(unpublished, generator.context)


def relative_source(static) -> str:
    """A static file's path relative to content/, with forward slashes."""
    relative = os.path.relpath(os.path.realpath(static.source_path), guard.content_root)
    return relative.replace(os.sep, "/")


def refuse_outside(generator, source: str) -> None:
    lexical = os.path.normpath(os.path.abspath(source))
    if inside(lexical, os.path.abspath(generator.path)) or inside(
        lexical, guard.content_root
    ):
        # In content/ by name, elsewhere in fact: a symlink (to the file
        # or to a folder on its path) that leads out.
        relative = os.path.relpath(lexical, os.path.abspath(generator.path))
        guard.error(
            source,
            None,
            "a link to a file outside the content folder; it is not "
            "published (copy the file into content/ instead)",
            shown=os.path.basename(guard.content_root)
            + "/"
            + relative.replace(os.sep, "/"),
        )
    else:
        logger.debug("Not publishing %s: outside the content folder", source)


def report_links_to(unpublished: set[str], context: dict) -> None:
    """A post's own {static} link to a data file that is not published."""
    seen = set()
    for name in WRITTEN_LISTS:
        for content in context.get(name) or ():
            if id(content) in seen or not content.save_as:
                continue
            seen.add(id(content))
            for link in links_to_data(content, unpublished):
                guard.error(
                    content.source_path,
                    text_line(content.source_path, link),
                    f"the link {link} points to a data file that is not "
                    "published: a CSV is published as it is only by a chart "
                    "block with 'download: raw' (its columns are then "
                    "checked for personal data). Chart it that way, or link "
                    "to the chart instead",
                )


def links_to_data(content, unpublished: set[str]) -> list[str]:
    html = body_html(content)
    if "{static}" not in html and "{attach}" not in html:
        return []  # most posts: no regular expression to run
    found = []
    folder = os.path.dirname(
        os.path.relpath(os.path.realpath(content.source_path), guard.content_root)
    )
    for match in STATIC_LINK.finditer(html):
        path = match.group("path")
        target = (
            path.lstrip("/")
            if path.startswith("/")
            else os.path.normpath(os.path.join(folder, path)).replace(os.sep, "/")
        )
        if target in unpublished:
            found.append(match.group(0))
    return found
