"""Drafts stay on the author's machine unless a setting asks otherwise.

Pelican writes every ``Status: draft`` post and page to ``drafts/``:
unlisted, but deployed with the site, where anyone who guesses or is sent
the address reads it. With ``PUBLISH_DRAFTS = False`` (publishconf.py), a
build writes no draft at all (Pelican skips a page whose save_as is empty),
so ``invoke publish`` deploys none; drafts are still read, so an error in
one still fails the build. A development build keeps ``PUBLISH_DRAFTS =
True`` and writes them to ``drafts/`` to be looked at.
"""

from __future__ import annotations

from pelican import signals

DRAFT_SETTINGS = (
    "DRAFT_SAVE_AS",
    "DRAFT_URL",
    "DRAFT_LANG_SAVE_AS",
    "DRAFT_LANG_URL",
    "DRAFT_PAGE_SAVE_AS",
    "DRAFT_PAGE_URL",
    "DRAFT_PAGE_LANG_SAVE_AS",
    "DRAFT_PAGE_LANG_URL",
)


def configure(pelican) -> None:
    """On initialized, before any post is read (its save_as comes from
    these settings)."""
    if not pelican.settings.get("PUBLISH_DRAFTS", True):
        for name in DRAFT_SETTINGS:
            pelican.settings[name] = ""


def register() -> None:
    signals.initialized.connect(configure)
