"""`invoke import-wordpress`: options in, report out, no traceback for a
mistake an author can make."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

from .importer import Options, import_wordpress
from .wxr import ExportError


def run_import(
    export: str,
    *,
    content: Path,
    uploads: str | None = None,
    keep_original_link: bool = False,
    force: bool = False,
    dry_run: bool = False,
    post_types: str = "post,page",
    settings: dict | None = None,
) -> int:
    """Run the import and print its report; the exit status (0, or 2 when
    the export or the uploads folder cannot be used)."""
    export_path = Path(export).expanduser()
    if not export_path.is_file():
        print(
            f"{export_path}: no such file. Give the .xml file WordPress wrote "
            "(Tools > Export > All content).",
            file=sys.stderr,
        )
        return 2
    uploads_path = Path(uploads).expanduser() if uploads else None
    if uploads_path is not None and not uploads_path.is_dir():
        print(
            f"{uploads_path}: no such folder. Give a local copy of the old site's "
            "wp-content/uploads (the folder that holds 2009/, 2010/, ...).",
            file=sys.stderr,
        )
        return 2
    content = Path(content)
    if content.exists() and not content.is_dir():
        print(
            f"{content}: not a folder. Give the site's content folder (the one "
            "that holds posts/ and pages/), or leave --content out for content/.",
            file=sys.stderr,
        )
        return 2
    settings = settings or {}
    options = Options(
        export=export_path,
        content=content,
        uploads=uploads_path,
        keep_original_link=keep_original_link,
        force=force,
        dry_run=dry_run,
        post_types=tuple(t.strip() for t in post_types.split(",") if t.strip()),
        **feed_paths(settings),
    )
    try:
        report = import_wordpress(options)
    except ExportError as error:
        print(str(error), file=sys.stderr)
        return 2
    except OSError as error:
        # The disk, not the export: a file where a folder goes, a folder not
        # ours to write, a full disk, an upload that cannot be read.
        print(
            f"{error.filename or content}: {error.strerror or error}. "
            f"{DISK_ADVICE.get(error.errno, 'Correct that')} and run the import "
            "again: files it already wrote are recognised, not duplicated.",
            file=sys.stderr,
        )
        return 2
    print(report.text())
    return 0


DISK_ADVICE = {
    errno.EEXIST: "A file stands where the import needs a folder: move it away",
    errno.ENOTDIR: "A file stands where the import needs a folder: move it away",
    errno.EACCES: "Make the folder writable (or the file readable)",
    errno.EPERM: "Make the folder writable (or the file readable)",
    errno.ENOSPC: "Free some space on the disk",
}


def feed_paths(settings: dict) -> dict[str, str]:
    """Where this site's feeds are, for the old /feed/ addresses."""
    paths = {}
    for option, key in (
        ("feed_path", "FEED_ALL_ATOM"),
        ("category_feed", "CATEGORY_FEED_ATOM"),
        ("tag_feed", "TAG_FEED_ATOM"),
    ):
        if settings.get(key):
            paths[option] = "/" + settings[key].lstrip("/")
    reserved = ["/"]
    for key in ("TAGS_URL", "CATEGORIES_URL", "AUTHORS_URL", "ARCHIVES_URL"):
        if settings.get(key):
            reserved.append("/" + settings[key].lstrip("/"))
    if settings:
        paths["reserved"] = tuple(reserved)
    return paths
