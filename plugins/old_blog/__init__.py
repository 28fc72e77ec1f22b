"""What a blog that moved here from WordPress brings along.

- Its comments: ``content/posts/SLUG.comments.json`` beside a post (written
  by ``invoke import-wordpress``) is shown, escaped, under the post's
  "Leave a Reply" (comments.py).
- Its addresses: ``content/redirects.txt`` lists each old address and what
  it is now; every build writes ``_redirects`` (Netlify, Cloudflare Pages),
  ``redirects.nginx.conf`` and, for hosts with neither (GitHub Pages), a
  page at each old path that sends the reader on (redirects.py).

Both inputs are data beside the content, so every build reads them afresh;
their digest goes into the settings (``OLD_BLOG_INPUTS``), which the page
cache keys on, so editing one re-renders what shows it and an incremental
build equals a clean one.
"""

from __future__ import annotations

from pelican import signals

from . import comments, redirects
from .inputs import record_inputs


def register() -> None:
    signals.initialized.connect(record_inputs)
    signals.article_generator_finalized.connect(comments.attach)
    signals.get_generators.connect(redirects.generator)
    signals.all_generators_finalized.connect(redirects.find_targets)
    signals.finalized.connect(redirects.check_paths)
