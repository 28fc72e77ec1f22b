"""What search engines and link previews read: canonical URLs, descriptions,
JSON-LD, and a sitemap whose dates come from the content, never the clock.
Templates write dates with the ``machine_datetime`` filter (dates.py)."""

from pelican import signals

from .dates import add_template_filter
from .metadata import attach_seo_metadata
from .sitemap import SitemapCollector

# Module-level: blinker holds receivers weakly, so a local collector's bound
# methods would be garbage-collected before the build ends.
collector = SitemapCollector()


def register() -> None:
    signals.initialized.connect(add_template_filter)
    signals.all_generators_finalized.connect(attach_seo_metadata)
    signals.get_generators.connect(collector.reset)
    signals.content_written.connect(collector.add)
    signals.finalized.connect(collector.write)
