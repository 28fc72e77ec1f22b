"""The import, step by step: read the export, decide each item's file,
convert each body, write everything through the SafeWriter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify

from . import autop, cleanup, comments, embeds, images, links, shortcodes
from .addresses import AddressBook, hosts_of, normal_path, redirects_text
from .files import SafeWriter
from .markdown import to_markdown
from .report import Report
from .wxr import Export, Item, read_export


def slugify(text: str) -> str:
    """A name's slug as Pelican makes it with its default substitutions."""
    return pelican_slugify(text, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])


EMBEDDED = re.compile(
    r"(?i)<(img|iframe|embed|object|video|audio)\b|\[(caption|embed|gallery|youtube|vimeo|audio|video)\b"
)


def is_empty(item: Item) -> bool:
    """Nothing a reader would see: no text, no image, no embed."""
    if EMBEDDED.search(item.content):
        return False
    text = re.sub(r"<[^>]*>|&nbsp;|&#160;", " ", item.content)
    return not text.strip()


DRAFT_STATUSES = {"draft", "pending", "future"}
SKIPPED_STATUSES = {
    "private": "private on WordPress",
    "trash": "in the trash",
    "auto-draft": "an unsaved automatic draft",
    "inherit": "a revision",
}
REDIRECTS_FILE = "redirects.txt"
TAG_DOMAINS = {"post_tag", "tag"}


@dataclass
class Options:
    export: Path
    content: Path
    uploads: Path | None = None
    keep_original_link: bool = False
    force: bool = False
    dry_run: bool = False
    post_types: tuple[str, ...] = ("post", "page")
    feed_path: str = "/feeds/all.atom.xml"
    category_feed: str = "/feeds/category/{slug}.atom.xml"
    tag_feed: str = "/feeds/tag/{slug}.atom.xml"
    # Addresses this site uses for its own pages: never redirected away.
    reserved: tuple[str, ...] = (
        "/",
        "/tags/",
        "/categories/",
        "/authors/",
        "/archives/",
    )


@dataclass
class Entry:
    """One item to import, once its file is decided."""

    item: Item
    kind: str  # "post" or "page"
    slug: str
    path: str  # relative to content/
    title: str
    draft: bool
    category: str = ""
    tags: list[str] = field(default_factory=list)


def import_wordpress(options: Options) -> Report:
    export = read_export(options.export)
    report = Report(str(options.export), dry_run=options.dry_run)
    where = lambda item: f"{options.export.name}:{item.line}"  # noqa: E731
    if export.removed_characters:
        report.add(
            "notes",
            f"{export.removed_characters} control characters XML does not allow were "
            "removed from the export before reading it",
        )
    blog_url = export.base_blog_url or export.site_url or export.base_site_url
    hosts = hosts_of(blog_url, export.base_site_url, export.site_url)
    attachments = [
        images.Attachment(
            id=item.id,
            url=item.attachment_url,
            file=item.meta.get("_wp_attached_file", "").strip(),
            alt=item.meta.get("_wp_attachment_image_alt", ""),
            title=item.title,
            caption=item.excerpt,
            parent=item.parent,
        )
        for item in export.items
        if item.type == "attachment"
    ]
    uploads = images.Uploads(options.uploads, hosts, blog_url, attachments)
    entries = choose(export, options, report, where)
    book = address_book(
        export, entries, attachments, uploads, options, blog_url, hosts, report
    )
    writer = SafeWriter(options.content, force=options.force, dry_run=options.dry_run)
    report.plan = writer.plan
    copies: dict[str, Path] = {}
    renamed: dict[str, str] = {}
    for entry in entries:
        body, found = convert_body(entry, export, uploads, book, report)
        if not body.strip():
            report.add(
                "not_published",
                f"{where(entry.item)}: {entry.kind} {entry.title!r} holds nothing a "
                "reader would see once its shortcodes and scripts are gone",
            )
            continue
        copies.update(found.copies)
        renamed.update(found.renamed)
        text = header(entry, export, options) + "\n" + body
        writer.write(entry.path, text.encode("utf-8"))
        report.counts["pages" if entry.kind == "page" else "posts"] += 1
        if entry.draft and entry.kind == "post":
            report.counts["drafts"] += 1
        kept, dropped = comments.select(entry.item.comments)
        report.counts["dropped_comments"] += sum(dropped.values())
        if kept and entry.kind == "post":
            sidecar = entry.path.removesuffix(".md") + ".comments.json"
            writer.write(sidecar, comments.sidecar(kept).encode("utf-8"))
            report.counts["comments"] += len(kept)
        elif kept:
            report.add(
                "notes",
                f"content/{entry.path}: {len(kept)} comment(s) on a page are not shown "
                '(pages have no "Leave a Reply"); they are in the export',
            )
    for target, source in sorted(copies.items()):
        writer.copy(target, source)
        report.counts["files"] += 1
    # A resized copy the uploads did not hold is its original now.
    for old, new in sorted(renamed.items()):
        book.add(f"/wp-content/uploads/{old}", f"/{images.FOLDER}/{new}")
    book.lines.sort(key=lambda line: line[0].endswith("*"))  # patterns last
    report.counts["addresses"] = len(book.lines)
    writer.write(
        REDIRECTS_FILE, redirects_text(book, options.export.name).encode("utf-8")
    )
    for path in writer.plan.paths("keep"):
        report.add("kept", f"content/{path}")
    writer.finish()
    return report


# --- which items, in which files ------------------------------------------------


def choose(export: Export, options: Options, report: Report, where) -> list[Entry]:
    entries: list[Entry] = []
    used: dict[str, set[str]] = {"posts": set(), "pages": set()}
    skipped_types: dict[str, int] = {}
    for item in export.items:
        if item.type == "attachment":
            continue
        if item.type not in options.post_types:
            skipped_types[item.type] = skipped_types.get(item.type, 0) + 1
            continue
        label = f"{where(item)}: {item.type} {item.title or '(no title)'!r}"
        if item.status in SKIPPED_STATUSES:
            if item.status != "inherit":
                report.add(
                    "not_published", f"{label} is {SKIPPED_STATUSES[item.status]}"
                )
            continue
        if item.password:
            report.add("not_published", f"{label} is password-protected on WordPress")
            continue
        draft = item.status in DRAFT_STATUSES
        if is_empty(item):
            report.add("not_published", f"{label} is empty")
            continue
        if item.status not in DRAFT_STATUSES | {"publish"}:
            report.add(
                "not_published", f"{label} has the unknown status {item.status!r}"
            )
            continue
        title = item.title.strip()
        if not title:
            title = untitled(item)
            report.add(
                "notes",
                f"{where(item)}: a {item.status} without a title, titled {title!r}",
            )
        kind = "page" if item.type == "page" else "post"
        folder = "pages" if kind == "page" else "posts"
        slug = unquote(item.slug).strip() or slugify(title) or f"{kind}-{item.id}"
        slug = (
            re.sub(r"[^\w.-]+", "-", slug, flags=re.UNICODE).strip("-.")
            or f"{kind}-{item.id}"
        )
        unique = slug
        number = 2
        while unique.lower() in used[folder]:
            unique = f"{slug}-{number}"
            number += 1
        used[folder].add(unique.lower())
        entry = Entry(item, kind, unique, f"{folder}/{unique}.md", title, draft)
        if kind == "post":
            entry.category, entry.tags = taxonomy(item, export, report, where)
        entries.append(entry)
    for post_type, count in sorted(skipped_types.items()):
        if post_type in {
            "revision",
            "nav_menu_item",
            "customize_changeset",
            "oembed_cache",
            "custom_css",
            "wp_global_styles",
            "wp_navigation",
            "wp_template",
            "wp_template_part",
            "user_request",
            "wp_font_face",
            "wp_font_family",
        }:
            continue
        report.add(
            "not_published",
            f"{count} item(s) of the post type {post_type!r} (import them as "
            f"posts with --post-types post,page,{post_type})",
        )
    return entries


def untitled(item: Item) -> str:
    text = " ".join(re.sub(r"<[^>]+>", " ", item.content).split())
    words = text.split()[:8]
    return (
        (" ".join(words) + ("…" if len(text.split()) > 8 else ""))
        if words
        else f"Untitled {item.id}"
    )


def taxonomy(
    item: Item, export: Export, report: Report, where
) -> tuple[str, list[str]]:
    """Pelican gives a post one category: the first that is not
    Uncategorized; the others become tags, so nothing is lost."""
    # WXR 1.0 (WordPress 2.x) says domain="tag"; later exports "post_tag".
    categories = list(
        dict.fromkeys(t.name for t in item.terms if t.domain == "category" and t.name)
    )
    tags = list(
        dict.fromkeys(t.name for t in item.terms if t.domain in TAG_DOMAINS and t.name)
    )
    named = [c for c in categories if c.lower() != "uncategorized"] or categories
    category = named[0] if named else "Uncategorized"
    extra = [
        c
        for c in dict.fromkeys(categories)
        if c != category and c.lower() != "uncategorized"
    ]
    if extra:
        report.add(
            "notes",
            f"{where(item)}: {item.title!r} had several categories; {category!r} "
            f"is its category, {', '.join(repr(c) for c in extra)} became tags",
        )
    clean = []
    for tag in [*tags, *extra]:
        if "," in tag:
            report.add(
                "notes",
                f"{where(item)}: the tag {tag!r} holds a comma; it became "
                f"{tag.replace(',', '')!r}",
            )
            tag = tag.replace(",", "")
        if tag.strip() and tag.strip() not in clean:
            clean.append(tag.strip())
    return category, clean


# --- addresses -----------------------------------------------------------------


def address_book(
    export, entries, attachments, uploads, options, blog_url, hosts, report
) -> AddressBook:
    book = AddressBook(blog_url, hosts)
    ids: dict[int, str] = {}

    reserved = {normal_path(path) for path in options.reserved}

    def add(address: str, target: str, item: Item | None = None) -> None:
        parts = urlsplit(address)
        if not parts.query and normal_path(parts.path) in reserved:
            report.add(
                "notes",
                f"{address} is {target}'s old address and this site's own "
                f"{normal_path(parts.path)} page: it is left to that page",
            )
            return
        if not book.add(address, target) and item is not None:
            report.add(
                "notes",
                f"{options.export.name}:{item.line}: {address} is also the address of "
                "another item; it stays with the first one",
            )

    for entry in entries:
        target = "{filename}/" + entry.path
        item = entry.item
        if entry.draft:
            continue
        if item.link:
            add(item.link, target, item)
        if item.guid and "?" in item.guid and book.is_old_site(item.guid):
            add(item.guid, target)
        key = "page_id" if entry.kind == "page" else "p"
        if item.id in ids and ids[item.id] != target:
            report.add(
                "notes",
                f"{options.export.name}:{item.line}: the ID {item.id} is also another "
                f"item's; /?{key}={item.id} goes to the first one",
            )
        else:
            ids[item.id] = target
            add(f"/?{key}={item.id}", target)
        if entry.kind == "post" and item.link:
            path = urlsplit(item.link).path
            if not urlsplit(item.link).query:
                add(path.rstrip("/") + "/feed/", target)
    # Archives and feeds of categories, tags and authors that posts use.
    used_categories = {e.category for e in entries if e.kind == "post" and not e.draft}
    used_tags = {t for e in entries if e.kind == "post" and not e.draft for t in e.tags}
    by_slug = {c.slug: c for c in export.categories}
    for category in export.categories:
        if category.name not in used_categories and category.name not in used_tags:
            continue
        target = (
            "{category}" if category.name in used_categories else "{tag}"
        ) + category.name
        chain, parent, seen = [category.slug], category.parent, set()
        while parent and parent in by_slug and parent not in seen:
            seen.add(parent)
            chain.insert(0, parent)
            parent = by_slug[parent].parent
        # WordPress answers at both; a list, not a set: the file's order
        # must not change from one run to the next.
        for path in dict.fromkeys(
            [f"/category/{category.slug}/", "/category/" + "/".join(chain) + "/"]
        ):
            add(path, target)
        if category.id:
            add(f"/?cat={category.id}", target)
        feed = (
            options.category_feed
            if target.startswith("{category}")
            else options.tag_feed
        ).format(slug=slugify(category.name))
        add(f"/category/{category.slug}/feed/", feed)
    tag_slugs = {slug: name for slug, name in export.tags.items()}
    for entry in entries:
        for term in entry.item.terms:
            if term.domain in TAG_DOMAINS and term.slug:
                tag_slugs.setdefault(term.slug, term.name)
    for slug, name in sorted(tag_slugs.items()):
        if name in used_tags:
            add(f"/tag/{slug}/", "{tag}" + name)
            add(f"/?tag={slug}", "{tag}" + name)
            add(f"/tag/{slug}/feed/", options.tag_feed.format(slug=slugify(name)))
    logins = {e.item.creator for e in entries if not e.draft}
    for login in sorted(logins):
        if login:
            add(f"/author/{login}/", "{author}" + author_name(export, login))
    for feed in (
        "/feed/",
        "/feed/atom/",
        "/feed/rss2/",
        "/feed/rss/",
        "/comments/feed/",
        "/?feed=rss2",
        "/?feed=atom",
        "/?feed=rss",
    ):
        add(feed, options.feed_path)
    # Attachment pages: the file itself when the copy has it, else its post.
    for attachment in attachments:
        parent = next(
            (e for e in entries if e.item.id == attachment.parent and not e.draft), None
        )
        located = uploads.locate(attachment.file) if attachment.file else None
        if located is not None:
            target = f"/{images.FOLDER}/{located[0]}"
        elif parent is not None:
            target = "{filename}/" + parent.path
        else:
            continue
        add(f"/?attachment_id={attachment.id}", target)
    add("/wp-content/uploads/*", f"/{images.FOLDER}/*")
    return book


def author_name(export: Export, login: str) -> str:
    return export.authors.get(login) or next(
        (name for key, name in export.authors.items() if key.lower() == login.lower()),
        login,
    )


# --- bodies ----------------------------------------------------------------------


def convert_body(
    entry: Entry, export: Export, uploads, book: AddressBook, report: Report
):
    item = entry.item
    where = f"content/{entry.path}"
    expanded = shortcodes.expand(item.content)
    for code in expanded.unknown:
        report.add("shortcodes", f"{where}: {code}")
    if not expanded.text.strip():
        return "", images.Found()
    root = html.fragment_fromstring(expanded.text, create_parent="div")
    block_editor = cleanup.remove_comments(root) or "<!-- wp:" in item.content
    if not block_editor:
        autop.autop(root)
    for removed in cleanup.remove_unsafe(root):
        report.add("removed", f"{where}: {removed}")
    galleries(root, uploads, item, export)
    media(root, uploads)
    cards, lost = embeds.convert(root, item.meta)
    for card in cards:
        report.add("cards", f"{where}: {card.source}: {card.url}")
    for embed in lost:
        report.add("removed", f"{where}: an embed without an address: {embed}")
    found = images.convert(root, uploads)
    for url in found.missing:
        report.add("missing_images", f"{where}: {url}")
    for path in found.without_alt:
        report.add("without_alt", f"{where}: content/{path}")
    for url in links.convert(root, book):
        report.add("unmatched_links", f"{where}: {url}")
    for href in links.dead_anchors(root):
        report.add(
            "notes",
            f"{where}: a link to {href}, which nothing in the post is: its text is "
            "kept, the link left out",
        )
    images.figures(root)
    cleanup.modernise(root)
    return to_markdown(root) if root.text_content().strip() or root.find(
        ".//img"
    ) is not None else "", found


def galleries(root, uploads, item: Item, export: Export) -> None:
    """[gallery]: each of its images, one after the other."""
    for gallery in list(root.iter("wp-gallery")):
        ids = [
            int(i)
            for i in re.findall(
                r"\d+", gallery.get("ids", "") or gallery.get("include", "")
            )
        ]
        if not ids:
            ids = [a.id for a in uploads.by_id.values() if a.parent == item.id]
        replacement = html.Element("div")
        for attachment_id in ids:
            attachment = uploads.by_id.get(attachment_id)
            if attachment is None:
                continue
            figure = html.Element("figure")
            image = html.Element("img")
            image.set("src", attachment.url or attachment.file)
            if attachment.alt:
                image.set("alt", attachment.alt)
            figure.append(image)
            caption = " ".join(re.sub(r"<[^>]+>", " ", attachment.caption).split())
            if caption:
                figcaption = html.Element("figcaption")
                figcaption.text = caption
                figure.append(figcaption)
            replacement.append(figure)
        replacement.tail = gallery.tail
        gallery.getparent().replace(gallery, replacement)


def media(root, uploads) -> None:
    """[audio] and [video]: a link to the file, which a browser plays."""
    for element in list(root.iter("wp-media")):
        source = element.get("src", "")
        paragraph = html.Element("p")
        link = html.Element("a")
        link.set("href", source)
        name = Path(unquote(urlsplit(source).path)).name or source
        link.text = f"{'Audio' if element.get('kind') == 'audio' else 'Video'}: {name}"
        paragraph.append(link)
        paragraph.tail = element.tail
        element.getparent().replace(element, paragraph)


# --- the header ----------------------------------------------------------------------


def header(entry: Entry, export: Export, options: Options) -> str:
    item = entry.item
    lines = [f"Title: {one_line(entry.title)}"]
    date = item.date or item.date_gmt
    if date is not None:
        lines.append(f"Date: {date:%Y-%m-%d %H:%M}")
    if entry.kind == "post":
        lines.append(f"Category: {one_line(entry.category)}")
        if entry.tags:
            lines.append(f"Tags: {', '.join(one_line(t) for t in entry.tags)}")
    lines.append(f"Slug: {entry.slug}")
    if item.creator:
        lines.append(f"Author: {one_line(author_name(export, item.creator))}")
    summary = one_line(re.sub(r"<[^>]+>", " ", item.excerpt))
    if summary:
        import html as entities

        lines.append(f"Summary: {one_line(entities.unescape(summary))}")
    if entry.draft:
        lines.append("Status: draft")
    if (
        options.keep_original_link
        and entry.kind == "post"
        and not entry.draft
        and re.match(r"(?i)https?://", item.link)
    ):
        lines.append(f"Original_url: {item.link}")
    return "\n".join(lines) + "\n"


def one_line(text: str) -> str:
    return " ".join(text.split())
