"""Following an old WordPress address the way each host does, for the
redirect tests: real nginx on the generated rules, Netlify's reading of
``_redirects``, and a static host (GitHub Pages) serving the redirect pages.
"""

from __future__ import annotations

import getpass
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import parse_qsl, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from conftest import parse_html


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Nginx:
    """nginx serving a built site with its redirects.nginx.conf included, as
    the README tells an author to set it up."""

    def __init__(self, site: Path, folder: Path) -> None:
        self.site, self.folder = site, folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.opener = build_opener(NoRedirects)

    def config(self) -> str:
        folder = self.folder
        return f"""daemon off;
user {getpass.getuser()};
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  server {{
    listen 127.0.0.1:{self.port};
    root {self.site};
    include {self.site}/redirects.nginx.conf;
    location / {{ try_files $uri $uri/ =404; }}
  }}
}}
"""

    def start(self) -> None:
        nginx = shutil.which("nginx")
        assert nginx, "nginx is needed for this test: apt-get install nginx-light"
        path = self.folder / "nginx.conf"
        path.write_text(self.config(), "utf-8")
        self.process = subprocess.Popen(
            [nginx, "-p", str(self.folder), "-c", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def fetch(self, path: str) -> tuple[int, str]:
        """The status and, for a redirect, the Location nginx answers with."""
        assert self.process is not None
        deadline = time.monotonic() + 10
        while True:
            try:
                response = self.opener.open(Request(self.base + path))
                return response.status, ""
            except HTTPError as answer:
                return answer.code, answer.headers.get("Location", "")
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise AssertionError(self.process.stderr.read().decode()) from None
                time.sleep(0.1)

    def follow(self, address: str, hops: int = 3) -> tuple[int, str]:
        """Where a reader ends up: (final status, final path)."""
        for _ in range(hops):
            status, location = self.fetch(address)
            if status not in (301, 302, 307, 308):
                return status, address
            address = location.removeprefix(self.base)
        raise AssertionError(f"{address}: more than {hops} redirects")


@contextmanager
def nginx_serving(site: Path, folder: Path) -> Iterator[Nginx]:
    server = Nginx(site, folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def netlify_rule(rules: str, address: str) -> str | None:
    """Where one request goes by Netlify's documented reading of
    ``_redirects``: the first rule that matches, a ``key=:placeholder``
    condition on the query string, ``*`` and ``:splat`` in paths. None when
    no rule matches (the file at the path is served)."""
    parts = urlsplit(address)
    query = dict(parse_qsl(parts.query))
    for line in rules.splitlines():
        fields = line.split()
        if not fields or fields[0].startswith("#"):
            continue
        source, *conditions, target, _status = fields
        if source.endswith("*"):
            if parts.path.startswith(source[:-1]):
                return target.replace(":splat", parts.path[len(source) - 1 :])
            continue
        if source.rstrip("/") != parts.path.rstrip("/"):
            continue
        if not conditions:
            return target
        pairs = [condition.partition("=")[::2] for condition in conditions]
        if all(key in query for key, _ in pairs):
            for key, placeholder in pairs:
                target = target.replace(placeholder, query[key])
            return target
    return None


def netlify_follow(rules: str, address: str, hops: int = 3) -> str:
    """The path a reader ends up at on Netlify."""
    for _ in range(hops):
        target = netlify_rule(rules, address)
        if target is None:
            return urlsplit(address).path
        address = target
    raise AssertionError(f"{address}: more than {hops} redirects")


def page_follow(site: Path, public: str, address: str, hops: int = 3) -> str:
    """The path a reader ends up at on a static host without redirects:
    each redirect page's meta refresh, followed."""
    path = urlsplit(address).path
    for _ in range(hops):
        file = site / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.suffix != ".html" or not file.is_file():
            return path
        refresh = parse_html(file).xpath("//meta[@http-equiv='refresh']/@content")
        if not refresh:
            return path
        target = refresh[0].split("url=", 1)[1]
        assert target.startswith(public), target
        path = target.removeprefix(public)
    raise AssertionError(f"{address}: more than {hops} redirects")
