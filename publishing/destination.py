"""Where `invoke publish` sends the site, said before anything is sent.

GitHub Pages (``DEPLOY_TARGET = "ghp"``): the built site becomes the
``GITHUB_PAGES_BRANCH`` branch, pushed to ``DEPLOY_REMOTE``: the name of a
Git remote of the project, or a repository URL or path. The default,
``origin``, is wherever the project was cloned from; in a fresh clone of the
sample that is the sample's own repository, so the remote is resolved and
shown before the build starts, and again before the push.

rsync (``DEPLOY_TARGET = "rsync"``): ``RSYNC_DESTINATION``.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


class DestinationError(Exception):
    """A destination that cannot be reached; the message says how to fix it."""


@dataclass(frozen=True)
class Destination:
    target: str  # "ghp" or "rsync"
    remote: str = ""  # ghp: the remote's name, or a URL or path
    url: str = ""  # ghp: where that remote points
    branch: str = ""  # ghp
    rsync: str = ""  # rsync: user@host:/path/

    def describe(self) -> str:
        if self.target == "rsync":
            return f"rsync to {self.rsync}"
        shown = self.url if self.url == self.remote else f"{self.remote} ({self.url})"
        return f"GitHub Pages: branch {self.branch} of {shown}"


def looks_like_location(remote: str) -> bool:
    """A URL or path rather than a remote's name."""
    return any(mark in remote for mark in ("/", ":", "\\")) or remote.startswith(".")


def remote_url(project: Path, remote: str) -> str:
    """Where a remote of the project points; DestinationError if none."""
    if looks_like_location(remote):
        return remote
    try:
        result = subprocess.run(
            ["git", "remote", "get-url", remote],
            cwd=project,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
    except FileNotFoundError:
        raise DestinationError(
            "git is needed to deploy to GitHub Pages: install it "
            "(apt-get install git, or brew install git)."
        ) from None
    if result.returncode != 0:
        raise DestinationError(
            f"the project has no Git remote named {remote!r}. Add the "
            "repository to publish to (git remote add NAME URL) and set "
            "DEPLOY_REMOTE=NAME, or give it: invoke publish --remote NAME "
            "(a repository URL works too)."
        )
    return result.stdout.strip()


def resolve(
    project: Path,
    settings: dict,
    *,
    target: str,
    remote: str | None = None,
    branch: str | None = None,
) -> Destination:
    """The destination from the settings, flags taking precedence."""
    if target == "rsync":
        return Destination("rsync", rsync=str(settings.get("RSYNC_DESTINATION", "")))
    remote = remote or str(settings.get("DEPLOY_REMOTE") or "origin")
    branch = branch or str(settings.get("GITHUB_PAGES_BRANCH") or "gh-pages")
    return Destination("ghp", remote, remote_url(project, remote), branch)
