"""The text of a chart block -> a validated :class:`ChartSpec`.

The block is YAML, read with a deliberately small subset: one mapping of
scalars and lists of scalars, no anchors or aliases (no "billion laughs"),
no duplicate keys, no tags beyond YAML's plain types. The text keys (title,
caption, ...) are prose and are read as typed instead (see prose.py). Every
error names the line in the post file.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from dataclasses import dataclass, field

import yaml

from .errors import ChartError, did_you_mean
from .prose import TextValues, read_text_values

MAX_BLOCK_BYTES = 64 * 1024

CHART_TYPES = (
    "bar",
    "line",
    "area",
    "scatter",
    "pie",
    "donut",
    "funnel",
    "histogram",
    "table",
)
AGGREGATES = ("sum", "mean", "median", "count", "min", "max")
Y_FORMATS = ("number", "percent", "currency")
DELIMITERS = {",": ",", ";": ";", "\t": "\t", "tab": "\t", "|": "|"}
ENCODINGS = ("utf-8", "utf-16", "cp1252", "latin-1", "iso-8859-15", "mac-roman")

TEXT_KEYS = ("title", "caption", "alt", "source", "x_title", "y_title")
KNOWN_KEYS = (
    "data",
    "type",
    "x",
    "y",
    "group",
    "aggregate",
    "orientation",
    "stack",
    "sort",
    "limit",
    "bins",
    "y_format",
    "currency",
    "height",
    "date_format",
    "decimal",
    "delimiter",
    "encoding",
    "comment",
    "skip_rows",
    "skip_footer",
    *TEXT_KEYS,
)
SINGLE_SERIES_TYPES = ("pie", "donut", "funnel")
DEFAULT_HEIGHT = 420
MIN_HEIGHT, MAX_HEIGHT = 160, 1600
MAX_BINS = 200
MAX_TEXT_LENGTH = 1000
MAX_SKIPPED = 1_000_000  # lines or rows a block may skip
MAX_SKIPPED_LINES_LISTED = 1000


@dataclass(frozen=True)
class ChartSpec:
    data: str
    type: str
    x: str | None = None
    y: tuple[str, ...] = ()
    group: str | None = None
    aggregate: str | None = None
    orientation: str = "v"
    stack: bool = False
    sort: str | None = None
    sort_descending: bool = False
    limit: int | None = None
    bins: int | None = None
    y_format: str | None = None
    currency: str | None = None
    height: int = DEFAULT_HEIGHT
    date_format: str | None = None
    decimal: str | None = None
    delimiter: str | None = None
    encoding: str = "utf-8"
    comment: str | None = None
    skip_rows: int | tuple[int, ...] | None = None
    skip_footer: int | None = None
    title: str | None = None
    caption: str | None = None
    alt: str | None = None
    source: str | None = None
    x_title: str | None = None
    y_title: str | None = None
    line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, key: str) -> int:
        """The file line of ``key`` in the block, or the block's own line."""
        return self.key_lines.get(key, self.line)


# YAML ends a line at \x85, U+2028 and U+2029 as well; a post file (and
# Markdown) only at \n, \r\n and \r.
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def file_lines(text: str) -> list[int]:
    """For each YAML line of ``text``, how many file lines come before it."""
    offsets, file_line = [0], 0
    for match in YAML_BREAK.finditer(text):
        if match.group() in ("\n", "\r\n", "\r"):
            file_line += 1
        offsets.append(file_line)
    return offsets


def file_line(text: str, yaml_line: int) -> int:
    """The file line (from 0) on which YAML's line ``yaml_line`` lies."""
    offsets = file_lines(text)
    return offsets[min(yaml_line, len(offsets) - 1)]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases outright."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ChartError(
                "YAML anchors and aliases (&name, *name) are not allowed in a "
                "chart block; write each value out",
                line=file_line(self.buffer, event.start_mark.line),
            )
        return super().compose_node(parent, index)


def parse_spec(text: str, first_line: int = 1, *, max_points: int = 5000) -> ChartSpec:
    """Parse and validate a block body whose first line is ``first_line``.

    ``first_line`` is the post-file line of the line after the opening fence;
    the spec's own ``line`` is the fence's line.
    """
    fence_line = max(first_line - 1, 1)
    if len(text.encode("utf-8")) > MAX_BLOCK_BYTES:
        raise ChartError(
            f"the chart block is larger than {MAX_BLOCK_BYTES // 1024} KB; a "
            "block holds settings, the data belongs in a CSV file",
            line=fence_line,
        )
    _check_characters(text, first_line)
    texts = read_text_values(text, TEXT_KEYS)
    raw, key_lines = _read_mapping(texts, first_line, fence_line)
    return _validate(raw, key_lines, fence_line, max_points)


def _check_characters(text: str, first_line: int) -> None:
    """Refuse what YAML refuses, in every key: text keys skip YAML."""
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        raise ChartError(
            f"the chart block contains the control character U+"
            f"{ord(bad.group()):04X}, which YAML does not allow; remove it",
            line=first_line + text.count("\n", 0, bad.start()),
        )


def _c_loader(text: str):
    """libyaml's loader, ready to compose, for a block it reads without
    complaint and without anchors or aliases; else None, and the pure-Python
    _StrictLoader (whose messages the errors quote) reads the block."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return None
    try:
        for event in yaml.parse(text, Loader=fast):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                return None
        return fast(text)
    except Exception:
        return None


def _read_mapping(texts: TextValues, first_line: int, fence_line: int):
    text = texts.yaml
    loader = _c_loader(text)
    if loader is not None:
        try:
            root = loader.get_single_node()
        except Exception:
            loader.dispose()
        else:
            try:
                return _mapping_of(loader, root, texts, first_line, fence_line)
            finally:
                loader.dispose()
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as error:
        # PyYAML checks every character before parsing anything.
        raise ChartError(
            f"the chart block contains the control character U+"
            f"{error.character:04X}, which YAML does not allow; remove it",
            line=first_line + text.count("\n", 0, error.position),
        ) from None
    try:
        try:
            root = loader.get_single_node()
        except ChartError as error:
            error.line = first_line + (error.line or 0)
            raise
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(
                error, "context_mark", None
            )
            problem = getattr(error, "problem", None) or str(error)
            line = first_line + file_line(text, mark.line) if mark else fence_line
            raise ChartError(
                _yaml_error_message(problem, texts, mark.line if mark else None),
                line=line,
            ) from None
        return _mapping_of(loader, root, texts, first_line, fence_line)
    finally:
        loader.dispose()


KEY_AND_VALUE = re.compile(r"\s*(?P<key>[\w-]+)\s*:\s+(?P<value>.*?)\s*")


def _yaml_error_message(problem: str, texts: TextValues, line: int | None) -> str:
    """What is wrong, and advice that fixes it where we can tell."""
    lines = texts.yaml.splitlines()
    here = lines[line] if line is not None and line < len(lines) else ""
    if line in texts.quoted:
        key = here.split(":", 1)[0].strip()
        return (
            f"the quoted text of '{key}' is not valid YAML: {problem}. Remove "
            f"the quotes around it: everything after '{key}:' is kept as typed"
        )
    pair = KEY_AND_VALUE.fullmatch(here)
    if "mapping values are not allowed" in problem and pair:
        quoted = json.dumps(pair["value"], ensure_ascii=False)
        return (
            f"the value of '{pair['key']}' contains ': ', which YAML reads as "
            f"the start of another key; put the value in quotes: "
            f"{pair['key']}: {quoted}"
        )
    return (
        f"invalid YAML in the chart block: {problem}. Write one "
        "'key: value' per line, e.g. 'type: bar'"
    )


def _mapping_of(loader, root, texts: TextValues, first_line: int, fence_line: int):
    """The block's top-level mapping: values and the file line of each key."""
    if root is None:
        raise ChartError(
            "the chart block is empty; it needs at least 'data:' and 'type:'",
            line=fence_line,
        )
    if not isinstance(root, yaml.MappingNode):
        raise ChartError(
            "a chart block is a YAML mapping of 'key: value' lines, "
            "such as 'type: bar'",
            line=first_line + file_line(texts.yaml, root.start_mark.line),
        )
    raw: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    for key_node, value_node in root.value:
        line = first_line + file_line(texts.yaml, key_node.start_mark.line)
        if not isinstance(key_node, yaml.ScalarNode):
            raise ChartError("chart block keys must be plain words", line=line)
        key = str(key_node.value)
        if key in raw:
            raise ChartError(
                f"'{key}' is given twice (first on line {key_lines[key]})",
                line=line,
            )
        raw[key] = _text_as_typed(texts, key_node)
        if raw[key] is None:
            raw[key] = _value(loader, key, value_node, line)
        key_lines[key] = line
    return raw, key_lines


def _text_as_typed(texts: TextValues, key_node) -> str | None:
    """A text key's text as the author typed it, where YAML would not keep it."""
    if str(key_node.value) not in TEXT_KEYS:
        return None
    return texts.typed.get(key_node.start_mark.line)


PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "seq", "timestamp")
)


# YAML 1.1 resolves a bare "=" and "<<" to these: read them as the text.
TEXT_LIKE_TAGS = frozenset(("tag:yaml.org,2002:value", "tag:yaml.org,2002:merge"))


def _value(loader, key: str, node, line: int):
    if node.tag in TEXT_LIKE_TAGS and isinstance(node, yaml.ScalarNode):
        return node.value
    if node.tag not in PLAIN_TAGS and not isinstance(node, yaml.MappingNode):
        # !!python/..., !!binary, !custom: never constructed, never run.
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise ChartError(
            f"'{key}' carries the YAML tag {tag!r}; tags are not allowed in a "
            "chart block, write a plain value",
            line=line,
        )
    if isinstance(node, yaml.MappingNode):
        advice = (
            f"; to write text that contains ': ', put it on the line of '{key}:'"
            if key in TEXT_KEYS
            else ""
        )
        raise ChartError(
            f"'{key}' takes a value, not a nested mapping{advice}", line=line
        )
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            if item.tag in TEXT_LIKE_TAGS and isinstance(item, yaml.ScalarNode):
                items.append(item.value)
                continue
            if item.tag not in PLAIN_TAGS and isinstance(item, yaml.ScalarNode):
                return _value(loader, key, item, line)
            if not isinstance(item, yaml.ScalarNode):
                raise ChartError(
                    f"'{key}' lists plain values; nested lists are not allowed",
                    line=line,
                )
            items.append(_scalar(loader, key, item, line))
        return items
    return _scalar(loader, key, node, line)


def _scalar(loader, key: str, node, line: int):
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as error:
        raise ChartError(
            f"'{key}' has a value YAML cannot read: {error}", line=line
        ) from None


def _validate(raw: dict, key_lines: dict, fence_line: int, max_points: int):
    def fail(key: str, message: str):
        raise ChartError(message, line=key_lines.get(key, fence_line))

    for key in raw:
        if key not in KNOWN_KEYS:
            fail(
                key,
                f"unknown key '{key}'{did_you_mean(key, KNOWN_KEYS)} "
                f"(known keys: {', '.join(KNOWN_KEYS)})",
            )

    for required in ("data", "type"):
        if raw.get(required) in (None, ""):
            fail(required, f"the chart block needs '{required}:'")

    chart_type = _choice(raw, "type", CHART_TYPES, fail)
    values: dict[str, object] = {"type": chart_type}
    values["data"] = _text(raw, "data", fail)
    for key in ("x", "group", "date_format", "currency"):
        if key in raw:
            values[key] = _text(raw, key, fail)
    for key in TEXT_KEYS:
        if key in raw:
            values[key] = _prose(raw, key, fail)
    values["y"] = _columns(raw, fail)
    if "aggregate" in raw:
        values["aggregate"] = _choice(raw, "aggregate", AGGREGATES, fail)
    if "orientation" in raw:
        values["orientation"] = _choice(raw, "orientation", ("v", "h"), fail)
    if "stack" in raw:
        if not isinstance(raw["stack"], bool):
            fail("stack", f"stack must be true or false, not {raw['stack']!r}")
        values["stack"] = raw["stack"]
    if "sort" in raw:
        sort = _text(raw, "sort", fail)
        values["sort_descending"] = sort.startswith("-")
        values["sort"] = sort.lstrip("-+").strip()
        if not values["sort"]:
            fail("sort", "sort names a column, e.g. 'sort: -votes'")
    if "limit" in raw:
        values["limit"] = _integer(raw, "limit", 1, max_points, fail)
    if "bins" in raw:
        values["bins"] = _integer(raw, "bins", 1, MAX_BINS, fail)
    if "height" in raw:
        values["height"] = _integer(raw, "height", MIN_HEIGHT, MAX_HEIGHT, fail)
    if "y_format" in raw:
        values["y_format"] = _choice(raw, "y_format", Y_FORMATS, fail)
    if "decimal" in raw:
        values["decimal"] = _choice(raw, "decimal", (".", ","), fail)
    if "delimiter" in raw:
        delimiter = raw["delimiter"]
        if delimiter not in DELIMITERS:
            fail(
                "delimiter",
                f"delimiter must be one of ',', ';', tab or '|', not {delimiter!r}",
            )
        values["delimiter"] = DELIMITERS[delimiter]
    if "encoding" in raw:
        values["encoding"] = _encoding(raw, fail)
    if "comment" in raw:
        values["comment"] = _comment(raw, values.get("delimiter"), fail)
    if "skip_rows" in raw:
        values["skip_rows"] = _skip_rows(raw, fail)
    if "skip_footer" in raw:
        values["skip_footer"] = _integer(raw, "skip_footer", 0, MAX_SKIPPED, fail)
    if "date_format" in values and "%" not in str(values["date_format"]):
        fail(
            "date_format",
            "date_format is a strptime pattern such as '%d/%m/%Y' (day first) "
            "or '%m/%d/%Y' (month first)",
        )

    _check_combinations(values, raw, fail)
    return ChartSpec(**values, line=fence_line, key_lines=dict(key_lines))


def _check_combinations(values: dict, raw: dict, fail) -> None:
    chart_type = values["type"]
    y = values["y"]
    if chart_type != "table" and not values.get("x"):
        fail("x", f"a {chart_type} chart needs 'x:', the column for the x axis")
    if chart_type == "histogram":
        if y:
            fail("y", "a histogram counts the values of 'x'; remove 'y'")
        if "aggregate" in values:
            fail("aggregate", "a histogram counts values itself; remove 'aggregate'")
    elif chart_type != "table" and not y and values.get("aggregate") != "count":
        fail("y", f"a {chart_type} chart needs 'y:', the column(s) to plot")
    if "bins" in values and chart_type != "histogram":
        fail("bins", "'bins' applies to histograms only")
    if "orientation" in values and chart_type not in ("bar", "funnel"):
        fail("orientation", "'orientation' applies to bar and funnel charts only")
    if "stack" in values and chart_type not in ("bar", "area"):
        fail("stack", "'stack' applies to bar and area charts only")
    if chart_type in SINGLE_SERIES_TYPES:
        if len(y) > 1:
            fail("y", f"a {chart_type} chart shows one column of values; give one 'y'")
        if values.get("group"):
            fail("group", f"a {chart_type} chart cannot be grouped; remove 'group'")
    if len(y) > 1 and values.get("group"):
        fail("group", "use either a list of y columns or 'group', not both")
    if "currency" in values and values.get("y_format") not in (None, "currency"):
        fail("currency", "'currency' goes with 'y_format: currency'")
    if "currency" in values and len(str(values["currency"])) > 4:
        fail("currency", "currency is a symbol such as '$', '€' or 'CHF'")


def _choice(raw: dict, key: str, allowed: tuple[str, ...], fail) -> str:
    value = raw[key]
    if not isinstance(value, str) or value not in allowed:
        fail(
            key,
            f"unknown {key} {value!r}; use one of: {', '.join(allowed)}"
            f"{did_you_mean(str(value), allowed)}",
        )
    return value


def _text(raw: dict, key: str, fail) -> str:
    value = raw[key]
    if isinstance(value, bool) or value is None:
        fail(key, f"'{key}' needs text, not {value!r}")
    if isinstance(value, dt.date | dt.datetime):
        value = value.isoformat()
    if not isinstance(value, str | int | float):
        fail(key, f"'{key}' needs text, not a list")
    text = str(value).strip()
    if len(text) > MAX_TEXT_LENGTH:
        fail(key, f"'{key}' is longer than {MAX_TEXT_LENGTH} characters")
    return text


def _prose(raw: dict, key: str, fail) -> str:
    """A text key's text: never empty, never with a control character."""
    value = raw[key]
    if value is None or (isinstance(value, str) and not value.strip()):
        fail(key, f"'{key}' is empty; write its text after '{key}:' or remove the line")
    text = _text(raw, key, fail)
    bad = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if bad is not None:
        fail(
            key,
            f"'{key}' contains the control character U+{ord(bad.group()):04X}; "
            "remove it",
        )
    return text


def _columns(raw: dict, fail) -> tuple[str, ...]:
    if "y" not in raw or raw["y"] is None:
        return ()
    value = raw["y"]
    items = value if isinstance(value, list) else [value]
    if not items:
        fail("y", "'y' lists no columns")
    names = []
    for item in items:
        if (
            isinstance(item, bool)
            or item is None
            or not isinstance(item, str | int | float)
        ):
            fail("y", f"'y' names columns; {item!r} is not a column name")
        names.append(str(item).strip())
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        fail("y", f"'y' lists {', '.join(duplicates)} more than once")
    return tuple(names)


def _integer(raw: dict, key: str, low: int, high: int, fail) -> int:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int):
        fail(key, f"'{key}' must be a whole number, not {value!r}")
    if not low <= value <= high:
        fail(key, f"'{key}' must be between {low:,} and {high:,}, not {value:,}")
    return value


def _comment(raw: dict, delimiter: str | None, fail) -> str:
    value = raw["comment"]
    if value is None:
        fail(
            "comment",
            "write the comment character in quotes, as in 'comment: \"#\"' (a "
            "bare # starts a YAML comment, which leaves the key empty)",
        )
    text = str(value) if isinstance(value, str | int) else None
    if (
        text is None
        or len(text) != 1
        or text.isalnum()
        or text.isspace()
        or text in "\"',;|"
        or text == delimiter
    ):
        fail(
            "comment",
            f"comment is the one character that starts the lines to skip, such "
            f"as '#', not {value!r}",
        )
    return text


def _skip_rows(raw: dict, fail) -> int | tuple[int, ...]:
    """A number of lines from the top, or a list of line numbers."""
    value = raw["skip_rows"]
    usage = (
        "skip_rows is a number of lines to skip at the top (skip_rows: 9 skips "
        "lines 1 to 9) or a list of line numbers (skip_rows: [2, 40])"
    )
    if isinstance(value, list):
        if not value or len(value) > MAX_SKIPPED_LINES_LISTED:
            fail("skip_rows", f"{usage}; this list has {len(value):,} items")
        for item in value:
            if isinstance(item, bool) or not isinstance(item, int) or item < 1:
                fail("skip_rows", f"{usage}; {item!r} is not a line number")
        return tuple(sorted(set(value)))
    if isinstance(value, bool) or not isinstance(value, int):
        fail("skip_rows", f"{usage}, not {value!r}")
    return _integer(raw, "skip_rows", 0, MAX_SKIPPED, fail)


def _encoding(raw: dict, fail) -> str:
    value = raw["encoding"]
    try:
        name = codecs.lookup(str(value)).name
    except LookupError:
        name = None
    allowed = {codecs.lookup(e).name: e for e in ENCODINGS}
    if name not in allowed:
        fail(
            "encoding",
            f"unknown encoding {value!r}; use one of: {', '.join(ENCODINGS)}",
        )
    return name
