"""The old site's addresses, and where each one lives now.

The same table serves twice: links inside the posts to old addresses are
rewritten to Pelican's own link syntax (``{filename}posts/x.md``), and every
old address is written to ``content/redirects.txt``, from which each build
writes the redirects (plugins/old_blog). Targets there are names, not URLs,
so they follow a post when its slug or the URL settings change.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

# Query-string addresses WordPress answers on its home page.
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "m")


def hosts_of(*urls: str) -> set[str]:
    """The old site's host names, with and without www."""
    hosts = set()
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        if host:
            hosts.add(host)
            hosts.add(host[4:] if host.startswith("www.") else "www." + host)
    return hosts


def normal_path(path: str) -> str:
    """The form a path is compared in: decoded, no index.php, a trailing slash
    unless it names a file."""
    path = unquote(path or "/")
    path = re.sub(r"^/index\.php(?=/|$)", "", path) or "/"
    path = posixpath.normpath(path) if path not in ("", "/") else "/"
    if not path.startswith("/"):
        path = "/" + path
    last = path.rsplit("/", 1)[-1]
    if path != "/" and not re.search(r"\.[A-Za-z0-9]{1,5}$", last):
        path += "/"
    return path.lower()


class AddressBook:
    def __init__(self, blog_url: str, hosts: set[str]) -> None:
        self.blog_url = blog_url.rstrip("/") + "/"
        self.hosts = hosts
        self.paths: dict[str, str] = {}
        self.queries: dict[tuple[str, str], str] = {}
        # (old address as the old site wrote it, target) in the order added
        self.lines: list[tuple[str, str]] = []

    # --- building -----------------------------------------------------------

    def add(self, address: str, target: str) -> bool:
        """Record an old address (a URL, a path or ``/?p=1``); False when
        another target already has it (the first one keeps it)."""
        parts = urlsplit(urljoin(self.blog_url, address))
        query = dict(parse_qsl(parts.query))
        written = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        key = self._query_key(parts.path, query)
        if key is not None:
            if key in self.queries:
                return self.queries[key] == target
            self.queries[key] = target
        else:
            path = normal_path(parts.path)
            if path in self.paths:
                return self.paths[path] == target
            self.paths[path] = target
        self.lines.append((written, target))
        return True

    # --- reading ------------------------------------------------------------

    def is_old_site(self, url: str) -> bool:
        host = (urlsplit(urljoin(self.blog_url, url)).hostname or "").lower()
        return host in self.hosts

    def lookup(self, url: str) -> str | None:
        """The target of an old address, or None."""
        absolute = urljoin(self.blog_url, url.strip())
        parts = urlsplit(absolute)
        if (parts.hostname or "").lower() not in self.hosts:
            return None
        key = self._query_key(parts.path, dict(parse_qsl(parts.query)))
        if key is not None:
            return self.queries.get(key)
        return self.paths.get(normal_path(parts.path))

    @staticmethod
    def _query_key(path: str, query: dict[str, str]) -> tuple[str, str] | None:
        if normal_path(path) not in ("/", "/index.php") or not query:
            return None
        for name in QUERY_KEYS:
            if name in query:
                return name, query[name].strip().lower()
        return None


def redirects_text(book: AddressBook, source: str) -> str:
    """content/redirects.txt: one old address and its target a line."""
    lines = [
        "# Old addresses of the WordPress site, and what each one is now.",
        f"# Written by `invoke import-wordpress` from {source}; edit it freely.",
        "# A line: the old path (or /?p=ID), then what it moved to:",
        "#   {filename}/posts/FILE.md  a post or a page",
        "#   {category}NAME  {tag}NAME  {author}NAME   their archive pages",
        "#   /path/ or /feeds/all.atom.xml             any address of this site",
        "# `invoke build` turns these into _redirects (Netlify, Cloudflare),",
        "# redirects.nginx.conf and, for GitHub Pages, a page at each old path.",
        "",
    ]
    width = max((len(old) for old, _ in book.lines), default=0)
    width = min(width, 60)
    lines += [f"{old.ljust(width)}  {target}" for old, target in book.lines]
    return "\n".join(lines) + "\n"
