"""Profiles of a cold build and of a one-post rebuild, as text files.

    python -m bench.profile [--posts 1000] [--seed S] [--quick] [--out DIR]

Writes, for the cold build (empty output and cache) and for the rebuild
after appending a sentence to one post (caches warm), both

- ``*.pyinstrument.txt``: pyinstrument's call tree and its functions by
  total and by own time (sampling, low overhead; library frames shown,
  percentages of the whole build; the sessions stay in bench/work/profiles/
  for ``pyinstrument --load``), and
- ``*.cprofile.txt``: cProfile's top functions by cumulative and by own
  time, with their share of the build (deterministic, but its overhead
  inflates call-heavy code).

Each profiled build is a child process running the same command as the
benchmark's builds (bench/builds.py), on the benchmark corpus.
"""

from __future__ import annotations

import argparse
import pstats
import subprocess
import sys
import time
from pathlib import Path

from . import builds, corpus, report

ROOT = Path(__file__).resolve().parent.parent
TOP = 45


def pelican_args(command: list[str]) -> list[str]:
    """builds.site_command() without its ``python -m pelican`` head."""
    assert command[1:3] == ["-m", "pelican"], command
    return command[3:]


def run(command: list[str], log: Path) -> None:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as file:
        result = subprocess.run(
            command, cwd=ROOT, stdout=file, stderr=subprocess.STDOUT, check=False
        )
    if result.returncode != 0:
        tail = log.read_text("utf-8", errors="replace").splitlines()[-20:]
        raise builds.BuildError(
            f"{' '.join(command[:6])}... failed:\n" + "\n".join(tail)
        )


def pyinstrument(args: list[str], target: Path, log: Path, session: Path) -> None:
    """Record a session, then render it three ways into one text file: the
    call tree (frames of 1% or more, library frames shown, import machinery
    hidden), and the top functions by total and by own time."""
    session.parent.mkdir(parents=True, exist_ok=True)
    run(
        [
            sys.executable,
            "-m",
            "pyinstrument",
            "--renderer",
            "pyisession",
            "--outfile",
            str(session),
            "-m",
            "pelican",
            *args,
        ],
        log,
    )
    common = [
        sys.executable,
        "-m",
        "pyinstrument",
        "--load",
        str(session),
        "--renderer",
        "text",
        "--no-color",
        "--unicode",
        "--hide-regex",
        ".*<frozen .*",
        "--show",
        "*",
        "-p",
        "time=percent_of_total",
    ]
    views = (
        (
            "Call tree (frames of 1% or more)",
            ["-p", "processor_options.filter_threshold=0.01"],
            None,
        ),
        (
            "Functions by total time (cumulative)",
            ["-p", "flat=true", "-p", "flat_time=total"],
            TOP,
        ),
        ("Functions by own time", ["-p", "flat=true", "-p", "flat_time=self"], TOP),
    )
    parts = []
    for title, options, limit in views:
        text = subprocess.run(
            [*common, *options],
            cwd=ROOT,
            capture_output=True,
            encoding="utf-8",
            check=True,
        ).stdout
        lines = [
            line
            for line in text.strip("\n").splitlines()
            if not line.startswith(("To view this report", "    pyinstrument --load"))
        ]
        if limit:
            header = [i for i, line in enumerate(lines) if line.startswith("Program:")]
            start = header[0] + 2 if header else 0
            lines = lines[start : start + limit]
        parts.append(f"== {title} ==\n" + "\n".join(lines))
    target.write_text("\n\n".join(parts) + "\n", "utf-8")


def cprofile(args: list[str], target: Path, log: Path, title: str) -> None:
    raw = target.with_suffix(".prof")
    run([sys.executable, "-m", "cProfile", "-o", str(raw), "-m", "pelican", *args], log)
    target.write_text(stats_text(pstats.Stats(str(raw)), title), "utf-8")
    raw.unlink()


def stats_text(stats: pstats.Stats, title: str) -> str:
    """The top functions by cumulative and by own time, as % of the total."""
    total = stats.total_tt  # type: ignore[attr-defined]
    lines = [f"{title}: cProfile, {total:.2f} s of profiled time", ""]
    for key, heading in (("cumulative", "cumulative"), ("tottime", "own time")):
        rows = sorted(
            stats.stats.items(),  # type: ignore[attr-defined]
            key=lambda item: item[1][3] if key == "cumulative" else item[1][2],
            reverse=True,
        )[:TOP]
        lines.append(f"Top {TOP} by {heading}:")
        lines.append(f"{'cum %':>6} {'own %':>6} {'calls':>10}  function")
        for (file, line, name), (_, calls, own, cumulative, _) in rows:
            where = short_path(file)
            lines.append(
                f"{cumulative / total * 100:6.1f} {own / total * 100:6.1f} "
                f"{calls:>10}  {name} ({where}:{line})"
            )
        lines.append("")
    return "\n".join(lines)


def profile_charts(content: Path, manifest, out: Path) -> list[Path]:
    """The chart pipeline alone, in this process: every corpus chart drawn
    once with an empty cache, small charts and big (aggregated) ones apart."""
    import cProfile

    from pyinstrument import Profiler

    sys.path.insert(0, str(ROOT / "plugins"))
    from charts.cache import RenderCache

    from . import chart_cost

    charts = chart_cost.corpus_charts(content, manifest)
    pipeline = chart_cost._pipeline(content, out / ".charts-cache")

    def draw(selection) -> None:
        for chart in selection:
            pipeline.cache = RenderCache()
            pipeline.render_block(
                chart["body"],
                chart["first_line"],
                True,
                str(content / chart["post"]),
                chart["post"],
            )

    draw(charts[:5])  # imports and first-call costs out of the way
    groups = (
        ("small", [c for c in charts if not c["big"]]),
        ("big", [c for c in charts if c["big"]]),
    )
    tree_parts, stats_parts = [], []
    for name, selection in groups:
        if not selection:
            continue
        rows = sorted(c["rows"] for c in selection)
        title = (
            f"{len(selection)} {name} charts ({rows[0]:,} to {rows[-1]:,} CSV rows), "
            "each drawn once, cache empty"
        )
        profiler = Profiler(interval=0.0005)
        profiler.start()
        draw(selection)
        profiler.stop()
        tree_parts.append(
            f"== {title} ==\n"
            + profiler.output_text(
                unicode=True,
                time="percent_of_total",
                processor_options={
                    "filter_threshold": 0.01,
                    "show_regex": ".*",
                    "hide_regex": ".*<frozen .*",
                },
            )
        )
        cprof = cProfile.Profile()
        cprof.enable()
        draw(selection)
        cprof.disable()
        stats_parts.append(stats_text(pstats.Stats(cprof), title))
    written = [out / "charts.pyinstrument.txt", out / "charts.cprofile.txt"]
    written[0].write_text("\n\n".join(tree_parts), "utf-8")
    written[1].write_text("\n\n".join(stats_parts), "utf-8")
    return written


def short_path(file: str) -> str:
    for marker in ("site-packages/", "/lib/python3", str(ROOT) + "/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def profile(posts: int, seed: int, out: Path, work: Path, big_rows: int) -> list[Path]:
    corpus_dir = work / "corpus"
    print(f"Writing a {posts}-post corpus under {corpus_dir}", file=sys.stderr)
    manifest = corpus.write_corpus(
        corpus_dir, posts=posts, seed=seed, big_rows=big_rows
    )
    content = corpus_dir / "site"
    output, cache = work / "profile-output", work / "profile-cache"
    args = pelican_args(builds.site_command(content, output, cache))
    plain = [p for p in manifest.posts if not p.charts and not p.reference]
    post = plain[len(plain) // 2]
    save_as = builds.site_settings()["ARTICLE_SAVE_AS"]
    out.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    written = []
    for tool in ("pyinstrument", "cprofile"):
        builds.empty(output, cache)
        code = report.code_state()
        for phase in ("cold-build", "edit-post-rebuild"):
            edit = None
            if phase == "edit-post-rebuild":
                edit = builds.edit_post(content, post, f"profileedit{tool}")
            target = out / f"{phase}.{tool}.txt"
            started = time.perf_counter()
            try:
                if tool == "pyinstrument":
                    session = work / "profiles" / f"{phase}.pyisession"
                    pyinstrument(
                        args, target, logs / f"profile-{phase}-{tool}.log", session
                    )
                else:
                    title = f"{phase}, {posts} posts"
                    cprofile(args, target, logs / f"profile-{phase}-{tool}.log", title)
                if edit:
                    builds.verify_edit(output, edit, save_as)
            finally:
                if edit:
                    edit.restore()
            print(f"{target} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)
            written.append(target)
        now = report.code_state()
        stamp = f"Code: commit {code['commit']}, fingerprint {code['fingerprint']}"
        if now["fingerprint"] != code["fingerprint"]:
            stamp += (
                f" -> {now['fingerprint']}: WARNING, plugins/theme/settings changed "
                "between the cold build and the rebuild; the rebuild may have "
                "redone work its caches would have saved. Profile again."
            )
            print(stamp, file=sys.stderr)
        for phase in ("cold-build", "edit-post-rebuild"):
            target = out / f"{phase}.{tool}.txt"
            target.write_text(f"{stamp}\n\n{target.read_text('utf-8')}", "utf-8")
    written += profile_charts(content, manifest, out)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, help="default 1000 (20 with --quick)")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--big-rows", type=int, help="rows of the big CSVs")
    parser.add_argument("--quick", action="store_true", help="a tiny corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "profiles")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    posts = args.posts or (20 if args.quick else 1000)
    big_rows = args.big_rows or (
        corpus.QUICK_BIG_ROWS if args.quick else corpus.BIG_ROWS
    )
    for path in profile(
        posts, args.seed, args.out.resolve(), args.work.resolve(), big_rows
    ):
        print(path)


if __name__ == "__main__":
    main()
