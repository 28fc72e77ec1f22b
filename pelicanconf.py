"""Development settings: what `invoke build` and `invoke livereload` use.

Every setting the theme or our plugins read is defined here, in one place;
publishconf.py overrides only what differs in production.
"""

import os
import sys

AUTHOR = "Jordan Ellis"
SITENAME = "Signal & Noise"
SITESUBTITLE = "Marketing strategy, with the data left in"
SITE_DESCRIPTION = (
    "Notes on social, email and content marketing strategy, each argued "
    "from the numbers: polls, funnels and campaign results you can inspect."
)

# Where links point. Empty in development, so the site works from any local
# port; publishconf.py sets the real address.
SITEURL = ""
# Where readers reach the site. Everything that must be absolute (canonical
# links, share links, feeds, the sitemap, Open Graph) uses this, in every build.
# An empty SITEURL (an unset CI variable) counts as none.
PUBLIC_SITEURL = os.environ.get("SITEURL") or "https://signal-and-noise.example.com"
RELATIVE_URLS = False
FEED_DOMAIN = PUBLIC_SITEURL

PATH = "content"
ARTICLE_PATHS = ["posts"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "data", "extra"]
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
}
IGNORE_FILES = [".#*", "*~", ".*.swp", "__pycache__"]

TIMEZONE = "America/New_York"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
LOCALE = ("C",)


def newest_first(article):
    """Newest first; same-day posts by slug.

    Pelican reads files in set order, which changes with PYTHONHASHSEED; a
    total order keeps pages, feeds and neighbours byte-identical between builds.
    """
    return (-article.date.timestamp(), article.slug)


ARTICLE_ORDER_BY = newest_first

THEME = "theme"
# Theme assets are copied by plugins/hashed_assets under hashed names.
THEME_STATIC_PATHS = []
PLUGIN_PATHS = ["plugins"]
# The plugins share small helpers (plugins/sitekit/, not itself a plugin),
# which they import by name: Pelican loads plugins from PLUGIN_PATHS without
# putting the folder on the import path.
_plugins_folder = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plugins")
if _plugins_folder not in sys.path:
    sys.path.insert(0, _plugins_folder)
# No plugin depends on its place in this list (tests/test_plugin_order.py
# builds the site with the list reversed). plugins/README.md maps them.
PLUGINS = [
    "versioned_cache",
    "site_reader",
    "write_errors",
    "copy_on_write",
    "pelican.plugins.related_posts",
    "pelican.plugins.neighbors",
    "pelican.plugins.tag_cloud",
    "empty_taxonomies",
    "hashed_assets",
    "template_cache",
    "fragments",
    "content_guard",
    "charts",
    "keyboard_scroll",
    "pinned_urls",
    "scheduled_posts",
    "drafts",
    "security_policy",
    "share_bar",
    "seo",
    "site_writer",
    "old_blog",  # imported comments and old addresses (invoke import-wordpress)
    "build_errors",
]

# URLs: clean, stable, and the same shape as the original WordPress blog.
ARTICLE_URL = "{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = "{date:%Y}/{date:%m}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
CATEGORY_URL = "category/{slug}/"
CATEGORY_SAVE_AS = "category/{slug}/index.html"
TAG_URL = "tag/{slug}/"
TAG_SAVE_AS = "tag/{slug}/index.html"
AUTHOR_URL = "author/{slug}/"
AUTHOR_SAVE_AS = "author/{slug}/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
CATEGORIES_URL = "categories/"
CATEGORIES_SAVE_AS = "categories/index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = "authors/index.html"
MONTH_ARCHIVE_URL = "{date:%Y}/{date:%m}/"
MONTH_ARCHIVE_SAVE_AS = "{date:%Y}/{date:%m}/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "categories", "authors", "archives"]
TEMPLATE_PAGES = {
    "404.html": "404.html",
    "robots.txt": "robots.txt",
    # Production headers (CSP, caching) for Netlify / Cloudflare Pages; the
    # local server and the site checks read the same file.
    "_headers": "_headers",
}

# The Content-Security-Policy, in one place: sent as a header by _headers
# (Netlify, Cloudflare Pages) and the nginx snippet in the README, and carried
# by every page in a <meta http-equiv> tag, for hosts that send no headers
# (GitHub Pages). A meta tag cannot hold frame-ancestors, report-uri,
# report-to or sandbox; they are left out of it (plugins/security_policy).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)

DEFAULT_PAGINATION = 5
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
SUMMARY_MAX_LENGTH = 55

# Feeds: Atom for everything, each category and each tag.
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{slug}.atom.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20

# Typography for prose, never inside code or data: straight quotes become
# curly, ... an ellipsis, -- an en dash and --- an em dash ("oldschool"; the
# default would make -- an em dash and --- an em dash and a hyphen). Chart
# titles, captions, sources, alt text and descriptions follow the same rules.
TYPOGRIFY = True
TYPOGRIFY_DASHES = "oldschool"
TYPOGRIFY_IGNORE_TAGS = ["script", "style", "pre", "code", "kbd", "math", "svg"]
# Metadata is text, not Markdown: see plugins/site_reader/metadata.py.
FORMATTED_FIELDS = []

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": False},
    },
    "output_format": "html5",
}

# Autoescape: titles, tags and every other metadata value are text. The theme
# marks the few trusted HTML values (rendered content) as safe explicitly.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
}

# Sidebar and article footer.
SHARE_SERVICES = [
    "facebook",
    "x",
    "linkedin",
    "reddit",
    "hacker-news",
    "bluesky",
    "mastodon",
    "email",
]
RELATED_POSTS_MAX = 3
TAG_CLOUD_STEPS = 4
TAG_CLOUD_MAX_ITEMS = 40
TAG_CLOUD_SORTING = "alphabetically"
RECENT_POSTS_COUNT = 5
READING_WORDS_PER_MINUTE = 230

# Status: draft posts and pages are written to drafts/ (unlisted) here;
# publishconf.py sets False, so `invoke publish` deploys none of them.
PUBLISH_DRAFTS = True

# Posts dated after the build's "now" are scheduled: shown here, marked
# "Scheduled"; left out of a publish build until their date ("hold",
# publishconf.py). The build's now is an input, so that the same sources and
# the same now build the same bytes: BUILD_NOW (seconds since 1970, or an
# ISO 8601 date or time such as 2026-01-01T09:00), else SOURCE_DATE_EPOCH,
# else the clock.
SCHEDULED_POSTS = "show"
BUILD_NOW = os.environ.get("BUILD_NOW") or os.environ.get("SOURCE_DATE_EPOCH")

# Charts: what "Download the data" serves when a block does not say
# (download:): "generated", a CSV of exactly the plotted table; "raw", the
# CSV file as it is; "none", no link. A CSV no chart publishes raw is never
# copied to the output.
CHARTS_DOWNLOAD = "generated"
# Columns that look like personal data (email addresses, phone numbers, IP
# addresses; headers such as Email, First name, Phone, Address, IP, User ID)
# in a table a chart shows or in a CSV published raw: "warn" here, "refuse"
# in a publish build (publishconf.py). Columns that may be published all the
# same, by name: "Column" in any file, or "data/file.csv: Column".
PERSONAL_DATA = "warn"
PERSONAL_DATA_ALLOWED = []

# The site's social accounts, named in link previews (twitter:site) and as
# the author on Mastodon (fediverse:creator); "" leaves one out.
X_HANDLE = "@signal_noise_sample"
MASTODON_HANDLE = "@signalnoise@mastodon.example"

# "Leave a Reply": by email when an address is set. COMMENTS = "giscus" with
# GISCUS = {...} switches to giscus; nothing third-party loads by default.
REPLY_EMAIL = os.environ.get("REPLY_EMAIL", "replies@signal-and-noise.example.com")
COMMENTS = None
GISCUS = {}

# Where `invoke publish` deploys: "ghp" (GitHub Pages) or "rsync". GitHub
# Pages: the GITHUB_PAGES_BRANCH branch of DEPLOY_REMOTE, a Git remote of
# this project (or a repository URL). In a fresh clone of the sample,
# "origin" is the sample's repository: add your own and name it here.
DEPLOY_TARGET = os.environ.get("DEPLOY_TARGET", "ghp")
DEPLOY_REMOTE = os.environ.get("DEPLOY_REMOTE", "origin")
GITHUB_PAGES_BRANCH = os.environ.get("GITHUB_PAGES_BRANCH", "gh-pages")
RSYNC_DESTINATION = os.environ.get("RSYNC_DESTINATION", "")

CACHE_CONTENT = True
# Uncompressed caches load several times faster; they are a few MB at most.
GZIP_CACHE = False
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
DELETE_OUTPUT_DIRECTORY = False
