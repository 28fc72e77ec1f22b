"""Vanilla Pelican 4.12: the default theme (notmyidea), no plugins, no caches.

The baseline of measure (b). It shares with this site's pelicanconf.py only
what decides how much work a build does on the same posts: Markdown and
typogrify settings, summaries, URLs, pagination, archives and feeds; those
values are imported from pelicanconf.py, so the baseline follows the site.
Everything else (theme, plugins, caching) is Pelican's default, except the
caches, which are off: a cold build.

    python -m pelican CORPUS/vanilla -s bench/vanilla/pelicanconf.py -o OUT
"""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "_site_settings", Path(__file__).resolve().parents[2] / "pelicanconf.py"
)
_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_site)

AUTHOR = _site.AUTHOR
SITENAME = _site.SITENAME
SITEURL = ""
RELATIVE_URLS = False

ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
# No data files to copy: the chart blocks are gone.
STATIC_PATHS = []

TIMEZONE = _site.TIMEZONE
DEFAULT_LANG = _site.DEFAULT_LANG
DEFAULT_DATE_FORMAT = _site.DEFAULT_DATE_FORMAT
LOCALE = _site.LOCALE

# No plugins at all: Pelican 4.12 would otherwise load every installed
# namespace plugin (related_posts, neighbors, tag_cloud, share_post).
PLUGINS = []

# The same pages, at the same addresses.
for _name in (
    "ARTICLE_URL",
    "ARTICLE_SAVE_AS",
    "PAGE_URL",
    "PAGE_SAVE_AS",
    "CATEGORY_URL",
    "CATEGORY_SAVE_AS",
    "TAG_URL",
    "TAG_SAVE_AS",
    "AUTHOR_URL",
    "AUTHOR_SAVE_AS",
    "ARCHIVES_SAVE_AS",
    "TAGS_SAVE_AS",
    "CATEGORIES_SAVE_AS",
    "AUTHORS_SAVE_AS",
    "MONTH_ARCHIVE_SAVE_AS",
    "YEAR_ARCHIVE_SAVE_AS",
    "DIRECT_TEMPLATES",
    "DEFAULT_PAGINATION",
    "PAGINATION_PATTERNS",
    # Summaries, Markdown and typography: the same work per post.
    "SUMMARY_MAX_LENGTH",
    "TYPOGRIFY",
    "TYPOGRIFY_IGNORE_TAGS",
    "FORMATTED_FIELDS",
    "MARKDOWN",
    # The same feeds.
    "FEED_DOMAIN",
    "FEED_ALL_ATOM",
    "CATEGORY_FEED_ATOM",
    "TAG_FEED_ATOM",
    "AUTHOR_FEED_ATOM",
    "AUTHOR_FEED_RSS",
    "TRANSLATION_FEED_ATOM",
    "FEED_MAX_ITEMS",
):
    if hasattr(_site, _name):
        globals()[_name] = getattr(_site, _name)

CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
