"""Byte-compile the installed packages once per environment, not per run.

uv's ``compile-bytecode`` setting recompiles every installed file (about
5,000) on each ``uv run``: 0.4 to 1 s every time. Without it, and with
``PYTHONDONTWRITEBYTECODE`` set (as on many CI images and this project's
machines), Python compiles each imported module in memory on every start,
which costs a build more than half a second. So the tasks compile the
environment's packages themselves, once: a stamp in the environment records
the lock file and Python version it was done for, and a changed lock (new
packages) compiles again, only what is stale.
"""

from __future__ import annotations

import compileall
import hashlib
import sys
import sysconfig
from pathlib import Path

STAMP = Path(sys.prefix) / ".signal-and-noise-bytecode"


def environment_key(lock: Path) -> str:
    digest = hashlib.sha256(sys.version.encode())
    if lock.exists():
        digest.update(lock.read_bytes())
    return digest.hexdigest()


def ensure_bytecode(lock: Path) -> bool:
    """Compile the environment's packages unless done for this lock already.
    Returns True when it compiled. Never fails a task: a read-only
    environment merely runs without cached bytecode."""
    if sys.prefix == sys.base_prefix:
        return False  # not a virtual environment: not ours to write into
    key = environment_key(lock)
    try:
        if STAMP.read_text("ascii") == key:
            return False
    except OSError:
        pass
    folders = {sysconfig.get_paths()[name] for name in ("purelib", "platlib")}
    try:
        for folder in sorted(folders):
            compileall.compile_dir(folder, quiet=2, workers=0)
        STAMP.write_text(key, "ascii")
    except OSError:
        return False
    return True
