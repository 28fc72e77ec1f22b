"""`invoke livereload` in a copy of the project: it serves the site, and an
edit to a CSV file (not only to a post) rebuilds the page whose chart reads
it."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from lxml import html as lxml_html
from test_publish_safety import base_env, make_project

TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except OSError:
        return None


def plotted(page: bytes) -> list:
    root = lxml_html.fromstring(page)
    [data] = root.xpath("//script[@type='application/json']")
    return json.loads(data.text)["data"][0]["y"]


def wait_for(condition, what: str):
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def test_livereload_rebuilds_when_a_csv_changes(tmp_path):
    project = make_project(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=project,
        env=base_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        post = (project / "content" / "posts" / "signups.md").read_text("utf-8")
        slug = next(
            line.split(":", 1)[1].strip()
            for line in post.splitlines()
            if line.startswith("Slug:")
        )
        page_url = None

        def served_page():
            nonlocal page_url
            built = list((project / "output").glob(f"*/*/{slug}/index.html"))
            if not built:
                return None
            page_url = (
                f"http://127.0.0.1:{port}/"
                + str(built[0].parent.relative_to(project / "output"))
                + "/"
            )
            return fetch(page_url)

        first = wait_for(served_page, "the first build to be served")
        before = plotted(first)
        csv = project / "content" / "data" / "signups.csv"
        lines = csv.read_text("utf-8").splitlines()
        header, first_row = lines[0], lines[1].split(",")
        first_row[-1] = "4242"
        csv.write_text("\n".join([header, ",".join(first_row), *lines[2:]]) + "\n")
        after = wait_for(
            lambda: (page := fetch(page_url)) and 4242 in plotted(page) and page,
            "the page to show the edited CSV value",
        )
        assert plotted(after) != before
        assert 4242 in plotted(after)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
