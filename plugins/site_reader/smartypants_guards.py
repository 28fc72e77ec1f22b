"""smartypants, without its regular expressions on text they cannot change.

smartypants (typogrify's quotes and dashes) runs some twenty-five regular
expression substitutions on every text token of a page, between every two
tags, and a post has hundreds of them. Each substitution looks for a
character most tokens lack: a quote, a backslash, two dashes, three dots.
Each converter is wrapped here so that it returns a token untouched when
none of what it looks for is in it; otherwise the library's own converter
runs. The output is the library's, byte for byte
(tests/test_smartypants_guards.py compares them).

This replaces functions of the smartypants module, which smartypants()
looks up by name on each call: the one such use of the library's
internals, installed by the reader's typography (typography.py).
"""

from __future__ import annotations

from collections.abc import Callable

# Each converter, and the strings of which at least one must be in a token
# for the converter to change it (read from its substitutions: each of them
# matches one of these literally).
NEEDS: dict[str, tuple[str, ...]] = {
    "process_escapes": ("\\",),
    "convert_dashes": ("--",),
    "convert_dashes_oldschool": ("--",),
    "convert_dashes_oldschool_inverted": ("--",),
    "convert_ellipses": ("...", ". . ."),
    "convert_backticks": ("``", "''"),
    "convert_single_backticks": ("`", "'"),
    "convert_quotes": ("'", '"'),
}


def _guard(convert: Callable[[str], str], needs: tuple[str, ...]):
    def guarded(text: str) -> str:
        for needle in needs:
            if needle in text:
                return convert(text)
        return text

    guarded.unguarded = convert  # type: ignore[attr-defined]
    return guarded


def install() -> None:
    """Wrap each converter once (a second call changes nothing)."""
    import smartypants

    for name, needs in NEEDS.items():
        convert = getattr(smartypants, name)
        if not hasattr(convert, "unguarded"):
            setattr(smartypants, name, _guard(convert, needs))


def uninstall() -> None:
    """The library's own converters again (the tests compare both)."""
    import smartypants

    for name in NEEDS:
        convert = getattr(smartypants, name)
        setattr(smartypants, name, getattr(convert, "unguarded", convert))
