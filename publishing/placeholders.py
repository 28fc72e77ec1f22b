"""Settings still at the sample site's values, which must not be published.

A new author clones the sample and writes posts; the reply address, the
author's name, the social handles and the public address are still the
sample's until they change them. Published, replies would go to nobody,
posts would carry someone else's name, link previews would credit accounts
that are not theirs, and every canonical and feed link would point at a
site that does not exist. `invoke publish` refuses while any is left,
naming the setting to change.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from sitekit.public_url import public_siteurl  # plugins/ is on the path (tasks.py)

# The sample's values, as pelicanconf.py ships them
# (tests/test_publish_settings.py checks that the two agree).
SAMPLE_VALUES = {
    "AUTHOR": "Jordan Ellis",
    "REPLY_EMAIL": "replies@signal-and-noise.example.com",
    "X_HANDLE": "@signal_noise_sample",
    "MASTODON_HANDLE": "@signalnoise@mastodon.example",
    "PUBLIC_SITEURL": "https://signal-and-noise.example.com",
}
# Reserved for examples (RFC 2606, RFC 6761): never anyone's real address.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", "example")

HOW = {
    "AUTHOR": "your name, as posts should show it",
    "REPLY_EMAIL": 'the address replies should reach (or "" to hide the '
    "reply link); the environment variable REPLY_EMAIL also sets it",
    "X_HANDLE": 'your X account, such as "@yourname" (or "" to leave it out)',
    "MASTODON_HANDLE": 'your Mastodon account, such as "@you@mastodon.social" '
    '(or "" to leave it out)',
    "PUBLIC_SITEURL": "the address readers use; the environment variable "
    "SITEURL also sets it (SITEURL=https://your.domain invoke publish)",
}


def is_example_host(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in EXAMPLE_DOMAINS)


def _looks_like_sample(name: str, value) -> bool:
    if not value:
        return False
    text = str(value).strip()
    if text == SAMPLE_VALUES[name]:
        return True
    if name == "REPLY_EMAIL":
        return is_example_host(text.rpartition("@")[2])
    if name == "MASTODON_HANDLE":
        return is_example_host(text.rpartition("@")[2])
    return False


def placeholder_problems(settings: dict) -> list[str]:
    """One sentence per setting still at the sample's value."""
    problems = []
    for name in SAMPLE_VALUES:
        if name == "PUBLIC_SITEURL":
            continue
        value = settings.get(name)
        if _looks_like_sample(name, value):
            problems.append(
                f"{name} is still the sample's {str(value)!r}: set it in "
                f"pelicanconf.py to {HOW[name]}."
            )
    address = public_siteurl(settings)
    host = urlsplit(address).hostname or ""
    if not host or is_example_host(host):
        problems.append(
            f"the public address is still {address or 'unset'}: canonical, "
            "feed and share links would point there. Set PUBLIC_SITEURL in "
            f"pelicanconf.py to {HOW['PUBLIC_SITEURL']}."
        )
    return problems
