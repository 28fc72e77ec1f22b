"""Problems of ours that the real-world material found, each pinned by the
smallest post that shows it, checked with the site's own checks."""

from __future__ import annotations

import pytest
from conftest import new_content, parse_html
from harness import build

from sitecheck import browser
from sitecheck.site import Site

pytestmark = pytest.mark.usefixtures("node_tools")

# Found in gapminder's post (tests/realworld/test_datasets.py): the error box
# quoting a chart block whose title line is wider than the column.
LONG_TITLE = (
    "Weekly signups from every channel we tried in 2024, with the paid ones, "
    "the organic ones and the ones nobody could explain at the time"
)
ERROR_BOX_POST = f"""\
Title: A chart whose file is missing
Date: 2024-06-01 10:00
Category: Notes
Tags: charts
Slug: missing-chart-data

The chart below names a file that does not exist.

```chart
data: /data/nowhere.csv
type: bar
x: week
y: signups
title: {LONG_TITLE}
```
"""
ERROR_BOX_PAGE = "2024/06/missing-chart-data/index.html"


@pytest.mark.browser
def test_a_chart_error_box_with_a_long_line_passes_axe(tmp_path):
    """axe's scrollable-region-focusable: a box that scrolls sideways must be
    reachable by keyboard; the quoted block wraps instead."""
    content = new_content(tmp_path)
    (content / "posts" / "missing-chart-data.md").write_text(ERROR_BOX_POST, "utf-8")
    built = build(content, tmp_path / "output")
    assert built.returncode == 0, built.log
    page = parse_html(built.output / ERROR_BOX_PAGE)
    (source,) = page.find_class("chart-error__source")
    assert "nobody could explain" in source.text_content()

    site = Site.load(built.output)
    _, accessibility = browser.run(site, axe_pages=[ERROR_BOX_PAGE])
    assert accessibility.stats["axe runs"] == 2
    assert accessibility.problems == [], "\n".join(
        p.message for p in accessibility.problems
    )
