"""A copy of the project that an author edits and rebuilds, for the tests
that compare an incremental build with a clean one.

The copy holds everything a build reads (content, theme, plugins, settings),
so a test may edit any of it. ``rebuild()`` builds into the same output and
cache folders again, as ``invoke build`` does; ``clean_build()`` builds the
same sources into fresh folders; ``differences()`` is ``diff -r`` of the two.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from conftest import ROOT

SOURCES = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")


class Project:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder / "project"
        self.output = folder / "output"
        self.cache = folder / "cache"
        self.clean_count = 0
        self.live = None
        self.sources: dict[Path, tuple[int, int]] = {}
        self.root.mkdir(parents=True)
        for name in SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source,
                    self.root / name,
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
            else:
                shutil.copy2(source, self.root / name)

    # --- files ------------------------------------------------------------------

    def path(self, relative: str) -> Path:
        return self.root / relative

    def read(self, relative: str) -> str:
        return self.path(relative).read_text("utf-8")

    def write(self, relative: str, text: str) -> None:
        path = self.path(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    def replace(self, relative: str, old: str, new: str, count: int = 1) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} is not in {relative}"
        self.write(relative, text.replace(old, new, count))

    def set_metadata(self, relative: str, key: str, value: str | None) -> None:
        """Set (or, with None, remove) a metadata line of a post."""
        head, _, body = self.read(relative).partition("\n\n")
        lines = [
            line
            for line in head.splitlines()
            if not line.lower().startswith(key.lower() + ":")
        ]
        if value is not None:
            lines.append(f"{key}: {value}")
        self.write(relative, "\n".join(lines) + "\n\n" + body)

    # --- builds -----------------------------------------------------------------

    def _run(self, output: Path, cache: Path) -> subprocess.CompletedProcess:
        from sitecheck.pelican_run import pelican_command

        command = pelican_command(
            self.root / "pelicanconf.py",
            output,
            content=self.root / "content",
            extra={"CACHE_PATH": str(cache)},
        )
        result = subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def rebuild(self) -> None:
        """Build into the project's output with its caches: `invoke build`,
        or, for a live project, the live preview's rebuild."""
        if self.live is None:
            self._run(self.output, self.cache)
            return
        changed = self._changes()
        result = self.live.build(changed)
        assert result.answered, result.errors
        self.sources = self._snapshot()

    def go_live(self) -> None:
        """Build from now on as `invoke livereload` does: in a worker that
        keeps Pelican loaded, told which files changed."""
        from sitecheck.livebuild import LiveBuilder

        self.live = LiveBuilder(
            self.root / "pelicanconf.py",
            self.output,
            content=self.root / "content",
            extra={"CACHE_PATH": str(self.cache)},
            cwd=self.root,
            stderr=subprocess.DEVNULL,
        )
        self.sources = self._snapshot()

    def close(self) -> None:
        if self.live is not None:
            self.live.close()

    def _snapshot(self) -> dict[Path, tuple[int, int]]:
        return {
            path: (path.stat().st_size, path.stat().st_mtime_ns)
            for path in self.root.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }

    def _changes(self) -> set[Path]:
        """The source files added, changed or removed since the last build,
        as a file watcher would report them."""
        now = self._snapshot()
        return {
            path
            for path in now.keys() | self.sources.keys()
            if now.get(path) != self.sources.get(path)
        }

    def clean_build(self) -> Path:
        """The same sources, built from nothing into a folder of their own."""
        self.clean_count += 1
        output = self.folder / f"clean-{self.clean_count}"
        self._run(output, self.folder / f"clean-{self.clean_count}-cache")
        return output

    def differences(self) -> str:
        """``diff -r`` of the incremental output and a clean build's."""
        clean = self.clean_build()
        result = subprocess.run(
            ["diff", "-r", str(clean), str(self.output)],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        shutil.rmtree(clean)
        shutil.rmtree(self.folder / f"clean-{self.clean_count}-cache")
        return result.stdout[:4000]


# The two ways an author rebuilds: what every incremental test runs through.
REBUILDS = ["invoke build", "live reload"]


def built_project(tmp_path: Path, rebuild: str) -> Iterator[Project]:
    """A built project, rebuilt later as `invoke build` does, or as the live
    preview does (sitecheck/livebuild.py); closed afterwards."""
    project = Project(tmp_path)
    if rebuild == "live reload":
        project.go_live()
    project.rebuild()
    yield project
    project.close()
