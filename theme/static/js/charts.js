/*
 * Draws every chart on the page.
 *
 * Each chart's figure sits in a <script type="application/json"> next to its
 * plot container (no inline script, so pages run under a strict CSP). The
 * site's look is ONE Plotly template, built here from the theme's CSS custom
 * properties and applied to every chart, rather than a copy inside each
 * figure. When the colour scheme changes, charts are redrawn with the
 * matching template.
 *
 * plotly.js (its URL is this script's data-plotly attribute) is fetched when
 * the first chart comes within LOAD_MARGIN of the viewport, or before
 * printing: a reader who never scrolls to a chart never pays for the bundle,
 * and the text never waits for it.
 */
(function () {
  "use strict";

  var LOAD_MARGIN = "300px 0px";
  var plots = document.querySelectorAll(".chart__plot[data-chart]");
  var library = document.currentScript && document.currentScript.getAttribute("data-plotly");
  if (!plots.length) {
    return;
  }

  var FALLBACK_COLOURS = ["#1f6feb", "#c2410c", "#15803d", "#7c3aed", "#b91c1c", "#0e7490"];

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function siteTemplate() {
    var text = cssVar("--chart-text", "#1f2328");
    var muted = cssVar("--chart-muted", "#57606a");
    var grid = cssVar("--chart-grid", "#d0d7de");
    var surface = cssVar("--chart-surface", "#ffffff");
    var family = cssVar("--chart-font-family", "system-ui, sans-serif");
    var colours = FALLBACK_COLOURS.map(function (fallback, i) {
      return cssVar("--chart-" + (i + 1), fallback);
    });
    var axis = {
      gridcolor: grid,
      linecolor: muted,
      zerolinecolor: muted,
      tickcolor: muted,
      tickfont: { color: text },
      title: { font: { color: text } },
      automargin: true
    };
    return {
      layout: {
        font: { family: family, color: text, size: 14 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        colorway: colours,
        separators: ".,",
        margin: { t: 12, r: 16, b: 48, l: 16, pad: 4 },
        xaxis: axis,
        yaxis: axis,
        legend: { font: { color: text } },
        hoverlabel: {
          bgcolor: surface,
          bordercolor: muted,
          font: { color: text, family: family }
        }
      },
      data: {
        pie: [{ marker: { line: { color: surface, width: 2 } } }],
        bar: [{ marker: { line: { width: 0 } }, textfont: { family: family } }]
      }
    };
  }

  // A fresh copy each time: Plotly writes computed ranges back into the
  // layout it was given, and every draw must start from the author's figure.
  function figureFor(plot) {
    var source = document.getElementById(plot.getAttribute("data-chart"));
    return JSON.parse(source.textContent);
  }

  // Each draw of a plot supersedes the last: a fitting step of an older draw
  // (the scheme or the width changed meanwhile) must not touch the new one.
  var draws = new WeakMap();

  function draw(plot, template) {
    var figure = figureFor(plot);
    var layout = Object.assign({}, figure.layout, { template: template });
    var number = (draws.get(plot) || 0) + 1;
    draws.set(plot, number);
    var current = function (step) {
      return function () {
        return draws.get(plot) === number ? step(plot) : null;
      };
    };
    plot.removeAttribute("data-drawn");
    return window.Plotly.react(plot, figure.data, layout, {
      displayModeBar: false,
      // redraw() draws again on a new width, and fits the chart to it.
      responsive: false
    }).then(current(wholeSteps)).then(current(fitBarLabels)).then(current(function () {
      // Drawn and fitted: what a test, or anything else, may wait for.
      plot.setAttribute("data-drawn", "");
    }));
  }

  // --- counts: whole-number ticks ---------------------------------------------

  // The figure lists in layout.meta.integer_axes the axes that count rows.
  // Plotly steps a short axis by 0.5 or 0.2; where it chose such a step,
  // a step of 1 has fewer ticks, so it fits wherever Plotly's did.
  function wholeSteps(plot) {
    var meta = plot.layout.meta;
    var names = (meta && meta.integer_axes) || [];
    var update = {};
    names.forEach(function (name) {
      var axis = plot._fullLayout[name];
      if (axis && typeof axis.dtick === "number" && axis.dtick < 1) {
        update[name + ".tickmode"] = "linear";
        update[name + ".tick0"] = 0;
        update[name + ".dtick"] = 1;
      }
    });
    return Object.keys(update).length ? window.Plotly.relayout(plot, update) : null;
  }

  // --- bar value labels: whole, legible, never clipped --------------------------

  var LABEL_ROOM = 4; // px kept between a label and the plot area's edge
  var LABEL_SPACING = 4; // px kept between neighbouring labels
  var LABEL_SHARE = 0.5; // labels may take at most this share of the value axis
  var FIT_PASSES = 3;

  // The figure labels a single series of bars with its values, outside
  // the bars. Plotly does not count those labels when it sets the axis
  // range, so at phone widths the label of the longest bar runs off the
  // chart ("46." for "46.6%"). Here the labels are measured as drawn and
  // the value axis is widened until each fits inside the plot area; where
  // bars are too narrow for upright labels they are turned, and where even
  // that does not fit they are dropped (the hover, description and data
  // table still give every value).
  function fitBarLabels(plot) {
    var trace = plot.data.length === 1 ? plot.data[0] : null;
    if (!trace || trace.type !== "bar" || trace.textposition !== "outside") {
      return null;
    }
    var horizontal = trace.orientation === "h";
    var labels = measureLabels(plot, horizontal);
    if (!labels.length) {
      return null;
    }
    if (overlap(labels, horizontal)) {
      if (!horizontal && trace.textangle !== -90) {
        return window.Plotly.restyle(plot, { textangle: -90 }).then(function () {
          return fitBarLabels(plot);
        });
      }
      return dropLabels(plot);
    }
    return widen(plot, horizontal, FIT_PASSES);
  }

  function dropLabels(plot) {
    return window.Plotly.restyle(plot, { textposition: "none" });
  }

  // Each label's box, and the box of the bar it belongs to.
  function measureLabels(plot, horizontal) {
    var found = [];
    Array.prototype.forEach.call(plot.querySelectorAll(".barlayer .point"), function (point) {
      var text = point.querySelector(".bartext");
      var bar = point.querySelector("path");
      if (text && bar && text.textContent) {
        found.push({ text: text.getBoundingClientRect(), bar: bar.getBoundingClientRect() });
      }
    });
    found.sort(function (a, b) {
      return horizontal ? a.text.top - b.text.top : a.text.left - b.text.left;
    });
    return found;
  }

  function overlap(labels, horizontal) {
    for (var i = 1; i < labels.length; i++) {
      var before = labels[i - 1].text;
      var after = labels[i].text;
      if (horizontal ? before.bottom + LABEL_SPACING > after.top
        : before.right + LABEL_SPACING > after.left) {
        return true;
      }
    }
    return false;
  }

  // Widen the value axis until every label is inside the plot area. A label
  // reaches a fixed number of pixels beyond its bar's end, so the range
  // [low, high] must satisfy, for a label past the high end at value v,
  // high >= v + (reach + room) * (high - low) / length (and likewise at the
  // low end): solved by iteration, which settles because the labels take
  // less than LABEL_SHARE of the axis. The axis may then move a little
  // (automargin makes room for new tick labels), hence a few passes.
  // _fullLayout (an axis's range, _length and _offset, the margins in
  // _size) is plotly.js's own state, not its documented API: the bundle is
  // pinned, and tests/test_charts_display_browser.py measures the result.
  function widen(plot, horizontal, passes) {
    var name = horizontal ? "xaxis" : "yaxis";
    var axis = plot._fullLayout[name];
    var svg = plot.querySelector(".main-svg").getBoundingClientRect();
    var length = axis._length;
    var low = axis.range[0];
    var high = axis.range[1];
    var perPixel = (high - low) / length;
    var start = horizontal ? svg.left + axis._offset : svg.top + axis._offset + length;
    // A pixel on the page, as a distance along the axis from its start.
    var along = function (pixel) {
      return horizontal ? pixel - start : start - pixel;
    };
    var ends = { high: [], low: [] };
    var overflow = 0;
    measureLabels(plot, horizontal).forEach(function (label) {
      var text = label.text;
      var bar = label.bar;
      var end;
      if (horizontal) {
        end = text.left + text.width / 2 >= bar.left + bar.width / 2
          ? { side: "high", at: along(bar.right), reach: text.right - bar.right }
          : { side: "low", at: along(bar.left), reach: bar.left - text.left };
      } else {
        end = text.top + text.height / 2 <= bar.top + bar.height / 2
          ? { side: "high", at: along(bar.top), reach: bar.top - text.top }
          : { side: "low", at: along(bar.bottom), reach: text.bottom - bar.bottom };
      }
      end.value = low + end.at * perPixel;
      end.reach += LABEL_ROOM;
      overflow = Math.max(
        overflow,
        end.side === "high" ? end.at + end.reach - length : end.reach - end.at
      );
      ends[end.side].push(end);
    });
    if (overflow <= 0.5) {
      return null; // every label fits
    }
    var widest = function (list) {
      return list.reduce(function (most, end) {
        return Math.max(most, end.reach);
      }, 0);
    };
    if (passes < 1 || widest(ends.high) + widest(ends.low) > length * LABEL_SHARE) {
      return dropLabels(plot);
    }
    var newLow = low;
    var newHigh = high;
    for (var i = 0; i < 200; i++) {
      var span = (newHigh - newLow) / length;
      var nextHigh = ends.high.reduce(function (most, end) {
        return Math.max(most, end.value + end.reach * span);
      }, high);
      var nextLow = ends.low.reduce(function (least, end) {
        return Math.min(least, end.value - end.reach * span);
      }, low);
      var moved = Math.abs(nextHigh - newHigh) + Math.abs(nextLow - newLow);
      newHigh = nextHigh;
      newLow = nextLow;
      if (moved < perPixel / 100) {
        break;
      }
    }
    var update = {};
    update[name + ".range"] = [newLow, newHigh];
    return window.Plotly.relayout(plot, update).then(function () {
      return widen(plot, horizontal, passes - 1);
    });
  }

  // --- drawing every chart -------------------------------------------------------

  var drawn = [];
  var RESIZE_SETTLE_MS = 150;
  var resizing = 0;

  function drawAll() {
    var template = siteTemplate();
    Array.prototype.forEach.call(plots, function (plot) {
      drawn.push({ plot: plot, width: plot.clientWidth });
      draw(plot, template);
    });
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) {
      scheme.addEventListener("change", function () {
        redraw(false);
      });
    }
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        redraw(true);
      }, RESIZE_SETTLE_MS);
    });
  }

  // Every chart again (a new colour scheme), or those whose width changed
  // (a phone's address bar changes the height only: nothing to redo).
  function redraw(widthOnly) {
    var template = siteTemplate();
    drawn.forEach(function (entry) {
      var width = entry.plot.clientWidth;
      if (!widthOnly) {
        draw(entry.plot, template);
      } else if (width !== entry.width) {
        // Plotly.react keeps the old size: resize first, then draw afresh.
        entry.width = width;
        window.Plotly.Plots.resize(entry.plot).then(function () {
          return draw(entry.plot, template);
        });
      }
    });
  }

  var requested = false;
  function loadAndDraw() {
    if (requested) {
      return;
    }
    requested = true;
    if (window.Plotly) {
      drawAll();
      return;
    }
    if (!library) {
      throw new Error("charts.js: no data-plotly attribute names plotly.js");
    }
    var script = document.createElement("script");
    script.src = library;
    script.onload = drawAll;
    script.onerror = function () {
      throw new Error("charts.js: plotly.js failed to load from " + library);
    };
    document.head.appendChild(script);
  }

  window.addEventListener("beforeprint", loadAndDraw);
  if (!("IntersectionObserver" in window)) {
    loadAndDraw();
    return;
  }
  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      observer.disconnect();
      loadAndDraw();
    }
  }, { rootMargin: LOAD_MARGIN });
  Array.prototype.forEach.call(plots, function (plot) {
    observer.observe(plot);
  });
})();
