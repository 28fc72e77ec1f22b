"""Every date a machine reads (<time datetime>, Open Graph, JSON-LD, the
sitemap) is valid for every date Pelican can produce: with microseconds
(DEFAULT_DATE = "fs"), in a zone whose old offset has seconds, at +05:30."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import parse_html
from ordinary_site import FILE_DATE, ordinary_site, pages, post
from seo.dates import machine_datetime


@pytest.fixture(scope="module")
def ordinary(tmp_path_factory) -> Path:
    return ordinary_site(tmp_path_factory)


# HTML's valid global (or local) date and time string, to the millisecond.
HTML_DATETIME = re.compile(
    r"^\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$"
)
ISO_SECONDS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")


def test_every_time_element_has_a_valid_datetime(ordinary):
    values = set()
    for page in pages(ordinary):
        values.update(parse_html(ordinary / page).xpath("//time/@datetime"))
    assert {v for v in values if not HTML_DATETIME.match(v)} == set()
    assert FILE_DATE in values  # the file's time, to the second
    assert "1850-06-01T14:56:02+00:00" in values  # LMT -04:56:02, given in UTC
    assert "2024-03-10T10:00:00+05:30" in values


def test_open_graph_json_ld_and_sitemap_dates_are_to_the_second(ordinary):
    page = post(ordinary, "dated-by-its-file")
    published = page.xpath("//meta[@property='article:published_time']/@content")
    modified = page.xpath("//meta[@property='article:modified_time']/@content")
    assert published == modified == [FILE_DATE]
    old = post(ordinary, "eighteen-fifty")
    [ld] = old.xpath("//script[@type='application/ld+json']/text()")
    assert json.loads(ld)["datePublished"] == "1850-06-01T14:56:02+00:00"
    sitemap = (ordinary / "sitemap.xml").read_text("utf-8")
    lastmods = re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)
    assert lastmods
    assert [v for v in lastmods if not ISO_SECONDS.match(v)] == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.datetime(2024, 1, 31, 14, 30, 5, 123456), "2024-01-31T14:30:05"),
        (dt.date(2024, 1, 31), "2024-01-31"),
        (
            dt.datetime(
                2024, 1, 31, 14, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))
            ),
            "2024-01-31T14:30:00-05:00",
        ),
        (
            dt.datetime(
                1, 1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, seconds=30))
            ),
            "0001-01-01T01:00:00",
        ),
    ],
)
def test_machine_datetime_of_dates_pelican_does_not_make_itself(value, expected):
    """Naive datetimes and dates (a plugin's), and the one date an offset in
    seconds cannot be moved to UTC from: all valid HTML."""
    assert machine_datetime(value) == expected
    assert HTML_DATETIME.match(expected) or re.match(r"^\d{4}-\d{2}-\d{2}$", expected)
