"""Reading posts in worker processes changes nothing but the time it takes:
the same bytes, the same messages (once each), the same failures."""

from __future__ import annotations

import os
import subprocess

from conftest import build_site, new_content

WIDE_LOG = {**os.environ, "COLUMNS": "400"}
POSTS = 12
PARALLEL = {"READ_WORKERS": 2, "PARALLEL_READ_MIN_FILES": 2}
SERIAL = {"READ_WORKERS": 0}


def write_posts(content) -> None:
    for n in range(POSTS):
        (content / "posts" / f"post-{n:02d}.md").write_text(
            f'Title: Post {n} -- "quoted" & more...\nDate: 2024-01-{n + 1:02d} 10:00\n'
            f"Category: Tests\nTags: t{n % 3}, shared\n\n"
            f"Body of post {n}, it's here.\n",
            "utf-8",
        )
    (content / "posts" / "bad-url.md").write_text(
        "Title: Bad original\nDate: 2024-02-01\nCategory: Tests\n"
        "Original_url: javascript:alert(1)\n\nText.\n",
        "utf-8",
    )
    (content / "data" / "poll.csv").write_text("answer,votes\nYes,3\nNo,1\n", "utf-8")
    (content / "posts" / "good-chart.md").write_text(
        "Title: With a good chart\nDate: 2024-02-03\nCategory: Tests\n\n"
        "```chart\ndata: /data/poll.csv\ntype: pie\nx: answer\ny: votes\n```\n",
        "utf-8",
    )
    (content / "posts" / "chart.md").write_text(
        "Title: With a chart\nDate: 2024-02-02\nCategory: Tests\n\n"
        "```chart\ndata: /data/poll.csv\ntype: bar\nx: answer\ny: vote\n```\n",
        "utf-8",
    )


def test_parallel_and_serial_reads_build_the_same_site(tmp_path):
    content = new_content(tmp_path)
    write_posts(content)
    serial = build_site(
        tmp_path / "serial", content=content, extra=SERIAL, env=WIDE_LOG
    )
    parallel = build_site(
        tmp_path / "parallel", content=content, extra=PARALLEL, env=WIDE_LOG
    )
    assert serial.returncode == parallel.returncode == 0, parallel.stderr
    diff = subprocess.run(
        ["diff", "-r", str(tmp_path / "serial"), str(tmp_path / "parallel")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert diff.returncode == 0, diff.stdout[:2000]
    # The good chart was drawn (by a worker, in the parallel build).
    built = next((tmp_path / "parallel").glob("2024/02/with-a-good-chart/index.html"))
    assert b'class="chart__plot"' in built.read_bytes()
    for result in (serial, parallel):
        log = result.stdout + result.stderr
        # Once as it happens, once in the summary at the end: never twice live.
        assert log.count("original_url 'javascript:alert(1)' is not an http(s)") == 2
        assert log.count("content/posts/chart.md:9: y column 'vote' not found") == 2
        summary = log.rsplit("2 errors:", 1)[1]
        assert "content/posts/chart.md:9: y column 'vote' not found" in summary
        assert "Traceback" not in log


def test_errors_read_in_workers_still_fail_a_publish_build(tmp_path):
    content = new_content(tmp_path)
    write_posts(content)
    result = build_site(
        tmp_path / "out",
        content=content,
        settings="publishconf.py",
        extra=PARALLEL,
        env=WIDE_LOG,
    )
    assert result.returncode == 1
    assert "Build failed: 2 errors" in result.stderr


def test_a_post_that_cannot_be_read_is_reported_as_pelican_would(tmp_path):
    content = new_content(tmp_path)
    write_posts(content)
    (content / "posts" / "broken.md").write_bytes(b"Title: x\nDate: 2024-13-45\n\nx\n")
    results = [
        build_site(tmp_path / name, content=content, extra=extra, env=WIDE_LOG)
        for name, extra in (("serial", SERIAL), ("parallel", PARALLEL))
    ]
    logs = [r.stdout + r.stderr for r in results]
    assert all("broken.md" in log for log in logs)
    assert {r.returncode for r in results} == {0}
    assert sorted(p.name for p in (tmp_path / "serial").rglob("index.html")) == sorted(
        p.name for p in (tmp_path / "parallel").rglob("index.html")
    )
