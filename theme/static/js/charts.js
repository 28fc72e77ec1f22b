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
 * Every chart is one image to assistive technology: the plot container is
 * named and described in the HTML (plugins/charts/markup.py), and Plotly's
 * SVG inside it is hidden after every draw. Colours are set here, per mark,
 * with the colour of any text drawn on a mark chosen to reach 4.5:1 on it.
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

  // The light scheme's series colours (theme/static/css/site.css), for a
  // theme that sets none.
  var FALLBACK_COLOURS = ["#2369e2", "#c94300", "#017858", "#5b2da8", "#a30a20", "#09728c"];

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  // The colour scheme's chart colours, read from the theme's CSS.
  function currentScheme() {
    return {
      text: cssVar("--chart-text", "#1f2328"),
      muted: cssVar("--chart-muted", "#57606a"),
      grid: cssVar("--chart-grid", "#d0d7de"),
      surface: cssVar("--chart-surface", "#ffffff"),
      family: cssVar("--chart-font-family", "system-ui, sans-serif"),
      colours: FALLBACK_COLOURS.map(function (fallback, i) {
        return cssVar("--chart-" + (i + 1), fallback);
      })
    };
  }

  function siteTemplate(scheme) {
    var text = scheme.text;
    var muted = scheme.muted;
    var grid = scheme.grid;
    var surface = scheme.surface;
    var family = scheme.family;
    var colours = scheme.colours;
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
          // Plotly's default is 13 px; every text on a chart is 14 px or more.
          font: { color: text, family: family, size: 14 }
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

  function draw(plot, look) {
    var figure = figureFor(plot);
    paint(figure.data, look.scheme);
    var layout = Object.assign({}, figure.layout, { template: look.template });
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
    })
      .then(current(watchDrawings))
      .then(current(wholeSteps))
      .then(current(fitBarLabels))
      .then(current(fitSliceLabels))
      .then(current(function () {
        hideDrawing(plot);
        // Drawn and fitted: what a test, or anything else, may wait for.
        plot.setAttribute("data-drawn", "");
      }));
  }

  // --- one image to assistive technology ----------------------------------------

  // The container is role="img" with a short name and a description. What
  // Plotly draws inside (SVG text of ticks, legend and labels, in drawing
  // order) would otherwise reach a screen reader as a jumble of nested
  // images; the description and the data table say it properly.
  function hideDrawing(plot) {
    Array.prototype.forEach.call(plot.children, function (child) {
      child.setAttribute("aria-hidden", "true");
    });
    Array.prototype.forEach.call(plot.querySelectorAll("svg"), function (svg) {
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
    });
    // Plotly measures text in an off-screen SVG of its own, at the end of
    // the body: to a screen reader, an unnamed image.
    var tester = document.getElementById("js-plotly-tester");
    if (tester) {
      tester.setAttribute("aria-hidden", "true");
    }
  }

  // Plotly draws again on its own (a restyle, a relayout that replots, a
  // redraw for a new scheme or width) and may replace its SVG: hide it
  // after every one. The first draw's event fired before this listener
  // existed, hence the direct call.
  var watched = new WeakSet();
  function watchDrawings(plot) {
    hideDrawing(plot);
    if (watched.has(plot) || typeof plot.on !== "function") {
      return;
    }
    watched.add(plot);
    plot.on("plotly_afterplot", function () {
      hideDrawing(plot);
    });
  }

  // --- colours: each mark's, and text that reads on it --------------------------

  var TEXT_CONTRAST = 4.5; // WCAG 1.4.3, for text under 18.66 px bold

  // [r, g, b] (0-255) of "#rgb", "#rrggbb", "rgb(r, g, b)"; null otherwise.
  function channels(colour) {
    var text = String(colour).trim().toLowerCase();
    var hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text);
    if (hex) {
      var digits = hex[1].length === 3 ? hex[1].replace(/(.)/g, "$1$1") : hex[1];
      return [0, 2, 4].map(function (i) {
        return parseInt(digits.slice(i, i + 2), 16);
      });
    }
    var rgb = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)\s*(?:[,/]\s*1\s*)?\)$/.exec(text);
    return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
  }

  // WCAG 2 relative luminance and contrast ratio.
  function luminance(rgb) {
    var linear = rgb.map(function (value) {
      var c = value / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  }

  function contrast(a, b) {
    var high = Math.max(luminance(a), luminance(b));
    var low = Math.min(luminance(a), luminance(b));
    return (high + 0.05) / (low + 0.05);
  }

  // The colour for text drawn on a mark of colour `mark`: the scheme's text
  // or surface colour, whichever reads better; black or white where neither
  // reaches 4.5:1. Plotly's own choice (#444 or white) fell short on the
  // dark scheme's light marks. Null (Plotly decides) for a colour we cannot
  // read.
  function textOn(mark, scheme) {
    var background = channels(mark);
    if (!background) {
      return null;
    }
    var best = null;
    var bestRatio = 0;
    [scheme.text, scheme.surface, "#000000", "#ffffff"].forEach(function (candidate, i) {
      var rgb = channels(candidate);
      var ratio = rgb ? contrast(rgb, background) : 0;
      // The scheme's own colours first; black or white only if they fail.
      if (ratio > bestRatio && (i < 2 || bestRatio < TEXT_CONTRAST)) {
        best = candidate;
        bestRatio = ratio;
      }
    });
    return best;
  }

  // Every trace gets its colour from the scheme, in order (a pie: each
  // slice), and each text drawn on a mark the colour that reads on it.
  // Text beside a mark sits on the page, in the scheme's text colour.
  function paint(data, scheme) {
    var colours = scheme.colours;
    var onPage = { color: scheme.text };
    data.forEach(function (trace, index) {
      if (trace.type === "pie") {
        var slices = (trace.labels || []).map(function (_, k) {
          return colours[k % colours.length];
        });
        trace.marker = Object.assign({}, trace.marker, { colors: slices });
        trace.insidetextfont = {
          color: slices.map(function (colour) {
            return textOn(colour, scheme) || scheme.text;
          })
        };
        trace.outsidetextfont = onPage;
        return;
      }
      var colour = colours[index % colours.length];
      var marker = Object.assign({}, trace.marker, { color: colour });
      var inside = textOn(colour, scheme);
      if (trace.type === "bar") {
        if (marker.pattern) {
          // The pattern's lines read on the bar as its text would; a solid
          // edge keeps the bar's outline at full strength.
          marker.pattern = Object.assign({}, marker.pattern, {
            bgcolor: colour,
            fgcolor: inside || scheme.surface
          });
          marker.line = { color: colour, width: 1 };
        }
        if (inside) {
          trace.insidetextfont = { color: inside };
        }
        trace.outsidetextfont = onPage;
      } else {
        trace.line = Object.assign({}, trace.line, { color: colour });
      }
      trace.marker = marker;
    });
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

  // --- slice labels: whole, beside their slice, or left to the legend ------------

  var EDGE = 0.5; // px of sub-pixel rounding

  // A pie's labels go inside their slices where they fit at full size, else
  // beside them (the figure asks for "auto"), and a pie whose every slice
  // is labelled needs no legend. On a narrow screen the labels beside the
  // pie may not fit: cut off at the chart's edge, or over each other. Then
  // only the labels that fit inside their slice at the chart's text size
  // stay, and the legend names every slice (the hover, the description and
  // the data table give every value).
  function fitSliceLabels(plot) {
    var trace = plot.data[0];
    if (!trace || trace.type !== "pie" || trace.textposition !== "auto") {
      return null;
    }
    var svg = plot.querySelector(".main-svg").getBoundingClientRect();
    var boxes = Array.prototype.map.call(plot.querySelectorAll("text.slicetext"), function (text) {
      return text.getBoundingClientRect();
    });
    var fits = boxes.every(function (box, i) {
      var inside = box.left >= svg.left - EDGE && box.right <= svg.right + EDGE &&
        box.top >= svg.top - EDGE && box.bottom <= svg.bottom + EDGE;
      return inside && boxes.slice(i + 1).every(function (other) {
        return !meet(box, other);
      });
    });
    if (fits) {
      return null;
    }
    // "values", unchanged, makes Plotly compute the pie afresh: a restyle
    // of textposition alone reuses the label positions of the last draw,
    // and plotly.js then fails drawing leader lines that no longer exist.
    return window.Plotly.update(
      plot,
      { textposition: "inside", values: [trace.values] },
      { showlegend: true, uniformtext: { mode: "hide", minsize: plot._fullLayout.font.size } }
    );
  }

  function meet(a, b) {
    return a.left < b.right - EDGE && b.left < a.right - EDGE &&
      a.top < b.bottom - EDGE && b.top < a.bottom - EDGE;
  }

  // --- drawing every chart -------------------------------------------------------

  var drawn = [];
  var RESIZE_SETTLE_MS = 150;
  var resizing = 0;

  // The scheme and the template made from it, for one round of drawing.
  function currentLook() {
    var scheme = currentScheme();
    return { scheme: scheme, template: siteTemplate(scheme) };
  }

  function drawAll() {
    var look = currentLook();
    Array.prototype.forEach.call(plots, function (plot) {
      drawn.push({ plot: plot, width: plot.clientWidth });
      draw(plot, look);
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
    var look = currentLook();
    drawn.forEach(function (entry) {
      var width = entry.plot.clientWidth;
      if (!widthOnly) {
        draw(entry.plot, look);
      } else if (width !== entry.width) {
        // Plotly.react keeps the old size: resize first, then draw afresh.
        entry.width = width;
        window.Plotly.Plots.resize(entry.plot).then(function () {
          return draw(entry.plot, look);
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
