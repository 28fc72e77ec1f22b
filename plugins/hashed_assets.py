"""Theme assets under content-hashed names, so they can be cached forever.

Templates call ``asset_url("css/site.css")`` and get
``theme/css/site.3f2a9c1b7e.css``. A changed file gets a new name, so a
year-long ``Cache-Control: immutable`` never serves a stale stylesheet or
script.

Every file of ``theme/static/`` is copied under its hashed name (the
plotly.js licence with the bundle), in every build: a page reused from the
last build asks for no asset, and the assets must be there all the same
(an output folder whose theme/ was deleted is whole again after a build).
The names are declared as outputs (sitekit.outputs), so old names go.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from pathlib import Path, PurePosixPath

from pelican import signals
from sitekit import outputs

logger = logging.getLogger(__name__)

HASH_LENGTH = 10
OUTPUT_FOLDER = "theme"


class AssetRegistry:
    def __init__(self) -> None:
        self.static_root: Path | None = None
        self.urls: dict[str, str] = {}

    def configure(self, pelican) -> None:
        self.static_root = Path(pelican.settings["THEME"]) / "static"
        self.urls = {}
        pelican.settings.setdefault("JINJA_GLOBALS", {})["asset_url"] = self.url

    def url(self, relative_path: str) -> str:
        """The hashed, site-relative URL of a file in theme/static/."""
        if relative_path not in self.urls:
            source = self.source(relative_path)
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:HASH_LENGTH]
            name = PurePosixPath(relative_path)
            suffix = (
                ".min" + name.suffix if name.stem.endswith(".min") else (name.suffix)
            )
            stem = name.name[: len(name.name) - len(suffix)]
            hashed = name.with_name(f"{stem}.{digest}{suffix}")
            self.urls[relative_path] = f"{OUTPUT_FOLDER}/{hashed}"
        return self.urls[relative_path]

    def source(self, relative_path: str) -> Path:
        assert self.static_root is not None, "asset_url used before initialisation"
        source = (self.static_root / relative_path).resolve()
        if self.static_root.resolve() not in source.parents or not source.is_file():
            raise FileNotFoundError(
                f"asset_url({relative_path!r}): no such file in {self.static_root}"
            )
        return source

    def every_asset(self) -> list[str]:
        """Every file of theme/static/, as asset_url names it."""
        assert self.static_root is not None
        return sorted(
            path.relative_to(self.static_root).as_posix()
            for path in self.static_root.rglob("*")
            if path.is_file()
        )

    def declare(self, pelican) -> None:
        for relative_path in self.every_asset():
            outputs.declare(self.url(relative_path))

    def copy(self, pelican) -> None:
        for relative_path in self.every_asset():
            url = self.url(relative_path)
            target = Path(pelican.output_path) / url
            source = self.source(relative_path)
            if target.exists() and target.stat().st_size == source.stat().st_size:
                continue  # the name carries the hash: same size, same bytes
            os.makedirs(target.parent, exist_ok=True)
            shutil.copyfile(source, target)
            logger.info("Copying %s to %s", relative_path, url)


# Module-level: blinker holds receivers weakly.
registry = AssetRegistry()


def register() -> None:
    signals.initialized.connect(registry.configure)
    signals.get_generators.connect(registry.declare)
    signals.finalized.connect(registry.copy)
