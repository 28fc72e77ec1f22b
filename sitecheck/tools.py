"""Where the external tools live, and a clear message when one is missing.

The npm tools are pinned in package.json / package-lock.json and installed
into node_modules/ by ``npm ci`` (``invoke test`` and ``invoke check`` run it
when needed). Chromium and Java come from Debian (.ci/run installs them).
Nothing here downloads anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .problems import MissingToolError

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"

NPM_FIX = (
    f"Run `npm ci` in {ROOT} (`invoke check` and `invoke test` do it for you "
    "when node_modules/ is missing or older than package-lock.json)."
)

# Debian's Chromium, headless, quiet: no sandbox (we run as root in CI), no
# GPU, no background traffic to Google that would count as foreign requests.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium() -> str:
    """The Chromium executable: $CHROMIUM_PATH, else Debian's."""
    candidates = [
        os.environ.get("CHROMIUM_PATH"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise MissingToolError(
        "Chromium is not installed (looked for $CHROMIUM_PATH and /usr/bin/chromium).",
        "Install Debian's browser: `apt-get install chromium` (.ci/run does it). "
        "Do not run `playwright install`: it downloads a browser, and only "
        "package registries are reachable.",
    )


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise MissingToolError(
            "Java is not installed: the Nu HTML Checker (vnu.jar) runs on it.",
            "Install Java 17: `apt-get install openjdk-17-jre-headless` "
            "(.ci/run does it).",
        )
    return found


def _node_file(relative: str, what: str) -> Path:
    path = NODE_MODULES / relative
    if not path.is_file():
        raise MissingToolError(f"{what} is not installed ({path} is missing).", NPM_FIX)
    return path


def vnu_jar() -> Path:
    return _node_file("vnu-jar/build/dist/vnu.jar", "The Nu HTML Checker (npm vnu-jar)")


def axe_source() -> str:
    return _node_file("axe-core/axe.min.js", "axe-core").read_text("utf-8")


def lighthouse() -> Path:
    return _node_file(".bin/lighthouse", "Lighthouse (npm lighthouse@12)")


def node() -> str:
    found = shutil.which("node")
    if not found:
        raise MissingToolError(
            "Node.js is not installed.", "Install Node.js 20 or later."
        )
    return found
