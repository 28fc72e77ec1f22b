"""Code blocks and tables in posts can be scrolled from the keyboard.

A code block with a long line, or a table wider than a phone, scrolls
sideways inside the column (theme/static/css/site.css) rather than widening
the page. A reader without a mouse can scroll it only when it can take
focus; axe's ``scrollable-region-focusable`` fails a page where it cannot.
Which blocks overflow depends on the reader's screen, so every ``<pre>`` and
``<table>`` of a post's Markdown (raw HTML included) takes ``tabindex="0"``.
Chart tables are drawn later, in their own focusable box (plugins/charts).
"""

from __future__ import annotations

import re

from markdown import Extension
from markdown.postprocessors import Postprocessor
from pelican import signals

# An opening tag that does not set its own tabindex.
OPENING_TAG = re.compile(r"<(pre|table)\b(?![^>]*\btabindex\s*=)", re.IGNORECASE)


class FocusableScrollers(Postprocessor):
    def run(self, text: str) -> str:
        return OPENING_TAG.sub(r'<\1 tabindex="0"', text)


class KeyboardScrollExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API name)
        # 25: after raw_html (30), so the author's raw <pre> and <table> are
        # in the text too; code blocks are escaped by then, so a "<pre"
        # written inside one reads "&lt;pre" and is left alone.
        md.postprocessors.register(FocusableScrollers(md), "keyboard_scroll", 25)


def add_extension(pelican) -> None:
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, KeyboardScrollExtension) for e in extensions):
        extensions.append(KeyboardScrollExtension())


def register() -> None:
    signals.initialized.connect(add_extension)
