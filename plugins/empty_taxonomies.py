"""Drop tags and categories that no published post uses.

pelican-related-posts looks up ``generator.tags[tag]`` for drafts as well,
and ``tags`` is a defaultdict, so a tag used only by drafts gains an empty
entry; Pelican would then write an empty tag page and feed for it and the
sitemap would list them. This runs after that plugin and removes them.
"""

from __future__ import annotations

from pelican import signals


def drop_empty(generator) -> None:
    for tag in [tag for tag, articles in generator.tags.items() if not articles]:
        del generator.tags[tag]
    generator._update_context(("tags",))


def register() -> None:
    signals.article_generator_finalized.connect(drop_empty)
