"""What the machine refuses, in one line and never a traceback: a busy port,
a folder that cannot be written, a full disk, a deploy target that refuses.

Each condition is real (tests/machine_conditions.py): a port another socket
holds, a read-only mount, a small tmpfs filled up, a bare Git repository
whose pre-receive hook rejects every push. A build or a publish that fails
this way leaves output/ byte for byte (and time for time) as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import test_publish_safety
from machine_conditions import (
    disk_usage,
    fill,
    fill_inodes,
    free_bytes,
    read_only,
    small_disk,
    taken_port,
)
from test_publish_safety import (
    CRASH_MIDWAY,
    base_env,
    digest,
    git,
    invoke,
    leftovers,
    log_of,
    make_project,
)

from machine import ports
from machine.errors import MachineError
from sitecheck.server import serve_forever

# A copy of the project, built: the output every failure must leave alone.
project = test_publish_safety.project


def assert_one_clear_line(result, expected: str) -> str:
    """The task failed, its last line says ``expected`` (among the rest),
    and nothing on the way printed a traceback."""
    log = log_of(result)
    assert result.returncode != 0, log
    assert "Traceback" not in log, log
    last = result.stderr.strip().splitlines()[-1]
    assert expected in last, log
    return last


def rsync_env(tmp_path: Path, destination: Path) -> dict:
    """The environment of a publish that deploys by rsync to ``destination``."""
    return {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "rsync",
        "RSYNC_DESTINATION": f"{destination}/",
    }


# --- a busy port -------------------------------------------------------------------


@pytest.mark.parametrize("task", ["serve", "livereload"])
def test_a_busy_port_is_named_with_a_free_one(tmp_path, task):
    project = make_project(tmp_path)  # not built: livereload must not build
    if task == "serve":
        (project / "output").mkdir()
    with taken_port() as port:
        result = invoke(project, task, "--port", str(port), env=base_env(tmp_path))
    last = assert_one_clear_line(result, f"Port {port} on 127.0.0.1 is already in use")
    assert result.returncode == 2
    assert f"stop that program, or choose a free port: `invoke {task} --port " in last
    suggested = int(last.rsplit("--port ", 1)[1].rstrip("`."))
    assert port < suggested <= port + 50
    if task == "livereload":
        assert not (project / "output").exists()  # no build was started


def test_a_port_taken_after_the_check_is_named_too(tmp_path):
    """A server started inside ports.bind_refusals_explained(), as `invoke
    serve` starts sitecheck.server (and as any new dev server should): a
    port taken after ensure_free() gives the same one line when it binds."""
    with (
        taken_port() as port,
        pytest.raises(MachineError) as refused,
        ports.bind_refusals_explained(port, "invoke serve"),
    ):
        serve_forever(tmp_path, port)
    message = str(refused.value)
    assert message.startswith(f"Port {port} on 127.0.0.1 is already in use"), message
    assert "choose a free port: `invoke serve --port " in message
    assert "\n" not in message


def test_a_port_that_is_no_number_is_named(tmp_path):
    project = make_project(tmp_path)
    (project / "output").mkdir()
    result = invoke(project, "serve", "--port", "eighty", env=base_env(tmp_path))
    assert_one_clear_line(
        result, "--port eighty is not a port: give a number from 1 to 65535."
    )


# --- a folder that cannot be written ------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [("build",), ("rebuild",), ("preview",), ("clean",)],
    ids=["build", "rebuild", "preview", "clean"],
)
def test_an_output_folder_on_a_read_only_disk_is_named(project, tmp_path, arguments):
    sealed = tmp_path / "sealed"
    (sealed / "site").mkdir(parents=True)
    (sealed / "site" / "index.html").write_text("an older build", "utf-8")
    output = sealed / "site"
    before = digest(sealed, times=True)
    with read_only(sealed):
        result = invoke(
            project, *arguments, "--output", str(output), env=base_env(tmp_path)
        )
    last = assert_one_clear_line(result, "is on a read-only file system")
    assert str(sealed) in last
    assert "Fix: use a folder on a writable disk" in last
    assert digest(sealed, times=True) == before


def test_livereload_names_a_read_only_output_before_serving(tmp_path):
    project = make_project(tmp_path)
    with taken_port() as busy:
        port = busy  # free again once the socket is closed
    with read_only(project):
        result = invoke(
            project, "livereload", "--port", str(port), env=base_env(tmp_path)
        )
    last = assert_one_clear_line(result, f"Could not build into {project}/output")
    assert f"{project} is on a read-only file system" in last
    assert not (project / "output").exists()


def test_publish_names_a_read_only_project_before_building(project, tmp_path):
    destination = tmp_path / "deployed"
    env = rsync_env(tmp_path, destination)
    before = digest(project / "output", times=True)
    with read_only(project):
        result = invoke(project, "publish", env=env)
    last = assert_one_clear_line(result, f"Could not publish into {project / 'output'}")
    assert "is on a read-only file system" in last
    assert digest(project / "output", times=True) == before
    assert not destination.exists()


def test_new_post_names_a_read_only_folder(project, tmp_path):
    posts = project / "content" / "posts"
    before = digest(posts, times=True)
    with read_only(posts):
        result = invoke(project, "new-post", "A new idea", env=base_env(tmp_path))
    last = assert_one_clear_line(result, "is on a read-only file system")
    assert str(posts) in last
    assert digest(posts, times=True) == before


# --- a full disk ---------------------------------------------------------------------

DISK_KIB = 16 * 1024
DISK_INODES = 4000  # the project, its output and caches take about 250
BIG_IMAGE_BARS = 28_000  # an SVG of ~1.3 MB, copied to output/images/ by the build


@pytest.fixture
def project_on_a_small_disk(tmp_path):
    """The project and its output/ on a 16 MiB disk of their own."""
    with small_disk(tmp_path / "disk", DISK_KIB, DISK_INODES) as disk:
        project = make_project(disk)
        built = invoke(project, "build", env=base_env(tmp_path))
        assert built.returncode == 0, log_of(built)
        yield disk, project


def add_a_post_with_a_big_image(project: Path) -> None:
    bars = "\n".join(
        f'<rect x="{n % 500}" y="0" width="1" height="{n % 97}"/>'
        for n in range(BIG_IMAGE_BARS)
    )
    images = project / "content" / "images"
    images.mkdir(exist_ok=True)
    (images / "visits.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 500 100">\n'
        f"{bars}\n</svg>\n",
        "utf-8",
    )
    (project / "content" / "posts" / "visits.md").write_text(
        "Title: Visits\nDate: 2024-03-01 10:00\nCategory: Measurement\n\n"
        "Every visit: ![Visits by day]({static}/images/visits.svg)\n",
        "utf-8",
    )


def assert_output_as_it_was(project: Path, before: str) -> None:
    assert digest(project / "output", times=True) == before
    assert leftovers(project) == []


def test_a_disk_too_full_to_start_a_build_leaves_output_as_it_was(
    project_on_a_small_disk, tmp_path
):
    """No room even for the folders of the copy the build works on (its
    files are hard links, which take no room): no new file fits."""
    disk, project = project_on_a_small_disk
    fill_inodes(disk, leave=1)
    before = digest(project / "output", times=True)
    result = invoke(project, "build", env=base_env(tmp_path))
    last = assert_one_clear_line(
        result, f"Could not build into {project}/output, which first copies it"
    )
    assert f"the disk that holds {project} is full" in last
    assert "Fix: free some space on it" in last
    assert_output_as_it_was(project, before)


def test_a_build_that_fills_the_disk_leaves_output_as_it_was(
    project_on_a_small_disk, tmp_path
):
    """Room for the new pages, not for a new post's 1.3 MB image: Pelican
    stops at that file (its copy_file would only warn), says why in one
    line, and output/ is put back."""
    disk, project = project_on_a_small_disk
    add_a_post_with_a_big_image(project)
    fill(disk, 512 * 1024)
    before = digest(project / "output", times=True)
    result = invoke(project, "build", env=base_env(tmp_path))
    log = log_of(result)
    assert result.returncode == 1, log
    assert "Traceback" not in log
    stopped = [line for line in log.splitlines() if line.startswith("The build stop")]
    assert len(stopped) == 1, log
    assert stopped[0].startswith(f"The build stopped: the disk that holds {project} ")
    assert "is full (No space left on device: " in stopped[0]
    assert "output/images/visits.svg)" in stopped[0]
    assert "Fix: free some space on it" in stopped[0]
    assert result.stderr.strip().splitlines()[-1] == (
        "The build failed (pelican exited with 1); see the messages above. "
        f"{project / 'output'} is as it was."
    )
    assert_output_as_it_was(project, before)
    # Once there is room again, the same build succeeds.
    (disk / "filler").unlink()
    again = invoke(project, "build", env=base_env(tmp_path))
    assert again.returncode == 0, log_of(again)
    assert (project / "output" / "images" / "visits.svg").exists()


@pytest.mark.parametrize("task", ["rebuild", "preview"])
def test_a_clean_build_that_fills_the_disk_leaves_output_as_it_was(
    project_on_a_small_disk, tmp_path, task
):
    disk, project = project_on_a_small_disk
    fill(disk, disk_usage(project / "output") // 2)
    before = digest(project / "output", times=True)
    result = invoke(project, task, env=base_env(tmp_path))
    last = assert_one_clear_line(result, f"{project / 'output'} is as it was.")
    assert "The build stopped: the disk that holds" in log_of(result), last
    assert_output_as_it_was(project, before)


@pytest.mark.parametrize("share", [0.05, 0.5, 0.95], ids=["early", "midway", "late"])
def test_a_publish_that_fills_the_disk_leaves_output_as_it_was(
    project_on_a_small_disk, tmp_path, share
):
    """The disk fills early, midway or late in the publish build."""
    disk, project = project_on_a_small_disk
    destination = tmp_path / "deployed"
    env = rsync_env(tmp_path, destination)
    fill(disk, int(disk_usage(project / "output") * share))
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 1, log
    assert "Traceback" not in log
    stopped = [line for line in log.splitlines() if line.startswith("The build stop")]
    assert len(stopped) == 1, log
    assert stopped[0].startswith(
        f"The build stopped: the disk that holds {project} is full (No space left "
        "on device"
    ), stopped
    assert f"Fix: free some space on it (`df -h {project}`" in stopped[0]
    assert result.stderr.strip().splitlines()[-1] == (
        "The build failed (pelican exited with 1); see the messages above. "
        "Nothing was published."
    )
    assert_output_as_it_was(project, before)
    assert not destination.exists()
    assert free_bytes(disk) <= disk_usage(project / "output")  # still full


def test_a_build_killed_midway_leaves_output_as_it_was(project, tmp_path):
    """Pelican killed (as by the OOM killer) after it rewrote some pages of
    output/: the build fails and output/ is put back."""
    add_a_post_with_a_big_image(project)
    assert_a_killed_build_puts_output_back(
        project, tmp_path, CRASH_MIDWAY, CRASH_AFTER_WRITES="3"
    )


def assert_a_killed_build_puts_output_back(
    project: Path, tmp_path: Path, sitecustomize: str, **variables: str
) -> None:
    """`invoke build`, its processes loading ``sitecustomize`` (which kills
    Pelican), fails in one line and leaves output/ as it was."""
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "sitecustomize.py").write_text(sitecustomize, "utf-8")
    before = digest(project / "output", times=True)
    env = {**base_env(tmp_path), "PYTHONPATH": str(probe), **variables}
    result = invoke(project, "build", env=env)
    assert_one_clear_line(
        result,
        "The build failed (pelican exited with -9); see the messages above. "
        f"{project / 'output'} is as it was.",
    )
    assert_output_as_it_was(project, before)


# Loaded by every Python process of the build through PYTHONPATH: Pelican is
# killed once it has written everything, as if the disk filled at its end.
KILLED_AT_THE_END = """\
import atexit
import os
import sys

if sys.orig_argv[1:3] == ["-m", "pelican"]:
    atexit.register(lambda: os.kill(os.getpid(), 9))
"""


def test_a_build_that_rewrote_every_file_then_died_leaves_output_as_it_was(
    project, tmp_path
):
    """The previous output is kept as hard links to the same files
    (plugins/copy_on_write): a build that rewrote every page and feed, the
    sitemap and the static files in place, then died, must not have changed
    one byte or time of what it puts back."""
    template = project / "theme" / "templates" / "base.html"
    template.write_text(
        template.read_text("utf-8").replace("</body>", "<!-- new -->\n</body>"),
        "utf-8",
    )
    favicon = project / "content" / "extra" / "favicon.svg"
    new_icon = favicon.read_text("utf-8").replace("</svg>", "<!-- new --></svg>")
    favicon.write_text(new_icon, "utf-8")
    assert_a_killed_build_puts_output_back(project, tmp_path, KILLED_AT_THE_END)
    # The same build, allowed to finish, did change those files.
    again = invoke(project, "build", env=base_env(tmp_path))
    assert again.returncode == 0, log_of(again)
    assert "<!-- new -->" in (project / "output" / "index.html").read_text("utf-8")
    assert (project / "output" / "favicon.svg").read_text("utf-8") == new_icon


# --- a deploy target that refuses -----------------------------------------------------


def test_rsync_to_a_folder_that_refuses_writes_is_named(project, tmp_path):
    destination = tmp_path / "web root"
    destination.mkdir()
    (destination / "index.html").write_text("the live site", "utf-8")
    env = rsync_env(tmp_path, destination)
    before = digest(project / "output", times=True)
    live = digest(destination, times=True)
    with read_only(destination):
        result = invoke(project, "publish", env=env)
    last = assert_one_clear_line(result, f"The deploy to {destination}/ failed")
    assert "rsync exited with 23, some files could not be transferred" in last
    assert "that you may write in it" in last
    assert "output/ still holds the previous build" in last
    assert "Read-only file system" in result.stderr  # rsync's own reason, above
    assert digest(project / "output", times=True) == before
    assert digest(destination, times=True) == live
    assert leftovers(project) == []


def test_a_push_that_the_remote_rejects_is_named(project, tmp_path):
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    origin = tmp_path / "origin.git"
    git("init", "--bare", "--quiet", str(origin), cwd=tmp_path, env=env)
    hook = origin / "hooks" / "pre-receive"
    hook.write_text(
        "#!/bin/sh\necho 'pushes are frozen until Monday' >&2\nexit 1\n", "utf-8"
    )
    hook.chmod(0o755)
    git("init", "--quiet", "--initial-branch=main", cwd=project, env=env)
    git("remote", "add", "origin", str(origin), cwd=project, env=env)
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    last = assert_one_clear_line(
        result, "The deploy to GitHub Pages failed: `git push origin gh-pages`"
    )
    assert f"to {origin} was refused" in last
    assert "output/ still holds the previous build" in last
    assert "pushes are frozen until Monday" in result.stderr  # the remote's reason
    assert digest(project / "output", times=True) == before
    assert git("branch", "--list", cwd=origin, env=env).strip() == ""
    assert leftovers(project) == []


def test_github_pages_without_an_origin_is_named_before_building(project, tmp_path):
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    git("init", "--quiet", cwd=project, env=env)
    before = digest(project / "output", times=True)
    result = invoke(project, "publish", env=env)
    last = assert_one_clear_line(result, "has no Git remote named 'origin'")
    assert "git remote add NAME URL" in last
    assert result.returncode == 2
    assert digest(project / "output", times=True) == before
