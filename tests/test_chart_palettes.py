"""Every palette the site ships, as written in the theme: the light and the
dark scheme's series colours (theme/static/css/site.css) and the colours
charts.js falls back on for a theme without them.

For each, against the scheme's own page and chart colours:
- any two series colours at least 10 apart (CIEDE2000) as a reader with
  protanopia or deuteranopia sees them (Machado 2009, severity 1), and for
  everyone else;
- every series colour at 3:1 against the page, which is what a chart's
  plot lies on (its paper and plot background are transparent), WCAG 1.4.11;
- on every series colour, the scheme's text or surface colour reaches 4.5:1
  (charts.js writes text on a mark in whichever reads better), WCAG 1.4.3.

The browser tests (test_charts_a11y.py) measure the same on the colours as
drawn; these say which palette is at fault when one fails.
"""

from __future__ import annotations

import re

import pytest
from colour_vision import contrast, hex_colour, parse_colour, separation
from conftest import ROOT

CSS = ROOT / "theme" / "static" / "css" / "site.css"
CHARTS_JS = ROOT / "theme" / "static" / "js" / "charts.js"
SERIES = 6
CVD_SEPARATION = 10.0
DARK = re.compile(r"@media \(prefers-color-scheme: dark\) \{\s*:root \{(.*?)\}", re.S)
ROOT_BLOCK = re.compile(r"^:root \{(.*?)^\}", re.S | re.M)
VARIABLE = re.compile(r"(--[\w-]+):\s*([^;]+);")


def variables(block: str) -> dict[str, str]:
    return dict(VARIABLE.findall(re.sub(r"/\*.*?\*/", "", block, flags=re.S)))


def schemes() -> dict[str, dict[str, str]]:
    css = CSS.read_text("utf-8")
    light = variables(ROOT_BLOCK.search(css).group(1))
    dark = {**light, **variables(DARK.search(css).group(1))}
    fallback = re.search(r"FALLBACK_COLOURS = \[([^\]]*)\]", CHARTS_JS.read_text())
    shipped_fallback = re.findall(r'"(#[0-9a-fA-F]{6})"', fallback.group(1))
    return {
        "light": light,
        "dark": dark,
        "charts.js fallback": {
            **light,
            **{f"--chart-{i + 1}": c for i, c in enumerate(shipped_fallback)},
        },
    }


def rgb(value: str):
    return parse_colour(value)[0]


def palette(scheme: dict[str, str]) -> list:
    return [rgb(scheme[f"--chart-{i}"]) for i in range(1, SERIES + 1)]


SCHEMES = schemes()


def test_every_scheme_ships_six_distinct_series_colours():
    for name, scheme in SCHEMES.items():
        colours = [hex_colour(c) for c in palette(scheme)]
        assert len(set(colours)) == SERIES, (name, colours)


def test_the_fallback_is_the_light_palette():
    assert palette(SCHEMES["charts.js fallback"]) == palette(SCHEMES["light"])


@pytest.mark.parametrize("deficiency", ["protanopia", "deuteranopia", None])
@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_series_colours_stay_apart_for_colour_blind_readers(name, deficiency):
    smallest, pair = separation(palette(SCHEMES[name]), deficiency)
    assert smallest >= CVD_SEPARATION, (
        f"{name}: {[hex_colour(c) for c in pair]} are ΔE2000 {smallest:.1f} apart "
        f"under {deficiency or 'full colour vision'}"
    )


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_every_series_colour_stands_out_from_the_page(name):
    scheme = SCHEMES[name]
    page = rgb(scheme["--bg"])
    for colour in palette(scheme):
        assert contrast(colour, page) >= 3.0, (name, hex_colour(colour))


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_text_on_every_series_colour_reaches_4_5_to_1(name):
    scheme = SCHEMES[name]
    candidates = [rgb(scheme["--chart-text"]), rgb(scheme["--chart-surface"])]
    for colour in palette(scheme):
        best = max(contrast(colour, text) for text in candidates)
        assert best >= 4.5, (name, hex_colour(colour), round(best, 2))


@pytest.mark.parametrize("name", ["light", "dark"])
def test_chart_text_reads_on_the_page_and_in_the_hover_label(name):
    scheme = SCHEMES[name]
    text = rgb(scheme["--chart-text"])
    assert contrast(text, rgb(scheme["--bg"])) >= 4.5
    assert contrast(text, rgb(scheme["--chart-surface"])) >= 4.5
