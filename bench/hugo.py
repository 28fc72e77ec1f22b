"""Hugo as a reference: the same posts, built by the fastest generator.

When ``hugo`` is on the PATH (Debian packages it: ``apt install hugo``),
the benchmark converts the vanilla posts of its corpus (bench/corpus.py,
chart blocks removed, as vanilla Pelican builds them) to Hugo's front
matter and times ``hugo`` building them with a minimal layout of its own
(hugo_layout/: a page per post, paginated lists for the home page, tags
and categories, and Hugo's own RSS feeds), from an empty output folder.
No theme is downloaded. The row is a reference, not a budget: the layout
is far smaller than this site's theme, so it shows a floor, not a rival.

    python -m bench.hugo CORPUS/vanilla [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import builds  # noqa: E402

LAYOUT = ROOT / "bench" / "hugo_layout"
HEADER_LINE = re.compile(r"^(\w+):\s*(.*)$")


def hugo_version(executable: str) -> str:
    found = subprocess.run(
        [executable, "version"], capture_output=True, text=True, check=False
    ).stdout
    match = re.search(r"v(\d+\.\d+\.\d+)", found)
    return match[1] if match else found.strip()


def front_matter(text: str) -> str:
    """A Pelican Markdown post with Hugo's YAML front matter instead of
    Pelican's header lines."""
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        match = HEADER_LINE.match(line)
        if match:
            meta[match[1].lower()] = match[2].strip()
    matter = {"title": meta.get("title", "")}
    if "date" in meta:
        matter["date"] = meta["date"].replace(" ", "T") + ":00"
    if "slug" in meta:
        matter["slug"] = meta["slug"]
    if "summary" in meta:
        matter["summary"] = meta["summary"]
    if "category" in meta:
        matter["categories"] = [meta["category"]]
    if "tags" in meta:
        matter["tags"] = [tag.strip() for tag in meta["tags"].split(",") if tag.strip()]
    lines = [f"{key}: {json.dumps(value)}" for key, value in matter.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body


def write_site(vanilla: Path, site: Path) -> int:
    """Hugo's site folder: config, the layout, the posts and pages."""
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(LAYOUT, site)
    count = 0
    for folder in ("posts", "pages"):
        for source in sorted((vanilla / folder).glob("*.md")):
            target = site / "content" / folder / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(front_matter(source.read_text("utf-8")), "utf-8")
            count += 1
    return count


def measure(vanilla: Path, work: Path, runs: int, log=print) -> dict:
    """Hugo's build of the vanilla posts, ``runs`` times from nothing."""
    executable = shutil.which("hugo")
    if executable is None:
        return {"installed": False}
    site = work / "hugo-site"
    files = write_site(vanilla, site)
    output = work / "hugo-output"
    found = []
    for run in range(runs):
        builds.empty(output, site / "resources")
        command = [executable, "--source", str(site), "--destination", str(output)]
        command.append("--quiet")
        build = builds.run_build("hugo", command, work / "logs" / f"hugo-{run}.log")
        found.append(build)
        log(f"(h) Hugo build {build.seconds:.2f} s")
    return {
        "installed": True,
        "version": hugo_version(executable),
        "files": files,
        "seconds": [round(b.seconds, 3) for b in found],
        "cpu_seconds": [round(b.cpu_seconds, 3) for b in found],
        "median_s": round(statistics.median(b.seconds for b in found), 3),
        "median_cpu_s": round(statistics.median(b.cpu_seconds for b in found), 3),
        "max_rss_mb": round(max(b.max_rss_mb for b in found), 1),
        "html_pages": builds.count_html(output),
    }


def report_row(hugo: dict | None, vanilla: dict | None) -> list[str]:
    """The reference row of the builds table in bench/results.md."""
    if hugo is None:
        return []
    name = "(h) Hugo, the same posts, a minimal layout (reference)"
    if not hugo["installed"]:
        return [f"| {name} | not measured: hugo is not installed | — | — | — |"]
    runs = ", ".join(f"{s:.2f}" for s in hugo["seconds"])
    ratio = ""
    if vanilla:
        ratio = f"; {hugo['median_s'] / vanilla['median_s']:.2f}× vanilla Pelican"
    return [
        f"| (h) Hugo {hugo['version']}, the same posts, a minimal layout "
        f"(reference{ratio}) | {hugo['median_s']:.2f} s ({runs}) "
        f"| {hugo['median_cpu_s']:.2f} s | {hugo['max_rss_mb']:.0f} MB "
        f"| {hugo['html_pages']} |"
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vanilla", type=Path, help="the corpus' vanilla/ folder")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.vanilla, args.work, args.runs), indent=1))


if __name__ == "__main__":
    main()
