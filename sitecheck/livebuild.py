"""Rebuild the site in a process that keeps Pelican and the plugins loaded.

A live preview rebuilds after every save. Starting Pelican afresh each time
costs more than the rebuild itself (imports, plugins, settings), so a worker
process starts once and rebuilds on request, each build a new Pelican
instance made exactly as the ``pelican`` command makes it (same arguments,
same settings file, read again each time, so a changed setting applies).

Code cannot be reloaded in place: a change to a plugin (or to this file)
replaces the worker with a new one. ``needs_new_worker()`` decides which
changes do; the preview server (sitecheck/preview.py) and the tests use the
same rule.

The worker speaks JSON lines: it reads ``{"build": true}`` on stdin and
answers ``{"ok": ..., "seconds": ..., "errors": [...]}`` on stdout once the
build is over; Pelican's messages go to stderr as usual.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .pelican_run import ROOT, pelican_command

# Changes only a new worker takes in: code Python has already imported.
CODE_SUFFIXES = (".py",)
WORKER = Path(__file__).resolve()


def needs_new_worker(changed: Iterable[str | os.PathLike], root: Path = ROOT) -> bool:
    """True when a changed file is code a running worker has imported: a
    plugin, or the worker itself. A settings file is read again by every
    build; templates, CSS, posts and data are read by every build."""
    plugins = (root / "plugins").resolve()
    for path in map(Path, changed):
        path = path.resolve()
        if path.suffix not in CODE_SUFFIXES:
            continue
        if path == WORKER or plugins in path.parents:
            return True
    return False


@dataclass
class BuildResult:
    """``ok``: built without an error; ``answered``: the worker finished the
    build (a development build with errors still writes the site)."""

    ok: bool
    seconds: float
    errors: list[str] = field(default_factory=list)
    answered: bool = True


class LiveBuilder:
    """The client side: a worker process, rebuilt on request."""

    def __init__(
        self,
        settings_file: Path,
        output: Path,
        *,
        content: Path | None = None,
        extra: dict | None = None,
        cwd: Path = ROOT,
        env: dict | None = None,
        stderr=None,
    ) -> None:
        self.arguments = pelican_command(
            settings_file, output, content=content, extra=extra
        )[3:]
        # The project whose plugins the worker imports: its settings' folder.
        self.root = Path(settings_file).resolve().parent
        self.cwd, self.env, self.stderr = cwd, env, stderr
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "sitecheck.livebuild", *self.arguments]
        environment = dict(self.env or os.environ)
        # The worker imports sitecheck from this checkout, wherever it runs.
        environment["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(ROOT), environment.get("PYTHONPATH", "")) if p
        )
        self.process = subprocess.Popen(
            command,
            cwd=self.cwd,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            encoding="utf-8",
            errors="replace",
        )

    def build(self, changed: Iterable[str | os.PathLike] = ()) -> BuildResult:
        """Rebuild; in a new worker first when ``changed`` holds code."""
        if self.process is None or self.process.poll() is not None:
            self.start()
        elif needs_new_worker(changed, self.root):
            self.close()
            self.start()
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(json.dumps({"build": True}) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            code = self.process.wait()
            self.process = None
            message = f"the build worker stopped (exit {code})"
            return BuildResult(False, 0.0, [message], answered=False)
        reply = json.loads(answer)
        return BuildResult(reply["ok"], reply["seconds"], reply["errors"])

    def close(self) -> None:
        if self.process is None:
            return
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


# --- the worker ----------------------------------------------------------------


def _build_once(arguments: list[str]) -> dict:
    """One build, as `pelican ARGUMENTS` runs it, in this process."""
    from pelican import get_instance, parse_arguments

    started = time.perf_counter()
    errors: list[str] = []
    try:
        pelican, _ = get_instance(parse_arguments(arguments))
        pelican.run()
        ok = True
    except SystemExit as stop:  # FAIL_ON_ERRORS, or a refused output folder
        ok = stop.code in (0, None)
    except Exception as error:  # Pelican's own failure: its message, once
        logging.getLogger("sitecheck.livebuild").error("%s", error)
        ok = False
    collector = sys.modules.get("build_errors")
    if collector is not None:
        errors = list(collector.collector.messages)
    return {
        "ok": ok and not errors,
        "seconds": time.perf_counter() - started,
        "errors": errors,
    }


def main(arguments: list[str]) -> None:
    # Replies go out on the original stdout; everything else printed there
    # (Pelican's "Done: ..." line, its console log) goes to stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    from pelican.log import init as init_logging

    init_logging(logging.WARNING)
    for line in sys.stdin:
        if json.loads(line).get("build"):
            reply = _build_once(arguments)
            replies.write(json.dumps(reply) + "\n")
            replies.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
