"""Links inside posts to the old site's pages point at the new ones.

A link to an old permalink, a ``/?p=123`` address, a category or tag
archive becomes Pelican's own link (``{filename}posts/x.md``,
``{category}slug``), so Pelican writes the new URL and the site's link
check verifies it. A link to the old site that no imported item matches
is made absolute, so it still reaches the old site, and is listed.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from .addresses import AddressBook


def convert(root, book: AddressBook) -> list[str]:
    """Rewrite the links under ``root``; return the old-site links left as they were."""
    unmatched: list[str] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("{", "mailto:", "tel:", "#")):
            continue
        scheme = urlsplit(href).scheme.lower()
        if scheme and scheme not in {"http", "https"}:
            continue
        if not book.is_old_site(href) or anchor.get("data-wp-upload") is not None:
            continue
        target = book.lookup(href)
        fragment = urlsplit(href).fragment
        if target is not None:
            anchor.set("href", as_link(target) + (f"#{fragment}" if fragment else ""))
        else:
            absolute = urljoin(book.blog_url, href)
            anchor.set("href", absolute)
            unmatched.append(absolute)
    return unmatched


def as_link(target: str) -> str:
    """A redirects.txt target as a link in a post."""
    from pelican.settings import DEFAULT_CONFIG
    from pelican.utils import slugify

    substitutions = DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    for kind in ("category", "tag", "author"):
        prefix = "{" + kind + "}"
        if target.startswith(prefix):
            return prefix + slugify(target[len(prefix) :], regex_subs=substitutions)
    return target


def dead_anchors(root) -> list[str]:
    """Links to a place in the post that nothing in the post is: the link
    goes (it led nowhere on WordPress either), its text stays."""
    ids = set(root.xpath("//@id")) | set(root.xpath("//a/@name"))
    dead = []
    for anchor in list(root.iter("a")):
        href = (anchor.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            dead.append(href)
            anchor.drop_tag()
    return dead
