"""Where the HTML comments of a Markdown page are.

A chart block that Markdown leaves inside an HTML comment is commented out:
the chart must be neither drawn nor checked. Whether a ``<!--`` opens a
comment depends on where it stands: in text or raw HTML it does, inside an
attribute value or a <script> it does not, and Markdown escapes it in code
and in prose it does not treat as HTML. This scanner reads the rendered HTML
the way a browser's tokenizer would, for just that question.
"""

from __future__ import annotations

import re

TAG = re.compile(
    r"""<(?P<end>/)?(?P<name>[A-Za-z][^\s/>]*)"""
    r"""(?:[^>"']|"[^"]*"|'[^']*')*>""",
)
COMMENT_END = re.compile(r"--!?>")
# Elements whose content is text up to their end tag: no comment inside.
RAW_TEXT = frozenset(
    ("script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes")
)


def comment_spans(html: str) -> list[tuple[int, int]]:
    """(start, end) offsets of every comment in ``html``, end exclusive.

    A comment that is never closed runs to the end, as in a browser.
    """
    spans: list[tuple[int, int]] = []
    index = html.find("<")
    while 0 <= index < len(html):
        if html.startswith("<!--", index):
            end = _comment_end(html, index)
            spans.append((index, end))
            index = end
        elif _is_bogus_comment(html, index):
            end = html.find(">", index)
            end = len(html) if end < 0 else end + 1
            spans.append((index, end))
            index = end
        else:
            tag = TAG.match(html, index)
            if tag is None:
                index += 1
            elif tag["end"] is None and tag["name"].lower() in RAW_TEXT:
                index = _raw_text_end(html, tag.end(), tag["name"].lower())
            else:
                index = tag.end()
        index = html.find("<", index)
    return spans


def _is_bogus_comment(html: str, index: int) -> bool:
    """A doctype, "<?...>" or "</ x>": a (bogus) comment up to the next ">"."""
    if html.startswith(("<!", "<?"), index):
        return True
    after = html[index + 2 : index + 3]
    return html.startswith("</", index) and after != "" and not after.isalpha()


def _comment_end(html: str, start: int) -> int:
    # "<!-->" and "<!--->" are complete, empty comments.
    for short in ("<!-->", "<!--->"):
        if html.startswith(short, start):
            return start + len(short)
    close = COMMENT_END.search(html, start + 4)
    return len(html) if close is None else close.end()


def _raw_text_end(html: str, start: int, name: str) -> int:
    close = re.compile(rf"</{name}[\s/>]", re.IGNORECASE).search(html, start)
    return len(html) if close is None else close.start()


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
