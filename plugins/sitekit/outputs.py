"""The files a build writes besides pages and feeds, declared by whoever
writes them, so that the build can remove every file it did not write.

Pelican's writer never deletes: a page renamed or deleted, a tag no post
uses any more, a CSV removed, an old stylesheet name all stayed in output/
until a clean build. At the end of a build, plugins/site_writer removes
every file that neither Pelican's writer nor a declaration produced.

A plugin that writes a file itself declares it with ``declare()``, at any
time from ``get_generators`` (when the build starts) to ``finalized``; the
list is emptied on ``initialized``, before any of them.
"""

from __future__ import annotations

import posixpath

_declared: set[str] = set()


def reset() -> None:
    _declared.clear()


def declare(relative_path: str) -> None:
    """A file of the output, relative to it, with forward slashes."""
    _declared.add(posixpath.normpath(relative_path.lstrip("/")))


def declared() -> frozenset[str]:
    return frozenset(_declared)
