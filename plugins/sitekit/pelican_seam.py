"""Every use this site makes of Pelican's private API, in one place.

Plugins meet Pelican through its public signals, settings and objects.
Where Pelican offers no public way, the use lives here, with the reason,
and tests/test_pelican_seam.py checks each one against the Pelican version
in uv.lock: when an upgrade changes code a use relies on, that test fails
and names the use, instead of a build going subtly wrong.

Nothing else in plugins/ may name a private Pelican attribute or method
(a test greps for them).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from pelican.writers import FileOverwriteFailedError, Writer

logger = logging.getLogger(__name__)

# The Pelican release the uses below were read against (uv.lock pins it).
PELICAN_VERSION = "4.12.0"


@dataclass(frozen=True)
class PrivateUse:
    """One reliance on Pelican's internals.

    ``relies_on`` names the Pelican code whose behaviour the use assumes;
    ``source_digest`` is the digest of that code's source in
    PELICAN_VERSION (see tests/test_pelican_seam.py).
    """

    name: str
    reason: str
    relies_on: tuple[str, ...]
    source_digest: str


USES = (
    PrivateUse(
        "Content._content",
        "a post's HTML before intrasite links are resolved, read and replaced "
        "once charts are drawn; Pelican has no setter for it",
        ("pelican.contents.Content.__init__", "pelican.contents.Content.get_content"),
        "44233b150c1304e4",
    ),
    PrivateUse(
        "Content._update_content",
        "resolve {filename}/{static} links in a default summary, as Pelican "
        "resolves them in bodies",
        ("pelican.contents.Content._update_content",),
        "b446bacdf3e46a3a",
    ),
    PrivateUse(
        "Content._get_intrasite_link_regex",
        "find {static}/{attach}/{filename} links with Pelican's own pattern, "
        "to refuse those that leave content/",
        ("pelican.contents.Content._get_intrasite_link_regex",),
        "5d6b5c2523b5193e",
    ),
    PrivateUse(
        "Content.override_url / override_save_as",
        "pin a post's final URL once every generator is done: get_url_setting "
        "returns an override as it is instead of formatting the URL settings "
        "again on each of tens of thousands of accesses",
        ("pelican.contents.Content.get_url_setting",),
        "e0eb063bf0a5ae24",
    ),
    PrivateUse(
        "Generator._update_context",
        "publish a changed generator list (tags without posts removed) to the "
        "templates' context, as Pelican does at the end of generate_context",
        ("pelican.generators.Generator._update_context",),
        "e8b1fa3020e05f46",
    ),
    PrivateUse(
        "Writer._open_w / _written_files / _overridden_files",
        "write a page only when its bytes change (so unchanged files keep "
        "their times), under Pelican's own rules for files written twice",
        ("pelican.writers.Writer._open_w", "pelican.writers.Writer.__init__"),
        "87c25b1a7af59574",
    ),
    PrivateUse(
        "Writer._add_item_to_the_feed",
        "take scripts and data-feed-omit parts out of each feed entry, and "
        "the typographic no-break space out of its title",
        ("pelican.writers.Writer._add_item_to_the_feed",),
        "c52ed4daa728c7bc",
    ),
    PrivateUse(
        "rich Console._live_stack, Live._refresh_thread (pelican.log.console)",
        "pause the 'Generating...' status, whose refresh thread makes the "
        "build's process multi-threaded, while the reading pool forks",
        (
            "rich.console.Console.set_live",
            "rich.live.Live.stop",
            "rich.live.Live.start",
            "rich.live._RefreshThread",
        ),
        "12c920f4a9dabfdf",
    ),
    PrivateUse(
        "Pelican's log messages",
        "reword two messages an author cannot act on (a post without a title "
        "or date; a page written outside the output) into file:line: fix",
        (
            "pelican.contents.Content._has_valid_mandatory_properties",
            "pelican.contents.Content._has_valid_save_as",
        ),
        "5123e69cc1849607",
    ),
    PrivateUse(
        "Pelican's log of the error that ends a build",
        "say in one line that the machine stopped the build (a full disk, a "
        "read-only folder): main() logs that exception as CRITICAL on the "
        "`pelican` logger, with its traceback",
        ("pelican.main",),
        "0829153a263a5715",
    ),
    PrivateUse(
        "pelican.utils.copy_file's warning",
        "stop a build whose static file the disk refused: copy_file logs the "
        "OSError (its last argument) as a warning and carries on, leaving the "
        "file missing or cut short",
        ("pelican.utils.copy_file",),
        "063503dccf37c765",
    ),
)


# --- Content -------------------------------------------------------------------


def body_html(content) -> str:
    """A post's HTML as read, intrasite links unresolved."""
    return content._content or ""


def set_body_html(content, html: str) -> None:
    content._content = html


def resolve_intrasite_links(content, html: str) -> str:
    """``html`` with {filename}/{static}... links resolved for ``content``."""
    return content._update_content(html, content.get_siteurl())


def intrasite_link_regex(content) -> re.Pattern:
    return content._get_intrasite_link_regex()


def pin_url(content) -> None:
    """Freeze a post's URL and save_as at their current values."""
    content.override_url = content.url
    content.override_save_as = content.save_as


# --- generators -------------------------------------------------------------


def refresh_context(generator, names: tuple[str, ...]) -> None:
    """Copy a generator's lists into the shared context again."""
    generator._update_context(names)


# --- the writer ----------------------------------------------------------------


class SeamWriter(Writer):
    """Pelican's Writer, its private steps turned into methods to override.

    - ``open_output(filename, encoding)``: the file handle a page or feed is
      written through (Pelican: ``open(..., "w")``);
    - ``feed_entry_added(entry)``: each feed entry, once Pelican built it;
    - ``note_written(filename)``: a file this build produced without
      writing it (a reused page or feed), so that Pelican's own rules for
      files written twice still apply.
    """

    def _open_w(self, filename, encoding, override=False):
        # Pelican's rules for a file written twice in one build, verbatim in
        # effect; only the final open() differs.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time'
                )
            logger.info('Skipping "%s", not overwriting', filename)
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}": it was written earlier in '
                "this build"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return self.open_output(filename, encoding)

    def open_output(self, filename: str, encoding: str):
        return open(filename, "w", encoding=encoding)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        self.feed_entry_added(feed.items[-1])

    def feed_entry_added(self, entry: dict) -> None:
        """Change a feed entry (a feedgenerator item dict) in place."""

    def note_written(self, filename: str) -> None:
        self._written_files.add(filename)

    @property
    def written_files(self) -> frozenset[str]:
        """Every file this build wrote or kept, as absolute paths."""
        return frozenset(self._written_files)


# --- Pelican's console ----------------------------------------------------------


@contextmanager
def status_paused() -> Iterator[None]:
    """Pelican's live "Generating..." status, stopped for the duration.

    Its refresh thread is the build's only other thread; forking while it
    runs is what Python 3.12 warns about (a lock it holds would stay held in
    the child). Stopping it joins the thread; it starts again afterwards.
    """
    from pelican.log import console

    live = console._live_stack[-1] if console._live_stack else None
    running = live is not None and live.is_started
    if running:
        thread = live._refresh_thread
        live.stop()  # tells the thread to end, and does not wait for it
        if thread is not None:
            thread.join()
    try:
        yield
    finally:
        if running:
            live.start()


# --- Pelican's own messages ----------------------------------------------------

# The format strings Pelican logs (pelican/contents.py), matched exactly.
MISSING_PROPERTY = "Skipping %s: could not find information about '%s'"
OUTSIDE_OUTPUT = "Skipping %s: file %r would be written outside output path"


class _Reworder(logging.Filter):
    def __init__(self, template: str, rewrite: Callable) -> None:
        super().__init__()
        self.template, self.rewrite = template, rewrite

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == self.template and isinstance(record.args, tuple):
            record.msg, record.args = "%s", (self.rewrite(*record.args),)
        return True


_reworders: dict[str, _Reworder] = {}


def reword(template: str, rewrite: Callable[..., str]) -> None:
    """Log ``rewrite(*args)`` in place of Pelican's message ``template``
    (one of the constants above). Installing it again replaces it."""
    pelican_logger = logging.getLogger("pelican.contents")
    old = _reworders.pop(template, None)
    if old is not None:
        pelican_logger.removeFilter(old)
    _reworders[template] = _Reworder(template, rewrite)
    pelican_logger.addFilter(_reworders[template])


# --- errors that end a build --------------------------------------------------

# The warning pelican.utils.copy_file logs for a copy that failed.
FAILED_COPY = "A problem occurred copying file %s to %s; %s"


class _EndingError(logging.Filter):
    def __init__(self, handle: Callable[[BaseException], bool]) -> None:
        super().__init__()
        self.handle = handle

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return error is None or not self.handle(error)


class _FailedCopy(logging.Filter):
    def __init__(self, fatal: Callable[[OSError], bool]) -> None:
        super().__init__()
        self.fatal = fatal

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == FAILED_COPY and isinstance(record.args, tuple):
            error = record.args[-1]
            if isinstance(error, OSError) and self.fatal(error):
                raise error  # out of copy_file, and out of the build
        return True


_installed: dict[str, tuple[logging.Logger, logging.Filter]] = {}


def _install(key: str, logger_name: str, made: logging.Filter) -> None:
    """Add a filter to a Pelican logger; installing it again replaces it."""
    old = _installed.pop(key, None)
    if old is not None:
        old[0].removeFilter(old[1])
    target = logging.getLogger(logger_name)
    target.addFilter(made)
    _installed[key] = (target, made)


def on_build_ending_error(handle: Callable[[BaseException], bool]) -> None:
    """Call ``handle(error)`` with the exception that ends a build, before
    Pelican logs it with its traceback; when ``handle`` returns True (it
    has said what happened), Pelican's message is dropped. Installed when
    a plugin registers: a plugin's own ``initialized`` handler may be the
    first to fail."""
    _install("ending", "pelican", _EndingError(handle))


def failed_copies_raise(fatal: Callable[[OSError], bool]) -> None:
    """A static file that Pelican could not copy ends the build with its
    OSError when ``fatal(error)``, instead of a warning."""
    _install("copies", "pelican.utils", _FailedCopy(fatal))
