"""Measure (f): the bytes a reader downloads, first visit and repeat visit.

The built site is served by sitecheck.server with its production headers
(``_headers``: a year-long, immutable lifetime for /theme/*, none for HTML)
and loaded in Debian's Chromium through Playwright, with Chromium's own HTTP
cache. Two independent witnesses say what was transferred:

- the server's request log (a file it sent is a transfer; a 304 is a
  revalidation, headers only), and
- the DevTools protocol (``Network.requestServedFromCache``,
  ``Network.responseReceived``'s ``fromDiskCache``/``fromMemoryCache``,
  ``Network.loadingFinished``'s ``encodedDataLength``).

Bytes are counted from the files on disk: raw, and gzip -9 of each file, as a
compressing host would send it (the local server does not compress).

First visit: a fresh browser context loads the page and scrolls through it
to the end, as a reader does, so whatever loads lazily (plotly.js, fetched
when a chart nears the viewport) is counted; what loaded before any
scrolling is reported too (``on_load``). Repeat visit: a fresh context reads
another chart page first, then the page: what is transferred the second time
is what a returning reader pays.
"""

from __future__ import annotations

import gzip
import importlib.util
import threading
from functools import partial
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent

TYPES = {
    "Document": "html",
    "Stylesheet": "css",
    "Script": "js",
    "Font": "font",
    "Image": "image",
}
EXTENSIONS = {
    ".html": "html",
    ".css": "css",
    ".js": "js",
    ".woff2": "font",
    ".woff": "font",
    ".ttf": "font",
    ".otf": "font",
    ".svg": "image",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".ico": "image",
}
TEXT_TYPES = ("html", "css", "js", "font")  # "HTML, CSS, JS and fonts"


def chromium():
    """tests/browser.py's chromium(): Debian's Chromium with the right args."""
    spec = importlib.util.spec_from_file_location(
        "_bench_browser", ROOT / "tests" / "browser.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.chromium()


def is_plotly(path: str) -> bool:
    name = path.rsplit("/", 1)[-1]
    return name.startswith("plotly") and name.endswith(".js")


class SizeCache:
    def __init__(self, site: Path) -> None:
        self.site = site
        self.sizes: dict[str, tuple[int, int] | None] = {}

    def file(self, path: str) -> Path | None:
        relative = unquote(path).lstrip("/")
        candidate = self.site / relative
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def __call__(self, path: str) -> tuple[int, int] | None:
        """(raw bytes, gzip -9 bytes) of the file at URL path ``path``."""
        if path not in self.sizes:
            file = self.file(path)
            if file is None:
                self.sizes[path] = None
            else:
                data = file.read_bytes()
                self.sizes[path] = (len(data), len(gzip.compress(data, 9, mtime=0)))
        return self.sizes[path]


class Recorder:
    """The DevTools network events of one page, request by request."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.requests: dict[str, dict] = {}

    def attach(self, cdp) -> None:
        cdp.on("Network.requestWillBeSent", self.will_be_sent)
        cdp.on("Network.requestServedFromCache", self.served_from_cache)
        cdp.on("Network.responseReceived", self.response)
        cdp.on("Network.loadingFinished", self.finished)
        cdp.on("Network.loadingFailed", self.failed)
        cdp.send("Network.enable")

    def clear(self) -> None:
        self.requests = {}

    def _entry(self, event) -> dict:
        return self.requests.setdefault(event["requestId"], {"from_cache": False})

    def will_be_sent(self, event) -> None:
        url = event["request"]["url"]
        if not url.startswith(self.base):
            return
        entry = self._entry(event)
        entry["path"] = urlsplit(url).path or "/"
        entry["cdp_type"] = event.get("type", "Other")

    def served_from_cache(self, event) -> None:
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["from_cache"] = True

    def response(self, event) -> None:
        if event["requestId"] not in self.requests:
            return
        response = event["response"]
        entry = self.requests[event["requestId"]]
        entry["status"] = response.get("status")
        if response.get("fromDiskCache") or response.get("fromMemoryCache"):
            entry["from_cache"] = True

    def finished(self, event) -> None:
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["wire_bytes"] = int(
                event.get("encodedDataLength", 0)
            )

    def failed(self, event) -> None:
        if event["requestId"] in self.requests:
            self.requests[event["requestId"]]["failed"] = event.get("errorText")


class ServerLog:
    """Every request the local server answered, as (path, status)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: list[tuple[str, int]] = []

    def install(self, server) -> None:
        factory = server.RequestHandlerClass  # partial(Handler, directory=...)
        handler = factory.func if isinstance(factory, partial) else factory
        log = self

        class LoggingHandler(handler):
            def log_request(self, code="-", size="-"):
                with log.lock:
                    log.entries.append((self.path.split("?", 1)[0], int(code)))

        if isinstance(factory, partial):
            server.RequestHandlerClass = partial(
                LoggingHandler, *factory.args, **factory.keywords
            )
        else:
            server.RequestHandlerClass = LoggingHandler

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            entries, self.entries = self.entries, []
        return entries


def resource_type(entry: dict) -> str:
    kind = TYPES.get(entry.get("cdp_type", ""))
    if kind:
        return kind
    path = entry.get("path", "")
    suffix = "." + path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return EXTENSIONS.get(suffix, "html" if path.endswith("/") else "other")


def open_page(context, base: str):
    page = context.new_page()
    recorder = Recorder(base)
    recorder.attach(context.new_cdp_session(page))
    return page, recorder


# Read the page to its end, as a reader does: anything loaded lazily (the
# charts' plotly.js is fetched when a chart nears the viewport) is loaded.
SCROLL_THROUGH = """async () => {
  const pause = () => new Promise((done) => setTimeout(done, 60));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    window.scrollTo(0, y);
    await pause();
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await pause();
}"""
# Charts drawn, when the page has any (the plugin's markup: .chart__plot).
CHARTS_DRAWN = """() => Array.from(document.querySelectorAll(".chart__plot"))
  .every((plot) => plot.querySelector("svg"))"""


def visit(page, recorder: Recorder, url: str) -> tuple[list[dict], list[dict]]:
    """Load ``url``, then scroll through it: (requests on load, all requests)."""
    recorder.clear()
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    on_load = [dict(e) for e in recorder.requests.values() if "path" in e]
    page.evaluate(SCROLL_THROUGH)
    page.wait_for_function(CHARTS_DRAWN, timeout=30_000)
    page.wait_for_load_state("networkidle")
    everything = [dict(e) for e in recorder.requests.values() if "path" in e]
    return on_load, everything


def summarise(entries: list[dict], sizes: SizeCache) -> dict:
    resources = []
    for entry in entries:
        size = sizes(entry["path"])
        resources.append(
            {
                "path": entry["path"],
                "type": resource_type(entry),
                "status": entry.get("status"),
                "raw": size[0] if size else 0,
                "gzip": size[1] if size else 0,
            }
        )
    resources.sort(key=lambda r: (r["type"], r["path"]))
    by_type: dict[str, dict] = {}
    for r in resources:
        bucket = by_type.setdefault(r["type"], {"count": 0, "raw": 0, "gzip": 0})
        bucket["count"] += 1
        bucket["raw"] += r["raw"]
        bucket["gzip"] += r["gzip"]
    plotly = [r for r in resources if is_plotly(r["path"])]
    return {
        "resources": resources,
        "requests": len(resources),
        "raw": sum(r["raw"] for r in resources),
        "gzip": sum(r["gzip"] for r in resources),
        "html_css_js_fonts_raw": sum(
            r["raw"] for r in resources if r["type"] in TEXT_TYPES
        ),
        "html_css_js_fonts_gzip": sum(
            r["gzip"] for r in resources if r["type"] in TEXT_TYPES
        ),
        "by_type": dict(sorted(by_type.items())),
        "plotly": (
            {
                "path": plotly[0]["path"],
                "raw": plotly[0]["raw"],
                "gzip": plotly[0]["gzip"],
            }
            if plotly
            else None
        ),
    }


def measure(site: Path, pages: dict[str, str], warm_page: str) -> dict:
    """Page weight of each URL path in ``pages`` ({name: "/path/"}).

    ``warm_page`` is another chart page, visited first for the repeat visit.
    """
    from sitecheck.server import serve_in_background

    sizes = SizeCache(site)
    server, base = serve_in_background(site)
    server_log = ServerLog()
    server_log.install(server)
    results: dict[str, dict] = {}
    try:
        with chromium() as browser:
            for name, path in pages.items():
                url = base + path
                # First visit: an empty cache.
                context = browser.new_context()
                try:
                    page, recorder = open_page(context, base)
                    server_log.take()
                    on_load, first_entries = visit(page, recorder, url)
                    first_served = server_log.take()
                finally:
                    context.close()
                first = summarise(first_entries, sizes)
                first["served_by_server"] = len(first_served)
                loaded = summarise(on_load, sizes)
                first["on_load"] = {
                    key: loaded[key]
                    for key in ("requests", "raw", "gzip", "html_css_js_fonts_gzip")
                }
                first["on_load"]["plotly"] = loaded["plotly"] is not None

                # Repeat visit: another chart page first, same context.
                context = browser.new_context()
                try:
                    page, recorder = open_page(context, base)
                    visit(page, recorder, base + warm_page)
                    server_log.take()
                    _, repeat_entries = visit(page, recorder, url)
                    served = server_log.take()
                finally:
                    context.close()
                results[name] = {
                    "url": path,
                    "first_visit": first,
                    "repeat_visit": repeat(repeat_entries, served, sizes, warm_page),
                }
    finally:
        server.shutdown()
        server.server_close()
    return results


def repeat(entries: list[dict], served: list[tuple[str, int]], sizes, warm_page):
    sent = {path for path, status in served if status == 200}
    revalidated = {path for path, status in served if status == 304}
    loaded = summarise(entries, sizes)["resources"]
    transferred = [r for r in loaded if r["path"] in sent]
    cdp_cached = {
        e["path"] for e in entries if e.get("from_cache") and e["path"] not in sent
    }
    cached = [r for r in loaded if r["path"] not in sent]
    plotly_loaded = [r for r in loaded if is_plotly(r["path"])]
    return {
        "after": warm_page,
        "transferred": transferred,
        "transferred_raw": sum(r["raw"] for r in transferred),
        "transferred_gzip": sum(r["gzip"] for r in transferred),
        "revalidated": sorted(revalidated),
        "from_cache": sorted(r["path"] for r in cached),
        "from_cache_per_devtools": sorted(cdp_cached),
        "plotly_loaded": bool(plotly_loaded),
        "plotly_transferred": any(is_plotly(path) for path in sent),
        "plotly_from_cache": bool(plotly_loaded)
        and all(r["path"] in cdp_cached for r in plotly_loaded),
    }
