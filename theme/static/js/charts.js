/*
 * Draws every chart on the page.
 *
 * Each chart's figure sits in a <script type="application/json"> next to its
 * plot container (no inline script, so pages run under a strict CSP). The
 * site's look is ONE Plotly template, built here from the theme's CSS custom
 * properties and applied to every chart, rather than a copy inside each
 * figure. When the colour scheme changes, charts are redrawn with the
 * matching template.
 */
(function () {
  "use strict";

  var plots = document.querySelectorAll(".chart__plot[data-chart]");
  if (!plots.length) {
    return;
  }
  if (!window.Plotly) {
    throw new Error("charts.js: plotly.js did not load before charts.js");
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
  var template = siteTemplate();
  Array.prototype.forEach.call(plots, function (plot) {
    var figure = figureFor(plot);
    figures.push([plot, figure]);
    draw(plot, figure, template);
  });

  var scheme = window.matchMedia("(prefers-color-scheme: dark)");
  var redraw = function () {
    var current = siteTemplate();
    figures.forEach(function (pair) {
      draw(pair[0], pair[1], current);
    });
  };
  if (scheme.addEventListener) {
    scheme.addEventListener("change", redraw);
  }
})();
