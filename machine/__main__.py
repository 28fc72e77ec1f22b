"""`python3 -m machine ...`: the system tools list, for scripts and people.

python3 -m machine debian-packages [--missing]   what .ci/run installs
python3 -m machine check [PURPOSE ...]           one line per missing tool
                                                 (the README's test command
                                                 runs it before anything)
python3 -m machine readme-table                  the README's table
"""

from __future__ import annotations

import argparse
import sys

from . import tools
from .errors import MachineError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m machine")
    commands = parser.add_subparsers(dest="command", required=True)
    packages = commands.add_parser(
        "debian-packages", help="the Debian packages of the listed tools"
    )
    packages.add_argument(
        "--missing", action="store_true", help="only those of tools not found"
    )
    check = commands.add_parser("check", help="one line per missing tool")
    check.add_argument("purposes", nargs="*", default=["test"])
    commands.add_parser("readme-table", help="the README's table of tools")
    arguments = parser.parse_args(argv)

    if arguments.command == "debian-packages":
        listed = tools.TOOLS
        if arguments.missing:
            listed = [tool for tool in listed if tools.problem(tool)]
        print(" ".join(tools.debian_packages(listed)))
        return 0
    if arguments.command == "check":
        try:
            tools.require(*arguments.purposes, stopped="Nothing else was started")
        except MachineError as missing:
            print(missing, file=sys.stderr)
            return 2
        return 0
    print(tools.readme_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
