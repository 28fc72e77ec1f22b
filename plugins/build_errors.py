"""Make logged errors fail the build, after it has reported all of them.

Pelican's ``--fatal errors`` stops at the first error and prints a Python
traceback, which tells an author nothing they can act on. With
``FAIL_ON_ERRORS = True`` (publishconf.py) the build runs to the end, so
every problem is listed once with its file and line, and then exits with
status 1 and a one-line summary instead of a traceback.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

logger = logging.getLogger(__name__)


class ErrorCounter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


counter = ErrorCounter()


def start_counting(pelican) -> None:
    counter.count = 0
    root = logging.getLogger()
    if counter not in root.handlers:
        root.addHandler(counter)


def fail_if_errors(pelican) -> None:
    if not pelican.settings.get("FAIL_ON_ERRORS") or counter.count == 0:
        return
    plural = "s" if counter.count != 1 else ""
    print(
        f"Build failed: {counter.count} error{plural}, listed above "
        "(FAIL_ON_ERRORS is on, as in publishconf.py). Fix them and build again.",
        file=sys.stderr,
    )
    raise SystemExit(1)


def register() -> None:
    signals.initialized.connect(start_counting)
    # Connected at import time, after the plugins listed before this one:
    # the chart cache is saved before the build is failed.
    signals.finalized.connect(fail_if_errors)
