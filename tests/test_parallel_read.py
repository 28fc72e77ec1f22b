"""Reading posts in worker processes changes nothing but the time it takes:
the same bytes, the same messages (once each), the same failures."""

from __future__ import annotations

import os

from conftest import assert_same_tree, build_site, new_content

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
    assert_same_tree(tmp_path / "serial", tmp_path / "parallel")
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


# Loaded through PYTHONPATH by a build: records how many threads the process
# had at each fork, and can start a thread first or break typography on one
# post, as the environment variables say.
PROBE = """\
import atexit
import json
import os
import threading

_fork = os.fork
_threads_at_fork = []


def fork():
    _threads_at_fork.append(threading.active_count())
    return _fork()


os.fork = fork
if os.environ.get("PROBE_THREAD"):
    threading.Thread(target=threading.Event().wait, daemon=True).start()
if os.environ.get("PROBE_BREAK"):
    import typogrify.filters

    _typogrify = typogrify.filters.typogrify

    def typogrify_breaking(text, *args, **kwargs):
        if os.environ["PROBE_BREAK"] in text:
            raise RuntimeError("typography broke here")
        return _typogrify(text, *args, **kwargs)

    typogrify.filters.typogrify = typogrify_breaking


@atexit.register
def _report():
    if os.getpid() == int(os.environ["PROBE_PARENT"]):
        return
    with open(os.environ["PROBE_FILE"], "w") as probe:
        json.dump(_threads_at_fork, probe)
"""


def probed_build(tmp_path, name, content, **variables):
    """A build with PROBE loaded; (result, threads at each of its forks)."""
    import json

    folder = tmp_path / f"{name}-probe"
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(PROBE, "utf-8")
    report = folder / "forks.json"
    env = {
        **WIDE_LOG,
        "PYTHONPATH": str(folder),
        "PROBE_FILE": str(report),
        "PROBE_PARENT": str(os.getpid()),
        "PYTHONWARNINGS": "error::DeprecationWarning",
        **variables,
    }
    result = build_site(tmp_path / name, content=content, extra=PARALLEL, env=env)
    forks = json.loads(report.read_text()) if report.exists() else []
    return result, forks


def test_workers_fork_only_from_a_single_threaded_process(tmp_path):
    """Python 3.12 and later warn (and may deadlock) when a multi-threaded
    process forks; Pelican's status display runs a thread during the build."""
    content = new_content(tmp_path)
    write_posts(content)
    result, forks = probed_build(tmp_path, "parallel", content)
    assert result.returncode == 0, result.stderr
    assert forks, result.stdout + result.stderr
    assert set(forks) == {1}, forks
    assert "Warning" not in result.stdout + result.stderr


def test_where_fork_is_unsafe_posts_are_read_here_with_the_same_output(tmp_path):
    content = new_content(tmp_path)
    write_posts(content)
    forked, forks = probed_build(tmp_path, "forked", content)
    threaded, no_forks = probed_build(tmp_path, "threaded", content, PROBE_THREAD="1")
    assert forked.returncode == threaded.returncode == 0, threaded.stderr
    assert forks, forked.stdout + forked.stderr
    assert no_forks == []
    assert_same_tree(tmp_path / "forked", tmp_path / "threaded")


def test_a_failure_in_a_worker_names_the_post(tmp_path):
    content = new_content(tmp_path)
    write_posts(content)
    results = {
        name: probed_build(tmp_path, name, content, PROBE_BREAK="Body of post 7", **env)
        for name, env in (("parallel", {}), ("serial", {"PROBE_THREAD": "1"}))
    }
    for name, (result, _) in results.items():
        log = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == 0, (name, log)
        assert (
            "content/posts/post-07.md: could not be read (RuntimeError: typography "
            "broke here); please report this, with the file (it is not built)"
        ) in log, name
        assert "Traceback" not in log
        assert not list((tmp_path / name).glob("2024/01/post-7-*"))
        assert list((tmp_path / name).glob("2024/01/post-6-*"))
