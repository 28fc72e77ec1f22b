"""Work out each post's URL once, when nothing can change it any more.

Pelican's ``Content.url`` and ``save_as`` re-format the URL settings (dates,
slugs, the relative source path) on every access; the theme asks for them
tens of thousands of times in a large build (lists, neighbours, related
posts, feeds, the sitemap). Once every generator is done, URLs are final
(slugs were fixed as each post was created): this pins them (see
sitekit.pelican_seam.pin_url). Pinning changes no URL, so it does not matter
which plugin reads one first.
"""

from __future__ import annotations

from pelican import signals
from sitekit.content_lists import all_contents
from sitekit.pelican_seam import pin_url


def pin(generators) -> None:
    for content in all_contents(generators):
        pin_url(content)


def register() -> None:
    signals.all_generators_finalized.connect(pin)
