"""The plugin's inputs, found and fingerprinted once per build."""

from __future__ import annotations

from pathlib import Path

from sitekit.fingerprints import digest, files_digest
from sitekit.paths import display_path

COMMENTS_SUFFIX = ".comments.json"
REDIRECTS_FILE = "redirects.txt"


def content_root(settings) -> Path:
    return Path(settings["PATH"]).resolve()


def shown(path: Path, settings) -> str:
    """``content/posts/x.comments.json``, as every message names a file."""
    return display_path(path, settings["PATH"])


def article_folders(settings) -> list[Path]:
    root = content_root(settings)
    return [
        root / folder
        for folder in settings.get("ARTICLE_PATHS", [])
        if (root / folder).is_dir()
    ]


def comment_files(settings) -> list[Path]:
    return sorted(
        path
        for folder in article_folders(settings)
        for path in folder.rglob("*" + COMMENTS_SUFFIX)
        if path.is_file()
    )


def redirects_file(settings) -> Path:
    return content_root(settings) / settings.get("OLD_BLOG_REDIRECTS", REDIRECTS_FILE)


def redirects_text(settings) -> str | None:
    path = redirects_file(settings)
    if not path.is_file():
        return None
    # Undecodable bytes survive as surrogates: the digest still sees an edit
    # of them, and the reader reports them.
    return path.read_bytes().decode("utf-8", "surrogateescape")


def record_inputs(pelican) -> None:
    """Put a digest of every input into the settings, which the site key of
    every reused page includes (plugins/site_writer): an edit of a comments
    file or of redirects.txt then re-renders what shows it, and an
    incremental build equals a clean one."""
    settings = pelican.settings
    redirects = redirects_text(settings)
    settings["OLD_BLOG_INPUTS"] = digest(
        files_digest(article_folders(settings), "*" + COMMENTS_SUFFIX),
        "" if redirects is None else redirects,
    )
    settings["OLD_BLOG_QUERY_ADDRESSES"] = redirects is not None and any(
        line.strip().startswith("/?") for line in redirects.splitlines()
    )
