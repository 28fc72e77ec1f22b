"""Shared fixtures: real builds of the real site into temporary folders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

REFERENCE_POST = "2009/10/takeaway-from-the-spam-or-good-marketing-conversation/"


def build_site(
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    content: Path | None = None,
    extra: dict | None = None,
    fatal: bool = False,
    cwd: Path = ROOT,
    env: dict | None = None,
) -> subprocess.CompletedProcess:
    """Run Pelican the way `invoke build` does; return the finished process."""
    overrides = {"CACHE_PATH": str(output.parent / f"{output.name}-cache")}
    overrides.update(extra or {})
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or ROOT / "content"),
        "--settings",
        str(ROOT / settings),
        "--output",
        str(output),
    ]
    for key, value in overrides.items():
        command += ["--extra-settings", f"{key}={json.dumps(value)}"]
    if fatal:
        command += ["--fatal", "errors"]
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def parse_html(path: Path):
    return lxml_html.fromstring(path.read_bytes())


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The sample site, built once with the development settings."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory) -> Path:
    """The sample site, built once as `invoke publish` builds it."""
    output = tmp_path_factory.mktemp("published") / "output"
    result = build_site(output, settings="publishconf.py", fatal=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return output
