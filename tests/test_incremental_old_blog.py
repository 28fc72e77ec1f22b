"""An incremental build equals a clean build when the inputs of
plugins/old_blog change: a post's imported comments and content/redirects.txt.

As in tests/test_incremental.py: a copy of the project is built, edited the
way an author edits these files after `invoke import-wordpress`, rebuilt
into the same output with the same caches (by `invoke build` and by the
live preview's worker), then compared with a clean build of the same
sources (`diff -r`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from incremental_site import REBUILDS, Project, built_project

REFERENCE = "content/posts/takeaway-spam-or-good-marketing.md"
COMMENTS = "content/posts/takeaway-spam-or-good-marketing.comments.json"
EARLIER = "content/posts/spam-or-good-marketing-mass-dms-on-twitter.md"
REDIRECTS = "content/redirects.txt"
REFERENCE_PAGE = (
    "2009/10/takeaway-from-the-spam-or-good-marketing-conversation/index.html"
)
CATEGORY_FEED = "/feeds/category/social-strategies.atom.xml"


def comments_text(first_text: str) -> str:
    return json.dumps(
        {
            "comments": [
                {
                    "id": 301,
                    "author": "Dana Whitfield",
                    "date": "2009-10-21T11:42:10-04:00",
                    "text": first_text,
                },
                {
                    "id": 302,
                    "parent": 301,
                    "author": "Jordan Ellis",
                    "date": "2009-10-21T12:05:33-04:00",
                    "text": "Fair point, Dana.",
                },
            ]
        },
        indent=2,
    )


REDIRECT_LINES = (
    "/2009/10/21/takeaway-from-the-spam-or-good-marketing-conversation/  "
    "{filename}/posts/takeaway-spam-or-good-marketing.md\n"
    "/?p=123  {filename}/posts/takeaway-spam-or-good-marketing.md\n"
    "/?p=118  {filename}/posts/spam-or-good-marketing-mass-dms-on-twitter.md\n"
    "/category/marketing/social-strategies/  {category}Social Strategies\n"
    "/feed/  /feeds/all.atom.xml\n"
)


def add_comments(p: Project) -> None:
    p.write(COMMENTS, comments_text("Sales are one measure."))


def edit_comment(p: Project) -> None:
    add_comments(p)
    p.rebuild()
    p.write(COMMENTS, comments_text("Sales are one measure; trust is another."))


def remove_comments(p: Project) -> None:
    add_comments(p)
    p.rebuild()
    p.path(COMMENTS).unlink()


def rename_post_with_comments(p: Project) -> None:
    # The comments file goes with its post, as the README says to do.
    add_comments(p)
    p.rebuild()
    p.path(REFERENCE).rename(p.path("content/posts/takeaway.md"))
    p.path(COMMENTS).rename(p.path("content/posts/takeaway.comments.json"))


def add_redirects(p: Project) -> None:
    p.write(REDIRECTS, REDIRECT_LINES)


def edit_redirects(p: Project) -> None:
    # One line goes (its page and rules with it), one changes its target.
    add_redirects(p)
    p.rebuild()
    lines = [line for line in REDIRECT_LINES.splitlines() if "/?p=118" not in line]
    text = "\n".join(lines) + "\n"
    p.write(REDIRECTS, text.replace("/feeds/all.atom.xml", CATEGORY_FEED))


def remove_redirects(p: Project) -> None:
    # No redirects file: no _redirects, nginx rules, redirect pages or the
    # home page's script for /?p= addresses.
    add_redirects(p)
    p.rebuild()
    p.path(REDIRECTS).unlink()


def move_a_redirected_post(p: Project) -> None:
    # The redirect follows the post to its new address.
    add_redirects(p)
    p.rebuild()
    p.set_metadata(EARLIER, "Slug", "mass-dms-spam-or-marketing")


EDITS: dict[str, Callable[[Project], None]] = {
    edit.__name__: edit
    for edit in (
        add_comments,
        edit_comment,
        remove_comments,
        rename_post_with_comments,
        add_redirects,
        edit_redirects,
        remove_redirects,
        move_a_redirected_post,
    )
}


def shown(output: Path, relative: str) -> str:
    path = output / relative
    return path.read_text("utf-8") if path.is_file() else ""


# What the rebuilt site shows after each edit: the edit took effect.
SHOWS: dict[str, Callable[[Path], bool]] = {
    "add_comments": lambda out: "Sales are one measure." in shown(out, REFERENCE_PAGE),
    "edit_comment": lambda out: "trust is another" in shown(out, REFERENCE_PAGE),
    "remove_comments": lambda out: "Dana Whitfield" not in shown(out, REFERENCE_PAGE),
    "rename_post_with_comments": lambda out: (
        "Dana Whitfield" in shown(out, REFERENCE_PAGE)
    ),
    "add_redirects": lambda out: (
        "/wordpress/p/118/" in shown(out, "_redirects")
        and "$arg_p" in shown(out, "redirects.nginx.conf")
        and "/feeds/all.atom.xml" in shown(out, "feed/index.html")
    ),
    "edit_redirects": lambda out: (
        not (out / "wordpress/p/118").exists()
        and CATEGORY_FEED in shown(out, "feed/index.html")
    ),
    "remove_redirects": lambda out: (
        not (out / "_redirects").exists()
        and not (out / "redirects.nginx.conf").exists()
        and not (out / "feed").exists()
        and "old-addresses" not in shown(out, "index.html")
    ),
    "move_a_redirected_post": lambda out: (
        "/2009/10/mass-dms-spam-or-marketing/"
        in shown(out, "wordpress/p/118/index.html")
    ),
}


@pytest.fixture(params=REBUILDS)
def project(request, tmp_path) -> Iterator[Project]:
    yield from built_project(tmp_path, request.param)


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(project, edit):
    EDITS[edit](project)
    project.rebuild()
    assert SHOWS[edit](project.output)
    assert project.differences() == ""
