"""Keep a build inside its folders, and every page at an address of its own.

Posts and data come from everywhere (spreadsheet exports, old WordPress
posts), so nothing they say may make the build read a file outside
``content/``, write one outside the output, or replace another page:

- a static file whose real path is outside ``content/`` (a symlink in
  ``content/data/`` to a private file) is never copied; nor is a file that a
  ``{static}``, ``{attach}`` or ``{filename}`` link reaches with ``../``;
- two posts (or pages) with the same URL: the older one keeps it, the newer
  one is an error and is not built (Pelican would keep whichever it happened
  to read last, or stop with a traceback);
- a post or page whose URL is one the site already uses (the home page, a
  month archive, the tags index) is an error and is not built;
- ``Template:`` must name a template of the theme;
- a title that gives no slug (emoji only) takes the file's name; a title that
  gives a slug too long for a file name is cut at a word boundary;
- two tags (or categories) spelled differently, beyond case and separators,
  that would share one URL (``C++`` and ``C#`` are both ``tag/c/``) are an
  error; spellings that differ only in case or separators share the oldest
  post's spelling, so the tag page's name never depends on file order;
- the output folder may not be, contain or lie inside ``content/``, nor
  contain the theme.

Every message reads ``content/posts/x.md:LINE: ...`` (the line when there is
one), like the chart plugin's, and is logged as an error: a development build
carries on without the offending item, a publish build fails.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import re
import sys
from functools import lru_cache
from itertools import chain
from urllib.parse import unquote, urlparse

from pelican import signals
from pelican.generators import PelicanTemplateNotFound
from pelican.utils import slugify

logger = logging.getLogger(__name__)

# Title-derived slugs are cut to this many characters at a hyphen; an explicit
# Slug: longer than MAX_EXPLICIT_SLUG would not fit in a file name.
MAX_TITLE_SLUG = 80
MAX_EXPLICIT_SLUG = 200
LINK_KINDS = ("static", "attach", "filename", "file")
ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)
PAGINATED = re.compile(r"(^|/)page/\d+/index\.html$")


# --- messages ------------------------------------------------------------------


class Guard:
    """Paths and messages for one build."""

    def __init__(self) -> None:
        self.content_root = ""
        self.output_root = ""
        self.reported: set[str] = set()

    def configure(self, pelican) -> None:
        self.content_root = os.path.realpath(pelican.settings["PATH"])
        self.output_root = os.path.realpath(pelican.output_path)
        self.reported = set()
        check_output_folder(pelican)

    def display(self, path: str) -> str:
        """``content/posts/x.md`` for a file in the content folder."""
        real = os.path.realpath(path)
        root = self.content_root
        if real == root or real.startswith(root + os.sep):
            inside = os.path.relpath(real, root).replace(os.sep, "/")
            return f"{os.path.basename(root)}/{inside}"
        return path

    def error(
        self, source_path: str, line: int | None, message: str, *, shown=None
    ) -> None:
        where = (shown or self.display(source_path)) + (f":{line}" if line else "")
        text = f"{where}: {message}"
        if text not in self.reported:
            self.reported.add(text)
            logger.error("%s", text)

    def inside_content(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.content_root or real.startswith(self.content_root + os.sep)


guard = Guard()


@lru_cache(maxsize=256)
def _source_lines(path: str) -> tuple[str, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            return tuple(file.read().splitlines())
    except OSError:
        return ()


def metadata_line(path: str, key: str) -> int | None:
    """The line of ``Key:`` in a Markdown file's metadata header."""
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
    for number, line in enumerate(_source_lines(path), start=1):
        if not line.strip():
            return None  # the header ends at the first blank line
        if pattern.match(line):
            return number
    return None


def text_line(path: str, needle: str) -> int | None:
    for number, line in enumerate(_source_lines(path), start=1):
        if needle in line:
            return number
    return None


# --- the output folder ---------------------------------------------------------------


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def check_output_folder(pelican) -> None:
    """Stop before anything is written when the output would hold sources."""
    output = os.path.realpath(pelican.output_path)
    content = os.path.realpath(pelican.settings["PATH"])
    theme = os.path.realpath(pelican.settings["THEME"])
    problem = None
    if _inside(output, content):
        problem = f"it is inside the content folder ({content})"
    elif _inside(content, output):
        problem = f"it contains the content folder ({content})"
    elif _inside(theme, output):
        problem = f"it contains the theme ({theme})"
    if problem:
        print(
            f"Refusing to build into {output}: {problem}. A build writes (and "
            "may delete) its output folder; choose a folder of its own, such "
            "as output/.",
            file=sys.stderr,
        )
        raise SystemExit(2)


# --- single contents -------------------------------------------------------------


def fix_slug(content) -> None:
    """An empty slug takes the file's name; a long title-made one is cut."""
    if type(content).__name__ not in ("Article", "Page") or not content.source_path:
        return
    slug = getattr(content, "slug", None)
    explicit = "slug" in content.metadata
    if slug is not None and not slug.strip("-"):
        stem = os.path.splitext(os.path.basename(content.source_path))[0]
        content.slug = slugify(
            stem,
            regex_subs=content.settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        )
    elif slug and not explicit and len(slug) > MAX_TITLE_SLUG:
        cut = slug[: MAX_TITLE_SLUG + 1]
        cut = cut.rsplit("-", 1)[0] if "-" in cut else cut[:MAX_TITLE_SLUG]
        content.slug = cut.strip("-")


def _template_problem(generator, content) -> str | None:
    name = getattr(content, "template", None)
    if not name or name == content.default_template:
        return None
    try:
        generator.get_template(name)
    except PelicanTemplateNotFound:
        return (
            f"Template: {name!r} is not a template of the theme; remove the "
            "line to use the default layout"
        )
    return None


def _link_problems(content) -> list[tuple[int | None, str]]:
    """{static}/{attach}/{filename} links that reach outside content/."""
    problems = []
    html = getattr(content, "_content", None) or ""
    root = guard.content_root
    for match in content._get_intrasite_link_regex().finditer(html):
        what = match.group("what")
        if what not in LINK_KINDS:
            continue
        raw = match.group("value")
        path = unquote(urlparse(raw).path)
        if not path:
            continue
        if path.startswith("/"):
            target = os.path.join(root, path.lstrip("/"))
        else:
            folder = os.path.dirname(os.path.realpath(content.source_path))
            target = os.path.join(folder, path)
        # By name: a ../ that climbs out is the danger here. A link inside
        # content/ that a symlink leads out of reaches a static file, and
        # check_static_files keeps those from being copied.
        lexical = os.path.normpath(target)
        if lexical == root or lexical.startswith(root + os.sep):
            continue
        link = f"{{{what}}}{raw}"
        problems.append(
            (
                text_line(content.source_path, link),
                f"the link {link} points outside the content folder; it is "
                "not published (link to files inside content/ only)",
            )
        )
    return problems


def _remove(content, generator, lists) -> None:
    for name in lists:
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [c for c in items if c is not content]
    generated = generator.context.get("generated_content", {})
    for key in [k for k, v in generated.items() if v is content]:
        del generated[key]


def _age(content):
    date = getattr(content, "date", None)
    stamp = date.timestamp() if date is not None else float("inf")
    return (stamp, os.path.realpath(content.source_path))


def _save_as(content) -> str | None:
    try:
        save_as = content.save_as
    except Exception:
        return None
    return posixpath.normpath(save_as) if save_as else None


def reserved_outputs(settings, articles) -> set[str]:
    """Paths the site writes besides posts and pages, from the settings."""
    reserved = set()
    for name in settings.get("DIRECT_TEMPLATES", ()):
        reserved.add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"))
    reserved.update(settings.get("TEMPLATE_PAGES", {}).values())
    reserved.update(("sitemap.xml", "robots.txt", "404.html"))
    for key, value in settings.items():
        feed = key.endswith(("_FEED_ATOM", "_FEED_RSS"))
        if feed and isinstance(value, str) and "{" not in value:
            reserved.add(value)
    for extra in settings.get("EXTRA_PATH_METADATA", {}).values():
        if isinstance(extra, dict) and extra.get("path"):
            reserved.add(extra["path"])
    for article in articles:
        date = getattr(article, "date", None)
        if date is not None:
            for period in ("YEAR", "MONTH", "DAY"):
                pattern = settings.get(f"{period}_ARCHIVE_SAVE_AS")
                if pattern:
                    reserved.add(pattern.format(date=date))
        taxonomies = [*getattr(article, "tags", []), *getattr(article, "authors", [])]
        if getattr(article, "category", None) is not None:
            taxonomies.append(article.category)
        for item in taxonomies:
            with contextlib.suppress(Exception):
                reserved.add(item.save_as)
    return {posixpath.normpath(p) for p in reserved if p}


def _reserved_prefix(save_as: str, settings) -> bool:
    if PAGINATED.search(save_as):
        return True
    return any(save_as.startswith(prefix) for prefix in ("theme/", "feeds/"))


def check_contents(generator, lists, others=(), kind="post") -> None:
    """Templates, links and URLs of the contents in ``lists``."""
    contents = [
        content
        for name in lists
        for content in (getattr(generator, name, None) or [])
        if isinstance(getattr(generator, name, None), list)
    ]
    unique = list({id(c): c for c in contents}.values())
    for content in sorted(unique, key=_age):
        problem = _template_problem(generator, content)
        if problem:
            guard.error(
                content.source_path,
                metadata_line(content.source_path, "template"),
                problem + f" (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        for line, message in _link_problems(content):
            guard.error(content.source_path, line, message)

    published = [
        a
        for a in chain(
            generator.context.get("articles") or [],
            getattr(generator, "articles", None) or [],
        )
    ]
    reserved = reserved_outputs(generator.settings, published)
    taken: dict[str, object] = {}
    for other in others:
        save_as = _save_as(other)
        if save_as:
            taken.setdefault(save_as, other)
    remaining = [c for name in lists for c in (getattr(generator, name, None) or [])]
    for content in sorted({id(c): c for c in remaining}.values(), key=_age):
        save_as = _save_as(content)
        if save_as is None or save_as.startswith(".."):
            continue  # Pelican refuses it with its own message
        line = metadata_line(content.source_path, "save_as") or metadata_line(
            content.source_path, "slug"
        )
        url = save_as.removesuffix("index.html")
        if any(len(part.encode()) > MAX_EXPLICIT_SLUG for part in save_as.split("/")):
            guard.error(
                content.source_path,
                line,
                f"its URL is too long for a file name (over {MAX_EXPLICIT_SLUG} "
                f"characters); give it a shorter Slug: (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        elif save_as in taken:
            holder = taken[save_as]
            guard.error(
                content.source_path,
                line,
                f"its URL /{url} is already the URL of "
                f"{guard.display(holder.source_path)}; give it a Slug: of its "
                f"own (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        elif save_as in reserved or _reserved_prefix(save_as, generator.settings):
            guard.error(
                content.source_path,
                line,
                f"its URL /{url} belongs to another page of the site; give it "
                f"a Slug: of its own (the {kind} is not built)",
            )
            _remove(content, generator, lists)
        else:
            taken[save_as] = content


# --- tags and categories ------------------------------------------------------------


def _loose(name: str) -> str:
    """A name with case and separators ignored: 'E-mail' ~ 'e mail'."""
    return " ".join(re.split(r"[\s_\-]+", str(name).casefold())).strip()


def check_taxonomies(generator) -> None:
    """One spelling per tag and category URL, the oldest post's."""
    canonical: dict[tuple[str, str], tuple[object, object]] = {}
    for article in sorted(generator.articles, key=_age):
        category = getattr(article, "category", None)
        if category is not None:
            _check_name(article, category, "Category", canonical)
        tags = getattr(article, "tags", None)
        if not tags:
            continue
        kept, seen = [], {}
        for tag in tags:
            if not tag.slug:
                guard.error(
                    article.source_path,
                    metadata_line(article.source_path, "tags"),
                    f"the tag {tag.name!r} gives an empty URL; write it with "
                    "letters or digits (it is left out)",
                )
                continue
            if len(tag.slug.encode()) > MAX_EXPLICIT_SLUG:
                guard.error(
                    article.source_path,
                    metadata_line(article.source_path, "tags"),
                    f"the tag {tag.name[:40]!r}… is too long for a URL (over "
                    f"{MAX_EXPLICIT_SLUG} characters); shorten it (it is left out)",
                )
                continue
            if tag.slug in seen:
                if _loose(seen[tag.slug].name) != _loose(tag.name):
                    guard.error(
                        article.source_path,
                        metadata_line(article.source_path, "tags"),
                        f"the tags {seen[tag.slug].name!r} and {tag.name!r} "
                        f"would share one URL (tag/{tag.slug}/); rename one",
                    )
                continue
            seen[tag.slug] = tag
            if _check_name(article, tag, "Tags", canonical):
                kept.append(tag)
        article.tags = kept
        article.metadata["tags"] = kept


def _check_name(article, item, key: str, canonical) -> bool:
    """False when the name clashes with an older post's (a tag is then left
    out, so the older post's tag page keeps its name and posts)."""
    kind = type(item).__name__.lower()
    slot = (kind, item.slug)
    if slot not in canonical:
        canonical[slot] = (item, article)
        return True
    first, first_article = canonical[slot]
    if item.name == first.name:
        return True
    if _loose(item.name) == _loose(first.name):
        item.name = first.name  # one spelling per page, whatever the file order
        return True
    left_out = " (it is left out)" if kind == "tag" else ""
    guard.error(
        article.source_path,
        metadata_line(article.source_path, key.lower()),
        f"the {kind} {item.name!r} would share the URL {kind}/{item.slug}/ with "
        f"the {kind} {first.name!r} of {guard.display(first_article.source_path)}; "
        f"rename one of them{left_out}",
    )
    return kind != "tag"


# --- signal handlers ------------------------------------------------------------------


def check_articles(generator) -> None:
    check_contents(generator, ARTICLE_LISTS, kind="post")
    check_taxonomies(generator)


def check_pages(generator) -> None:
    articles = [
        a
        for name in ("articles", "hidden_articles", "drafts")
        for a in (generator.context.get(name) or [])
    ]
    check_contents(generator, PAGE_LISTS, others=articles, kind="page")


def check_static_files(generator) -> None:
    """Never copy a file whose real path is outside content/."""
    kept = []
    output = guard.output_root
    for static in generator.staticfiles:
        source = static.source_path
        target = os.path.normpath(os.path.join(output, static.save_as))
        if guard.inside_content(source) and _inside(target, output):
            kept.append(static)
            continue
        lexical = os.path.normpath(os.path.abspath(source))
        if _inside(lexical, os.path.abspath(generator.path)) or _inside(
            lexical, guard.content_root
        ):
            # In content/ by name, elsewhere in fact: a symlink (to the file
            # or to a folder on its path) that leads out.
            inside = os.path.relpath(lexical, os.path.abspath(generator.path))
            guard.error(
                source,
                None,
                "a link to a file outside the content folder; it is not "
                "published (copy the file into content/ instead)",
                shown=os.path.basename(guard.content_root)
                + "/"
                + inside.replace(os.sep, "/"),
            )
        else:
            logger.debug("Not publishing %s: outside the content folder", source)
        static_content = generator.context.get("static_content", {})
        for key in [k for k, v in static_content.items() if v is static]:
            del static_content[key]
    generator.staticfiles[:] = kept


OUTSIDE_OUTPUT = "Skipping %s: file %r would be written outside output path"


class OutsideOutputMessages(logging.Filter):
    """Pelican's "Skipping /abs/path: file '../x.html' would be written
    outside output path", in the words of every other content error: the
    file as the author knows it, the line that sends the page out, the fix."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == OUTSIDE_OUTPUT and len(record.args or ()) == 2:
            content, target = record.args
            path = getattr(content, "source_path", None) or str(content)
            key = "Save_as" if metadata_line(path, "save_as") else "Slug"
            line = metadata_line(path, key)
            where = guard.display(path) + (f":{line}" if line else "")
            record.msg = (
                "%s: this page would be written to %r, outside the site's "
                "folder; take the '../' out of its %s: line (it is not built)"
            )
            record.args = (where, target, key)
        return True


outside_output = OutsideOutputMessages()


def register() -> None:
    # Pelican's own message for a page written outside the output (contents.py).
    logging.getLogger("pelican.contents").addFilter(outside_output)
    signals.initialized.connect(guard.configure)
    signals.content_object_init.connect(fix_slug)
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.static_generator_finalized.connect(check_static_files)
