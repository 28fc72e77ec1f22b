"""Attach a share bar to every article and page.

The bar is a list of :class:`ShareLink` in ``content.share_links``, in the
order of the ``SHARE_SERVICES`` setting. Addresses are built from
``PUBLIC_SITEURL``, so they are absolute in development builds too, and for
drafts and hidden posts as well as published ones.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup
from pelican import signals
from sitekit.content_lists import all_contents
from sitekit.public_url import public_siteurl

from .services import SERVICES

logger = logging.getLogger(__name__)

DEFAULT_SERVICES = (
    "facebook",
    "x",
    "linkedin",
    "reddit",
    "hacker-news",
    "bluesky",
    "mastodon",
    "email",
)


@dataclass(frozen=True)
class ShareLink:
    key: str
    label: str
    url: str
    icon: Markup

    @property
    def accessible_name(self) -> str:
        preposition = "by" if self.key == "email" else "on"
        return f"Share {preposition} {self.label}"


def plain_title(content) -> str:
    """The title as a reader sees it: typography kept, markup and the
    no-break space typogrify puts before the last word removed."""
    return Markup(content.title).striptags().replace("\xa0", " ")


def absolute_url(content) -> str:
    return f"{public_siteurl(content.settings)}/{content.url}"


def share_links(content, service_keys) -> list[ShareLink]:
    title = quote(plain_title(content), safe="")
    url = quote(absolute_url(content), safe="")
    return [
        ShareLink(
            key,
            SERVICES[key].label,
            SERVICES[key].build(title, url, content),
            SERVICES[key].icon,
        )
        for key in service_keys
    ]


def configured_services(settings) -> list[str]:
    keys = list(settings.get("SHARE_SERVICES", DEFAULT_SERVICES))
    unknown = [key for key in keys if key not in SERVICES]
    for key in unknown:
        logger.error(
            "SHARE_SERVICES: unknown service %r; known services are: %s",
            key,
            ", ".join(SERVICES),
        )
    return [key for key in keys if key in SERVICES]


def attach_share_links(generators) -> None:
    keys = configured_services(generators[0].settings) if generators else []
    for content in all_contents(generators):
        content.share_links = share_links(content, keys)


def register() -> None:
    signals.all_generators_finalized.connect(attach_share_links)
