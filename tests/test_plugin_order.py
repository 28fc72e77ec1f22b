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


@pytest.fixture(scope="module")
def as_written(tmp_path_factory) -> tuple[Project, Path]:
    project = Project(tmp_path_factory.mktemp("plugin-order"))
    return project, project.clean_build()


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
