"""The text keys of a chart block (title, caption, ...), read as typed.

Authors write prose in these keys, and plain YAML mangles prose: `` #``
starts a comment, so ``caption: up 40% #1 in our history`` would lose its
end without a word; ``: `` inside a value is a syntax error; ``yes``,
``1e3`` or ``010`` would become a boolean or a number. So the text after a
text key's colon is taken exactly as typed (indented lines below it continue
it), and YAML only sees an empty stand-in in its place. What an author who
writes YAML means is still read as YAML: a value wholly in quotes, a ``|`` or
``>`` block, and list items or ``word: value`` lines below the key (which
are then reported as not text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

KEY_LINE = re.compile(
    r"(?P<key>(?P<name>[A-Za-z_][\w-]*)[ \t]*:)(?=[ \t]|$)(?P<rest>.*)"
)
BLOCK_SCALAR = re.compile(r"[|>][1-9+-]{0,2}(?:[ \t]+#.*)?")
QUOTED = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"", re.DOTALL)
LIST_ITEM = re.compile(r"[ \t]*-(?:[ \t]|$)")
PAIR = re.compile(r"[ \t]*[\w-]+[ \t]*:(?:[ \t]|$)")
STAND_IN = "''"


@dataclass
class TextValues:
    """A block's text values, and the block as YAML should read it."""

    yaml: str
    # Line (0-based, in the block) of a key -> the text typed after it.
    typed: dict[int, str] = field(default_factory=dict)
    # Lines of keys whose value is wholly quoted, and read by YAML.
    quoted: set[int] = field(default_factory=set)


def read_text_values(text: str, keys: tuple[str, ...]) -> TextValues:
    """Find the top-level ``key: text`` lines of ``keys`` in ``text``.

    ``text`` holds no character YAML refuses (the caller checks), so its
    lines split exactly where YAML's do.
    """
    lines = text.splitlines(keepends=True)
    contents = [line.rstrip("\r\n\x85\u2028\u2029") for line in lines]
    top = _top_indent(contents)
    result = TextValues(yaml="")
    i = 0
    while i < len(contents):
        line = contents[i]
        match = KEY_LINE.match(line, top) if _indent(line) == top else None
        if match is None or match["name"] not in keys:
            i += 1
            continue
        end = _value_end(contents, i, top)
        value = [match["rest"], *contents[i + 1 : end]]
        if _read_by_yaml(value):
            if QUOTED.fullmatch("\n".join(value).strip()):
                result.quoted.add(i)
        else:
            result.typed[i] = fold(value)
            ending = lines[i][len(line) :]
            lines[i] = f"{line[: match.end('key')]} {STAND_IN}{ending}"
            for j in range(i + 1, end):
                lines[j] = lines[j][len(contents[j]) :]
        i = max(end, i + 1)
    result.yaml = "".join(lines)
    return result


def _read_by_yaml(value: list[str]) -> bool:
    """Whether a text value (the rest of its key's line, then the lines that
    continue it) is one YAML should read: nothing at all, a block, a value
    wholly in quotes, or lists or mappings below the key (errors, then)."""
    rest, below = value[0].strip(), [line for line in value[1:] if line.strip()]
    if not rest:
        return not below or _structure(below)
    return bool(
        BLOCK_SCALAR.fullmatch(rest) or QUOTED.fullmatch("\n".join(value).strip())
    )


def _structure(lines: list[str]) -> bool:
    """Lines that are YAML list items, or all ``word: value`` pairs."""
    if LIST_ITEM.match(lines[0]):
        return True
    return all(PAIR.match(line) for line in lines)


def fold(lines: list[str]) -> str:
    """Lines joined as YAML folds plain text: a space between lines, a line
    break for each blank line; each line stripped."""
    text = ""
    breaks = 0
    for line in lines:
        stripped = line.strip()
        if not stripped:
            breaks += 1
            continue
        if text:
            text += "\n" * breaks if breaks else " "
        text += stripped
        breaks = 0
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _top_indent(contents: list[str]) -> int:
    """The indentation of the block's keys: that of its first content line."""
    for line in contents:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return _indent(line)
    return 0


def _value_end(contents: list[str], key: int, top: int) -> int:
    """The line after the last one that continues the value of ``key``:
    indented deeper than the keys (blank lines between such lines too)."""
    end = key + 1
    for j in range(key + 1, len(contents)):
        line = contents[j]
        if not line.strip():
            continue
        if len(line) - len(line.lstrip(" \t")) <= top:
            break
        end = j + 1
    return end
