"""A build the machine stops (a full disk, a read-only folder) says so in
one line, not in a traceback.

Pelican logs any exception that ends a build as CRITICAL with its traceback.
For a system error that no author or plugin caused (no space left, a quota
used up, a read-only file system, permission denied), that traceback hides
the one fact that matters. This filter on Pelican's own logger prints, in
its place, one plain line (not wrapped to the terminal, so the path stays
whole): what could not be written, why, and the fix. Every other exception
keeps its traceback: it is a bug to report.

Pelican copies static files (the CSV downloads, images) through
``pelican.utils.copy_file``, which turns any failed copy into a warning and
carries on: on a full disk the build would succeed without the file, or with
half of it. Such a warning is turned back into the error it was, so the
build stops there, and the task puts the previous output back.
"""

from __future__ import annotations

import errno
import logging
import os
import sys

from pelican import signals

# errno -> (what is wrong, the fix); {where} is the folder being written.
REASONS = {
    errno.ENOSPC: (
        "the disk that holds {where} is full",
        "free some space on it (`df -h {where}` shows how much is left), "
        "then build again",
    ),
    errno.EDQUOT: (
        "your disk quota on {where} is used up",
        "free some space in your files, then build again",
    ),
    errno.EROFS: (
        "{where} is on a read-only file system",
        "build into a folder on a writable disk (--output DIR)",
    ),
    errno.EACCES: (
        "you may not write in {where}",
        "make it yours and writable (`chown -R` / `chmod -R u+w`), or build "
        "elsewhere (--output DIR)",
    ),
    errno.EPERM: (
        "you may not write in {where}",
        "make it yours and writable (`chown -R` / `chmod -R u+w`), or build "
        "elsewhere (--output DIR)",
    ),
}


def one_line(error: OSError, output: str | None) -> str:
    wrong, fix = REASONS[error.errno]
    path = os.fsdecode(error.filename2 or error.filename or "") or None
    # The folder that holds the output outlives a failed build (the output
    # may be a staging folder, removed since); a failed write() names no file.
    if output and (not path or os.path.abspath(path).startswith(output + os.sep)):
        where = os.path.dirname(output)
    else:
        where = os.path.dirname(path) if path else os.getcwd()
    detail = f"{error.strerror}: {path}" if path else error.strerror
    return (
        f"The build stopped: {wrong.format(where=where)} ({detail}). "
        f"Fix: {fix.format(where=where)}."
    )


class MachineErrorsInOneLine(logging.Filter):
    output: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, OSError) and error.errno in REASONS:
            print(one_line(error, self.output), file=sys.stderr, flush=True)
            return False
        return True


ONE_LINE = MachineErrorsInOneLine()


class FailedCopiesFail(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for argument in record.args if isinstance(record.args, tuple) else ():
            if isinstance(argument, OSError) and argument.errno in REASONS:
                raise argument  # out of copy_file, and out of the build
        return True


FAILED_COPIES_FAIL = FailedCopiesFail()


def remember_output(pelican) -> None:
    ONE_LINE.output = os.path.abspath(pelican.output_path)


def register() -> None:
    # Now, not on a signal: a plugin's own `initialized` handler may be the
    # first to find the disk full. Pelican's main() logs the exception that
    # ended the build on the "pelican" logger.
    logger = logging.getLogger("pelican")
    if ONE_LINE not in logger.filters:
        logger.addFilter(ONE_LINE)
    copies = logging.getLogger("pelican.utils")
    if FAILED_COPIES_FAIL not in copies.filters:
        copies.addFilter(FAILED_COPIES_FAIL)
    signals.initialized.connect(remember_output)
