"""What `invoke publish` refuses or says before it deploys.

- No sample placeholders in production: the reply address, the author, the
  social handles and the public address, each named with the fix.
- Any remote and branch (a setting and a flag), shown before anything is
  pushed; a remote that does not exist is refused before the build.
Through the real `invoke` tasks of a copy of the project, deploying to
local bare Git repositories (no network).
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from test_publish_safety import (
    AUTHOR_SETTINGS,
    base_env,
    git,
    git_show,
    invoke,
    leftovers,
    log_of,
    make_project,
)

from publishing.placeholders import SAMPLE_VALUES, placeholder_problems


def test_the_sample_values_are_the_ones_pelicanconf_ships(monkeypatch):
    from pelican.settings import read_settings

    for name in ("SITEURL", "REPLY_EMAIL"):
        monkeypatch.delenv(name, raising=False)
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    for name, value in SAMPLE_VALUES.items():
        assert settings[name] == value, name
    assert len(placeholder_problems(settings)) == len(SAMPLE_VALUES)


def test_real_values_pass():
    settings = {
        **AUTHOR_SETTINGS,
        "PUBLIC_SITEURL": "https://strategy-notes.test-site.net",
    }
    assert placeholder_problems(settings) == []
    # Leaving a handle or the reply address out is a choice, not a placeholder.
    assert placeholder_problems({**settings, "X_HANDLE": "", "REPLY_EMAIL": ""}) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("REPLY_EMAIL", "hello@mysite.example.org"),
        ("MASTODON_HANDLE", "@me@social.example"),
    ],
)
def test_example_domains_are_placeholders_too(name, value):
    settings = {**AUTHOR_SETTINGS, "PUBLIC_SITEURL": "https://a.test-site.net"}
    (problem,) = placeholder_problems({**settings, name: value})
    assert problem.startswith(f"{name} is still the sample's {value!r}")


def test_publish_refuses_every_sample_value_and_names_each_setting(tmp_path):
    project = make_project(tmp_path)
    (project / "pelicanconf.py").write_bytes((ROOT / "pelicanconf.py").read_bytes())
    env = {**base_env(tmp_path), "SITEURL": "https://signal-and-noise.example.com"}
    env.pop("REPLY_EMAIL", None)
    result = invoke(project, "publish", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert "Refusing to publish: these settings are still the sample's." in log
    for line in (
        "- AUTHOR is still the sample's 'Jordan Ellis': set it in pelicanconf.py "
        "to your name",
        "- REPLY_EMAIL is still the sample's 'replies@signal-and-noise.example.com'",
        "- X_HANDLE is still the sample's '@signal_noise_sample'",
        "- MASTODON_HANDLE is still the sample's '@signalnoise@mastodon.example'",
        "- the public address is still https://signal-and-noise.example.com",
    ):
        assert line in log
    assert "SITEURL=https://your.domain" in log
    assert "Traceback" not in log
    assert not (project / "output").exists()  # refused before building
    assert leftovers(project) == []


def test_a_dry_run_lists_the_placeholders_as_notes(tmp_path):
    project = make_project(tmp_path)
    with open(project / "pelicanconf.py", "a", encoding="utf-8") as file:
        file.write('AUTHOR = "Jordan Ellis"\n')
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "rsync"}
    env["RSYNC_DESTINATION"] = f"{tmp_path / 'deployed'}/"
    result = invoke(project, "publish", "--dry-run", env=env)
    log = log_of(result)
    assert result.returncode == 0, log
    assert "Note: AUTHOR is still the sample's 'Jordan Ellis'" in log
    assert not (tmp_path / "deployed").exists()


# --- any remote -----------------------------------------------------------------------


def pages_repository(tmp_path, project, env, name: str):
    """A bare repository, and the project a Git repository whose remotes
    are ``origin`` (someone else's, as in a fresh clone) and ``name``."""
    origin = tmp_path / "template.git"
    mine = tmp_path / f"{name}.git"
    for bare in (origin, mine):
        git("init", "--bare", "--quiet", str(bare), cwd=tmp_path, env=env)
    git("init", "--quiet", "--initial-branch=main", cwd=project, env=env)
    git("remote", "add", "origin", str(origin), cwd=project, env=env)
    if name != "origin":
        git("remote", "add", name, str(mine), cwd=project, env=env)
    return origin, mine


def branches(repository, env) -> list[str]:
    listed = git(
        "branch", "--list", "--format=%(refname:short)", cwd=repository, env=env
    )
    return listed.split()


def test_publish_pushes_to_the_remote_and_branch_given_and_says_so_first(tmp_path):
    project = make_project(tmp_path)
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    origin, mine = pages_repository(tmp_path, project, env, "pages")
    result = invoke(
        project, "publish", "--remote", "pages", "--branch", "site", env=env
    )
    log = log_of(result)
    assert result.returncode == 0, log
    where = f"GitHub Pages: branch site of pages ({mine})"
    assert f"Publishing to {where}" in log
    assert f"Deploying to {where}" in log
    # Said before the build, and again just before the push.
    assert log.index(f"Publishing to {where}") < log.index("All checks passed")
    assert log.index("All checks passed") < log.index(f"Deploying to {where}")
    assert branches(mine, env) == ["site"]
    assert branches(origin, env) == []  # the template's repository: untouched
    shown = git_show(mine, "site:index.html", env)
    assert shown == (project / "output" / "index.html").read_bytes()


def test_the_remote_and_branch_may_come_from_the_settings(tmp_path):
    project = make_project(tmp_path)
    env = {
        **base_env(tmp_path),
        "DEPLOY_TARGET": "ghp",
        "DEPLOY_REMOTE": "blog",
        "GITHUB_PAGES_BRANCH": "published",
    }
    origin, mine = pages_repository(tmp_path, project, env, "blog")
    result = invoke(project, "publish", env=env)
    assert result.returncode == 0, log_of(result)
    assert f"Publishing to GitHub Pages: branch published of blog ({mine})" in log_of(
        result
    )
    assert branches(mine, env) == ["published"]
    assert branches(origin, env) == []


def test_a_repository_path_works_as_the_remote(tmp_path):
    project = make_project(tmp_path)
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    _, mine = pages_repository(tmp_path, project, env, "pages")
    result = invoke(project, "publish", "--remote", str(mine), env=env)
    assert result.returncode == 0, log_of(result)
    assert f"Publishing to GitHub Pages: branch gh-pages of {mine}" in log_of(result)
    assert branches(mine, env) == ["gh-pages"]


def test_a_remote_that_does_not_exist_is_refused_before_building(tmp_path):
    project = make_project(tmp_path)
    env = {**base_env(tmp_path), "DEPLOY_TARGET": "ghp"}
    pages_repository(tmp_path, project, env, "origin")
    result = invoke(project, "publish", "--remote", "pages", env=env)
    log = log_of(result)
    assert result.returncode == 2, log
    assert re.search(
        r"Refusing to publish: the project has no Git remote named 'pages'\. Add "
        r"the repository to publish to \(git remote add NAME URL\)",
        log,
    )
    assert "Traceback" not in log
    assert not (project / "output").exists()
