"""Reproducible builds: the same sources give the same bytes.

Two checkouts at different paths are built with different hash seeds,
different clocks (one at a fixed SOURCE_DATE_EPOCH, one "now" shifted by
more than a year, in another time zone) and with directories listed in
opposite orders, and the same build "now" (BUILD_NOW, which decides which
posts are scheduled); `diff -r` of the two outputs must print nothing. The
sources include posts that tie on everything a listing sorts by (same date,
same tags), tags spelled two ways and charts, so ids, tag clouds, related
posts, feeds and the sitemap all have a chance to differ.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, write_sample_posts

SOURCES = ("content", "theme", "plugins", "pelicanconf.py", "publishconf.py")

# Loaded through PYTHONPATH by the second build only: every directory listing
# comes back in reverse order, and the clock runs 400 days and 7 hours ahead.
SHUFFLE_AND_SHIFT = """\
import datetime as _dt
import json
import os
import time

SHIFT = 400 * 86400 + 7 * 3600
_listdir, _scandir, _time, _fork = os.listdir, os.scandir, time.time, os.fork
_calls = {"listdir": 0, "scandir": 0, "now": 0, "fork": 0}


def fork():
    _calls["fork"] += 1
    return _fork()


def listdir(path="."):
    _calls["listdir"] += 1
    return sorted(_listdir(path), reverse=True)


class _Reversed:
    def __init__(self, iterator):
        self._iterator = iterator
        self._entries = iter(sorted(iterator, key=lambda e: e.name, reverse=True))

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._iterator.close()

    def close(self):
        self._iterator.close()


def scandir(path="."):
    _calls["scandir"] += 1
    return _Reversed(_scandir(path))


class _ShiftedDatetime(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        _calls["now"] += 1
        return _dt.datetime.fromtimestamp(_time() + SHIFT, tz)

    @classmethod
    def today(cls):
        return cls.now()


os.listdir, os.scandir, os.fork = listdir, scandir, fork
time.time = lambda: _time() + SHIFT
_dt.datetime = _ShiftedDatetime


def _report():
    with open(os.environ["REPRO_PROBE"], "w") as probe:
        json.dump(_calls, probe)


import atexit

atexit.register(_report)
"""


def tie_posts(posts: Path) -> None:
    """Posts that tie on date and tags, and tags written two ways: enough of
    them (with the sample posts, over PARALLEL_READ_MIN_FILES) that the
    build reads posts in parallel."""
    for number in range(40):
        (posts / f"tie-{number}.md").write_text(
            f"Title: Tie number {number} — ملاحظة\n"
            "Date: 2012-05-05 10:00\n"
            "Category: Ties\n"
            f"Tags: alpha, beta, {'Gamma Rays' if number % 2 else 'gamma-rays'}, "
            "Ünïcode, عربي\n"
            f"Slug: tie-{number}\n\n"
            f"Body {number}.\n\n"
            "```chart\n"
            "data: /data/dm-poll.csv\n"
            "type: bar\n"
            "x: answer\n"
            "y: votes\n"
            "```\n",
            "utf-8",
        )


def checkout(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source, folder / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, folder / name)
    write_sample_posts(folder / "content" / "posts")
    tie_posts(folder / "content" / "posts")
    return folder


def build(project: Path, settings: str, output: str, env: dict) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "--settings",
            settings,
            "--output",
            output,
        ],
        cwd=project,
        env={**os.environ, "COLUMNS": "300", **env},
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout + result.stderr


def diff(first: Path, second: Path) -> str:
    result = subprocess.run(
        ["diff", "-r", str(first), str(second)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def checkouts(tmp_path_factory):
    base = tmp_path_factory.mktemp("repro")
    one = checkout(base / "one")
    two = checkout(base / "elsewhere" / "a-longer" / "path-to" / "checkout-two")
    probe_folder = base / "probe"
    probe_folder.mkdir()
    (probe_folder / "sitecustomize.py").write_text(SHUFFLE_AND_SHIFT, "utf-8")
    # One build's now (plugins/scheduled_posts) for both: it decides which
    # posts are scheduled (here the one of September 2025), and is an input
    # like the sources; the clocks still differ.
    now = {"BUILD_NOW": "2025-01-01T00:00"}
    plain = {
        "PYTHONHASHSEED": "1",
        "SOURCE_DATE_EPOCH": "1700000000",
        "TZ": "UTC",
        **now,
    }
    shuffled = {
        "PYTHONHASHSEED": "2",
        "TZ": "Pacific/Kiritimati",
        "PYTHONPATH": str(probe_folder),
        **now,
    }
    return one, two, plain, shuffled, base


def shuffled_env(shuffled: dict, probe: Path) -> dict:
    return {**shuffled, "REPRO_PROBE": str(probe)}


def assert_probe_ran(probe: Path) -> None:
    """The second build really did list directories reversed and read the
    shifted clock through our sitecustomize."""
    calls = json.loads(probe.read_text())
    assert calls["listdir"] + calls["scandir"] > 10, calls


def test_two_publish_builds_are_byte_identical(checkouts):
    one, two, plain, shuffled, base = checkouts
    probe = base / "probe-publish.json"
    build(one, "publishconf.py", "output", plain)
    build(two, "publishconf.py", "output", shuffled_env(shuffled, probe))
    assert_probe_ran(probe)
    # Posts were read by a pool of forked workers (plugins/site_reader/parallel.py),
    # whose results come back in any order.
    assert json.loads(probe.read_text())["fork"] > 0
    assert (one / "output" / "sitemap.xml").exists()
    assert diff(one / "output", two / "output") == ""


def test_development_builds_cold_and_cached_are_byte_identical(checkouts):
    one, two, plain, shuffled, base = checkouts
    build(one, "pelicanconf.py", "dev-output", plain)
    # The second checkout builds twice: the second build reuses its caches
    # (content, charts, rendered pages) and must still match a cold build.
    build(two, "pelicanconf.py", "dev-output", shuffled_env(shuffled, base / "p1"))
    build(two, "pelicanconf.py", "dev-output", shuffled_env(shuffled, base / "p2"))
    assert_probe_ran(base / "p2")
    assert diff(one / "dev-output", two / "dev-output") == ""
