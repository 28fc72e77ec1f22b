"""Per-chart build cost: our pipeline against a naive Plotly embed.

Ours is what a build pays for one chart it has not cached: parse the block,
check the path, read and hash the CSV, aggregate, build the figure with
plotly.graph_objects, write the description and HTML. The naive embed is
what a plugin written the obvious way pays: pandas.read_csv, plotly.express,
then to_html(include_plotlyjs="cdn").

measure() times one 10-row bar chart many times; measure_corpus() times
every chart of a benchmark corpus (bench/corpus.py), each against the naive
embed of the same chart. `invoke bench` reports both.

    python -m bench.chart_cost [--rows 10] [--repeats 300]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

BLOCK = """\
data: /data/campaign.csv
type: bar
x: channel
y: clicks
title: Clicks by channel
caption: One week of a campaign.
source: Campaign export"""


def write_csv(folder: Path, rows: int) -> Path:
    path = folder / "data" / "campaign.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["channel,clicks"] + [
        f"Channel {i},{(i * 7919) % 1000 + 10}" for i in range(rows)
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def timed(function, repeats: int, warmup: int) -> list[float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def ours(content: Path):
    from charts.cache import RenderCache
    from charts.pipeline import ChartPipeline
    from charts.settings import DEFAULTS, ChartSettings

    pelican_settings = {
        **DEFAULTS,
        "PATH": str(content),
        "CACHE_PATH": str(content / "cache"),
        "TYPOGRIFY": True,
    }
    pipeline = ChartPipeline()
    pipeline.configure(ChartSettings.from_pelican(pelican_settings), pelican_settings)
    post = str(content / "posts" / "post.md")

    def render_one():
        pipeline.cache = RenderCache()  # a cache miss every time: the real cost
        chart = pipeline.render_block(BLOCK, 2, True, post, "content/posts/post.md")
        assert chart.plotted, chart.html
        return chart

    return render_one


def naive(csv_path: Path):
    import pandas as pd
    import plotly.express as px

    def render_one():
        frame = pd.read_csv(csv_path)
        figure = px.bar(frame, x="channel", y="clicks", title="Clicks by channel")
        return figure.to_html(include_plotlyjs="cdn", full_html=False)

    return render_one


def measure(rows: int = 10, repeats: int = 300, warmup: int = 30) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        csv_path = write_csv(content, rows)
        (content / "posts").mkdir()
        ours_samples = timed(ours(content), repeats, warmup)
        naive_samples = timed(naive(csv_path), max(repeats // 5, 20), 5)
        our_html = ours(content)().html
        naive_html = naive(csv_path)()
    ours_ms = statistics.median(ours_samples) * 1000
    naive_ms = statistics.median(naive_samples) * 1000
    return {
        "rows": rows,
        "ours_median_ms": round(ours_ms, 3),
        "naive_median_ms": round(naive_ms, 3),
        "speedup": round(naive_ms / ours_ms, 1),
        "ours_html_bytes": len(our_html.encode()),
        "naive_html_bytes": len(naive_html.encode()),
    }


# --- every chart of a corpus --------------------------------------------------------


def _pipeline(content: Path, cache: Path):
    from charts.pipeline import ChartPipeline
    from charts.settings import DEFAULTS, ChartSettings

    pelican_settings = {
        **DEFAULTS,
        "PATH": str(content),
        "CACHE_PATH": str(cache),
        "TYPOGRIFY": True,
    }
    pipeline = ChartPipeline()
    pipeline.configure(ChartSettings.from_pelican(pelican_settings), pelican_settings)
    return pipeline


def corpus_charts(content: Path, manifest) -> list[dict]:
    """Every chart block of the corpus: its post, text, line, spec and CSV."""
    from charts.spec import parse_spec

    from .corpus import chart_blocks

    charts = []
    facts = {}
    for chart in manifest.charts:
        facts.setdefault(chart.post, []).append(chart)
    for post_file, known in facts.items():
        text = (content / post_file).read_text("utf-8")
        for (body, first_line), chart in zip(chart_blocks(text), known, strict=True):
            spec = parse_spec(body, first_line)
            charts.append(
                {
                    "post": post_file,
                    "body": body,
                    "first_line": first_line,
                    "spec": spec,
                    "csv": content / spec.data.lstrip("/"),
                    "type": spec.type,
                    "rows": chart.rows,
                    "big": chart.big,
                }
            )
    return charts


def naive_embed(spec, csv_path: Path) -> str:
    """The same chart the obvious way: pandas, plotly.express, to_html."""
    import pandas as pd
    import plotly.express as px

    frame = pd.read_csv(csv_path)
    ys = list(spec.y)
    for column in ys:
        if frame[column].dtype == object:  # "$1,234.50", "12.5%"
            frame[column] = pd.to_numeric(
                frame[column].astype(str).str.replace(r"[^0-9.eE-]", "", regex=True),
                errors="coerce",
            )
    if spec.aggregate and spec.type != "histogram":
        keys = [spec.x] + ([spec.group] if spec.group else [])
        frame = frame.groupby(keys, sort=False, as_index=False)[ys].agg(spec.aggregate)
    options = {"title": spec.title}
    if spec.type in ("pie", "donut"):
        figure = px.pie(
            frame,
            names=spec.x,
            values=ys[0],
            hole=0.55 if spec.type == "donut" else 0,
            **options,
        )
    elif spec.type == "funnel":
        figure = px.funnel(frame, x=ys[0], y=spec.x, **options)
    elif spec.type == "histogram":
        figure = px.histogram(frame, x=spec.x, nbins=spec.bins, **options)
    else:
        draw = {"bar": px.bar, "line": px.line, "area": px.area, "scatter": px.scatter}
        if spec.group:
            options["color"] = spec.group
        y = ys if len(ys) > 1 else ys[0]
        if spec.type == "bar" and spec.orientation == "h":
            figure = px.bar(frame, x=y, y=spec.x, orientation="h", **options)
        else:
            figure = draw[spec.type](frame, x=spec.x, y=y, **options)
    return figure.to_html(include_plotlyjs="cdn", full_html=False)


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 3)


def _quantile_ms(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 3)


def measure_corpus(
    content: Path, manifest, *, passes: int = 3, naive_passes: int = 1
) -> dict:
    """Per-chart build cost of every corpus chart, ours against naive.

    Ours: the plugin's render_block with an empty cache (parse the block,
    check the path, read and hash the CSV, aggregate, draw), in this process,
    the median of ``passes`` timings per chart after one warm-up pass over a
    few charts. Naive: naive_embed() of the same chart, ``naive_passes``
    timings per chart after the same warm-up.
    """
    from charts.cache import RenderCache

    charts = corpus_charts(content, manifest)
    with tempfile.TemporaryDirectory() as cache:
        pipeline = _pipeline(content, Path(cache))

        def ours_one(chart) -> None:
            pipeline.cache = RenderCache()  # a miss: the whole cost
            rendered = pipeline.render_block(
                chart["body"],
                chart["first_line"],
                True,
                str(content / chart["post"]),
                chart["post"],
            )
            assert rendered.plotted, f"{chart['post']}: {rendered.html[:300]}"

        warm = [c for c in charts if not c["big"]][:5]
        for chart in warm:
            ours_one(chart)
            naive_embed(chart["spec"], chart["csv"])
        for chart in charts:
            chart["ours"] = timed(lambda c=chart: ours_one(c), passes, 0)
            chart["naive"] = timed(
                lambda c=chart: naive_embed(c["spec"], c["csv"]), naive_passes, 0
            )
    ours = [statistics.median(c["ours"]) for c in charts]
    naive = [statistics.median(c["naive"]) for c in charts]
    small = [c for c in charts if not c["big"]]
    by_type: dict[str, dict] = {}
    for kind in sorted({c["type"] for c in charts}):
        of_kind = [c for c in small if c["type"] == kind]
        if of_kind:
            by_type[kind] = {
                "charts": len(of_kind),
                "ours_median_ms": _median_ms(
                    [statistics.median(c["ours"]) for c in of_kind]
                ),
                "naive_median_ms": _median_ms(
                    [statistics.median(c["naive"]) for c in of_kind]
                ),
            }
    return {
        "charts": len(charts),
        "passes": passes,
        "naive_passes": naive_passes,
        "ours_median_ms": _median_ms(ours),
        "ours_p90_ms": _quantile_ms(ours, 0.9),
        "naive_median_ms": _median_ms(naive),
        "speedup": round(statistics.median(naive) / statistics.median(ours), 1),
        "median_per_chart_speedup": round(
            statistics.median(n / o for n, o in zip(naive, ours, strict=True)), 1
        ),
        "small_rows_median": statistics.median(c["rows"] for c in small)
        if small
        else 0,
        "by_type": by_type,
        "big": [
            {
                "post": c["post"],
                "type": c["type"],
                "rows": c["rows"],
                "ours_ms": _median_ms(c["ours"]),
                "naive_ms": _median_ms(c["naive"]),
            }
            for c in charts
            if c["big"]
        ],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=300)
    args = parser.parse_args(argv)
    result = measure(args.rows, args.repeats)
    print(
        f"per-chart build cost, {result['rows']}-row bar chart (median):\n"
        f"  ours   {result['ours_median_ms']:.2f} ms  "
        f"({result['ours_html_bytes']:,} bytes of HTML)\n"
        f"  naive  {result['naive_median_ms']:.2f} ms  "
        f"({result['naive_html_bytes']:,} bytes of HTML, plotly.js from a CDN)\n"
        f"  ours is {result['speedup']}× cheaper"
    )


if __name__ == "__main__":
    main()
