"""Drafts are not deployed unless a setting asks for it.

A publish build (PUBLISH_DRAFTS = False) writes no draft, post or page, and
none of its charts' files; a development build writes them to drafts/ to be
looked at; PUBLISH_DRAFTS = True publishes them there. A draft's chart
errors still fail a publish build.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import build_site, new_content

WIDE_LOG = {**os.environ, "COLUMNS": "400"}
DRAFT = """\
Title: Quarterly Numbers Preview
Date: 2024-04-02 09:00
Category: Planning
Status: draft
Slug: quarterly-numbers-preview

Not ready for readers yet.

```chart
data: /data/quarter.csv
type: bar
x: month
y: revenue
```
"""
DRAFT_PAGE = """\
Title: Pricing Ideas
Status: draft
Slug: pricing-ideas

Unfinished.
"""
PUBLISHED = """\
Title: Published Notes
Date: 2024-04-01 09:00
Category: Planning

Ready.
"""
QUARTER = "month,revenue\nJan,58211\nFeb,60475\nMar,63390\n"
MARKERS = (b"Quarterly Numbers Preview", b"Pricing Ideas", b"58211", b"58,211")


def build(tmp_path: Path, settings: str, draft: str = DRAFT, **extra):
    content = new_content(tmp_path)
    (content / "pages").mkdir()
    (content / "posts" / "draft.md").write_text(draft, "utf-8")
    (content / "posts" / "published.md").write_text(PUBLISHED, "utf-8")
    (content / "pages" / "pricing.md").write_text(DRAFT_PAGE, "utf-8")
    (content / "data" / "quarter.csv").write_text(QUARTER, "utf-8")
    output = tmp_path / "output"
    result = build_site(
        output, settings=settings, content=content, extra=extra, env=WIDE_LOG
    )
    return output, result.stdout + result.stderr, result.returncode


def holds_a_draft(output: Path) -> list[str]:
    found = []
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.relative_to(output).parts[0] != "theme":
            data = path.read_bytes()
            found += [f"{path.name}: {m!r}" for m in MARKERS if m in data]
    return found


def test_a_publish_build_writes_no_draft(tmp_path):
    output, log, code = build(tmp_path, "publishconf.py")
    assert code == 0, log
    assert not (output / "drafts").exists()
    assert holds_a_draft(output) == []
    assert (
        not list((output / "data").glob("quarter*"))
        if (output / "data").exists()
        else True
    )
    assert (output / "2024" / "04" / "published-notes" / "index.html").exists()


def test_a_development_build_writes_drafts_to_look_at(tmp_path):
    output, log, code = build(tmp_path, "pelicanconf.py")
    assert code == 0, log
    assert (output / "drafts" / "quarterly-numbers-preview.html").exists()
    assert (output / "drafts" / "pages" / "pricing-ideas.html").exists()
    assert list((output / "data").glob("quarter.*.csv"))


def test_publish_drafts_true_deploys_them(tmp_path):
    output, log, code = build(tmp_path, "publishconf.py", PUBLISH_DRAFTS=True)
    assert code == 0, log
    assert (output / "drafts" / "quarterly-numbers-preview.html").exists()
    index = (output / "index.html").read_text("utf-8")
    assert "Quarterly Numbers Preview" not in index  # still unlisted


def test_a_chart_error_in_a_draft_still_fails_a_publish_build(tmp_path):
    _, log, code = build(
        tmp_path, "publishconf.py", draft=DRAFT.replace("y: revenue", "y: revenu")
    )
    assert code == 1, log
    assert "content/posts/draft.md:13: y column 'revenu' not found" in log
