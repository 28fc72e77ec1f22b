"""The system tools: one list (machine/tools.toml), the README's table and
.ci/run made from it, and every task that needs one checking for it first.

Tools are hidden by running the task with a PATH of symlinks to every other
executable (tests/machine_conditions.py): Python, Node and the rest stay.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import test_publish_safety
from conftest import ROOT
from machine_conditions import env_without
from test_publish_safety import (
    base_env,
    digest,
    invoke,
    leftovers,
    log_of,
)

from machine import tools

# A copy of the project, built.
project = test_publish_safety.project

# Every Python process a run starts writes its command line here, so a test
# can show that no build, no pytest and no npm ci ever started.
PROCESS_LOG_HOOK = """\
import os
import sys

if os.environ.get("PYTHON_PROCESS_LOG"):
    with open(os.environ["PYTHON_PROCESS_LOG"], "a", encoding="utf-8") as log:
        log.write(" ".join(sys.orig_argv) + "\\n")
"""


def commands_of(name: str) -> tuple[str, ...]:
    return tools.named(name).commands


def watched_env(base: dict, tmp_path: Path, *hidden_tools: str) -> dict:
    """``base`` with the commands of ``hidden_tools`` missing from PATH and
    every Python process it starts logged."""
    hook = tmp_path / "process-log-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(PROCESS_LOG_HOOK, "utf-8")
    commands = [c for name in hidden_tools for c in commands_of(name)]
    env = env_without(base, tmp_path / "path", *commands)
    env["PYTHONPATH"] = str(hook)
    env["PYTHON_PROCESS_LOG"] = str(tmp_path / "processes.log")
    return env


def processes(tmp_path: Path) -> list[str]:
    log = tmp_path / "processes.log"
    return log.read_text("utf-8").splitlines() if log.exists() else []


def assert_one_line_for_each(log: str, hidden_tools: tuple[str, ...]) -> None:
    """One line per missing tool, naming it and both packages; no other
    tool named, no traceback."""
    missing_lines = [line for line in log.splitlines() if " is missing" in line]
    assert len(missing_lines) == len(hidden_tools), log
    for name, line in zip(hidden_tools, missing_lines, strict=True):
        tool = tools.named(name)
        assert line.startswith(f"{name} is missing"), line
        assert f"`apt-get install {tool.debian}` (Debian/Ubuntu)" in line
        if tool.homebrew:
            assert f"`brew install {tool.homebrew}` (macOS)" in line
        else:
            assert f"macOS has no {name} that does this" in line
    assert "Traceback" not in log


# --- the list, the README and CI -------------------------------------------------


def test_every_listed_tool_is_found_and_recent_enough_here():
    """The checks find the real tools of this machine (and read their
    versions: Node 20+, Java 17+) — the state CI needs."""
    assert tools.problems("test") == []
    assert {tool.name for tool in tools.needed_for("test")} == {
        tool.name for tool in tools.TOOLS
    }
    java = tools.version_of(tools.find(tools.named("Java")))
    node = tools.version_of(tools.find(tools.named("Node.js")))
    assert tools.version_numbers(java)[0] >= 17
    assert tools.version_numbers(node)[0] >= 20


def test_a_tool_too_old_is_named_with_its_version(tmp_path):
    """A Java 8 first on PATH: its version, the one needed and the fix."""
    bin_folder = tmp_path / "old-java"
    bin_folder.mkdir()
    java = bin_folder / "java"
    java.write_text(
        "#!/bin/sh\necho 'openjdk version \"1.8.0_392\"' >&2\n", encoding="utf-8"
    )
    java.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "-m", "machine", "check", "check:html"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"Java 1.8.0 ({java}) is too old: 17 or later is needed by "
        f"{tools.named('Java').used_by}. Install it: "
        "`apt-get install openjdk-17-jre-headless` (Debian/Ubuntu) or "
        "`brew install openjdk@17` (macOS).",
        "Nothing else was started: install the tools named above, then run it again.",
    ]


def mount_as_nobody(_: None) -> str | None:
    """In a forked child that gave up root: what the check says of mount."""
    os.setgid(65534)
    os.setuid(65534)
    return tools.problem(tools.named("mount"))


def test_the_tests_mounts_need_root_and_say_so():
    """The full-disk and read-only tests mount, which only root may: for
    anyone else (here the user nobody), the check says so with the fix."""
    assert os.geteuid() == 0  # these tests run as root, as CI does
    with multiprocessing.get_context("fork").Pool(1) as child:
        line = child.apply(mount_as_nobody, (None,))
    executable = tools.find(tools.named("mount"))
    assert line == (
        f"mount ({executable}) cannot make the tests' mounts: you are not root, "
        f"and only root may mount; used by {tools.named('mount').used_by}. Run "
        "the tests as root, as CI does (in Docker: `docker run --privileged`)."
    )
    assert tools.problem(tools.named("mount")) is None  # root may, here


def readme_tools_table() -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    header = "| tool | what uses it | Debian/Ubuntu | macOS (Homebrew) |"
    start = text.index(header)
    end = text.index("\n\n", start)
    return text[start:end]


def test_the_readme_lists_exactly_the_tools_of_the_list():
    assert readme_tools_table() == tools.readme_table()
    for name in ("Chromium", "Java 17+", "rsync", "Git", "Node.js 20+", "npm"):
        assert f"\n| {name} |" in readme_tools_table()


def test_ci_installs_exactly_the_missing_tools_of_the_list(tmp_path):
    """.ci/run installs through .ci/install-system-tools, which asks the
    list. With rsync and Git hidden, apt-get is asked for exactly those."""
    run = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "bash .ci/install-system-tools" in run
    assert run.rstrip().endswith(quick_start_commands()[1])  # the README's
    assert "apt-get" not in run
    apt_log = tmp_path / "apt-get.log"
    stub = tmp_path / "apt-bin"
    stub.mkdir()
    # The package manager itself is the one thing stood in for: CI's real
    # one would install the packages.
    (stub / "apt-get").write_text(
        f'#!/bin/sh\necho "$@" >> "{apt_log}"\n', encoding="utf-8"
    )
    (stub / "apt-get").chmod(0o755)

    def install(*hidden: str) -> subprocess.CompletedProcess:
        env = env_without(os.environ, tmp_path / f"path-{len(hidden)}", *hidden)
        env["PATH"] = f"{stub}{os.pathsep}{env['PATH']}"
        return subprocess.run(
            ["bash", str(ROOT / ".ci" / "install-system-tools")],
            env=env,
            capture_output=True,
            encoding="utf-8",
            check=False,
        )

    everything = install()
    assert everything.returncode == 0, everything.stderr
    assert not apt_log.exists()
    lacking = install("rsync", "git")
    assert lacking.returncode == 0, lacking.stderr
    assert apt_log.read_text("utf-8").splitlines() == [
        "install -y --no-install-recommends rsync git"
    ]
    listed = subprocess.run(
        ["python3", "-m", "machine", "debian-packages"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=True,
    ).stdout.split()
    assert listed == tools.debian_packages(tools.TOOLS)
    assert {"chromium", "openjdk-17-jre-headless", "rsync", "git"} <= set(listed)


# --- the test command ------------------------------------------------------------


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## Quick start\n\n```sh\n(.*?)```", text, re.DOTALL)
    return block.group(1).strip().splitlines()


def make_fresh_project(tmp_path: Path) -> Path:
    """A copy of the project as a clone is: no node_modules, no .venv."""
    from test_publish_safety import make_project

    project = make_project(tmp_path)
    (project / "node_modules").unlink()
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    return project


def test_the_readme_test_command_names_each_missing_tool_and_starts_nothing(
    tmp_path,
):
    """The README's own command, on a machine with Python and Node.js alone:
    one line for each other tool, and nothing else starts (no pip, no uv
    creating .venv/, no `npm ci`, no pytest)."""
    project = make_fresh_project(tmp_path)
    hidden = ("Chromium", "Java", "rsync", "Git", "diff", "nginx", "mount")
    assert {tool.name for tool in tools.TOOLS} - set(hidden) == {"Node.js", "npm"}
    env = watched_env(os.environ, tmp_path, *hidden)
    command = quick_start_commands()[1]
    assert command.endswith("invoke test")
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=project,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=600,
    )
    log = log_of(result)
    assert result.returncode == 2, log
    assert_one_line_for_each(log, hidden)
    assert result.stderr.splitlines()[-1] == (
        "Nothing else was started: install the tools named above, then run it again."
    )
    assert result.stdout == ""
    assert [line.split(" -m ")[-1] for line in processes(tmp_path)] == ["machine check"]
    assert not (project / ".venv").exists()
    assert not (project / "node_modules").exists()


@pytest.mark.parametrize("hidden", [tool.name for tool in tools.TOOLS])
def test_invoke_test_names_any_missing_tool_before_starting(tmp_path, hidden):
    project = make_fresh_project(tmp_path)
    env = watched_env(base_env(tmp_path), tmp_path, hidden)
    result = invoke(project, "test", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert result.stdout == ""
    assert_one_line_for_each(log, (hidden,))
    assert not (project / "node_modules").exists()
    assert not [line for line in processes(tmp_path) if " -m pytest" in line]


# --- each task checks the tools it needs before it starts -------------------------


@pytest.mark.parametrize(
    ("arguments", "hidden"),
    [
        (("check",), ("Java",)),
        (("check",), ("Chromium",)),
        (("check",), ("Chromium", "Java")),
        (("check", "--only", "html"), ("Java",)),
        (("audit",), ("Chromium",)),
        (("audit",), ("Node.js",)),
        (("bench", "--quick"), ("Chromium",)),
    ],
)
def test_a_task_names_its_missing_tools_before_it_starts(
    project, tmp_path, arguments, hidden
):
    env = watched_env(base_env(tmp_path), tmp_path, *hidden)
    result = invoke(project, *arguments, env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert result.stdout == ""
    assert_one_line_for_each(log, hidden)
    assert result.stderr.splitlines()[-1] == (
        f"`invoke {arguments[0]}` did not start: install the tools named above, "
        "then run it again."
    )
    # Nothing else ran: no build, no benchmark, no checks.
    assert [line.split(" -m ")[-1] for line in processes(tmp_path)] == [
        f"invoke {' '.join(arguments)}"
    ]


def test_check_needs_no_tool_for_the_checks_that_use_none(project, tmp_path):
    env = watched_env(base_env(tmp_path), tmp_path, "Chromium", "Java", "npm")
    result = invoke(project, "check", "--only", "headers,links,feeds", env=env)
    assert result.returncode == 0, log_of(result)
    assert "is missing" not in log_of(result)


@pytest.mark.parametrize("hidden", [("npm",), ("npm", "Java")], ids=["npm", "npm+java"])
def test_npm_is_named_when_the_npm_tools_must_be_installed(project, tmp_path, hidden):
    """In a fresh clone (no node_modules/), npm is looked for with the
    checks' own tools: every missing one is named in the same run."""
    (project / "node_modules").unlink()
    env = watched_env(base_env(tmp_path), tmp_path, *hidden)
    result = invoke(project, "check", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert_one_line_for_each(log, hidden)
    assert result.stderr.splitlines()[-1].startswith("`invoke check` did not start")
    assert not (project / "node_modules").exists()


@pytest.mark.parametrize(
    ("target", "hidden"),
    [
        ("rsync", ("rsync",)),
        ("ghp", ("Git",)),
        ("rsync", ("Chromium", "Java", "rsync")),
    ],
    ids=["rsync", "ghp", "checks-and-rsync"],
)
def test_publish_names_its_missing_tools_before_building(
    project, tmp_path, target, hidden
):
    env = watched_env(
        {
            **base_env(tmp_path),
            "DEPLOY_TARGET": target,
            "RSYNC_DESTINATION": f"{tmp_path / 'deployed'}/",
        },
        tmp_path,
        *hidden,
    )
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert_one_line_for_each(log, hidden)
    assert "`invoke publish` did not start" in log
    # Neither built nor checked: the only Python process was invoke's own.
    assert [line.split(" -m ")[-1] for line in processes(tmp_path)] == [
        "invoke publish"
    ]
    assert digest(project / "output", times=True) == before
    assert leftovers(project) == []
    assert not (tmp_path / "deployed").exists()
