"""Groups of HTML elements, and one tree edit, that several steps of the
import share: each step once named them in a list of its own."""

from __future__ import annotations

HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Containers that group other content and mean nothing more.
SECTIONS = frozenset(
    [
        "div",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "main",
        "nav",
        "dialog",
        "fieldset",
    ]
)
# Elements that stand as blocks of a post's body, never inside a paragraph.
BLOCKS = HEADINGS | frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "video",
        "audio",
        "canvas",
    ]
)


def remove_keeping_tail(element) -> None:
    """Remove an element; the text after it stays where it was."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
