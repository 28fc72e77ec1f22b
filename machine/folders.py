"""Folders a task writes: checked before it starts, and put back as they
were when it fails.

Permission bits say little (root writes through them, a read-only mount
refuses everyone), so ensure_writable() tries what the task will do: create
a file there. kept_unless_done() lets a build write into output/ itself, as
Pelican and its incremental writer expect, while the previous output waits
next to it (as hard links, see copy_aside); a failed, interrupted or
disk-full build puts it back untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import MachineError, from_os_error, is_system_error

KEPT_PREFIX = "kept-"
# os.link's answer where the file system has no hard links (or too many).
NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV}


def nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def ensure_writable(folder: Path, doing: str) -> None:
    """Raise MachineError unless a file can be created in ``folder``, or in the
    folder that would hold it when it does not exist yet."""
    folder = Path(folder)
    target = nearest_existing(folder)
    if not target.is_dir():
        raise MachineError(
            f"Could not {doing}: {target} is a file, not a folder. Choose "
            "another folder, or move that file away."
        )
    try:
        handle, probe = tempfile.mkstemp(prefix=".write-probe-", dir=target)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        if is_system_error(error):
            raise from_os_error(error, doing, target) from None
        raise


def exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False when the
    system or the filesystem cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(
        at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange
    )
    return result == 0


def sibling(output: Path, kind: str) -> Path:
    """A new name next to output/ (same filesystem: renames stay renames)."""
    return output.with_name(f".{output.name}.{kind}{secrets.token_hex(4)}")


def _swap(first: Path, second: Path) -> None:
    """Exchange two folders; without renameat2, through a third name."""
    if exchange(first, second):
        return
    middle = sibling(first, "swap-")
    first.rename(middle)
    second.rename(first)
    middle.rename(second)


def copy_aside(output: Path, doing: str) -> Path:
    """Swap output/ with a copy of itself; return where the original now is.

    The copy, not the original, is what the build then changes. Its files
    are hard links to the original's: no bytes are copied and no disk space
    taken, however large the site. The build must then never write a shared
    file in place: plugins/copy_on_write gives such a file a copy of its own
    first. Where the file system has no hard links, files are copied. A
    disk too full for the copy leaves output/ alone and raises MachineError."""
    copy = sibling(output, KEPT_PREFIX)
    failures: list[OSError] = []

    def copy_file(source: str, target: str) -> str:
        try:
            try:
                os.link(source, target)
                return target
            except OSError as error:
                if error.errno not in NO_HARD_LINKS:
                    raise
            return shutil.copy2(source, target)
        except OSError as error:
            failures.append(error)  # copytree keeps only its text
            raise

    try:
        shutil.copytree(output, copy, symlinks=True, copy_function=copy_file)
    except OSError as error:  # shutil.Error, which lists every file, too
        shutil.rmtree(copy, ignore_errors=True)
        cause = next(iter(failures), error)
        if is_system_error(cause):
            raise from_os_error(
                cause, f"{doing}, which first copies it", output.parent
            ) from None
        raise
    _swap(copy, output)
    return copy


@contextlib.contextmanager
def kept_unless_done(
    output: Path, *, start_from_current: bool, doing: str
) -> Iterator[None]:
    """Let the body write output/; put the previous output back if it fails.

    ``start_from_current``: the body starts from a copy of the current
    output (an incremental build); otherwise from no folder at all. The
    previous output is removed only once the body has finished; on any
    failure, Ctrl-C included, output/ is again what it was, byte for byte."""
    output = Path(output)
    kept: Path | None = None
    if output.exists():
        if start_from_current:
            kept = copy_aside(output, doing)
        else:
            kept = sibling(output, KEPT_PREFIX)
            output.rename(kept)
    try:
        yield
    except BaseException:
        if kept is None:
            shutil.rmtree(output, ignore_errors=True)
        elif output.exists():
            _swap(kept, output)
            shutil.rmtree(kept)  # it now holds what the failed body wrote
        else:
            kept.rename(output)
        raise
    if kept is not None:
        shutil.rmtree(kept)


def leftovers(output: Path) -> list[Path]:
    """What a killed task left next to output/ (kept copies, swaps)."""
    return sorted(
        [
            *output.parent.glob(f".{output.name}.{KEPT_PREFIX}*"),
            *output.parent.glob(f".{output.name}.swap-*"),
        ]
    )
