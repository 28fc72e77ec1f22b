"""A file the output shares with the kept previous build is copied before
the build changes it, so the kept one stays as it was.

`invoke build` keeps the previous output, to put it back if the build fails
(a full disk, Ctrl-C): as hard links to the same files, which cost neither
a copy nor disk space (machine/folders.py). A file is then shared by the
two trees, and a write in place would change the kept one too. This plugin
sees every write this process makes (Python's audit hook, PEP 578: Pelican's
writer and static copies, every plugin): before a file below the output
folder that has more than one link is written, truncated or has its time or
mode changed, it gets a file of its own. A write that truncates it anyway
just unlinks it first; any other change first replaces it with a copy.
Files with one link, and everything outside the output, are left alone.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import threading

from pelican import signals

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR
# Audit events that change a file by its path, other than opening it.
CHANGES = ("os.truncate", "os.utime", "os.chmod", "os.chown")

_output: str | None = None
_busy = threading.local()  # the hook's own copies raise audit events too


def shared_file(path) -> str | None:
    """``path`` (absolute), when it is a file below the output with other
    links; None otherwise (an fd, a file of its own, another folder)."""
    if _output is None or not isinstance(path, (str, bytes, os.PathLike)):
        return None
    path = os.path.abspath(os.fsdecode(path))
    if not path.startswith(_output + os.sep):
        return None
    try:
        status = os.lstat(path)
    except OSError:
        return None
    return path if stat.S_ISREG(status.st_mode) and status.st_nlink > 1 else None


def give_its_own_file(path: str, *, truncating: bool) -> None:
    if truncating:
        os.unlink(path)  # the open creates it afresh
        return
    own = f"{path}.own-{os.getpid()}-{threading.get_ident()}"
    shutil.copy2(path, own)
    os.replace(own, path)


def before_a_change(event: str, arguments: tuple) -> None:
    if event == "open":
        flags = arguments[2]
        if not flags & WRITE_FLAGS:
            return
        truncating = bool(flags & os.O_TRUNC and flags & os.O_CREAT)
    elif event in CHANGES:
        truncating = False
    else:
        return
    if getattr(_busy, "now", False):
        return
    _busy.now = True
    try:
        path = shared_file(arguments[0])
        if path is not None:
            give_its_own_file(path, truncating=truncating)
    finally:
        _busy.now = False


def remember_output(pelican) -> None:
    global _output
    _output = os.path.abspath(pelican.output_path)


_hooked = False


def register() -> None:
    global _hooked
    if not _hooked:  # an audit hook stays for the life of the process
        sys.addaudithook(before_a_change)
        _hooked = True
    signals.initialized.connect(remember_output)
