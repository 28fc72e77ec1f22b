"""WordPress shortcodes: [caption] becomes a figure, embeds and galleries
become placeholders the later steps fill in, every other one is kept as
the text it is and listed.

Shortcodes are read from the post's text before it is parsed as HTML, as
WordPress reads them: ``[name attr="value" ...]``, self-closing
``[name ... /]``, or enclosing ``[name ...]content[/name]``; ``[[name]]`` is
an escaped, literal ``[name]``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

OPEN = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?=[\s\]/=])")
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"\]]+)"""
    r"""|"([^"]*)"|'([^']*)'|(\S+)"""
)
CAPTIONS = {"caption", "wp_caption"}
# Shortcodes that stand for an embedded player or post, and where their
# address is: a named attribute, or the first positional one.
EMBEDS = {
    "embed": (),
    "youtube": ("url", "id"),
    "vimeo": ("url", "id"),
    "dailymotion": ("url", "id"),
    "ted": ("url", "id"),
    "slideshare": ("url", "id"),
    "soundcloud": ("url", "id"),
    "spotify": ("url", "id"),
    "tweet": ("url", "tweet", "id"),
    "twitter": ("url", "id"),
    "instagram": ("url",),
    "facebook": ("url",),
    "flickr": ("url", "video", "photo"),
    "gist": ("url", "id"),
    "googlemaps": ("url", "src"),
    "googleapps": ("url", "src"),
    "scribd": ("url", "id"),
    "speakerdeck": ("url", "id"),
    "wpvideo": ("url", "id"),
    "archiveorg": ("url", "id"),
    "kickstarter": ("url",),
    "mixcloud": ("url",),
    "bandcamp": ("url", "track", "album"),
    "codepen": ("url",),
    "tiktok": ("url",),
}
MEDIA = {"audio", "video"}
MEDIA_SOURCES = (
    "src",
    "mp3",
    "m4a",
    "ogg",
    "wav",
    "wma",
    "mp4",
    "m4v",
    "webm",
    "ogv",
    "flv",
    "wmv",
)
# Names that look like shortcodes but are common in prose ("[sic]", "[1]").
PROSE = {"sic", "edit", "update", "updated", "note", "via", "citation", "link", "more"}


@dataclass
class Shortcode:
    name: str
    attributes: dict[str, str]
    positional: list[str]
    content: str | None
    text: str  # as written


@dataclass
class Result:
    text: str
    unknown: list[str] = field(default_factory=list)  # as written, in order


def parse_attributes(text: str) -> tuple[dict[str, str], list[str]]:
    named: dict[str, str] = {}
    positional: list[str] = []
    text = text.strip()
    if text.startswith("="):  # the WordPress.com form: [youtube=https://...]
        positional.append(html.unescape(text[1:].strip()))
        return named, positional
    for match in ATTRIBUTE.finditer(text.rstrip("/")):
        key, value = None, None
        for k, v in ((1, 2), (3, 4), (5, 6)):
            if match.group(k):
                key, value = match.group(k).lower(), match.group(v)
                break
        if key is not None:
            named[key] = html.unescape(value)
        else:
            value = next(g for g in match.group(7, 8, 9) if g is not None)
            positional.append(html.unescape(value))
    return named, positional


def find(text: str, start: int = 0):
    """The next shortcode from ``start``: (start, end, Shortcode or None for
    an escaped one), or None."""
    while True:
        match = OPEN.search(text, start)
        if match is None:
            return None
        escaped, name = match.group(1), match.group(2)
        end = _closing_bracket(text, match.end())
        if end is None:
            start = match.end()
            continue
        attributes_text = text[match.end() : end]
        if escaped:
            if text.startswith("]", end + 1):
                return match.start(), end + 2, None
            start = match.end()
            continue
        self_closing = attributes_text.rstrip().endswith("/")
        named, positional = parse_attributes(attributes_text)
        content = None
        finish = end + 1
        if not self_closing:
            closing = re.compile(r"\[/" + re.escape(name) + r"\]", re.IGNORECASE)
            nested_open = OPEN.pattern
            found = closing.search(text, end + 1)
            if found is not None and not _reopened(
                text, end + 1, found.start(), name, nested_open
            ):
                content = text[end + 1 : found.start()]
                finish = found.end()
        return (
            match.start(),
            finish,
            Shortcode(
                name.lower(), named, positional, content, text[match.start() : finish]
            ),
        )


def _reopened(text: str, start: int, stop: int, name: str, pattern: str) -> bool:
    """Whether another [name ...] opens before this one's closing tag (then
    this one is self-closing, as WordPress reads it)."""
    again = re.compile(r"\[" + re.escape(name) + r"(?=[\s\]/=])", re.IGNORECASE)
    return again.search(text, start, stop) is not None


def _closing_bracket(text: str, start: int) -> int | None:
    quote = None
    for index in range(start, min(len(text), start + 4000)):
        char = text[index]
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "]":
            return index
        elif char == "[":
            return None
    return None


def looks_like_shortcode(code: Shortcode) -> bool:
    """Whether an unknown bracketed name is worth listing: prose such as
    "[sic]" or "[Update]" is not."""
    if code.name in PROSE or code.name.isdigit():
        return False
    return bool(code.attributes or code.positional or code.content is not None) or (
        code.text[1:2].islower()
    )


def expand(text: str) -> Result:
    """Replace the shortcodes we understand; list the others."""
    out: list[str] = []
    unknown: list[str] = []
    position = 0
    while True:
        found = find(text, position)
        if found is None:
            out.append(text[position:])
            break
        start, end, code = found
        out.append(text[position:start])
        position = end
        if code is None:  # [[name]]: the literal text [name]
            out.append(text[start + 1 : end - 1])
            continue
        replacement = replace(code)
        if replacement is None:
            if looks_like_shortcode(code):
                unknown.append(
                    code.text if len(code.text) <= 80 else code.text[:77] + "..."
                )
            if code.content is not None:
                # Keep the enclosing tags as text; what they enclose goes on
                # being read (it may hold a caption or an embed).
                inner = expand(code.content)
                unknown.extend(inner.unknown)
                opening = code.text[
                    : len(code.text) - len(code.content) - len(code.name) - 3
                ]
                out.append(opening + inner.text + f"[/{code.name}]")
            else:
                out.append(code.text)
            continue
        out.append(replacement)
    return Result("".join(out), unknown)


def replace(code: Shortcode) -> str | None:
    if code.name in CAPTIONS:
        return caption(code)
    if code.name in EMBEDS:
        url = embed_url(code)
        return (
            _placeholder("wp-embed", {"url": url, "shortcode": code.name})
            if url
            else None
        )
    if code.name == "gallery":
        return _placeholder(
            "wp-gallery",
            {
                "ids": code.attributes.get("ids", ""),
                "include": code.attributes.get("include", ""),
            },
        )
    if code.name in MEDIA:
        source = next(
            (code.attributes[k] for k in MEDIA_SOURCES if code.attributes.get(k)),
            code.positional[0] if code.positional else "",
        )
        return (
            _placeholder("wp-media", {"kind": code.name, "src": source})
            if source
            else None
        )
    return None


def embed_url(code: Shortcode) -> str:
    if code.name == "embed":
        return (code.content or code.attributes.get("src", "")).strip()
    keys = EMBEDS[code.name]
    for key in keys:
        if code.attributes.get(key):
            return code.attributes[key].strip()
    if code.positional:
        return code.positional[0].strip()
    if code.content:
        return code.content.strip()
    return ""


CAPTION_IMAGE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)


def caption(code: Shortcode) -> str:
    """``[caption]<img ...> Text[/caption]``: a <figure> of the image, with
    the text (or the ``caption`` attribute) as its <figcaption>."""
    content = code.content or ""
    match = CAPTION_IMAGE.match(content)
    if match:
        image, rest = match.group(1), match.group(2)
        if re.match(r"(?is)\s*<a\b", image) and not re.search(r"(?i)</a>\s*$", image):
            image += "</a>"
    else:
        image, rest = content, ""
    text = code.attributes.get("caption", "").strip() or rest.strip()
    attachment = code.attributes.get("id", "") or code.attributes.get(
        "attachment_id", ""
    )
    attachment = re.sub(r"\D", "", attachment)
    opening = (
        f'<figure data-wp-attachment="{attachment}">' if attachment else "<figure>"
    )
    caption_html = f"<figcaption>{text}</figcaption>" if text else ""
    return f"\n\n{opening}{image}{caption_html}</figure>\n\n"


def _placeholder(tag: str, attributes: dict[str, str]) -> str:
    shown = " ".join(
        f'{k}="{html.escape(v, quote=True)}"' for k, v in attributes.items() if v
    )
    return f"\n\n<{tag} {shown}></{tag}>\n\n"
