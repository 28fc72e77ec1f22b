"""The site's Markdown, with and without the chart extension, for tests."""

from __future__ import annotations

import copy
import html
import re
from functools import cache

from charts.html_comments import comment_spans, inside
from charts.markdown_ext import PLACEHOLDER, ChartExtension, decode_placeholder
from conftest import ROOT
from markdown import Markdown

# A chart block as fenced_code renders it, or as a placeholder; with the
# line ends around it.
CHART = re.compile(
    r'\n?(?:<pre[^>]*><code class="language-(?i:chart)"[^>]*>(?P<code>.*?)'
    r"</code></pre>|(?P<placeholder>" + PLACEHOLDER.pattern + r"))\n?",
    re.DOTALL,
)


@cache
def site_markdown_settings() -> dict:
    """MARKDOWN (pelicanconf.py) as Pelican's MarkdownReader hands it to
    Markdown(): every configured extension listed, meta added."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return MarkdownReader(settings).settings["MARKDOWN"]


@cache  # pure; several tests render the same variants
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


def charts_as_text(rendered: str) -> str:
    """The HTML with each chart block written as the text it holds, whether
    it is a placeholder (with the chart extension) or a ``language-chart``
    code block (without it), and with each one inside an HTML comment left
    out, as the extension leaves it out: so the renderings of one document
    with and without the extension must be equal."""
    spans = comment_spans(rendered)

    def as_text(match: re.Match) -> str:
        if match["placeholder"] is None:
            body = html.unescape(match["code"]).rstrip("\n")
        else:
            body, _, closed = decode_placeholder(match)
            assert closed, "an unclosed chart block in a document that closes them"
        return "" if inside(spans, match.start()) else f"\n[chart {body!r}]\n"

    return comments_collapsed(CHART.sub(as_text, rendered))


def comments_collapsed(rendered: str) -> str:
    """Runs of blank lines inside HTML comments made one line end: a chart
    left out of a comment takes the blank lines around it with it, and what
    a comment holds is never shown."""
    pieces, done = [], 0
    for start, end in comment_spans(rendered):
        pieces.append(rendered[done:start])
        pieces.append(re.sub(r"\n\s*\n", "\n", rendered[start:end]).rstrip("\n"))
        done = end
    pieces.append(rendered[done:])
    return "".join(pieces)
