"""Authoring and publishing tasks. `invoke --list` describes each one.

Every task runs Pelican in a child process with this environment's Python,
so a plugin or settings change takes effect on the next build without
restarting anything.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
DEFAULT_PORT = 8000


def read_settings(settings_file: Path) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    return pelican_read_settings(str(settings_file))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def ensure_safe_output(output: Path) -> Path:
    """Refuse an output folder whose deletion would lose sources.

    The output is deleted and rebuilt freely, so it must not be, or contain,
    the project, its content or its theme, nor lie inside the content.
    """
    output = output.resolve()
    settings = read_settings(DEV_SETTINGS)
    protected = {
        "the project folder": ROOT,
        "the content folder": Path(settings["PATH"]).resolve(),
        "the theme folder": Path(settings["THEME"]).resolve(),
        "your home folder": Path.home().resolve(),
    }
    for name, folder in protected.items():
        if _inside(folder, output):
            raise Exit(
                f"Refusing to use {output} as the output folder: it is or "
                f"contains {name} ({folder}). Choose a folder of its own, "
                f"such as {ROOT / 'output'}.",
                code=2,
            )
    content = protected["the content folder"]
    if _inside(output, content):
        raise Exit(
            f"Refusing to build into {output}: it is inside the content folder "
            f"({content}), and a build never writes there.",
            code=2,
        )
    return output


def default_output() -> Path:
    return Path(read_settings(DEV_SETTINGS)["OUTPUT_PATH"])


def run_pelican(settings_file: Path, output: Path, *, fatal: bool = False) -> None:
    """Build the site; raise Exit with Pelican's status when it fails."""
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(ROOT / "content"),
        "--settings",
        str(settings_file),
        "--output",
        str(output),
    ]
    if fatal:
        command += ["--fatal", "errors"]
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(
            f"The build failed (pelican exited with {result.returncode}); "
            "see the messages above. Nothing was published.",
            code=result.returncode,
        )


def remove_output(output: Path) -> None:
    output = ensure_safe_output(output)
    if output.exists():
        shutil.rmtree(output)


@task(help={"output": "folder to build into (default: OUTPUT_PATH, output/)"})
def build(c, output=None):
    """Build the site with the development settings (pelicanconf.py)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    run_pelican(DEV_SETTINGS, target)


@task(help={"output": "folder to remove (default: output/)"})
def clean(c, output=None):
    """Remove the output folder (never one that holds sources)."""
    remove_output(Path(output) if output else default_output())


@task(help={"output": "folder to rebuild (default: output/)"})
def rebuild(c, output=None):
    """Build from a clean output folder."""
    target = Path(output) if output else default_output()
    remove_output(target)
    run_pelican(DEV_SETTINGS, ensure_safe_output(target))


@task(
    help={
        "port": f"port to listen on (default {DEFAULT_PORT})",
        "output": "folder to serve (default: output/)",
    }
)
def serve(c, port=DEFAULT_PORT, output=None):
    """Serve the output on http://127.0.0.1:PORT with the production headers."""
    from sitecheck.server import serve_forever

    folder = Path(output) if output else default_output()
    if not folder.is_dir():
        raise Exit(f"{folder} does not exist yet: run `invoke build` first.", code=2)
    print(f"Serving {folder} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    serve_forever(folder, int(port))


@task(help={"port": f"port to listen on (default {DEFAULT_PORT})"})
def livereload(c, port=DEFAULT_PORT):
    """Rebuild and reload the browser when content (CSV files included),
    theme, plugins or settings change."""
    from livereload import Server

    output = ensure_safe_output(default_output())
    run_pelican(DEV_SETTINGS, output)

    def rebuild_quietly() -> None:
        try:
            run_pelican(DEV_SETTINGS, output)
        except Exit as failure:
            # Keep serving the last good build; the messages above say why.
            print(failure.message, file=sys.stderr)

    server = Server()
    for pattern in livereload_patterns():
        server.watch(pattern, rebuild_quietly)
    server.serve(host="127.0.0.1", port=int(port), root=str(output))


def livereload_patterns() -> list[str]:
    """What the live preview watches, as recursive globs."""
    return [
        "content/**/*.md",
        "content/**/*.csv",
        "content/**/*.svg",
        "content/**/*.png",
        "content/**/*.jpg",
        "theme/**/*",
        "plugins/**/*.py",
        "pelicanconf.py",
    ]


@task(help={"output": "folder to build into (default: output/)"})
def preview(c, output=None):
    """Build with the production settings (publishconf.py)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    run_pelican(PUBLISH_SETTINGS, target)


def slugify_title(title: str) -> str:
    ascii_title = (
        unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")
    return slug[:80].rstrip("-") or "post"


def new_post_text(title: str, slug: str, when: datetime, category: str) -> str:
    return (
        f"Title: {title}\n"
        f"Date: {when:%Y-%m-%d %H:%M}\n"
        f"Category: {category}\n"
        "Tags: \n"
        f"Slug: {slug}\n"
        "Summary: One or two sentences for the index page, feeds and link previews.\n"
        "\n"
        "Write your post here, in Markdown.\n"
        "\n"
        "To chart a CSV file, put it in content/data/ and add a block such as:\n"
        "\n"
        "```chart\n"
        "data: /data/your-file.csv\n"
        "type: bar\n"
        "x: a column\n"
        "y: another column\n"
        "title: What the chart shows\n"
        "```\n"
    )


@task(
    help={
        "title": "the post's title",
        "category": "its category (default: Strategy)",
        "folder": "where to write it (default: content/posts)",
    }
)
def new_post(c, title, category="Strategy", folder=None):
    """Write a new Markdown post with its metadata, today's date and a slug."""
    title = " ".join(title.split())
    if not title:
        raise Exit('Give the post a title: invoke new-post "My title"', code=2)
    slug = slugify_title(title)
    target_folder = Path(folder) if folder else ROOT / "content" / "posts"
    target_folder.mkdir(parents=True, exist_ok=True)
    path = target_folder / f"{slug}.md"
    if path.exists():
        raise Exit(
            f"{path} already exists; choose another title or edit that file.", code=2
        )
    path.write_text(new_post_text(title, slug, datetime.now(), category), "utf-8")
    print(f"Wrote {path.relative_to(ROOT) if _inside(path, ROOT) else path}")


@task(help={"output": "built site to check (default: output/)"})
def check(c, output=None):
    """Check a built site: accessibility, HTML, links, feeds, browser, CSP."""
    from sitecheck.runner import run_all

    folder = Path(output) if output else default_output()
    if not folder.is_dir():
        raise Exit(f"{folder} does not exist yet: run `invoke build` first.", code=2)
    if not run_all(folder):
        raise Exit("The site checks failed: see the problems listed above.", code=1)


def deploy(site: Path, target: str, settings: dict) -> None:
    if target == "ghp":
        branch = settings.get("GITHUB_PAGES_BRANCH", "gh-pages")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ghp_import",
                "--no-jekyll",
                "--push",
                "--force",
                "--branch",
                branch,
                str(site),
            ],
            cwd=ROOT,
            check=True,
        )
    elif target == "rsync":
        destination = settings.get("RSYNC_DESTINATION")
        if not destination:
            raise Exit(
                "DEPLOY_TARGET is rsync but RSYNC_DESTINATION is empty: set it "
                "to user@host:/path/ in the environment.",
                code=2,
            )
        subprocess.run(
            [
                "rsync",
                "--archive",
                "--checksum",
                "--delete",
                "--compress",
                f"{site}/",
                destination,
            ],
            check=True,
        )
    else:
        raise Exit(f"Unknown DEPLOY_TARGET {target!r}: use ghp or rsync.", code=2)


def swap_in(staging: Path, output: Path) -> None:
    """Replace output/ with the checked build in two renames, never half."""
    output = ensure_safe_output(output)
    retired = output.with_name(f".{output.name}.previous")
    if retired.exists():
        shutil.rmtree(retired)
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    if retired.exists():
        shutil.rmtree(retired)


@task(
    help={
        "target": "ghp or rsync (default: DEPLOY_TARGET from settings/environment)",
        "dry-run": "build and check, then stop before deploying",
    }
)
def publish(c, target=None, dry_run=False):
    """Build with publishconf (errors fatal) into a fresh folder, run the
    checks, and deploy only if both pass."""
    settings = read_settings(PUBLISH_SETTINGS)
    target = target or settings.get("DEPLOY_TARGET", "ghp")
    output = ensure_safe_output(Path(settings["OUTPUT_PATH"]))
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent)
    )
    try:
        run_pelican(PUBLISH_SETTINGS, staging, fatal=True)
        check(c, output=str(staging))
        if dry_run:
            print(f"Dry run: the build passed its checks; not deploying to {target}.")
        else:
            deploy(staging, target, settings)
        swap_in(staging, output)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


@task
def test(c):
    """Run the whole test suite (installs the npm tools it needs first)."""
    ensure_node_tools()
    result = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(code=result.returncode)


def ensure_node_tools() -> None:
    """`npm ci` when node_modules is missing or older than the lock file."""
    lock = ROOT / "package-lock.json"
    marker = ROOT / "node_modules" / ".package-lock.json"
    if not lock.exists():
        return
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        raise Exit("npm is needed for the site checks: install Node.js 20.", code=2)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)
