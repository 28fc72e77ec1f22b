"""Draw a post's charts in the worker process that read it.

plugins/site_reader/parallel.py reads posts in worker processes and announces each
result on two named signals; the charts of a post are drawn there too, and
handed to the build's process as render-cache entries, so that
render_content (on content_object_init) finds them ready. Errors are never
reported from a worker: the build's process renders and reports them.
"""

from __future__ import annotations

from blinker import signal

from .markdown_ext import PLACEHOLDER, decode_placeholder

READ_IN_WORKER = signal("parallel_read.read_in_worker")
RECEIVED = signal("parallel_read.received")


def connect(pipeline) -> None:
    def draw_in_worker(path, content=None, extras=None, **_) -> None:
        if not content or "chart-block" not in content or pipeline.settings is None:
            return
        drawn = {}
        for match in PLACEHOLDER.finditer(content):
            body, first_line, closed = decode_placeholder(match)
            if closed:
                result = pipeline.prerender(body, first_line, path)
                if result is not None:
                    drawn[result[0]] = result[1]
        if drawn:
            extras["charts"] = drawn

    def receive(path, extras=None, **_) -> None:
        for key, drawing in (extras or {}).get("charts", {}).items():
            pipeline.cache.put(key, drawing)

    READ_IN_WORKER.connect(draw_in_worker, weak=False)
    RECEIVED.connect(receive, weak=False)
