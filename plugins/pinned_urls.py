"""Work out each post's URL once, when nothing can change it any more.

Pelican's ``Content.url`` and ``save_as`` re-format the URL settings (dates,
slugs, the relative source path) on every access; the theme asks for them
tens of thousands of times in a large build (lists, neighbours, related
posts, feeds, the sitemap). Once every generator is done, URLs are final:
this pins them through Pelican's own ``override_url`` / ``override_save_as``
attributes, which ``get_url_setting`` returns as they are.
"""

from __future__ import annotations

from itertools import chain

from pelican import signals

LISTS = (
    "articles",
    "translations",
    "drafts",
    "drafts_translations",
    "hidden_articles",
    "hidden_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def pin(generators) -> None:
    for generator in generators:
        lists = (getattr(generator, name, None) for name in LISTS)
        for content in chain.from_iterable(x for x in lists if isinstance(x, list)):
            content.override_url = content.url
            content.override_save_as = content.save_as


def register() -> None:
    signals.all_generators_finalized.connect(pin)
