"""A deploy target that refuses: one line on what failed and what to try.

rsync and git print their own reasons (a refused login, a read-only folder,
a rejected push) just above; these lines say which step failed, what its
exit status means, and where to look, and that output/ was not replaced.
"""

from __future__ import annotations

# From rsync(1), EXIT VALUES.
RSYNC_EXITS = {
    1: "a syntax or usage error",
    2: "a protocol incompatibility",
    3: "it could not select the files or folders to send or receive",
    5: "it could not start talking to the server",
    10: "an error in socket I/O",
    11: "an error in file I/O",
    12: "an error in the rsync protocol data stream",
    23: "some files could not be transferred",
    24: "some source files vanished",
    30: "a timeout in sending or receiving data",
    35: "a timeout waiting for the daemon",
    255: "ssh could not connect or log in",
}
CONNECTION_EXITS = {5, 10, 12, 30, 35, 255}
UNCHANGED = "output/ still holds the previous build"


def rsync_failure(returncode: int, destination: str) -> str:
    meaning = RSYNC_EXITS.get(returncode, "an error")
    if returncode in CONNECTION_EXITS:
        fix = (
            "check that the host in RSYNC_DESTINATION is reachable and that "
            "you can log in to it (`ssh` to it by hand)"
        )
    else:
        fix = (
            "check that RSYNC_DESTINATION names a folder whose parent exists, "
            "that you may write in it, and that its disk has room"
        )
    return (
        f"The deploy to {destination} failed: rsync exited with {returncode}, "
        f"{meaning} (its messages are above). Fix: {fix}. {UNCHANGED}; "
        "nothing else was changed here."
    )


def git_push_failure(returncode: int, remote: str, url: str, branch: str) -> str:
    return (
        f"The deploy to GitHub Pages failed: `git push {remote} {branch}` to "
        f"{url} was refused (git exited with {returncode}; its messages are "
        f"above). Fix: check that you may push to {url} and that your "
        "credentials work (`git push` by hand shows the same refusal), and "
        f"that no hook or branch protection there rejects {branch}. "
        f"{UNCHANGED}; the local {branch} branch holds the commit that was "
        "not pushed."
    )


def git_import_failure(branch: str) -> str:
    return (
        f"The deploy to GitHub Pages failed: ghp-import could not commit the "
        f"build to the local {branch} branch (its messages are above). Fix: "
        "check that the repository's disk has room and that `git status` "
        f"works here. {UNCHANGED}; nothing was pushed."
    )


def not_a_repository(root: str) -> str:
    return (
        f"Publishing to GitHub Pages needs {root} to be a Git repository with "
        "a remote named origin, and it is not a Git repository. Fix: "
        "`git init` and `git remote add origin <your repository's URL>`, or "
        "publish with DEPLOY_TARGET=rsync."
    )
