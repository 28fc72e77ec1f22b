"""{static}, {attach} and {filename} links that climb out of content/ with
../ are refused: the file they reach is not published."""

from __future__ import annotations

import os
from urllib.parse import unquote, urlparse

from sitekit.metadata_lines import text_line
from sitekit.pelican_seam import body_html, intrasite_link_regex

from .messages import guard

LINK_KINDS = ("static", "attach", "filename", "file")


def link_problems(content) -> list[tuple[int | None, str]]:
    """{static}/{attach}/{filename} links that reach outside content/."""
    problems = []
    html = body_html(content)
    root = guard.content_root
    for match in intrasite_link_regex(content).finditer(html):
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
