"""Digests of what a build's output depends on, equal in every process.

Caches and reused pages are keyed by these: the code (our plugins, the
theme), the versions of the packages that shape the output, and values.
Only names and bytes are hashed, never object ids or modification times.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from collections.abc import Iterable
from pathlib import Path

# The packages whose versions change what a build writes.
OUTPUT_PACKAGES = (
    "pelican",
    "markdown",
    "jinja2",
    "typogrify",
    "smartypants",
    "plotly",
    "pyyaml",
)


def digest(*parts: str) -> str:
    """A short digest of texts, each length-prefixed (so ("ab", "c") and
    ("a", "bc") differ)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


def files_digest(folders: Iterable[Path | str], pattern: str = "*") -> str:
    """Names and bytes of every file under the folders, in sorted order
    (compiled bytecode left out)."""
    hasher = hashlib.blake2b(digest_size=16)
    for folder in map(Path, folders):
        for path in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            name = str(path.relative_to(folder)).encode()
            data = path.read_bytes()
            for part in (name, data):
                hasher.update(len(part).to_bytes(8, "big"))
                hasher.update(part)
    return hasher.hexdigest()


def package_versions(names: Iterable[str] = OUTPUT_PACKAGES) -> str:
    """``pelican=4.12.0;markdown=3.11.3;...``"""
    return ";".join(f"{name}={importlib.metadata.version(name)}" for name in names)
