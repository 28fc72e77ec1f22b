"""What the machine must provide, checked before anything slow starts.

- tools.py: the system tools; tools.toml is their one list.
- ports.py: a port to listen on.
- folders.py: a folder to write in, and builds that leave the output as it
  was when they fail.
- errors.py: MachineError, one line with the fix, also made from a system
  error (a full disk, a read-only folder).

Standard library only, so that .ci/run can use it before uv has set up the
project's environment.
"""

import sys

# The one thing checked before anything here is imported: tomllib (the
# tools' list) and the whole project need Python 3.11. One line, not the
# ImportError that an older Python would show.
if sys.version_info < (3, 11):  # noqa: UP036 (this runs on older Pythons)
    print(
        f"Python 3.11 or later is needed, and this is Python "
        f"{sys.version.split()[0]} ({sys.executable}). Install it: "
        "`apt-get install python3` (Debian 12, Ubuntu 23.04 or later; on an "
        "older Ubuntu, `apt-get install python3.11` and write python3.11 for "
        "python3) or `brew install python` (macOS), then run this again.",
        file=sys.stderr,
    )
    sys.exit(2)
