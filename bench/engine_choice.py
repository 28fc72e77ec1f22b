"""DuckDB or Polars? The same work on the same file in each, measured.

The work is what the big-CSV path of the chart plugin asks of its engine
(plugins/charts/bigcsv.py), on the five-million-row export of
bench/bigexport.py:

1. read the data lines below the header, keeping each row's place in the
   file, and split out the three columns a chart uses;
2. the distinct (x, group) pairs with the first row and the count of each,
   and the distinct y cells with the first row of each (whose "shapes",
   digits 1-9 written as 1, Python then weighs);
3. the y cells as numbers, listed per (x, group), handed to Python and
   summed there with math.fsum.

Each engine runs in its own child process (import included), several times,
alternating; wall time, CPU time and peak RSS come from os.wait4. Only the
installed engines run; the plugin depends on one, so measure both with

    python3 -m uv run --with duckdb==2.0.1 \\
        python -m bench.engine_choice [--runs 5] [--rows 5000000]
    ... python -m bench.engine_choice --quotes   # malformed quoting
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import bigexport  # noqa: E402

ENGINES = ("duckdb", "polars")
SKIP = len(bigexport.NOTES) + 1  # notes and the header
X, GROUP, Y = 0, 1, 7  # Date, channel, Total revenue


def shapes_of(firsts: list[tuple[str, int]]) -> int:
    """Distinct y cells -> their shapes (what the decimal-mark rules see)."""
    table = str.maketrans("23456789", "11111111")
    return len({cell.translate(table) for cell, _ in firsts})


def work_duckdb(path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    names = [f"c{i}" for i in range(8)]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in names) + "}"
    con.execute(
        f"""
        create temp table cells as
        select row_number() over () as r, c{X} as x, c{GROUP} as g, c{Y} as y
        from read_csv('{path}', header=false, skip={SKIP}, delim=',',
                      quote='"', escape='"', columns={columns},
                      auto_detect=false, strict_mode=true)
        """
    )
    pairs = con.execute(
        "select x, g, min(r), count(*) from cells group by x, g"
    ).fetchall()
    firsts = con.execute("select y, min(r) from cells group by y").fetchall()
    lists = con.execute(
        "select x, g, list(cast(y as double)) from cells group by x, g"
    ).fetchall()
    total = math.fsum(math.fsum(values) for _, _, values in lists)
    return {"pairs": len(pairs), "shapes": shapes_of(firsts), "sum": total}


def work_polars(path: Path) -> dict:
    import polars as pl

    names = [f"c{i}" for i in range(8)]
    cells = (
        pl.scan_csv(
            path,
            has_header=False,
            skip_lines=SKIP,
            separator=",",
            quote_char='"',
            schema=dict.fromkeys(names, pl.String),
            row_index_name="r",
        )
        .select("r", x=f"c{X}", g=f"c{GROUP}", y=f"c{Y}")
        .collect()
    )
    pairs = cells.group_by("x", "g").agg(pl.col("r").min(), pl.len())
    firsts = cells.group_by("y").agg(pl.col("r").min())
    lists = cells.group_by("x", "g").agg(pl.col("y").cast(pl.Float64))
    total = math.fsum(math.fsum(values) for values in lists["y"].to_list())
    return {"pairs": len(pairs), "shapes": shapes_of(firsts.rows()), "sum": total}


# --- do they split malformed lines as Python's csv module does? ----------------------

QUOTE_PIECES = ("a", "b", ",", '"', " ", '""')


def quote_agreement(engine: str, trials: int = 3000, seed: int = 1) -> dict:
    """Random lines of letters, commas, spaces and quotes, split by
    Python's csv module and by the engine (three string columns, the
    header skipped, quotes on): how often the engine agrees, refuses, or
    silently splits otherwise (which the plugin would have to detect)."""
    import csv
    import io
    import random
    import tempfile

    rng = random.Random(seed)
    found = {"agree": 0, "refuse": 0, "differ": 0}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "lines.csv"
        for _ in range(trials):
            lines = [
                "".join(rng.choice(QUOTE_PIECES) for _ in range(rng.randint(0, 8)))
                for _ in range(rng.randint(1, 4))
            ]
            text = "h1,h2,h3\n" + "\n".join(lines) + "\n"
            path.write_text(text, "utf-8")
            python = [
                row
                for row in list(csv.reader(io.StringIO(text, newline="")))[1:]
                if "".join(row).strip()
            ]
            try:
                rows = _engine_rows(engine, path)
            except Exception:
                found["refuse"] += 1
                continue
            rows = [r for r in rows if "".join(c or "" for c in r).strip()]
            agree = len(rows) == len(python) and all(
                len(p) == 3 and [c or "" for c in r] == p
                for p, r in zip(python, rows, strict=True)
            )
            found["agree" if agree else "differ"] += 1
    return found


def _engine_rows(engine: str, path: Path) -> list:
    if engine == "duckdb":
        import duckdb

        return duckdb.sql(
            f"select * from read_csv('{path}', header=false, skip=1, delim=',', "
            "quote='\"', escape='\"', auto_detect=false, strict_mode=true, "
            "null_padding=false, columns={'a': 'VARCHAR', 'b': 'VARCHAR', "
            "'c': 'VARCHAR'})"
        ).fetchall()
    import polars as pl

    schema = dict.fromkeys("abc", pl.String)
    return (
        pl.scan_csv(path, has_header=False, skip_lines=1, schema=schema)
        .collect()
        .rows()
    )


def child(engine: str, path: Path) -> None:
    started = time.perf_counter()
    result = (work_duckdb if engine == "duckdb" else work_polars)(path)
    result["seconds_inside"] = time.perf_counter() - started
    print(json.dumps(result))


def run_child(engine: str, path: Path) -> dict:
    command = [sys.executable, "-m", "bench.engine_choice", "--child", engine]
    command += ["--file", str(path)]
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{engine} failed")
    result = json.loads(output)
    result.update(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
    )
    return result


def compare(path: Path, runs: int) -> dict:
    engines = [e for e in ENGINES if importlib.util.find_spec(e) is not None]
    found: dict[str, list[dict]] = {e: [] for e in engines}
    for r in range(runs):
        order = engines if r % 2 == 0 else engines[::-1]
        for engine in order:
            found[engine].append(run_child(engine, path))
            seconds = found[engine][-1]["seconds"]
            print(
                f"[engines] round {r + 1}: {engine} {seconds:.2f} s",
                file=sys.stderr,
                flush=True,
            )
    sums = {e: runs_[0]["sum"] for e, runs_ in found.items()}
    return {
        "file": str(path),
        "bytes": path.stat().st_size,
        "load": [round(x, 2) for x in os.getloadavg()],
        "same_sum": len(set(sums.values())) <= 1,
        "engines": {
            engine: {
                "version": _version(engine),
                "median_s": round(statistics.median(r["seconds"] for r in rs), 2),
                "median_cpu_s": round(
                    statistics.median(r["cpu_seconds"] for r in rs), 2
                ),
                "max_rss_mb": round(max(r["max_rss_mb"] for r in rs)),
                "seconds": [round(r["seconds"], 2) for r in rs],
                "shapes": rs[0]["shapes"],
                "pairs": rs[0]["pairs"],
            }
            for engine, rs in found.items()
        },
    }


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=bigexport.DEFAULT_ROWS)
    parser.add_argument(
        "--quotes",
        action="store_true",
        help="compare how each splits malformed quoting with Python's csv",
    )
    parser.add_argument("--child", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.file)
        return
    if args.quotes:
        engines = [e for e in ENGINES if importlib.util.find_spec(e) is not None]
        print(json.dumps({e: quote_agreement(e) for e in engines}, indent=1))
        return
    path = bigexport.export(args.rows)
    result = compare(path, args.runs)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
