"""Dates as machines read them: <time datetime>, Open Graph, JSON-LD, sitemap.

``isoformat()`` is not enough. A date Pelican took from a file's time
(``DEFAULT_DATE = "fs"``) has microseconds, and HTML allows at most three
digits of a second; a date before time zones were standardised (1850 in
America/New_York) has an offset in seconds (-04:56:02), which neither HTML,
ISO 8601 nor the sitemap format allow. Here every date is given to the
second, with an offset in whole minutes (such a date is given in UTC).
"""

from __future__ import annotations

import datetime as dt

WHOLE_MINUTE = dt.timedelta(minutes=1)


def machine_datetime(value: dt.date) -> str:
    """``2024-01-31T14:30:00-05:00``; a naive datetime has no offset, which
    HTML reads as local time; a date alone is ``2024-01-31``."""
    if not isinstance(value, dt.datetime):
        return value.isoformat()
    offset = value.utcoffset()
    if offset is not None and offset % WHOLE_MINUTE:
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:  # the first hours of year 1, east of Greenwich
            value = value.replace(tzinfo=None)
    return value.isoformat(timespec="seconds")


def add_template_filter(pelican) -> None:
    pelican.settings.setdefault("JINJA_FILTERS", {})["machine_datetime"] = (
        machine_datetime
    )
