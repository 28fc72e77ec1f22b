"""Every post and page at an address of its own, inside the output.

The older of two posts with one URL keeps it; the newer one, and a post
whose URL the site already uses for another page (the home page, a month
archive, the tags index, a feed), is an error and is not built. Pelican's
own message for a page written outside the output is reworded.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
from itertools import chain

from sitekit import pelican_seam
from sitekit.content_lists import HELD_LISTS
from sitekit.metadata_lines import metadata_line

from .links import link_problems
from .messages import guard
from .order import by_age
from .templates import template_problem

# An explicit Slug: longer than this would not fit in a file name.
MAX_EXPLICIT_SLUG = 200
PAGINATED = re.compile(r"(^|/)page/\d+/index\.html$")


def _remove(content, generator, lists) -> None:
    for name in lists:
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [c for c in items if c is not content]
    generated = generator.context.get("generated_content", {})
    for key in [k for k, v in generated.items() if v is content]:
        del generated[key]


def _save_as(content) -> str | None:
    try:
        save_as = content.save_as
    except Exception:
        return None
    return posixpath.normpath(save_as) if save_as else None


def reserved_outputs(settings, articles) -> set[str]:
    """Paths the site writes besides posts and pages, from the settings."""
    reserved = set()
    for name in settings.get("DIRECT_TEMPLATES", ()):
        reserved.add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"))
    reserved.update(settings.get("TEMPLATE_PAGES", {}).values())
    reserved.update(("sitemap.xml", "robots.txt", "404.html"))
    for key, value in settings.items():
        feed = key.endswith(("_FEED_ATOM", "_FEED_RSS"))
        if feed and isinstance(value, str) and "{" not in value:
            reserved.add(value)
    for extra in settings.get("EXTRA_PATH_METADATA", {}).values():
        if isinstance(extra, dict) and extra.get("path"):
            reserved.add(extra["path"])
    for article in articles:
        date = getattr(article, "date", None)
        if date is not None:
            for period in ("YEAR", "MONTH", "DAY"):
                pattern = settings.get(f"{period}_ARCHIVE_SAVE_AS")
                if pattern:
                    reserved.add(pattern.format(date=date))
        taxonomies = [*getattr(article, "tags", []), *getattr(article, "authors", [])]
        if getattr(article, "category", None) is not None:
            taxonomies.append(article.category)
        for item in taxonomies:
            with contextlib.suppress(Exception):
                reserved.add(item.save_as)
    return {posixpath.normpath(p) for p in reserved if p}


def _reserved_prefix(save_as: str, settings) -> bool:
    if PAGINATED.search(save_as):
        return True
    return any(save_as.startswith(prefix) for prefix in ("theme/", "feeds/"))


def check_contents(generator, lists, others=(), kind="post") -> None:
    """Templates, links and URLs of the contents in ``lists``."""
    contents = [
        content
        for name in lists
        for content in (getattr(generator, name, None) or [])
        if isinstance(getattr(generator, name, None), list)
    ]
    unique = list({id(c): c for c in contents}.values())
    for content in sorted(unique, key=by_age):
        problem = template_problem(generator, content)
        if problem:
            guard.error(
                content.source_path,
                metadata_line(content.source_path, "template"),
                problem + f" (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        for line, message in link_problems(content):
            guard.error(content.source_path, line, message)

    published = [
        a
        for a in chain(
            generator.context.get("articles") or [],
            getattr(generator, "articles", None) or [],
            *(getattr(generator, name, None) or [] for name in HELD_LISTS),
        )
    ]
    reserved = reserved_outputs(generator.settings, published)
    taken: dict[str, object] = {}
    for other in others:
        save_as = _save_as(other)
        if save_as:
            taken.setdefault(save_as, other)
    remaining = [c for name in lists for c in (getattr(generator, name, None) or [])]
    for content in sorted({id(c): c for c in remaining}.values(), key=by_age):
        save_as = _save_as(content)
        if save_as is None or save_as.startswith(".."):
            continue  # Pelican refuses it with its own message
        line = metadata_line(content.source_path, "save_as") or metadata_line(
            content.source_path, "slug"
        )
        url = save_as.removesuffix("index.html")
        if any(len(part.encode()) > MAX_EXPLICIT_SLUG for part in save_as.split("/")):
            guard.error(
                content.source_path,
                line,
                f"its URL is too long for a file name (over {MAX_EXPLICIT_SLUG} "
                f"characters); give it a shorter Slug: (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        elif save_as in taken:
            holder = taken[save_as]
            guard.error(
                content.source_path,
                line,
                f"its URL /{url} is already the URL of "
                f"{guard.display(holder.source_path)}; give it a Slug: of its "
                f"own (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        elif save_as in reserved or _reserved_prefix(save_as, generator.settings):
            guard.error(
                content.source_path,
                line,
                f"its URL /{url} belongs to another page of the site; give it "
                f"a Slug: of its own (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        else:
            taken[save_as] = content


def reword_outside_output() -> None:
    """Pelican's "Skipping /abs/path: file '../x.html' would be written
    outside output path", in the words of every other content error: the
    file as the author knows it, the line that sends the page out, the fix."""

    def outside(content, target) -> str:
        path = getattr(content, "source_path", None) or str(content)
        key = "Save_as" if metadata_line(path, "save_as") else "Slug"
        line = metadata_line(path, key)
        where = guard.display(path) + (f":{line}" if line else "")
        return (
            f"{where}: this page would be written to {target!r}, outside the "
            f"site's folder; take the '../' out of its {key}: line (it is not "
            "built)"
        )

    pelican_seam.reword(pelican_seam.OUTSIDE_OUTPUT, outside)
