"""Links: every internal link, anchor, image, script, stylesheet and download
of every page, stylesheet, feed and the sitemap must reach a file (and an
element, for a ``#fragment``) in the output.

Nothing is fetched. Addresses on another origin are external: counted, not
checked (the browser check makes sure no page *loads* anything from one).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from lxml import etree

from .problems import CheckResult, Problem
from .site import Site

NAME = "links"

# (tag, attribute) pairs that hold a URL, and what a reader would call them.
URL_ATTRIBUTES = [
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("script", "src"),
    # charts.js fetches plotly.js from here when a chart nears the viewport.
    ("script", "data-plotly"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
    ("form", "action"),
    ("blockquote", "cite"),
    ("q", "cite"),
]
META_URL_PROPERTIES = {
    "og:image",
    "og:url",
    "og:image:url",
    "og:image:secure_url",
    "twitter:image",
    "twitter:url",
}
CSS_URL = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)""", re.S)
CSS_IMPORT = re.compile(r"""@import\s+(?P<q>['"])(?P<url>.*?)(?P=q)""")
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Fragments every HTML page has without an element of that id.
IMPLICIT_FRAGMENTS = {"", "top"}


@dataclass(frozen=True)
class Reference:
    """A URL found in a file of the output."""

    source: str  # the file it is in
    url: str  # as written
    what: str  # "link", "image", "script", "stylesheet", ...
    element: str  # how it looks in the source, for the message


def run(site: Site) -> CheckResult:
    result = CheckResult(NAME)
    counts: Counter[str] = Counter()
    problems: Counter[Problem] = Counter()
    ids_cache: dict[str, set[str]] = {}
    checked_css: set[str] = set()

    def references() -> Iterator[Reference]:
        for page in site.html_pages:
            counts["pages"] += 1
            yield from html_references(site, page)
        for xml_file in site.xml_files:
            counts["feeds and sitemaps"] += 1
            yield from xml_references(site, xml_file)
        yield from robots_references(site)

    pending = deque(references())
    while pending:
        ref = pending.popleft()
        base = site.address(ref.source)
        target = site.classify(ref.url, base)
        if target.kind == "external":
            counts["external (not fetched)"] += 1
            continue
        if target.kind == "other":
            if target.scheme == "javascript":
                problems[
                    Problem(
                        ref.source,
                        NAME,
                        f"A javascript: URL in {ref.element}.",
                        "The Content-Security-Policy blocks javascript: URLs: link "
                        "to a real address and put behaviour in a script file.",
                    )
                ] += 1
            continue
        counts["internal"] += 1
        if target.kind == "outside":
            problems[
                Problem(
                    ref.source,
                    NAME,
                    f"{ref.element} points outside the site: {target.url} is on the "
                    f"site's host but not under {site.public_url}/.",
                    "Link under the site's own path: use {filename} or {static} links "
                    "in Markdown, or SITEURL in templates.",
                )
            ] += 1
            continue
        found = site.file_for(target.path)
        if found is None:
            problems[missing_target(site, ref, target.path)] += 1
            continue
        if found.endswith(".css") and found not in checked_css:
            checked_css.add(found)
            counts["stylesheets followed"] += 1
            pending.extend(css_references(site, found))
        if target.fragment not in IMPLICIT_FRAGMENTS and found.endswith(".html"):
            counts["anchors"] += 1
            if found not in ids_cache:
                ids_cache[found] = element_ids(site, found)
            if target.fragment not in ids_cache[found]:
                where = "this page" if found == ref.source else site.site_path(found)
                problems[
                    Problem(
                        ref.source,
                        NAME,
                        f"Broken anchor: {ref.element} — no element with "
                        f'id="{target.fragment}" on {where}.',
                        "Link to an id that exists on that page (Markdown headings get "
                        "ids from their text; check the spelling), or add the id.",
                    )
                ] += 1
    for problem, times in sorted(problems.items()):
        if times > 1:
            problem = Problem(
                problem.page,
                problem.check,
                f"{problem.message} ({times} times)",
                problem.fix,
            )
        result.problems.append(problem)
    result.stats = dict(counts)
    return result


def missing_target(site: Site, ref: Reference, path: str) -> Problem:
    expected = path.lstrip("/")
    if path.endswith("/"):
        expected += "index.html"
    suffix = PurePosixPath(path).suffix.lower()
    what = ref.what
    if suffix == ".csv":
        what = "CSV download"
    label = {"link": "Broken link"}.get(what, f"Missing {what}")
    message = (
        f"{label}: {ref.element} — nothing in the output at {expected or 'index.html'}."
    )
    if what == "CSV download":
        fix = (
            "Put the CSV file in content/data/ (it is published under /data/), "
            "or correct the path in the chart block or link."
        )
    elif what == "image":
        fix = (
            "Put the image in content/images/ and refer to it as "
            "{static}/images/NAME, or correct the path."
        )
    elif what in {"script", "stylesheet", "icon"} or path.startswith("/theme/"):
        fix = (
            "A theme asset that is not in the output: reference it in the "
            'template as {{ SITEURL }}/{{ asset_url("css/NAME.css") }} so it is '
            "copied under its hashed name, or correct the path."
        )
    elif ref.source.endswith(".xml") or ref.source == "robots.txt":
        fix = (
            "The feed or sitemap points at a page that was not written: check "
            "the *_URL and *_SAVE_AS settings agree, then rebuild."
        )
    else:
        fix = (
            "Correct the address. In Markdown, link to a post or page with "
            "{filename}/posts/FILE.md so Pelican writes its real URL; if the "
            "page is gone, remove or replace the link."
        )
    return Problem(ref.source, NAME, message, fix)


def describe(tag: str, attribute: str, value: str, element=None) -> str:
    shown = value if len(value) <= 120 else value[:117] + "..."
    rel = ""
    if element is not None and tag == "link" and element.get("rel"):
        rel = f' rel="{element.get("rel")}"'
    return f'<{tag}{rel} {attribute}="{shown}">'


def kind_of(tag: str, element) -> str:
    if tag == "img" or (
        tag == "input" and (element.get("type") or "").lower() == "image"
    ):
        return "image"
    if tag == "script":
        return "script"
    if tag == "link":
        rel = (element.get("rel") or "").lower().split()
        if "stylesheet" in rel:
            return "stylesheet"
        if "icon" in rel or "apple-touch-icon" in rel:
            return "icon"
        if "preload" in rel or "modulepreload" in rel:
            return "preloaded file"
        return "link"
    if tag in {"source", "video", "audio", "track", "embed", "object", "iframe"}:
        return "media"
    return "link"


def srcset_urls(value: str) -> list[str]:
    urls = []
    for candidate in value.split(","):
        parts = candidate.strip().split()
        if parts:
            urls.append(parts[0])
    return urls


def html_references(site: Site, page: str) -> Iterator[Reference]:
    tree = site.parse(page)
    if tree is None:
        return
    for tag, attribute in URL_ATTRIBUTES:
        for element in tree.iter(tag):
            value = element.get(attribute)
            if value is None:
                continue
            if tag == "link" and set((element.get("rel") or "").lower().split()) & {
                "preconnect",
                "dns-prefetch",
            }:
                continue  # names an origin, loads nothing from the site
            if tag == "form" and not value.strip():
                continue
            values = srcset_urls(value) if attribute == "srcset" else [value]
            for url in values:
                yield Reference(
                    page,
                    url,
                    kind_of(tag, element),
                    describe(tag, attribute, url, element),
                )
    for element in tree.iter("meta"):
        if (element.get("http-equiv") or "").lower() == "refresh":
            # "0; url=/new/": where a redirect page sends the reader.
            match = re.search(
                r"(?i)url\s*=\s*['\"]?([^'\"]+)", element.get("content", "")
            )
            if match:
                yield Reference(
                    page,
                    match.group(1).strip(),
                    "link",
                    f'<meta http-equiv="refresh" content="{element.get("content")}">',
                )
            continue
        key = (element.get("property") or element.get("name") or "").lower()
        content = element.get("content")
        if key in META_URL_PROPERTIES and content:
            what = "image" if "image" in key else "link"
            yield Reference(
                page, content, what, f'<meta property="{key}" content="{content}">'
            )
    for element in tree.iter("use", "image"):
        value = (
            element.get("href") or element.get("xlink:href") or element.get(XLINK_HREF)
        )
        if value:
            yield Reference(page, value, "image", describe(element.tag, "href", value))
    for element in tree.iter("style"):
        for url in css_urls(element.text or ""):
            yield Reference(page, url, "image", f"url({url}) in a <style> element")
    for element in tree.xpath("//*[@style]"):
        for url in css_urls(element.get("style", "")):
            yield Reference(page, url, "image", f'url({url}) in a style="" attribute')


def css_urls(text: str) -> list[str]:
    urls = [m.group("url") for m in CSS_URL.finditer(text)]
    urls += [m.group("url") for m in CSS_IMPORT.finditer(text)]
    return [u for u in urls if u.strip() and not u.strip().startswith(("data:", "#"))]


def css_references(site: Site, stylesheet: str) -> Iterator[Reference]:
    text = (site.folder / stylesheet).read_text("utf-8", "replace")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for url in css_urls(text):
        yield Reference(
            stylesheet, url, "file referenced by the stylesheet", f"url({url})"
        )


def xml_references(site: Site, xml_file: str) -> Iterator[Reference]:
    try:
        root = etree.parse(
            str(site.folder / xml_file), etree.XMLParser(resolve_entities=False)
        ).getroot()
    except etree.XMLSyntaxError:
        return  # the feed check reports it
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        parent = element.getparent()
        parent_name = etree.QName(parent).localname if parent is not None else ""
        if name == "link" and element.get("href"):
            kind = "entry link" if parent_name == "entry" else "feed link"
            href = element.get("href")
            yield Reference(
                xml_file,
                href,
                "link",
                f'the {kind} <link rel="{element.get("rel", "alternate")}" '
                f'href="{href}">',
            )
        elif name == "link" and parent_name in {"item", "channel"} and element.text:
            kind = "item" if parent_name == "item" else "channel"
            yield Reference(
                xml_file,
                element.text.strip(),
                "link",
                f"the {kind} <link>{element.text.strip()}</link>",
            )
        elif name == "enclosure" and element.get("url"):
            yield Reference(
                xml_file,
                element.get("url"),
                "media",
                f'<enclosure url="{element.get("url")}">',
            )
        elif name in {"icon", "logo"} and element.text:
            yield Reference(
                xml_file,
                element.text.strip(),
                "image",
                f"<{name}>{element.text.strip()}</{name}>",
            )
        elif name == "loc" and element.text:
            yield Reference(
                xml_file,
                element.text.strip(),
                "link",
                f"<loc>{element.text.strip()}</loc>",
            )


def robots_references(site: Site) -> Iterator[Reference]:
    robots = site.folder / "robots.txt"
    if not robots.is_file():
        return
    for line in robots.read_text("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            yield Reference(
                "robots.txt", value.strip(), "link", f"Sitemap: {value.strip()}"
            )


def element_ids(site: Site, page: str) -> set[str]:
    tree = site.parse(page)
    if tree is None:
        return set()
    ids = set(tree.xpath("//@id"))
    ids.update(tree.xpath("//a/@name"))
    return ids
