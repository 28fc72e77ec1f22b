"""One spelling per tag and category URL, the oldest post's.

Two names that slugify alike (``C++`` and ``C#`` are both ``tag/c/``) would
share one page; spellings that differ only in case or separators
(``E-mail``, ``email``) share the oldest post's, so the page's name never
depends on the order in which files were read.
"""

from __future__ import annotations

import re

from sitekit.content_lists import HELD_LISTS
from sitekit.metadata_lines import metadata_line

from .messages import guard
from .order import by_age

# An explicit slug longer than this would not fit in a file name.
MAX_SLUG = 200


def _loose(name: str) -> str:
    """A name with case and separators ignored: 'E-mail' ~ 'e mail'."""
    return " ".join(re.split(r"[\s_\-]+", str(name).casefold())).strip()


def check_taxonomies(generator) -> None:
    """One spelling per tag and category URL, the oldest post's."""
    canonical: dict[tuple[str, str], tuple[object, object]] = {}
    held = [a for name in HELD_LISTS for a in getattr(generator, name, None) or []]
    for article in sorted([*generator.articles, *held], key=by_age):
        category = getattr(article, "category", None)
        if category is not None:
            _check_name(article, category, "Category", canonical)
        tags = getattr(article, "tags", None)
        if not tags:
            continue
        kept, seen = [], {}
        for tag in tags:
            if not tag.slug:
                guard.error(
                    article.source_path,
                    metadata_line(article.source_path, "tags"),
                    f"the tag {tag.name!r} gives an empty URL; write it with "
                    "letters or digits (it is left out)",
                )
                continue
            if len(tag.slug.encode()) > MAX_SLUG:
                guard.error(
                    article.source_path,
                    metadata_line(article.source_path, "tags"),
                    f"the tag {tag.name[:40]!r}… is too long for a URL (over "
                    f"{MAX_SLUG} characters); shorten it (it is left out)",
                )
                continue
            if tag.slug in seen:
                if _loose(seen[tag.slug].name) != _loose(tag.name):
                    guard.error(
                        article.source_path,
                        metadata_line(article.source_path, "tags"),
                        f"the tags {seen[tag.slug].name!r} and {tag.name!r} "
                        f"would share one URL (tag/{tag.slug}/); rename one",
                    )
                continue
            seen[tag.slug] = tag
            if _check_name(article, tag, "Tags", canonical):
                kept.append(tag)
        article.tags = kept
        article.metadata["tags"] = kept


def _check_name(article, item, key: str, canonical) -> bool:
    """False when the name clashes with an older post's (a tag is then left
    out, so the older post's tag page keeps its name and posts)."""
    kind = type(item).__name__.lower()
    slot = (kind, item.slug)
    if slot not in canonical:
        canonical[slot] = (item, article)
        return True
    first, first_article = canonical[slot]
    if item.name == first.name:
        return True
    if _loose(item.name) == _loose(first.name):
        item.name = first.name  # one spelling per page, whatever the file order
        return True
    left_out = " (it is left out)" if kind == "tag" else ""
    guard.error(
        article.source_path,
        metadata_line(article.source_path, key.lower()),
        f"the {kind} {item.name!r} would share the URL {kind}/{item.slug}/ with "
        f"the {kind} {first.name!r} of {guard.display(first_article.source_path)}; "
        f"rename one of them{left_out}",
    )
    return kind != "tag"
