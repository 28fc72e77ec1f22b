"""WordPress's paragraph rules, applied to a parsed post.

The classic editor stores posts without <p>: WordPress adds them when it
shows a post (``wpautop``), making a paragraph of each run of text between
blank lines and a line break of each single newline. Block-editor posts
(``<!-- wp:... -->``) are stored with their markup and WordPress leaves
them alone, so this does too.

Working on the tree rather than on the text keeps every element whole: a
block element (a list, a figure, an embed) is never wrapped in a
paragraph, which is how the importer's figures stay out of <p>.
"""

from __future__ import annotations

import re

from lxml import html

from .elements import BLOCKS, SECTIONS

# Blocks as WordPress's wpautop knows them: table parts, embedded content
# and the placeholders of our shortcode step too.
BLOCK = BLOCKS | frozenset(
    [
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "colgroup",
        "col",
        "legend",
        "summary",
        "map",
        "area",
        "math",
        "style",
        "script",
        "noscript",
        "iframe",
        "object",
        "embed",
        "svg",
        "wp-embed",
        "wp-gallery",
        "wp-media",
    ]
)
# Containers whose inline content WordPress turns into paragraphs.
FLOW = SECTIONS | frozenset(["blockquote", "details"])
# Containers whose inline content stays inline unless it holds a blank line.
CELL = frozenset(
    ["li", "dd", "dt", "td", "th", "figcaption", "caption", "summary", "legend"]
)
# Nothing inside these is touched.
VERBATIM = frozenset(["pre", "script", "style", "textarea", "svg", "math", "code"])
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")
# Containers of other blocks: only their block children are looked into.
STRUCTURE = frozenset(
    ["table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "colgroup", "figure"]
)


def is_block(node) -> bool:
    return isinstance(node.tag, str) and node.tag in BLOCK


def autop(root) -> None:
    """Add WordPress's paragraphs and line breaks to ``root``'s content."""
    _paragraphs(root, wrap=True)


def _paragraphs(container, *, wrap: bool) -> None:
    pieces: list = []
    if container.text:
        pieces.append(container.text)
    for child in list(container):
        pieces.append(child)
        if child.tail:
            pieces.append(child.tail)
        child.tail = None
        container.remove(child)
    container.text = None
    wrap = wrap or any(isinstance(p, str) and BLANK_LINE.search(p) for p in pieces)
    run: list = []
    for piece in pieces:
        if isinstance(piece, str) or not is_block(piece):
            run.append(piece)
            continue
        _flush(container, run, wrap)
        run = []
        container.append(piece)
        _descend(piece)
    _flush(container, run, wrap)


def _descend(element) -> None:
    tag = element.tag
    if tag in VERBATIM:
        return
    if tag in FLOW:
        _paragraphs(element, wrap=True)
    elif tag in CELL:
        _paragraphs(element, wrap=False)
    elif tag in STRUCTURE:
        for child in element:
            if isinstance(child.tag, str) and is_block(child):
                _descend(child)
            elif isinstance(child.tag, str):
                _line_breaks(child)
    elif tag == "p" or tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        _line_breaks(element)


def _flush(container, run: list, wrap: bool) -> None:
    """Put one run of inline content back: as paragraphs split at blank
    lines, or (``wrap`` false) as it is, with its line breaks."""
    chunks: list[list] = [[]]
    for piece in run:
        if isinstance(piece, str):
            parts = BLANK_LINE.split(piece)
            chunks[-1].append(parts[0])
            for part in parts[1:]:
                chunks.append([part])
        else:
            chunks[-1].append(piece)
    for chunk in chunks:
        if _blank(chunk):
            continue
        if wrap:
            target = html.Element("p")
            container.append(target)
        else:
            target = container
        _fill(target, chunk)


def _blank(chunk: list) -> bool:
    return all(isinstance(p, str) and not p.strip() for p in chunk)


def _fill(target, chunk: list) -> None:
    """Append the chunk's text and elements to ``target``, trimmed at both
    ends, each inner newline a <br>."""
    first = next(
        i for i, p in enumerate(chunk) if not (isinstance(p, str) and not p.strip())
    )
    last = max(
        i for i, p in enumerate(chunk) if not (isinstance(p, str) and not p.strip())
    )
    for index, piece in enumerate(chunk[first : last + 1], start=first):
        if isinstance(piece, str):
            if index == first:
                piece = piece.lstrip()
            if index == last:
                piece = piece.rstrip()
            _append_text(target, piece)
        else:
            target.append(piece)
            if piece.tag not in VERBATIM:
                _line_breaks(piece)


def _append_text(target, value: str) -> None:
    lines = NEWLINE.split(value)
    _add(target, lines[0])
    for line in lines[1:]:
        target.append(_br(""))
        _add(target, line)


def _add(target, value: str) -> None:
    if not value:
        return
    if len(target):
        last = target[-1]
        last.tail = (last.tail or "") + value
    else:
        target.text = (target.text or "") + value


NEWLINE = re.compile(r"[ \t]*\r?\n[ \t]*")


def _line_breaks(element) -> None:
    """Single newlines inside inline content become <br>, as WordPress shows them."""
    if not isinstance(element.tag, str) or element.tag in VERBATIM:
        return
    if element.text and "\n" in element.text:
        parts = NEWLINE.split(element.text)
        element.text = parts[0] or None
        for offset, part in enumerate(parts[1:]):
            element.insert(offset, _br(part))
    for child in list(element):
        if child.tag == "br":
            continue
        _line_breaks(child)
        if child.tail and "\n" in child.tail:
            parts = NEWLINE.split(child.tail)
            child.tail = parts[0] or None
            index = element.index(child)
            for offset, part in enumerate(parts[1:], start=1):
                element.insert(index + offset, _br(part))


def _br(tail: str):
    br = html.Element("br")
    br.tail = tail or None
    return br
