"""Inline SVG icons for the share bar, drawn for this theme.

Line icons on a 24-unit grid, in ``currentColor`` so they follow the colour
scheme. They are decorative: the link's text gives its accessible name.
"""

from markupsafe import Markup


def _icon(body: str) -> Markup:
    return Markup(
        '<svg class="icon" viewBox="0 0 24 24" width="20" height="20" '
        'fill="none" stroke="currentColor" stroke-width="1.8" '
        'stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" '
        f'focusable="false">{body}</svg>'
    )


FACEBOOK = _icon('<path d="M15.5 3.5h-2A3.5 3.5 0 0 0 10 7v13.5M6.5 10.5h7.5"/>')
X = _icon('<path d="M4.5 4 19.5 20M19.5 4l-15 16"/>')
LINKEDIN = _icon(
    '<rect x="3" y="3" width="18" height="18" rx="3"/>'
    '<path d="M8 10.5v6M8 7.5v.01M12 16.5v-6M12 13.2c0-1.6 1.1-2.7 2.5-2.7S17 11.4 '
    '17 13v3.5"/>'
)
REDDIT = _icon(
    '<ellipse cx="12" cy="14.5" rx="7.5" ry="5"/>'
    '<path d="M12 9.5 13.3 4.5l3.7 1M9.5 17c1.5.9 3.5.9 5 0M9 14v.01M15 14v.01"/>'
    '<circle cx="18.4" cy="5.7" r="1.4"/>'
)
HACKER_NEWS = _icon(
    '<rect x="3" y="3" width="18" height="18" rx="2"/>'
    '<path d="m8 7 4 5.5L16 7M12 12.5V17"/>'
)
BLUESKY = _icon(
    '<path d="M12 11C10 7 6.5 4.5 4.8 5S3.5 11 6 12.3c-2.4 1-2.3 4.5.6 5.4S10.6 '
    '15 12 12.6c1.4 2.4 2.5 6 5.4 5.1s3-4.4.6-5.4C20.5 11 21 5.5 19.2 5S14 7 12 11z"/>'
)
MASTODON = _icon(
    '<path d="M20 12.5c0 3.4-2.6 5.5-6.6 5.8-2 .2-3.8-.1-5.3-.6.3 1.8 1.9 2.8 '
    '4.8 2.5M4 12.5V9c0-3 2-5 5-5h6c3 0 5 2 5 5v3.5"/>'
    '<path d="M8.5 14v-4a1.75 1.75 0 0 1 3.5 0v2m0 0v-2a1.75 1.75 0 0 1 3.5 0v4"/>'
)
EMAIL = _icon(
    '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3.5 6 8.5 7 8.5-7"/>'
)
