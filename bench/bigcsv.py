"""The big-CSV measure: one aggregated chart of a five-million-row export.

The export is bench/bigexport.py's (GA4-shaped, about 400 MB, written once
and cached under bench/work/bigcsv/). The chart is its BLOCK: a year of
revenue per day, stacked by channel, ``aggregate: sum``, so the plugin
reads the file through the engine (plugins/charts/bigcsv.py).

Each run is a child process that imports the chart plugin and draws the
block through ChartPipeline.render_block with no cache, as a cold build
draws it: hashing the file for the cache key, the engine's work, and the
figure, description and HTML. The child reports the time render_block
took (Polars' import included: only this chart pays for it) and the CPU
time of all its threads meanwhile; the whole process's CPU time and peak
RSS come from os.wait4. Budgets: ≤ 5 s (median of the runs) and
≤ 1.5 GB peak RSS.

    python -m bench.bigcsv [--rows 5000000] [--runs 3]
    python -m bench.bigcsv --crossover [--runs 3]   # the threshold's default
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bigexport  # noqa: E402

QUICK_ROWS = 150_000  # about 12 MB: above the engine threshold
POST = "posts/big-export.md"


def content_for(export: Path, work: Path) -> Path:
    """A content folder holding the export at data/ga4-export.csv (a hard
    link where the file system allows, else a copy)."""
    content = work / "bigcsv-content"
    target = content / "data" / "ga4-export.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists() and target.stat().st_size == export.stat().st_size:
        return content
    target.unlink(missing_ok=True)
    try:
        os.link(export, target)
    except OSError:
        shutil.copyfile(export, target)
    return content


def child(content: Path, threshold: int | None = None) -> None:
    """Draw the block once, in this process, and print what it took
    (``threshold``: CHARTS_ENGINE_THRESHOLD, if not the default)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from charts.pipeline import ChartPipeline
    from charts.settings import DEFAULTS, ChartSettings

    settings = dict(DEFAULTS, PATH=str(content), CHARTS_CACHE=False, TYPOGRIFY=True)
    if threshold is not None:
        settings.update(CHARTS_ENGINE_THRESHOLD=threshold, CHARTS_MAX_CSV_BYTES=1 << 40)
    pipeline = ChartPipeline()
    pipeline.configure(ChartSettings.from_pelican(settings), settings)
    started, cpu = time.perf_counter(), time.process_time()
    chart = pipeline.render_block(
        bigexport.BLOCK, 2, True, str(content / POST), f"content/{POST}"
    )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu  # every thread's
    if not chart.plotted or "chart-error" in chart.html:
        raise SystemExit(f"the big chart did not draw:\n{chart.html[:2000]}")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "chart_cpu_seconds": cpu,
                "engine": "polars" in sys.modules,
                "html_bytes": len(chart.html),
            }
        )
    )


def run_child(content: Path, threshold: int | None = None) -> dict:
    command = [sys.executable, "-m", "bench.bigcsv", "--child", str(content)]
    if threshold is not None:
        command += ["--threshold", str(threshold)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.stdout.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"the big-CSV chart failed: {output.decode()[-2000:]}")
    found = json.loads(output)
    found.update(
        process_seconds=time.perf_counter() - start,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        rss_mb=usage.ru_maxrss / 1024,
    )
    return found


def measure(*, rows: int, runs: int, work: Path, log=print) -> dict:
    """Write (or reuse) the export and draw its chart ``runs`` times."""
    export = bigexport.export(rows)
    content = content_for(export, work)
    load_before = [round(x, 2) for x in os.getloadavg()]
    found = []
    for run in range(runs):
        found.append(run_child(content))
        log(
            f"big CSV, run {run + 1}: {found[-1]['seconds']:.2f} s, "
            f"{found[-1]['rss_mb']:.0f} MB"
        )
    return {
        "rows": rows,
        "bytes": export.stat().st_size,
        "engine": all(r["engine"] for r in found),
        "seconds": [round(r["seconds"], 3) for r in found],
        "median_s": round(statistics.median(r["seconds"] for r in found), 3),
        "median_process_s": round(
            statistics.median(r["process_seconds"] for r in found), 3
        ),
        "median_cpu_s": round(statistics.median(r["cpu_seconds"] for r in found), 3),
        "median_chart_cpu_s": round(
            statistics.median(r["chart_cpu_seconds"] for r in found), 3
        ),
        "max_rss_mb": round(max(r["rss_mb"] for r in found), 1),
        "load": {
            "before": load_before,
            "after": [round(x, 2) for x in os.getloadavg()],
        },
    }


CROSSOVER_ROWS = (10_000, 25_000, 50_000, 100_000, 200_000)


def crossover(*, runs: int, work: Path, log=print) -> list[dict]:
    """Where the engine starts to pay: the same chart of exports of growing
    size, drawn through the Python reader and through the engine, each in a
    fresh process (Polars' import counted). CHARTS_ENGINE_THRESHOLD's
    default comes from this."""
    found = []
    for rows in CROSSOVER_ROWS:
        export = bigexport.export(rows)
        content = content_for(export, work / f"crossover-{rows}")
        times: dict[str, list[dict]] = {"python": [], "engine": []}
        for run in range(runs):
            order = ("python", "engine") if run % 2 == 0 else ("engine", "python")
            for path in order:
                threshold = 0 if path == "engine" else 1 << 40
                times[path].append(run_child(content, threshold))
        row = {"rows": rows, "bytes": export.stat().st_size}
        for path, runs_ in times.items():
            row[f"{path}_s"] = round(statistics.median(r["seconds"] for r in runs_), 3)
            row[f"{path}_cpu_s"] = round(
                statistics.median(r["chart_cpu_seconds"] for r in runs_), 3
            )
            row[f"{path}_rss_mb"] = round(max(r["rss_mb"] for r in runs_))
        size = row["bytes"] / 1e6
        log(
            f"{rows:,} rows ({size:.1f} MB): Python {row['python_s']:.2f} s "
            f"(CPU {row['python_cpu_s']:.2f} s, {row['python_rss_mb']} MB), engine "
            f"{row['engine_s']:.2f} s (CPU {row['engine_cpu_s']:.2f} s, "
            f"{row['engine_rss_mb']} MB)"
        )
        found.append(row)
    return found


def budget_values(results: dict) -> dict:
    big = results.get("big_csv")
    if not big:
        return {}
    return {"big_csv_seconds": big["median_s"], "big_csv_rss": big["max_rss_mb"]}


def report_lines(big: dict | None) -> list[str]:
    """The big-CSV table of bench/results.md."""
    if not big:
        return []
    runs = ", ".join(f"{s:.2f}" for s in big["seconds"])
    path = "engine (Polars)" if big["engine"] else "Python reader"
    return [
        "",
        "| Big CSV chart (aggregate: sum) | Rows | File | Chart, median (runs) "
        "| Chart CPU | Whole process, CPU | Peak RSS | Read by |",
        "|---|---|---|---|---|---|---|---|",
        f"| GA4-shaped export, revenue per day and channel | {big['rows']:,} "
        f"| {big['bytes'] / 1e6:,.0f} MB | {big['median_s']:.2f} s ({runs}) "
        f"| {big['median_chart_cpu_s']:.2f} s "
        f"| {big['median_process_s']:.2f} s, {big['median_cpu_s']:.2f} s "
        f"| {big['max_rss_mb']:,.0f} MB | {path} |",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=bigexport.DEFAULT_ROWS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    parser.add_argument(
        "--crossover",
        action="store_true",
        help="time the Python reader against the engine on growing exports",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--threshold", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.threshold)
        return
    if args.crossover:
        print(json.dumps(crossover(runs=args.runs, work=args.work), indent=1))
        return
    print(json.dumps(measure(rows=args.rows, runs=args.runs, work=args.work), indent=1))


if __name__ == "__main__":
    main()
