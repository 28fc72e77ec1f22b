"""Read the posts a build has to read on every core, not on one.

Markdown and typography are most of a cold build, and Pelican reads posts
one after another. When a generator is created, this plugin lists the files
it will read that Pelican's content cache cannot answer, and hands them to a
pool of worker processes (forked, so they share the reader and settings);
when Pelican then asks the reader for a post, its result is usually ready.
Everything else (the order of reading, the cache, the content objects,
charts, errors) stays Pelican's.

Log messages the workers emit (an invalid original_url, say) are collected
there and replayed in the build's process when Pelican reads that post, so
they appear once, in order, and count towards FAIL_ON_ERRORS.

READ_WORKERS sets the pool size (default: the number of cores); 0 or 1
reads in the build's process, as Pelican does. Fewer than
PARALLEL_READ_MIN_FILES files to read (default 40) are read directly: a
pool would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor

from blinker import signal
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)

DEFAULT_MIN_FILES = 40

# Other plugins may do more of a post's work in the worker that read it:
# READ_IN_WORKER is sent there (sender: the path; content=, extras= a dict
# to fill with picklable results), RECEIVED in the build's process (sender:
# the path; extras=) just before Pelican gets the post. Handlers must not
# fail: a worker's extras are only ever a head start.
READ_IN_WORKER = signal("parallel_read.read_in_worker")
RECEIVED = signal("parallel_read.received")

# Set in the build's process before the pool forks; workers inherit it.
_worker_reader: MarkdownReader | None = None


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


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
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        content, metadata = _worker_reader.read(path)
        extras: dict = {}
        try:
            READ_IN_WORKER.send(path, content=content, extras=extras)
        except Exception:
            extras = {}
        portable = {k: _portable(v) for k, v in metadata.items()}
        result = (content, portable, extras, None)
    except Exception as error:  # replayed in the build's process
        result = (None, None, {}, error)
    finally:
        root.removeHandler(collector)
    return result, collector.records


class Prefetcher:
    def __init__(self) -> None:
        self.futures: dict[str, Future] = {}
        self.pools: list[ProcessPoolExecutor] = []

    def reset(self, pelican) -> None:
        self.shutdown()

    def start(self, generator) -> None:
        """Queue every file this generator will read and cannot take from the
        content cache."""
        global _worker_reader
        settings = generator.settings
        workers = int(settings.get("READ_WORKERS", os.cpu_count() or 1))
        reader = generator.readers.readers.get("md")
        if workers < 2 or not isinstance(reader, MarkdownReader):
            return
        paths, excludes = _paths_of(generator)
        files = sorted(generator.get_files(paths, exclude=excludes, extensions=("md",)))
        absolute = [os.path.abspath(os.path.join(generator.path, f)) for f in files]
        stale = [path for path in absolute if _stale(generator.readers, path)]
        if len(stale) < settings.get("PARALLEL_READ_MIN_FILES", DEFAULT_MIN_FILES):
            return
        _worker_reader = reader
        _install_lookup(reader, self)
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_start_worker,
        )
        self.pools.append(pool)
        for path in stale:
            self.futures[path] = pool.submit(_read, path)

    def take(self, path: str, settings: dict):
        """The worker's result for a path, or None to read it here."""
        future = self.futures.pop(os.path.abspath(path), None)
        if future is None:
            return None
        (content, metadata, extras, error), records = future.result()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if error is not None:
            raise error
        if extras:
            RECEIVED.send(os.path.abspath(path), extras=extras)
        return content, {k: _restore(v, settings) for k, v in metadata.items()}

    def shutdown(self, *_) -> None:
        for pool in self.pools:
            pool.shutdown(wait=True, cancel_futures=True)
        self.pools, self.futures = [], {}


def _paths_of(generator) -> tuple[list, list]:
    settings = generator.settings
    if type(generator).__name__ == "PagesGenerator":
        return settings["PAGE_PATHS"], settings["PAGE_EXCLUDES"]
    return settings["ARTICLE_PATHS"], settings["ARTICLE_EXCLUDES"]


def _stale(readers, path: str) -> bool:
    if not readers.settings.get("LOAD_CONTENT_CACHE"):
        return True
    return readers.get_cached_data(path, None) is None


def _install_lookup(reader: MarkdownReader, prefetcher: Prefetcher) -> None:
    """Make this reader instance answer from the workers' results first."""
    if getattr(reader, "_prefetcher", None) is prefetcher:
        return
    reader._prefetcher = prefetcher
    read_here = reader.read

    def read(source_path):
        result = prefetcher.take(source_path, reader.settings)
        return result if result is not None else read_here(source_path)

    reader.read = read


# Module-level: blinker holds receivers weakly.
prefetcher = Prefetcher()


def register() -> None:
    signals.initialized.connect(prefetcher.reset)
    signals.article_generator_init.connect(prefetcher.start)
    signals.page_generator_init.connect(prefetcher.start)
    # Pages are read after articles: the pools end once both are read.
    signals.page_generator_finalized.connect(prefetcher.shutdown)
    signals.finalized.connect(prefetcher.shutdown)
