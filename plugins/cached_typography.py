"""Typography applied inside the readers, so Pelican caches it.

Pelican runs typogrify after its content cache, on every post, on every
build: for a thousand posts that is most of a rebuild's time, spent
recomputing what has not changed. Here the reader applies the very same
filters (Pelican's settings and semantics: TYPOGRIFY_IGNORE_TAGS,
TYPOGRIFY_OMIT_FILTERS, TYPOGRIFY_DASHES) to the body, title and summary of
every post, Markdown, reST or HTML;
Pelican's own pass is switched off for the build, and the reader's output,
typography included, is what its cache stores.
"""

from __future__ import annotations

import re

from pelican import signals
from pelican.readers import BaseReader


def typography_filter(settings: dict):
    """Pelican's typogrify call, with Pelican's options, as one function."""
    import smartypants
    from typogrify.filters import typogrify

    dashes = settings.get("TYPOGRIFY_DASHES", "default")
    if dashes == "oldschool":
        smartypants.Attr.default = smartypants.Attr.set2
    elif dashes == "oldschool_inverted":
        smartypants.Attr.default = smartypants.Attr.set3
    else:
        smartypants.Attr.default = smartypants.Attr.set1
    # As Pelican does: also turn &quot; entities into curly quotes.
    smartypants.Attr.default |= smartypants.Attr.w
    ignore = settings.get("TYPOGRIFY_IGNORE_TAGS", [])
    omit = dict.fromkeys(settings.get("TYPOGRIFY_OMIT_FILTERS", []), False)

    def apply(text: str) -> str:
        if "<!--" not in text:
            return typogrify(text, ignore, **omit)
        return keeping_comments(text, lambda html: typogrify(html, ignore, **omit))

    return apply


COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def keeping_comments(html: str, typeset) -> str:
    """``typeset(html)`` with every HTML comment left exactly as written.

    typogrify reads a comment that holds a tag or ``--`` as text: it turns
    ``<!--`` into ``<!–`` and so opens the comment up, and whatever an author
    commented out (a paragraph, a code block) shows on the page. Each
    comment waits outside as a placeholder tag, which typogrify leaves
    alone, and is put back afterwards.
    """
    comments: list[str] = []
    prefix = "x-comment"
    while f"<{prefix}-" in html:  # never mistake the author's own markup
        prefix += "x"

    def hide(match: re.Match) -> str:
        comments.append(match.group(0))
        return f"<{prefix}-{len(comments) - 1}>"

    typeset_html = typeset(COMMENT.sub(hide, html))
    return re.sub(
        rf"<{prefix}-(\d+)>", lambda m: comments[int(m.group(1))], typeset_html
    )


def with_typography(reader_class: type) -> type:
    class TypographedReader(reader_class):
        def read(self, source_path):
            content, metadata = super().read(source_path)
            apply = typography_filter(self.settings)
            if content:
                content = apply(content)
            for name in ("title", "summary"):
                if isinstance(metadata.get(name), str):
                    metadata[name] = apply(metadata[name])
            return content, metadata

    TypographedReader.__name__ = reader_class.__name__
    TypographedReader.__qualname__ = reader_class.__qualname__
    return TypographedReader


def move_typography_into_reader(pelican) -> None:
    settings = pelican.settings
    if settings.get("TYPOGRIFY"):
        settings["TYPOGRIFY"] = False
        settings["TYPOGRIFY_IN_READER"] = True


def wrap_readers(readers) -> None:
    """Every reader's output is typeset, as Pelican's own pass does: reST
    and HTML posts too, not only Markdown."""
    if not readers.settings.get("TYPOGRIFY_IN_READER"):
        return
    for extension, reader_class in list(readers.reader_classes.items()):
        if isinstance(reader_class, type) and issubclass(reader_class, BaseReader):
            readers.reader_classes[extension] = with_typography(reader_class)


def register() -> None:
    signals.initialized.connect(move_typography_into_reader)
    # Connected after plain_metadata's (PLUGINS order): wraps its reader, so
    # metadata is escaped first and typographed second, as before.
    signals.readers_init.connect(wrap_readers)
