"""A post's default summary, made safe to show beside other posts' summaries.

A summary is the start of a post's HTML, shown on the home, tag, category,
author and month pages and in feeds, next to other summaries. What is fine
once, in the post, breaks there: two posts that open with the same heading
repeat its id on every page that lists both; an embed near the top of a
post loads on every listing; a footnote reference points at a footnote the
listing does not have. So a summary keeps the prose and loses:

- every id and name, and the attributes that refer to ids (``for``,
  ``headers``, ``aria-labelledby``...), which would point nowhere;
- embeds, interactive and hidden parts: iframes, objects, video, audio,
  scripts, styles, forms and their controls, ``<details>``, SVG, anything
  ``hidden`` (a chart block's placeholder), footnotes, tables of contents;
  a ``<figure>`` goes with the embed it framed;
- links within the post (``href="#..."``), whose targets are not on the
  listing: their text stays;
- its headings, which become bold paragraphs: on a listing the post's title
  is the heading, and a "Key takeaways" h2 would sit beside it as if it
  were another post (and an h1 would be the page's second); likewise its
  sections and landmarks (an exported post's ``<article>``, ``<main>``,
  ``<header>``...), of which only the content stays.

The HTML is parsed with lxml, so a cut through an element never leaves half
of it, and written back here: lxml's own HTML writer percent-encodes URLs,
which would change every link (``{filename}`` ones included) on the way.
"""

from __future__ import annotations

import re
from html import escape

from lxml import etree
from lxml import html as lxml_html
from pelican.utils import truncate_html_paragraphs, truncate_html_words

DROPPED = frozenset(
    {
        "applet",
        "audio",
        "base",
        "button",
        "canvas",
        "datalist",
        "details",
        "dialog",
        "embed",
        "fieldset",
        "form",
        "frame",
        "frameset",
        "iframe",
        "input",
        "label",
        "link",
        "map",
        "meta",
        "noscript",
        "object",
        "portal",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
        "video",
    }
)
EMBEDS = frozenset(
    {"applet", "audio", "canvas", "embed", "iframe", "object", "svg", "video"}
)
# Python-Markdown's footnotes and [TOC]; docutils' footnotes and contents.
NOT_SUMMARY_CLASSES = frozenset(
    {
        "contents",
        "footnote",
        "footnote-backref",
        "footnote-ref",
        "footnote-reference",
        "footnotes",
        "toc",
    }
)
# How much of a long post's HTML is parsed first for its summary.
START_CHARACTERS = 2000
START_CHARACTERS_PER_WORD = 30
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
SECTIONS = ("article", "aside", "footer", "header", "hgroup", "main", "nav", "section")
REFERENCES = frozenset(
    {
        "id",
        "name",
        "for",
        "form",
        "headers",
        "list",
        "usemap",
        "popovertarget",
        "aria-activedescendant",
        "aria-controls",
        "aria-describedby",
        "aria-details",
        "aria-errormessage",
        "aria-flowto",
        "aria-labelledby",
        "aria-owns",
    }
)
# Containers that mean nothing once what they held is gone.
EMPTY_WHEN_BARE = frozenset({"a", "p", "div", "figure", "sup", "span"})
NAME = re.compile(r"[A-Za-z][A-Za-z0-9_:.-]*\Z")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
    | {"source", "track", "wbr"}
)


def default_summary(markup: str, settings: dict) -> str:
    """The first SUMMARY_MAX_LENGTH words of the listing-safe body, cut as
    Pelican cuts them (SUMMARY_MAX_PARAGRAPHS, SUMMARY_END_SUFFIX)."""
    paragraphs = settings.get("SUMMARY_MAX_PARAGRAPHS")
    if paragraphs is not None:
        markup = truncate_html_paragraphs(markup, paragraphs)
    length = settings.get("SUMMARY_MAX_LENGTH")
    if length is None:
        return listing_safe(markup)
    suffix = settings.get("SUMMARY_END_SUFFIX", "…")
    # Only the start of a post is ever shown: parse that much first (cut
    # after a tag, never inside one), and all of it only when the start
    # holds too few words of prose.
    end = markup.rfind(
        ">", 0, max(START_CHARACTERS, length * START_CHARACTERS_PER_WORD)
    )
    if end != -1 and end + 1 < len(markup):
        prose = listing_safe(markup[: end + 1])
        summary = truncate_html_words(prose, length, suffix)
        if summary != prose:  # cut: the start held enough words
            return summary
    return truncate_html_words(listing_safe(markup), length, suffix)


def listing_safe(markup: str) -> str:
    """The prose of an HTML fragment, fit to appear many times on one page."""
    if not markup or not markup.strip():
        return ""
    root = lxml_html.fragment_fromstring(markup, create_parent="div")
    for node in _not_shown(root):
        _remove(_enclosing(node))
    for link in list(root.iter("a")):
        if link.get("href", "").startswith("#"):
            link.drop_tag()
    for element in root.iter(etree.Element):
        if element.attrib:
            for name in REFERENCES.intersection(element.attrib):
                del element.attrib[name]
    for heading in list(root.iter(*HEADINGS)):
        _to_paragraph(heading)
    for section in list(root.iter(*SECTIONS)):
        section.drop_tag()
    # Broken markup, once unwrapped, can nest a link in a link or a
    # paragraph in a paragraph, which a browser would not read back as is.
    for tag in ("a", "p"):
        for nested in list(root.iter(tag)):
            if next(nested.iterancestors(tag), None) is not None:
                nested.drop_tag()
    for element in reversed(list(root.iter(*EMPTY_WHEN_BARE))):
        if element is not root and _bare(element):
            _remove(element)
    return _inner_html(root).lstrip()


def _not_shown(root) -> list:
    """Comments, and the elements a summary leaves out."""
    found = list(root.iter(etree.Comment, etree.ProcessingInstruction))
    for element in root.iter(etree.Element):
        if (
            element.tag in DROPPED
            or "hidden" in element.attrib
            or not NOT_SUMMARY_CLASSES.isdisjoint(element.get("class", "").split())
        ):
            found.append(element)
    return found


def _enclosing(node):
    """What goes with an unwanted node: the figure that framed an embed, the
    <sup> that held only a footnote reference."""
    parent = node.getparent()
    if parent is None or not isinstance(node.tag, str):
        return node
    if parent.tag == "figure" and node.tag in EMBEDS:
        return parent
    if parent.tag == "sup" and len(parent) == 1 and not (parent.text or "").strip():
        return parent
    return node


def _remove(node) -> None:
    """Remove a node and its subtree, keeping the text that followed it."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail or ""
    previous = node.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def _to_paragraph(heading) -> None:
    """<h2>x</h2> -> <p><strong>x</strong></p>."""
    strong = lxml_html.Element("strong")
    strong.text, heading.text = heading.text, None
    for child in list(heading):
        strong.append(child)
    heading.append(strong)
    heading.tag = "p"


def _bare(element) -> bool:
    """No text, and nothing shown without text (an image, a rule, maths)."""
    if element.text_content().strip():
        return False
    return next(element.iter("img", "picture", "math", "hr"), None) is None


def _inner_html(root) -> str:
    parts = [escape(root.text or "", quote=False)]
    for child in root:
        _write(child, parts)
    return "".join(parts)


def _write(element, parts: list[str]) -> None:
    """An element as HTML; one whose name a broken tag garbled (``<b<``)
    as its content alone."""
    named = NAME.match(element.tag) is not None
    if named:
        attributes = "".join(
            f' {name}="{escape(value, quote=True)}"'
            for name, value in element.attrib.items()
            if NAME.match(name)
        )
        parts.append(f"<{element.tag}{attributes}>")
    if element.tag not in VOID:
        parts.append(escape(element.text or "", quote=False))
        for child in element:
            _write(child, parts)
        if named:
            parts.append(f"</{element.tag}>")
    parts.append(escape(element.tail or "", quote=False))
