"""What tells a chart's series apart besides colour.

A reader who cannot tell the palette's hues apart, or who prints the page in
grey, must still match each line, area, point or bar to its legend entry
(Chartability: "Not by colour alone"; WCAG 1.4.1). So every series also gets
its own shape, chosen here by its position, never by its data (the same
block always looks the same):

- lines and areas: a dash pattern and a marker symbol;
- scatter plots: a marker symbol;
- bars and histograms of several series: a fill pattern (the first series
  stays solid).

The lists have coprime lengths (8 dashes, 9 symbols), so the pair of dash and
symbol differs between any two of the first 72 series; each alone differs
between any two of the first 8. Pie, donut and funnel charts need none of
this: each slice or stage carries its own label (see figure.py).

Colours, and the colours of text drawn on a mark, depend on the reader's
colour scheme, so theme/static/js/charts.js sets them.
"""

from __future__ import annotations

# Plotly's six named dashes, then two of our own (dash lengths in px).
DASHES = (
    "solid",
    "dash",
    "dot",
    "dashdot",
    "longdash",
    "longdashdot",
    "2px,6px,8px,6px",
    "12px,3px,2px,3px,2px,3px",
)
SYMBOLS = (
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "x",
    "triangle-down",
    "cross",
    "star",
    "hexagon",
)
PATTERNS = ("", "/", ".", "x", "\\", "-", "|", "+")
MARKER_SIZE = 8
# A pattern's lines take this share of the bar: enough to see, little
# enough that the bar's colour still reads.
PATTERN_SOLIDITY = 0.35


def line_style(index: int, *, markers: bool) -> dict:
    """The dash and marker of the index-th line or area."""
    style = {"line": {"dash": DASHES[index % len(DASHES)], "width": 2}}
    if markers:
        style["marker"] = marker_style(index)
    return style


def marker_style(index: int) -> dict:
    """The marker symbol of the index-th series of points."""
    return {"symbol": SYMBOLS[index % len(SYMBOLS)], "size": MARKER_SIZE}


def bar_pattern(index: int) -> dict | None:
    """The fill pattern of the index-th series of bars (None: solid)."""
    shape = PATTERNS[index % len(PATTERNS)]
    if not shape:
        return None
    # "overlay": the pattern's lines are drawn over the bar's own colour;
    # charts.js picks their colour, as it does for text on the bar.
    return {"shape": shape, "fillmode": "overlay", "solidity": PATTERN_SOLIDITY}
