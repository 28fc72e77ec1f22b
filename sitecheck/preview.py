"""The live preview: rebuild on save, then tell the browser to reload.

Three parts, each small:

- a watcher (watchfiles: inotify on Linux, FSEvents on macOS) that reports
  which source files changed, a few milliseconds after the editor writes;
- the build worker (``sitecheck.livebuild``), which keeps Pelican and the
  site loaded and rebuilds in-process, so a save costs the rebuild alone;
- the site server (``sitecheck.server``), which sends the production
  headers, Content-Security-Policy included, plus two addresses of its own:
  ``/__preview/events`` (Server-Sent Events: one ``reload`` per build) and
  ``/__preview/reload.js``, which every HTML page served gets as a
  same-origin script. The output folder itself never holds either, so the
  preview's output is the bytes ``invoke build`` writes.

A build with errors still reloads the page (a development build writes the
site) and the page shows the errors in a banner, as text.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from .livebuild import BuildResult, LiveBuilder
from .pelican_run import ROOT
from .server import SiteHandler, make_server

logger = logging.getLogger(__name__)

EVENTS = "/__preview/events"
CLIENT = "/__preview/reload.js"
CLIENT_FILE = Path(__file__).with_name("preview_client.js")
SCRIPT_TAG = f'<script src="{CLIENT}" defer></script>'.encode()
# A comment line keeps idle event streams open through proxies and tells a
# closed tab's thread that its reader has gone.
KEEPALIVE_SECONDS = 15.0

# What the preview watches, relative to the project: every source a build
# reads. Output, caches and editors' scratch files are left out.
WATCHED = ("content", "theme", "plugins", "pelicanconf.py")
IGNORED_NAMES = ("__pycache__", ".git", "node_modules")
SCRATCH_SUFFIXES = (".swp", ".swx", ".swo", "~", ".tmp", ".part", ".crdownload")


@dataclass(frozen=True)
class Announcement:
    """What the last build told the browsers."""

    number: int
    ok: bool
    errors: tuple[str, ...]
    seconds: float

    def event(self, kind: str = "reload") -> bytes:
        """``reload``: a build is done; ``status``: the last build, sent to a
        page that has just connected (it shows that build's errors)."""
        data = json.dumps(
            {"build": self.number, "ok": self.ok, "errors": list(self.errors)}
        )
        return f"event: {kind}\nid: {self.number}\ndata: {data}\n\n".encode()


class ReloadChannel:
    """Builds announced to every open page; each waits for a newer one."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self.latest = Announcement(0, True, (), 0.0)
        self.closed = False

    def announce(self, result: BuildResult) -> Announcement:
        with self._condition:
            self.latest = Announcement(
                self.latest.number + 1, result.ok, tuple(result.errors), result.seconds
            )
            self._condition.notify_all()
            return self.latest

    def wait_after(self, number: int, timeout: float) -> Announcement | None:
        """The first announcement after ``number``, or None on timeout."""
        with self._condition:
            self._condition.wait_for(
                lambda: self.latest.number > number or self.closed, timeout
            )
            if self.latest.number > number:
                return self.latest
            return None

    def close(self) -> None:
        with self._condition:
            self.closed = True
            self._condition.notify_all()


def read_event(stream) -> tuple[str, dict] | None:
    """The next event a ReloadChannel sent, read from its response stream
    (name, data), or None once the stream closes: what the browser's
    EventSource does, for the benchmark and the tests."""
    kind, data = "", "{}"
    while True:
        line = stream.readline().decode("utf-8")
        if not line:
            return None
        if line.startswith("event:"):
            kind = line.split(":", 1)[1].strip()
        elif line.startswith("data:"):
            data = line.split(":", 1)[1].strip()
        elif line == "\n" and kind:
            return kind, json.loads(data)


class PreviewHandler(SiteHandler):
    """The site as production serves it, plus the reload channel."""

    channel: ReloadChannel

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        if path == EVENTS:
            self.stream_events()
        elif path == CLIENT:
            self.send_client()
        elif self.is_html(path):
            self.send_html_with_client()
        else:
            super().do_GET()

    def is_html(self, path: str) -> bool:
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        return target.suffix == ".html" and target.is_file()

    def send_html_with_client(self) -> None:
        target = Path(self.translate_path(self.path.split("?", 1)[0]))
        if target.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                super().do_GET()  # the redirect to the folder's address
                return
            target = target / "index.html"
        body = with_client(target.read_bytes())
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def send_client(self) -> None:
        body = CLIENT_FILE.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/javascript; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def stream_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.last_event_id()
        try:
            self.wfile.write(b"retry: 500\n\n" + self.channel.latest.event("status"))
            self.wfile.flush()
            while not self.channel.closed:
                news = self.channel.wait_after(seen, KEEPALIVE_SECONDS)
                if news is None:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(news.event())
                    seen = news.number
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the tab was closed or reloaded

    def last_event_id(self) -> int:
        """A reconnecting page has seen every build up to its Last-Event-ID;
        a new page has seen the latest (it was served after it)."""
        header = self.headers.get("Last-Event-ID", "")
        if header.isdigit():
            return int(header)
        return self.channel.latest.number


def with_client(html: bytes) -> bytes:
    """The page with the reload script, before ``</head>`` (or at the end)."""
    at = html.rfind(b"</head>")
    if at < 0:
        return html + SCRIPT_TAG
    return html[:at] + SCRIPT_TAG + html[at:]


def is_watched(path: Path, sources: list[Path], ignored: list[Path]) -> bool:
    """A source the build reads: not output, cache or an editor's scratch."""
    if any(folder == path or folder in path.parents for folder in ignored):
        return False
    if any(part in IGNORED_NAMES for part in path.parts):
        return False
    name = path.name
    if name.startswith((".#", "#")) or name.endswith(SCRATCH_SUFFIXES):
        return False
    return any(source == path or source in path.parents for source in sources)


def project_sources(root: Path = ROOT) -> list[Path]:
    """What `invoke livereload` watches: every source a build reads."""
    return [root / name for name in WATCHED if (root / name).exists()]


class Preview:
    """Server, worker and watcher, started together and stopped together."""

    def __init__(
        self,
        builder: LiveBuilder,
        output: Path,
        *,
        port: int,
        sources: Iterable[Path] | None = None,
        ignored: Iterable[Path] = (),
        on_build: Callable[[Announcement, set[Path]], None] | None = None,
    ) -> None:
        self.builder = builder
        self.output = Path(output).resolve()
        self.sources = [
            Path(p).resolve() for p in (sources if sources else project_sources())
        ]
        self.ignored = [self.output, *(Path(p).resolve() for p in ignored)]
        self.channel = ReloadChannel()
        self.on_build = on_build
        self.stop_event = threading.Event()
        self.output.mkdir(parents=True, exist_ok=True)
        handler = type("Handler", (PreviewHandler,), {"channel": self.channel})
        # Bound before anything is built, so a busy port fails at once.
        self.server = make_server(self.output, port, handler=handler)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def build(self, changed: Iterable[Path] = ()) -> Announcement:
        changed = set(changed)
        result = self.builder.build(changed)
        announcement = self.channel.announce(result)
        if self.on_build is not None:
            self.on_build(announcement, changed)
        return announcement

    def watch(self) -> None:
        """Rebuild after each batch of changes until stopped."""
        from watchfiles import watch

        for changes in watch(
            *self.sources,
            # A save is usually one write, sometimes a rename and a write:
            # wait 20 ms for the rest of the batch, then build at once.
            step=20,
            debounce=400,
            stop_event=self.stop_event,
            raise_interrupt=False,
            rust_timeout=500,
        ):
            changed = {
                Path(path)
                for _, path in changes
                if is_watched(Path(path), self.sources, self.ignored)
            }
            if changed:
                self.build(changed)

    def start(self) -> None:
        """Serve and watch in background threads (the first build is done)."""
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.watcher = threading.Thread(target=self.watch, daemon=True)
        self.watcher.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.channel.close()
        self.server.shutdown()
        self.server.server_close()
        self.builder.close()
        watcher = getattr(self, "watcher", None)
        if watcher is not None:
            watcher.join(timeout=5)


def describe(announcement: Announcement, changed: set[Path], root: Path) -> str:
    """One line per rebuild for the terminal."""
    names = sorted(str(p.relative_to(root)) for p in changed if root in p.parents)
    what = ", ".join(names[:3]) or "the site"
    if len(names) > 3:
        what += f" and {len(names) - 3} more"
    count = len(announcement.errors)
    state = "built" if announcement.ok else f"built with {count} error(s)"
    stamp = time.strftime("%H:%M:%S")
    return f"{stamp} {what}: {state} in {announcement.seconds:.2f} s"
