"""The hostile-input corpus (tests/hostile/, one case a file): every case is
built at once, next to one good post, with the development settings and with
the publish settings. Each case must produce exactly its expected errors
(file, line and words), no traceback, the page it expects or none, and must
leave every other post alone; the publish build must fail listing them all.
See tests/hostile/README.md for the case format."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import build_site, new_content, parse_html

HOSTILE = Path(__file__).parent / "hostile"
CASE_FILES = sorted(HOSTILE.glob("*.case"))
GROUPS = ("chart-block", "csv", "path", "post")
WIDE_LOG = {**os.environ, "COLUMNS": "1000"}
LIMITS = {"CHARTS_MAX_CSV_BYTES": 4096, "CHARTS_MAX_POINTS": 50}
SECRET_MARKER = "OUTSIDE-SECRET-7f3a9c"

GOOD_POST = """\
Title: The good post
Date: 2024-01-15 10:00
Category: Corpus
Tags: good
Slug: the-good-post

The one post with nothing wrong: its chart must survive every bad case.

```chart
data: /data/good.csv
type: bar
x: answer
y: votes
title: Good votes
```
"""
GOOD_CSV = "answer,votes\nYes,10\nNo,5\n"
GOOD_URL = "2024/01/the-good-post/"


# --- reading the cases ----------------------------------------------------------------


@dataclass
class Section:
    path: str
    text: str
    options: dict[str, str]


@dataclass
class Case:
    name: str
    group: str
    errors: list[dict]
    built: bool
    url: str
    page: dict
    sections: list[Section] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)

    def expected_messages(
        self, content: Path, outside: Path, *, warnings: bool = False
    ) -> list[str]:
        messages = []
        for error in self.warnings if warnings else self.errors:
            if "log" in error:
                messages.append(self.fill(error["log"], content, outside))
                continue
            where = self.fill(
                error.get("file", "content/posts/{case}.md"), content, outside
            )
            if error.get("line"):
                where += f":{error['line']}"
            messages.append(f"{where}: {self.fill(error['message'], content, outside)}")
        return messages

    def chart_messages(self, content: Path, outside: Path) -> list[str]:
        chart_only = Case(self.name, self.group, [], True, "", {})
        chart_only.errors = [e for e in self.errors if e.get("chart")]
        return chart_only.expected_messages(content, outside)

    def fill(self, text: str, content: Path, outside: Path) -> str:
        text = re.sub(
            r"\{\{repeat (\d+) (.*?)\}\}", lambda m: m[2] * int(m[1]), str(text)
        )
        return (
            text.replace("{case}", self.name)
            .replace("{outside}", str(outside))
            .replace("{content}", str(content))
        )


def load_case(path: Path) -> Case:
    text = path.read_text("utf-8")
    header, *raw_sections = re.split(r"^=== ", text, flags=re.MULTILINE)
    meta = yaml.safe_load(header) or {}
    sections = []
    for raw in raw_sections:
        first, _, body = raw.partition("\n")
        target, *options = first.split()
        sections.append(
            Section(
                target,
                body,
                dict(
                    option.split("=", 1) if "=" in option else (option, "1")
                    for option in options
                ),
            )
        )
    name = path.stem
    return Case(
        name=name,
        group=meta["group"],
        errors=list(meta.get("errors") or []),
        built=bool(meta.get("built", True)),
        url=str(meta.get("url", "2024/03/{case}/")).replace("{case}", name),
        page=dict(meta.get("page") or {}),
        sections=sections,
        warnings=list(meta.get("warnings") or []),
    )


CASES = [load_case(path) for path in CASE_FILES]


def write_case(case: Case, root: Path, content: Path, outside: Path) -> None:
    for section in case.sections:
        target = root / case.fill(section.path, content, outside)
        target.parent.mkdir(parents=True, exist_ok=True)
        if "symlink" in section.options:
            target.symlink_to(case.fill(section.options["symlink"], content, outside))
            continue
        body = case.fill(section.text, content, outside)
        if "nonewline" in section.options:
            body = body.removesuffix("\n")
        if "hex" in section.options:
            data = bytes.fromhex("".join(body.split()))
        else:
            data = body.encode(section.options.get("encoding", "utf-8"))
        target.write_bytes(data)


# --- reading the log ------------------------------------------------------------------

RECORD = re.compile(
    r"^(?:\[\d\d:\d\d:\d\d\]|\s{10}) (DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+(.*)$"
)
SOURCE_COLUMN = re.compile(r"\s{2,}[\w.]+\.py:\d+\s*$")


def log_records(log: str) -> list[tuple[str, str]]:
    """(level, message) of every record Pelican's rich handler printed."""
    records: list[list[str]] = []
    for line in log.splitlines():
        match = RECORD.match(line)
        if match:
            records.append([match[1], SOURCE_COLUMN.sub("", match[2]).rstrip()])
        elif records and line.startswith(" " * 20) and line.strip():
            records[-1][1] += "\n" + line.strip()
    return [(level, message) for level, message in records]


def errors_of(log: str) -> list[str]:
    return [m for level, m in log_records(log) if level in ("ERROR", "CRITICAL")]


def warnings_of(log: str) -> list[str]:
    return [m for level, m in log_records(log) if level == "WARNING"]


# --- the builds -----------------------------------------------------------------------


def tree_digest(folder: Path) -> str:
    """Every file's and link's path and bytes (links are not followed)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            digest.update(b"->" + os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Corpus:
    root: Path
    content: Path
    outside: Path
    dev_output: Path
    dev_log: str
    dev_code: int
    publish_output: Path
    publish_log: str
    publish_code: int
    content_before: str
    content_after: str


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Corpus:
    root = tmp_path_factory.mktemp("hostile")
    content = new_content(root)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text(f"name,value\n{SECRET_MARKER},1\n", "utf-8")
    (outside / "secret.txt").write_text(f"{SECRET_MARKER} private\n", "utf-8")
    (content / "posts" / "the-good-post.md").write_text(GOOD_POST, "utf-8")
    (content / "data" / "good.csv").write_text(GOOD_CSV, "utf-8")
    for case in CASES:
        write_case(case, root, content, outside)
    before = tree_digest(content)
    # HOME is the outside folder too, so '~/secret.csv' names a real secret.
    env = {**WIDE_LOG, "HOME": str(outside)}
    dev = build_site(root / "dev", content=content, extra=LIMITS, env=env)
    publish = build_site(
        root / "publish",
        settings="publishconf.py",
        content=content,
        extra=LIMITS,
        env=env,
    )
    return Corpus(
        root,
        content,
        outside,
        root / "dev",
        dev.stdout + dev.stderr,
        dev.returncode,
        root / "publish",
        publish.stdout + publish.stderr,
        publish.returncode,
        before,
        tree_digest(content),
    )


def all_expected(corpus: Corpus) -> list[str]:
    return [
        message
        for case in CASES
        for message in case.expected_messages(corpus.content, corpus.outside)
    ]


# --- the corpus as a whole ------------------------------------------------------------


def test_the_corpus_has_at_least_40_cases_in_its_four_groups():
    assert len(CASES) >= 40
    assert {case.group for case in CASES} == set(GROUPS)
    for case in CASES:
        assert case.group in GROUPS, case.name
        assert case.sections, f"{case.name} writes no file"


def test_the_development_build_finishes_without_a_traceback(corpus):
    assert corpus.dev_code == 0, corpus.dev_log
    assert "Traceback" not in corpus.dev_log
    assert not [m for level, m in log_records(corpus.dev_log) if level == "CRITICAL"]


def test_every_logged_error_is_one_a_case_expects(corpus):
    """Each case logs exactly its own errors: nothing more, nothing twice,
    and no error names a file that is not the case's."""
    logged = sorted(errors_of(corpus.dev_log))
    assert logged == sorted(all_expected(corpus))


def test_the_good_post_is_unaffected(corpus):
    for output in (corpus.dev_output, corpus.publish_output):
        page = parse_html(output / GOOD_URL / "index.html")
        assert len(page.find_class("chart__plot")) == 1
        assert page.find_class("chart-error") == []
        assert "Good votes" in page.find_class("chart__title")[0].text_content()
    # The home page is still the home page (no post took its address), and
    # the archives list the good post.
    home = parse_html(corpus.dev_output / "index.html")
    assert home.xpath("//h1")[0].get("class") == "site-name"
    assert home.find_class("entries")
    archives = parse_html(corpus.dev_output / "archives" / "index.html")
    assert "/" + GOOD_URL in [a.get("href") for a in archives.xpath("//main//a")]


def test_the_publish_build_fails_listing_every_error_without_a_traceback(corpus):
    assert corpus.publish_code == 1, corpus.publish_log
    assert "Traceback" not in corpus.publish_log
    assert sorted(errors_of(corpus.publish_log)) == sorted(all_expected(corpus))
    count = len(all_expected(corpus))
    assert f"Build failed: {count} errors, listed above" in corpus.publish_log


def test_no_byte_of_a_file_outside_content_reaches_the_output(corpus):
    """The path cases point at outside/secret.* with ../, an absolute path,
    ~ (HOME is outside/), symlinks of a file and of a folder in data/, and
    {static}/{attach}/{filename} links: the marker is in no output file."""
    for output in (corpus.dev_output, corpus.publish_output):
        for path in output.rglob("*"):
            assert not path.is_symlink(), path
            if path.is_file():
                assert SECRET_MARKER.encode() not in path.read_bytes(), path
    # ... nor anywhere else: the builds wrote nothing outside their output.
    written = {p.name for p in corpus.root.iterdir()}
    assert written <= {
        "content",
        "outside",
        "dev",
        "dev-cache",
        "publish",
        "publish-cache",
    }, written
    assert sorted(p.name for p in corpus.outside.iterdir()) == [
        "secret.csv",
        "secret.txt",
    ]


def test_the_builds_never_write_inside_content(corpus):
    assert corpus.content_after == corpus.content_before


# --- each case ------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(corpus, case: Case):
    expected = case.expected_messages(corpus.content, corpus.outside)
    warned = case.expected_messages(corpus.content, corpus.outside, warnings=True)
    for log in (corpus.dev_log, corpus.publish_log):
        logged = errors_of(log)
        for message in expected:
            assert logged.count(message) == 1, (message, logged)
        # Warnings are logged as warnings: never counted as errors, never
        # failing a publish build (test_every_logged_error_is_one_a_case_expects).
        for message in warned:
            assert warnings_of(log).count(message) == 1, (message, warnings_of(log))
    page_file = corpus.dev_output / case.url / "index.html"
    if not case.built:
        assert not page_file.exists(), f"{case.url} was built"
        assert not (corpus.publish_output / case.url / "index.html").exists()
        return
    assert page_file.exists(), f"{case.url} was not built"
    check_page(case, parse_html(page_file), page_file.read_text("utf-8"), corpus)


def text(element) -> str:
    return " ".join(element.text_content().replace("\xa0", " ").split())


def check_page(case: Case, page, html: str, corpus: Corpus) -> None:
    boxes = page.find_class("chart-error__message")
    assert [text(box) for box in boxes] == case.chart_messages(
        corpus.content, corpus.outside
    )
    expect = case.page
    fill = case.fill  # placeholders and {{repeat}} in expected text too
    assert len(page.find_class("chart__plot")) == expect.get("plots", 0)
    if "h1" in expect:
        h1 = fill(expect["h1"], corpus.content, corpus.outside)
        assert text(page.find_class("post__title")[0]) == h1
    if "title" in expect:
        assert text(page.xpath("//title")[0]) == expect["title"]
    if "tags" in expect:
        tags = [[text(a), a.get("href")] for a in page.xpath("//a[@rel='tag']")]
        assert tags == expect["tags"]
    if "category" in expect:
        category = page.xpath("//a[@rel='category']")[0]
        assert [text(category), category.get("href")] == expect["category"]
    for href, name in expect.get("tag_pages", []):
        listing = parse_html(corpus.dev_output / href.strip("/") / "index.html")
        assert name in text(listing.xpath("//h1")[0]), href
        assert any(
            a.get("href") == "/" + case.url for a in listing.xpath("//main//a")
        ), href
    for needle in expect.get("table_has", []):
        assert any(needle in text(t) for t in page.find_class("chart__table")), needle
    for needle in expect.get("absent", []):
        needle = fill(needle, corpus.content, corpus.outside)
        assert needle not in html, needle
    for needle in expect.get("present", []):
        needle = fill(needle, corpus.content, corpus.outside)
        assert needle in html, needle
    if "no_elements" in expect:
        for xpath in expect["no_elements"]:
            assert page.xpath(xpath) == [], xpath
