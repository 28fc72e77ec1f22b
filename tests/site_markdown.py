"""The site's Markdown, with and without the chart extension, for tests."""

from __future__ import annotations

import copy
from functools import cache

from charts.markdown_ext import ChartExtension
from conftest import ROOT
from markdown import Markdown


@cache
def site_markdown_settings() -> dict:
    """MARKDOWN (pelicanconf.py) as Pelican's MarkdownReader hands it to
    Markdown(): every configured extension listed, meta added."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return MarkdownReader(settings).settings["MARKDOWN"]


def render(text: str, *, charts: bool) -> str:
    """The HTML, or the exception Python-Markdown raised: a few of its own
    test sources make it raise (e.g. ``linenums=True`` in a fence's brace
    list, with attr_list), and then it must raise the same way with charts."""
    options = copy.deepcopy(site_markdown_settings())
    if charts:
        # What plugins/charts does on `initialized`.
        options["extensions"] = [*options["extensions"], ChartExtension()]
    try:
        return Markdown(**options).convert(text)
    except Exception as error:  # compared by the caller, not hidden
        return f"raised {type(error).__name__}: {error}"
