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

  function figureFor(plot) {
    var source = document.getElementById(plot.getAttribute("data-chart"));
    return JSON.parse(source.textContent);
  }

  function draw(plot, figure, template) {
    var layout = Object.assign({}, figure.layout, { template: template });
    return window.Plotly.react(plot, figure.data, layout, {
      displayModeBar: false,
      responsive: true
    });
  }

  var figures = [];

  function drawAll() {
    var template = siteTemplate();
    Array.prototype.forEach.call(plots, function (plot) {
      var figure = figureFor(plot);
      figures.push([plot, figure]);
      draw(plot, figure, template);
    });
    var scheme = window.matchMedia("(prefers-color-scheme: dark)");
    if (scheme.addEventListener) {
      scheme.addEventListener("change", function () {
        var current = siteTemplate();
        figures.forEach(function (pair) {
          draw(pair[0], pair[1], current);
        });
      });
    }
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
