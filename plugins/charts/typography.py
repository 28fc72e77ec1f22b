"""The words of a chart, typeset by the rules the post's prose follows.

A post's HTML is typeset when it is read (plugins/cached_typography); a chart
is drawn after that, so its title, caption, source, alt text and generated
description would keep ``--`` and straight quotes. Here SmartyPants, with the
same settings (TYPOGRIFY, TYPOGRIFY_OMIT_FILTERS, TYPOGRIFY_DASHES), turns
quotes, dashes and ``...`` into “ ” ‘ ’ – — …

It takes plain text and returns plain text (characters, not entities): the
chart's markup then escapes it once, like any other text, in an element or
in an attribute. Data never passes through here: not the table, not the
figure's JSON.
"""

from __future__ import annotations

import re
from html import escape, unescape

import smartypants

# What SmartyPants changes: quotes, backticks, dashes, dots, backslash escapes.
TYPOGRAPHIC = re.compile(r"['\"`\\]|--|\.\.\.")
# TYPOGRIFY_DASHES, as Pelican reads it: "oldschool" is -- en, --- em.
DASH_STYLES = {
    "default": smartypants.Attr.set1,
    "oldschool": smartypants.Attr.set2,
    "oldschool_inverted": smartypants.Attr.set3,
}


def typography_style(settings: dict) -> str | None:
    """The site's dash style, or None when prose gets no SmartyPants."""
    # cached_typography moves TYPOGRIFY into the reader (TYPOGRIFY_IN_READER).
    enabled = settings.get("TYPOGRIFY") or settings.get("TYPOGRIFY_IN_READER")
    if not enabled or "smartypants" in settings.get("TYPOGRIFY_OMIT_FILTERS", []):
        return None
    style = settings.get("TYPOGRIFY_DASHES", "default")
    return style if style in DASH_STYLES else "default"


def typeset(text: str | None, style: str | None) -> str | None:
    """``"Q1"--"Q2"...`` -> ``“Q1”–“Q2”…`` (oldschool), as plain text."""
    if not text or style is None or not TYPOGRAPHIC.search(text):
        return text  # most descriptions: nothing to typeset, no cost
    # Escaped first, so that SmartyPants sees no tag in "a <b> c"; it then
    # writes entities, which become characters again.
    return unescape(
        smartypants.smartypants(escape(text, quote=False), DASH_STYLES[style])
    )
