"""Where the external tools live, and a clear message when one is missing.

The npm tools are pinned in package.json / package-lock.json and installed
into node_modules/ by ``npm ci`` (``invoke test`` and ``invoke check`` run it
when needed). Chromium, Java and Node.js are system tools: where they are
looked for and how to install them comes from machine/tools.toml, the list
that the README and .ci/run read too. Nothing here downloads anything.
"""

from __future__ import annotations

from pathlib import Path

from machine import tools as system_tools

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


def _system_tool(name: str) -> str:
    tool = system_tools.named(name)
    wrong = system_tools.diagnose(tool)
    if wrong:
        raise MissingToolError(*wrong)
    return system_tools.find(tool)


def chromium() -> str:
    """The Chromium executable: $CHROMIUM_PATH, else `chromium` on PATH.

    Do not run `playwright install`: it downloads a browser of its own, and
    only package registries are reachable."""
    return _system_tool("Chromium")


def java() -> str:
    """Java, for the Nu HTML Checker (vnu.jar)."""
    return _system_tool("Java")


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
    return _system_tool("Node.js")
