"""Every post a slug that makes a file name: an empty one (an emoji-only
title) takes the file's name; a long title-made one is cut at a hyphen."""

from __future__ import annotations

import os

from pelican.utils import slugify

# Title-derived slugs are cut to this many characters at a hyphen.
MAX_TITLE_SLUG = 80


def fix_slug(content) -> None:
    if type(content).__name__ not in ("Article", "Page") or not content.source_path:
        return
    slug = getattr(content, "slug", None)
    explicit = "slug" in content.metadata
    if slug is not None and not slug.strip("-"):
        stem = os.path.splitext(os.path.basename(content.source_path))[0]
        content.slug = slugify(
            stem,
            regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        )
    elif slug and not explicit and len(slug) > MAX_TITLE_SLUG:
        cut = slug[: MAX_TITLE_SLUG + 1]
        cut = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_TITLE_SLUG]
        content.slug = cut.strip("-")
