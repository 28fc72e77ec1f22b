"""Reading time in whole minutes, from the words a reader reads.

pelican-readtime counts every whitespace-separated token of the rendered
HTML, so a chart's JSON payload and its data table would add minutes. We
count the prose only: scripts, styles, SVG and collapsed data tables are left
out.
"""

from __future__ import annotations

import html as html_module
import math
import re
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

NOT_PROSE = re.compile(
    r"<(script|style|svg|details)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+(?:['’]\w+)*")


def count_words(markup: str) -> int:
    text = html_module.unescape(TAG.sub(" ", NOT_PROSE.sub(" ", markup)))
    return len(WORD.findall(text))


def reading_minutes(html: str, words_per_minute: int) -> int:
    """At least one minute: a reader always spends some time on a post."""
    return max(1, math.ceil(count_words(html) / words_per_minute))


def attach_reading_time(generators) -> None:
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            contents = chain(
                generator.articles, generator.drafts, generator.translations
            )
        elif isinstance(generator, PagesGenerator):
            contents = chain(generator.pages, generator.hidden_pages)
        else:
            continue
        wpm = generator.settings.get("READING_WORDS_PER_MINUTE", 230)
        for content in contents:
            content.reading_time = reading_minutes(content._content or "", wpm)


def register() -> None:
    signals.all_generators_finalized.connect(attach_reading_time)
