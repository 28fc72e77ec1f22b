"""Absolute and canonical URLs, a meta description and JSON-LD per content."""

from __future__ import annotations

import html

from markupsafe import Markup
from pelican.contents import Article
from sitekit.content_lists import all_contents
from sitekit.public_url import public_siteurl

from .dates import machine_datetime

DESCRIPTION_LENGTH = 160


def plain_text(markup: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html.unescape(Markup(markup).striptags()).split())


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.—–-")
    return cut + "…"


def meta_description(content) -> str:
    explicit = content.metadata.get("description")
    if explicit:
        return shorten(" ".join(str(explicit).split()))
    return shorten(plain_text(content.summary or ""))


def article_json_ld(content, canonical: str, description: str) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": plain_text(content.title),
        "description": description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "datePublished": machine_datetime(content.date),
        "dateModified": machine_datetime(
            getattr(content, "modified", None) or content.date
        ),
        "author": {"@type": "Person", "name": str(content.author)},
        "publisher": {"@type": "Organization", "name": content.settings["SITENAME"]},
        "articleSection": str(content.category),
        "keywords": [str(tag) for tag in getattr(content, "tags", [])],
    }
    if getattr(content, "original_url", None):
        data["isBasedOn"] = content.original_url
    return data


def attach(content, is_article: bool) -> None:
    base = public_siteurl(content.settings)
    content.absolute_url = f"{base}/{content.url}"
    content.canonical_url = getattr(content, "original_url", None) or (
        content.absolute_url
    )
    content.meta_description = meta_description(content)
    content.json_ld = (
        article_json_ld(content, content.canonical_url, content.meta_description)
        if is_article
        else None
    )


def attach_seo_metadata(generators) -> None:
    for content in all_contents(generators):
        attach(content, is_article=isinstance(content, Article))
