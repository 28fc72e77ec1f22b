"""Budgets, the machine, and the Markdown table of bench/results.md."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from dataclasses import dataclass

from bench import bigcsv, hugo

FULL_SCALE_POSTS = 1000


@dataclass(frozen=True)
class Budget:
    key: str
    measure: str
    limit: float
    unit: str
    at_most: bool = True  # False: the value must be at least the limit
    scale_bound: bool = True  # the budget is stated for the 1,000-post corpus

    def text(self) -> str:
        sign = "≤" if self.at_most else "≥"
        return f"{sign} {fmt(self.limit, self.unit)}"

    def passes(self, value: float | bool | None) -> bool | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return value
        return value <= self.limit if self.at_most else value >= self.limit


BUDGETS = (
    Budget("cold_vs_vanilla", "(a)/(b) cold build ÷ vanilla Pelican, wall", 0.60, "×"),
    Budget(
        "cold_cpu_vs_vanilla", "(a)/(b) cold build ÷ vanilla Pelican, CPU", 1.00, "×"
    ),
    Budget("edit_post_vs_cold", "(c)/(a) one-post rebuild ÷ cold build", 0.10, "×"),
    Budget("edit_csv_vs_cold", "(d)/(a) one-CSV rebuild ÷ cold build", 0.25, "×"),
    Budget(
        "chart_ms_corpus",
        "(e) per-chart build cost, median over the corpus charts",
        3.0,
        "ms",
        scale_bound=False,
    ),
    Budget(
        "chart_speedup_corpus",
        "(e) naive embed ÷ ours, corpus charts (ratio of medians)",
        8.0,
        "×",
        at_most=False,
        scale_bound=False,
    ),
    Budget(
        "chart_ms_10_rows",
        "(e) per-chart build cost, 10-row bar chart (bench.chart_cost)",
        3.0,
        "ms",
        scale_bound=False,
    ),
    Budget(
        "chart_speedup_10_rows",
        "(e) naive embed ÷ ours, 10-row bar chart",
        8.0,
        "×",
        at_most=False,
        scale_bound=False,
    ),
    Budget(
        "no_chart_post_gzip",
        "(f) post without charts: HTML+CSS+JS+fonts, gzip, first visit",
        30 * 1024,
        "B",
        scale_bound=False,
    ),
    Budget(
        "reference_post_gzip",
        "(f) reference post: everything incl. plotly.js, gzip, first visit",
        500 * 1024,
        "B",
        scale_bound=False,
    ),
    Budget(
        "repeat_visit_no_plotly",
        "(f) repeat visit to another chart page: plotly.js served from cache",
        1,
        "bool",
        scale_bound=False,
    ),
    Budget(
        "big_chart_payload",
        "big aggregated charts (≥100,000 rows at full size): largest JSON payload",
        50 * 1024,
        "B",
        scale_bound=False,
    ),
    Budget("cold_peak_rss", "(g) peak RSS of the cold build (max of runs)", 500, "MB"),
    Budget(
        "reload_post_sample",
        "(h) save to reload, edited post, sample site (median of 10)",
        0.3,
        "s",
        scale_bound=False,
    ),
    Budget(
        "reload_csv_sample",
        "(h) save to reload, edited CSV, sample site (median of 10)",
        0.5,
        "s",
        scale_bound=False,
    ),
    Budget(
        "reload_post_corpus",
        "(h) save to reload, edited post, the corpus (median of 10)",
        1.0,
        "s",
    ),
    Budget(
        "reload_csv_corpus",
        "(h) save to reload, edited CSV, the corpus (median of 10)",
        1.0,
        "s",
    ),
    Budget(
        "uv_run_compiles_nothing",
        "(i) `uv run` compiles no bytecode",
        1,
        "bool",
        scale_bound=False,
    ),
    # Big CSVs (bench/bigcsv.py): 5,000,000 rows at full size, 150,000 with
    # --quick, which the "at N posts" mark then flags.
    Budget(
        "big_csv_seconds",
        "big CSV: one aggregated chart of a 5,000,000-row export (--quick: 150,000), "
        "median",
        5.0,
        "s",
    ),
    Budget("big_csv_rss", "big CSV: peak RSS of that chart's process", 1536, "MB"),
)


def fmt(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "bool":
        return "yes" if value else "no"
    if unit == "B":
        return f"{value / 1024:,.1f} KB"
    if unit == "s":
        return f"{value:,.2f} s"
    if unit == "ms":
        return f"{value:,.2f} ms"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "×":
        return f"{value:,.2f}×"
    return f"{value}"


def evaluate(values: dict, posts: int, cpu_values: dict | None = None) -> list[dict]:
    """One row per budget. ``cpu_values``: the same ratios from CPU time,
    shown beside the wall-clock ones (less sensitive to a busy machine);
    budgets are judged on wall-clock time."""
    rows = []
    for budget in BUDGETS:
        value = values.get(budget.key)
        passed = budget.passes(value)
        indicative = budget.scale_bound and posts < FULL_SCALE_POSTS
        shown = fmt(value, budget.unit)
        cpu = (cpu_values or {}).get(budget.key)
        if cpu is not None:
            shown += f" (CPU time: {fmt(cpu, budget.unit)})"
        worst = values.get(budget.key + "_max")
        if worst is not None:
            shown += f" (max {fmt(worst, budget.unit)})"
        rows.append(
            {
                "key": budget.key,
                "measure": budget.measure,
                "value": value,
                "cpu_value": cpu,
                "shown": shown,
                "budget": budget.text() if budget.unit != "bool" else "yes",
                "pass": passed,
                "indicative": indicative,
            }
        )
    return rows


def status(row: dict) -> str:
    if row["pass"] is None:
        return "not measured"
    word = "pass" if row["pass"] else "FAIL"
    return f"{word} (at {row['indicative_posts']} posts)" if row["indicative"] else word


# --- the code measured --------------------------------------------------------------

CODE_PATHS = ("plugins", "theme", "pelicanconf.py", "publishconf.py", "bench/vanilla")


def code_state() -> dict:
    """Which version of the site was measured: the commit, how many files
    differ from it, and a hash of the plugins, theme and settings as they
    are on disk (other people may be editing them while the benchmark runs).
    """
    import hashlib
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in CODE_PATHS:
        path = root / name
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(root).as_posix().encode())
                digest.update(file.read_bytes())

    def git(*args: str) -> str | None:
        try:
            result = subprocess.run(
                ["git", "--no-optional-locks", *args],
                cwd=root,
                capture_output=True,
                text=True,
                check=False,
            )
        except OSError:
            return None
        return result.stdout.strip() if result.returncode == 0 else None

    commit = git("rev-parse", "--short=12", "HEAD")
    status = git("status", "--porcelain", "--", *CODE_PATHS)
    return {
        "commit": commit,
        "uncommitted_files": len(status.splitlines()) if status else 0,
        "fingerprint": digest.hexdigest()[:16],
    }


# --- the machine ------------------------------------------------------------------


def machine() -> dict:
    def cpu_model() -> str:
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as file:
                for line in file:
                    if line.startswith("model name"):
                        return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or platform.machine()

    def ram_gb() -> float | None:
        try:
            with open("/proc/meminfo", encoding="utf-8") as file:
                for line in file:
                    if line.startswith("MemTotal:"):
                        return round(int(line.split()[1]) / 1024 / 1024, 1)
        except OSError:
            pass
        return None

    import pelican

    try:
        import typogrify

        typogrify_version = getattr(typogrify, "__version__", None)
    except ImportError:  # pragma: no cover
        typogrify_version = None
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str | None:
        try:
            return version(name)
        except PackageNotFoundError:
            return None

    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": ram_gb(),
        "os": platform.platform(),
        "python": sys.version.split()[0],
        "pelican": package("pelican") or pelican.__version__,
        "markdown": package("markdown"),
        "typogrify": package("typogrify") or typogrify_version,
        "plotly": package("plotly"),
        # A report, not a build: the clock is fine here.
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
    }


# --- Markdown -------------------------------------------------------------------------


def on_load_text(on_load: dict | None) -> str:
    if not on_load:
        return "—"
    plotly = "plotly.js loaded" if on_load["plotly"] else "no plotly.js"
    return f"{fmt(on_load['gzip'], 'B')}, {on_load['requests']} requests, {plotly}"


def code_line(code: dict | None) -> str:
    if not code:
        return ""
    line = (
        f"Code: commit {code.get('commit') or 'unknown'}, "
        f"{code.get('uncommitted_files', 0)} uncommitted file(s) in plugins/, "
        f"theme/ and settings (fingerprint {code.get('fingerprint')})."
    )
    if code.get("changed_during_run"):
        line += (
            " **Warning: plugins, theme or settings changed during this run; "
            "its numbers mix versions. Run it again.**"
        )
    return line


def markdown(results: dict) -> str:
    m = results["machine"]
    config = results["config"]
    corpus = results["corpus"]
    builds = results["builds"]
    posts = config["posts"]
    lines = [
        "# Benchmark results",
        "",
        f"`invoke bench` — {posts:,} posts ({corpus['charts']} charts, "
        f"{len(corpus['big_charts'])} from CSVs of ≥{corpus['big_rows_min']:,} rows), "
        f"seed {config['seed']}, median of {config['runs']} run(s) each, "
        f"{m['date']}.",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; "
        f"{m['os']}; Python {m['python']}, Pelican {m['pelican']}, "
        f"Markdown {m['markdown']}, typogrify {m['typogrify']}, plotly {m['plotly']}. "
        f"Load average {results['load']['before']} before, "
        f"{results['load']['after']} after.",
        "",
        code_line(results.get("code")),
        "",
        "| Measure | Result | Budget | Status |",
        "|---|---|---|---|",
    ]
    for row in results["budgets"]:
        row = {**row, "indicative_posts": f"{posts:,}"}
        lines.append(
            f"| {row['measure']} | {row['shown']} | {row['budget']} | {status(row)} |"
        )
    lines += [
        "",
        "| Build | Wall, median (runs) | CPU, median | Peak RSS, max | Pages |",
        "|---|---|---|---|---|",
    ]
    names = {
        "cold": "(a) this site, cold (no caches)",
        "vanilla": "(b) vanilla Pelican 4.12, notmyidea, no plugins",
        "edit_post": "(c) rebuild after editing one post, caches warm",
        "edit_csv": "(d) rebuild after editing one CSV, caches warm",
    }
    for key, name in names.items():
        b = builds[key]
        runs = ", ".join(f"{s:.2f}" for s in b["seconds"])
        lines.append(
            f"| {name} | {b['median_s']:.2f} s ({runs}) | {b['median_cpu_s']:.2f} s "
            f"| {b['max_rss_mb']:.0f} MB | {b.get('html_pages', '—')} |"
        )
    lines += hugo.report_row(results.get("hugo"), builds.get("vanilla"))
    charts = results["chart_cost"]
    corpus_cost = charts["corpus"]
    ten = charts["ten_rows"]
    lines += [
        "",
        "| Per-chart build cost (e) | Ours, median | Naive, median | Naive ÷ ours |",
        "|---|---|---|---|",
        f"| 10-row bar chart ({ten['repeats']} timings) "
        f"| {ten['ours_median_ms']:.2f} ms | {ten['naive_median_ms']:.2f} ms "
        f"| {ten['speedup']:.1f}× |",
        f"| {corpus_cost['charts']} corpus charts (median rows "
        f"{corpus_cost['small_rows_median']:,.0f}) "
        f"| {corpus_cost['ours_median_ms']:.2f} ms "
        f"| {corpus_cost['naive_median_ms']:.2f} ms | {corpus_cost['speedup']:.1f}× |",
    ]
    for kind, t in corpus_cost["by_type"].items():
        lines.append(
            f"| — {kind} ({t['charts']}) | {t['ours_median_ms']:.2f} ms "
            f"| {t['naive_median_ms']:.2f} ms | "
            f"{t['naive_median_ms'] / max(t['ours_median_ms'], 1e-9):.1f}× |"
        )
    for big in corpus_cost["big"]:
        lines.append(
            f"| — {big['type']}, {big['rows']:,} rows, aggregate | "
            f"{big['ours_ms']:.1f} ms | {big['naive_ms']:.1f} ms | "
            f"{big['naive_ms'] / max(big['ours_ms'], 1e-9):.1f}× |"
        )
    lines += bigcsv.report_lines(results.get("big_csv"))
    weight = results["page_weight"]
    lines += [
        "",
        "| Page weight (f), gzip -9 (raw) | First visit, read to the end "
        "| HTML+CSS+JS+fonts | plotly.js | On load, before scrolling "
        "| Repeat visit: transferred |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in (
        ("reference", "reference post (3 charts)"),
        ("no_chart", "post without charts"),
        ("home", "home page"),
    ):
        page = weight[key]
        first = page["first_visit"]
        again = page["repeat_visit"]
        plotly = first["plotly"]
        plotly_text = (
            f"{fmt(plotly['gzip'], 'B')} ({fmt(plotly['raw'], 'B')})" if plotly else "—"
        )
        reused = (
            "plotly.js from cache"
            if again["plotly_from_cache"]
            else ("plotly.js transferred" if again["plotly_transferred"] else "")
        )
        lines.append(
            f"| {label} | {fmt(first['gzip'], 'B')} ({fmt(first['raw'], 'B')}), "
            f"{first['requests']} requests "
            f"| {fmt(first['html_css_js_fonts_gzip'], 'B')} "
            f"| {plotly_text} | {on_load_text(first.get('on_load'))} "
            f"| {fmt(again['transferred_gzip'], 'B')} "
            f"({len(again['transferred'])} file(s)){'; ' + reused if reused else ''} |"
        )
    lines += [
        "",
        "| Big chart payloads | Rows | JSON (gzip) | Whole figure (gzip) |",
        "|---|---|---|---|",
    ]
    for big in results["big_charts"]:
        lines.append(
            f"| {big['post']} ({big['type']}, aggregate) | {big['rows']:,} "
            f"| {fmt(big['json_raw'], 'B')} ({fmt(big['json_gzip'], 'B')}) "
            f"| {fmt(big['figure_raw'], 'B')} ({fmt(big['figure_gzip'], 'B')}) |"
        )
    lines += [
        "",
        "Timings are wall-clock medians; one build is one `python -m pelican` "
        "child process, its peak RSS and CPU time (user + system) from `wait4`. "
        "Budgets are judged on wall-clock time; the CPU-time ratios beside them "
        "are less disturbed by other load on the machine. "
        + (
            "Budgets marked *at N posts* are stated for 1,000 posts."
            if posts < FULL_SCALE_POSTS
            else ""
        ),
        "",
    ]
    return "\n".join(line.rstrip() for line in lines)


def main(argv: list[str] | None = None) -> None:
    """Rewrite results.md from a results.json: python -m bench.report FILE"""
    import argparse
    import json
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("results", type=Path, nargs="?")
    args = parser.parse_args(argv)
    source = args.results or Path(__file__).resolve().parent / "results.json"
    table = markdown(json.loads(source.read_text("utf-8")))
    source.with_suffix(".md").write_text(table, "utf-8")
    print(table)


if __name__ == "__main__":
    main()
