"""Drop tags that no published post uses.

pelican-related-posts looks up ``generator.tags[tag]`` for drafts as well,
and ``tags`` is a defaultdict, so a tag used only by drafts gains an empty
entry; Pelican would then write an empty tag page and feed for it and the
sitemap would list them. This removes them once every generator has built
its context (all_generators_finalized comes after every plugin's
article_generator_finalized, related_posts' included, whatever their order).
"""

from __future__ import annotations

from pelican import signals
from pelican.generators import ArticlesGenerator
from sitekit.pelican_seam import refresh_context


def drop_empty(generators) -> None:
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        empty = [tag for tag, articles in generator.tags.items() if not articles]
        for tag in empty:
            del generator.tags[tag]
        if empty:
            refresh_context(generator, ("tags",))


def register() -> None:
    signals.all_generators_finalized.connect(drop_empty)
