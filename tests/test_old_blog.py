"""plugins/old_blog on its own: imported comments and redirects.txt are
data beside the posts. An edit to either shows in an incremental build
exactly as in a clean one; what a comment says is text, never markup; and
each mistake in them is one error naming the file and the line."""

from __future__ import annotations

import json
import os
import runpy
import shutil
import subprocess

import pytest
from conftest import ROOT, build_site, parse_html
from wordpress_material import (
    REFERENCE_FILE,
    REFERENCE_PAGE,
    import_reference,
)

COMMENTS_FILE = REFERENCE_FILE.removesuffix(".md") + ".comments.json"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    content, _ = import_reference(tmp_path_factory.mktemp("old-blog"))
    return content


def copy_of(content, tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(content, folder)
    return folder


def built(output, content, settings="pelicanconf.py"):
    # Wide enough that no log line wraps.
    env = {**os.environ, "COLUMNS": "400"}
    result = build_site(output, settings=settings, content=content, env=env)
    return result, result.stdout + result.stderr


def test_an_incremental_build_equals_a_clean_one(content, tmp_path):
    folder = copy_of(content, tmp_path)
    incremental = tmp_path / "incremental"
    result, log = built(incremental, folder)
    assert result.returncode == 0, log
    comments = folder / COMMENTS_FILE
    data = json.loads(comments.read_text("utf-8"))
    data["comments"][0]["text"] = "Edited after the import."
    comments.write_text(json.dumps(data, indent=2), "utf-8")
    redirects = folder / "redirects.txt"
    redirects.write_text(
        redirects.read_text("utf-8") + "/old-about/  {filename}/pages/about.md\n",
        "utf-8",
    )
    result, log = built(incremental, folder)
    assert result.returncode == 0, log
    page = parse_html(incremental / REFERENCE_PAGE)
    assert (
        "Edited after the import."
        in page.xpath("//li[@class='comment']")[0].text_content()
    )
    assert (incremental / "old-about" / "index.html").is_file()
    clean = tmp_path / "clean"
    result, log = built(clean, folder)
    assert result.returncode == 0, log
    diff = subprocess.run(
        ["diff", "-r", str(incremental), str(clean)], capture_output=True, text=True
    )
    assert diff.returncode == 0, diff.stdout[:3000]


def test_the_same_sources_build_to_the_same_bytes(content, tmp_path):
    # Different hash seeds: redirects, redirect pages and comments are
    # written in an order that no set or dict decides.
    outputs = []
    for seed in ("1", "2"):
        output = tmp_path / f"seed-{seed}"
        env = {**os.environ, "COLUMNS": "400", "PYTHONHASHSEED": seed}
        result = build_site(output, content=content, env=env)
        assert result.returncode == 0, result.stdout + result.stderr
        outputs.append(output)
    assert (outputs[0] / "_redirects").is_file()
    diff = subprocess.run(
        ["diff", "-r", *map(str, outputs)], capture_output=True, text=True
    )
    assert diff.returncode == 0, diff.stdout[:3000]


def old_blog_files(output) -> dict[str, bytes]:
    """What old_blog writes or adds to: the two rule files, every redirect
    page, and the post that shows the comments."""
    found = {}
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if not path.is_file():
            continue
        data = path.read_bytes()
        if (
            relative in ("_redirects", "redirects.nginx.conf", REFERENCE_PAGE)
            or b'http-equiv="refresh"' in data
        ):
            found[relative] = data
    return found


def test_the_order_of_plugins_changes_none_of_its_bytes(content, tmp_path):
    # Only old_blog's files: a default summary that holds a {filename} link
    # depends on the order today (site_reader resolves it on the same signal
    # at which seo first reads it, and Pelican memoizes the summary).
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "old_blog" in plugins
    built = []
    for number, order in enumerate((plugins, plugins[::-1])):
        output = tmp_path / f"plugins-{number}"
        result = build_site(output, content=content, extra={"PLUGINS": order})
        assert result.returncode == 0, result.stdout + result.stderr
        built.append(output)
    first, second = map(old_blog_files, built)
    assert "_redirects" in first
    assert len(first) > 20
    assert first == second
    assert sorted(p.relative_to(built[0]) for p in built[0].rglob("*")) == sorted(
        p.relative_to(built[1]) for p in built[1].rglob("*")
    )


def test_comment_text_and_names_are_text(content, tmp_path):
    folder = copy_of(content, tmp_path)
    comments = folder / COMMENTS_FILE
    data = json.loads(comments.read_text("utf-8"))
    data["comments"][0]["author"] = '<img src=x onerror="alert(1)">Mallory'
    data["comments"][0]["text"] = (
        '<script>alert("x")</script>\n\n<a href="http://spam.example">win</a>'
    )
    comments.write_text(json.dumps(data), "utf-8")
    output = tmp_path / "output"
    result, log = built(output, folder)
    assert result.returncode == 0, log
    page = parse_html(output / REFERENCE_PAGE)
    (first,) = page.xpath("//li[@id='comment-301']")
    assert not first.xpath(".//script | .//img | .//a")
    assert first.xpath(".//span[@class='comment__author']")[0].text == (
        '<img src=x onerror="alert(1)">Mallory'
    )
    paragraphs = [p.text_content() for p in first.xpath("p[@class='comment__text']")]
    assert paragraphs[0].startswith("<script>alert(")
    assert paragraphs[1].startswith('<a href="http://spam.example">')


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda folder: (folder / "posts" / "gone.comments.json").write_text(
                '{"comments": []}', "utf-8"
            ),
            "content/posts/gone.comments.json:1: no post gone.md beside this "
            "comments file; rename it along with its post, or delete it",
        ),
        (
            lambda folder: (folder / COMMENTS_FILE).write_text(
                '{"comments": [\n  {"author": "A",\n   "text": "x",}\n]}', "utf-8"
            ),
            f"content/{COMMENTS_FILE}:3: not valid JSON (Expecting property name "
            "enclosed in double quotes); correct that line",
        ),
        (
            lambda folder: (folder / COMMENTS_FILE).write_text(
                '{"comments": [\n  {"author": "A", "text": "x"},\n  {"author": '
                '"B"}\n]}',
                "utf-8",
            ),
            f'content/{COMMENTS_FILE}:3: comment 2: "text" is missing or not text',
        ),
        (
            lambda folder: (folder / "redirects.txt").write_text(
                "# old addresses\n/old/  {filename}/posts/renamed.md\n", "utf-8"
            ),
            "content/redirects.txt:2: {filename}/posts/renamed.md is not a post, "
            "page, category, tag or author of this site (renamed or deleted?); "
            "point the line at what replaced it, or delete it",
        ),
        (
            lambda folder: (folder / "redirects.txt").write_text("/old/\n", "utf-8"),
            "content/redirects.txt:1: expected an old path starting with / and "
            "what it moved to",
        ),
        (
            lambda folder: (folder / "redirects.txt").write_text(
                "/old/  /nothing-here/\n", "utf-8"
            ),
            "content/redirects.txt:1: /nothing-here/ is not a file of the built "
            "site; correct the path or delete the line",
        ),
        (
            lambda folder: (folder / "redirects.txt").write_text(
                "/old/  {filename}/pages/about.md\n/old  /feeds/all.atom.xml\n",
                "utf-8",
            ),
            "content/redirects.txt:2: /old is redirected on line 1 already; delete "
            "one of the two lines",
        ),
        (
            lambda folder: (folder / "redirects.txt").write_bytes(
                b"/caf\xe9/  {filename}/pages/about.md\n"
            ),
            "content/redirects.txt:1: this line is not UTF-8 text; save the file "
            "as UTF-8",
        ),
    ],
)
def test_a_mistake_is_one_error_with_file_and_line(content, tmp_path, change, message):
    folder = copy_of(content, tmp_path)
    change(folder)
    result, log = built(tmp_path / "output", folder, settings="publishconf.py")
    assert result.returncode == 1, log
    assert "Traceback" not in log
    errors = log.split("error:" if "\n1 error:" in log else "errors:")[-1]
    assert f"  {message}" in errors, log


def test_an_old_path_that_is_a_page_now_is_left_to_it(content, tmp_path):
    folder = copy_of(content, tmp_path)
    (folder / "redirects.txt").write_text(
        "/about/  {filename}/posts/book-sales-one-month-on.md\n/tags/  "
        "{category}Social Strategies\n",
        "utf-8",
    )
    output = tmp_path / "output"
    result, log = built(output, folder)
    assert result.returncode == 0, log
    for line, path in ((1, "/about/"), (2, "/tags/")):
        assert (
            f"content/redirects.txt:{line}: {path} is the address of a page of this "
            "site now, which readers get there; delete this line"
        ) in log
        page = parse_html(output / path.strip("/") / "index.html")
        assert not page.xpath("//meta[@http-equiv='refresh']")


def test_a_query_address_keeps_its_wordpress_key(content, tmp_path):
    folder = copy_of(content, tmp_path)
    (folder / "redirects.txt").write_text(
        "/?p=77&utm_source=feed  {filename}/pages/about.md\n"
        "/index.php?page_id=9  {filename}/pages/about.md\n"
        "/?utm_source=feed  {filename}/pages/about.md\n",
        "utf-8",
    )
    output = tmp_path / "output"
    result, log = built(output, folder)
    assert result.returncode == 0, log
    rules = (output / "_redirects").read_text("utf-8").splitlines()
    assert "/wordpress/p/77/ /about/ 301" in rules
    assert "/wordpress/page_id/9/ /about/ 301" in rules
    for page in ("wordpress/p/77", "wordpress/page_id/9"):
        (refresh,) = parse_html(output / page / "index.html").xpath(
            "//meta[@http-equiv='refresh']/@content"
        )
        assert refresh == "0; url=/about/"
    assert (
        "content/redirects.txt:3: /?utm_source=feed is left out: write "
        "/?key=value with one of WordPress's keys"
    ) in log
