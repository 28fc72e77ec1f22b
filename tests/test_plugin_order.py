"""No plugin depends on its place in PLUGINS.

The site is built with the list as written, reversed, and rotated, each from
nothing; the outputs must be the same bytes (``diff -r``). A plugin that
needed another to run first would change a page, a feed or an asset here.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from incremental_site import Project

ORDERS = {
    "reversed": "PLUGINS = PLUGINS[::-1]",
    "rotated": "PLUGINS = PLUGINS[len(PLUGINS) // 2 :] + PLUGINS[: len(PLUGINS) // 2]",
}


# A default summary (the first paragraph) with an intrasite link: Pelican
# memoizes summaries, so a plugin reading one before the link is resolved
# would keep the raw {filename} link, in one order of PLUGINS only.
LINKED_SUMMARY = """Title: Where the funnel post leads
Date: 2010-02-01 09:00
Category: Email Marketing
Tags: email

Start with [the funnel]({filename}read-your-email-funnel-from-the-bottom-up.md).

A second paragraph, left out of the summary.
"""


@pytest.fixture(scope="module")
def as_written(tmp_path_factory) -> tuple[Project, Path]:
    project = Project(tmp_path_factory.mktemp("plugin-order"))
    project.write("content/posts/where-the-funnel-leads.md", LINKED_SUMMARY)
    built = project.clean_build()
    home = (built / "index.html").read_text("utf-8")
    assert "{filename}" not in home
    assert "read-your-email-funnel-from-the-bottom-up/" in home
    return project, built


@pytest.mark.parametrize("order", sorted(ORDERS))
def test_the_order_of_plugins_changes_no_byte(as_written, order):
    project, expected = as_written
    settings = project.read("pelicanconf.py")
    project.write("pelicanconf.py", settings + "\n" + ORDERS[order] + "\n")
    try:
        output = project.clean_build()
    finally:
        project.write("pelicanconf.py", settings)
    result = subprocess.run(
        ["diff", "-r", str(expected), str(output)],
        capture_output=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stdout[:4000]
    assert any(output.rglob("index.html")), "the build wrote no pages"
