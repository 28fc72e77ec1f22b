"""The site's readers: Pelican's, plus what every post needs once it is read.

One Markdown reader class (the site's posts) and two thin ones for the
formats Pelican also reads (reST, HTML), sharing SiteReading:

1. take the result a worker read ahead (parallel.py), if there is one;
2. read: decode the file (a clear error if it is not UTF-8 text), convert
   it, parse its metadata (Markdown: as text, escaped; dates checked);
3. typeset body, title and summary (typography.py);
4. add the reading time and the default summary (derived.py).

Any problem is one error naming the file and line, and the post is skipped
(problems.py). Pelican caches what read() returns, all four steps included.
"""

from __future__ import annotations

import re

from markdown import Markdown
from pelican.readers import HTMLReader, MarkdownReader, RstReader

from . import metadata as text_metadata
from .derived import add_derived_metadata
from .parallel import WorkerFailedError, prefetcher
from .problems import PostError, decode, failed_extension, skipped, unconvertible
from .typography import typography_filter

FENCE_WITH_OPTIONS = re.compile(r"^\s*(`{3,}|~{3,})\s*\{")


def not_ours(cause: str) -> PostError:
    """The error for a post that failed for a reason that is not the
    author's: it names the cause and asks for a report."""
    return PostError(
        None,
        f"could not be read ({cause}); please report this, with the file "
        "(it is not built)",
    )


class SiteReading:
    """Steps 1, 3 and 4, around a format's own reading (read_source)."""

    converter = ""

    def read(self, source_path):
        try:
            prefetched = prefetcher.take(source_path, self.settings)
        except WorkerFailedError as failure:
            return skipped(not_ours(str(failure)), source_path, self.settings)
        if prefetched is not None:
            return prefetched
        return self.read_here(source_path)

    def read_here(self, source_path):
        """Read, typeset and derive, in this process (a worker's too)."""
        try:
            content, metadata = self.read_source(source_path)
            return self.finish(content, metadata)
        except PostError as problem:
            return skipped(problem, source_path, self.settings)
        except Exception as error:
            # A failure of ours or of a library, not the author's doing: the
            # post is still named, and every other post still builds.
            failure = not_ours(f"{type(error).__name__}: {error}")
            return skipped(failure, source_path, self.settings)

    def read_source(self, source_path) -> tuple[str, dict]:
        raise NotImplementedError

    def finish(self, content: str, metadata: dict) -> tuple[str, dict]:
        typeset = self._typography()
        if typeset is not None:
            if content:
                content = typeset(content)
            for name in ("title", "summary"):
                if isinstance(metadata.get(name), str):
                    metadata[name] = typeset(metadata[name])
        add_derived_metadata(content, metadata, self.settings)
        return content, metadata

    def _typography(self):
        if not hasattr(self, "_site_typography"):
            self._site_typography = typography_filter(self.settings)
        return self._site_typography


class SiteMarkdownReader(SiteReading, MarkdownReader):
    """The site's posts: Markdown, metadata as text."""

    converter = "Python-Markdown"

    def read_source(self, source_path):
        with open(source_path, "rb") as file:
            text = decode(file.read())
        lines = tuple(text.splitlines())
        # One Markdown instance for every post this reader reads, reset in
        # between (Pelican builds one per post: 0.6 ms each).
        markdown = self._markdown()
        markdown.reset()
        try:
            html = markdown.convert(text)
        except Exception as error:
            line = self._failing_fence_line(lines) if self._in_fences(error) else None
            raise PostError(line, unconvertible(error, self.converter)) from None
        meta = getattr(markdown, "Meta", {}) or {}
        return html, text_metadata.parse(self, meta, source_path, lines)

    def _markdown(self) -> Markdown:
        if not hasattr(self, "_site_markdown"):
            self._site_markdown = Markdown(**self.settings["MARKDOWN"])
        return self._site_markdown

    @staticmethod
    def _in_fences(error: Exception) -> bool:
        return failed_extension(error) == "fenced_code"

    def _failing_fence_line(self, lines: tuple[str, ...]) -> int | None:
        """The line of the first code fence that fails on its own."""
        for number, line in enumerate(lines, start=1):
            match = FENCE_WITH_OPTIONS.match(line)
            if not match:
                continue
            try:
                Markdown(**self.settings["MARKDOWN"]).convert(
                    f"{line}\nx\n{match.group(1)}"
                )
            except Exception:
                return number
        return None


class _OtherFormat(SiteReading):
    """A format Pelican reads itself: its failures, worded for the author."""

    def read_source(self, source_path):
        try:
            return super(SiteReading, self).read(source_path)
        except PostError:
            raise
        except Exception as error:
            raise PostError(None, unconvertible(error, self.converter)) from None


class SiteRstReader(_OtherFormat, RstReader):
    converter = "docutils"


class SiteHTMLReader(_OtherFormat, HTMLReader):
    converter = "Pelican's HTML reader"


SITE_READERS = {
    MarkdownReader: SiteMarkdownReader,
    RstReader: SiteRstReader,
    HTMLReader: SiteHTMLReader,
}


def use_site_readers(readers) -> None:
    """Pelican's readers_init: the site's reader for each format it reads."""
    for extension, reader_class in list(readers.reader_classes.items()):
        if reader_class in SITE_READERS:
            readers.reader_classes[extension] = SITE_READERS[reader_class]
