"""Rendered charts, kept between builds.

The key is a hash of the plugin's own source, the block's text, the CSV's
bytes and the settings that shape the output, so any change to any of them
renders afresh, and an unchanged chart costs one file read and one hash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

CACHE_FILE = "charts.json"


def _plugin_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


PLUGIN_VERSION = _plugin_version()


def cache_key(block: str, data: bytes, fingerprint: str) -> str:
    digest = hashlib.sha256()
    for part in (PLUGIN_VERSION.encode(), fingerprint.encode(), block.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    digest.update(data)
    return digest.hexdigest()


class RenderCache:
    def __init__(self) -> None:
        self.path: Path | None = None
        self.entries: dict[str, str] = {}
        self.used: dict[str, str] = {}
        self.dirty = False

    def load(self, folder: str | None) -> None:
        self.entries, self.used, self.dirty = {}, {}, False
        self.path = Path(folder) / CACHE_FILE if folder else None
        if self.path is None or not self.path.exists():
            return
        try:
            entries = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            logger.warning(
                "Ignoring an unreadable chart cache %s: %s", self.path, error
            )
            return
        if isinstance(entries, dict):
            self.entries = {k: v for k, v in entries.items() if isinstance(v, str)}

    def get(self, key: str) -> str | None:
        html = self.entries.get(key)
        if html is not None:
            self.used[key] = html
        return html

    def put(self, key: str, html: str) -> None:
        self.entries[key] = html
        self.used[key] = html
        self.dirty = True

    def save(self) -> None:
        """Keep what this build used; write atomically, only when it changed."""
        if self.path is None:
            return
        if not self.dirty and set(self.used) == set(self.entries):
            return
        os.makedirs(self.path.parent, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.used, sort_keys=True), "utf-8")
        os.replace(temporary, self.path)
