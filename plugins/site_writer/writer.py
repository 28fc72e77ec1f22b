"""A Pelican Writer that renders only what changed, and feeds fit for readers.

Rebuilds: Pelican's content cache spares re-reading unchanged posts, but
every page is still rendered and written. Here each output file is keyed by
a fingerprint of what it is rendered from (see fingerprint.py); when the key
matches the last build's and the file is still the one that build wrote
(same size and modification time), its bytes are reused instead of
rendering the template. Files whose bytes did not change are not rewritten
either, so their modification times stay put.

Feeds:
- entry links and content URLs are absolute (``PUBLIC_SITEURL``) in every
  build, so a development build's feeds validate too;
- entries never carry scripts: chart figures keep their description and data
  table, and lose their script elements and anything marked
  ``data-feed-omit``.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
from pathlib import Path

from pelican.utils import sanitised_join
from sitekit.fingerprints import digest, files_digest, package_versions
from sitekit.pelican_seam import SeamWriter
from sitekit.public_url import public_siteurl

from . import fingerprint
from .parallel_render import RenderJob, render_all, write_if_changed

logger = logging.getLogger(__name__)

SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.DOTALL | re.IGNORECASE)
FEED_OMIT = re.compile(
    r"<(?P<tag>[a-z][a-z0-9]*)\b[^>]*\bdata-feed-omit\b[^>]*>.*?</(?P=tag)\s*>",
    re.DOTALL | re.IGNORECASE,
)
STATE_FILE = "rendered-pages.json"
_MISSING = object()


def feed_safe(markup: str | None) -> str | None:
    """Remove what a feed entry must not carry."""
    if not markup:
        return markup
    return FEED_OMIT.sub("", SCRIPT.sub("", markup))


class _Unchanged(str):
    """What a reused page "renders" to: its file on disk is already right."""


UNCHANGED = _Unchanged()


class _Deferred(str):
    """What a page "renders" to when it is queued for parallel_render."""

    def __new__(cls, template, localcontext: dict) -> _Deferred:
        deferred = super().__new__(cls, "")
        deferred.template, deferred.localcontext = template, localcontext
        return deferred


class _WriteIfChanged(io.StringIO):
    """A text file that touches the disk on close only if its bytes differ;
    a deferred page is queued with its file instead."""

    def __init__(self, writer: SiteWriter, path: str, encoding: str) -> None:
        super().__init__()
        self.writer = writer
        self.target, self.target_encoding = path, encoding
        self.keep = False
        self.deferred: _Deferred | None = None

    def write(self, text: str) -> int:
        if text is UNCHANGED:
            self.keep = True
            return 0
        if isinstance(text, _Deferred):
            self.deferred = text
            return 0
        return super().write(text)

    def close(self) -> None:
        if not self.closed and self.deferred is not None:
            self.writer.queue.append(
                RenderJob(
                    self.deferred.template,
                    self.deferred.localcontext,
                    self.target,
                    self.target_encoding,
                )
            )
        elif not self.closed and not self.keep:
            write_if_changed(self.target, self.getvalue().encode(self.target_encoding))
        super().close()


def _stamp(path: str) -> list[int] | None:
    """(size, modification time in ns) of a file, or None."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return [status.st_size, status.st_mtime_ns]


class _ReusingTemplate:
    """Stands in for a Jinja template: renders only when the key changed."""

    def __init__(self, writer: SiteWriter, template, context: dict) -> None:
        self.writer, self.template, self.context = writer, template, context
        self.name = template.name

    def render(self, localcontext: dict) -> str:
        if self.writer.reuse:
            output_file = localcontext["output_file"]
            key = self.writer.page_key(self.template.name, self.context, localcontext)
            path = sanitised_join(self.writer.output_path, output_file)
            if self.writer.reusable(output_file, key, path):
                self.writer.reused += 1
                return UNCHANGED
        self.writer.rendered += 1
        # Rendered later, with the other pages, on every core.
        return _Deferred(self.template, localcontext)


class SiteWriter(SeamWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.reuse = bool(self.settings.get("REUSE_RENDERED_PAGES", True))
        cache_path = self.settings.get("CACHE_PATH") or "cache"
        self.state_path = Path(cache_path) / STATE_FILE
        self.previous: dict[str, list] = self._load_state() if self.reuse else {}
        self.keys: dict[str, str] = {}
        self._site_key: str | None = None
        self.rendered = self.reused = 0
        self.queue: list[RenderJob] = []
        _current[:] = [self]  # so that save_state() finds this build's writer
        fingerprint.forget_sequences()

    # --- reuse ------------------------------------------------------------------

    def _load_state(self) -> dict[str, list]:
        try:
            state = json.loads(self.state_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        if state.get("output") != os.path.abspath(self.output_path):
            return {}
        pages = state.get("pages", {})
        return pages if isinstance(pages, dict) else {}

    def reusable(self, name: str, key: str, path: str) -> bool:
        """Whether the file at ``path`` is what rendering ``key`` would write:
        the last build wrote it from the same key, and nothing touched it
        since. Records the key for the next build either way."""
        self.keys[name] = key
        known = self.previous.get(name)
        if not (isinstance(known, list) and len(known) == 2 and known[0] == key):
            return False
        return _stamp(path) == known[1]

    def save_state(self) -> None:
        if not self.reuse:
            return
        pages = {
            name: [key, _stamp(sanitised_join(self.output_path, name))]
            for name, key in self.keys.items()
        }
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.state_path.with_suffix(".tmp")
        temporary.write_text(
            json.dumps(
                {"output": os.path.abspath(self.output_path), "pages": pages},
                sort_keys=True,
            ),
            "utf-8",
        )
        os.replace(temporary, self.state_path)
        logger.info(
            "Rendered %d pages, reused %d unchanged ones", self.rendered, self.reused
        )

    def site_key(self, context: dict) -> str:
        """Everything every page may depend on, hashed once per build."""
        if self._site_key is None:
            theme = Path(self.settings["THEME"])
            plugins = [Path(p) for p in self.settings.get("PLUGIN_PATHS", [])]
            listing = [
                fingerprint.content_state(content)
                for name in LISTED
                for content in context.get(name, [])
            ]
            static = sorted(str(url) for url in context.get("static_content", {}))
            self._site_key = digest(
                package_versions(),
                files_digest([theme]),
                files_digest(plugins, "*.py"),
                fingerprint.stable(
                    {k: v for k, v in self.settings.items() if k not in NOT_INPUTS}
                ),
                "\n".join(listing),
                "\n".join(static),
            )
        return self._site_key

    def page_key(self, template_name: str, context: dict, localcontext: dict) -> str:
        own = []
        for key in sorted(localcontext):
            value = localcontext[key]
            if context.get(key, _MISSING) is value:
                continue  # site-wide: already in the site key
            own.append(f"{key}={fingerprint.stable(value)}")
            if hasattr(value, "source_path") and hasattr(value, "metadata"):
                own.append(f"{key}.body={fingerprint.body(value)}")
        return digest(self.site_key(context), template_name, *own)

    def write_file(self, name, template, context, *args, **kwargs):
        if template is not None:
            template = _ReusingTemplate(self, template, context)
        return super().write_file(name, template, context, *args, **kwargs)

    def open_output(self, filename, encoding):
        return _WriteIfChanged(self, filename, encoding)

    def render_queued(self) -> None:
        """Render and write the pages queued so far (parallel_render)."""
        jobs, self.queue = self.queue, []
        render_all(jobs, self.settings)

    # --- feeds -------------------------------------------------------------------

    def write_feed(
        self,
        elements,
        context,
        path=None,
        url=None,
        feed_type="atom",
        override_output=False,
        feed_title=None,
    ):
        public = public_siteurl(context)
        if public:
            context = {**context, "SITEURL": public}
        if path and self.reuse:
            shown = elements[: self.settings["FEED_MAX_ITEMS"]]
            key = digest(
                self.site_key(context),
                "feed",
                path,
                str(url),
                feed_type,
                str(feed_title),
                *(f"{e.url}:{fingerprint.body(e)}" for e in shown),
            )
            target = sanitised_join(self.output_path, path)
            if self.reusable(path, key, target):
                self.note_written(target)  # Pelican never opens it
                self.reused += 1
                return None
        self.rendered += 1
        return super().write_feed(
            elements, context, path, url, feed_type, override_output, feed_title
        )

    def feed_entry_added(self, entry: dict) -> None:
        for key in ("content", "description"):
            entry[key] = feed_safe(entry.get(key))
        # typogrify's no-break space before the last word is for web layout;
        # in a feed reader's title it is just an odd character.
        entry["title"] = entry["title"].replace("\xa0", " ")


# Settings no page is rendered from directly. The build's now changes pages
# only through which posts are scheduled (plugins/scheduled_posts), which
# every post's state carries: leaving it out keys a build whose now comes
# from BUILD_NOW exactly as one whose now comes from the clock.
NOT_INPUTS = frozenset({"BUILD_NOW"})

# Every list of contents the site's pages may show (site-wide context).
LISTED = (
    "articles",
    "drafts",
    "hidden_articles",
    "pages",
    "hidden_pages",
    "draft_pages",
)

_current: list[SiteWriter] = []


def current_writer() -> SiteWriter | None:
    return _current[0] if _current else None


def forget_writer() -> None:
    """A build starts: the last build's writer is not this one's."""
    _current.clear()
