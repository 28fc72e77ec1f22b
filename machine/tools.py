"""The system tools the tests and tasks use: where each is, and what to do
when one is missing or too old.

Everything about them comes from tools.toml beside this file, the one list
that the README's table, .ci/run and every check here are made from. Only
the standard library is used: .ci/run runs this with the system's Python,
before the project's environment exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import MachineError

LIST = Path(__file__).with_name("tools.toml")
VERSION_TIMEOUT_S = 20


@dataclass(frozen=True)
class Tool:
    name: str
    commands: tuple[str, ...]
    used_by: str
    needed_for: frozenset[str]
    debian: str
    homebrew: str | None = None
    environment: str | None = None
    also_at: tuple[str, ...] = ()
    minimum: str | None = None
    must_mount: bool = False

    @property
    def install(self) -> str:
        """How to install it, on both systems, in one phrase."""
        if self.homebrew is None:
            return (
                f"`apt-get install {self.debian}` (Debian/Ubuntu); macOS has "
                f"no {self.name} that does this: use a Linux container or VM"
            )
        return (
            f"`apt-get install {self.debian}` (Debian/Ubuntu) "
            f"or `brew install {self.homebrew}` (macOS)"
        )


def load(path: Path = LIST) -> list[Tool]:
    entries = tomllib.loads(path.read_text("utf-8"))["tool"]
    return [
        Tool(
            name=entry["name"],
            commands=tuple(entry["commands"]),
            used_by=entry["used_by"],
            needed_for=frozenset(entry["needed_for"]),
            debian=entry["debian"],
            homebrew=entry.get("homebrew"),
            environment=entry.get("environment"),
            also_at=tuple(entry.get("also_at", ())),
            minimum=entry.get("minimum"),
            must_mount=entry.get("must_mount", False),
        )
        for entry in entries
    ]


TOOLS = load()


def named(name: str) -> Tool:
    return next(tool for tool in TOOLS if tool.name == name)


def needed_for(*purposes: str) -> list[Tool]:
    """The tools any of these purposes uses, in the list's order."""
    return [tool for tool in TOOLS if tool.needed_for & set(purposes)]


def _executable(path: str | None) -> bool:
    return bool(path) and os.path.isfile(path) and os.access(path, os.X_OK)


def find(tool: Tool) -> str | None:
    """The tool's executable: the variable that names it, else PATH, else
    the usual places; None when there is none."""
    if tool.environment and os.environ.get(tool.environment):
        named_path = os.environ[tool.environment]
        return named_path if _executable(named_path) else None
    for command in tool.commands:
        found = shutil.which(command)
        if found:
            return found
    return next((path for path in tool.also_at if _executable(path)), None)


def version_of(executable: str) -> str | None:
    """The version the tool states (`--version`, Java's `-version`)."""
    flag = "-version" if Path(executable).name == "java" else "--version"
    try:
        result = subprocess.run(
            [executable, flag],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=VERSION_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    said = result.stdout + result.stderr
    # Java says `version "17.0.15"`, maybe after a line of its own options.
    match = re.search(r'version "(\d+(?:\.\d+)*)', said) or re.search(
        r"(\d+(?:\.\d+)*)", said
    )
    return match.group(1) if match else None


def version_numbers(version: str) -> tuple[int, ...]:
    numbers = tuple(int(n) for n in version.split("."))
    # Java 8 and older call themselves 1.8, 1.7...
    return numbers[1:] if numbers[0] == 1 and len(numbers) > 1 else numbers


def mount_refusal(executable: str) -> str | None:
    """Why ``executable`` (mount) cannot mount here, or None: the tests
    mount a small tmpfs and read-only bind mounts, which only root may do,
    and only where the system lets root (a container may not)."""
    if os.geteuid() != 0:
        return "you are not root, and only root may mount"
    with tempfile.TemporaryDirectory(prefix="mount-probe-") as folder:
        tried = subprocess.run(
            [executable, "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        if tried.returncode != 0:
            said = " ".join(tried.stderr.split()) or f"exit {tried.returncode}"
            return f"mounting a tmpfs failed ({said})"
        subprocess.run(
            [str(Path(executable).with_name("umount")), folder],
            capture_output=True,
            check=False,
        )
    return None


def diagnose(tool: Tool) -> tuple[str, str] | None:
    """(what is wrong with the tool, the fix), or None when it is there and
    recent enough."""
    fix = f"Install it: {tool.install}."
    executable = find(tool)
    if executable is None:
        if tool.environment and os.environ.get(tool.environment):
            return (
                f"{tool.name} is missing: {tool.environment} names "
                f"{os.environ[tool.environment]}, which is not an executable "
                f"file; used by {tool.used_by}.",
                f"Correct or unset {tool.environment}, or install it: {tool.install}.",
            )
        return (
            f"{tool.name} is missing (no `{tool.commands[0]}` on PATH); "
            f"used by {tool.used_by}.",
            fix,
        )
    if tool.must_mount:
        refusal = mount_refusal(executable)
        if refusal:
            return (
                f"{tool.name} ({executable}) cannot make the tests' mounts: "
                f"{refusal}; used by {tool.used_by}.",
                "Run the tests as root, as CI does (in Docker: "
                "`docker run --privileged`).",
            )
    if tool.minimum:
        wanted = version_numbers(tool.minimum)
        found = version_of(executable)
        if found is None or version_numbers(found)[: len(wanted)] < wanted:
            shown = found or "of unknown version"
            return (
                f"{tool.name} {shown} ({executable}) is too old: "
                f"{tool.minimum} or later is needed by {tool.used_by}.",
                fix,
            )
    return None


def problem(tool: Tool) -> str | None:
    """One line: what is wrong with the tool and how to fix it; or None."""
    found = diagnose(tool)
    return " ".join(found) if found else None


def problems(*purposes: str) -> list[str]:
    """One line for each tool these purposes need that is missing or too old."""
    return [line for tool in needed_for(*purposes) if (line := problem(tool))]


def require(*purposes: str, stopped: str) -> None:
    """Raise MachineError unless every tool these purposes need is usable:
    one line for each that is not, then ``stopped`` (what did not start)
    and the fix."""
    lines = problems(*purposes)
    if lines:
        last = f"{stopped}: install the tools named above, then run it again."
        raise MachineError("\n".join([*lines, last]))


def debian_packages(tools: list[Tool]) -> list[str]:
    """The Debian packages of these tools, each once, in the list's order."""
    packages: list[str] = []
    for tool in tools:
        for package in tool.debian.split():
            if package not in packages:
                packages.append(package)
    return packages


def readme_table() -> str:
    """The README's table of system tools, made from the list."""
    lines = [
        "| tool | what uses it | Debian/Ubuntu | macOS (Homebrew) |",
        "|---|---|---|---|",
    ]
    for tool in TOOLS:
        name = f"{tool.name} {tool.minimum}+" if tool.minimum else tool.name
        brew = f"`brew install {tool.homebrew}`" if tool.homebrew else "none"
        lines.append(
            f"| {name} | {tool.used_by} | `apt-get install {tool.debian}` | {brew} |"
        )
    return "\n".join(lines)
