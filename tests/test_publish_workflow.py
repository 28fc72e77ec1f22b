"""The scheduled publish: a GitHub Actions workflow runs `invoke publish`
every day, so a post goes live on its date with nobody at a keyboard.

Actions cannot run here: the workflow is parsed (a daily schedule, the right
to push, the whole history checked out) and the commands its steps run are
run, in a copy of the project whose origin is a local bare repository, with
the job's environment.
"""

from __future__ import annotations

import shlex
import subprocess
import sys

import yaml
from conftest import ROOT
from test_publish_safety import base_env, git, invoke, log_of, make_project

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
LATER_POST = """\
Title: Next Month's Numbers
Date: 2099-01-05 09:00
Category: Measurement

Not until January 2099.
"""


def workflow() -> dict:
    loaded = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    # YAML 1.1 reads the key `on` as true.
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def steps() -> list[dict]:
    (job,) = workflow()["jobs"].values()
    return job["steps"]


def test_it_runs_every_day_and_on_demand():
    triggers = workflow()["on"]
    (schedule,) = triggers["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert rest == ["*", "*", "*"]  # every day of every month, any weekday
    assert 0 <= int(minute) < 60
    assert 0 <= int(hour) < 24
    assert "workflow_dispatch" in triggers


def test_it_may_push_and_never_runs_twice_at_once():
    loaded = workflow()
    assert loaded["permissions"] == {"contents": "write"}
    assert loaded["concurrency"]["cancel-in-progress"] is False
    checkout = next(
        s for s in steps() if s.get("uses", "").startswith("actions/checkout")
    )
    assert checkout["with"]["fetch-depth"] == 0


def test_its_last_step_is_invoke_publish_through_the_locked_environment():
    command = steps()[-1]["run"].strip()
    assert command == (
        "python3 -m pip install --quiet uv && "
        "python3 -m uv run --quiet --locked invoke publish"
    )
    # The same environment, from uv.lock, as the README's commands: run by
    # the Python this project's environment was made from, where uv lives.
    python = getattr(sys, "_base_executable", sys.executable)
    listed = subprocess.run(
        [python, "-m", "uv", "run", "--quiet", "--locked", "invoke", "--list"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "publish" in listed.stdout


def test_the_jobs_commands_publish_todays_posts_and_hold_later_ones(tmp_path):
    """The steps' own commands, with the job's environment, in a checkout
    whose origin is a bare repository standing in for GitHub."""
    project = make_project(tmp_path)
    (project / "content" / "posts" / "later.md").write_text(LATER_POST, "utf-8")
    (job,) = workflow()["jobs"].values()
    env = base_env(tmp_path)
    env.update(
        {
            name: value
            for name, value in job["env"].items()
            if "${{" not in str(value) and name != "CHROMIUM_PATH"
        }
    )
    env["SITEURL"] = "https://strategy-notes.test-site.net"  # vars.SITEURL
    for name in (
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
    ):
        env.pop(name)  # the workflow's own step sets the identity
    origin = tmp_path / "github.git"
    git("init", "--bare", "--quiet", str(origin), cwd=tmp_path, env=env)
    git("init", "--quiet", "--initial-branch=main", cwd=project, env=env)
    git("remote", "add", "origin", str(origin), cwd=project, env=env)

    identity = next(s for s in steps() if s.get("name") == "Commit as the Actions bot")
    subprocess.run(
        ["bash", "-e", "-c", identity["run"]], cwd=project, env=env, check=True
    )
    command = shlex.split(steps()[-1]["run"].split("&&")[-1])
    assert command[-2:] == ["invoke", "publish"]
    result = invoke(project, *command[command.index("invoke") + 1 :], env=env)
    log = log_of(result)
    assert result.returncode == 0, log
    assert f"Publishing to GitHub Pages: branch gh-pages of origin ({origin})" in log
    assert "content/posts/later.md: scheduled for 2099-01-05 09:00-05:00" in log
    published = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=origin, env=env)
    assert "2024/02/signups-by-channel/index.html" in published.split()
    assert "2099" not in published
    author = git("log", "-1", "--format=%an", "gh-pages", cwd=origin, env=env)
    assert author.strip() == "github-actions[bot]"
