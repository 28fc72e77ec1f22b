"""Imported comments: read beside each post, checked, made into threads.

The file is data, never markup: the template escapes every name and text,
so a comment cannot add an element, a link or a script. A file that no
post owns, or that cannot be read, is an error naming it and its line.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sitekit.content_lists import ARTICLE_LISTS, contents_of

from .inputs import COMMENTS_SUFFIX, comment_files, shown

logger = logging.getLogger(__name__)


@dataclass
class Comment:
    id: str
    author: str
    date: datetime | None
    paragraphs: list[list[str]]  # paragraphs, each a list of lines
    replies: list[Comment] = field(default_factory=list)

    @property
    def machine_date(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def shown_date(self) -> str:
        if self.date is None:
            return ""
        hour = self.date.hour % 12 or 12
        half = "am" if self.date.hour < 12 else "pm"
        return (
            f"{self.date:%B} {self.date.day}, {self.date.year} at "
            f"{hour}:{self.date.minute:02d} {half}"
        )

    @property
    def count(self) -> int:
        return 1 + sum(reply.count for reply in self.replies)


def attach(generator) -> None:
    """Give each post its comments (``imported_comments``: the top-level
    comments, each with its replies) and report orphaned files."""
    settings = generator.settings
    posts = {
        Path(article.source_path).resolve().with_suffix(""): article
        for article in contents_of(generator, ARTICLE_LISTS)
    }
    for path in comment_files(settings):
        stem = path.with_name(path.name[: -len(COMMENTS_SUFFIX)])
        where = shown(path, settings)
        article = posts.get(stem)
        if article is None:
            logger.error(
                "%s:1: no post %s.md beside this comments file; rename it along "
                "with its post, or delete it",
                where,
                stem.name,
            )
            continue
        threads = read(path, where)
        if threads is not None:
            article.imported_comments = threads
            article.imported_comment_count = sum(t.count for t in threads)


def read(path: Path, where: str) -> list[Comment] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError:
        logger.error("%s:1: not UTF-8 text; save it as UTF-8", where)
        return None
    except json.JSONDecodeError as error:
        logger.error(
            "%s:%d: not valid JSON (%s); correct that line",
            where,
            error.lineno,
            error.msg,
        )
        return None
    entries = data.get("comments") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        logger.error('%s:1: expected {"comments": [...]}', where)
        return None
    by_id: dict[str, Comment] = {}
    threads: list[Comment] = []
    lines = object_lines(path.read_text("utf-8"))
    for number, entry in enumerate(entries, start=1):
        at = f"{where}:{lines[number - 1] if number <= len(lines) else 1}"
        problem = invalid(entry)
        if problem:
            logger.error("%s: comment %d: %s", at, number, problem)
            continue
        date = None
        if entry.get("date"):
            try:
                date = datetime.fromisoformat(entry["date"])
            except ValueError:
                logger.error(
                    "%s: comment %d: the date %r is not YYYY-MM-DDTHH:MM:SS; "
                    "write it so (the comment is shown without a date until then)",
                    at,
                    number,
                    entry["date"],
                )
        comment = Comment(
            id=str(entry.get("id", number)),
            author=" ".join(str(entry["author"]).split()) or "Anonymous",
            date=date,
            paragraphs=[
                [" ".join(line.split()) for line in block.split("\n")]
                for block in str(entry["text"]).replace("\r\n", "\n").split("\n\n")
                if block.strip()
            ],
        )
        parent = by_id.get(str(entry.get("parent") or ""))
        (parent.replies if parent else threads).append(comment)
        by_id[comment.id] = comment
    return threads


def invalid(entry) -> str:
    if not isinstance(entry, dict):
        return "each comment is an object with author, date and text"
    for key in ("author", "text"):
        if not isinstance(entry.get(key), str):
            return f'"{key}" is missing or not text; give it as "quoted text"'
    return ""


def object_lines(text: str) -> list[int]:
    """The line on which each element of the comments list starts."""
    lines, depth, line, in_string, escaped = [], 0, 1, False, False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth == 3:
                lines.append(line)
        elif char in "]}":
            depth -= 1
    return lines
