"""A problem of the machine, not of the project: one line, with the fix.

Tasks turn a MachineError into invoke's Exit, so an author reads one line
saying what is missing or wrong and what to do, never a traceback.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class MachineError(Exception):
    """Something the machine lacks; str() is the whole message."""


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
    errno.EACCES: (
        "you may not write in {where}",
        "make it yours and writable (`chown -R` / `chmod -R u+w`), or use "
        "another folder",
    ),
    errno.EPERM: (
        "you may not write in {where}",
        "make it yours and writable (`chown -R` / `chmod -R u+w`), or use "
        "another folder",
    ),
}


def is_environmental(error: BaseException) -> bool:
    """An OSError that the machine causes (a full disk, a read-only folder),
    rather than a bug."""
    return isinstance(error, OSError) and error.errno in REASONS


def explain_os_error(
    error: OSError, doing: str, where: Path | str | None = None
) -> tuple[str, str]:
    """(what is wrong, the fix) for an environmental OSError. ``doing`` is
    what failed, as in "Could not {doing}"; ``where`` the folder to name
    (default: the failing path's)."""
    wrong, fix = REASONS[error.errno]
    path = error.filename2 or error.filename
    # rmtree and other fd-relative calls name a path relative to nothing known.
    shown = os.fsdecode(path) if path and os.path.isabs(path) else None
    if where is None:
        where = Path(shown).parent if shown else Path.cwd()
    detail = f"{error.strerror}: {shown}" if shown else error.strerror
    return (
        f"Could not {doing}: {wrong.format(where=where)} ({detail}).",
        f"Fix: {fix.format(where=where)}.",
    )


def from_os_error(
    error: OSError, doing: str, where: Path | str | None = None
) -> MachineError:
    return MachineError(" ".join(explain_os_error(error, doing, where)))
