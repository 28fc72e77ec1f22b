"""Write the import's files, never over an author's edits.

Each file the import writes is recorded with its SHA-256 in
``content/wordpress-import.json``. On the next import a file is replaced
only if it is still exactly what the last import wrote; a file edited since
(or one the import never wrote) is kept, and listed, unless ``force``.
``dry_run`` decides everything and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "wordpress-import.json"
ACTIONS = ("create", "update", "overwrite", "unchanged", "keep")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Plan:
    """What one import does to each file, by content-relative path."""

    actions: dict[str, str] = field(default_factory=dict)

    def paths(self, action: str) -> list[str]:
        return sorted(p for p, a in self.actions.items() if a == action)

    def counts(self) -> dict[str, int]:
        return {a: len(self.paths(a)) for a in ACTIONS if self.paths(a)}


class SafeWriter:
    def __init__(
        self, content: Path, *, force: bool = False, dry_run: bool = False
    ) -> None:
        self.content = Path(content)
        self.force, self.dry_run = force, dry_run
        self.manifest_path = self.content / MANIFEST
        self.recorded: dict[str, str] = self._load()
        self.plan = Plan()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.manifest_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        files = data.get("files", {}) if isinstance(data, dict) else {}
        return (
            {str(k): str(v) for k, v in files.items()}
            if isinstance(files, dict)
            else {}
        )

    def write(self, relative: str, data: bytes) -> str:
        """Write (or plan) one file; return what was done."""
        path = self.content / relative
        new = digest(data)
        try:
            current = digest(path.read_bytes()) if path.is_file() else None
        except OSError:
            current = None
        if current is None and not path.exists():
            action = "create"
        elif current == new:
            action = "unchanged"
        elif current is not None and self.recorded.get(relative) == current:
            action = "update"
        elif self.force and (current is not None):
            action = "overwrite"
        else:
            action = "keep"
        self.plan.actions[relative] = action
        if action in {"create", "update", "overwrite"} and not self.dry_run:
            _atomic_write(path, data)
        if action != "keep":
            self.recorded[relative] = new
        return action

    def copy(self, relative: str, source: Path) -> str:
        return self.write(relative, Path(source).read_bytes())

    def finish(self) -> None:
        """Record what this import wrote (not in a dry run)."""
        if self.dry_run:
            return
        data = {
            "about": "Files written by `invoke import-wordpress`, with the SHA-256 "
            "they had then: a later import replaces only files still unchanged.",
            "files": dict(sorted(self.recorded.items())),
        }
        _atomic_write(self.manifest_path, (json.dumps(data, indent=1) + "\n").encode())


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
