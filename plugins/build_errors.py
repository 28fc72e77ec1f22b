"""Errors, summed up at the end of a build; with FAIL_ON_ERRORS, fatal.

Pelican's ``--fatal errors`` stops at the first error and prints a Python
traceback, which tells an author nothing they can act on. Here the build runs
to the end, so every problem is reported, then:

- the errors are listed once more, one plain ``file:line: message`` per line
  (the live log wraps long lines to the terminal's width, which splits paths
  that editors and terminals would otherwise make clickable);
- with ``FAIL_ON_ERRORS = True`` (publishconf.py) the build exits with status
  1 and a one-line summary, never a traceback.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

logger = logging.getLogger(__name__)


class ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(" ".join(record.getMessage().split("\n")))


collector = ErrorCollector()


def start_collecting(pelican) -> None:
    collector.messages = []
    root = logging.getLogger()
    if collector not in root.handlers:
        root.addHandler(collector)


def summarise(pelican) -> None:
    messages = collector.messages
    if not messages:
        return
    count = len(messages)
    plural = "s" if count != 1 else ""
    print(f"\n{count} error{plural}:", file=sys.stderr)
    for message in messages:
        print(f"  {message}", file=sys.stderr)
    if pelican.settings.get("FAIL_ON_ERRORS"):
        print(
            f"Build failed: {count} error{plural}, listed above "
            "(FAIL_ON_ERRORS is on, as in publishconf.py). Fix them and build again.",
            file=sys.stderr,
        )
        raise SystemExit(1)


def connect_summary(pelican) -> None:
    """Connected once the build runs, after every plugin's register(): the
    summary is the last thing a build does (caches are saved, stale files
    removed before a failing build exits), whatever this plugin's place in
    PLUGINS. Connecting again keeps that first place."""
    signals.finalized.connect(summarise)


def register() -> None:
    signals.initialized.connect(start_collecting)
    signals.get_generators.connect(connect_summary)
