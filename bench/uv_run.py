"""(i) What `uv run` costs before the command starts, and whether it
recompiles bytecode (uv's `compile-bytecode` setting did, every call)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

from .builds import ROOT

RUNS = 5


def uv_command() -> list[str]:
    found = shutil.which("uv")
    return [found] if found else [sys.executable, "-m", "uv"]


def measure(runs: int = RUNS) -> dict:
    command = [*uv_command(), "run", "--locked", "-v", "python", "-c", "pass"]
    seconds, compiled = [], False
    for _ in range(runs):
        started = time.perf_counter()
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, encoding="utf-8", check=False
        )
        seconds.append(time.perf_counter() - started)
        if result.returncode != 0:
            return {"compiles_nothing": None, "error": result.stderr[-500:]}
        compiled = compiled or "Bytecode compiled" in result.stderr
    return {
        "compiles_nothing": not compiled,
        "median_s": round(statistics.median(seconds), 3),
        "runs_s": [round(s, 3) for s in seconds],
    }
