"""Colour arithmetic the chart tests measure with: WCAG contrast, CIELAB,
CIEDE2000, and how a colour looks to a reader without red or green cones.

Written here from the published definitions (no colour package): WCAG 2.2's
relative luminance and contrast ratio; IEC 61966-2-1 sRGB and CIE 1976
L*a*b* under D65; CIEDE2000 as Sharma, Wu and Dalal (2005) set it out; and
the severity-1.0 protanopia and deuteranopia matrices of Machado, Oliveira
and Fernandes (2009), which act on linear RGB. test_colour_vision.py checks
the formulas against the published test data.
"""

from __future__ import annotations

import math
import re

RGB = tuple[float, float, float]  # 0..255 per channel
LAB = tuple[float, float, float]

# Machado, Oliveira & Fernandes (2009), Table 2, severity 1.0.
MACHADO_2009 = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
}

# sRGB (linear) to CIE XYZ, D65, and the D65 white point (IEC 61966-2-1).
SRGB_TO_XYZ = (
    (0.4124564, 0.3575761, 0.1804375),
    (0.2126729, 0.7151522, 0.0721750),
    (0.0193339, 0.1191920, 0.9503041),
)
D65 = (0.95047, 1.0, 1.08883)

CSS_COLOUR = re.compile(
    r"rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?\s*\)"
)


def parse_colour(text: str) -> tuple[RGB, float]:
    """A CSS colour as Chromium computes it (rgb()/rgba()) or as written
    (#rgb, #rrggbb): the channels and the alpha."""
    text = text.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        if len(digits) != 6:
            raise ValueError(f"not a colour: {text!r}")
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4)), 1.0
    if text == "transparent":
        return (0.0, 0.0, 0.0), 0.0
    match = CSS_COLOUR.fullmatch(text)
    if not match:
        raise ValueError(f"not a colour: {text!r}")
    alpha = match.group(4)
    if alpha is None:
        opacity = 1.0
    elif alpha.endswith("%"):
        opacity = float(alpha[:-1]) / 100
    else:
        opacity = float(alpha)
    return tuple(float(match.group(i)) for i in (1, 2, 3)), opacity


def over(top: RGB, alpha: float, below: RGB) -> RGB:
    """``top`` painted with ``alpha`` over an opaque ``below``."""
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top, below, strict=True))


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _encoded(linear: float) -> float:
    linear = min(1.0, max(0.0, linear))
    c = linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
    return c * 255


def luminance(rgb: RGB) -> float:
    """WCAG 2.2 relative luminance."""
    r, g, b = (_linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: RGB, b: RGB) -> float:
    """WCAG 2.2 contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def simulate(rgb: RGB, deficiency: str) -> RGB:
    """How ``rgb`` looks with the deficiency (Machado 2009, severity 1)."""
    linear = [_linear(c) for c in rgb]
    matrix = MACHADO_2009[deficiency]
    return tuple(
        _encoded(sum(m * v for m, v in zip(row, linear, strict=True))) for row in matrix
    )


def lab(rgb: RGB) -> LAB:
    """CIE L*a*b* (D65) of an sRGB colour."""
    linear = [_linear(c) for c in rgb]
    xyz = [sum(m * v for m, v in zip(row, linear, strict=True)) for row in SRGB_TO_XYZ]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = (f(v / w) for v, w in zip(xyz, D65, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e_2000(lab1: LAB, lab2: LAB) -> float:
    """CIEDE2000 colour difference (kL = kC = kH = 1), after Sharma, Wu and
    Dalal (2005), equations 1 to 22."""
    l1, a1, b1 = lab1
    l2, a2, b2 = lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)

    def hue(a: float, b: float) -> float:
        return 0.0 if a == 0 and b == 0 else math.degrees(math.atan2(b, a)) % 360

    h1p, h2p = hue(a1p, b1), hue(a2p, b2)
    delta_l = l2 - l1
    delta_c = c2p - c1p
    if c1p * c2p == 0:
        delta_h_angle = 0.0
    elif abs(h2p - h1p) <= 180:
        delta_h_angle = h2p - h1p
    elif h2p - h1p > 180:
        delta_h_angle = h2p - h1p - 360
    else:
        delta_h_angle = h2p - h1p + 360
    delta_h = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(delta_h_angle) / 2)

    l_mean = (l1 + l2) / 2
    cp_mean = (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_mean = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_mean = (h1p + h2p) / 2
    elif h1p + h2p < 360:
        hp_mean = (h1p + h2p + 360) / 2
    else:
        hp_mean = (h1p + h2p - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(hp_mean - 30))
        + 0.24 * math.cos(math.radians(2 * hp_mean))
        + 0.32 * math.cos(math.radians(3 * hp_mean + 6))
        - 0.20 * math.cos(math.radians(4 * hp_mean - 63))
    )
    delta_theta = 30 * math.exp(-(((hp_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_mean**7 / (cp_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * cp_mean
    s_h = 1 + 0.015 * cp_mean * t
    r_t = -math.sin(math.radians(2 * delta_theta)) * r_c
    return math.sqrt(
        (delta_l / s_l) ** 2
        + (delta_c / s_c) ** 2
        + (delta_h / s_h) ** 2
        + r_t * (delta_c / s_c) * (delta_h / s_h)
    )


def separation(colours: list[RGB], deficiency: str | None) -> tuple[float, tuple]:
    """The smallest ΔE2000 between any two of ``colours`` as a reader with
    ``deficiency`` (None: full colour vision) sees them, and that pair."""
    seen = [simulate(c, deficiency) if deficiency else c for c in colours]
    labs = [lab(c) for c in seen]
    worst = (math.inf, ())
    for i in range(len(colours)):
        for j in range(i + 1, len(colours)):
            difference = delta_e_2000(labs[i], labs[j])
            if difference < worst[0]:
                worst = (difference, (colours[i], colours[j]))
    return worst


def hex_colour(rgb: RGB) -> str:
    return "#" + "".join(f"{round(c):02x}" for c in rgb)
