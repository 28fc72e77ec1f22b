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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitekit.fingerprints import files_digest

from .published import ChartFiles

logger = logging.getLogger(__name__)

CACHE_FILE = "charts.json"


# The plugin's own source: any change to it renders every chart afresh.
PLUGIN_VERSION = files_digest([Path(__file__).parent], "*.py")[:16]


def cache_key(block: str, data: bytes | Iterable[bytes], fingerprint: str) -> str:
    """``data`` is the CSV's bytes, or its pieces in order (a big file is
    hashed as it is read, never held whole): the key is the same."""
    digest = hashlib.sha256()
    for part in (PLUGIN_VERSION.encode(), fingerprint.encode(), block.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    for piece in (data,) if isinstance(data, bytes) else data:
        digest.update(piece)
    return digest.hexdigest()


def block_key(block: str) -> str:
    return hashlib.sha256(PLUGIN_VERSION.encode() + block.encode()).hexdigest()


@dataclass(frozen=True)
class CachedChart:
    html: str
    files: ChartFiles


def _entry(value) -> CachedChart | None:
    """A stored entry, or None for one this code cannot read."""
    try:
        return CachedChart(str(value["html"]), ChartFiles.from_json(value["files"]))
    except (KeyError, TypeError, ValueError):
        return None


class RenderCache:
    """Rendered charts by key, and, by block, the data file and type a block
    named when it was last parsed: a rebuild then needs neither the YAML
    parse nor the drawing for an unchanged chart, only the CSV's bytes."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.entries: dict[str, CachedChart] = {}
        self.used: dict[str, CachedChart] = {}
        self.blocks: dict[str, list] = {}
        self.used_blocks: dict[str, list] = {}
        self.dirty = False

    def load(self, folder: str | None) -> None:
        self.entries, self.used, self.dirty = {}, {}, False
        self.blocks, self.used_blocks = {}, {}
        self.path = Path(folder) / CACHE_FILE if folder else None
        if self.path is None or not self.path.exists():
            return
        try:
            stored = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError) as error:
            logger.warning(
                "Ignoring an unreadable chart cache %s: %s", self.path, error
            )
            return
        if not isinstance(stored, dict):
            return
        charts, blocks = stored.get("charts", {}), stored.get("blocks", {})
        if isinstance(charts, dict):
            entries = {k: _entry(v) for k, v in charts.items()}
            self.entries = {k: v for k, v in entries.items() if v is not None}
        if isinstance(blocks, dict):
            self.blocks = {
                k: v
                for k, v in blocks.items()
                if isinstance(v, list)
                and len(v) == 2
                and all(isinstance(x, str) for x in v)
            }

    def get(self, key: str) -> CachedChart | None:
        cached = self.entries.get(key)
        if cached is not None:
            self.used[key] = cached
        return cached

    def put(self, key: str, drawing) -> None:
        """Keep a drawing (its html and files) under ``key``."""
        cached = CachedChart(drawing.html, drawing.files)
        self.entries[key] = cached
        self.used[key] = cached
        self.dirty = True

    def block(self, block: str) -> tuple[str, str] | None:
        """(data, type) the block named when last parsed, if known."""
        known = self.blocks.get(block_key(block))
        if known is not None:
            self.used_blocks[block_key(block)] = known
        return tuple(known) if known is not None else None

    def remember_block(self, block: str, data: str, chart_type: str) -> None:
        key = block_key(block)
        value = [data, chart_type]
        if self.blocks.get(key) != value:
            self.dirty = True
        self.blocks[key] = value
        self.used_blocks[key] = value

    def save(self) -> None:
        """Keep what this build used; write atomically, only when it changed."""
        if self.path is None:
            return
        unchanged = set(self.used) == set(self.entries) and set(
            self.used_blocks
        ) == set(self.blocks)
        if not self.dirty and unchanged:
            return
        os.makedirs(self.path.parent, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps(
                {
                    "charts": {
                        key: {"html": cached.html, "files": cached.files.to_json()}
                        for key, cached in self.used.items()
                    },
                    "blocks": self.used_blocks,
                },
                sort_keys=True,
            ),
            "utf-8",
        )
        os.replace(temporary, self.path)
