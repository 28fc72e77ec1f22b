"""How the site is written: only what changed, nothing stale, feeds fit for
readers (see writer.py and sweep.py).

An incremental build writes the same bytes as a clean one: unchanged pages
are reused only when their inputs are unchanged, and at the end every file
the build did not produce is removed.
"""

from __future__ import annotations

from pelican import signals
from sitekit import outputs

from .sweep import static_files, sweep
from .writer import SiteWriter, current_writer, forget_writer


def get_writer(pelican):
    return SiteWriter


def start(pelican) -> None:
    outputs.reset()
    forget_writer()
    static_files.reset(pelican)


def render_queued(generator, writer) -> None:
    """A generator's output is complete: render its pages on every core."""
    writer.render_queued()


def finish(pelican) -> None:
    writer = current_writer()
    if writer is None:
        return
    writer.render_queued()
    sweep(
        pelican.output_path,
        writer.written_files,
        pelican.settings.get("OUTPUT_RETENTION", ()),
    )
    writer.save_state()


def register() -> None:
    signals.initialized.connect(start)
    signals.get_writer.connect(get_writer)
    signals.static_generator_finalized.connect(static_files.remember)
    signals.article_writer_finalized.connect(render_queued)
    signals.page_writer_finalized.connect(render_queued)
    signals.finalized.connect(finish)
