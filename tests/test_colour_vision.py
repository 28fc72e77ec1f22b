"""The colour arithmetic the chart tests measure with (colour_vision.py),
checked against published data: the 34 CIEDE2000 pairs of Sharma, Wu and
Dalal (2005), Table 1; CIELAB values of the sRGB primaries; the contrast
ratios WCAG's own understanding documents quote; and what the Machado (2009)
simulation must preserve.

Sharma, G., Wu, W., Dalal, E. N. (2005). "The CIEDE2000 color-difference
formula: implementation notes, supplementary test data, and mathematical
observations". Color Research & Application 30(1), 21-30. Test data quoted
from the paper's Table 1 (published test data).
"""

from __future__ import annotations

import pytest
from colour_vision import (
    MACHADO_2009,
    contrast,
    delta_e_2000,
    lab,
    parse_colour,
    separation,
    simulate,
)

# L1, a1, b1, L2, a2, b2, ΔE00
SHARMA_2005 = [
    (50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425),
    (50.0000, 3.1571, -77.2803, 50.0000, 0.0000, -82.7485, 2.8615),
    (50.0000, 2.8361, -74.0200, 50.0000, 0.0000, -82.7485, 3.4412),
    (50.0000, -1.3802, -84.2814, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -1.1848, -84.8006, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, -0.9009, -85.5211, 50.0000, 0.0000, -82.7485, 1.0000),
    (50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669),
    (50.0000, -1.0000, 2.0000, 50.0000, 0.0000, 0.0000, 2.3669),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0010, 7.1792),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0011, 7.2195),
    (50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0012, 7.2195),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0009, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0010, -2.4900, 4.8045),
    (50.0000, -0.0010, 2.4900, 50.0000, 0.0011, -2.4900, 4.7461),
    (50.0000, 2.5000, 0.0000, 50.0000, 0.0000, -2.5000, 4.3065),
    (50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492),
    (50.0000, 2.5000, 0.0000, 61.0000, -5.0000, 29.0000, 22.8977),
    (50.0000, 2.5000, 0.0000, 56.0000, -27.0000, -3.0000, 31.9030),
    (50.0000, 2.5000, 0.0000, 58.0000, 24.0000, 15.0000, 19.4535),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.1736, 0.5854, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2972, 0.0000, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 1.8634, 0.5757, 1.0000),
    (50.0000, 2.5000, 0.0000, 50.0000, 3.2592, 0.3350, 1.0000),
    (60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644),
    (63.0109, -31.0961, -5.8663, 62.8187, -29.7946, -4.0864, 1.2630),
    (61.2901, 3.7196, -5.3901, 61.4292, 2.2480, -4.9620, 1.8731),
    (35.0831, -44.1164, 3.7933, 35.0232, -40.0716, 1.5901, 1.8645),
    (22.7233, 20.0904, -46.6940, 23.0331, 14.9730, -42.5619, 2.0373),
    (36.4612, 47.8580, 18.3852, 36.2715, 50.5065, 21.2231, 1.4146),
    (90.8027, -2.0831, 1.4410, 91.1528, -1.6435, 0.0447, 1.4441),
    (90.9257, -0.5406, -0.9208, 88.6381, -0.8985, -0.7239, 1.5381),
    (6.7747, -0.2908, -2.4247, 5.8714, -0.0985, -2.2286, 0.6377),
    (2.0776, 0.0795, -1.1350, 0.9033, -0.0636, -0.5514, 0.9082),
]


@pytest.mark.parametrize("row", SHARMA_2005, ids=[f"pair-{i + 1}" for i in range(34)])
def test_ciede2000_matches_sharmas_test_data(row):
    first, second, expected = row[:3], row[3:6], row[6]
    assert delta_e_2000(first, second) == pytest.approx(expected, abs=5e-5)
    # The formula is symmetric; the paper lists pairs 7 and 8 both ways.
    assert delta_e_2000(second, first) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        # CIELAB (D65) of sRGB white and primaries, as commonly tabulated
        # (e.g. Lindbloom's calculator, sRGB, D65, no adaptation).
        ("#ffffff", (100.0, 0.0, 0.0)),
        ("#000000", (0.0, 0.0, 0.0)),
        ("#ff0000", (53.2408, 80.0925, 67.2032)),
        ("#00ff00", (87.7347, -86.1827, 83.1793)),
        ("#0000ff", (32.2970, 79.1875, -107.8602)),
    ],
)
def test_lab_of_srgb_primaries(colour, expected):
    assert lab(parse_colour(colour)[0]) == pytest.approx(expected, abs=2e-3)


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        # WCAG's Understanding 1.4.3 and its techniques: #767676 on white is
        # the lightest grey that reaches 4.5:1, #777777 falls just short.
        ("#767676", "#ffffff", 4.54),
        ("#777777", "#ffffff", 4.48),
    ],
)
def test_wcag_contrast_ratio(foreground, background, ratio):
    a, b = parse_colour(foreground)[0], parse_colour(background)[0]
    assert contrast(a, b) == pytest.approx(ratio, abs=0.005)
    assert contrast(b, a) == contrast(a, b)


@pytest.mark.parametrize("deficiency", sorted(MACHADO_2009))
def test_simulation_keeps_greys_and_merges_red_with_green(deficiency):
    """A dichromat's greys are everyone's greys (each matrix row sums to 1),
    and red and green, far apart for everyone, come close together."""
    for level in (0, 64, 128, 200, 255):
        grey = (level, level, level)
        assert simulate(grey, deficiency) == pytest.approx(grey, abs=0.1)
    red, green = (213, 94, 0), (0, 158, 115)  # Okabe and Ito's vermillion, green
    seen = separation([red, green], deficiency)[0]
    assert seen < separation([red, green], None)[0] / 2


def test_parse_colour_reads_what_chromium_computes():
    assert parse_colour("rgb(27, 31, 37)") == ((27, 31, 37), 1.0)
    assert parse_colour("rgba(0, 0, 0, 0)") == ((0, 0, 0), 0.0)
    assert parse_colour("rgba(35, 105, 226, 0.5)") == ((35, 105, 226), 0.5)
    assert parse_colour("#abc") == ((170, 187, 204), 1.0)
    with pytest.raises(ValueError, match="not a colour"):
        parse_colour('url("#pattern")')
