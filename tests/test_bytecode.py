"""Bytecode is compiled once per environment, never on every `uv run`.

uv's `compile-bytecode` setting recompiled every installed file on each
`uv run`; the tasks now compile once and record it (sitecheck/bytecode.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

from conftest import ROOT

COMPILE = (
    "import sys; sys.path.insert(0, {root!r}); "
    "from sitecheck.bytecode import ensure_bytecode; "
    "from pathlib import Path; "
    "print(ensure_bytecode(Path({lock!r})))"
)


def test_uv_is_not_told_to_recompile_on_every_run():
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert "compile-bytecode" not in settings["tool"]["uv"]


def uv_command() -> list[str]:
    """uv as the README installs it: on PATH, or the system Python's module."""
    found = shutil.which("uv")
    return [found] if found else ["python3", "-m", "uv"]


def test_uv_run_compiles_nothing():
    """What uv itself reports, run as an author runs it."""
    result = subprocess.run(
        [*uv_command(), "run", "--locked", "-v", "python", "-c", "pass"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Bytecode compiled" not in result.stderr


def test_an_environment_is_compiled_once_then_left_alone(tmp_path):
    environment = tmp_path / "env"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            encoding="utf-8",
            check=True,
        ).stdout.strip()
    )
    (site / "installed_thing.py").write_text("VALUE = 1\n", "utf-8")
    lock = tmp_path / "uv.lock"
    lock.write_text("version = 1\n", "utf-8")
    command = [python, "-c", COMPILE.format(root=str(ROOT), lock=str(lock))]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def compile_now() -> str:
        return subprocess.run(
            command, capture_output=True, encoding="utf-8", env=env, check=True
        ).stdout.strip()

    assert compile_now() == "True"
    [compiled] = (site / "__pycache__").glob("installed_thing.*.pyc")
    stamp = compiled.stat().st_mtime_ns
    assert compile_now() == "False"
    assert compiled.stat().st_mtime_ns == stamp
    # A new lock (packages added or upgraded) compiles again.
    lock.write_text("version = 2\n", "utf-8")
    assert compile_now() == "True"
