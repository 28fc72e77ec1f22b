"""Take out of a post what must not reach the new site, and say so.

Scripts and event handlers would not run under the site's CSP
(``script-src 'self'``) and would be a hole if they did; forms post to the
old site's PHP; <style> blocks restyle the whole page. They are removed and
listed in the report with the post. Markup HTML no longer allows (<font>,
<center>, ``align=``, ``border=``) is reduced to what it holds, so the
page validates.
"""

from __future__ import annotations

import re

from lxml import etree

from .elements import HEADINGS, remove_keeping_tail

REMOVED = {
    "script": "a <script>",
    "noscript": "a <noscript> block",
    "style": "a <style> block",
    "form": "a form",
    "input": "a form field",
    "button": "a button",
    "select": "a form field",
    "textarea": "a form field",
    "link": "a <link>",
    "meta": "a <meta>",
    "base": "a <base>",
    "frameset": "a frameset",
    "frame": "a frame",
    "applet": "an applet",
}
# Obsolete elements: replaced by their content, or by a modern equivalent.
UNWRAP = {
    "font",
    "center",
    "big",
    "blink",
    "marquee",
    "nobr",
    "span",
    "o:p",
    "basefont",
    "spacer",
}
RENAME = {
    "strike": "del",
    "s": "del",
    "tt": "code",
    "acronym": "abbr",
    "b": "strong",
    "i": "em",
    "xmp": "pre",
    "listing": "pre",
    "plaintext": "pre",
}
# Elements of HTML: anything else (a misspelt or invented tag) is unwrapped.
KNOWN = HEADINGS | frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "header",
        "hgroup",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "menu",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "html",
        "body",
        "wp-embed",
        "wp-gallery",
        "wp-media",
    ]
)
# Our own classes, and the language of a code block; WordPress's classes
# (alignleft, wp-image-12, size-medium) mean nothing to this theme.
KEPT_CLASS = re.compile(r"^(embed-card(__source)?|language-[\w+#-]+|lang-[\w+#-]+)$")
KEPT_ATTRIBUTES = {
    "*": {"id", "lang", "dir"},
    "a": {"href", "rel", "hreflang", "title"},
    "img": {"src", "alt", "title", "class"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "abbr": {"title"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "code": {"class"},
    "pre": {"class"},
    "p": {"class"},
    "span": {"class"},
    "wp-embed": {"url", "shortcode"},
    "wp-gallery": {"ids", "include"},
    "wp-media": {"kind", "src"},
}


def remove_comments(root) -> bool:
    """Drop HTML comments (block-editor markers, <!--more-->); True when the
    post was written with the block editor."""
    blocks = False
    for comment in list(root.iter(etree.Comment)):
        if re.match(r"\s*/?wp:", comment.text or ""):
            blocks = True
        remove_keeping_tail(comment)
    return blocks


def remove_unsafe(root) -> list[str]:
    """Remove scripts, styles, forms and event handlers; what was removed."""
    removed: list[str] = []
    for element in list(root.iter(*REMOVED)):
        if element.getparent() is None:
            continue
        what = REMOVED[element.tag]
        if element.tag == "script" and element.get("src"):
            what += f' (src="{element.get("src")}")'
        removed.append(what)
        remove_keeping_tail(element)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            value = element.attrib[name]
            if name.lower().startswith("on"):
                removed.append(f"a {name} handler on <{element.tag}>")
                del element.attrib[name]
            elif (
                name in {"href", "src"}
                and re.match(r"(?i)\s*(javascript|vbscript|data):", value)
                and not (
                    name == "src" and value.strip().lower().startswith("data:image/")
                )
            ):
                removed.append(f"a {value.strip()[:30]} address on <{element.tag}>")
                del element.attrib[name]
    return removed


def modernise(root) -> None:
    """Obsolete elements and attributes become valid HTML."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in RENAME:
            element.tag = RENAME[tag]
        if element.tag == "a" and element.get("id") is None and element.get("name"):
            element.set("id", element.get("name"))
        for name in list(element.attrib):
            allowed = KEPT_ATTRIBUTES["*"] | KEPT_ATTRIBUTES.get(element.tag, set())
            if name not in allowed:
                del element.attrib[name]
        classes = [c for c in element.get("class", "").split() if KEPT_CLASS.match(c)]
        if classes:
            element.set("class", " ".join(classes))
        else:
            element.attrib.pop("class", None)
    for element in list(root.iter()):
        if (
            isinstance(element.tag, str)
            and element.tag not in KNOWN
            and element.getparent() is not None
        ):
            element.drop_tag()
    for table in root.iter("table"):
        # HTML 4 put <tfoot> before <tbody>; HTML now wants it after.
        for footer in table.findall("tfoot"):
            bodies = table.findall("tbody")
            if bodies and table.index(footer) < table.index(bodies[-1]):
                table.remove(footer)
                bodies[-1].addnext(footer)
        for caption in table.findall("caption"):
            if not caption.text_content().strip() and not len(caption):
                table.remove(caption)
    for element in list(root.iter(*UNWRAP)):
        if (
            element.getparent() is not None
            and not element.get("id")
            and not element.get("class")
        ):
            element.drop_tag()
