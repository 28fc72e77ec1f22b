"""The plugin's inputs, found and fingerprinted once per build."""

from __future__ import annotations

import hashlib
from pathlib import Path

COMMENTS_SUFFIX = ".comments.json"
REDIRECTS_FILE = "redirects.txt"


def content_root(settings) -> Path:
    return Path(settings["PATH"]).resolve()


def comment_files(settings) -> list[Path]:
    root = content_root(settings)
    found: list[Path] = []
    for folder in settings.get("ARTICLE_PATHS", []):
        base = root / folder
        if base.is_dir():
            found += [p for p in base.rglob("*" + COMMENTS_SUFFIX) if p.is_file()]
    return sorted(found)


def redirects_file(settings) -> Path:
    return content_root(settings) / settings.get("OLD_BLOG_REDIRECTS", REDIRECTS_FILE)


def record_inputs(pelican) -> None:
    """Put a digest of every input into the settings: pages and caches keyed
    on the settings then follow an edit of a comments file or redirects.txt."""
    settings = pelican.settings
    root = content_root(settings)
    hasher = hashlib.blake2b(digest_size=16)
    for path in [*comment_files(settings), redirects_file(settings)]:
        if path.is_file():
            hasher.update(str(path.relative_to(root)).encode())
            hasher.update(path.read_bytes())
    settings["OLD_BLOG_INPUTS"] = hasher.hexdigest()
    redirects = redirects_file(settings)
    settings["OLD_BLOG_QUERY_ADDRESSES"] = redirects.is_file() and any(
        line.strip().startswith("/?")
        for line in redirects.read_text("utf-8", "replace").splitlines()
    )
