"""A write the machine refused (a full disk, a read-only folder): what is
wrong and the fix, said the same way wherever it stops us.

Such an error is neither a bug nor an author's mistake, so it ends a build
(plugins/write_errors), a task or a check (machine/errors) with one line,
not a traceback. Standard library only: machine/ runs before uv has set up
the project's environment.
"""

from __future__ import annotations

import errno
import os

_NOT_YOURS = (
    "you may not write in {where}",
    "make it yours and writable (`chown -R` / `chmod -R u+w`), or use another folder",
)

# errno -> (what is wrong, the fix), each with {where} for the folder.
REASONS = {
    errno.ENOSPC: (
        "the disk that holds {where} is full",
        "free some space on it (`df -h {where}` shows how much is left), "
        "then run this again",
    ),
    errno.EDQUOT: (
        "your disk quota on {where} is used up",
        "free some space in your files, then run this again",
    ),
    errno.EROFS: (
        "{where} is on a read-only file system",
        "use a folder on a writable disk, or remount that one read-write",
    ),
    errno.EACCES: _NOT_YOURS,
    errno.EPERM: _NOT_YOURS,
}


def is_system_error(error: BaseException | None) -> bool:
    """An OSError the machine causes (a full disk, a read-only folder), as
    opposed to a bug."""
    return isinstance(error, OSError) and error.errno in REASONS


def failing_path(error: OSError) -> str | None:
    """The absolute path the error names, if any. rmtree and other
    fd-relative calls name a path relative to a folder nobody knows."""
    path = error.filename2 or error.filename
    if path is None or isinstance(path, int):
        return None
    path = os.fsdecode(path)
    return path if os.path.isabs(path) else None


def explain(error: OSError, where: str | os.PathLike) -> tuple[str, str]:
    """(what is wrong, the fix) for a system error, naming the folder
    ``where``, e.g. ("the disk that holds /srv is full (No space left on
    device: /srv/output/a.csv)", "free some space on it ...")."""
    wrong, fix = REASONS[error.errno]
    shown = failing_path(error)
    detail = f"{error.strerror}: {shown}" if shown else error.strerror
    return f"{wrong.format(where=where)} ({detail})", fix.format(where=where)
