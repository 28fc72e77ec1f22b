"""Publishing safely, through the real `invoke` tasks of a copy of the project.

`invoke publish` builds into a fresh folder, runs `invoke check` on it, and
only when both pass deploys (to a local rsync folder or a local bare Git
"origin" for GitHub Pages: no network) and swaps the build in as output/.
A failed build, a failed check, a killed or interrupted publish leave
output/ byte-identical and deploy nothing. Builds never write in content/,
and the tasks that delete an output refuse folders that hold sources.
Deploy credentials come from the environment or ssh/git configuration only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

PROJECT_FILES = ("tasks.py", "pelicanconf.py", "publishconf.py", "package.json")
PROJECT_FOLDERS = ("theme", "plugins", "sitecheck", "machine", "publishing")
# What a new author sets before publishing (publishing/placeholders.py
# refuses the sample's values).
AUTHOR_SETTINGS = {
    "AUTHOR": "Maya Okafor",
    "REPLY_EMAIL": "letters@strategy-notes.test-site.net",
    "X_HANDLE": "@mayaokafor",
    "MASTODON_HANDLE": "@maya@hachyderm.io",
}

POST = """\
Title: Signups by channel
Date: 2024-02-01 10:00
Category: Measurement
Tags: email, social
Slug: signups-by-channel
Summary: Where this quarter's signups came from.

Email still brings most signups; social is catching up.

```chart
data: /data/signups.csv
type: bar
x: channel
y: signups
title: Signups by channel
alt: Bar chart of signups by channel.
```
"""
SIGNUPS = "channel,signups\nEmail,120\nSocial,80\nSearch,45\n"
BROKEN_CHART = """\
Title: A broken chart
Date: 2024-02-02 10:00
Category: Measurement

```chart
data: /data/signups.csv
type: bar
x: channel
y: signup
```
"""
DEAD_LINK = """\
Title: A dead link
Date: 2024-02-03 10:00
Category: Measurement

Read [the missing post](/2024/01/no-such-post/) first.
"""

# Loaded by every Python process of a publish through PYTHONPATH: the build
# is killed (SIGKILL, as by the OOM killer) after it has written some pages.
CRASH_MIDWAY = """\
import importlib.abc
import importlib.machinery
import os
import sys

LIMIT = int(os.environ.get("CRASH_AFTER_WRITES", "0"))


class _KillMidway(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "pelican.writers":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            write_file = module.Writer.write_file
            written = [0]

            def write_then_die(self, *args, **kwargs):
                written[0] += 1
                if written[0] > LIMIT:
                    os.kill(os.getpid(), 9)
                return write_file(self, *args, **kwargs)

            module.Writer.write_file = write_then_die

        spec.loader.exec_module = exec_module
        return spec


if LIMIT:
    sys.meta_path.insert(0, _KillMidway())
"""


# --- a copy of the project ------------------------------------------------------------


def digest(folder: Path, *, times: bool = False) -> str:
    """Paths and bytes (and modification times) of everything in a folder."""
    hasher = hashlib.sha256()
    if not folder.exists():
        return "missing"
    for path in sorted(folder.rglob("*")):
        hasher.update(str(path.relative_to(folder)).encode())
        if path.is_file() and not path.is_symlink():
            hasher.update(path.read_bytes())
            if times:
                hasher.update(str(path.stat().st_mtime_ns).encode())
    return hasher.hexdigest()


def make_project(base: Path) -> Path:
    project = base / "project"
    project.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, project / name)
    shutil.copy2(ROOT / "package-lock.json", project / "package-lock.json")
    for name in PROJECT_FOLDERS:
        shutil.copytree(
            ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    settings = project / "pelicanconf.py"
    with open(settings, "a", encoding="utf-8") as file:
        file.write("\n# Set by the author before publishing.\n")
        for name, value in AUTHOR_SETTINGS.items():
            file.write(f"{name} = {value!r}\n")
    content = project / "content"
    (content / "posts").mkdir(parents=True)
    (content / "data").mkdir()
    shutil.copytree(ROOT / "content" / "extra", content / "extra")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    (content / "posts" / "signups.md").write_text(POST, "utf-8")
    (content / "data" / "signups.csv").write_text(SIGNUPS, "utf-8")
    return project


def git(*args: str, cwd: Path, env: dict) -> str:
    result = subprocess.run(
        ["git", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        encoding="utf-8",
        check=True,
    )
    return result.stdout


def git_show(repository: Path, what: str, env: dict) -> bytes:
    """A file of a commit, as bytes (``branch:path``)."""
    return subprocess.run(
        ["git", "show", what], cwd=repository, env=env, capture_output=True, check=True
    ).stdout


PUBLIC = "https://strategy-notes.test-site.net"


def base_env(base: Path) -> dict:
    """A hermetic environment: no user git config, HOME in the test folder;
    the identity Git commits with comes from the environment."""
    home = base / "home"
    home.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GIT_", "RSYNC_", "DEPLOY_", "SITEURL"))
    }
    return {
        **env,
        # Publishing refuses the sample's placeholder address (example.com).
        "SITEURL": PUBLIC,
        "HOME": str(home),
        "COLUMNS": "200",
        "PYTHONDONTWRITEBYTECODE": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Publisher",
        "GIT_AUTHOR_EMAIL": "publisher@example.com",
        "GIT_COMMITTER_NAME": "Publisher",
        "GIT_COMMITTER_EMAIL": "publisher@example.com",
    }


def invoke(project: Path, *args: str, env: dict, timeout: int = 600):
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=project,
        env=env,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=timeout,
    )


def log_of(result) -> str:
    return result.stdout + result.stderr


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project with a small site, and a development build of
    it in output/ (the "previous" output every failure must leave alone)."""
    project = make_project(tmp_path)
    env = base_env(tmp_path)
    built = invoke(project, "build", env=env)
    assert built.returncode == 0, log_of(built)
    assert (project / "output" / "index.html").exists()
    return project


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".output"))


# --- publishing -----------------------------------------------------------------------


def test_a_dry_run_builds_and_checks_but_deploys_and_replaces_nothing(
    project, tmp_path
):
    destination = tmp_path / "deployed"
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
    }
    before = digest(project / "output")
    result = invoke(project, "publish", "--dry-run", env=env)
    log = log_of(result)
    assert result.returncode == 0, log
    assert "All checks passed" in log
    assert "Dry run: the build passed its checks; not deploying to rsync" in log
    assert not destination.exists()
    # output/ is still the author's development build, byte for byte.
    assert digest(project / "output") == before
    assert leftovers(project) == []


def test_publishing_refuses_the_placeholder_address(project, tmp_path):
    env = {**base_env(tmp_path), "SITEURL": "https://signal-and-noise.example.com"}
    before = digest(project / "output")
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert "the public address is still https://signal-and-noise.example.com" in log
    assert "SITEURL=https://your.domain" in log
    assert "Traceback" not in log
    assert digest(project / "output") == before


def test_rsync_deploys_exactly_the_checked_build(project, tmp_path):
    destination = tmp_path / "web root"
    destination.mkdir()
    (destination / "stale.html").write_text("from an older deploy", "utf-8")
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
    }
    result = invoke(project, "publish", env=env)
    assert result.returncode == 0, log_of(result)
    compared = subprocess.run(
        ["diff", "-r", str(project / "output"), str(destination)],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    assert compared.stdout + compared.stderr == ""
    assert (destination / "_headers").exists()
    assert not (destination / "stale.html").exists()
    assert leftovers(project) == []


def test_github_pages_gets_the_checked_build_pushed_to_origin(project, tmp_path):
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    origin = tmp_path / "origin.git"
    git("init", "--bare", "--quiet", str(origin), cwd=tmp_path, env=env)
    git("init", "--quiet", "--initial-branch=main", cwd=project, env=env)
    git("remote", "add", "origin", str(origin), cwd=project, env=env)
    result = invoke(project, "publish", env=env)
    assert result.returncode == 0, log_of(result)
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=origin, env=env)
    published = sorted(files.split())
    built = sorted(
        str(p.relative_to(project / "output"))
        for p in (project / "output").rglob("*")
        if p.is_file()
    )
    assert published == sorted([*built, ".nojekyll"])
    shown = git_show(origin, "gh-pages:index.html", env)
    assert shown == (project / "output" / "index.html").read_bytes()


def test_a_failed_build_changes_nothing_and_deploys_nothing(project, tmp_path):
    (project / "content" / "posts" / "broken.md").write_text(BROKEN_CHART, "utf-8")
    destination = tmp_path / "deployed"
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
    }
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 1, log
    assert "content/posts/broken.md:9: y column 'signup' not found" in log
    assert "Nothing was published" in log
    assert "Traceback" not in log
    assert digest(project / "output", times=True) == before
    assert not destination.exists()
    assert leftovers(project) == []


def test_a_failed_check_changes_nothing_and_deploys_nothing(project, tmp_path):
    (project / "content" / "posts" / "dead-link.md").write_text(DEAD_LINK, "utf-8")
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    origin = tmp_path / "origin.git"
    git("init", "--bare", "--quiet", str(origin), cwd=tmp_path, env=env)
    git("init", "--quiet", cwd=project, env=env)
    git("remote", "add", "origin", str(origin), cwd=project, env=env)
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 1, log
    assert "/2024/01/no-such-post/" in log
    assert "The site checks failed" in log
    assert digest(project / "output", times=True) == before
    assert git("branch", "--list", cwd=origin, env=env).strip() == ""
    assert leftovers(project) == []


def test_a_build_killed_midway_changes_nothing(project, tmp_path):
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(CRASH_MIDWAY, "utf-8")
    destination = tmp_path / "deployed"
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
        "PYTHONPATH": str(probe),
        "CRASH_AFTER_WRITES": "3",
    }
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode != 0, log
    assert "The build failed (pelican exited with -9)" in log
    assert digest(project / "output", times=True) == before
    assert not destination.exists()
    assert leftovers(project) == []


def test_a_publish_interrupted_with_ctrl_c_changes_nothing(project, tmp_path):
    destination = tmp_path / "deployed"
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
    }
    before = digest(project / "output", times=True)
    running = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    # Interrupt once the build has started writing into its staging folder.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        staging = [p for p in project.glob(".output.staging-*") if any(p.iterdir())]
        if staging or running.poll() is not None:
            break
        time.sleep(0.01)
    assert staging, "the publish never started building"
    os.killpg(running.pid, signal.SIGINT)
    running.communicate(timeout=120)
    assert running.returncode != 0
    assert digest(project / "output", times=True) == before
    assert not destination.exists()
    assert leftovers(project) == []


def test_a_publish_killed_outright_leaves_output_and_clean_sweeps_up(project, tmp_path):
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{tmp_path / 'deployed'}/",
    }
    before = digest(project / "output", times=True)
    running = subprocess.Popen(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if any(any(p.iterdir()) for p in project.glob(".output.staging-*")):
            break
        time.sleep(0.01)
    os.killpg(running.pid, signal.SIGKILL)  # nothing gets to clean up
    running.wait(timeout=60)
    assert digest(project / "output", times=True) == before
    assert leftovers(project), "expected the killed publish's staging folder"
    cleaned = invoke(project, "clean", env=base_env(tmp_path))
    assert cleaned.returncode == 0, log_of(cleaned)
    assert leftovers(project) == []
    assert not (project / "output").exists()


def test_swap_in_is_atomic(tmp_path):
    """While output/ is replaced again and again, a reader never finds it
    missing or half there."""
    import tasks

    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("build 0", "utf-8")
    missing: list[int] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                (output / "index.html").read_text("utf-8")
            except OSError:
                missing.append(1)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for number in range(1, 200):
            staging = tmp_path / f".output.staging-{number}"
            staging.mkdir()
            (staging / "index.html").write_text(f"build {number}", "utf-8")
            tasks.swap_in(staging, output)
            assert not staging.exists()
    finally:
        stop.set()
        reader.join()
    assert missing == []
    assert (output / "index.html").read_text("utf-8") == "build 199"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


# --- content is read, never written ---------------------------------------------------


def test_builds_never_write_inside_content(project, tmp_path):
    content = project / "content"
    before = digest(content, times=True)
    env = base_env(tmp_path)
    for args in (
        ("build",),  # with the cache of the fixture's build
        ("build",),
        ("rebuild",),
        ("preview", "--output", str(tmp_path / "preview")),
        ("publish", "--dry-run"),
    ):
        result = invoke(project, *args, env=env)
        assert result.returncode == 0, (args, log_of(result))
    assert digest(content, times=True) == before
    assert (project / "cache").exists()  # the caches live outside content/


# --- refusing outputs that hold sources -----------------------------------------------


def refused_outputs(project: Path, home: Path) -> dict[str, Path]:
    return {
        "the project": project,
        "the folder above the project": project.parent,
        "the home folder": home,
        "the content": project / "content",
        "a folder inside the content": project / "content" / "posts",
        "a new folder inside the content": project / "content" / "output",
        "the theme": project / "theme",
        "a folder inside the theme": project / "theme" / "templates",
        "the plugins": project / "plugins",
    }


def test_clean_rebuild_and_build_refuse_outputs_that_hold_sources(tmp_path):
    project = make_project(tmp_path)
    # HOME contains the project, as a real checkout in ~/blog would be.
    env = {**base_env(tmp_path), "HOME": str(tmp_path)}
    before = digest(tmp_path)
    outcomes = {}
    for label, folder in refused_outputs(project, tmp_path).items():
        for task in ("clean", "rebuild", "build", "preview"):
            result = invoke(project, task, "--output", str(folder), env=env)
            outcomes[(label, task)] = (result.returncode, log_of(result))
    assert digest(tmp_path) == before  # nothing deleted, nothing written
    for (label, task), (code, log) in outcomes.items():
        assert code == 2, (label, task, log)
        assert re.search(r"Refusing to (use|build into) ", log), (label, task, log)
        assert "Traceback" not in log, (label, task)


def test_the_filesystem_root_is_never_an_output():
    from invoke import Exit

    import tasks

    with pytest.raises(Exit) as refused:
        tasks.ensure_safe_output(Path("/"))
    assert "it is or contains the project folder" in refused.value.message


def test_pelican_itself_refuses_to_write_into_content(tmp_path):
    """The content_guard plugin stops a direct `pelican` run too."""
    project = make_project(tmp_path)
    before = digest(project / "content")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "--settings",
            "pelicanconf.py",
            "--output",
            "content/site",
        ],
        cwd=project,
        env=base_env(tmp_path),
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    assert result.returncode == 2
    assert "Refusing to build into" in result.stderr
    assert "it is inside the content folder" in result.stderr
    assert digest(project / "content") == before


# --- credentials ----------------------------------------------------------------------

CREDENTIAL_PATTERNS = {
    "a private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "a GitHub token": re.compile(r"\b(gh[pousr]_[A-Za-z0-9]{30,}|github_pat_\w{30,})"),
    "an AWS key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a URL with a password": re.compile(r"[a-z]+://[^/\s:@'\"]+:[^/\s@'\"]+@[\w.-]+"),
    "an assigned secret": re.compile(
        r"^\s*[A-Z_]*(TOKEN|PASSWORD|SECRET|API_KEY)\s*=\s*['\"][\w+/=-]{12,}['\"]",
        re.MULTILINE,
    ),
}


def test_no_credentials_are_committed():
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    scanned = 0
    for name in filter(None, listed):
        path = ROOT / name.decode()
        if not path.is_file() or path.suffix in (".png", ".jpg", ".lock"):
            continue
        text = path.read_text("utf-8", errors="replace")
        scanned += 1
        for what, pattern in CREDENTIAL_PATTERNS.items():
            assert not pattern.search(text), f"{name.decode()} holds {what}"
    assert scanned > 50


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ('DEPLOY_TOKEN = "ghp_' + "x" * 36 + '"', "the settings define DEPLOY_TOKEN"),
        (
            # Split so that this file does not hold what it looks for.
            'RSYNC_DESTINATION = "rsync://web:' + 'hunter2@example.com/site/"',
            "RSYNC_DESTINATION carries a password",
        ),
    ],
)
def test_a_deploy_refuses_credentials_from_a_settings_file(tmp_path, setting, expected):
    project = make_project(tmp_path)
    with open(project / "publishconf.py", "a", encoding="utf-8") as settings:
        settings.write(f"\n{setting}\n")
    destination = tmp_path / "deployed"
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "rsync"}
    if "RSYNC" not in setting:
        env["RSYNC_DESTINATION"] = f"{destination}/"
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert expected in log
    assert "never from a committed file" in log or "RSYNC_PASSWORD" in log
    assert not (project / "output").exists()  # refused before building
    assert leftovers(project) == []
    assert not destination.exists()
