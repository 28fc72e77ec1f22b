"""Images and other uploads: copied from a local copy of wp-content/uploads
into content/images/, and linked with {static}; never hot-linked.

An upload's address says where it is under wp-content/uploads, whatever host
served it: ``https://old.example/wp-content/uploads/2009/10/x.jpg``,
``https://old.files.wordpress.com/2009/10/x.jpg`` (WordPress.com),
``https://i0.wp.com/old.example/wp-content/uploads/...`` (Jetpack's CDN).
WordPress links resized copies (``x-300x200.jpg``, ``x-scaled.jpg``); when the
copy is not there, the original is used.

An image that cannot be found becomes a plain link to where it was, so
nothing is loaded from the old host and the reader can still reach it; it
is listed in the report, with the post that shows it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from lxml import html

from .embeds import lift_out

IMAGE_SUFFIXES = {
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".webp",
    ".svg",
    ".avif",
    ".bmp",
    ".ico",
}
RESIZED = [
    re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)"),
    re.compile(r"-scaled(?=\.[A-Za-z0-9]+$)"),
    re.compile(r"-e\d{10,}(?=\.[A-Za-z0-9]+$)"),
    re.compile(r"-rotated(?=\.[A-Za-z0-9]+$)"),
]
WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
FOLDER = "images"


@dataclass(frozen=True)
class Attachment:
    id: int
    url: str
    file: str  # relative to wp-content/uploads
    alt: str
    title: str
    caption: str
    parent: int


@dataclass
class Found:
    """What became of the uploads one post refers to."""

    copies: dict[str, Path] = field(default_factory=dict)  # content path -> source
    # upload paths found under another name (a resized copy's original)
    renamed: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # addresses not found
    without_alt: list[str] = field(default_factory=list)  # content paths


class Uploads:
    """Where the export's uploads are, and which of them the copy holds."""

    def __init__(
        self,
        folder: Path | None,
        hosts: set[str],
        blog_url: str,
        attachments: list[Attachment],
    ) -> None:
        self.folder = Path(folder) if folder else None
        self.hosts = hosts
        self.blog_url = blog_url.rstrip("/") + "/"
        self.by_id = {a.id: a for a in attachments}
        self.by_file = {a.file: a for a in attachments if a.file}

    def relative(self, url: str) -> str | None:
        """The path under wp-content/uploads an address names, or None."""
        url = url.strip()
        if not url or url.startswith(("data:", "#", "mailto:")):
            return None
        absolute = urljoin(self.blog_url, url)
        parts = urlsplit(absolute)
        host = (parts.hostname or "").lower()
        path = unquote(parts.path)
        marker = "/wp-content/uploads/"
        if marker in path:
            return path.split(marker, 1)[1] or None
        if host.endswith(".files.wordpress.com"):
            return path.lstrip("/") or None
        if host in self.hosts and path.startswith("/files/"):  # old multisite
            return path[len("/files/") :] or None
        return None

    def locate(self, relative: str) -> tuple[str, Path] | None:
        """The upload itself, or the original a resized copy was made from."""
        if self.folder is None:
            return None
        candidates = [relative]
        for pattern in RESIZED:
            for known in list(candidates):
                smaller = pattern.sub("", known)
                if smaller not in candidates:
                    candidates.append(smaller)
        for candidate in candidates:
            clean = posixpath.normpath(candidate)
            if clean.startswith(("../", "/")) or clean == "..":
                return None
            path = self.folder / clean
            try:
                inside = path.resolve().is_relative_to(self.folder.resolve())
            except OSError:
                inside = False
            if inside and path.is_file():
                return clean, path
        return None

    def attachment_for(self, element) -> Attachment | None:
        match = WP_IMAGE_CLASS.search(element.get("class", ""))
        if match and int(match.group(1)) in self.by_id:
            return self.by_id[int(match.group(1))]
        relative = self.relative(element.get("src", ""))
        if relative:
            for candidate in (relative, *(p.sub("", relative) for p in RESIZED)):
                if candidate in self.by_file:
                    return self.by_file[candidate]
        return None

    def static_link(self, url: str, found: Found) -> str | None:
        """{static}/images/... for an upload the copy holds (and plan its copy)."""
        relative = self.relative(url)
        if relative is None:
            return None
        located = self.locate(relative)
        if located is None:
            return None
        clean, source = located
        if clean != relative:
            found.renamed[relative] = clean
        target = f"{FOLDER}/{clean}"
        found.copies[target] = source
        return "{static}/" + target

    def absolute(self, url: str) -> str:
        return urljoin(self.blog_url, url.strip())


def pretty_name(url: str) -> str:
    stem = PurePosixPath(unquote(urlsplit(url).path)).stem
    for pattern in RESIZED:
        stem = pattern.sub("", stem + ".x")[:-2]
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Image"


def is_filename_like(text: str) -> bool:
    return bool(
        re.fullmatch(
            r"(?i)(img|dsc|dscn|screenshot|image|photo)?[\s_-]*[\w-]*\d[\w-]*(\.\w+)?",
            text.strip(),
        )
    )


def alt_text(element, attachment: Attachment | None, caption: str) -> tuple[str, bool]:
    """The image's description, and whether WordPress had one."""
    alt = (element.get("alt") or "").strip()
    if alt:
        return alt, True
    if attachment and attachment.alt.strip():
        return attachment.alt.strip(), True
    if caption:
        return caption, True
    title = (element.get("title") or "").strip() or (
        attachment.title.strip() if attachment else ""
    )
    if title and not is_filename_like(title):
        return title, False
    return pretty_name(element.get("src", "")), False


def convert(root, uploads: Uploads) -> Found:
    """Point every image and every link to an upload at its copy."""
    found = Found()
    for image in list(root.iter("img")):
        source = image.get("src") or image.get("data-src") or ""
        for attribute in (
            "srcset",
            "sizes",
            "data-src",
            "data-srcset",
            "loading",
            "decoding",
        ):
            image.attrib.pop(attribute, None)
        figure = next((a for a in image.iterancestors("figure")), None)
        caption = ""
        if figure is not None:
            captions = figure.findall(".//figcaption")
            caption = " ".join(captions[0].text_content().split()) if captions else ""
        attachment = uploads.attachment_for(image)
        alt, described = alt_text(image, attachment, "")
        if not described and caption:
            alt, described = caption, True
        link = uploads.static_link(source, found)
        if link is None:
            found.missing.append(
                uploads.absolute(source) if source else "(an <img> without src)"
            )
            _replace_missing(image, uploads.absolute(source) if source else "", alt)
            continue
        image.set("src", link)
        image.set("alt", alt)
        title = (image.get("title") or "").strip()
        if title and (is_filename_like(title) or title == PurePosixPath(link).stem):
            del image.attrib["title"]  # WordPress titles images with their file name
        if not described:
            found.without_alt.append(link.removeprefix("{static}/"))
    for anchor in root.iter("a"):
        href = anchor.get("href", "")
        relative = uploads.relative(href)
        if relative is None:
            continue
        link = uploads.static_link(href, found)
        anchor.set("data-wp-upload", "")  # the links step leaves it alone
        if link is not None:
            anchor.set("href", link)
        else:
            anchor.set("href", uploads.absolute(href))
            found.missing.append(uploads.absolute(href))
    return found


def _replace_missing(image, url: str, alt: str) -> None:
    """An image we do not have: a link to where it was, named by its alt text."""
    parent = image.getparent()
    label = f"Image: {alt}" if alt else "Image"
    if (
        url
        and parent is not None
        and parent.tag == "a"
        and len(parent) == 1
        and not (parent.text or "").strip()
    ):
        # Already a link (often to the full-size file): keep it, with a name.
        parent.remove(image)
        parent.text = label + (image.tail or "")
        return
    if url:
        replacement = html.Element("a")
        replacement.set("href", url)
        replacement.set("data-wp-upload", "")
        replacement.text = label
    else:
        replacement = html.Element("span")
        replacement.text = label
    replacement.tail = image.tail
    parent.replace(image, replacement)


def figures(root) -> None:
    """Figures hold their image and caption and stand alone, outside any <p>."""
    for figure in list(root.iter("figure")):
        lift_out(figure)
        for paragraph in figure.findall("p"):
            paragraph.drop_tag()
        if (
            figure.find(".//img") is None
            and figure.find(".//figcaption") is None
            and not figure.text_content().strip()
        ):
            figure.drop_tree()
