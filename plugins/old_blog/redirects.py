"""Old addresses that keep working: three forms from content/redirects.txt.

- ``_redirects`` at the site's root, read by Netlify and Cloudflare Pages:
  ``/old/ /new/ 301``. Query addresses (``/?p=123``) are Netlify's
  ``/ p=:p /wordpress/p/:p/ 301!`` followed by ``/wordpress/p/123/ /new/ 301``
  (Netlify matches query values only through a placeholder; Cloudflare
  Pages ignores query rules).
- ``redirects.nginx.conf``: ``location = /old/ { return 301 /new/; }`` and,
  for query addresses, ``if ($arg_p = "123")``, to include in the server
  block.
- For hosts with neither (GitHub Pages): a page at each old path (and at
  ``/wordpress/p/123/``) with a zero-second meta refresh, a canonical link
  and a plain link to the new address. Nothing in it needs a script, so the
  CSP allows it.

Targets are resolved at build time (``{filename}``, ``{category}``,
``{tag}``, ``{author}``, or a path of the site), so a redirect follows its
post when the slug or the URL settings change. A line whose target is gone
is an error naming redirects.txt and the line; an old path that is a page
of this site now is left out, with a warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from pelican.generators import Generator
from pelican.utils import slugify
from sitekit import outputs
from sitekit.content_lists import all_contents
from sitekit.public_url import public_siteurl

from .inputs import content_root, redirects_file, redirects_text, shown

logger = logging.getLogger(__name__)
NETLIFY_FILE = "_redirects"
NGINX_FILE = "redirects.nginx.conf"
QUERY_HOME = "wordpress"  # /?p=123 -> /wordpress/p/123/
# The query keys WordPress answers on its home page (theme/static/js/
# old-addresses.js knows the same ones): /?p=1&utm_source=x is /?p=1.
WORDPRESS_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "m")
HOME_PATHS = ("", "/", "/index.php")
QUERY_VALUE = re.compile(r"^[\w.-]{1,100}$")
# What may appear, decoded, in a path written into nginx's configuration.
NGINX_SAFE = re.compile(r"^/[^\s\"'\\;{}$#?]*$")
# A byte that was not UTF-8, as inputs.redirects_text() keeps it.
UNDECODED = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True)
class Line:
    number: int
    old: str  # as written: /path/, /?p=1 or /prefix/*
    target: str

    @property
    def is_query(self) -> bool:
        """An address of WordPress's home page with a query: /?p=123."""
        parts = urlsplit(self.old)
        return bool(parts.query) and parts.path in HOME_PATHS

    @property
    def query(self) -> tuple[str, str] | None:
        """The one key and value a query address stands for, or None."""
        if not self.is_query:
            return None
        pairs = parse_qsl(urlsplit(self.old).query)
        known = [pair for pair in pairs if pair[0] in WORDPRESS_KEYS]
        return known[0] if known else None

    @property
    def wildcard(self) -> bool:
        return self.old.endswith("/*")


@dataclass(frozen=True)
class Redirect:
    line: Line
    old_path: str  # decoded path, or /wordpress/KEY/VALUE/ for a query
    new: str  # site path of the target, starting with /


def read_lines(text: str, shown: str) -> list[Line]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        if UNDECODED.search(text):
            logger.error(
                "%s:%d: this line is not UTF-8 text; save the file as UTF-8",
                shown,
                number,
            )
            continue
        old, _, target = text.partition(" ")
        target = target.strip()
        if not old.startswith("/") or not target:
            logger.error(
                "%s:%d: expected an old path starting with / and what it moved to "
                "({filename}posts/FILE.md, {category}NAME, {tag}NAME, {author}NAME or "
                "/path/), separated by spaces",
                shown,
                number,
            )
            continue
        lines.append(Line(number, old, target))
    return lines


class Resolver:
    """Targets to site paths, from what this build generated."""

    def __init__(self, contents, context: dict, settings: dict) -> None:
        root = content_root(settings)
        self.files: dict[str, object] = {}
        for content in contents:
            source = Path(content.source_path).resolve()
            if root in source.parents:
                self.files[source.relative_to(root).as_posix()] = content
        self.taxonomies = {
            "category": [c for c, _ in context.get("categories", [])],
            "tag": list(context.get("tags", {}).keys())
            if isinstance(context.get("tags"), dict)
            else [t for t, _ in context.get("tags", [])],
            "author": [a for a, _ in context.get("authors", [])],
        }
        self.substitutions = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])

    def resolve(self, target: str) -> str | None:
        if target.startswith("{filename}"):
            path = target[len("{filename}") :].lstrip("/")
            content = self.files.get(path)
            return "/" + content.url if content is not None else None
        for kind, items in self.taxonomies.items():
            prefix = "{" + kind + "}"
            if target.startswith(prefix):
                name = target[len(prefix) :].strip()
                slug = slugify(name, regex_subs=self.substitutions)
                for item in items:
                    if item.name.lower() == name.lower() or item.slug == slug:
                        return "/" + item.url
                return None
        if target.startswith("/"):
            return target
        return None


def generator(pelican):
    return RedirectsGenerator


def find_targets(generators) -> None:
    """Hand the redirects generator every post and page of the build
    (translations, drafts and hidden ones too), once all are read."""
    contents = list(all_contents(generators))
    for generator in generators:
        if isinstance(generator, RedirectsGenerator):
            generator.contents = contents


class RedirectsGenerator(Generator):
    """Writes the three forms after the posts and pages are written."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.contents: list = []  # set by find_targets()

    def generate_context(self) -> None:
        pending.clear()

    def generate_output(self, writer) -> None:
        text = redirects_text(self.settings)
        if text is None:
            return
        where = shown(redirects_file(self.settings), self.settings)
        resolver = Resolver(self.contents, self.context, self.settings)
        taken = written_paths(writer, self.context)
        redirects: list[Redirect] = []
        wildcards: list[tuple[Line, str]] = []
        first_line: dict[str, int] = {}  # old path -> the line that has it
        for line in read_lines(text, where):
            if line.wildcard:
                if wildcard_target(line, where):
                    wildcards.append((line, line.target))
                continue
            new = resolver.resolve(line.target)
            if new is None:
                logger.error(
                    "%s:%d: %s is not a post, page, category, tag or author of "
                    "this site (renamed or deleted?); point the line at what "
                    "replaced it, or delete it",
                    where,
                    line.number,
                    line.target,
                )
                continue
            if line.target.startswith("/"):
                pending.paths.append((line, new))
            old_path = old_path_of(line, new, taken, where)
            if old_path is None:
                continue
            if old_path in first_line:
                logger.error(
                    "%s:%d: %s is redirected on line %d already; delete one of "
                    "the two lines",
                    where,
                    line.number,
                    line.old,
                    first_line[old_path],
                )
                continue
            first_line[old_path] = line.number
            redirects.append(Redirect(line, old_path, new))
        pending.shown, pending.writer = where, writer
        pending.static = self.context.get("staticfiles", [])
        self.write_pages(writer, redirects)
        write_text(self.output_path, NETLIFY_FILE, netlify(redirects, wildcards))
        write_text(self.output_path, NGINX_FILE, nginx(redirects, wildcards, where))

    def write_pages(self, writer, redirects: list[Redirect]) -> None:
        if not self.settings.get("OLD_BLOG_REDIRECT_PAGES", True):
            return
        template = self.get_template("redirect")
        public = public_siteurl(self.settings)
        site = (self.settings.get("SITEURL") or "").rstrip("/")
        done = set()
        for redirect in redirects:
            save_as = file_of(redirect.old_path)
            if save_as in done or not save_as.endswith(".html"):
                continue
            done.add(save_as)
            writer.write_file(
                save_as,
                template,
                self.context,
                relative_urls=False,
                target=site + quote(redirect.new),
                canonical=public + quote(redirect.new),
                noindex=True,  # no page of its own: kept out of the sitemap
            )


def wildcard_target(line: Line, where: str) -> bool:
    """Whether a line such as ``/wp-content/uploads/* /images/*`` is whole."""
    if line.target.endswith("/*") and line.target.startswith("/"):
        return True
    logger.error(
        "%s:%d: an old path ending in /* needs a target ending in /* "
        "(such as /images/*)",
        where,
        line.number,
    )
    return False


def old_path_of(line: Line, new: str, taken: set[str], where: str) -> str | None:
    """The path a redirect is served at: the old path, or
    /wordpress/KEY/VALUE/ for a query address; None when there is nothing
    to redirect (the address is unchanged, or a page of this site now)."""
    if line.is_query:
        query = line.query
        if query and QUERY_VALUE.match(query[1]):
            return f"/{QUERY_HOME}/{query[0]}/{query[1]}/"
        logger.warning(
            "%s:%d: %s is left out: write /?key=value with one of WordPress's "
            "keys (%s) and a plain value",
            where,
            line.number,
            line.old,
            ", ".join(WORDPRESS_KEYS),
        )
        return None
    old_path = unquote(urlsplit(line.old).path)
    if not old_path.endswith("/") and not re.search(r"\.\w{1,5}$", old_path):
        old_path += "/"
    if same(old_path, new):
        return None  # the old address is the new one
    if file_of(old_path) in taken:
        logger.warning(
            "%s:%d: %s is the address of a page of this site now, which "
            "readers get there; delete this line",
            where,
            line.number,
            line.old,
        )
        return None
    return old_path


def same(old: str, new: str) -> bool:
    return old.rstrip("/").lower() == unquote(new).rstrip("/").lower()


def file_of(path: str) -> str:
    """The output file a site path is served from."""
    relative = path.lstrip("/")
    if not relative or relative.endswith("/"):
        return relative + "index.html"
    return relative


def relative_files(writer, names) -> set[str]:
    """Absolute output file names, relative to the output folder."""
    output = Path(writer.output_path).resolve()
    found = set()
    for name in names:
        path = Path(name).resolve()
        if output in path.parents:
            found.add(path.relative_to(output).as_posix())
    return found


def written_paths(writer, context) -> set[str]:
    """Every file this build has written so far, and the static files it
    will copy: a redirect page must never stand in for one of them. (The
    site's writer, plugins/site_writer, says what it wrote; Pelican's own
    writer refuses a second write of a file anyway.)"""
    taken = relative_files(writer, getattr(writer, "written_files", ()))
    taken |= {static.save_as for static in context.get("staticfiles", []) or []}
    return taken


def netlify(redirects: list[Redirect], wildcards) -> str:
    lines = [
        "# Old WordPress addresses (content/redirects.txt), for Netlify and "
        "Cloudflare Pages.",
    ]
    queries = sorted({r.line.query[0] for r in redirects if r.line.query})
    for key in queries:
        # Netlify matches query values only through a placeholder; the
        # second line per address sends it on.
        lines.append(f"/ {key}=:{key} /{QUERY_HOME}/{key}/:{key}/ 301!")
    for redirect in redirects:
        lines.append(f"{quote(redirect.old_path)} {quote(redirect.new)} 301")
    for line, target in wildcards:
        lines.append(f"{quote(line.old[:-1])}* {quote(target[:-1])}:splat 301")
    return "\n".join(lines) + "\n"


def nginx(redirects: list[Redirect], wildcards, shown: str) -> str:
    lines = [
        f"# Old WordPress addresses ({shown}), for nginx. Include this file in",
        "# the site's server { } block and reload nginx after each deploy:",
        "#     include /srv/signal-and-noise/redirects.nginx.conf;",
    ]
    for redirect in redirects:
        new = quote(redirect.new)
        if redirect.line.query:
            key, value = redirect.line.query
            lines.append(f'if ($arg_{key} = "{value}") {{ return 301 {new}; }}')
        if not NGINX_SAFE.match(redirect.old_path):
            continue
        lines.append(f'location = "{redirect.old_path}" {{ return 301 {new}; }}')
        if redirect.old_path.endswith("/") and len(redirect.old_path) > 1:
            lines.append(
                f'location = "{redirect.old_path[:-1]}" {{ return 301 {new}; }}'
            )
    for line, target in wildcards:
        old = line.old[:-1]
        if NGINX_SAFE.match(old) and NGINX_SAFE.match(target[:-1]):
            lines.append(
                f'location ^~ "{old}" {{ rewrite "^{re.escape(old)}(.*)$" '
                f'"{target[:-1]}$1" permanent; }}'
            )
    return "\n".join(lines) + "\n"


def write_text(output_path: str, name: str, text: str) -> None:
    """A text file of the output, rewritten only when it changed, and
    declared, so the build keeps it (sitekit.outputs)."""
    path = Path(output_path) / name
    data = text.encode("utf-8")
    try:
        unchanged = path.read_bytes() == data
    except OSError:
        unchanged = False
    if not unchanged:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    outputs.declare(name)


class PendingChecks:
    """Targets given as paths (``/feeds/all.atom.xml``), checked once the
    build has produced every file."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.shown = ""
        self.paths: list[tuple[Line, str]] = []
        self.writer = None
        self.static: list = []

    def produced(self) -> set[str]:
        """What this build wrote, copies and declared: an old file still in
        output/ from an earlier build is not a target (the sweep removes it)."""
        if self.writer is None:
            return set()
        files = relative_files(self.writer, getattr(self.writer, "written_files", ()))
        files |= {static.save_as for static in self.static}
        return files | set(outputs.declared())


pending = PendingChecks()


def check_paths(pelican) -> None:
    """A target given as a path must be a file the build produced."""
    if not pending.paths:
        return
    produced = pending.produced()
    for line, new in pending.paths:
        if file_of(unquote(urlsplit(new).path)) not in produced:
            logger.error(
                "%s:%d: %s is not a file of the built site; correct the path or "
                "delete the line",
                pending.shown,
                line.number,
                new,
            )
    pending.clear()
