"""sitemap.xml from the pages Pelican writes.

pelican-sitemap stamps every index page with the time of the build, so two
builds of the same sources differ. Here an index page's date is the newest
post it lists, and a page without a date has no <lastmod>.
"""

from __future__ import annotations

import logging
import os
from xml.sax.saxutils import escape

from sitekit import outputs
from sitekit.public_url import public_siteurl

from .dates import machine_datetime

logger = logging.getLogger(__name__)

EXCLUDED_FILES = {"404.html", "robots.txt"}
SITEMAP = "sitemap.xml"


class SitemapCollector:
    def __init__(self) -> None:
        self.entries: dict[str, object] = {}

    def reset(self, pelican) -> None:
        self.entries = {}
        outputs.declare(SITEMAP)

    def add(self, path: str, context: dict) -> None:
        """Remember a written page and the date it was last changed."""
        if context.get("noindex"):
            return  # a page written to send readers on (plugins/old_blog)
        content = context.get("article") or context.get("page")
        if content is not None and (
            getattr(content, "status", "published") != "published"
        ):
            return
        self.entries[os.path.abspath(path)] = last_changed(content, context)

    def write(self, pelican) -> None:
        settings = pelican.settings
        output = os.path.abspath(pelican.output_path)
        base = public_siteurl(settings)
        urls = []
        for path, date in self.entries.items():
            relative = os.path.relpath(path, output).replace(os.sep, "/")
            if (
                relative in EXCLUDED_FILES
                or relative.startswith("drafts/")
                or not relative.endswith(".html")  # _headers, robots.txt
            ):
                continue
            if relative.endswith("index.html"):
                relative = relative[: -len("index.html")]
            urls.append((f"{base}/{relative}", date))
        urls.sort()
        lines = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        ]
        for url, date in urls:
            lastmod = f"<lastmod>{machine_datetime(date)}</lastmod>" if date else ""
            lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}</url>")
        lines.append("</urlset>\n")
        target = os.path.join(output, SITEMAP)
        with open(target, "w", encoding="utf-8") as file:
            file.write("\n".join(lines))
        logger.info("Writing %s (%d URLs)", target, len(urls))


def last_changed(content, context: dict):
    if content is not None:
        return getattr(content, "modified", None) or getattr(content, "date", None)
    listed = context.get("articles_page")
    articles = listed.object_list if listed is not None else context.get("articles")
    dates = [getattr(a, "modified", None) or a.date for a in (articles or [])]
    return max(dates) if dates else None
