"""Posts go live on their date.

A publish build leaves out a post dated after the build's now (its page,
listings, feeds, sitemap, archives, related links and chart files), and
says which posts wait and until when; a development build shows it, marked
"Scheduled". The now is an input (BUILD_NOW, SOURCE_DATE_EPOCH), so the
same sources and the same now build the same bytes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_site, parse_html

WIDE_LOG = {**os.environ, "COLUMNS": "400"}
SCHEDULED = """\
Title: Spring Launch Numbers
Date: 2026-03-02 09:00
Category: Launches
Tags: launch planning, email
Slug: spring-launch-numbers
Summary: What the spring launch brought in.

The spring launch, by channel.

```chart
data: /data/spring-launch.csv
type: bar
x: channel
y: signups
title: Spring launch signups
```
"""
LAUNCH_CSV = "channel,signups\nEmail,73191\nSocial,233\nSearch,187\n"
BEFORE = "2026-03-01T12:00"
AFTER = "2026-03-02T09:01"
MARKERS = (
    b"Spring Launch Numbers",
    b"spring-launch",
    b"launch-planning",
    b"73,191",
    b"73191",
)


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The sample site, plus one post dated 2026-03-02 09:00 (New York)."""
    content = tmp_path_factory.mktemp("scheduled") / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "posts" / "spring-launch.md").write_text(SCHEDULED, "utf-8")
    (content / "data" / "spring-launch.csv").write_text(LAUNCH_CSV, "utf-8")
    return content


def build(content: Path, output: Path, settings: str, **env: str):
    environment = {**WIDE_LOG, **env}
    for name in ("BUILD_NOW", "SOURCE_DATE_EPOCH"):
        if name not in env:
            environment.pop(name, None)
    result = build_site(output, settings=settings, content=content, env=environment)
    return result.stdout + result.stderr, result.returncode


def every_file(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def held(content, tmp_path_factory):
    output = tmp_path_factory.mktemp("held") / "output"
    log, code = build(content, output, "publishconf.py", BUILD_NOW=BEFORE)
    assert code == 0, log
    return output, log


def test_a_publish_build_leaves_a_scheduled_post_out_entirely(held):
    output, _ = held
    files = every_file(output)
    assert not (output / "2026" / "03" / "spring-launch-numbers").exists()
    assert not [name for name in files if "spring-launch" in name]
    assert not (output / "tag" / "launch-planning").exists()
    assert not (output / "category" / "launches").exists()
    for name, data in files.items():
        if name.startswith("theme/"):
            continue  # the theme's own files, the same in every build
        for marker in MARKERS:
            assert marker not in data, f"{marker!r} in {name}"


def test_it_is_in_no_listing_feed_or_sitemap(held):
    output, _ = held
    index = parse_html(output / "index.html")
    titles = [t.text_content() for t in index.find_class("entry__title")]
    assert "Spring Launch Numbers" not in titles
    assert "2026/03/" not in (output / "sitemap.xml").read_text("utf-8")
    for feed in (output / "feeds").rglob("*.xml"):
        assert "spring-launch" not in feed.read_text("utf-8"), feed
    archives = (output / "archives" / "index.html").read_text("utf-8")
    assert "Spring Launch" not in archives
    assert "March 2026" not in archives


def test_the_build_says_which_posts_wait_and_until_when(held):
    _, log = held
    assert (
        "content/posts/spring-launch.md: scheduled for 2026-03-02 09:00-05:00, "
        "after this build's now (2026-03-01 12:00-05:00, from BUILD_NOW); left "
        "out until then"
    ) in log


def test_once_its_date_has_passed_it_is_published(content, tmp_path):
    output = tmp_path / "output"
    log, code = build(content, output, "publishconf.py", BUILD_NOW=AFTER)
    assert code == 0, log
    page = output / "2026" / "03" / "spring-launch-numbers" / "index.html"
    assert page.exists()
    assert "spring-launch-numbers" in (output / "sitemap.xml").read_text("utf-8")
    assert "Spring Launch Numbers" in (output / "feeds" / "all.atom.xml").read_text(
        "utf-8"
    )
    assert list((output / "data").glob("spring-launch.*.csv"))
    assert "scheduled for" not in log
    assert parse_html(page).find_class("scheduled") == []


def test_a_development_build_shows_it_marked_scheduled(content, tmp_path):
    output = tmp_path / "output"
    log, code = build(content, output, "pelicanconf.py", BUILD_NOW=BEFORE)
    assert code == 0, log
    page = parse_html(output / "2026" / "03" / "spring-launch-numbers" / "index.html")
    (meta,) = page.find_class("post__meta")
    assert [s.text_content() for s in meta.find_class("scheduled")] == ["Scheduled"]
    index = parse_html(output / "index.html")
    (entry,) = [
        e
        for e in index.find_class("entry")
        if "Spring Launch" in e.find_class("entry__title")[0].text_content()
    ]
    assert entry.find_class("scheduled")
    # Every other post is published: none of them is marked.
    other = parse_html(
        output
        / "2025"
        / "09"
        / "unsubscribes-are-a-signal-not-a-scoreboard"
        / "index.html"
    )
    (meta,) = other.find_class("post__meta")
    assert meta.find_class("scheduled") == []


def test_same_sources_and_same_now_give_the_same_bytes(content, tmp_path):
    """BUILD_NOW in either form, or SOURCE_DATE_EPOCH: one now, one output."""
    epoch = "1772384400"  # 2026-03-01 12:00 in New York, in seconds
    outputs = []
    for number, env in enumerate(
        ({"BUILD_NOW": BEFORE}, {"BUILD_NOW": epoch}, {"SOURCE_DATE_EPOCH": epoch})
    ):
        output = tmp_path / f"output-{number}"
        log, code = build(content, output, "publishconf.py", **env)
        assert code == 0, log
        outputs.append(output)
    for other in outputs[1:]:
        compared = subprocess.run(
            ["diff", "-r", str(outputs[0]), str(other)],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            check=False,
        )
        assert compared.stdout + compared.stderr == ""


def test_a_chart_error_in_a_scheduled_post_fails_the_publish_build_today(
    content, tmp_path
):
    broken = tmp_path / "content"
    shutil.copytree(content, broken)
    post = broken / "posts" / "spring-launch.md"
    post.write_text(SCHEDULED.replace("y: signups", "y: signup"), "utf-8")
    log, code = build(broken, tmp_path / "output", "publishconf.py", BUILD_NOW=BEFORE)
    assert code == 1, log
    assert "content/posts/spring-launch.md:14: y column 'signup' not found" in log


@pytest.mark.parametrize("value", ["next tuesday", "2026-13-01"])
def test_a_build_now_that_is_no_date_says_how_to_write_one(content, tmp_path, value):
    log, code = build(content, tmp_path / "output", "publishconf.py", BUILD_NOW=value)
    assert code == 1, log
    assert f"BUILD_NOW is {value!r}, which is neither seconds since 1970 nor" in log
    assert "2026-01-01T09:00-05:00" in log
    assert "Traceback" not in log


LINKING = """\
Title: Coming Soon
Date: 2026-02-20 09:00
Category: Launches

Read [the numbers]({filename}spring-launch.md) when they are out.
"""


def test_a_link_to_a_scheduled_post_is_an_error_in_a_publish_build(content, tmp_path):
    linking = tmp_path / "content"
    shutil.copytree(content, linking)
    (linking / "posts" / "coming-soon.md").write_text(LINKING, "utf-8")
    log, code = build(linking, tmp_path / "out", "publishconf.py", BUILD_NOW=BEFORE)
    assert code == 1, log
    assert (
        "content/posts/coming-soon.md:5: the link {filename}spring-launch.md points "
        "to content/posts/spring-launch.md, which is scheduled for 2026-03-02 "
        "09:00-05:00 and not published before then"
    ) in log
    # Once both are live, or in a development build, the link is fine.
    for settings, now in (("publishconf.py", AFTER), ("pelicanconf.py", BEFORE)):
        log, code = build(linking, tmp_path / settings, settings, BUILD_NOW=now)
        assert code == 0, log
        assert "points to content/posts/spring-launch.md" not in log
