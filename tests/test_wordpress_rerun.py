"""Safe to run again: a second `invoke import-wordpress` never overwrites a
file the author edited since the last import (unless --force), --dry-run
reports what would change and writes nothing, and every mistake an author
can make with the command is one message naming the file, without a
traceback."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from wordpress_material import (
    REFERENCE_EXPORT,
    REFERENCE_FILE,
    empty_site,
    import_reference,
    reference_arguments,
    run_import,
)

COMMENTS_FILE = REFERENCE_FILE.removesuffix(".md") + ".comments.json"


def snapshot(content: Path) -> dict[str, str]:
    return {
        str(p.relative_to(content)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(content.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def site(tmp_path):
    arguments = reference_arguments(tmp_path)
    content = tmp_path / "content"
    first = run_import(*arguments)
    assert first.returncode == 0, first.stdout + first.stderr
    return content, arguments


def test_a_second_import_changes_nothing(site):
    content, arguments = site
    before = snapshot(content)
    again = run_import(*arguments)
    assert again.returncode == 0, again.stderr
    assert snapshot(content) == before
    assert "Files: 8 unchanged." in again.stdout


def test_every_run_writes_the_same_bytes(tmp_path):
    # Different hash seeds: no set or dict order may reach a file.
    written = []
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        content, _ = import_reference(tmp_path / seed, env=environment)
        written.append(snapshot(content))
    assert written[0] == written[1]


def test_an_edited_post_is_kept_and_listed(site):
    content, arguments = site
    post = content / REFERENCE_FILE
    edited = post.read_text("utf-8").replace(
        "Jeffrey, thank you", "Jeffrey, many thanks"
    )
    post.write_text(edited, "utf-8")
    comments = content / COMMENTS_FILE
    comments.write_text(
        comments.read_text("utf-8").replace("Dana Whitfield", "Dana W."), "utf-8"
    )
    again = run_import(*arguments)
    assert again.returncode == 0, again.stderr
    assert post.read_text("utf-8") == edited
    assert "Dana W." in comments.read_text("utf-8")
    assert (
        "Kept as you edited them (--force replaces them with the import):"
        in again.stdout
    )
    assert f"  content/{REFERENCE_FILE}" in again.stdout
    assert f"  content/{COMMENTS_FILE}" in again.stdout
    # And the next run still knows it is the author's.
    third = run_import(*arguments)
    assert post.read_text("utf-8") == edited
    assert f"  content/{REFERENCE_FILE}" in third.stdout


def test_a_file_the_import_never_wrote_is_kept(tmp_path):
    content = empty_site(tmp_path)
    mine = content / REFERENCE_FILE
    mine.parent.mkdir(parents=True)
    mine.write_text("Title: Mine\nDate: 2020-01-01\n\nMy own post.\n", "utf-8")
    result = run_import(str(REFERENCE_EXPORT), "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert mine.read_text("utf-8").startswith("Title: Mine")
    assert f"  content/{REFERENCE_FILE}" in result.stdout


def test_force_replaces_edits(site):
    content, arguments = site
    post = content / REFERENCE_FILE
    original = post.read_text("utf-8")
    post.write_text(original + "\nAn edit.\n", "utf-8")
    forced = run_import(*arguments, "--force")
    assert forced.returncode == 0, forced.stderr
    assert post.read_text("utf-8") == original
    assert "1 overwritten (--force)" in forced.stdout


def test_dry_run_reports_and_writes_nothing(site):
    content, arguments = site
    post = content / REFERENCE_FILE
    post.write_text(post.read_text("utf-8") + "\nAn edit.\n", "utf-8")
    (content / "pages" / "about.md").unlink()
    before = snapshot(content)
    dry = run_import(*arguments, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(content) == before
    assert dry.stdout.startswith("Would import from ")
    assert (
        "Files without --dry-run: 1 created, 6 unchanged, 1 kept as you edited "
        "them." in dry.stdout
    )
    assert "  create    content/pages/about.md" in dry.stdout
    assert f"  keep      content/{REFERENCE_FILE}" in dry.stdout


def test_a_dry_run_into_an_empty_folder_writes_nothing(tmp_path):
    content = empty_site(tmp_path)
    before = snapshot(content)
    dry = run_import(str(REFERENCE_EXPORT), "--content", str(content), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert snapshot(content) == before
    assert f"  create    content/{REFERENCE_FILE}" in dry.stdout


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (None, "{path}: no such file. Give the .xml file WordPress wrote"),
        (
            "<rss><channel><item>\n<title>x</title>\n</channel></rss>",
            "{path}:3: not well-formed XML",
        ),
        (
            "<?xml version='1.0'?><feed><title>An Atom feed</title></feed>",
            "{path}:1: this is not a WordPress export",
        ),
    ],
)
def test_a_wrong_export_is_one_clear_message(tmp_path, write, expected):
    path = tmp_path / "export.xml"
    if write is not None:
        path.write_text(write, "utf-8")
    result = run_import(str(path), "--content", str(empty_site(tmp_path)))
    assert result.returncode == 2
    assert result.stderr.startswith(expected.format(path=path)), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_content_folder_that_is_a_file_is_one_clear_message(tmp_path):
    not_a_folder = tmp_path / "content.md"
    not_a_folder.write_text("Title: x\n", "utf-8")
    result = run_import(str(REFERENCE_EXPORT), "--content", str(not_a_folder))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{not_a_folder}: not a folder."), result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_a_file_in_the_way_is_one_clear_message(tmp_path):
    content = empty_site(tmp_path)
    (content / "posts").write_text("a file where the posts folder goes", "utf-8")
    result = run_import(str(REFERENCE_EXPORT), "--content", str(content))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{content / 'posts'}"), result.stderr
    assert "A file stands where the import needs a folder: move it away" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout


def test_a_missing_uploads_folder_is_one_clear_message(tmp_path):
    missing = tmp_path / "nowhere"
    result = run_import(
        str(REFERENCE_EXPORT),
        "--uploads",
        str(missing),
        "--content",
        str(empty_site(tmp_path)),
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"{missing}: no such folder."), result.stderr
    assert "Traceback" not in result.stderr
