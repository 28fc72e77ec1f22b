"""Save to reload: the time from an editor's write to the preview's signal.

The live preview of `invoke livereload` (sitecheck/preview.py) runs here as
it runs for an author: the watcher, the build worker and the server, on a
free port. A client reads its event stream as a page does. Each measure is
the time from just before a file is written to the moment the ``reload``
event arrives: watcher latency, the rebuild and the announcement together.
The last edit of each kind is checked in the rebuilt page.
"""

from __future__ import annotations

import http.client
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sitecheck.livebuild import LiveBuilder
from sitecheck.preview import Preview, read_event

from . import builds

EDITS = 10
PAUSE_S = 0.3  # between edits, as between an author's saves
# A post without charts, and a CSV whose last column is a number.
SAMPLE_POST = "before-you-automate-a-twitter-welcome-message.md"
SAMPLE_CSV = "signups-by-channel.csv"


class EventReader:
    """The page's side of ``/__preview/events``."""

    def __init__(self, url_port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", url_port, timeout=120)
        self.connection.request("GET", "/__preview/events")
        self.stream = self.connection.getresponse()
        kind, _ = self.next()
        assert kind == "status", kind

    def next(self) -> tuple[str, dict]:
        event = read_event(self.stream.fp)
        if event is None:
            raise RuntimeError("the preview closed its event stream")
        return event

    def close(self) -> None:
        self.connection.close()


def timed_saves(
    reader: EventReader, edit: Callable[[int], None], count: int
) -> list[float]:
    seconds = []
    for number in range(count):
        time.sleep(PAUSE_S)
        started = time.perf_counter()
        edit(number)
        kind, news = reader.next()
        seconds.append(time.perf_counter() - started)
        if kind != "reload" or not news.get("ok"):
            raise RuntimeError(f"the preview's rebuild failed: {news}")
    return seconds


def summary(seconds: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
        "runs_s": [round(s, 3) for s in seconds],
    }


def measure(
    content: Path,
    work: Path,
    edit_post: Callable[[int], None],
    edit_csv: Callable[[int], None],
    check: Callable[[Path], None],
    count: int = EDITS,
) -> dict:
    """Start a preview of ``content``; time ``count`` saves of each kind."""
    output, cache = work / "output", work / "cache"
    builds.empty(output, cache)
    work.mkdir(parents=True, exist_ok=True)
    builder = LiveBuilder(
        builds.SITE_SETTINGS,
        output,
        content=content,
        extra={"CACHE_PATH": str(cache)},
        stderr=(work / "worker.log").open("w"),
    )
    preview = Preview(
        builder,
        output,
        port=0,
        sources=[content, builds.ROOT / "theme", builds.ROOT / "plugins"],
        ignored=[cache],
    )
    try:
        first = preview.build()
        if not first.ok:
            raise RuntimeError(f"the first preview build failed: {first.errors}")
        preview.start()
        reader = EventReader(preview.server.server_address[1])
        try:
            results = {
                "post": summary(timed_saves(reader, edit_post, count)),
                "csv": summary(timed_saves(reader, edit_csv, count)),
            }
        finally:
            reader.close()
        check(output)
        return results
    finally:
        preview.stop()


# --- the sample site ----------------------------------------------------------


def sample_site(work: Path, count: int = EDITS) -> dict:
    """The site's own content/, copied, edited as an author would."""
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(builds.ROOT / "content", content)
    post = content / "posts" / SAMPLE_POST
    csv = content / "data" / SAMPLE_CSV
    post_text, csv_lines = post.read_text("utf-8"), csv.read_text("utf-8").split("\n")

    def edit_post(number: int) -> None:
        post.write_text(f"{post_text}\n\nSaved again, note samplenote{number}.\n")

    def edit_csv(number: int) -> None:
        lines = list(csv_lines)
        cells = lines[1].split(",")
        cells[-1] = str(7000 + number)
        lines[1] = ",".join(cells)
        csv.write_text("\n".join(lines), "utf-8")

    def check(output: Path) -> None:
        wanted = [f"samplenote{count - 1}", str(7000 + count - 1)]
        pages = [p.read_text("utf-8") for p in output.glob("*/*/*/index.html")]
        for token in wanted:
            if not any(token in page for page in pages):
                raise RuntimeError(f"the preview did not show the edit {token!r}")

    return measure(content, work / "sample", edit_post, edit_csv, check, count)


def corpus_site(
    content: Path, work: Path, post, chart, manifest, count: int = EDITS
) -> dict:
    """The benchmark corpus: one post and one CSV, saved ``count`` times."""
    save_as = builds.site_settings()["ARTICLE_SAVE_AS"]
    originals = {
        path: path.read_bytes() for path in (content / post.file, content / chart.csv)
    }
    last: dict[str, builds.Edit] = {}

    def edit_post(number: int) -> None:
        last["post"] = builds.edit_post(content, post, f"livenote{number}")

    def edit_csv(number: int) -> None:
        owner, value = manifest.post(chart.post), 9_100 + number
        last["csv"] = builds.edit_csv(content, chart.csv, chart.y, value, owner)

    def check(output: Path) -> None:
        for edit in last.values():
            builds.verify_edit(output, edit, save_as)

    try:
        return measure(content, work / "corpus", edit_post, edit_csv, check, count)
    finally:
        for path, original in originals.items():
            path.write_bytes(original)
