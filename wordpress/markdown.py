"""A cleaned post's HTML, written as the Markdown this site reads.

The output is Python-Markdown with the site's extensions (extra, toc), not
CommonMark: lists indent by four spaces, code blocks in lists are indented
rather than fenced, ``{`` is escaped (attr_list would read ``{...}`` at a
line's end), and raw HTML is used only where Markdown has no word for it
(figures, tables, embed cards) and only at the top level, the one place
Python-Markdown passes it through. Converting HTML that Python-Markdown
wrote and reading it back gives the same HTML
(tests/test_wordpress_markdown.py).
"""

from __future__ import annotations

import re

from lxml import html

from .elements import BLOCKS, SECTIONS

# Kept as they are, at the top level: Markdown has no form for them.
RAW = frozenset(["figure", "table", "details", "video", "audio", "address"])
# Wrappers without meaning of their own: only what they hold is written.
UNWRAPPED = SECTIONS | frozenset(["hgroup", "menu"])
INLINE_RAW = frozenset(
    [
        "sup",
        "sub",
        "del",
        "ins",
        "u",
        "mark",
        "abbr",
        "q",
        "small",
        "kbd",
        "samp",
        "var",
        "dfn",
        "cite",
        "time",
        "bdi",
        "bdo",
        "s",
    ]
)
EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
LISTS = frozenset({"ul", "ol", "dl"})
LIST_STARTS = ("- ", *(f"{n}." for n in range(10)))
WHITESPACE = re.compile(r"[ \t\n\r\f\v]+")
LINE_START = [
    (re.compile(r"^(#)"), r"\\\1"),
    (re.compile(r"^(>)"), r"\\\1"),
    (re.compile(r"^([-+])(?=\s|$)"), r"\\\1"),
    (re.compile(r"^(\d+)\.(?=\s|$)"), r"\1\\."),
    (re.compile(r"^(=+\s*)$"), lambda m: "&#61;" + m.group(1)[1:]),
    (re.compile(r"^:(?=\s)"), "&#58;"),
    (re.compile(r"^(~~~)"), r"&#126;~~"),
]


def to_markdown(root) -> str:
    """The Markdown for the children of ``root`` (a container element)."""
    return "\n\n".join(blocks(root, depth=0)).strip() + "\n"


# --- blocks ---------------------------------------------------------------


def blocks(container, depth: int) -> list[str]:
    out: list[str] = []
    run: list = []
    if container.text and container.text.strip():
        run.append(container.text)
    for child in container:
        if not isinstance(child.tag, str):
            if child.tail and child.tail.strip():
                run.append(child.tail)
            continue
        if child.tag in BLOCKS:
            _paragraph(run, out)
            run = []
            written = [b for b in block(child, depth) if b.strip()]
            if (
                written
                and child.tag in LISTS
                and out
                and out[-1].startswith(LIST_STARTS)
            ):
                # Markdown joins two lists in a row into one: keep them apart.
                out.append("<!-- -->")
            out.extend(written)
            if child.tail and child.tail.strip():
                run.append(child.tail)
        else:
            run.append(child)
            if child.tail:
                run.append(child.tail)
    _paragraph(run, out)
    return [b for b in out if b.strip()]


def _paragraph(run: list, out: list[str]) -> None:
    if not run:
        return
    text = inline_run(run).strip()
    if text:
        out.append(line_starts(text))


def block(element, depth: int) -> list[str]:
    tag = element.tag
    if tag == "p":
        if "embed-card" in element.get("class", "").split():
            return [raw(element)] if depth == 0 else [card_text(element)]
        text = inline(element).strip()
        return [line_starts(text)] if text else []
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        text = " ".join(inline(element).replace("<br>\n", " ").split())
        if not text:
            return []
        level = int(tag[1])
        text = re.sub(r"#+$", lambda m: "\\#" * len(m.group()), text)
        anchor = element.get("id")
        suffix = (
            f" {{: #{anchor} }}"
            if anchor and re.fullmatch(r"[A-Za-z][\w.:-]*", anchor)
            else ""
        )
        return ["#" * level + " " + text + suffix]
    if tag in {"ul", "ol"}:
        return [list_block(element, depth)]
    if tag == "dl":
        if depth == 0:
            return [raw(element)]
        written = definition_list(element, depth)
        if written is None:
            return [raw(element)] if depth == 0 else blocks(element, depth)
        return [written]
    if tag == "blockquote":
        inner = "\n\n".join(blocks(element, depth + 1))
        if not inner.strip():
            return []
        return ["\n".join(("> " + line).rstrip() for line in inner.split("\n"))]
    if tag == "pre":
        return [code_block(element, depth)]
    if tag == "hr":
        return ["* * *"]
    if tag in UNWRAPPED:
        return blocks(element, depth)
    if tag == "figure":
        return [raw(element)] if depth == 0 else figure_text(element, depth)
    if tag in RAW:
        return [raw(element)] if depth == 0 else blocks(element, depth)
    # li, dd, dt, figcaption and the like outside their parents: their content.
    return blocks(element, depth)


def list_block(element, depth: int) -> str:
    ordered = element.tag == "ol"
    items: list = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "li":
            items.append(child)
        elif child.tag in {"ul", "ol"} and items:
            items[-1].append(child)  # a list directly in a list: WordPress's nesting
        else:
            wrapper = html.Element("li")
            wrapper.append(child)
            items.append(wrapper)
    loose = any(
        isinstance(c.tag, str) and c.tag in BLOCKS - {"ul", "ol", "dl"}
        for item in items
        for c in item
    )
    start = int(element.get("start", "1") or 1) if ordered else 1
    lines: list[str] = []
    for number, item in enumerate(items, start=start if start > 0 else 1):
        marker = f"{number}." if ordered else "-"
        parts = blocks(item, depth + 1) or ["&nbsp;"]
        body = ("\n\n" if loose else "\n").join(parts)
        indented = body.replace("\n", "\n    ")
        indented = re.sub(r"\n    (?=\n)", "\n", indented)
        lines.append(
            f"{marker} {' ' * (3 - len(marker)) if len(marker) < 3 else ''}{indented}"
        )
    return ("\n\n" if loose else "\n").join(lines)


def definition_list(element, depth: int) -> str | None:
    """Terms and definitions (Python-Markdown's def_list); None when a term
    holds blocks, which the syntax cannot."""
    parts = [c for c in element if isinstance(c.tag, str) and c.tag in {"dt", "dd"}]
    if not parts or parts[0].tag != "dt":
        return None
    if any(
        c.tag == "dt" and any(isinstance(g.tag, str) and g.tag in BLOCKS for g in c)
        for c in parts
    ):
        return None
    loose = any(
        c.tag == "dd" and any(isinstance(g.tag, str) and g.tag in BLOCKS for g in c)
        for c in parts
    )
    lines: list[str] = []
    for part in parts:
        if part.tag == "dt":
            if lines:
                lines.append("")
            lines.append(line_starts(" ".join(inline(part).split())) or "&nbsp;")
        else:
            body = ("\n\n" if loose else "\n").join(blocks(part, depth + 1)) or "&nbsp;"
            if loose:
                lines.append("")
            lines.append(":   " + re.sub(r"\n(?=[^\n])", "\n    ", body))
    # The term lines are read as a paragraph's: mark them as a list's start.
    return "\n".join(lines)


def code_block(element, depth: int) -> str:
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    code = element.text_content()
    code = re.sub(r"^\s*\n", "", code).rstrip()
    if not code.strip():
        return ""
    classes = " ".join(
        [element.get("class", "")] + [c.get("class", "") for c in element.iter("code")]
    )
    match = re.search(r"(?:language-|lang-)([\w+#-]+)", classes)
    language = match.group(1) if match else ""
    if language.lower() == "chart":
        language = ""  # a ```chart block would be drawn as a chart
    if depth > 0:
        # Python-Markdown fences nothing inside a list: indent instead.
        return "\n".join(("    " + line).rstrip() for line in code.split("\n"))
    longest = max(
        (len(m) for m in re.findall(r"^[ \t]*(`{3,}|~{3,})", code, re.M)), default=2
    )
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def figure_text(element, depth: int) -> list[str]:
    """A figure where raw HTML cannot go (in a list or a quote): its image,
    then its caption as a paragraph."""
    caption = element.find(".//figcaption")
    out = []
    if caption is not None:
        caption.getparent().remove(caption)
    out.extend(blocks(element, depth))
    if caption is not None:
        text = inline(caption).strip()
        if text:
            out.append(line_starts(text))
    return out


def card_text(element) -> str:
    link = element.find("a")
    source = element.find("span")
    text = inline_run([link]) if link is not None else ""
    if source is not None and source.text:
        text += " (" + escape(source.text) + ")"
    return text


def raw(element) -> str:
    """An element written as HTML, on as few lines as it takes."""
    markup = html.tostring(element, encoding="unicode", method="html", with_tail=False)
    return re.sub(r"\n\s*\n", "\n", markup).strip()


# --- inline ----------------------------------------------------------------


def inline(element) -> str:
    run: list = []
    if element.text:
        run.append(element.text)
    for child in element:
        run.append(child)
        if child.tail:
            run.append(child.tail)
    return inline_run(run)


def inline_run(run: list) -> str:
    out: list[str] = []
    for piece in run:
        if isinstance(piece, str):
            out.append(escape(WHITESPACE.sub(" ", piece)))
        elif isinstance(piece.tag, str):
            out.append(inline_element(piece))
    text = "".join(out)
    return re.sub(r" *<br>\n *", "<br>\n", text)


def inline_element(element) -> str:
    tag = element.tag
    if tag == "br":
        return "<br>\n"
    if tag in EMPHASIS:
        return emphasis(element, EMPHASIS[tag])
    if tag == "code":
        return code_span(element.text_content())
    if tag == "a":
        return link(element)
    if tag == "img":
        return image(element)
    if tag in INLINE_RAW:
        attributes = "".join(
            f' {k}="{html_attribute(v)}"'
            for k, v in sorted(element.attrib.items())
            if k in {"title", "datetime", "cite", "id"}
        )
        content = inline(element)
        return f"<{tag}{attributes}>{content}</{tag}>" if content.strip() else ""
    if tag == "span" and element.get("id"):
        return (
            f'<span id="{html_attribute(element.get("id"))}">{inline(element)}</span>'
        )
    if tag in BLOCKS:
        return " " + inline(element) + " "
    return inline(element)


def emphasis(element, marker: str) -> str:
    tag = "em" if marker == "*" else "strong"
    same = {"em": ("em", "i"), "strong": ("strong", "b")}[tag]
    content = inline(element)
    if any(a.tag in same for a in element.iterancestors()):
        # The same emphasis inside itself: Markdown cannot nest it.
        return f"<{tag}>{content}</{tag}>" if content.strip() else content
    stripped = content.strip()
    if not stripped:
        return content
    lead = " " if content[:1].isspace() else ""
    trail = " " if content[-1:].isspace() else ""
    if stripped.endswith("<br>"):
        return f"{lead}{marker}{stripped[:-4].rstrip()}{marker}<br>\n"
    return f"{lead}{marker}{stripped}{marker}{trail}"


def code_span(text: str) -> str:
    text = WHITESPACE.sub(" ", text)
    if not text.strip():
        return text
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def link(element) -> str:
    href = (element.get("href") or "").strip()
    content = inline(element).strip()
    anchor = element.get("id")
    if not href:
        if anchor:
            return f'<span id="{html_attribute(anchor)}"></span>' + content
        return content
    if not content:
        return ""
    title = element.get("title", "").strip()
    destination = url(href)
    if content == escape(href) and re.match(r"(?i)https?://", href) and not title:
        return f"<{destination}>"
    title_part = f' "{title}"' if title and '"' not in title else ""
    return f"[{content}]({destination}{title_part})"


def image(element) -> str:
    alt = escape(" ".join((element.get("alt") or "").split()))
    source = url(element.get("src", ""))
    title = element.get("title", "").strip()
    title_part = f' "{title}"' if title and '"' not in title else ""
    return f"![{alt}]({source}{title_part})"


def url(value: str) -> str:
    return (
        value.strip()
        .replace("\\", "%5C")
        .replace(" ", "%20")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("<", "%3C")
        .replace(">", "%3E")
        .replace('"', "%22")
        .replace("'", "%27")
    )


def html_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


# --- text ------------------------------------------------------------------


def escape(text: str) -> str:
    """Text that Python-Markdown shows exactly as it is."""
    text = text.replace("\\", "\\\\")
    text = re.sub(r"([`*\[\]{])", r"\\\1", text)
    text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)
    text = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", text)
    text = re.sub(r"<(?=[A-Za-z/!?$])", "&lt;", text)
    return text


def line_starts(text: str) -> str:
    """Escape what would start a heading, a quote or a list at a line's start."""
    lines = []
    for line in text.split("\n"):
        line = line.lstrip()
        for pattern, replacement in LINE_START:
            line = pattern.sub(replacement, line)
        if re.fullmatch(r"-{3,}\s*|(?:- ){2,}-\s*", line):
            line = "\\" + line
        lines.append(line)
    return "\n".join(lines)
