"""Where a file is, in the words of its author and of the build's guards."""

from __future__ import annotations

import os


def inside(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """True when ``path`` is ``folder`` or lies below it, by name.

    Callers resolve symlinks first (os.path.realpath) when a link must not
    lead out, and leave them when the name is what counts.
    """
    path, folder = os.fspath(path), os.fspath(folder)
    folder = folder.rstrip(os.sep) or os.sep
    return path == folder or path.startswith(folder + os.sep) or folder == os.sep


def display_path(path: str | os.PathLike, content_root: str | os.PathLike) -> str:
    """``content/posts/x.md`` for a file of the content folder, so that every
    message names a file the way the author sees it; other paths unchanged."""
    root = os.path.realpath(content_root)
    real = os.path.realpath(path)
    if real != root and inside(real, root):
        relative = os.path.relpath(real, root).replace(os.sep, "/")
        return f"{os.path.basename(root)}/{relative}"
    return os.fspath(path)
