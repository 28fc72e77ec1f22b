"""How every build of this project runs Pelican: one command line.

tasks.py, the site checks (`invoke audit` builds a site to audit), the
benchmark and the tests all build through this; it imports none of them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pelican_command(
    settings_file: Path,
    output: Path,
    *,
    content: Path | None = None,
    extra: dict | None = None,
) -> list[str]:
    """This Python, one process.

    ``extra`` overrides settings. They all go after one --extra-settings:
    given several times, Pelican keeps only the last option.
    """
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content or ROOT / "content"),
        "--settings",
        str(settings_file),
        "--output",
        str(output),
    ]
    if extra:
        command += ["--extra-settings"] + [
            f"{key}={json.dumps(value)}" for key, value in extra.items()
        ]
    return command
