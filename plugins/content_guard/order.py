"""Which of two contents came first: by date, then by file."""

from __future__ import annotations

import os


def by_age(content):
    """Oldest first; files without a date last, then by their path."""
    date = getattr(content, "date", None)
    stamp = date.timestamp() if date is not None else float("inf")
    return (stamp, os.path.realpath(content.source_path))
