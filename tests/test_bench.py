"""The benchmark keeps working: one end-to-end run on a tiny corpus.

No timing thresholds here (timings belong to `invoke bench` on a quiet
machine); only that every measure is present and sane.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

pytestmark = pytest.mark.browser  # measure (f) loads pages in Chromium

BUILDS = ("cold", "vanilla", "edit_post", "edit_csv")
BUDGET_KEYS = {
    "cold_vs_vanilla",
    "edit_post_vs_cold",
    "edit_csv_vs_cold",
    "chart_ms_corpus",
    "chart_speedup_corpus",
    "chart_ms_10_rows",
    "chart_speedup_10_rows",
    "no_chart_post_gzip",
    "reference_post_gzip",
    "repeat_visit_no_plotly",
    "big_chart_payload",
    "cold_peak_rss",
    "cold_cpu_vs_vanilla",
    "reload_post_sample",
    "reload_csv_sample",
    "reload_post_corpus",
    "reload_csv_corpus",
    "uv_run_compiles_nothing",
    "big_csv_seconds",
    "big_csv_rss",
}


def digest(folder: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(folder).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def test_corpus_is_deterministic(tmp_path):
    from bench.corpus import write_corpus

    first = write_corpus(tmp_path / "a", posts=12, seed=7, big_rows=300)
    write_corpus(tmp_path / "b", posts=12, seed=7, big_rows=300)
    other = write_corpus(tmp_path / "c", posts=12, seed=8, big_rows=300)
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a") != digest(tmp_path / "c")
    assert len(first.posts) == 12 == len(other.posts)
    assert sum(1 for p in first.posts if p.reference) == 1
    # Vanilla gets the same posts, chart blocks removed.
    site_posts = sorted(p.name for p in (tmp_path / "a/site/posts").iterdir())
    vanilla_posts = sorted(p.name for p in (tmp_path / "a/vanilla/posts").iterdir())
    assert site_posts == vanilla_posts
    for name in vanilla_posts:
        assert "```chart" not in (tmp_path / "a/vanilla/posts" / name).read_text()


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("bench")
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--quick",
        "--work",
        str(folder / "work"),
        "--out",
        str(folder),
    ]
    run = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "| Measure | Result | Budget | Status |" in run.stdout
    data = json.loads((folder / "results.json").read_text("utf-8"))
    data["_markdown"] = (folder / "results.md").read_text("utf-8")
    return data


def test_results_describe_the_machine_and_corpus(results):
    machine = results["machine"]
    for key in ("cpu", "cores", "ram_gb", "python", "pelican", "date"):
        assert machine[key], key
    assert machine["pelican"].startswith("4.12")
    corpus = results["corpus"]
    assert corpus["posts"] == results["config"]["posts"] == 20
    assert corpus["charts"] >= 4
    assert len(corpus["big_charts"]) >= 1
    assert corpus["reference_post"].endswith("takeaway-spam-or-good-marketing.md")


def test_every_build_was_measured(results):
    builds = results["builds"]
    for key in BUILDS:
        build = builds[key]
        assert len(build["seconds"]) == results["config"]["runs"] == 1
        assert 0 < build["median_s"] < 600
        assert 0 < build["median_cpu_s"] < 600
        assert 20 < build["max_rss_mb"] < 4000
        assert build["articles"] == 20
    for key in ("edit_post", "edit_csv"):
        assert builds[key]["verified"]
        assert builds[key]["edited"]
    # Both write every post's page and the listings.
    assert builds["cold"]["html_pages"] > 20
    assert builds["vanilla"]["html_pages"] > 20


def test_chart_costs(results):
    ten = results["chart_cost"]["ten_rows"]
    assert ten["rows"] == 10
    assert ten["ours_median_ms"] > 0
    assert ten["naive_median_ms"] > 0
    corpus = results["chart_cost"]["corpus"]
    assert corpus["charts"] == results["corpus"]["charts"]
    assert corpus["ours_median_ms"] > 0
    assert corpus["naive_median_ms"] > 0
    assert corpus["big"], "the aggregate path of the big charts was not timed"


def test_page_weight(results):
    weight = results["page_weight"]
    reference = weight["reference"]["first_visit"]
    assert reference["plotly"]
    assert reference["plotly"]["gzip"] > 100_000
    assert reference["gzip"] > reference["plotly"]["gzip"]
    assert {"html", "css", "js"} <= set(reference["by_type"])
    for page in ("no_chart", "home"):
        first = weight[page]["first_visit"]
        assert first["plotly"] is None
        assert 0 < first["html_css_js_fonts_gzip"] < first["html_css_js_fonts_raw"]
    again = weight["reference"]["repeat_visit"]
    assert again["plotly_loaded"]
    assert again["plotly_transferred"] is False
    assert again["plotly_from_cache"] is True
    # The page itself is new to the reader: it is transferred.
    assert again["transferred_gzip"] > 0


def test_big_chart_payloads(results):
    bigs = results["big_charts"]
    assert bigs
    for big in bigs:
        assert big["points"] > 0
        assert 0 < big["json_gzip"] < big["json_raw"] < big["figure_raw"]


def test_save_to_reload_is_timed_for_posts_and_csvs(results):
    """(h): each save timed from the write to the preview's reload event."""
    for site in ("sample", "corpus"):
        for kind in ("post", "csv"):
            timed = results["save_to_reload"][site][kind]
            assert len(timed["runs_s"]) == 3  # --quick: three saves of each
            assert 0 < timed["median_s"] <= timed["max_s"]
    assert results["uv_run"]["compiles_nothing"] is True


def test_big_csv_chart(results):
    big = results["big_csv"]
    assert big["rows"] == 150_000
    assert big["engine"], "the big chart was not read through the engine"
    assert len(big["seconds"]) == results["config"]["runs"]
    assert 0 < big["median_s"] <= big["median_process_s"]
    assert 20 < big["max_rss_mb"] < 4000
    assert "| Big CSV chart (aggregate: sum) |" in results["_markdown"]


def test_hugo_reference_row(results):
    hugo = results["hugo"]
    if not hugo["installed"]:
        assert "hugo is not installed" in results["_markdown"]
        return
    assert len(hugo["seconds"]) == results["config"]["runs"]
    assert hugo["files"] == results["corpus"]["posts"] + 1  # and the About page
    assert hugo["html_pages"] > 20
    assert f"(h) Hugo {hugo['version']}" in results["_markdown"]


def test_every_budget_is_reported(results):
    rows = {row["key"]: row for row in results["budgets"]}
    assert set(rows) == BUDGET_KEYS
    for row in rows.values():
        assert row["value"] is not None, row["key"]
        assert row["pass"] in (True, False)
        assert row["measure"] in results["_markdown"]
