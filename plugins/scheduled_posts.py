"""Posts dated in the future go live on their date, not when they are written.

Each build has a "now": ``BUILD_NOW`` (pelicanconf.py takes it from the
environment variable of that name, else from ``SOURCE_DATE_EPOCH``), else
the clock when the build starts. An input, so that the same sources with
the same now build to the same bytes. It may be seconds since 1970
(``1767225600``) or an ISO 8601 date or time (``2026-01-01``,
``2026-01-01T09:00-05:00``; without an offset, in ``TIMEZONE``).

A post whose date is after now is *scheduled*:

- ``SCHEDULED_POSTS = "hold"`` (publishconf.py): it is left out of the
  build: no page, no listing, feed, sitemap or archive entry, no related or
  neighbouring link, and none of its charts' files. The build says which
  posts wait, and until when. Their charts are still drawn, so that an
  error in one fails the publish build today, not on the morning it should
  go live.
- ``SCHEDULED_POSTS = "show"`` (pelicanconf.py): it is built like any other,
  and ``article.scheduled`` is true, so the theme marks it "Scheduled".

A published post's ``{filename}`` link to a held one would be a dead link
until that date: it is an error naming the post and line.

Runs on ``article_generator_pretaxonomy``: after every post is read (from
Pelican's cache or not) and before categories, tags, archives and feeds are
made from the list. Every post's ``scheduled`` is set on every build, so a
post cached while scheduled is published once its date has passed.
"""

from __future__ import annotations

import datetime as dt
import logging
import posixpath
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pelican import signals
from sitekit.content_lists import HELD_LISTS, all_contents
from sitekit.metadata_lines import text_line
from sitekit.paths import display_path
from sitekit.pelican_seam import body_html, intrasite_link_regex

logger = logging.getLogger(__name__)

MODES = ("show", "hold")
# The lists of posts a scheduled one may be in; drafts are unpublished anyway.
SCHEDULABLE = ("articles", "translations", "hidden_articles", "hidden_translations")
HELD = HELD_LISTS[0]


class BuildNowError(ValueError):
    pass


def parse_now(value, timezone: str) -> dt.datetime:
    """BUILD_NOW as an aware datetime (see the module's docstring)."""
    text = str(value).strip()
    if isinstance(value, int | float) or text.lstrip("-").isdigit():
        return dt.datetime.fromtimestamp(int(float(text)), dt.UTC)
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise BuildNowError(
            f"BUILD_NOW is {text!r}, which is neither seconds since 1970 nor "
            "an ISO 8601 date or time; write it as 1767225600, 2026-01-01 or "
            "2026-01-01T09:00-05:00"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=_zone(timezone))
    return when


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


class Schedule:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC)
        self.now_from = "the clock"
        self.mode = "show"
        self.timezone = "UTC"

    def configure(self, pelican) -> None:
        settings = pelican.settings
        self.timezone = settings.get("TIMEZONE") or "UTC"
        self.mode = settings.get("SCHEDULED_POSTS", "show")
        if self.mode not in MODES:
            logger.error(
                "pelicanconf.py: SCHEDULED_POSTS is %r; use 'show' (development: "
                "shown, marked scheduled) or 'hold' (publishing: left out until "
                "their date)",
                self.mode,
            )
            self.mode = "hold"
        given = settings.get("BUILD_NOW")
        self.now, self.now_from = dt.datetime.now(dt.UTC), "the clock"
        if given not in (None, ""):
            try:
                self.now = parse_now(given, self.timezone)
                self.now_from = "from BUILD_NOW"
            except BuildNowError as error:
                logger.error("%s (the build uses the clock meanwhile)", error)

    def is_scheduled(self, article) -> bool:
        date = getattr(article, "date", None)
        if not isinstance(date, dt.datetime):
            return False
        if date.tzinfo is None:
            date = date.replace(tzinfo=_zone(self.timezone))
        return date > self.now

    def sort_out(self, generator) -> None:
        """Mark every post; in hold mode, move the scheduled ones aside."""
        held = []
        for name in SCHEDULABLE:
            posts = getattr(generator, name, None)
            if not isinstance(posts, list):
                continue
            for article in posts:
                article.scheduled = self.is_scheduled(article)
            if self.mode == "hold":
                held += [a for a in posts if a.scheduled]
                posts[:] = [a for a in posts if not a.scheduled]
        for article in getattr(generator, "drafts", []) or []:
            article.scheduled = False
        setattr(generator, HELD, held)
        for article in sorted(held, key=lambda a: (a.date, a.source_path)):
            logger.warning(
                "%s: scheduled for %s, after this build's now (%s, %s); left "
                "out until then: the first publish after that time publishes it",
                display_path(article.source_path, generator.path),
                article.date.isoformat(sep=" ", timespec="minutes"),
                self.now.astimezone(article.date.tzinfo).isoformat(
                    sep=" ", timespec="minutes"
                ),
                self.now_from,
            )

    def check_links(self, generators) -> None:
        """Links from what the build writes to posts it holds back."""
        held = {
            article.get_relative_source_path(): article
            for generator in generators
            for article in getattr(generator, HELD, None) or []
        }
        if not held:
            return
        for content in all_contents(generators):
            if not content.save_as:
                continue
            for link, article in links_to(content, held):
                where = display_path(content.source_path, content.settings["PATH"])
                line = text_line(content.source_path, link)
                logger.error(
                    "%s%s: the link %s points to %s, which is scheduled for %s "
                    "and not published before then; link to it once it is "
                    "live, or date this post at or after it",
                    where,
                    f":{line}" if line else "",
                    link,
                    display_path(article.source_path, content.settings["PATH"]),
                    article.date.isoformat(sep=" ", timespec="minutes"),
                )


def links_to(content, held: dict) -> list[tuple[str, object]]:
    """({filename} link as written, the held post it reaches) in a body."""
    html = body_html(content)
    if "{filename}" not in html:
        return []
    found = []
    for match in intrasite_link_regex(content).finditer(html):
        if match.group("what") != "filename":
            continue
        path = unquote(urlparse(match.group("value")).path)
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(content.relative_dir, path))
        if target in held:
            found.append((f"{{filename}}{match.group('value')}", held[target]))
    return found


# Module-level: blinker holds receivers weakly.
schedule = Schedule()


def register() -> None:
    # get_generators: after build_errors starts collecting (on initialized).
    signals.get_generators.connect(schedule.configure)
    signals.article_generator_pretaxonomy.connect(schedule.sort_out)
    signals.all_generators_finalized.connect(schedule.check_links)
