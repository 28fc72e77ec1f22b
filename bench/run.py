"""`invoke bench`: what this site costs to build, and what it costs to read.

    python -m bench.run [--posts 1000] [--runs 3] [--seed S] [--quick]

1. Writes the corpus (bench/corpus.py) under the work folder.
2. Runs, alternating, R rounds of: (a) a cold build of this site (empty
   output and cache folders, pelicanconf.py), (b) vanilla Pelican on the same
   posts without chart blocks (bench/vanilla/pelicanconf.py); then, caches
   warm from (a): (c) append a sentence to one post and rebuild, (d) change
   a value in one CSV and rebuild, each checked in the rebuilt page. Every
   build is a child process: wall time, CPU time and peak RSS are its own.
   Odd rounds run (b) before (a), so neither always goes first.
3. (e) times the chart pipeline per chart against a naive plotly.express
   embed (bench/chart_cost.py), (f) loads the reference post, a post without
   charts and the home page in Chromium (bench/pageweight.py), and reads the
   JSON payload of the big aggregated charts from their pages.
4. Writes results.json and results.md (the table it prints) to bench/
   (with --quick, to bench/work/quick/).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT / "plugins"))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (  # noqa: E402
    bigcsv,
    bigexport,
    builds,
    chart_cost,
    corpus,
    hugo,
    pageweight,
    report,
    save_to_reload,
    uv_run,
)

QUICK_POSTS = 20
CHART_JSON = re.compile(
    r'<script type="application/json" id="(?P<id>[^"]+)-data">(?P<json>.*?)</script>',
    re.DOTALL,
)
FIGURE = re.compile(r'<figure class="chart\b.*?</figure>', re.DOTALL)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def summary(runs: list[builds.Build]) -> dict:
    return {
        "seconds": [round(b.seconds, 3) for b in runs],
        "cpu_seconds": [round(b.cpu_seconds, 3) for b in runs],
        "rss_mb": [round(b.max_rss_mb, 1) for b in runs],
        "median_s": round(statistics.median(b.seconds for b in runs), 3),
        "median_cpu_s": round(statistics.median(b.cpu_seconds for b in runs), 3),
        "max_rss_mb": round(max(b.max_rss_mb for b in runs), 1),
        "articles": runs[0].articles,
    }


def edit_candidates(manifest: corpus.Manifest) -> tuple[list, list]:
    """Posts (without charts, away from the newest) and editable charts."""
    plain = [p for p in manifest.posts if not p.charts and not p.reference]
    middle = len(plain) // 2
    posts = plain[middle:] + plain[:middle]
    charts = [c for c in manifest.charts if c.editable]
    if not posts or not charts:
        raise RuntimeError("the corpus has no post or CSV for the edit measures")
    return posts, charts


def run_rounds(paths: dict, manifest: corpus.Manifest, runs: int, seed: int) -> dict:
    site_content = paths["corpus"] / "site"
    vanilla_content = paths["corpus"] / "vanilla"
    out, cache = paths["work"] / "site-output", paths["work"] / "site-cache"
    vanilla_out = paths["work"] / "vanilla-output"
    logs = paths["work"] / "logs"
    save_as = builds.site_settings()["ARTICLE_SAVE_AS"]
    post_candidates, csv_candidates = edit_candidates(manifest)
    done: dict[str, list[builds.Build]] = {
        "cold": [],
        "vanilla": [],
        "edit_post": [],
        "edit_csv": [],
    }
    edited: dict[str, list[str]] = {"edit_post": [], "edit_csv": []}

    def cold(r: int) -> None:
        builds.empty(out, cache)
        command = builds.site_command(site_content, out, cache)
        done["cold"].append(builds.run_build("cold", command, logs / f"cold-{r}.log"))
        log(f"round {r + 1}: (a) cold build {done['cold'][-1].seconds:.2f} s")

    def vanilla(r: int) -> None:
        builds.empty(vanilla_out)
        command = builds.vanilla_command(vanilla_content, vanilla_out)
        build = builds.run_build("vanilla", command, logs / f"vanilla-{r}.log")
        done["vanilla"].append(build)
        log(f"round {r + 1}: (b) vanilla build {build.seconds:.2f} s")

    for r in range(runs):
        for step in (cold, vanilla) if r % 2 == 0 else (vanilla, cold):
            step(r)
        if r == 0:
            broken = builds.chart_errors(out)
            if broken:
                raise builds.BuildError(f"corpus charts failed to draw in: {broken}")
        command = builds.site_command(site_content, out, cache)
        # (c): one post gains a sentence.
        post = post_candidates[r % len(post_candidates)]
        token = f"benchedit{seed}r{r}"
        edit = builds.edit_post(site_content, post, token)
        try:
            build = builds.run_build("edit_post", command, logs / f"edit-post-{r}.log")
            builds.verify_edit(out, edit, save_as)
        finally:
            edit.restore()
        done["edit_post"].append(build)
        edited["edit_post"].append(post.file)
        log(f"round {r + 1}: (c) one-post rebuild {build.seconds:.2f} s ({post.file})")
        # (d): one CSV value changes.
        chart = csv_candidates[r % len(csv_candidates)]
        value = 8_675_309 + 1_000 * r
        edit = builds.edit_csv(
            site_content, chart.csv, chart.y, value, manifest.post(chart.post)
        )
        try:
            build = builds.run_build("edit_csv", command, logs / f"edit-csv-{r}.log")
            builds.verify_edit(out, edit, save_as)
        finally:
            edit.restore()
        done["edit_csv"].append(build)
        edited["edit_csv"].append(chart.csv)
        log(f"round {r + 1}: (d) one-CSV rebuild {build.seconds:.2f} s ({chart.csv})")

    results = {key: summary(value) for key, value in done.items()}
    results["cold"]["html_pages"] = builds.count_html(out)
    results["vanilla"]["html_pages"] = builds.count_html(vanilla_out)
    for key, files in edited.items():
        results[key]["edited"] = files
        results[key]["verified"] = True
    return results


def big_chart_payloads(out: Path, manifest: corpus.Manifest, save_as: str) -> list:
    found = []
    for chart in manifest.charts:
        if not chart.big:
            continue
        page = builds.output_file(out, manifest.post(chart.post), save_as)
        html = page.read_text("utf-8")
        payload = CHART_JSON.search(html)
        figure = FIGURE.search(html)
        if payload is None or figure is None:
            raise builds.BuildError(f"no chart payload in {page}")
        data, whole = payload["json"].encode(), figure.group(0).encode()
        found.append(
            {
                "post": chart.post,
                "type": chart.type,
                "rows": chart.rows,
                "points": _points(payload["json"]),
                "json_raw": len(data),
                "json_gzip": len(gzip.compress(data, 9, mtime=0)),
                "figure_raw": len(whole),
                "figure_gzip": len(gzip.compress(whole, 9, mtime=0)),
            }
        )
    return found


def _points(text: str) -> int:
    figure = json.loads(text)
    return sum(
        len(trace.get("x") or trace.get("values") or []) for trace in figure["data"]
    )


def page_weight(out: Path, manifest: corpus.Manifest, save_as: str) -> dict:
    plain = [p for p in manifest.posts if not p.charts and not p.reference]
    no_chart = plain[len(plain) // 2]
    warm = next(
        c
        for c in manifest.charts
        if not c.big and not c.post.endswith(corpus.REFERENCE_POST)
    )

    def url(post) -> str:
        return builds.page_url(out, builds.output_file(out, post, save_as))

    pages = {
        "reference": url(manifest.reference),
        "no_chart": url(no_chart),
        "home": "/",
    }
    return pageweight.measure(out, pages, url(manifest.post(warm.post)))


def corpus_facts(manifest: corpus.Manifest, big_rows: int) -> dict:
    small = [c for c in manifest.charts if not c.big]
    big = [c for c in manifest.charts if c.big]
    types: dict[str, int] = {}
    for chart in manifest.charts:
        types[chart.type] = types.get(chart.type, 0) + 1
    words = [p.words for p in manifest.posts if not p.reference]
    return {
        "posts": len(manifest.posts),
        "posts_with_charts": sum(1 for p in manifest.posts if p.charts),
        "charts": len(manifest.charts),
        "chart_types": dict(sorted(types.items())),
        "words_median": statistics.median(words) if words else 0,
        "small_csv_rows": [min(c.rows for c in small), max(c.rows for c in small)]
        if small
        else [],
        "big_charts": [{"post": c.post, "type": c.type, "rows": c.rows} for c in big],
        "big_rows_min": min((c.rows for c in big), default=big_rows),
        "reference_post": manifest.reference.file,
    }


def cpu_ratios(b: dict) -> dict:
    cold = b["cold"]["median_cpu_s"]
    return {
        "edit_post_vs_cold": round(b["edit_post"]["median_cpu_s"] / cold, 3),
        "edit_csv_vs_cold": round(b["edit_csv"]["median_cpu_s"] / cold, 3),
    }


def budget_values(results: dict) -> dict:
    b = results["builds"]
    cold = b["cold"]["median_s"]
    corpus_cost = results["chart_cost"]["corpus"]
    ten = results["chart_cost"]["ten_rows"]
    weight = results["page_weight"]
    repeat = weight["reference"]["repeat_visit"]
    reload = results["save_to_reload"]
    return {
        "cold_vs_vanilla": round(cold / b["vanilla"]["median_s"], 3),
        "cold_cpu_vs_vanilla": round(
            b["cold"]["median_cpu_s"] / b["vanilla"]["median_cpu_s"], 3
        ),
        "edit_post_vs_cold": round(b["edit_post"]["median_s"] / cold, 3),
        "edit_csv_vs_cold": round(b["edit_csv"]["median_s"] / cold, 3),
        "chart_ms_corpus": corpus_cost["ours_median_ms"],
        "chart_speedup_corpus": corpus_cost["speedup"],
        "chart_ms_10_rows": ten["ours_median_ms"],
        "chart_speedup_10_rows": ten["speedup"],
        "no_chart_post_gzip": weight["no_chart"]["first_visit"][
            "html_css_js_fonts_gzip"
        ],
        "reference_post_gzip": weight["reference"]["first_visit"]["gzip"],
        "repeat_visit_no_plotly": bool(
            repeat["plotly_loaded"]
            and repeat["plotly_from_cache"]
            and not repeat["plotly_transferred"]
        ),
        "big_chart_payload": max(
            (c["json_raw"] for c in results["big_charts"]), default=None
        ),
        "cold_peak_rss": b["cold"]["max_rss_mb"],
        **{
            f"reload_{kind}_{site}{suffix}": reload[site][kind][field]
            for site in ("sample", "corpus")
            for kind in ("post", "csv")
            for suffix, field in (("", "median_s"), ("_max", "max_s"))
        },
        "uv_run_compiles_nothing": results["uv_run"]["compiles_nothing"],
        **bigcsv.budget_values(results),
    }


def run(
    *,
    posts: int,
    runs: int,
    seed: int,
    quick: bool,
    work: Path,
    out_dir: Path,
) -> dict:
    load_before = [round(x, 2) for x in os.getloadavg()]
    code_before = report.code_state()
    started = time.perf_counter()
    big_rows = corpus.QUICK_BIG_ROWS if quick else corpus.BIG_ROWS
    paths = {"work": work, "corpus": work / "corpus"}
    log(f"writing a {posts}-post corpus (seed {seed}) under {paths['corpus']}")
    manifest = corpus.write_corpus(
        paths["corpus"], posts=posts, seed=seed, big_rows=big_rows
    )
    save_as = builds.site_settings()["ARTICLE_SAVE_AS"]
    results: dict = {
        "machine": report.machine(),
        "code": code_before,
        "config": {
            "posts": posts,
            "runs": runs,
            "seed": seed,
            "quick": quick,
            "big_rows": big_rows,
            "work": str(work),
        },
        "corpus": corpus_facts(manifest, big_rows),
    }
    results["builds"] = run_rounds(paths, manifest, runs, seed)
    out = work / "site-output"
    # Big CSVs and the Hugo reference (bench/bigcsv.py, bench/hugo.py).
    log("Hugo on the same posts (a reference row)")
    results["hugo"] = hugo.measure(paths["corpus"] / "vanilla", work, runs, log=log)
    big_csv_rows = bigcsv.QUICK_ROWS if quick else bigexport.DEFAULT_ROWS
    log(f"big CSV: one aggregated chart of {big_csv_rows:,} rows")
    results["big_csv"] = bigcsv.measure(
        rows=big_csv_rows, runs=runs, work=work, log=log
    )

    edits = 3 if quick else save_to_reload.EDITS
    log(f"(h) save to reload, {edits} saves of each kind: the sample site")
    live = work / "live"
    results["save_to_reload"] = {"sample": save_to_reload.sample_site(live, edits)}
    log("(h) save to reload: the corpus")
    posts_to_edit, charts_to_edit = edit_candidates(manifest)
    results["save_to_reload"]["corpus"] = save_to_reload.corpus_site(
        paths["corpus"] / "site",
        live,
        posts_to_edit[0],
        charts_to_edit[0],
        manifest,
        edits,
    )
    log("(i) uv run and bytecode")
    results["uv_run"] = uv_run.measure()

    log("(e) per-chart build cost")
    repeats = 60 if quick else 300
    ten = chart_cost.measure(rows=10, repeats=repeats, warmup=10 if quick else 30)
    ten["repeats"] = repeats
    results["chart_cost"] = {
        "ten_rows": ten,
        "corpus": chart_cost.measure_corpus(
            paths["corpus"] / "site", manifest, passes=1 if quick else runs
        ),
    }
    log("big chart payloads")
    results["big_charts"] = big_chart_payloads(out, manifest, save_as)
    log("(f) page weight in Chromium")
    results["page_weight"] = page_weight(out, manifest, save_as)
    code_after = report.code_state()
    results["code"]["changed_during_run"] = (
        code_after["fingerprint"] != code_before["fingerprint"]
    )
    if results["code"]["changed_during_run"]:
        log("warning: plugins, theme or settings changed during the run")
    results["load"] = {
        "before": load_before,
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    results["budgets"] = report.evaluate(
        budget_values(results), posts, cpu_ratios(results["builds"])
    )
    results["seconds"] = round(time.perf_counter() - started, 1)

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(
        json.dumps(results, indent=1, sort_keys=False) + "\n", "utf-8"
    )
    table = report.markdown(results)
    (out_dir / "results.md").write_text(table, "utf-8")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, help="posts in the corpus (default 1000)")
    parser.add_argument("--runs", type=int, default=None, help="runs of each build (3)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a tiny corpus ({QUICK_POSTS} posts, 1 run, big CSVs shrunk)",
    )
    parser.add_argument(
        "--work", type=Path, default=BENCH / "work", help="scratch folder (bench/work)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="where results.json and results.md go (default bench/; with "
        "--quick, bench/work/quick/, so a check never replaces the real results)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a budget is not met"
    )
    args = parser.parse_args(argv)
    posts = args.posts or (QUICK_POSTS if args.quick else 1000)
    runs = args.runs or (1 if args.quick else 3)
    if posts < 10:
        parser.error("--posts must be at least 10")
    if runs < 1:
        parser.error("--runs must be at least 1")
    out = args.out or (args.work / "quick" if args.quick else BENCH)
    results = run(
        posts=posts,
        runs=runs,
        seed=args.seed,
        quick=args.quick,
        work=args.work.resolve(),
        out_dir=out.resolve(),
    )
    print(report.markdown(results))
    print(f"Wrote {out / 'results.json'} and {out / 'results.md'}.")
    failed = [row for row in results["budgets"] if row["pass"] is False]
    return 1 if args.strict and failed else 0


if __name__ == "__main__":
    sys.exit(main())
