"""A static file server for a built site, sending the production headers.

The headers come from the site's own ``_headers`` file (the Netlify and
Cloudflare Pages format), so a local preview and the browser checks see the
same Content-Security-Policy and caching rules as production.
"""

from __future__ import annotations

import fnmatch
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Rules of a _headers file: (URL pattern, [(name, value), ...]) in order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(path: str, rules) -> dict[str, str]:
    """Every rule whose pattern matches applies; later values win."""
    headers: dict[str, str] = {}
    for pattern, values in rules:
        glob = pattern.replace(":splat", "*")
        if fnmatch.fnmatchcase(path, glob):
            headers.update(values)
    return headers


class HeaderRules:
    """The rules of a folder's ``_headers`` file, read again when it changes
    (a live preview rebuilds it while serving)."""

    def __init__(self, folder: Path) -> None:
        self.file = Path(folder) / "_headers"
        self.stamp: tuple[int, int] | None = None
        self.rules: list = []
        self.lock = threading.Lock()

    def current(self) -> list:
        try:
            status = self.file.stat()
            stamp = (status.st_size, status.st_mtime_ns)
        except FileNotFoundError:
            return []
        with self.lock:
            if stamp != self.stamp:
                self.rules = parse_headers_file(self.file.read_text("utf-8"))
                self.stamp = stamp
            return self.rules


class NoHeaderRules:
    """A host that sends none of the site's own headers."""

    def current(self) -> list:
        return []


class SiteHandler(SimpleHTTPRequestHandler):
    rules: HeaderRules

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for name, value in headers_for(path, self.rules.current()).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None) -> None:
        """A missing file gets the site's own 404.html, as on Netlify and
        Cloudflare Pages (status 404, production headers)."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path):
        """No folder listings: production hosts answer 404."""
        self.send_error(404, "Not Found")
        return None

    def log_message(self, format, *args) -> None:
        pass


def make_server(
    folder: Path,
    port: int = 0,
    *,
    handler: type[SiteHandler] = SiteHandler,
    send_headers: bool = True,
) -> ThreadingHTTPServer:
    """``send_headers=False`` serves as GitHub Pages does: none of the
    site's own headers, so a page has only its <meta> policy."""
    rules = HeaderRules(folder) if send_headers else NoHeaderRules()
    handler = type("Handler", (handler,), {"rules": rules})
    server = ThreadingHTTPServer(
        ("127.0.0.1", port), partial(handler, directory=str(folder))
    )
    # Open event streams must not keep the process alive at Ctrl-C.
    server.daemon_threads = True
    return server


def serve_forever(folder: Path, port: int) -> None:
    """Serve a folder until Ctrl-C."""
    server = make_server(folder, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_in_background(
    folder: Path, port: int = 0, *, send_headers: bool = True
) -> tuple[ThreadingHTTPServer, str]:
    """Start a server (on a free port by default); return it and its base URL.

    Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = make_server(folder, port, send_headers=send_headers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
