"""The importer's HTML -> Markdown writer (wordpress/markdown.py), and the
steps before it that shape the HTML: WordPress's paragraphs (autop),
shortcodes and embeds.

The writer's promise: the Markdown it writes, read back by Python-Markdown
with the site's settings, gives the HTML it was given, once that HTML is
cleaned as the import cleans it (cleanup.py) and up to what Markdown
cannot say and the writer leaves out on purpose, listed in ``normalise``.
The material is Python-Markdown's own test documents and syntax snippets
(tests/fixtures/python-markdown, BSD licence), rendered with the site's
settings: HTML nobody here wrote, with every construct Markdown has.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html
from markdown import Markdown
from site_markdown import site_markdown_settings

from wordpress import autop, embeds, links, shortcodes
from wordpress.cleanup import modernise, remove_comments, remove_unsafe
from wordpress.markdown import to_markdown

CORPUS = Path(__file__).parent / "fixtures" / "python-markdown"
TEXTS: dict[str, str] = json.loads((CORPUS / "snippets.json").read_text("utf-8"))
TEXTS.update(
    {
        str(p.relative_to(CORPUS)): p.read_text("utf-8")
        for p in sorted((CORPUS / "documents").rglob("*.txt"))
    }
)
# Elements the writer does not keep as such: it writes what they hold.
WRAPPERS = (
    "div",
    "span",
    "section",
    "article",
    "header",
    "footer",
    "hgroup",
    "main",
    "nav",
    "aside",
)
BLOCKS = {
    "p", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "table", "figure", "dl", "details", *WRAPPERS[:1], *WRAPPERS[2:],
}  # fmt: skip
# Documents whose HTML the writer cannot give back, each with the reason.
NOT_EXPRESSIBLE = {
    "documents/extensions/extra/def-in-list.txt": (
        "a definition list in a list item, beside items of several paragraphs: "
        "Python-Markdown reads those definitions as the item's text (their "
        "words are kept, the <dl> is not)"
    ),
}


def render(text: str) -> str:
    return Markdown(**copy.deepcopy(site_markdown_settings())).convert(text)


def fragment(markup: str):
    return html.fragment_fromstring(markup, create_parent="div")


def cleaned(markup: str):
    root = fragment(markup)
    remove_comments(root)
    remove_unsafe(root)
    modernise(root)
    return root


def wrap_runs(container) -> None:
    """Loose text and inline elements among blocks: a paragraph, as the
    writer makes them."""
    pieces = []
    if container.text and container.text.strip():
        pieces.append(container.text)
    container.text = None
    for child in list(container):
        pieces.append(child)
        if child.tail and child.tail.strip():
            pieces.append(child.tail)
        child.tail = None
        container.remove(child)
    run = None
    for piece in pieces:
        if isinstance(piece, str) or piece.tag not in BLOCKS:
            if run is None:
                run = html.Element("p")
                container.append(run)
            if isinstance(piece, str):
                if len(run):
                    run[-1].tail = (run[-1].tail or "") + piece
                else:
                    run.text = (run.text or "") + piece
            else:
                run.append(piece)
        else:
            run = None
            container.append(piece)


def normalise(root) -> str:
    """The HTML up to what Markdown cannot say, which the writer leaves out
    on purpose: wrappers (their content stays), ids (anchors are kept as
    empty spans or attribute lists, heading ids are the toc's), empty
    paragraphs and code blocks, links without an address, empty alt and
    title attributes, titles holding a double quote, <p> directly in <li>
    (a list is loose or tight as a whole), a <pre> always holding <code>,
    empty links, and URL escapes (the writer escapes parentheses and spaces)."""
    for comment in list(root.iter(etree.Comment)):
        comment.drop_tree()  # the writer's separators between two lists
    for element in list(root.iter(*WRAPPERS)):
        if element is not root:
            wrap_runs(element)
            element.drop_tag()
    wrap_runs(root)
    for pre in root.iter("pre"):
        if pre.find("code") is None:
            code = html.Element("code")
            code.text, pre.text = pre.text, None
            for child in list(pre):
                code.append(child)
            pre.append(code)
    for pre in list(root.iter("pre")):
        if not pre.text_content().strip():
            pre.drop_tree()
    for item in root.iter("li"):
        for paragraph in [c for c in item if c.tag == "p"]:
            paragraph.drop_tag()
    for paragraph in list(root.iter("p")):
        if not paragraph.text_content().strip() and not len(paragraph):
            paragraph.drop_tree()
    for blockquote in list(root.iter("blockquote")):
        if not blockquote.text_content().strip():
            blockquote.drop_tree()
    for anchor in list(root.iter("a")):
        if not anchor.get("href"):
            anchor.drop_tag()
        elif not anchor.text_content().strip() and anchor.find(".//img") is None:
            anchor.drop_tree()  # a link without a name: nothing to click
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        element.attrib.pop("id", None)
        for name in ("src", "href"):
            if name in element.attrib:
                element.set(name, unquote(element.get(name)))
        for name in ("alt", "title", "src"):
            if not element.get(name, "x") or '"' in element.get(name, ""):
                del element.attrib[name]
        attributes = sorted(element.attrib.items())
        element.attrib.clear()
        element.attrib.update(attributes)
        element.text = " ".join((element.text or "").split()) or None
        element.tail = " ".join((element.tail or "").split()) or None
    markup = re.sub(r"\s+", " ", html.tostring(root, encoding="unicode"))
    blocks = "p|li|ul|ol|blockquote|pre|h\\d|hr|table|tr|td|th|thead|tbody|dl|dd|dt"
    return re.sub(
        rf" ?(</?(?:{blocks}|figure|figcaption)\b[^>]*>) ?",
        r"\1",
        markup,
    )


def round_trip(markup: str) -> tuple[str, str, str]:
    """(expected, got, the Markdown) for some HTML."""
    root = cleaned(markup)
    expected = html.tostring(root, encoding="unicode")
    written = to_markdown(root)
    # Pelican's reader strips the header: Python-Markdown's meta extension
    # would otherwise read a first line "Word: text" as metadata.
    got = render("Title: x\n\n" + written)
    return normalise(fragment(expected)), normalise(fragment(got)), written


def corpus_cases() -> list:
    cases = []
    for name, text in TEXTS.items():
        try:
            markup = render(text)
            fragment(markup)
        except Exception:  # Python-Markdown itself fails on a few: not ours
            continue
        cases.append(pytest.param(markup, id=name))
    return cases


@pytest.mark.parametrize("markup", corpus_cases())
def test_python_markdowns_own_html_round_trips(markup, request):
    name = request.node.callspec.id
    if name in NOT_EXPRESSIBLE:
        expected, got, _ = round_trip(markup)
        assert expected != got, (
            f"{name} round-trips now: remove it from NOT_EXPRESSIBLE"
        )
        return
    expected, got, written = round_trip(markup)
    assert got == expected, written


# --- WordPress's own HTML ---------------------------------------------------------


def wordpress(content: str):
    """A classic-editor post as the import shapes it before writing."""
    expanded = shortcodes.expand(content)
    root = fragment(expanded.text)
    remove_comments(root)
    autop.autop(root)
    remove_unsafe(root)
    embeds.convert(root, {})
    modernise(root)
    return root


def written(content: str) -> str:
    return to_markdown(wordpress(content))


def test_blank_lines_are_paragraphs_and_single_newlines_line_breaks():
    assert written("One\ntwo\n\nThree <b>bold</b>\n\n\nFour") == (
        "One<br>\ntwo\n\nThree **bold**\n\nFour\n"
    )


def test_blocks_are_never_wrapped_in_paragraphs():
    root = wordpress(
        "Text <figure><img src=a.png alt=A></figure> more\n<ul>\n<li>x</li>\n</ul>"
    )
    assert [child.tag for child in root] == ["p", "figure", "p", "ul"]


def test_block_editor_posts_keep_their_own_paragraphs():
    content = "<!-- wp:paragraph -->\n<p>One\nline</p>\n<!-- /wp:paragraph -->"
    root = fragment(content)
    assert remove_comments(root) is True  # the import then skips autop
    assert to_markdown(root) == "One line\n"


@pytest.mark.parametrize(
    ("content", "markdown"),
    [
        (
            '[caption id="attachment_9" width="300"]<img src="a.png" alt="Alt" /> '
            "The caption[/caption]",
            '<figure><img src="a.png" alt="Alt"><figcaption>The '
            "caption</figcaption></figure>\n",
        ),
        (
            '[caption caption="From the attribute"]<a href="b.png"><img '
            'src="a.png" alt="A"/>[/caption]',
            '<figure><a href="b.png"><img src="a.png" '
            'alt="A"></a><figcaption>From the attribute</figcaption></figure>\n',
        ),
        ("[[caption]] is how you write it", "\\[caption\\] is how you write it\n"),
    ],
)
def test_captions_become_figures(content, markdown):
    assert written(content) == markdown


def test_unknown_shortcodes_are_listed_and_prose_in_brackets_is_not():
    found = shortcodes.expand(
        "[contact-form to='a@b.c'][contact-field /][/contact-form] [sic] [1] "
        "[Update: fixed]"
    )
    assert found.unknown == [
        "[contact-form to='a@b.c'][contact-field /][/contact-form]",
        "[contact-field /]",
    ]


@pytest.mark.parametrize(
    ("content", "url", "label"),
    [
        (
            '<iframe src="http://www.youtube.com/embed/abc123XYZ" title="Our '
            'talk"></iframe>',
            "https://www.youtube.com/watch?v=abc123XYZ",
            "Our talk",
        ),
        (
            "[youtube=http://www.youtube.com/watch?v=abc123XYZ&w=640]",
            "https://www.youtube.com/watch?v=abc123XYZ",
            "Video on YouTube",
        ),
        (
            "[embed]https://vimeo.com/76979871[/embed]",
            "https://vimeo.com/76979871",
            "Video on Vimeo",
        ),
        (
            "<p>Look: <iframe "
            'src="https://player.vimeo.com/video/76979871"></iframe> there.</p>',
            "https://vimeo.com/76979871",
            "Video on Vimeo",
        ),
        (
            "https://twitter.com/jack/status/20",
            "https://twitter.com/jack/status/20",
            "Post on X (Twitter)",
        ),
        (
            '<figure class="wp-block-embed is-provider-youtube">'
            '<div class="wp-block-embed__wrapper">\nhttps://youtu.be/abc123XYZ\n'
            "</div><figcaption>The launch</figcaption></figure>",
            "https://www.youtube.com/watch?v=abc123XYZ",
            "The launch",
        ),
        (
            '<object><param name="movie" '
            'value="http://www.youtube.com/v/abc123XYZ"></param><embed '
            'src="http://www.youtube.com/v/abc123XYZ"></embed></object>',
            "https://www.youtube.com/watch?v=abc123XYZ",
            "Video on YouTube",
        ),
        (
            "[slideshare id=123&doc=deck&w=425]",
            "https://www.slideshare.net/slideshow/embed_code/123",
            "Slides on SlideShare",
        ),
        ("[embed]not an address[/embed]", "", ""),
    ],
)
def test_embeds_become_link_cards(content, url, label):
    root = wordpress(content)
    assert not root.xpath("//iframe | //object | //embed")
    cards = root.xpath("//p[@class='embed-card']")
    if not url:
        assert cards == []
        return
    (card,) = cards
    assert card.getparent() is root  # never inside another paragraph
    (link,) = card.iter("a")
    assert (link.get("href"), link.text) == (url, label)


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "> not a quote",
        "- not a list",
        "1. not a list either",
        "2 * 3 * 4 is _twenty-four_",
        "snake_case_name and __dunder__",
        "[not a link](http://example.com) and ![not an image](x.png)",
        "{: .not-attributes } and {#nor-an-id}",
        "<b>not bold</b> &amp; &copy; stay as typed",
        "a backslash \\ and \\* and a `tick`",
        "---",
        ": not a definition",
        "[TOC]",
        "    four spaces in front",
    ],
)
def test_text_that_looks_like_markdown_stays_text(text):
    paragraph = html.Element("p")
    paragraph.text = text
    root = html.Element("div")
    root.append(paragraph)
    back = fragment(render("Title: x\n\n" + to_markdown(root)))
    (shown,) = back.iter("p")
    assert len(shown) == 0, html.tostring(shown)
    assert shown.text == text.strip()


def test_a_footer_row_before_the_body_moves_after_it():
    # As in the wagtail-wordpress-import test export (TablePress, HTML 4 order).
    root = wordpress(
        "<table><caption></caption><thead><tr><th>Item</th></tr></thead>"
        "<tfoot><tr><th>TOTAL</th></tr></tfoot><tbody><tr><td>1</td></tr></tbody></table>"
    )
    (table,) = root.iter("table")
    assert [child.tag for child in table] == ["thead", "tbody", "tfoot"]


def test_a_link_to_nothing_in_the_post_keeps_its_text():
    root = wordpress(
        '<a href="#ideas"><strong>See the ideas</strong></a> and <a '
        'href="#top-list">the list</a><h2 id="top-list">List</h2>'
    )
    assert links.dead_anchors(root) == ["#ideas"]
    assert [a.get("href") for a in root.iter("a")] == ["#top-list"]
    assert "See the ideas" in root.text_content()
