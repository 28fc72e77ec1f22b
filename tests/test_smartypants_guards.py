"""The guarded smartypants converters (plugins/site_reader/smartypants_guards.py)
typeset every text exactly as the library's own converters do."""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest
import smartypants
from conftest import ROOT, build_site, new_content, parse_html
from hypothesis import given, settings
from hypothesis import strategies as st
from site_reader import smartypants_guards
from typogrify.filters import typogrify

CORPUS = Path(__file__).parent / "fixtures" / "python-markdown"
IGNORE = ["pre", "code", "kbd", "script"]
ATTRIBUTES = {
    "default": smartypants.Attr.set1 | smartypants.Attr.w,
    "oldschool": smartypants.Attr.set2 | smartypants.Attr.w,
    "oldschool_inverted": smartypants.Attr.set3 | smartypants.Attr.w,
}


def both(html: str, dashes: str = "default") -> tuple[str, str]:
    """(library's output, guarded output) of typogrify on ``html``."""
    before = smartypants.Attr.default
    smartypants.Attr.default = ATTRIBUTES[dashes]
    try:
        smartypants_guards.uninstall()
        plain = typogrify(html, IGNORE)
        smartypants_guards.install()
        guarded = typogrify(html, IGNORE)
    finally:
        smartypants.Attr.default = before
    return plain, guarded


def documents() -> list[tuple[str, str]]:
    """Python-Markdown's test documents and snippets, and this site's posts,
    as HTML: text nobody wrote for this test."""
    md = markdown.Markdown(extensions=["extra", "toc", "admonition"])
    texts = [
        (path.name, path.read_text("utf-8"))
        for folder in (CORPUS / "documents", ROOT / "content")
        for path in sorted(folder.rglob("*.[mt][dx]*"))
    ]
    snippets = json.loads((CORPUS / "snippets.json").read_text("utf-8"))
    texts += sorted(snippets.items())
    found = []
    for name, text in texts:
        md.reset()
        try:
            found.append((name, md.convert(text)))
        except Exception:  # a snippet made to fail in Markdown (an option's
            continue  # value of the wrong type): nothing to typeset
    return found


DOCUMENTS = documents()


@pytest.mark.parametrize("dashes", sorted(ATTRIBUTES))
def test_real_documents_are_typeset_alike(dashes):
    assert len(DOCUMENTS) > 800
    changed = 0
    for name, html in DOCUMENTS:
        plain, guarded = both(html, dashes)
        assert guarded == plain, name
        changed += plain != html
    assert changed > 300  # the documents do hold quotes, dashes and dots


# Text made of what the converters look for, and what sits next to it.
PIECES = st.sampled_from(
    [
        "'", '"', "`", "``", "''", "\\", "-", "--", "---", ".", "...", ". . .",
        " ", "\n", "\t", "a", "Z", "9", "s", "80s", "&nbsp;", "&#8211;", "&mdash;",
        "&quot;", "&amp;", "(", "[", "!", "<p>", "</p>", "<em>", "</em>",
        "<code>", "</code>", "<pre>", "</pre>", '<a href="x">', "</a>", "<br />",
        "<!-- c -->", "CAPS", "Q&A",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(PIECES, max_size=40).map("".join),
    st.sampled_from(sorted(ATTRIBUTES)),
)
def test_any_text_is_typeset_alike(text, dashes):
    plain, guarded = both(text, dashes)
    assert guarded == plain


def test_installing_twice_wraps_once():
    smartypants_guards.install()
    once = smartypants.convert_quotes
    smartypants_guards.install()
    assert smartypants.convert_quotes is once
    assert smartypants.convert_quotes.unguarded.__module__ == "smartypants"


def test_a_build_typesets_as_the_library_does(tmp_path):
    """A real build (the reader installs the guards) writes the quotes and
    dashes smartypants itself would."""
    content = new_content(tmp_path)
    (content / "posts" / "quotes.md").write_text(
        "Title: Quotes\nDate: 2024-03-01 10:00\nCategory: Notes\n\n"
        "\"Open rates\" aren't clicks -- they're 'proxies'... Use `code` as is.\n",
        "utf-8",
    )
    output = tmp_path / "output"
    result = build_site(output, content=content)
    assert result.returncode == 0, result.stdout + result.stderr
    page = parse_html(output / "2024" / "03" / "quotes" / "index.html")
    (body,) = page.xpath("//div[contains(@class, 'post__body')]/p")
    text = body.text_content()
    assert "\u201cOpen rates\u201d aren\u2019t clicks" in text
    assert "they\u2019re \u2018proxies\u2019\u2026" in text
    assert body.xpath("code")[0].text == "code"
