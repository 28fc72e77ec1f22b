"""Charts from campaign CSV files: ```chart blocks become Plotly figures.

register() only wires signals; each step lives in its own module:
markdown_ext (find blocks) -> spec (validate) -> csvread (read) -> table
(aggregate) -> figure / describe / markup (outputs), driven by pipeline.
"""

from __future__ import annotations

from pelican import signals

from . import prefetch
from .markdown_ext import ChartExtension
from .pipeline import ChartPipeline
from .settings import ChartSettings, apply_defaults

# Module-level: blinker holds receivers weakly.
pipeline = ChartPipeline()


def configure(pelican) -> None:
    """On get_generators, when the build starts: the settings are final
    (the chart cache lives in CACHE_PATH, which versioned_cache sets on
    initialized) and no reader exists yet (they take MARKDOWN as it is)."""
    apply_defaults(pelican.settings)
    markdown = pelican.settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    if not any(isinstance(e, ChartExtension) for e in extensions):
        extensions.append(ChartExtension())
    pipeline.configure(ChartSettings.from_pelican(pelican.settings), pelican.settings)


def finish(pelican) -> None:
    pipeline.finish(pelican.output_path)


def register() -> None:
    prefetch.connect(pipeline)
    signals.get_generators.connect(configure)
    signals.article_generator_finalized.connect(pipeline.render_generator)
    signals.page_generator_finalized.connect(pipeline.render_generator)
    signals.finalized.connect(finish)
