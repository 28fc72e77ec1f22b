"""`invoke livereload` in a copy of the project, as an author uses it.

The task runs as a real process; the tests edit files as an editor does and
watch what a reader of the preview sees: the reload event, the page in
Chromium (under the production Content-Security-Policy), the errors banner,
and the output, which must equal a clean build of the same sources.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from browser import chromium
from lxml import html as lxml_html
from test_publish_safety import base_env, make_project

from sitecheck.headers import CSP
from sitecheck.preview import read_event

STARTUP_S = 120
BUILD_S = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Live:
    """A running `invoke livereload` and a reader of its reload events."""

    def __init__(self, project: Path, process: subprocess.Popen, port: int):
        self.project, self.process, self.port = project, process, port
        self.url = f"http://127.0.0.1:{port}/"
        self.events = http.client.HTTPConnection("127.0.0.1", port, timeout=BUILD_S)
        self.events.request("GET", "/__preview/events")
        self.stream = self.events.getresponse()
        assert self.next_event()[0] == "status"

    def next_event(self) -> tuple[str, dict]:
        event = read_event(self.stream.fp)
        assert event is not None, "the event stream closed"
        return event

    def save(self, relative: str, text: str) -> dict:
        """Write a file as an editor does; return the build's announcement."""
        (self.project / relative).write_text(text, "utf-8")
        kind, news = self.next_event()
        assert kind == "reload"
        return news

    def page_url(self, slug: str) -> str:
        [built] = (self.project / "output").glob(f"*/*/{slug}/index.html")
        return self.url + str(built.parent.relative_to(self.project / "output")) + "/"


@contextmanager
def livereload(tmp_path: Path) -> Iterator[Live]:
    project = make_project(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "livereload", "--port", str(port)],
        cwd=project,
        env=base_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        encoding="utf-8",
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + STARTUP_S
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            assert line, "livereload stopped:\n" + "".join(lines)
            lines.append(line)
            if line.startswith("Preview on "):
                break
        else:
            raise AssertionError("livereload did not start:\n" + "".join(lines))
        yield Live(project, process, port)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def plotted(page: bytes) -> list:
    root = lxml_html.fromstring(page)
    [data] = root.xpath("//script[@type='application/json']")
    return json.loads(data.text)["data"][0]["y"]


def fetch(url: str) -> tuple[dict, bytes]:
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return dict(response.headers), response.read()


def test_an_edited_csv_rebuilds_the_page_that_charts_it(tmp_path):
    with livereload(tmp_path) as live:
        url = live.page_url("signups-by-channel")
        before = plotted(fetch(url)[1])
        csv = live.project / "content" / "data" / "signups.csv"
        lines = csv.read_text("utf-8").splitlines()
        row = lines[1].split(",")
        row[-1] = "4242"
        news = live.save(
            "content/data/signups.csv", "\n".join([lines[0], ",".join(row), *lines[2:]])
        )
        assert news["ok"], news
        after = plotted(fetch(url)[1])
        assert after != before
        assert 4242 in after


def test_pages_are_served_with_the_production_headers_and_the_reload_script(tmp_path):
    with livereload(tmp_path) as live:
        headers, body = fetch(live.page_url("signups-by-channel"))
        assert headers["Content-Security-Policy"] == CSP
        assert headers["Cache-Control"] == "no-store"
        scripts = lxml_html.fromstring(body).xpath("//script/@src")
        assert "/__preview/reload.js" in scripts
        # The built file itself is what `invoke build` writes: no script.
        [built] = (live.project / "output").glob("*/*/signups-by-channel/index.html")
        assert b"__preview" not in built.read_bytes()


def test_the_browser_reloads_on_save_under_the_csp(tmp_path):
    with livereload(tmp_path) as live, chromium() as browser:
        page = browser.new_page()
        violations: list[str] = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        url = live.page_url("signups-by-channel")
        page.goto(url)
        page.wait_for_selector("html[data-preview=listening]", state="attached")
        post = "content/posts/signups.md"
        text = (live.project / post).read_text("utf-8")
        with page.expect_navigation(timeout=BUILD_S * 1000):
            live.save(post, text + "\nQuokkas arrived today.\n")
        page.wait_for_load_state("load")
        assert "Quokkas" in page.inner_text("main")
        assert violations == []


def test_errors_of_the_last_build_show_on_the_page_as_text(tmp_path):
    with livereload(tmp_path) as live, chromium() as browser:
        page = browser.new_page()
        url = live.page_url("signups-by-channel")
        page.goto(url)
        page.wait_for_selector("html[data-preview=listening]", state="attached")
        post = "content/posts/signups.md"
        good = (live.project / post).read_text("utf-8")
        broken = good.replace("signups.csv", "<img src=x onerror=alert(1)>.csv", 1)
        assert broken != good
        with page.expect_navigation(timeout=BUILD_S * 1000):
            news = live.save(post, broken)
        assert not news["ok"]
        banner = page.locator("#preview-build-errors")
        banner.wait_for(timeout=10_000)
        message = banner.inner_text()
        assert "content/posts/signups.md:" in message
        assert banner.locator("img").count() == 0  # text, never markup
        with page.expect_navigation(timeout=BUILD_S * 1000):
            assert live.save(post, good)["ok"]
        page.wait_for_load_state("load")
        assert page.locator("#preview-build-errors").count() == 0


def test_the_preview_output_equals_a_clean_build(tmp_path):
    with livereload(tmp_path) as live:
        post = "content/posts/signups.md"
        text = (live.project / post).read_text("utf-8")
        live.save(post, text.replace("Title:", "Title: Renamed:", 1))
        (live.project / "content" / "posts" / "second.md").write_text(
            "Title: A second post\nDate: 2024-03-01\nCategory: Strategy\n"
            "Tags: email\n\nA short second post.\n",
            "utf-8",
        )
        assert live.next_event()[0] == "reload"
    clean = tmp_path / "clean"
    from sitecheck.pelican_run import pelican_command

    built = subprocess.run(
        pelican_command(
            live.project / "pelicanconf.py",
            clean,
            content=live.project / "content",
            extra={"CACHE_PATH": str(tmp_path / "clean-cache")},
        ),
        cwd=live.project,
        env=base_env(tmp_path),
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert built.returncode == 0, built.stderr
    diff = subprocess.run(
        ["diff", "-r", str(clean), str(live.project / "output")],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert diff.returncode == 0, diff.stdout[:4000]
