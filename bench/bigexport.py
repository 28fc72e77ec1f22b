"""A Google Analytics 4-shaped campaign export of millions of rows, written
deterministically from a seed, for the big-CSV measure (bench/bigcsv.py)
and the engine comparison (bench/engine_choice.py).

The file is what GA4's "Traffic acquisition" export looks like when a year
of sessions is pulled at the finest grain: notes above the header on lines
that start with '#', dates written 20240131, one row per day, channel,
source / medium and campaign, and plain numbers. Five million rows make
about 400 MB. It is cached under bench/work/bigcsv/ (git-ignored) and
written again only when missing, since writing it takes a while.

    python -m bench.bigexport [--rows 5000000] [--seed 11]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "work" / "bigcsv"
DEFAULT_ROWS = 5_000_000
DEFAULT_SEED = 11
BATCH = 50_000

NOTES = (
    "# ----------------------------------------",
    "# Traffic acquisition: Session default channel group",
    "# Account: Bench Account",
    "# Property: Bench Shop",
    "# ----------------------------------------",
    "# Start date: 20240101",
    "# End date: 20241230",
    "# ----------------------------------------",
)
HEADER = (
    "Date,Session default channel group,Session source / medium,"
    "Session campaign,Sessions,Engaged sessions,Conversions,Total revenue"
)
CHANNELS = (
    "Organic Search",
    "Direct",
    "Paid Search",
    "Email",
    "Organic Social",
    "Referral",
    "Paid Social",
    "Display",
)
SOURCES = (
    "google / organic",
    "(direct) / (none)",
    "google / cpc",
    "newsletter / email",
    "facebook.com / referral",
    "bing / organic",
    "linkedin.com / social",
    "t.co / referral",
    "partner.example / referral",
    "duckduckgo / organic",
)
DAYS = 365
# What the benchmark charts: a year of revenue per day, stacked by channel.
BLOCK = """\
data: /data/ga4-export.csv
type: area
x: Date
y: Total revenue
group: Session default channel group
aggregate: sum
stack: true
comment: "#"
title: Revenue per day and channel
source: GA4 export, five million rows"""


def path_for(rows: int, seed: int) -> Path:
    return CACHE / f"ga4-export-{rows}-{seed}.csv"


def write_export(path: Path, rows: int, seed: int) -> None:
    """Write the export to ``path`` (through a temporary file)."""
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    days = [(start + dt.timedelta(days=d)).strftime("%Y%m%d") for d in range(DAYS)]
    campaigns = [f"spring-sale-2024-{i:03d}" for i in range(60)]
    randrange, choice, random_ = rng.randrange, rng.choice, rng.random
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8", newline="") as file:
        file.write("\n".join((*NOTES, HEADER)) + "\n")
        written = 0
        while written < rows:
            batch = []
            for _ in range(min(BATCH, rows - written)):
                sessions = randrange(1, 2000)
                engaged = randrange(0, sessions + 1)
                conversions = randrange(0, 40)
                batch.append(
                    f"{days[randrange(DAYS)]},{choice(CHANNELS)},{choice(SOURCES)},"
                    f"{choice(campaigns)},{sessions},{engaged},{conversions},"
                    f"{random_() * conversions * 90:.2f}\n"
                )
            file.write("".join(batch))
            written += len(batch)
    os.replace(partial, path)


def export(rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> Path:
    """The cached export of ``rows`` rows, written first if missing."""
    path = path_for(rows, seed)
    if not path.exists():
        write_export(path, rows, seed)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    path = export(args.rows, args.seed)
    print(f"{path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
