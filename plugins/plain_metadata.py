"""Treat post metadata as text, never as markup; refuse unreadable posts clearly.

Pelican hands titles and summaries to the theme as HTML (typogrify's output),
so a title such as ``<img onerror=...>`` would reach readers' browsers as an
element. This reader escapes those values *before* typogrify runs, so the
typography still happens and the markup arrives as visible text. Everything
else the theme prints is escaped by Jinja's autoescape.

It also checks ``original_url``: only http(s) addresses become links.

A post that cannot be read (not UTF-8, a binary file, a date that is not a
date) gets one error naming the file and line, ``content/posts/x.md:2: ...``,
and is not built; Pelican alone would say only "Could not process" and why
only in debug mode. The problem is kept with the reader's result, so a
cached rebuild reports it again instead of dropping the post silently.
"""

from __future__ import annotations

import html
import logging
import os
import re
from urllib.parse import urlsplit

from pelican import signals
from pelican.readers import MarkdownReader

logger = logging.getLogger(__name__)

HTML_VALUED_FIELDS = ("title", "summary")
DATE_FIELDS = ("date", "modified")
PROBLEM = "content_problem"


class _ProblemError(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class PlainMetadataMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader, with HTML-valued metadata escaped."""

    _reading: str | None = None
    _lines: tuple[str, ...] = ()

    def read(self, source_path):
        try:
            data = _read_bytes(source_path)
            text = _decode(data)
            self._reading, self._lines = source_path, tuple(text.splitlines())
            try:
                return super().read(source_path)
            except _ProblemError:
                raise
            except Exception as error:
                line = self._failing_fence_line() if _in_fenced_code(error) else None
                raise _ProblemError(line, unreadable_markdown(error)) from None
            finally:
                self._reading = None
        except _ProblemError as problem:
            where = display_path(source_path, self.settings)
            if problem.line:
                where += f":{problem.line}"
            message = f"{where}: {problem.message}"
            # Pelican skips a "skip" content quietly; we report it from the
            # metadata, on every build, cached or not (see report_problem).
            return "", {"status": "skip", PROBLEM: message}

    def process_metadata(self, name, value):
        try:
            return super().process_metadata(name, value)
        except (ValueError, TypeError, OverflowError):
            if self._reading is None or name not in DATE_FIELDS:
                raise
            key = "Date" if name == "date" else "Modified"
            raise _ProblemError(
                self._metadata_line(name),
                f"{key}: {str(value).strip()!r} is not a date; write it as "
                "2024-01-31 or 2024-01-31 14:30 (it is not built)",
            ) from None

    def _parse_metadata(self, meta):
        output = super()._parse_metadata(meta)
        for name in HTML_VALUED_FIELDS:
            if isinstance(output.get(name), str):
                output[name] = html.escape(output[name], quote=False)
        url = output.get("original_url")
        if url is not None and not is_web_address(url):
            where = display_path(self._source_path, self.settings)
            line = self._metadata_line("original_url")
            logger.error(
                "%s%s: original_url %r is not an http(s) address; it is ignored. "
                "Write the full address, such as https://example.com/post/.",
                where,
                f":{line}" if line else "",
                url,
            )
            del output["original_url"]
        return output

    def _failing_fence_line(self) -> int | None:
        """The line of the first code fence that fails on its own."""
        from markdown import Markdown

        for number, line in enumerate(self._lines, start=1):
            match = FENCE_WITH_OPTIONS.match(line)
            if not match:
                continue
            fence = match.group(1)
            try:
                Markdown(**self.settings["MARKDOWN"]).convert(f"{line}\nx\n{fence}")
            except Exception:
                return number
        return None

    def _metadata_line(self, key: str) -> int | None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*:", re.IGNORECASE)
        for number, line in enumerate(self._lines, start=1):
            if not line.strip():
                return None
            if pattern.match(line):
                return number
        return None


FENCE_WITH_OPTIONS = re.compile(r"^\s*(`{3,}|~{3,})\s*\{")


def _markdown_extension(error: Exception) -> str | None:
    """The Python-Markdown extension an exception came from, if one."""
    extension = None
    trace = error.__traceback__
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        if module.startswith("markdown.extensions."):
            extension = module.rpartition(".")[2]
        trace = trace.tb_next
    return extension


def _in_fenced_code(error: Exception) -> bool:
    return _markdown_extension(error) == "fenced_code"


def unreadable_markdown(error: Exception) -> str:
    """Why Python-Markdown failed on a post, for its author.

    Pelican logs only "Could not process posts/x.md" (the reason only in
    debug mode). A Markdown extension fails on unusual input, such as a
    fence's attribute list with an option it cannot take; the extension's
    name tells the author where to look.
    """
    extension = _markdown_extension(error)
    where = f" in its {extension} extension" if extension else ""
    hint = (
        "check the options in the {…} after the code fence (```)"
        if extension == "fenced_code"
        else "look for unusual Markdown or raw HTML and simplify it"
    )
    return (
        f"Python-Markdown could not convert this post{where} "
        f"({type(error).__name__}: {error}); {hint} (it is not built)"
    )


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _decode(data: bytes) -> str:
    if b"\x00" in data:
        raise _ProblemError(
            None,
            "this is not a text file (it contains NUL bytes); posts are "
            "Markdown text (it is not built)",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        try:
            data.decode("cp1252")
            guess = "it looks like a Windows-1252 / Latin-1 file"
        except UnicodeDecodeError:
            guess = "it is not UTF-8 text"
        raise _ProblemError(
            line,
            f"byte 0x{byte:02X} is not UTF-8: {guess}; save it as UTF-8 "
            "(it is not built)",
        ) from None


def display_path(path: str, settings) -> str:
    """``content/posts/x.md`` for a file in the content folder."""
    root = os.path.realpath(settings["PATH"])
    real = os.path.realpath(path)
    if real.startswith(root + os.sep):
        inside = os.path.relpath(real, root).replace(os.sep, "/")
        return f"{os.path.basename(root)}/{inside}"
    return path


def report_problem(generator, metadata) -> None:
    message = metadata.get(PROBLEM)
    if message:
        logger.error("%s", message)


def is_web_address(value: object) -> bool:
    """True for an absolute http(s) URL with a host, and nothing else."""
    if not isinstance(value, str) or any(c.isspace() for c in value.strip()):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


MISSING_PROPERTY = "Skipping %s: could not find information about '%s'"
HOW_TO_ADD = {
    "title": "add a line such as 'Title: What we learned' at the top of the file",
    "date": "add a line such as 'Date: 2024-01-31 10:00' to the metadata at the "
    "top of the file",
}


class MissingMetadataMessages(logging.Filter):
    """Pelican's "Skipping /abs/path: could not find information about
    'date'" in the words of every other content error: the file as the
    author knows it, what is missing, and how to add it."""

    def __init__(self) -> None:
        super().__init__()
        self.settings: dict = {}

    def configure(self, pelican) -> None:
        self.settings = pelican.settings

    def filter(self, record: logging.LogRecord) -> bool:
        if record.msg == MISSING_PROPERTY and len(record.args or ()) == 2:
            content, prop = record.args
            path = getattr(content, "source_path", None) or str(content)
            where = display_path(path, self.settings) if self.settings else path
            how = HOW_TO_ADD.get(prop, f"add a '{prop.title()}:' line")
            record.msg = "%s: no %s: line; %s (it is not built)"
            record.args = (where, prop.title(), how)
        return True


missing_metadata = MissingMetadataMessages()


def use_plain_metadata_reader(readers) -> None:
    for extension in PlainMetadataMarkdownReader.file_extensions:
        readers.reader_classes[extension] = PlainMetadataMarkdownReader


def register() -> None:
    # Pelican's own message for a post without a title or date (contents.py).
    logging.getLogger("pelican.contents").addFilter(missing_metadata)
    signals.initialized.connect(missing_metadata.configure)
    signals.readers_init.connect(use_plain_metadata_reader)
    signals.article_generator_context.connect(report_problem)
    signals.page_generator_context.connect(report_problem)
