"""Keep a build inside its folders, and every page at an address of its own.

Posts and data come from everywhere (spreadsheet exports, old WordPress
posts), so nothing they say may make the build read a file outside
``content/``, write one outside the output, or replace another page. One
module per policy:

- output_folder: the output may not be, contain or lie inside ``content/``,
  nor contain the theme;
- static_files: a static file whose real path is outside ``content/`` (a
  symlink in ``content/data/`` to a private file) is never copied;
- links: nor is a file that a ``{static}``, ``{attach}`` or ``{filename}``
  link reaches with ``../``;
- urls: two posts (or pages) with the same URL: the older one keeps it, the
  newer one is an error and is not built (Pelican would keep whichever it
  happened to read last, or stop with a traceback); a post or page whose URL
  is one the site already uses (the home page, a month archive, the tags
  index) is an error and is not built; a page written outside the output
  gets a clear message;
- templates: ``Template:`` must name a template of the theme;
- slugs: a title that gives no slug (emoji only) takes the file's name; a
  title that gives a slug too long for a file name is cut at a word boundary;
- taxonomies: two tags (or categories) spelled differently, beyond case and
  separators, that would share one URL (``C++`` and ``C#`` are both
  ``tag/c/``) are an error; spellings that differ only in case or
  separators share the oldest post's spelling, so the tag page's name never
  depends on file order.

Every message reads ``content/posts/x.md:LINE: ...`` (the line when there is
one), like the chart plugin's, and is logged as an error: a development build
carries on without the offending item, a publish build fails.
"""

from __future__ import annotations

from pelican import signals
from sitekit.content_lists import ARTICLE_LISTS, HELD_LISTS, PAGE_LISTS

from .messages import guard
from .output_folder import check_output_folder
from .slugs import fix_slug
from .static_files import check_static_files
from .taxonomies import check_taxonomies
from .urls import check_contents, reword_outside_output


def configure(pelican) -> None:
    guard.configure(pelican)
    check_output_folder(pelican)
    reword_outside_output()


def check_articles(generator) -> None:
    # Posts scheduled for later (plugins/scheduled_posts, on this same
    # signal) are checked too, before or after they are moved aside.
    check_contents(generator, (*ARTICLE_LISTS, *HELD_LISTS), kind="post")
    check_taxonomies(generator)


def check_pages(generator) -> None:
    articles = [
        a
        for name in ("articles", "hidden_articles", "drafts")
        for a in (generator.context.get(name) or [])
    ]
    check_contents(generator, PAGE_LISTS, others=articles, kind="page")


def register() -> None:
    signals.initialized.connect(configure)
    signals.content_object_init.connect(fix_slug)
    signals.article_generator_pretaxonomy.connect(check_articles)
    signals.page_generator_finalized.connect(check_pages)
    signals.static_generator_finalized.connect(check_static_files)
