"""Render the parts every page shares once per build, not once per page.

The sidebar (categories, tag cloud, archives, recent posts) is the same on
every page but for which link is the current one. Rendering it for each of
a large site's thousands of pages was the biggest single cost of a build.
Templates call ``shared_fragment("_sidebar_shared.html", [hrefs])``: the
fragment is rendered once per build (per SITEURL) from the site-wide context
only, and the link to the current page gets ``aria-current="page"``.
"""

from __future__ import annotations

from jinja2 import pass_context
from markupsafe import Markup, escape
from pelican import signals

# What a shared fragment may read: site-wide values, never the page's own.
PAGE_KEYS = frozenset(
    {
        "article",
        "page",
        "tag",
        "category",
        "author",
        "articles",
        "dates",
        "articles_page",
        "articles_paginator",
        "articles_previous_page",
        "articles_next_page",
        "dates_page",
        "dates_paginator",
        "period",
        "period_num",
        "output_file",
        "localsiteurl",
    }
)


class FragmentCache:
    def __init__(self) -> None:
        self.rendered: dict[tuple[str, str], str] = {}
        self.site_articles: list = []

    def reset(self, generators=()) -> None:
        self.rendered = {}
        for generator in generators:
            if "articles" in generator.context:
                # Every published post, newest first: "articles" in a page's
                # own context may be just a tag's or a month's.
                self.site_articles = list(generator.context["articles"])
                break

    def configure(self, pelican) -> None:
        self.reset()
        self.site_articles = []
        pelican.settings.setdefault("JINJA_GLOBALS", {})["shared_fragment"] = (
            self.shared_fragment
        )

    @pass_context
    def shared_fragment(self, context, name: str, current: list[str] = ()) -> Markup:
        key = (name, str(context.get("SITEURL", "")))
        html = self.rendered.get(key)
        if html is None:
            site_wide = {
                k: v for k, v in context.get_all().items() if k not in PAGE_KEYS
            }
            site_wide["site_articles"] = self.site_articles
            template = context.environment.get_template(name)
            html = template.render(site_wide)
            self.rendered[key] = html
        for href in current:
            attribute = f'href="{escape(href)}"'
            if attribute in html:
                html = html.replace(attribute, f'{attribute} aria-current="page"', 1)
                break
        return Markup(html)


# Module-level: blinker holds receivers weakly.
cache = FragmentCache()


def register() -> None:
    signals.initialized.connect(cache.configure)
    # Contexts are complete once every generator has run generate_context.
    signals.all_generators_finalized.connect(cache.reset)
