"""A post that cannot be read: one error naming the file, the line and the fix.

Pelican alone says "Could not process posts/x.md" (the reason only in debug
mode) or skips a file with an absolute path and no advice. A problem found
while reading is kept with the reader's result, in the metadata, so that a
cached rebuild reports it again instead of dropping the post silently; the
post itself is skipped (status "skip").
"""

from __future__ import annotations

import logging

from sitekit.paths import display_path

logger = logging.getLogger(__name__)

# The metadata key that carries a problem from the reader to the report.
PROBLEM = "content_problem"


class PostError(Exception):
    """A problem with a source file, in words its author can act on."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message

    def located(self, source_path: str, content_root: str) -> str:
        where = display_path(source_path, content_root)
        return (
            f"{where}:{self.line}: {self.message}"
            if self.line
            else (f"{where}: {self.message}")
        )


def skipped(problem: PostError, source_path: str, settings) -> tuple:
    """The reader's result for a file that is not built."""
    message = problem.located(source_path, settings["PATH"])
    return "", {"status": "skip", PROBLEM: message}


def report(generator, metadata) -> None:
    """Log a read problem, from the cache or not (article/page context)."""
    message = metadata.get(PROBLEM)
    if message:
        logger.error("%s", message)


def decode(data: bytes) -> str:
    """A source file's text, or a problem saying why it is not text."""
    if b"\x00" in data:
        raise PostError(
            None,
            "this is not a text file (it contains NUL bytes); posts are "
            "Markdown text (it is not built)",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        try:
            data.decode("cp1252")
            guess = "it looks like a Windows-1252 / Latin-1 file"
        except UnicodeDecodeError:
            guess = "it is not UTF-8 text"
        raise PostError(
            line,
            f"byte 0x{byte:02X} is not UTF-8: {guess}; save it as UTF-8 "
            "(it is not built)",
        ) from None
    # As Python's text mode reads it (Pelican opens files so).
    return text.replace("\r\n", "\n").replace("\r", "\n")


def failed_extension(error: BaseException) -> str | None:
    """The Python-Markdown extension an exception came from, if one."""
    extension = None
    trace = error.__traceback__
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        if module.startswith("markdown.extensions."):
            extension = module.rpartition(".")[2]
        trace = trace.tb_next
    return extension


def unconvertible(error: Exception, converter: str) -> str:
    """Why a converter (Python-Markdown, docutils) failed on a post.

    A Markdown extension fails on unusual input, such as a fence's
    attribute list with an option it cannot take; its name tells the
    author where to look."""
    extension = failed_extension(error) if converter == "Python-Markdown" else None
    where = f" in its {extension} extension" if extension else ""
    if extension == "fenced_code":
        hint = "check the options in the {…} after the code fence (```)"
    elif converter == "docutils":
        hint = "check the reStructuredText markup (a title's underline must be "
        hint += "as long as the title)"
    else:
        hint = "look for unusual markup or raw HTML and simplify it"
    return (
        f"{converter} could not convert this post{where} "
        f"({type(error).__name__}: {error}); {hint} (it is not built)"
    )
