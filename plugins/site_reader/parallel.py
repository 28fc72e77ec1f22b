"""Read the posts a build has to read on every core, not on one.

Markdown and typography are most of a cold build, and Pelican reads posts
one after another. When a generator is created, the files it will read that
Pelican's content cache cannot answer go to a pool of worker processes,
forked from the build's (so they share the reader and the settings); when
Pelican then asks the reader for a post, the reader takes the worker's
result if there is one. Everything else (the order of reading, the cache,
the content objects, charts, errors) stays Pelican's.

Forking is used only where it is safe: on Linux, from a process with a
single thread (Python 3.12 and later warn when a multi-threaded process
forks, and it can deadlock). Pelican's "Generating..." status runs a
refresh thread: it is paused while the workers are forked, all at once,
before the pool starts threads of its own. Elsewhere (Windows and macOS,
where fork is missing or unsafe), posts are read in the build's process,
with the same output.

Messages a worker logs are collected there and logged again by the build's
process when Pelican reads that post, so they appear once, in order, and
count towards FAIL_ON_ERRORS. A worker that fails on a post reports it as
that post's error, naming the file.

READ_WORKERS sets the pool size (default: the number of cores); 0 or 1
reads in the build's process, as Pelican does. Fewer than
PARALLEL_READ_MIN_FILES files to read (default 40) are read directly: a
pool would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from multiprocessing.pool import AsyncResult, Pool

from blinker import signal
from pelican.urlwrappers import URLWrapper
from sitekit.forking import LogCollector, fork_is_safe, replay
from sitekit.pelican_seam import status_paused

logger = logging.getLogger(__name__)

DEFAULT_MIN_FILES = 40

# Other plugins may do more of a post's work in the worker that read it:
# READ_IN_WORKER is sent there (sender: the path; content=, extras= a dict
# to fill with picklable results), RECEIVED in the build's process (sender:
# the path; extras=) just before Pelican gets the post. Handlers must not
# fail: a worker's extras are only ever a head start.
READ_IN_WORKER = signal("parallel_read.read_in_worker")
RECEIVED = signal("parallel_read.received")

# The reader the workers use: set in the build's process just before the
# pool forks, inherited by the workers.
_worker_reader = None


def _portable(value):
    """Tags, categories and authors travel as (class, name): each would
    otherwise carry a pickled copy of the whole settings dict."""
    if isinstance(value, URLWrapper):
        return ("__urlwrapper__", type(value), value.name)
    if isinstance(value, list):
        return [_portable(item) for item in value]
    return value


def _restore(value, settings):
    if isinstance(value, tuple) and len(value) == 3 and value[0] == "__urlwrapper__":
        return value[1](value[2], settings)
    if isinstance(value, list):
        return [_restore(item, settings) for item in value]
    return value


def _start_worker() -> None:
    # Messages are collected per file and replayed by the build's process.
    logging.getLogger().handlers = []


def _read(path: str):
    """In a worker: the reader's result for one file, and its messages."""
    collector = LogCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        content, metadata = _worker_reader.read_here(path)
        extras: dict = {}
        try:
            READ_IN_WORKER.send(path, content=content, extras=extras)
        except Exception:
            extras = {}
        portable = {k: _portable(v) for k, v in metadata.items()}
        result = (content, portable, extras, None)
    except Exception as error:  # a bug: named with its file by take()
        result = (None, None, {}, f"{type(error).__name__}: {error}")
    finally:
        root.removeHandler(collector)
    return result, collector.records


class Prefetcher:
    def __init__(self) -> None:
        self.results: dict[str, AsyncResult] = {}
        self.pools: list[Pool] = []

    def start(self, generator, reader, kind: str) -> None:
        """Queue every file this generator will read and cannot take from the
        content cache. ``kind`` is "articles" or "pages"."""
        global _worker_reader
        settings = generator.settings
        workers = int(settings.get("READ_WORKERS", os.cpu_count() or 1))
        if workers < 2 or reader is None:
            return
        prefix = "ARTICLE" if kind == "articles" else "PAGE"
        files = sorted(
            generator.get_files(
                settings[f"{prefix}_PATHS"],
                exclude=settings[f"{prefix}_EXCLUDES"],
                extensions=("md",),
            )
        )
        absolute = [os.path.abspath(os.path.join(generator.path, f)) for f in files]
        stale = [path for path in absolute if _stale(generator.readers, path)]
        if len(stale) < settings.get("PARALLEL_READ_MIN_FILES", DEFAULT_MIN_FILES):
            return
        _worker_reader = reader
        with status_paused():
            if not fork_is_safe():
                return
            # A Pool forks every worker in its constructor, before it starts
            # the threads that feed them.
            pool = multiprocessing.get_context("fork").Pool(
                workers, initializer=_start_worker
            )
        self.pools.append(pool)
        for path in stale:
            self.results[path] = pool.apply_async(_read, (path,))

    def take(self, path: str, settings: dict):
        """The worker's result for a path, or None to read it here."""
        pending = self.results.pop(os.path.abspath(path), None)
        if pending is None:
            return None
        (content, metadata, extras, failure), records = pending.get()
        replay(records)
        if failure is not None:
            raise WorkerFailedError(failure)
        if extras:
            RECEIVED.send(os.path.abspath(path), extras=extras)
        return content, {k: _restore(v, settings) for k, v in metadata.items()}

    def shutdown(self, *_) -> None:
        for pool in self.pools:
            pool.terminate()  # results not taken are not needed
            pool.join()
        self.pools, self.results = [], {}


class WorkerFailedError(Exception):
    """A worker failed on a file; the reader names the file for the author."""


def _stale(readers, path: str) -> bool:
    if not readers.settings.get("LOAD_CONTENT_CACHE"):
        return True
    return readers.get_cached_data(path, None) is None


# Module-level: blinker holds receivers weakly.
prefetcher = Prefetcher()
