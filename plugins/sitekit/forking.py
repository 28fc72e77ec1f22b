"""Forking worker processes safely, and hearing what they logged.

Both parallel reading (site_reader) and parallel rendering (site_writer)
fork the build's process, so the children share its plugins, settings and
contents without pickling them. Forking is safe only on Linux, from a
process with a single thread (Python 3.12 and later warn otherwise, and a
lock held by another thread would stay held in the child); callers pause
Pelican's status thread first (``pelican_seam.status_paused``).

A child's messages are collected as plain records and logged again by the
build's process, so they appear once and count towards FAIL_ON_ERRORS.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading


def fork_is_safe() -> bool:
    """Fork only on Linux, and only from a process with a single thread."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class LogCollector(logging.Handler):
    """Keeps a child's log records, made picklable, for the parent."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def replay(records: list[logging.LogRecord]) -> None:
    """Log a child's records in this process, under their own loggers.
    Pelican's loggers may decline a repeated message (LOG_FILTER, its limit
    on repeats), as they would have in a serial build."""
    from pelican.log import FilteredMessage

    for record in records:
        with contextlib.suppress(FilteredMessage):
            logging.getLogger(record.name).handle(record)
