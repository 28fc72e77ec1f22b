"""Two small sites of ordinary content, built once per test session, and
the helpers the tests on them share (test_listing_summaries, test_dates,
test_typography, test_short_names).

- ``ordinary``: two posts that both open with "## Key takeaways" and a
  footnote, a post that opens with embeds (a YouTube iframe, video, a form,
  <details>, an object, a script), one whose first 55 words reach into a
  video's fallback text past a YouTube iframe, intrasite links and an image
  at the start of a post, a written Summary holding markup, categories and
  tags of two letters (PR, UX, AI), dates with microseconds (DEFAULT_DATE =
  "fs"), in 1850 (an offset in seconds) and at +05:30, and typography in
  prose and in a chart.
- ``foreign``: posts nobody here wrote, Pelican's own test articles
  (Pelican, AGPL-3.0; read from the installed package, never copied into
  this repository): a Medium export (ids and names on every element, an h1,
  <article> and <section>) and posts with footnotes and [TOC], each twice;
  an HTML post with inline SVG; Pelican's dashes test post.

A test module's fixture returns ``ordinary_site(tmp_path_factory)``: the
first module to ask builds the site, the others reuse it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pelican
import pytest
from conftest import build_site, new_content, parse_html

from sitecheck.problems import CheckResult
from sitecheck.runner import Report, format_report

# Every post's file time (DEFAULT_DATE = "fs" reads it): microseconds included.
FILE_TIME_NS = 1_700_000_000_123_456_000
# As Pelican dates it: the file time in the build's local time, taken to be
# TIMEZONE's (America/New_York: -05:00 in November).
FILE_DATE = (
    dt.datetime.fromtimestamp(FILE_TIME_NS / 1e9).strftime("%Y-%m-%dT%H:%M:%S")
    + "-05:00"
)
PELICAN_CONTENT = Path(pelican.__file__).parent / "tests" / "content"

SENTENCE = 'Q1--Q2 growth --- "strong"... said the team\'s lead.'
TYPESET = "Q1–Q2 growth — “strong”… said the team’s lead."
# Pelican's own dashes article, in reST and as an HTML post: typography is
# not for Markdown alone.
REST_TITLE = "One -, two --, three --- dashes, in reST too!"
HTML_POST = """<html><head><title>Dashes -- in "HTML" too</title>
<meta name="date" content="2012-12-01 10:00"></head>
<body><p>One: -; Two: --; Three: ---; and "quotes".</p></body></html>
"""
LONG_COMMAND = "curl --silent 'https://analytics.example.com/export?" + "&".join(
    f"metric{n}=sessions" for n in range(1, 30)
)
WIDE_TABLE = "\n".join(
    (
        "| " + " | ".join(f"Channel {n} share" for n in range(1, 13)) + " |",
        "|" + "---|" * 12,
        "| " + " | ".join(f"{n * 3.7:.1f}%" for n in range(1, 13)) + " |",
    )
)
WORDS_BEFORE_THE_FRAME = " ".join(f"word{n}" for n in range(1, 51))

POSTS = {
    "launch-notes.md": """\
Title: Launch notes -- what worked --- and what didn't
Date: 2024-01-02 10:00
Category: PR
Tags: AI, UX

## Key takeaways

Press coverage doubled[^press], see [the method](#method) below.

## Method

We counted mentions by hand.

[^press]: Counted by hand, twice.
""",
    "second-launch.md": """\
Title: Second launch
Date: 2024-01-03 10:00
Category: PR
Tags: AI

[TOC]

## Key takeaways

Coverage held up[^1] in the second week.

[^1]: Same method as before.
""",
    "talk.md": """\
Title: The talk, and what it left out
Date: 2024-01-04 10:00
Category: UX
Tags: UX

Watch the talk first.

<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="The talk"
  width="560" height="315" allowfullscreen></iframe>

<video controls src="https://media.example.com/clip.mp4">
  <track kind="captions" src="https://media.example.com/clip.vtt" srclang="en"
    label="English"></video>

<form action="https://newsletter.example.com/subscribe">
  <label for="email">Email</label> <input id="email" name="email" type="email">
  <button>Subscribe</button></form>

<details><summary>Transcript</summary><p>Every word of the transcript.</p></details>

<object data="https://media.example.com/deck.pdf" type="application/pdf"
  title="The slides" width="300" height="200"></object>

<script src="https://widgets.example.com/embed.js"></script>

Then the words that the summary keeps.
""",
    "frame-in-the-cut.md": f"""\
Title: A frame in the cut
Date: 2024-01-05 10:00
Category: AI

{WORDS_BEFORE_THE_FRAME}

<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="A clip"
  width="560" height="315"></iframe>

<video controls src="https://media.example.com/clip.mp4">
  <track kind="captions" src="https://media.example.com/clip.vtt" srclang="en"
    label="English">
  fallback words inside the video that Pelican counted as prose</video>

Then the words after the frame carry on for a while.
""",
    "commented-out.md": """\
Title: A paragraph commented out
Date: 2024-01-08 10:00
Category: UX

Kept "as" prose -- typeset.

<!-- Not ready -- the numbers are still "provisional":

    pelican --debug content

<p>A draft paragraph, hidden.</p>
-->

The rest of the post.
""",
    "wide-blocks.md": f"""\
Title: A long command and a wide table
Date: 2024-01-09 10:00
Category: UX

Export the numbers first:

    {LONG_COMMAND}

Then compare every channel:

{WIDE_TABLE}

<pre>raw HTML code, written by hand: {"x" * 200}</pre>
""",
    "linked.md": """\
Title: Linked from the start
Date: 2024-01-06 10:00
Category: AI

Read [the launch notes]({filename}launch-notes.md) next to this picture:
![A one-pixel picture]({static}/images/pixel.png)
""",
    "written-summary.md": """\
Title: A written summary
Date: 2024-01-07 10:00
Category: UX
Summary: A "plain" <iframe src="https://example.com/"></iframe> summary -- as written

The body of the post.
""",
    "from-the-file-time.md": """\
Title: Dated by its file
Category: AI

No Date line: DEFAULT_DATE = "fs" takes the file's time.
""",
    "eighteen-fifty.md": """\
Title: Eighteen fifty
Date: 1850-06-01 10:00
Category: AI

Before time zones, New York's offset was -04:56:02.
""",
    "half-hour-zone.md": """\
Title: A half-hour zone
Date: 2024-03-10T10:00:00+05:30
Category: AI

Written in India.
""",
    "typography.md": f"""\
Title: {SENTENCE}
Date: 2024-01-08 10:00
Category: AI
Tags: UX

{SENTENCE}

Run it with `--dry-run` first.

```chart
data: /data/growth.csv
type: bar
x: quarter
y: signups
title: {SENTENCE}
caption: {SENTENCE}
source: {SENTENCE}
alt: {SENTENCE}
```
""",
}
GROWTH_CSV = 'quarter,signups\n"Q1--Q2 ""best""",120\nQ3...,80\n'
# The smallest valid PNG: one transparent pixel.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000050001a5f645400000000049454e44ae426082"
)
LISTING_PAGES = re.compile(
    r"^(index\.html|page/.*|archives/.*|(tag|category|author)/.*|\d{4}/\d{2}/index\.html)$"
)


def build(content: Path, output: Path, extra: dict | None = None) -> Path:
    for path in (content / "posts").iterdir():
        os.utime(path, ns=(FILE_TIME_NS, FILE_TIME_NS))
    result = build_site(output, content=content, extra=extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


_built: dict[str, Path] = {}


def ordinary_site(tmp_path_factory) -> Path:
    """Our own posts (see the module's docstring), built once a session."""
    if "ordinary" not in _built:
        _built["ordinary"] = _build_ordinary(tmp_path_factory)
    return _built["ordinary"]


def foreign_site(tmp_path_factory) -> Path:
    """Posts written elsewhere (see the module's docstring), built once."""
    if "foreign" not in _built:
        _built["foreign"] = _build_foreign(tmp_path_factory)
    return _built["foreign"]


def _build_ordinary(tmp_path_factory) -> Path:
    content = new_content(tmp_path_factory.mktemp("ordinary"))
    for name, text in POSTS.items():
        (content / "posts" / name).write_text(text, "utf-8")
    (content / "data" / "growth.csv").write_text(GROWTH_CSV, "utf-8")
    (content / "images").mkdir()
    (content / "images" / "pixel.png").write_bytes(PIXEL_PNG)
    return build(content, content.parent / "output", {"DEFAULT_DATE": "fs"})


def _build_foreign(tmp_path_factory) -> Path:
    content = new_content(tmp_path_factory.mktemp("foreign"))
    posts = content / "posts"
    medium = (
        PELICAN_CONTENT / "medium_posts" / "2017-04-21_-medium-post--d1bf01d62ba3.html"
    )
    for copy in ("", " (again)"):
        text = medium.read_text("utf-8")
        (posts / f"medium{len(copy)}.html").write_text(
            text.replace("<title>A title</title>", f"<title>A title{copy}</title>"),
            "utf-8",
        )
        for name in (
            "article_with_markdown_and_footnote.md",
            "article_with_markdown_markup_extensions.md",
        ):
            text = (PELICAN_CONTENT / name).read_text("utf-8")
            title = re.search(r"^Title: (.*)$", text, re.M)[1]
            # Retitled, so that the copies have URLs of their own; tagged,
            # so that tag pages list them.
            (posts / f"{len(copy)}-{name}").write_text(
                text.replace(
                    f"Title: {title}", f"Title: {title}{copy}\nTags: imported"
                ),
                "utf-8",
            )
    for name in ("article_with_inline_svg.html", "article_with_typogrify_dashes.md"):
        (posts / name).write_bytes((PELICAN_CONTENT / name).read_bytes())
    # The same dashes in reST, retitled so that it has a URL of its own.
    rest = (PELICAN_CONTENT / "article_with_typogrify_dashes.rst").read_text("utf-8")
    title = rest.splitlines()[0]
    (posts / "article_with_typogrify_dashes.rst").write_text(
        rest.replace(
            f"{title}\n{'#' * len(title)}", f"{REST_TITLE}\n{'#' * len(REST_TITLE)}"
        ),
        "utf-8",
    )
    (posts / "typogrify_dashes.html").write_text(HTML_POST, "utf-8")
    return build(content, content.parent / "output", {"DEFAULT_DATE": "fs"})


# -- helpers -----------------------------------------------------------------


def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def listing_pages(site: Path) -> list[str]:
    found = [p for p in pages(site) if LISTING_PAGES.match(p)]
    assert {"index.html", "archives/index.html"} <= set(found)
    assert any(p.startswith("tag/") for p in found)
    assert any(p.startswith("category/") for p in found)
    assert any(p.startswith("author/") for p in found)
    assert any(re.match(r"\d{4}/\d{2}/index\.html$", p) for p in found)
    return found


def summaries(site: Path) -> dict[str, list]:
    """Each listing page's summaries (the <div class="entry__summary">);
    the archives list titles only."""
    found = {
        page: parse_html(site / page).xpath("//div[@class='entry__summary']")
        for page in listing_pages(site)
    }
    assert [page for page, listed in found.items() if not listed] == [
        "archives/index.html"
    ]
    return found


def summary_of(site: Path, title_part: str):
    """A post's summary on the home page (any page of it)."""
    found = [
        entry.xpath(".//div[@class='entry__summary']")[0]
        for page in [
            "index.html",
            *sorted(p.as_posix() for p in site.glob("page/*/index.html")),
        ]
        for entry in parse_html(site / page).xpath("//article[@class='entry']")
        if title_part in text(entry.xpath(".//h2")[0])
    ]
    assert len(found) == 1, title_part
    return found[0]


def text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def post(site: Path, slug: str):
    [path] = site.glob(f"*/*/{slug}/index.html")
    return parse_html(path)


def assert_clean(report: Report, name: str, pages=None) -> None:
    """No problem from that check (on those pages); else the report, as
    `invoke check` prints it."""
    result = report.result(name)
    found = [p for p in result.problems if pages is None or p.page in pages]
    if found:
        only = Report(report.site, [CheckResult(name, found)], report.seconds)
        pytest.fail(f"{name}: {len(found)} problem(s)\n" + format_report(only))
