"""Real conditions of a machine, made for a test: a tool missing from PATH,
a port another program holds, a small disk that fills up, a read-only folder.

Nothing here imitates the project's code: each condition is what the
operating system really does. The disk and the read-only folder are mounts
(a tmpfs of a given size; a read-only bind mount): as root, which CI and
these sessions are, `chmod` stops no write, and a mount is what a full disk
or a read-only volume really is. They need root; without it the test fails
and says so, it is never skipped.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path


def path_without(folder: Path, *commands: str) -> str:
    """A PATH that has everything the current one has except ``commands``:
    one folder of symlinks to every other executable (Python, Node, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in sorted(os.scandir(directory), key=lambda e: e.name):
            link = folder / entry.name
            if entry.name in commands or link.exists() or link.is_symlink():
                continue
            if entry.is_file() and os.access(entry.path, os.X_OK):
                link.symlink_to(entry.path)
    return str(folder)


def env_without(base: dict, folder: Path, *commands: str) -> dict:
    """``base`` with ``commands`` hidden from PATH (and no CHROMIUM_PATH)."""
    env = {key: value for key, value in base.items() if key != "CHROMIUM_PATH"}
    env["PATH"] = path_without(folder, *commands)
    return env


@contextlib.contextmanager
def taken_port() -> Iterator[int]:
    """A port on 127.0.0.1 that another program is listening on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def _mount(*arguments: str) -> None:
    result = subprocess.run(
        ["mount", *arguments], capture_output=True, encoding="utf-8", check=False
    )
    assert result.returncode == 0, (
        f"mount {' '.join(arguments)} failed ({result.stderr.strip()}): these "
        "tests make a real full disk or read-only folder with a mount, which "
        "needs root (CI runs as root)."
    )


def _unmount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, check=True)


@contextlib.contextmanager
def small_disk(folder: Path, size_kib: int, inodes: int) -> Iterator[Path]:
    """``folder`` becomes a disk of its own, ``size_kib`` KiB large, with
    room for ``inodes`` files and folders."""
    folder.mkdir(parents=True, exist_ok=True)
    options = f"size={size_kib}k,nr_inodes={inodes},mode=755"
    _mount("-t", "tmpfs", "-o", options, "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(disk: Path, leave_bytes: int) -> None:
    """Take the disk's free space, but ``leave_bytes`` of it, with one file."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    assert free > leave_bytes, f"{disk} has only {free} bytes free"
    with open(disk / "filler", "wb") as filler:
        os.posix_fallocate(filler.fileno(), 0, free - leave_bytes)


def fill_inodes(disk: Path, leave: int) -> None:
    """Take the disk's free inodes (its room for new files and folders), but
    ``leave`` of them, with empty files: a disk full in the other way."""
    fillers = disk / "inode-fillers"
    fillers.mkdir(exist_ok=True)
    free = os.statvfs(disk).f_favail
    assert free > leave, f"{disk} has only {free} inodes free"
    for number in range(free - leave):
        (fillers / str(number)).touch()
    assert os.statvfs(disk).f_favail == leave


def free_bytes(disk: Path) -> int:
    stats = os.statvfs(disk)
    return stats.f_bavail * stats.f_frsize


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` (and all below it) refuses every write, root's included."""
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        yield folder
    finally:
        _unmount(folder)


def disk_usage(folder: Path) -> int:
    """Bytes the files below ``folder`` take on their disk (whole blocks)."""
    return sum(p.lstat().st_blocks * 512 for p in folder.rglob("*"))
