"""Read a WordPress export (WXR): RSS 2.0 with WordPress's own elements.

WordPress has written its elements under several namespace URIs over the
years (``http://wordpress.org/export/1.0/`` to ``1.2``, ``https://`` on
WordPress.com), so elements are matched by a short prefix derived from the
URI, never by one exact URI. Only what the import uses is read: no commenter
e-mail address or IP address ever leaves this module.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

# Characters XML 1.0 forbids, which real exports sometimes carry (a form
# feed pasted into a post): removed before parsing, and counted.
FORBIDDEN_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NO_DATE = "0000-00-00 00:00:00"


class ExportError(Exception):
    """An export that cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Term:
    domain: str  # "category", "post_tag", or another taxonomy
    slug: str
    name: str


@dataclass(frozen=True)
class Comment:
    id: int
    parent: int
    author: str
    date: datetime | None  # the blog's local time, as WordPress showed it
    date_gmt: datetime | None
    content: str
    approved: str  # "1", "0" (pending), "spam", "trash", ...
    type: str  # "" or "comment", "pingback", "trackback"


@dataclass
class Item:
    """One <item>: a post, a page, an attachment, or another post type."""

    line: int
    id: int
    title: str
    link: str
    guid: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None
    date_gmt: datetime | None
    slug: str
    status: str
    type: str
    parent: int
    password: bool
    attachment_url: str
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


@dataclass(frozen=True)
class Category:
    id: int
    slug: str
    name: str
    parent: str  # the parent's slug, or ""


@dataclass
class Export:
    path: Path
    title: str
    site_url: str  # <link>: the blog's address
    base_site_url: str
    base_blog_url: str
    authors: dict[str, str]  # login -> display name
    categories: list[Category]
    tags: dict[str, str]  # slug -> name
    items: list[Item]
    removed_characters: int = 0


def prefix(namespace: str | None) -> str:
    """A short, stable prefix for the namespaces WXR files use."""
    if not namespace:
        return ""
    if "wordpress.org/export" in namespace:
        return "excerpt" if namespace.rstrip("/").endswith("excerpt") else "wp"
    if "purl.org/rss/1.0/modules/content" in namespace:
        return "content"
    if "purl.org/dc/elements" in namespace:
        return "dc"
    return "other"


def name_of(element) -> str:
    qname = etree.QName(element)
    short = prefix(qname.namespace)
    return f"{short}:{qname.localname}" if short else qname.localname


def children(element, name: str) -> list:
    return [
        child
        for child in element
        if isinstance(child.tag, str) and name_of(child) == name
    ]


def text(element, name: str) -> str:
    found = children(element, name)
    return (found[0].text or "") if found else ""


def number(value: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        return 0


def wp_date(value: str) -> datetime | None:
    value = value.strip()
    if not value or value.startswith("0000"):
        return None
    try:
        return datetime.strptime(value[:19], "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def read_export(path: Path) -> Export:
    """Parse the file; raise ExportError naming its line when it is not a WXR."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror}).") from error
    data, removed = FORBIDDEN_XML.subn(b"", data)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or 1
        raise ExportError(
            f"{path}:{line}: not well-formed XML ({error.msg}). Export the site "
            "again (Tools > Export > All content), or correct that line."
        ) from error
    channel = root.find("channel") if root.tag == "rss" else None
    if channel is None or not any(
        name_of(child).startswith("wp:")
        for child in channel
        if isinstance(child.tag, str)
    ):
        raise ExportError(
            f"{path}:1: this is not a WordPress export (no <rss><channel> with "
            "wp: elements). In WordPress, use Tools > Export > All content."
        )
    authors = {}
    for author in children(channel, "wp:author"):
        login = text(author, "wp:author_login").strip()
        display = text(author, "wp:author_display_name").strip()
        if login:
            authors[login] = display or login
    categories = [
        Category(
            number(text(c, "wp:term_id")),
            text(c, "wp:category_nicename").strip(),
            html.unescape(text(c, "wp:cat_name").strip()),
            text(c, "wp:category_parent").strip(),
        )
        for c in children(channel, "wp:category")
    ]
    tags = {
        text(t, "wp:tag_slug").strip(): html.unescape(text(t, "wp:tag_name").strip())
        for t in children(channel, "wp:tag")
    }
    return Export(
        path=Path(path),
        title=text(channel, "title").strip(),
        site_url=text(channel, "link").strip(),
        base_site_url=text(channel, "wp:base_site_url").strip(),
        base_blog_url=text(channel, "wp:base_blog_url").strip(),
        authors=authors,
        categories=categories,
        tags=tags,
        items=[read_item(item) for item in channel.iter("item")],
        removed_characters=removed,
    )


def read_item(element) -> Item:
    meta = {}
    for entry in children(element, "wp:postmeta"):
        key = text(entry, "wp:meta_key").strip()
        if key:
            meta[key] = text(entry, "wp:meta_value")
    terms = [
        Term(
            category.get("domain", ""),
            category.get("nicename", "").strip(),
            html.unescape((category.text or "").strip()),
        )
        for category in children(element, "category")
    ]
    return Item(
        line=element.sourceline or 0,
        id=number(text(element, "wp:post_id")),
        title=html.unescape(" ".join(text(element, "title").split())),
        link=text(element, "link").strip(),
        guid=text(element, "guid").strip(),
        creator=text(element, "dc:creator").strip(),
        content=text(element, "content:encoded"),
        excerpt=text(element, "excerpt:encoded"),
        date=wp_date(text(element, "wp:post_date")),
        date_gmt=wp_date(text(element, "wp:post_date_gmt")),
        slug=text(element, "wp:post_name").strip(),
        status=text(element, "wp:status").strip(),
        type=text(element, "wp:post_type").strip(),
        parent=number(text(element, "wp:post_parent")),
        password=bool(text(element, "wp:post_password").strip()),
        attachment_url=text(element, "wp:attachment_url").strip(),
        terms=terms,
        meta=meta,
        comments=[read_comment(c) for c in children(element, "wp:comment")],
    )


def read_comment(element) -> Comment:
    # Deliberately not read: wp:comment_author_email, wp:comment_author_IP,
    # wp:comment_author_url, wp:commentmeta (Akismet keeps the whole request
    # there, addresses included).
    return Comment(
        id=number(text(element, "wp:comment_id")),
        parent=number(text(element, "wp:comment_parent")),
        author=html.unescape(" ".join(text(element, "wp:comment_author").split())),
        date=wp_date(text(element, "wp:comment_date")),
        date_gmt=wp_date(text(element, "wp:comment_date_gmt")),
        content=text(element, "wp:comment_content"),
        approved=text(element, "wp:comment_approved").strip(),
        type=text(element, "wp:comment_type").strip(),
    )
