"""Keep caches in a folder named after the code and settings that made them.

Pelican's content cache is keyed by each file's modification time only: after
a change to a Markdown setting, the typography settings or one of our
plugins, it would keep serving posts read the old way. Here CACHE_PATH gets
a subfolder named by a hash of the package versions, the settings that shape
what readers produce, and the plugins' source; any change to them starts
from an empty cache, and the folders of earlier versions are removed.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

from pelican import signals
from sitekit.fingerprints import digest, files_digest, package_versions

logger = logging.getLogger(__name__)

READER_SETTINGS = (
    "MARKDOWN",
    "TYPOGRIFY",
    "TYPOGRIFY_IN_READER",
    "TYPOGRIFY_IGNORE_TAGS",
    "TYPOGRIFY_OMIT_FILTERS",
    "TYPOGRIFY_DASHES",
    "FORMATTED_FIELDS",
    "DEFAULT_METADATA",
    "FILENAME_METADATA",
    "PATH_METADATA",
    "EXTRA_PATH_METADATA",
    "TIMEZONE",
    "DEFAULT_DATE",
    "SLUGIFY_SOURCE",
    "SUMMARY_MAX_LENGTH",
    "SUMMARY_MAX_PARAGRAPHS",
    "SUMMARY_END_SUFFIX",
    "READING_WORDS_PER_MINUTE",
    "PLUGINS",
)
FOLDER = re.compile(r"^v-[0-9a-f]{12}$")


def _describe(value) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def fingerprint(settings: dict) -> str:
    """The code and settings that shape what readers produce."""
    chosen = {key: settings.get(key) for key in READER_SETTINGS}
    return digest(
        package_versions(),
        json.dumps(chosen, sort_keys=True, default=_describe),
        files_digest(settings.get("PLUGIN_PATHS", []), "*.py"),
    )[:12]


def version_cache_path(pelican) -> None:
    settings = pelican.settings
    base = Path(settings["CACHE_PATH"])
    if FOLDER.match(base.name):
        return  # already versioned (a second Pelican run in one process)
    versioned = base / f"v-{fingerprint(settings)}"
    if base.is_dir():
        for old in base.iterdir():
            if old.is_dir() and FOLDER.match(old.name) and old != versioned:
                shutil.rmtree(old, ignore_errors=True)
    settings["CACHE_PATH"] = str(versioned)


def register() -> None:
    signals.initialized.connect(version_cache_path)
