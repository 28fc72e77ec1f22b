"""A build the machine stops (a full disk, a read-only folder) says so in
one line, not in a traceback.

Pelican logs the exception that ends a build with its traceback. For a
system error that no author or plugin caused (no space left, a quota used
up, a read-only file system, permission denied), that traceback hides the
one fact that matters; this plugin prints, in its place, one plain line
(not wrapped to the terminal, so the path stays whole): what could not be
written, why, and the fix (worded in sitekit.system_errors, as the tasks
word it). Every other exception keeps its traceback: it is a bug to report.

Pelican copies static files (the CSV downloads, images) in a way that turns
a failed copy into a warning and carries on: on a full disk the build would
succeed without the file, or with half of it. Such a copy ends the build
instead, and the task that started it puts the previous output back.

Both hooks are Pelican internals, kept in sitekit.pelican_seam.
"""

from __future__ import annotations

import os
import sys

from pelican import signals
from sitekit import pelican_seam
from sitekit.paths import inside
from sitekit.system_errors import explain, failing_path, is_system_error

_output: str | None = None


def one_line(error: OSError, output: str | None) -> str:
    """The line for a system error that ended the build of ``output``."""
    path = failing_path(error)
    # The folder that holds the output outlives a failed build (the output
    # may be a staging folder, removed since); a failed write() names no file.
    if output and (not path or inside(path, output)):
        where = os.path.dirname(output)
    else:
        where = os.path.dirname(path) if path else os.getcwd()
    wrong, fix = explain(error, where)
    return f"The build stopped: {wrong}. Fix: {fix}."


def said_in_one_line(error: BaseException) -> bool:
    if not is_system_error(error):
        return False
    print(one_line(error, _output), file=sys.stderr, flush=True)
    return True


def remember_output(pelican) -> None:
    global _output
    _output = os.path.abspath(pelican.output_path)


def register() -> None:
    pelican_seam.on_build_ending_error(said_in_one_line)
    pelican_seam.failed_copies_raise(is_system_error)
    signals.initialized.connect(remember_output)
