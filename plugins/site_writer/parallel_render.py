"""Render pages on every core, not on one.

Pelican renders and writes pages one after another. Here the writer queues
each page that has to be rendered (its template, its context and its
file), and when a generator's output is complete the queue is shared out:
the build's process forks one child per other core, each renders its share
and writes the files, the build's process renders its own share meanwhile.
The children inherit the compiled templates and the contents, so nothing is
pickled but what they logged and whether they failed.

Rendering is deterministic, so which process renders a page does not change
a byte (tests/test_parallel_render.py builds both ways and compares).
Where forking is not safe (see sitekit.forking), or there is too little to
share (fewer than RENDER_MIN_PAGES pages), pages are rendered here, in
order, as Pelican does. RENDER_WORKERS sets the number of processes
(default: the number of cores; 0 or 1: this process alone).
"""

from __future__ import annotations

import logging
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from sitekit.forking import LogCollector, fork_is_safe, replay
from sitekit.pelican_seam import status_paused

logger = logging.getLogger(__name__)

DEFAULT_MIN_PAGES = 64


@dataclass
class RenderJob:
    template: object  # a Jinja template
    localcontext: dict
    path: str
    encoding: str


def write_if_changed(path: str, data: bytes) -> None:
    """Touch the disk only when the bytes differ (modification times of
    unchanged pages stay put)."""
    try:
        if os.path.getsize(path) == len(data) and Path(path).read_bytes() == data:
            return
    except OSError:
        pass
    Path(path).write_bytes(data)


def render(job: RenderJob) -> None:
    html = job.template.render(job.localcontext)
    write_if_changed(job.path, html.encode(job.encoding))


def _render_share(jobs: list[RenderJob]) -> BaseException | None:
    try:
        for job in jobs:
            render(job)
    except Exception as error:  # the parent raises it, as Pelican would
        return error
    return None


def _portable_failure(failure: BaseException | None):
    if failure is None:
        return None
    try:
        pickle.dumps(failure)
        return failure
    except Exception:
        return RuntimeError(f"{type(failure).__name__}: {failure}")


def _child(jobs: list[RenderJob], pipe: int) -> None:
    """In a forked child: render, report, and leave without cleanup (the
    parent's atexit handlers and buffers are the parent's)."""
    code = 0
    try:
        collector = LogCollector()
        logging.getLogger().handlers = [collector]
        failure = _render_share(jobs)
        with os.fdopen(pipe, "wb") as out:
            pickle.dump((_portable_failure(failure), collector.records), out)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _receive(pid: int, pipe: int) -> tuple[BaseException | None, list]:
    with os.fdopen(pipe, "rb") as incoming:
        data = incoming.read()
    _, status = os.waitpid(pid, 0)
    if not data or os.waitstatus_to_exitcode(status) != 0:
        return RuntimeError("a rendering process stopped without a report"), []
    return pickle.loads(data)


def render_all(jobs: list[RenderJob], settings: dict) -> None:
    """Render and write every queued page, on every core where safe."""
    if not jobs:
        return
    workers = int(settings.get("RENDER_WORKERS", os.cpu_count() or 1))
    enough = len(jobs) >= int(settings.get("RENDER_MIN_PAGES", DEFAULT_MIN_PAGES))
    if workers < 2 or not enough:
        failure = _render_share(jobs)
        if failure is not None:
            raise failure
        return
    shares = [jobs[i::workers] for i in range(workers)]
    children: list[tuple[int, int]] = []
    with status_paused():
        if fork_is_safe():
            for share in shares[1:]:
                read_end, write_end = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(read_end)
                    _child(share, write_end)
                os.close(write_end)
                children.append((pid, read_end))
        else:
            shares = [jobs]
        # This process's messages are logged as they happen; the children's
        # are logged here once they are done.
        reports = [(_render_share(shares[0]), [])]
        reports += [_receive(pid, pipe) for pid, pipe in children]
    for _, records in reports:
        replay(records)
    for failure, _ in reports:
        if failure is not None:
            raise failure
