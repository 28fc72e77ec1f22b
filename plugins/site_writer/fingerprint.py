"""Stable fingerprints of what a page is rendered from.

A page's output is a function of the theme, the code, the settings, the
site's listing (every post's metadata and everything plugins attached to
it: what sidebars, indexes, neighbours and feeds may show) and the page's
own objects (its article's body, its list of posts). Hash those, and an
unchanged hash means an unchanged page that need not be rendered again.

A post's state is every public attribute it carries, not a chosen few: a
value that a template prints, that a plugin set, or that a later change
adds (an Original_url, a custom metadata field) cannot be left out of the
key by forgetting it. Everything here hashes values, never object ids or
memory addresses, so a fingerprint is the same in every process.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper
from sitekit.fingerprints import digest
from sitekit.pelican_seam import body_html

# Long post lists (a month page's list of every post, a tag's posts on each of
# its pages) are the same objects page after page: describe each once.
MEMO_MIN_LENGTH = 32
# Attributes of a post that are not its state: Pelican's settings and
# shared context (site-wide, hashed once) and private attributes.
NOT_STATE = frozenset({"settings", "metadata", "_context"})
_sequences: dict[int, tuple[object, str, int]] = {}


def forget_sequences() -> None:
    """Start a build afresh (the lists of the last one are gone)."""
    _sequences.clear()


def _memoized_sequence(value, depth: int) -> str:
    known = _sequences.get(id(value))
    if known is not None and known[0] is value and len(value) == known[2]:
        return known[1]
    text = "[" + ",".join(stable(v, depth + 1) for v in value) + "]"
    # Keeping the list itself alive means its id cannot be reused meanwhile.
    _sequences[id(value)] = (value, text, len(value))
    return text


def stable(value, depth: int = 0) -> str:
    """A text form of a value that is equal across processes when the value is.

    Content objects are named by their source file (their state is in the
    site listing, their body in the page's own part of the key); unknown
    objects by their type, so a change in them goes unnoticed only if the
    code and settings that made them did not change either.
    """
    if depth > 6:
        return "…"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Content):
        # source_path is a plain attribute; .url re-formats URL settings on
        # every access, which on lists of thousands of posts dominated.
        return f"<{type(value).__name__} {value.source_path}>"
    if isinstance(value, URLWrapper):
        return f"<{type(value).__name__} {value.name}|{value.slug}>"
    if isinstance(value, Page):
        return (
            f"<Page {value.number}/{value.paginator.num_pages} "
            f"{stable(value.object_list, depth + 1)}>"
        )
    if isinstance(value, Paginator):
        return f"<Paginator {value.count} {value.num_pages}>"
    if isinstance(value, Mapping):
        items = sorted((str(k), stable(v, depth + 1)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, list | tuple):
        if len(value) > MEMO_MIN_LENGTH:
            return _memoized_sequence(value, depth)
        return "[" + ",".join(stable(v, depth + 1) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ",".join(sorted(stable(v, depth + 1) for v in value)) + "}"
    if callable(value):
        name = getattr(value, "__qualname__", type(value).__qualname__)
        return f"<callable {getattr(value, '__module__', '')}.{name}>"
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def content_state(content) -> str:
    """Everything a post shows anywhere but its body: its URL, its metadata
    and every public attribute it carries."""
    attributes = {
        name: value
        for name, value in vars(content).items()
        if not name.startswith("_") and name not in NOT_STATE
    }
    return "|".join(
        (
            content.url,
            content.save_as,
            stable(content.metadata),
            stable(attributes),
        )
    )


def body(content) -> str:
    """The digest of a post's body, worked out once per post per build (the
    newest posts appear in a dozen feeds)."""
    text = body_html(content)
    known = content.__dict__.get("_body_digest")
    if known is None or known[0] is not text:
        known = (text, digest(text))
        content.__dict__["_body_digest"] = known
    return known[1]
