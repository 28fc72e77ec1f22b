"""Pelican's typography (typogrify), applied where the reader can cache it.

Pelican runs typogrify after its content cache, on every post, on every
build; for a thousand posts that was most of a rebuild. The reader applies
the very same filters, with Pelican's settings and semantics
(TYPOGRIFY_IGNORE_TAGS, TYPOGRIFY_OMIT_FILTERS, TYPOGRIFY_DASHES), and
Pelican's own pass is switched off (see configure()).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Set on the settings when typography moves into the reader.
IN_READER = "TYPOGRIFY_IN_READER"
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def move_into_reader(settings: dict) -> None:
    """Switch Pelican's own pass off and note that the reader does it."""
    if settings.get("TYPOGRIFY"):
        settings["TYPOGRIFY"] = False
        settings[IN_READER] = True


def typography_filter(settings: dict) -> Callable[[str], str] | None:
    """Pelican's typogrify call, with Pelican's options, as one function;
    None when the site asks for no typography."""
    if not settings.get(IN_READER):
        return None
    import smartypants
    from typogrify.filters import typogrify

    from .smartypants_guards import install

    install()  # the same output, about half the time (see that module)
    # typogrify calls smartypants with its default attributes: set them as
    # Pelican does (TYPOGRIFY_DASHES; &quot; entities become curly quotes).
    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    if dashes == "oldschool":
        smartypants.Attr.default = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        smartypants.Attr.default = smartypants.Attr.set3
    else:
        smartypants.Attr.default = smartypants.Attr.set1
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def apply(text: str) -> str:
        if "<!--" not in text:
            return typogrify(text, ignore, **omit)
        return keeping_comments(text, lambda html: typogrify(html, ignore, **omit))

    return apply


def keeping_comments(html: str, typeset: Callable[[str], str]) -> str:
    """``typeset(html)`` with every HTML comment left exactly as written.

    typogrify reads a comment that holds a tag or ``--`` as text: it turns
    ``<!--`` into ``<!–`` and so opens the comment up, and whatever an author
    commented out (a paragraph, a code block) shows on the page. Each
    comment waits outside as a placeholder tag, which typogrify leaves
    alone, and is put back afterwards.
    """
    comments: list[str] = []
    prefix = "x-comment"
    while f"<{prefix}-" in html:  # never mistake the author's own markup
        prefix += "x"

    def hide(match: re.Match) -> str:
        comments.append(match.group(0))
        return f"<{prefix}-{len(comments) - 1}>"

    typeset_html = typeset(COMMENT.sub(hide, html))
    return re.sub(
        rf"<{prefix}-(\d+)>", lambda m: comments[int(m.group(1))], typeset_html
    )
