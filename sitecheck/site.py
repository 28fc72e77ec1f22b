"""A built site as the checks see it: its files, its public URL, its pages.

Pelican writes links in two shapes. A development build (``SITEURL = ""``)
writes root-relative links (``/theme/css/site.css``); a publish build writes
absolute ones under the public URL (``https://signal-and-noise.example.com/
theme/css/site.css``). Canonical links, feeds and the sitemap are absolute in
both. :class:`Site` maps either shape back to a file in the output, and
treats every other origin as external.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from .tools import ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
REFERENCE_POST = (
    "2009/10/takeaway-from-the-spam-or-good-marketing-conversation/index.html"
)
ARTICLE_PAGE = re.compile(r"^\d{4}/\d{2}/[^/]+/index\.html$")
# An element of class chart__plot: where charts.js draws a chart.
CHART_ELEMENT = re.compile(r"""class\s*=\s*["'][^"']*\bchart__plot\b""")


def normalise_public_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"the public URL must be absolute http(s), not {url!r}")
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"


def settings_public_url() -> str:
    """PUBLIC_SITEURL from pelicanconf.py (which honours $SITEURL)."""
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["PUBLIC_SITEURL"]


@dataclass(frozen=True)
class Target:
    """Where a URL found in the output points."""

    kind: str  # "internal", "external", "outside" (own host, outside the site), "other"
    url: str  # absolute
    path: str = ""  # for internal: the site path, decoded, starting with "/"
    fragment: str = ""
    scheme: str = ""


@dataclass
class Site:
    folder: Path
    public_url: str
    _parsed: dict = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path | str, public_url: str | None = None) -> Site:
        folder = Path(folder).resolve()
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder} is not a folder")
        url = public_url or detect_public_url(folder) or settings_public_url()
        return cls(folder, normalise_public_url(url))

    # --- the files -------------------------------------------------------

    @cached_property
    def html_pages(self) -> list[str]:
        return sorted(
            p.relative_to(self.folder).as_posix()
            for p in self.folder.rglob("*.html")
            if p.is_file()
        )

    @cached_property
    def xml_files(self) -> dict[str, str]:
        """Every XML file of the output and its root element's local name."""
        found: dict[str, str] = {}
        for path in sorted(self.folder.rglob("*.xml")):
            rel = path.relative_to(self.folder).as_posix()
            try:
                root = etree.parse(str(path), etree.XMLParser(resolve_entities=False))
                found[rel] = etree.QName(root.getroot()).localname
            except etree.XMLSyntaxError:
                found[rel] = ""  # not well-formed: the feed check says so
        return found

    @cached_property
    def feeds(self) -> list[str]:
        """Atom and RSS feeds: XML files under feeds/, or rooted at feed/rss."""
        return [
            rel
            for rel, root in self.xml_files.items()
            if root in {"feed", "rss", "RDF"}
            or (rel.startswith("feeds/") and root != "urlset")
        ]

    def parse(self, relpath: str):
        """The lxml tree of an HTML file of the output (cached)."""
        if relpath not in self._parsed:
            data = (self.folder / relpath).read_bytes()
            self._parsed[relpath] = (
                lxml_html.document_fromstring(data) if data.strip() else None
            )
        return self._parsed[relpath]

    # --- URLs ------------------------------------------------------------

    @property
    def origin(self) -> str:
        parts = urlsplit(self.public_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def base_path(self) -> str:
        return urlsplit(self.public_url).path  # "" or "/blog", no trailing slash

    @staticmethod
    def site_path(relpath: str) -> str:
        """The URL path a file is served at: ``a/index.html`` -> ``/a/``."""
        if relpath == "index.html":
            return "/"
        if relpath.endswith("/index.html"):
            return "/" + relpath[: -len("index.html")]
        return "/" + relpath

    def address(self, relpath: str) -> str:
        """The public URL of a file of the output."""
        return self.public_url + self.site_path(relpath)

    def classify(self, href: str, base: str) -> Target:
        """Resolve ``href`` found in a document whose URL is ``base``."""
        absolute = urljoin(base, href.strip())
        parts = urlsplit(absolute)
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            return Target("other", absolute, scheme=scheme)
        if f"{scheme}://{parts.netloc.lower()}" != self.origin:
            return Target("external", absolute, scheme=scheme)
        path = unquote(parts.path) or "/"
        base_path = self.base_path
        if base_path and not (path == base_path or path.startswith(base_path + "/")):
            return Target("outside", absolute, path=path, scheme=scheme)
        site_path = path[len(base_path) :] or "/"
        return Target("internal", absolute, site_path, unquote(parts.fragment), scheme)

    def file_for(self, site_path: str) -> str | None:
        """The output file served at ``site_path``, or None when there is none.

        ``/a/`` is ``a/index.html``; ``/a`` is served too when ``a/`` is a
        folder with an index (every static host redirects it).
        """
        relative = site_path.lstrip("/")
        if any(part == ".." for part in relative.split("/")):
            return None
        target = self.folder / relative
        try:
            if site_path.endswith("/"):
                index = target / "index.html"
                return (
                    index.relative_to(self.folder).as_posix()
                    if index.is_file()
                    else None
                )
            if target.is_file():
                return target.relative_to(self.folder).as_posix()
            if (target / "index.html").is_file():
                return (target / "index.html").relative_to(self.folder).as_posix()
        except (OSError, ValueError):
            return None
        return None

    # --- page types --------------------------------------------------------

    def has_charts(self, relpath: str) -> bool:
        text = (self.folder / relpath).read_text("utf-8", "replace")
        return CHART_ELEMENT.search(text) is not None

    @cached_property
    def page_types(self) -> dict[str, str | None]:
        """One output page of each kind the site has (None where it has none)."""
        pages = self.html_pages
        present = set(pages)

        def first(pattern: str) -> str | None:
            regex = re.compile(pattern)
            return next((p for p in pages if regex.match(p)), None)

        articles = [p for p in pages if ARTICLE_PAGE.match(p)]
        reference = (
            REFERENCE_POST
            if REFERENCE_POST in present
            else next((p for p in articles if self.has_charts(p)), None)
        )
        without_charts = next((p for p in articles if not self.has_charts(p)), None)
        return {
            "home": "index.html" if "index.html" in present else None,
            "paginated index": first(r"^page/\d+/index\.html$"),
            "reference post (charts)": reference,
            "post without charts": without_charts,
            "tag page": first(r"^tag/[^/]+/index\.html$"),
            "tags index": "tags/index.html" if "tags/index.html" in present else None,
            "category page": first(r"^category/[^/]+/index\.html$"),
            "categories index": (
                "categories/index.html" if "categories/index.html" in present else None
            ),
            "archives": "archives/index.html"
            if "archives/index.html" in present
            else None,
            "author page": first(r"^author/[^/]+/index\.html$"),
            "about": "about/index.html" if "about/index.html" in present else None,
            "404": "404.html" if "404.html" in present else None,
        }


def detect_public_url(folder: Path) -> str | None:
    """The site's public URL as the build wrote it, or None if it can't tell.

    Tried in order: the home page's canonical link, a feed's self link, the
    sitemap's shortest address.
    """
    index = folder / "index.html"
    if index.is_file():
        try:
            tree = lxml_html.document_fromstring(index.read_bytes())
            for href in tree.xpath("//link[@rel='canonical']/@href"):
                if urlsplit(href).scheme in {"http", "https"}:
                    return href
        except (etree.ParserError, ValueError):
            pass
    feeds = folder / "feeds"
    for feed in sorted(feeds.rglob("*.xml")) if feeds.is_dir() else []:
        try:
            root = etree.parse(str(feed)).getroot()
        except etree.XMLSyntaxError:
            continue
        relative = feed.relative_to(folder).as_posix()
        for link in root.iter(f"{ATOM}link"):
            href = link.get("href", "")
            if link.get("rel") == "self" and href.endswith("/" + relative):
                return href[: -len(relative)]
    sitemap = folder / "sitemap.xml"
    if sitemap.is_file():
        try:
            locs = [
                (el.text or "").strip()
                for el in etree.parse(str(sitemap)).getroot().iter()
                if etree.QName(el).localname == "loc"
            ]
        except etree.XMLSyntaxError:
            locs = []
        locs = [loc for loc in locs if urlsplit(loc).scheme in {"http", "https"}]
        if locs:
            return min(locs, key=len)
    return None
