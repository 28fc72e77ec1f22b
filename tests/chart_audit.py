"""What a reader meets in each drawn chart, measured in Chromium, and the
rules it is held to (Chartability's critical tests; see test_charts_a11y.py).

The page-side script only reads the DOM: colours as Chromium computes them,
boxes, shapes and the figure plotly.js settled on (``_fullData``). Every
judgement (contrast, colour difference, which encoding tells series apart)
is made here in Python, with tests/colour_vision.py, not with the contrast
code charts.js ships.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from colour_vision import RGB, contrast, over, parse_colour, separation

MARK_CONTRAST = 3.0  # WCAG 1.4.11, graphical objects
TEXT_CONTRAST = 4.5  # WCAG 1.4.3, text under 18.66 px bold / 24 px
CVD_SEPARATION = 10.0  # CIEDE2000, under simulated protanopia and deuteranopia
MIN_TEXT_PX = 14.0
MAX_NAME = 200  # characters: a headline, or a sentence or two of alt text

# Per chart on the page: its name and description as the HTML gives them,
# its traces as plotly.js settled them, its marks, every text drawn in or on
# it with what lies behind each of nine points of the text's box, the
# legend, the category ticks and its drawn slices. Called with a chart's
# index, only that chart's hover label texts.
AUDIT = r"""
(hoverOf) => {
  const transparent = (colour) =>
    !colour || colour === "none" || colour === "transparent" ||
    /^rgba\(.*,\s*0\)$/.test(colour);
  const box = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
  const pageBackground = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if (!transparent(colour)) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const shown = (element) => {
    const style = getComputedStyle(element);
    const r = element.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" &&
      r.width > 0 && r.height > 0;
  };
  // The opacity a paint reaches the screen with: its own, times every
  // group's up to the SVG.
  const reach = (element, paint) => {
    const style = getComputedStyle(element);
    let alpha = Number(paint === "fill" ? style.fillOpacity : style.strokeOpacity);
    for (let node = element; node && node.tagName.toLowerCase() !== "svg";
         node = node.parentElement) {
      alpha *= Number(getComputedStyle(node).opacity);
    }
    return alpha;
  };
  // The clip rectangle (on the page) that an element is drawn through.
  const clipOf = (element) => {
    const owner = element.closest("[clip-path]");
    if (!owner) return null;
    const id = /url\(["']?#([^"')]+)["']?\)/.exec(owner.getAttribute("clip-path"));
    const rect = id && document.getElementById(id[1]) &&
      document.getElementById(id[1]).querySelector("rect");
    const matrix = owner.getScreenCTM();
    if (!rect || !matrix) return null;
    const b = rect.getBBox();
    const corners = [[b.x, b.y], [b.x + b.width, b.y + b.height]].map(
      ([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
    return {left: Math.min(corners[0].x, corners[1].x),
            right: Math.max(corners[0].x, corners[1].x),
            top: Math.min(corners[0].y, corners[1].y),
            bottom: Math.max(corners[0].y, corners[1].y)};
  };
  const within = (b, x, y) =>
    b.left <= x && x <= b.right && b.top <= y && y <= b.bottom;
  const fillContains = (shape, x, y) => {
    const matrix = shape.getScreenCTM();
    if (!matrix) return false;
    return shape.isPointInFill(new DOMPoint(x, y).matrixTransform(matrix.inverse()));
  };

  const measureTexts = (plot, inHover) => {
    const background = pageBackground(plot);
    // Every shape, in painting order (the second SVG lies on top); its
    // paint is looked up only where a text lies over its box.
    const shapes = [...plot.querySelectorAll("svg path, svg rect")]
      .filter((shape) => !shape.closest("defs, clipPath, pattern"))
      .map((shape) => ({shape, box: shape.getBoundingClientRect(), paint: undefined}));
    const paintOf = (s) => {
      if (s.paint === undefined) {
        const fill = getComputedStyle(s.shape).fill;
        const alpha = reach(s.shape, "fill");
        s.paint = transparent(fill) || alpha <= 0 || !shown(s.shape) ? null
          : {fill, alpha, clip: clipOf(s.shape)};
      }
      return s.paint;
    };
    const layersAt = (x, y) => {
      const layers = [[background, 1]];
      for (const s of shapes) {
        if (!within(s.box, x, y)) continue;
        const paint = paintOf(s);
        if (paint && (!paint.clip || within(paint.clip, x, y)) &&
            fillContains(s.shape, x, y)) {
          layers.push([paint.fill, paint.alpha]);
        }
      }
      return layers;
    };
    const measureText = (text) => {
      const style = getComputedStyle(text);
      const matrix = text.getScreenCTM();
      const scale = matrix
        ? Math.sqrt(Math.abs(matrix.a * matrix.d - matrix.b * matrix.c)) : 1;
      const r = text.getBoundingClientRect();
      const points = [];
      for (const fx of [0.2, 0.5, 0.8]) {
        for (const fy of [0.25, 0.5, 0.75]) {
          points.push(layersAt(r.left + fx * r.width, r.top + fy * r.height));
        }
      }
      return {text: text.textContent, fill: style.fill, alpha: reach(text, "fill"),
              px: parseFloat(style.fontSize) * scale, box: box(r), points};
    };
    return [...plot.querySelectorAll("svg text")]
      .filter((text) => text.textContent.trim() && shown(text))
      .filter((text) => !!text.closest(".hoverlayer") === inHover)
      .map(measureText);
  };

  const plots = [...document.querySelectorAll(".chart__plot")];
  if (hoverOf !== null && hoverOf !== undefined) {
    return measureTexts(plots[hoverOf], true);
  }
  return plots.map((plot) => {
    const background = pageBackground(plot);
    const texts = measureTexts(plot, false);
    const figure = plot.closest("figure");
    const full = plot._fullData;
    // A scatter trace's group carries its uid; bar groups come in order.
    const bars = [...plot.querySelectorAll(".barlayer g.trace.bars")];
    const traces = full.map((trace, index) => {
      const group = plot.querySelector(".trace" + trace.uid) ||
        (trace.type === "bar" ? bars[index] : null);
      const line = group && group.querySelector(".js-line");
      const lineStyle = line && getComputedStyle(line);
      const points = group ? [...group.querySelectorAll(".point")].filter(shown) : [];
      const paths = points
        .map((p) => p.tagName.toLowerCase() === "path" ? p : p.querySelector("path"))
        .filter(Boolean);
      return {
        type: trace.type,
        name: trace.name,
        mode: trace.mode || null,
        fill: trace.fill || null,
        stacked: !!trace.stackgroup,
        dash: trace.line && trace.line.dash || null,
        symbol: trace.marker && trace.marker.symbol || null,
        pattern: (trace.marker && trace.marker.pattern || {}).shape || "",
        maxdisplayed: trace.marker && trace.marker.maxdisplayed || 0,
        points: trace.type === "pie" ? 0 : (trace.x || trace.y || []).length,
        drawnLine: line ? {stroke: lineStyle.stroke,
                           width: parseFloat(lineStyle.strokeWidth),
                           alpha: reach(line, "stroke"),
                           dasharray: lineStyle.strokeDasharray}
                        : null,
        drawnMarks: paths.slice(0, 400).map((path) => {
          const s = getComputedStyle(path);
          return {fill: s.fill, fillAlpha: reach(path, "fill"), stroke: s.stroke,
                  strokeWidth: parseFloat(s.strokeWidth),
                  strokeAlpha: reach(path, "stroke"),
                  shape: trace.type === "scatter" ? path.getAttribute("d") : null};
        }),
      };
    });
    const slices = [...plot.querySelectorAll("g.slice")].map((slice) => {
      const surface = slice.querySelector("path.surface");
      const label = slice.querySelector("text.slicetext");
      const s = getComputedStyle(surface);
      return {fill: s.fill, alpha: reach(surface, "fill"),
              text: label && shown(label) ? label.textContent : null};
    });
    const barTexts = [...plot.querySelectorAll("text.bartext")]
      .filter(shown).map((t) => t.textContent);
    const legend = [...plot.querySelectorAll(".legend text.legendtext")]
      .filter(shown).map((t) => t.textContent);
    const ticks = (axis) => [...plot.querySelectorAll(`.${axis}tick text`)]
      .filter(shown).map((t) => t.textContent);
    const description = document.getElementById(plot.getAttribute("aria-describedby"));
    const focusable = plot.querySelectorAll(
      "a[href], button, input, select, textarea, summary, iframe, [contenteditable], " +
      "[tabindex]:not([tabindex='-1'])").length;
    // The figure's own words around the plot (open the details first to
    // include the data table, whose first rows stand for the rest): the
    // element, its text, its size.
    const htmlTexts = [...figure.querySelectorAll("*")]
      .filter((element) => !element.closest("svg, script, tbody tr:nth-child(n+4)") &&
        shown(element) &&
        [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((element) => [element.tagName.toLowerCase() + "." + element.className,
                         element.textContent.trim().slice(0, 40),
                         parseFloat(getComputedStyle(element).fontSize)]);
    return {
      id: plot.id,
      htmlTexts,
      kind: [...figure.classList].find((c) => c.startsWith("chart--")).slice(7),
      background,
      role: plot.getAttribute("role"),
      label: plot.getAttribute("aria-label"),
      labelledby: plot.getAttribute("aria-labelledby"),
      description: description ? description.textContent : null,
      hiddenSvgs: [...plot.querySelectorAll("svg")].every(
        (svg) => svg.closest("[aria-hidden='true']")),
      focusable,
      texts,
      traces,
      slices,
      barTexts,
      legend,
      showlegend: plot._fullLayout.showlegend,
      xticks: ticks("x"),
      yticks: ticks("y"),
      rows: [...figure.querySelectorAll(".chart__table tbody tr")].map(
        (row) => [...row.cells].map((cell) => cell.textContent)),
      values: [...figure.querySelectorAll(".chart__table tbody tr")].map(
        (row) => [...row.cells].slice(1).map((cell) => cell.dataset.value)),
    };
  });
}
"""

# A point to rest the pointer on for each chart: inside its largest slice,
# or on its middle bar, its middle marker or the middle of its first line
# (an end point may lie on the plot area's edge, where Plotly shows no
# hover); null when nothing is drawn.
HOVER_TARGETS = r"""
() => [...document.querySelectorAll(".chart__plot")].map((plot) => {
  const centre = (r) => ({x: r.left + r.width / 2, y: r.top + r.height / 2});
  const middle = (list) => list[Math.floor(list.length / 2)];
  const area = (shape) => shape.getBBox().width * shape.getBBox().height;
  const slice = [...plot.querySelectorAll("g.slice path.surface")]
    .sort((a, b) => area(b) - area(a))[0];
  if (slice) {
    const r = slice.getBoundingClientRect();
    const matrix = slice.getScreenCTM().inverse();
    for (let i = 1; i < 10; i++) {
      for (let j = 1; j < 10; j++) {
        const x = r.left + r.width * i / 10, y = r.top + r.height * j / 10;
        const point = new DOMPoint(x, y).matrixTransform(matrix);
        if (slice.isPointInFill(point)) return {x, y};
      }
    }
  }
  const big = (p) => p.getBoundingClientRect().width > 2 &&
    p.getBoundingClientRect().height > 2;
  const bar = middle([...plot.querySelectorAll(".barlayer .point path")].filter(big));
  if (bar) return centre(bar.getBoundingClientRect());
  const trace = plot.querySelector(".scatterlayer .trace");
  const point = trace && middle([...trace.querySelectorAll(".point")]);
  if (point) return centre(point.getBoundingClientRect());
  const line = trace && trace.querySelector(".js-line");
  if (line && line.getTotalLength() > 0) {
    const p = line.getPointAtLength(line.getTotalLength() / 2)
      .matrixTransform(line.getScreenCTM());
    return {x: p.x, y: p.y};
  }
  return null;
})
"""


@dataclass
class Finding:
    """One thing wrong, with where it is."""

    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class ChartView:
    """One chart as drawn at one width in one scheme."""

    where: str  # page, width and scheme
    chart: dict
    hover: list = field(default_factory=list)
    ax: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.where} {self.chart['id']} ({self.chart['kind']})"


def colour(text: str) -> tuple[RGB, float]:
    return parse_colour(text)


def composite(layers: list) -> RGB | None:
    """The colour the layers make, bottom first; None where a layer is not a
    flat colour (a pattern)."""
    result = None
    for paint, alpha in layers:
        if paint.startswith("url("):
            if alpha >= 1:
                result = None  # unknown from here up, unless covered
                continue
            return None
        rgb, own = colour(paint)
        if result is None and own * alpha < 1:
            return None
        result = rgb if result is None else over(rgb, own * alpha, result)
    return result


def text_findings(view: ChartView, texts: list[dict]) -> list[Finding]:
    """Each text at 4.5:1 against what lies behind it, at all nine points."""
    found = []
    for text in texts:
        rgb, alpha = colour(text["fill"])
        worst = None
        for layers in text["points"]:
            behind = composite(layers)
            if behind is None:
                found.append(Finding(view.name, f"{text['text']!r} lies on a pattern"))
                break
            shown = over(rgb, alpha * text["alpha"], behind)
            ratio = contrast(shown, behind)
            worst = ratio if worst is None else min(worst, ratio)
        if worst is not None and worst < TEXT_CONTRAST:
            found.append(
                Finding(
                    view.name,
                    f"text {text['text']!r} ({text['fill']}) reaches {worst:.2f}:1",
                )
            )
    return found


def mark_colours(chart: dict) -> list[tuple[str, str, float]]:
    """(what, colour, opacity) of every mark: bars (the edge of a patterned
    bar), slices, lines (the full-strength edge of an area) and markers."""
    marks = []
    for index, trace in enumerate(chart["traces"]):
        label = f"trace {index + 1} ({trace['type']})"
        if trace["drawnLine"]:
            line = trace["drawnLine"]
            marks.append((f"{label} line", line["stroke"], line["alpha"]))
        for mark in trace["drawnMarks"]:
            if mark["fill"].startswith("url("):
                marks.append((f"{label} edge", mark["stroke"], mark["strokeAlpha"]))
            else:
                marks.append((f"{label} mark", mark["fill"], mark["fillAlpha"]))
    for index, slice_ in enumerate(chart["slices"]):
        marks.append((f"slice {index + 1}", slice_["fill"], slice_["alpha"]))
    return marks


def mark_findings(view: ChartView) -> list[Finding]:
    background, _ = colour(view.chart["background"])
    found = []
    for what, paint, alpha in mark_colours(view.chart):
        rgb, own = colour(paint)
        shown = over(rgb, own * alpha, background)
        ratio = contrast(shown, background)
        if ratio < MARK_CONTRAST:
            found.append(Finding(view.name, f"{what} {paint} reaches {ratio:.2f}:1"))
    return found


def series_colours(chart: dict) -> list[RGB]:
    """The distinct colours that stand for series (or slices)."""
    seen = []
    for what, paint, _ in mark_colours(chart):
        if "edge" in what or "line" in what or "mark" in what or "slice" in what:
            rgb, _alpha = colour(paint)
            rounded = tuple(round(c) for c in rgb)
            if rounded not in seen:
                seen.append(rounded)
    return seen


def separation_findings(view: ChartView) -> list[Finding]:
    colours = series_colours(view.chart)
    found = []
    if len(colours) < 2:
        return found
    for deficiency in ("protanopia", "deuteranopia"):
        smallest, pair = separation(colours, deficiency)
        if smallest < CVD_SEPARATION:
            found.append(
                Finding(view.name, f"ΔE2000 {smallest:.1f} under {deficiency}: {pair}")
            )
    return found


def _distinct(values: list) -> bool:
    return len(set(values)) == len(values)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


SHARE = re.compile(r"^(\d+(?:\.\d+)?)%$")


def _labelled(text: str, label: str, share: float) -> bool:
    """``text`` is ``label`` and its share in percent, as Plotly rounds it."""
    text, label = squeeze(text), squeeze(label)
    if not text.startswith(label):
        return False
    shown = SHARE.match(text[len(label) :])
    return bool(shown) and abs(float(shown.group(1)) - share * 100) <= max(
        0.051, share * 100 * 0.006
    )


def encoding_findings(view: ChartView) -> list[Finding]:
    """Series, slices and stages told apart without colour."""
    chart = view.chart
    kind = chart["kind"]
    traces = chart["traces"]
    found = []

    def fail(what: str) -> None:
        found.append(Finding(view.name, what))

    if kind in ("line", "area") and len(traces) > 1:
        dashes = [t["dash"] for t in traces]
        symbols = [t["symbol"] for t in traces]
        drawn = [(t["drawnLine"] or {}).get("dasharray") for t in traces]
        if not _distinct(dashes) or not _distinct(drawn):
            fail(f"lines share a dash: {dashes} drawn as {drawn}")
        if not _distinct(symbols):
            fail(f"lines share a marker symbol: {symbols}")
        for trace in traces:
            if "markers" not in (trace["mode"] or "") or not trace["drawnMarks"]:
                fail(f"{trace['name']!r} draws no markers")
    if kind == "area":
        for trace in traces:
            line = trace["drawnLine"]
            if not line or line["alpha"] < 1 or line["width"] < 2:
                fail(f"area {trace['name']!r} has no full-strength edge: {line}")
    if kind == "scatter" and len(traces) > 1:
        symbols = [t["symbol"] for t in traces]
        shapes = [t["drawnMarks"][0]["shape"] for t in traces if t["drawnMarks"]]
        if not _distinct(symbols) or not _distinct(shapes):
            fail(f"series share a marker: {symbols}")
    if kind in ("bar", "histogram") and len(traces) > 1:
        patterns = [t["pattern"] for t in traces]
        if not _distinct(patterns):
            fail(f"bar series share a pattern: {patterns}")
        for trace in traces[1:]:
            if not all(m["fill"].startswith("url(") for m in trace["drawnMarks"]):
                fail(f"bars of {trace['name']!r} are drawn without their pattern")
    if kind in ("pie", "donut"):
        found += _slice_findings(view)
    if kind == "funnel":
        found += _stage_findings(view)
    return found


def _slice_findings(view: ChartView) -> list[Finding]:
    """Each slice carries its label and share where it fits; where one does
    not, the legend names every slice."""
    chart = view.chart
    rows = [
        (row[0], float(value[0]))
        for row, value in zip(chart["rows"], chart["values"], strict=True)
        if value[0] and float(value[0]) > 0
    ]
    total = sum(value for _, value in rows)
    found = []
    if len(chart["slices"]) != len(rows):
        found.append(
            Finding(view.name, f"{len(chart['slices'])} slices for {len(rows)} rows")
        )
        return found
    unlabelled = []
    for (label, value), slice_ in zip(rows, chart["slices"], strict=True):
        text = slice_["text"]
        if text is None:
            unlabelled.append(label)
        elif not _labelled(text, label, value / total):
            found.append(
                Finding(view.name, f"slice {label!r} reads {text!r}, not its share")
            )
    if unlabelled:
        legend = [squeeze(entry) for entry in chart["legend"]]
        if not chart["showlegend"] or legend != [squeeze(label) for label, _ in rows]:
            found.append(
                Finding(
                    view.name,
                    f"slices {unlabelled} carry no label and the legend reads {legend}",
                )
            )
    return found


def _stage_findings(view: ChartView) -> list[Finding]:
    """Each stage named on its axis, with its value and its share of the
    first stage on or beside its bar."""
    chart = view.chart
    stages = [row[0] for row in chart["rows"]]
    ticks = max(chart["xticks"], chart["yticks"], key=len)
    found = []
    if sorted(squeeze(t) for t in ticks) != sorted(squeeze(s) for s in stages):
        found.append(Finding(view.name, f"stages read {ticks}, not {stages}"))
    labels = chart["barTexts"]
    first = float(chart["values"][0][0])
    if len(labels) != len(stages):
        found.append(Finding(view.name, f"{len(labels)} labels, {len(stages)} stages"))
        return found
    for row, value, label in zip(chart["rows"], chart["values"], labels, strict=True):
        if not _labelled(label, row[1], float(value[0]) / first):
            found.append(
                Finding(view.name, f"stage {row[0]!r} reads {label!r}, not {row[1]}")
            )
    return found


def naming_findings(view: ChartView, alts: dict[str, str]) -> list[Finding]:
    """One pattern: role img, a short aria-label (the author's alt, else the
    description's first sentence), aria-describedby the description."""
    chart = view.chart
    found = []

    def fail(what: str) -> None:
        found.append(Finding(view.name, what))

    label, description = chart["label"], chart["description"]
    if chart["role"] != "img":
        fail(f"role is {chart['role']!r}")
    if chart["labelledby"] is not None:
        fail("named by aria-labelledby")
    if not label or description is None:
        fail(f"aria-label {label!r}, description {description!r}")
        return found
    alt = alts.get(chart["id"])
    if alt is not None:
        if label != alt:
            fail(f"named {label!r}, not its alt {alt!r}")
    elif not (description.startswith(label) and label.endswith(".")):
        fail(f"named {label!r}, not the headline of {description[:80]!r}")
    if len(label) > MAX_NAME:
        fail(f"a name of {len(label)} characters is no short name")
    return found


# --- what assistive technology gets ---------------------------------------------


def accessibility_tree(page) -> tuple[list[dict], list[str]]:
    """Chromium's accessibility tree, read through the DevTools protocol:
    per plot (in page order) its role, name, description and the nodes
    exposed below it; and every unnamed image on the page."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
        root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        plot_ids = session.send(
            "DOM.querySelectorAll", {"nodeId": root, "selector": ".chart__plot"}
        )["nodeIds"]
        backend = [
            session.send("DOM.describeNode", {"nodeId": node})["node"]["backendNodeId"]
            for node in plot_ids
        ]
    finally:
        session.detach()
    by_id = {node["nodeId"]: node for node in nodes}
    by_dom = {node.get("backendDOMNodeId"): node for node in nodes}

    def value(node: dict, key: str) -> str:
        return (node.get(key) or {}).get("value") or ""

    def exposed_below(node: dict) -> list[str]:
        found, stack = [], list(node.get("childIds", []))
        while stack:
            child = by_id.get(stack.pop())
            if child is None:
                continue
            if not child.get("ignored"):
                found.append(f"{value(child, 'role')} {value(child, 'name')!r}")
            stack.extend(child.get("childIds", []))
        return found

    plots = []
    for dom_id in backend:
        node = by_dom.get(dom_id)
        if node is None or node.get("ignored"):
            plots.append({"role": None, "name": "", "description": "", "exposed": []})
            continue
        plots.append(
            {
                "role": value(node, "role"),
                "name": value(node, "name"),
                "description": value(node, "description"),
                "exposed": exposed_below(node),
            }
        )
    unnamed = [
        f"{value(node, 'role')} (DOM node {node.get('backendDOMNodeId')})"
        for node in nodes
        if not node.get("ignored")
        and value(node, "role") in ("image", "img", "SvgRoot", "graphics-document")
        and not value(node, "name").strip()
    ]
    return plots, unnamed


def tree_findings(view: ChartView) -> list[Finding]:
    """The chart is one named image with its description, and nothing under it."""
    ax, chart = view.ax, view.chart
    found = []
    if ax.get("role") != "image":
        found.append(Finding(view.name, f"role {ax.get('role')!r} in the tree"))
    if ax.get("name") != chart["label"]:
        found.append(Finding(view.name, f"named {ax.get('name')!r} in the tree"))
    if ax.get("description") != " ".join((chart["description"] or "").split()):
        found.append(
            Finding(view.name, f"described {ax.get('description', '')[:60]!r}...")
        )
    if ax.get("exposed"):
        found.append(Finding(view.name, f"exposes {ax['exposed'][:8]}"))
    if not chart["hiddenSvgs"]:
        found.append(Finding(view.name, "an SVG without aria-hidden"))
    if chart["focusable"]:
        found.append(Finding(view.name, f"{chart['focusable']} tab stops in the plot"))
    return found


def size_findings(view: ChartView) -> list[Finding]:
    """Text in and around the chart of at least 14 px (CSS px, as drawn)."""
    found = [
        Finding(view.name, f"chart text {t['text']!r} at {t['px']:.1f} px")
        for t in view.chart["texts"] + view.hover
        if t["px"] < MIN_TEXT_PX - 0.05
    ]
    found += [
        Finding(view.name, f"{what} {text!r} at {px:.1f} px")
        for what, text, px in view.chart["htmlTexts"]
        if px < MIN_TEXT_PX - 0.05
    ]
    return found
