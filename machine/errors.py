"""A problem of the machine, not of the project: one line, with the fix.

Tasks turn a MachineError into invoke's Exit, so an author reads one line
saying what is missing or wrong and what to do, never a traceback. What a
full disk or a read-only folder means, and its fix, is worded once, in
plugins/sitekit/system_errors.py, for the build (plugins/write_errors) too.
"""

from __future__ import annotations

import sys
from pathlib import Path

# sitekit lives with the plugins, which import it by name (as tasks.py does).
_PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if _PLUGINS not in sys.path:
    sys.path.insert(0, _PLUGINS)
from sitekit.system_errors import (  # noqa: E402
    explain,
    failing_path,
    is_system_error,
)

__all__ = ["MachineError", "explain_os_error", "from_os_error", "is_system_error"]


class MachineError(Exception):
    """Something the machine lacks; str() is the whole message."""


def explain_os_error(
    error: OSError, doing: str, where: Path | str | None = None
) -> tuple[str, str]:
    """(what is wrong, the fix) for an environmental OSError. ``doing`` is
    what failed, as in "Could not {doing}"; ``where`` the folder to name
    (default: the failing path's)."""
    if where is None:
        shown = failing_path(error)
        where = Path(shown).parent if shown else Path.cwd()
    wrong, fix = explain(error, where)
    return f"Could not {doing}: {wrong}.", f"Fix: {fix}."


def from_os_error(
    error: OSError, doing: str, where: Path | str | None = None
) -> MachineError:
    return MachineError(" ".join(explain_os_error(error, doing, where)))
