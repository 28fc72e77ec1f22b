"""Approved comments, kept as data beside their post.

Only what a reader saw is kept: the commenter's name, the date and the
text. Spam, pending, trashed comments and pingbacks are dropped (and
counted); e-mail and IP addresses are never even read (wxr.py). The text
is plain text: the theme escapes it, so a comment can never add markup,
a link or a script to the page.

The file is ``content/posts/SLUG.comments.json``; the ``old_blog`` plugin
shows it under the post's "Leave a Reply".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime, timedelta

from lxml import html

from .elements import HEADINGS
from .wxr import Comment

KEPT_TYPES = {"", "comment"}
PARAGRAPH_END = HEADINGS | {"p", "div", "blockquote", "li", "ul", "ol", "pre"}


def select(comments: list[Comment]) -> tuple[list[Comment], Counter]:
    """The approved comments (their replies attached to the nearest kept
    ancestor), and how many of each other kind were dropped."""
    dropped: Counter = Counter()
    kept = []
    for comment in comments:
        if comment.type not in KEPT_TYPES:
            dropped[comment.type] += 1
        elif comment.approved != "1":
            dropped[
                {"0": "pending", "spam": "spam", "trash": "trash"}.get(
                    comment.approved, comment.approved or "unapproved"
                )
            ] += 1
        elif not plain_text(comment.content).strip():
            dropped["empty"] += 1
        else:
            kept.append(comment)
    ids = {c.id for c in kept}
    parents = {c.id: c.parent for c in comments}
    result = []
    for comment in kept:
        parent = comment.parent
        seen = set()
        while parent and parent not in ids and parent in parents and parent not in seen:
            seen.add(parent)
            parent = parents[parent]
        if parent not in ids:
            parent = 0
        result.append(Comment(**{**comment.__dict__, "parent": parent}))
    result.sort(key=lambda c: (c.date or c.date_gmt or datetime.min, c.id))
    return result, dropped


def plain_text(content: str) -> str:
    """A comment as WordPress showed it, as text: paragraphs apart, line
    breaks kept, markup gone."""
    content = content.replace("\r\n", "\n")
    if "<" in content and re.search(r"<[A-Za-z/!]", content):
        root = html.fragment_fromstring(content, create_parent="div")
        for br in root.iter("br"):
            br.tail = "\n" + (br.tail or "")
        for element in root.iter(*PARAGRAPH_END):
            element.tail = "\n\n" + (element.tail or "")
        text = root.text_content()
    else:
        import html as entities

        text = entities.unescape(content)
    paragraphs = [
        "\n".join(" ".join(line.split()) for line in block.strip().split("\n"))
        for block in re.split(r"\n\s*\n", text)
    ]
    return "\n\n".join(p for p in paragraphs if p.strip())


def iso_date(comment: Comment) -> str:
    """The date WordPress showed, with the blog's UTC offset when known."""
    if comment.date is None and comment.date_gmt is None:
        return ""
    if comment.date is None:
        return comment.date_gmt.isoformat() + "+00:00"
    if comment.date_gmt is None:
        return comment.date.isoformat()
    offset = comment.date - comment.date_gmt
    minutes = round(offset / timedelta(minutes=15)) * 15
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return comment.date.isoformat() + f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def sidecar(comments: list[Comment]) -> str:
    data = {
        "comments": [
            {
                "id": c.id,
                "parent": c.parent,
                "author": c.author or "Anonymous",
                "date": iso_date(c),
                "text": plain_text(c.content),
            }
            for c in comments
        ]
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
