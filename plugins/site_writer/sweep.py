"""Remove from the output every file this build did not produce.

Pelican's writer never deletes: a page renamed or deleted, a tag no post
uses any more, a CSV removed, the old name of a changed stylesheet stayed
in output/ until a clean build, so an incremental build differed from a
clean one. At the end of a build, every file that is neither written (or
kept) by the writer, nor a static file Pelican copies, nor declared by a
plugin (sitekit.outputs) is removed, and so is every folder left empty.

Top-level entries named in OUTPUT_RETENTION (Pelican's own setting) and
version-control folders are never touched.
"""

from __future__ import annotations

import logging
import os

from sitekit import outputs

logger = logging.getLogger(__name__)

ALWAYS_KEPT = frozenset({".git", ".hg", ".svn", ".bzr"})


class StaticFiles:
    """The static files of this build: StaticGenerator's list, read at the
    end (content_guard takes unsafe ones out of it in place)."""

    def __init__(self) -> None:
        self.files: list = []

    def reset(self, pelican) -> None:
        self.files = []

    def remember(self, generator) -> None:
        self.files = generator.staticfiles

    def paths(self) -> set[str]:
        return {os.path.normpath(static.save_as) for static in self.files}


static_files = StaticFiles()


def sweep(output_path: str, written: frozenset[str], retention) -> list[str]:
    """Remove what no one produced; return the removed files (relative)."""
    output = os.path.abspath(output_path)
    keep = {os.path.relpath(os.path.abspath(path), output) for path in written}
    keep |= static_files.paths()
    keep |= {os.path.normpath(path) for path in outputs.declared()}
    kept_roots = ALWAYS_KEPT | set(retention or ())
    removed = []
    for folder, subfolders, files in os.walk(output, topdown=True):
        relative_folder = os.path.relpath(folder, output)
        if relative_folder == ".":
            subfolders[:] = [d for d in subfolders if d not in kept_roots]
            files = [f for f in files if f not in kept_roots]
        for name in files:
            relative = os.path.normpath(os.path.join(relative_folder, name))
            if relative not in keep:
                os.remove(os.path.join(folder, name))
                removed.append(relative)
    for folder, _, _ in sorted(os.walk(output), key=lambda w: -len(w[0])):
        if folder != output and not os.listdir(folder):
            os.rmdir(folder)
    for relative in removed:
        logger.info("Removed %s: this build no longer writes it", relative)
    return removed
