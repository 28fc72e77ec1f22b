"""One Pelican build in a child process: its wall time, CPU time and peak RSS.

Each build is ``python -m pelican ...`` started with this interpreter and
reaped with ``os.wait4``, whose resource usage is that child's alone (and
its own children's): the peak RSS and CPU time of one build, not of the
benchmark process.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sitecheck.pelican_run import pelican_command

from .corpus import Post

ROOT = Path(__file__).resolve().parent.parent
SITE_SETTINGS = ROOT / "pelicanconf.py"
VANILLA_SETTINGS = ROOT / "bench" / "vanilla" / "pelicanconf.py"
PROCESSED = re.compile(r"Processed\s+(\d+)\s+articles?", re.IGNORECASE)


class BuildError(RuntimeError):
    pass


@dataclass
class Build:
    kind: str  # cold, vanilla, edit_post, edit_csv
    seconds: float
    cpu_seconds: float
    max_rss_mb: float
    articles: int | None
    log: str


def run_build(kind: str, command: list[str], log_path: Path) -> Build:
    """Run one build; raise BuildError (with the log's tail) if it fails."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text("utf-8", errors="replace")
    if process.returncode != 0:
        tail = "\n".join(text.splitlines()[-25:])
        raise BuildError(
            f"{kind} build failed (exit {process.returncode}); {log_path}:\n{tail}"
        )
    processed = PROCESSED.search(text)
    return Build(
        kind=kind,
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
        articles=int(processed[1]) if processed else None,
        log=str(log_path),
    )


def site_command(content: Path, output: Path, cache: Path) -> list[str]:
    """This site, as `invoke build` builds it (pelicanconf.py: caches on)."""
    return pelican_command(
        SITE_SETTINGS, output, content=content, extra={"CACHE_PATH": str(cache)}
    )


def vanilla_command(content: Path, output: Path) -> list[str]:
    return pelican_command(VANILLA_SETTINGS, output, content=content)


def empty(*folders: Path) -> None:
    for folder in folders:
        if folder.exists():
            shutil.rmtree(folder)


# --- where a post is written ----------------------------------------------------------


def site_settings() -> dict:
    from pelican.settings import read_settings

    return read_settings(str(SITE_SETTINGS))


def output_file(output: Path, post: Post, save_as: str) -> Path:
    """The page Pelican wrote for ``post`` under ``output``."""
    from datetime import datetime

    date = datetime.strptime(post.date, "%Y-%m-%d %H:%M")
    try:
        path = output / save_as.format(date=date, slug=post.slug, lang="en")
        if path.is_file():
            return path
    except (KeyError, IndexError, ValueError):
        pass
    # ARTICLE_SAVE_AS uses fields we do not know: find the page by its slug.
    for pattern in (f"**/{post.slug}/index.html", f"**/{post.slug}.html"):
        found = sorted(output.glob(pattern))
        if found:
            return found[0]
    raise FileNotFoundError(f"no page for {post.file} (slug {post.slug}) in {output}")


def page_url(output: Path, page: Path) -> str:
    relative = page.relative_to(output).as_posix()
    return "/" + (
        relative[: -len("index.html")] if relative.endswith("index.html") else relative
    )


# --- the edits of measures (c) and (d) ---------------------------------------------


@dataclass
class Edit:
    path: Path
    original: bytes
    token: str  # what the rebuilt page must contain
    post: Post

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def edit_post(content: Path, post: Post, token: str) -> Edit:
    """Append a sentence holding ``token`` to a post, as an author would."""
    path = content / post.file
    original = path.read_bytes()
    text = original.decode("utf-8").rstrip("\n")
    path.write_text(
        f"{text}\n\nA late addition to this post, note {token}, rewrites it.\n",
        "utf-8",
    )
    return Edit(path, original, token, post)


def edit_csv(content: Path, csv_file: str, column: str, value: int, post: Post) -> Edit:
    """Change the ``column`` cell of the first data row of a CSV to ``value``."""
    path = content / csv_file
    original = path.read_bytes()
    lines = original.decode("utf-8").split("\n")
    header = lines[0].split(",")
    index = header.index(column)
    cells = lines[1].split(",")
    cells[index] = str(value)
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines), "utf-8")
    return Edit(path, original, str(value), post)


def verify_edit(output: Path, edit: Edit, save_as: str) -> Path:
    page = output_file(output, edit.post, save_as)
    if edit.token not in page.read_text("utf-8"):
        raise BuildError(
            f"the rebuild did not pick up the edit of {edit.path.name}: "
            f"{edit.token!r} is not in {page}"
        )
    return page


def count_html(output: Path) -> int:
    return sum(1 for _ in output.rglob("*.html"))


def chart_errors(output: Path) -> list[str]:
    """Pages holding a chart error box (a broken corpus chart)."""
    return [
        str(page.relative_to(output))
        for page in sorted(output.rglob("*.html"))
        if 'class="chart-error"' in page.read_text("utf-8", errors="replace")
    ]
