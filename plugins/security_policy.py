"""The Content-Security-Policy, as a page's <meta> tag can carry it.

CONTENT_SECURITY_POLICY (pelicanconf.py) is the one policy: _headers sends
it whole (Netlify, Cloudflare Pages), and every page carries it in a
``<meta http-equiv="Content-Security-Policy">`` for hosts that send no
headers of a site's choosing, GitHub Pages among them. Browsers ignore
``frame-ancestors``, ``report-uri``, ``report-to`` and ``sandbox`` in a meta
tag (and say so in the console), so the ``meta_policy`` filter leaves them
out; clickjacking protection therefore needs the header.
"""

from __future__ import annotations

import logging

from pelican import signals
from sitekit.csp import meta_policy

logger = logging.getLogger(__name__)


def configure(pelican) -> None:
    settings = pelican.settings
    if not str(settings.get("CONTENT_SECURITY_POLICY") or "").strip():
        logger.error(
            "pelicanconf.py: CONTENT_SECURITY_POLICY is empty; pages would "
            "run without a policy. Set it (see the README, Production headers)"
        )
    settings.setdefault("JINJA_FILTERS", {})["meta_policy"] = meta_policy


def register() -> None:
    # get_generators: build_errors collects errors from initialized on.
    signals.get_generators.connect(configure)
