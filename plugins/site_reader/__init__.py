"""The site's readers: every post read, checked, typeset and measured once.

Pelican's readers, registered once through ``readers_init``: a Markdown
reader whose metadata is text, typography and derived metadata done while
reading (so Pelican's content cache stores them), posts read ahead on every
core, and one clear error for any post that cannot be read. See reader.py;
one module per step.
"""

from __future__ import annotations

from pelican import signals
from sitekit import pelican_seam
from sitekit.metadata_lines import forget as forget_source_lines
from sitekit.paths import display_path

from . import problems
from .derived import summary_links
from .parallel import prefetcher
from .reader import use_site_readers
from .typography import move_into_reader

HOW_TO_ADD = {
    "title": "add a line such as 'Title: What we learned' at the top of the file",
    "date": "add a line such as 'Date: 2024-01-31 10:00' to the metadata at the "
    "top of the file",
}


def configure(pelican) -> None:
    settings = pelican.settings
    move_into_reader(settings)
    forget_source_lines()

    def missing(content, prop) -> str:
        """Pelican's 'Skipping /abs/path: could not find information about
        'date'', in the words of every other content error."""
        path = getattr(content, "source_path", None) or str(content)
        how = HOW_TO_ADD.get(prop, f"add a '{str(prop).title()}:' line")
        where = display_path(path, settings["PATH"])
        return f"{where}: no {str(prop).title()}: line; {how} (it is not built)"

    pelican_seam.reword(pelican_seam.MISSING_PROPERTY, missing)


def start_articles(generator) -> None:
    prefetcher.start(generator, generator.readers.readers.get("md"), "articles")


def start_pages(generator) -> None:
    prefetcher.start(generator, generator.readers.readers.get("md"), "pages")


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(use_site_readers)
    signals.article_generator_init.connect(start_articles)
    signals.page_generator_init.connect(start_pages)
    signals.article_generator_context.connect(problems.report)
    signals.page_generator_context.connect(problems.report)
    # Pages are read after articles: the pools end once both are read.
    signals.page_generator_finalized.connect(prefetcher.shutdown)
    signals.finalized.connect(prefetcher.shutdown)
    signals.initialized.connect(summary_links.reset)
    signals.article_generator_finalized.connect(summary_links.remember)
    signals.page_generator_finalized.connect(summary_links.remember)
    signals.static_generator_finalized.connect(summary_links.resolve)
