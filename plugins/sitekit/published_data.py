"""Which data files of content/ a build publishes as they are.

An export often holds more than its chart shows (columns never plotted, an
account header, subscribers' addresses). A CSV is therefore copied to the
output only when something the build writes asks for it as it is: a chart
with ``download: raw`` (plugins/charts). plugins/content_guard keeps every
other CSV out of the output.

Requests are made while posts are drawn (from ``article_generator_finalized``
and ``page_generator_finalized``) and read when the static files are known
(``static_generator_finalized``, which Pelican sends after both). The list
is emptied on ``get_generators``, when a build starts.
"""

from __future__ import annotations

import posixpath

# File kinds that hold data, by suffix: never published unless asked for.
DATA_SUFFIXES = (".csv", ".tsv")

_requested: dict[str, set[str]] = {}


def reset() -> None:
    _requested.clear()


def publish_as_is(relative_path: str, asked_by: str) -> None:
    """Publish ``relative_path`` (relative to content/, forward slashes);
    ``asked_by`` is where, such as ``content/posts/x.md:12``."""
    _requested.setdefault(posixpath.normpath(relative_path), set()).add(asked_by)


def requested() -> frozenset[str]:
    return frozenset(_requested)


def is_data_file(relative_path: str) -> bool:
    return relative_path.lower().endswith(DATA_SUFFIXES)
