"""The address readers use, for everything that must be absolute.

SITEURL is empty in development builds (the site then works from any local
port); canonical links, share links, feeds, the sitemap and Open Graph
need the public address in every build: PUBLIC_SITEURL, else SITEURL.
"""

from __future__ import annotations


def public_siteurl(settings) -> str:
    """``https://example.com`` (no trailing slash), or ``""`` when unset."""
    return (settings.get("PUBLIC_SITEURL") or settings.get("SITEURL") or "").rstrip("/")
