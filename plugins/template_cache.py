"""Compile the theme's templates once, not in every build.

Pelican makes a new Jinja environment for each generator of each build, so
every build (and every rebuild of the live preview) compiles every template
again, twice. Jinja's own bytecode cache, kept in CACHE_PATH, spares that:
it is keyed by each template's source, so an edited template is compiled
afresh, and the pages are the same bytes either way.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican import signals

FOLDER = "templates"
_caches: dict[str, FileSystemBytecodeCache] = {}


def cache_for(settings: dict) -> FileSystemBytecodeCache:
    folder = Path(settings.get("CACHE_PATH") or "cache") / FOLDER
    key = str(folder.resolve())
    if key not in _caches:
        folder.mkdir(parents=True, exist_ok=True)
        _caches[key] = FileSystemBytecodeCache(key)
    return _caches[key]


def use_cache(generator) -> None:
    environment = getattr(generator, "env", None)
    if environment is None:
        return
    # An unwritable cache folder: templates compile as they did before.
    with contextlib.suppress(OSError):
        environment.bytecode_cache = cache_for(generator.settings)


def register() -> None:
    signals.generator_init.connect(use_cache)
