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

from sitecheck.pelican_run import pelican_command

ROOT = Path(__file__).resolve().parent
# The plugins' shared helpers (plugins/sitekit), written once for all.
sys.path.insert(0, str(ROOT / "plugins"))
from sitekit.paths import inside  # noqa: E402

from publishing import destination as destinations  # noqa: E402
from publishing.placeholders import placeholder_problems  # noqa: E402

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
DEFAULT_PORT = 8000


def read_settings(settings_file: Path) -> dict:
    from pelican.settings import read_settings as pelican_read_settings

    return pelican_read_settings(str(settings_file))


def ensure_safe_output(output: Path) -> Path:
    """Refuse an output folder whose deletion would lose sources.

    The output is deleted and rebuilt freely, so it must not be, or contain,
    the project, its content, theme or plugins, its Git history, your home
    folder or the filesystem's root; nor may it lie inside the content or
    the theme, which a build reads and never writes.
    """
    output = output.expanduser().resolve()
    settings = read_settings(DEV_SETTINGS)
    content = Path(settings["PATH"]).resolve()
    theme = Path(settings["THEME"]).resolve()
    protected = {
        "the project folder": ROOT,
        "the content folder": content,
        "the theme folder": theme,
        "your home folder": Path.home().resolve(),
        "the project's Git history": ROOT / ".git",
        "the filesystem's root": Path(ROOT.anchor),
    }
    for folder in settings.get("PLUGIN_PATHS", []):
        protected[f"the plugins ({folder})"] = (ROOT / folder).resolve()
    for name, folder in protected.items():
        if inside(folder, output):
            raise Exit(
                f"Refusing to use {output} as the output folder: it is or "
                f"contains {name} ({folder}). Choose a folder of its own, "
                f"such as {ROOT / 'output'}.",
                code=2,
            )
    for name, folder in (("content", content), ("theme", theme)):
        if inside(output, folder):
            raise Exit(
                f"Refusing to build into {output}: it is inside the {name} "
                f"folder ({folder}), which a build reads and never writes.",
                code=2,
            )
    return output


def default_output() -> Path:
    return Path(read_settings(DEV_SETTINGS)["OUTPUT_PATH"])


def run_pelican(settings_file: Path, output: Path) -> None:
    """Build the site; raise Exit with Pelican's status when it fails."""
    result = subprocess.run(
        pelican_command(settings_file, output), cwd=ROOT, check=False
    )
    if result.returncode != 0:
        raise Exit(
            f"The build failed (pelican exited with {result.returncode}); "
            "see the messages above. Nothing was published.",
            code=result.returncode,
        )


def remove_output(output: Path) -> None:
    """Delete an output folder, after ensure_safe_output() has accepted it."""
    output = ensure_safe_output(output)
    if output.is_symlink() or output.is_file():
        raise Exit(f"Refusing to remove {output}: it is not a folder.", code=2)
    if output.exists():
        shutil.rmtree(output)


def leftovers(output: Path) -> list[Path]:
    """Staging and retired folders an interrupted `invoke publish` left."""
    return sorted(
        [
            *output.parent.glob(f".{output.name}.staging-*"),
            *output.parent.glob(f".{output.name}.previous"),
        ]
    )


@task(help={"output": "folder to build into (default: OUTPUT_PATH, output/)"})
def build(c, output=None):
    """Build the site with the development settings (pelicanconf.py)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    run_pelican(DEV_SETTINGS, target)


@task(help={"output": "folder to remove (default: output/)"})
def clean(c, output=None):
    """Remove the output folder (never one that holds sources).

    Also removes the staging folders an interrupted publish left next to it.
    """
    target = ensure_safe_output(Path(output) if output else default_output())
    remove_output(target)
    for leftover in leftovers(target):
        shutil.rmtree(leftover)


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
    """Preview at 127.0.0.1:PORT, rebuilding on any content, CSV, theme or plugin edit.

    Watches the globs in livereload_patterns(): posts, CSV files and images
    under content/, the theme, the plugins and pelicanconf.py.
    """
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
        "To chart a CSV file, put it in content/data/ and write a chart block;\n"
        "the example below is shown as code (four backticks) until you copy it\n"
        "out with three. Delete this paragraph and the example when done.\n"
        "\n"
        "````markdown\n"
        "```chart\n"
        "data: /data/your-file.csv\n"
        "type: bar\n"
        "x: a column\n"
        "y: another column\n"
        "title: What the chart shows\n"
        "```\n"
        "````\n"
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
    print(f"Wrote {path.relative_to(ROOT) if inside(path, ROOT) else path}")


@task(
    help={
        "output": "built site to check (default: output/)",
        "only": "comma-separated subset: headers,links,feeds,html,browser "
        "(default: all; browser includes the axe accessibility run)",
        "public-url": "the site's public URL (default: read from the build)",
        "meta-csp": "serve without _headers, as GitHub Pages does: the browser "
        "run relies on each page's <meta> policy alone",
    }
)
def check(c, output=None, only=None, public_url=None, meta_csp=False):
    """Check a built site: accessibility, HTML, links, feeds, browser, CSP."""
    from sitecheck.runner import CHECKS, run_all

    folder = Path(output) if output else default_output()
    if not folder.is_dir():
        raise Exit(f"{folder} does not exist yet: run `invoke build` first.", code=2)
    checks = [n.strip() for n in only.split(",") if n.strip()] if only else None
    unknown = sorted(set(checks or []) - set(CHECKS))
    if unknown:
        raise Exit(
            f"Unknown check {', '.join(unknown)}: choose from {', '.join(CHECKS)}.",
            code=2,
        )
    if not checks or {"html", "browser"} & set(checks):
        ensure_node_tools()  # axe-core and vnu-jar, pinned in package-lock.json
    if not run_all(folder, public_url=public_url, checks=checks, meta_only=meta_csp):
        raise Exit("The site checks failed: see the problems listed above.", code=1)


@task(
    help={
        "output": "audit this built folder (default: a fresh publish build "
        "whose public URL is the local server)"
    }
)
def audit(c, output=None):
    """Lighthouse (mobile) scores of the reference post, a tag page and home.

    A report, not a test: the JSON and HTML reports go to
    test-artifacts/lighthouse/."""
    ensure_node_tools()
    from sitecheck.audit import run_audit

    try:
        run_audit(Path(output) if output else None)
    except RuntimeError as error:
        raise Exit(f"The audit could not run: {error}", code=1) from error


# Deploy credentials come from the environment (RSYNC_PASSWORD, a token that
# git's credential helper reads, SSH_AUTH_SOCK) or from your ssh and git
# configuration: never from a settings file, which is committed.
SECRET_SETTING = re.compile(
    r"(TOKEN|PASSWORD|PASSWD|SECRET|API_KEY|PRIVATE_KEY|CREDENTIAL)", re.IGNORECASE
)
URL_WITH_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s:]+:[^/@\s]+@", re.I)


def check_deploy_credentials(target: str, settings: dict) -> None:
    """Refuse, before anything is built, a deploy that must not happen."""
    secrets = sorted(
        key for key, value in settings.items() if SECRET_SETTING.search(key) and value
    )
    if secrets:
        raise Exit(
            f"Refusing to deploy: the settings define {', '.join(secrets)}. "
            "Deploy credentials come only from the environment or from your "
            "ssh and git configuration, never from a committed file; remove "
            "them from the settings.",
            code=2,
        )
    if target not in ("ghp", "rsync"):
        raise Exit(f"Unknown DEPLOY_TARGET {target!r}: use ghp or rsync.", code=2)
    if URL_WITH_PASSWORD.match(str(settings.get("RSYNC_DESTINATION") or "")):
        raise Exit(
            "Refusing to deploy: RSYNC_DESTINATION carries a password. Give "
            "it in RSYNC_PASSWORD (rsync daemons) or use an ssh key.",
            code=2,
        )


def check_deploy_settings(target: str, settings: dict) -> None:
    """Everything a deploy to ``target`` needs, checked before it starts."""
    check_deploy_credentials(target, settings)
    if target == "rsync" and not settings.get("RSYNC_DESTINATION"):
        raise Exit(
            "DEPLOY_TARGET is rsync but RSYNC_DESTINATION is empty: set it "
            "to user@host:/path/ in the environment.",
            code=2,
        )


def deploy(site: Path, where: destinations.Destination, settings: dict) -> None:
    """Send the checked build to GitHub Pages (ghp-import) or by rsync.

    The child processes inherit the environment and read your ssh and git
    configuration: that is where credentials come from."""
    target = where.target
    check_deploy_settings(target, settings)
    print(f"Deploying to {where.describe()}")
    if target == "ghp":
        command = [
            sys.executable,
            "-m",
            "ghp_import",
            "--no-jekyll",
            "--push",
            "--force",
            "--remote",
            where.remote,
            "--branch",
            where.branch,
            "--message",
            "Publish the site",
            str(site),
        ]
        cwd = ROOT
    else:
        command = [
            "rsync",
            "--archive",
            "--checksum",
            "--delete",
            "--compress",
            f"{site}/",
            where.rsync,
        ]
        cwd = None
    result = subprocess.run(command, cwd=cwd, check=False)
    if result.returncode != 0:
        raise Exit(
            f"The deploy to {where.describe()} failed ({command[0]} exited with "
            f"{result.returncode}); output/ still holds the previous build.",
            code=result.returncode,
        )


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); False when the
    system or the filesystem cannot."""
    import ctypes
    import os

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(
        at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange
    )
    return result == 0


def swap_in(staging: Path, output: Path) -> None:
    """Replace output/ with the checked build: one atomic exchange, so
    output/ always holds a whole site, the old one or the new one."""
    output = ensure_safe_output(output)
    if output.exists() and _exchange(staging, output):
        shutil.rmtree(staging)  # it now holds the previous build
        return
    # Without an atomic exchange: two renames, the old build kept aside
    # until the new one is in place.
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
        "remote": "ghp: the Git remote (or repository URL) to push to "
        "(default: DEPLOY_REMOTE, origin)",
        "branch": "ghp: the branch to publish to (default: GITHUB_PAGES_BRANCH, "
        "gh-pages)",
        "dry-run": "build and check, then stop before deploying",
    }
)
def publish(c, target=None, remote=None, branch=None, dry_run=False):
    """Build, check and deploy the site; output/ changes only if all pass.

    Refuses first while a setting is still the sample's (author, reply
    address, social handles, public address), and says where it will
    deploy. The build (errors fatal) goes into a fresh folder next to
    output/; it is checked, deployed, then swapped in as output/ in one
    atomic step. A failed or interrupted build, a failed check or a failed
    deploy leaves output/ as it was and deploys nothing.
    """
    settings = read_settings(PUBLISH_SETTINGS)
    target = target or settings.get("DEPLOY_TARGET", "ghp")
    placeholders = placeholder_problems(settings)
    if placeholders and not dry_run:
        raise Exit(
            "Refusing to publish: these settings are still the sample's.\n"
            + "\n".join(f"- {problem}" for problem in placeholders),
            code=2,
        )
    for problem in placeholders:
        print(f"Note: {problem}")
    if not dry_run:
        check_deploy_credentials(target, settings)
    try:
        where = destinations.resolve(
            ROOT, settings, target=target, remote=remote, branch=branch
        )
    except destinations.DestinationError as error:
        if not dry_run:
            raise Exit(f"Refusing to publish: {error}", code=2) from None
        where = None
        print(f"Note: {error}")
    if where is not None:
        print(f"Publishing to {where.describe()}")
    output = ensure_safe_output(Path(settings["OUTPUT_PATH"]))
    output.parent.mkdir(parents=True, exist_ok=True)
    # Next to output/, so the swap is a rename on one filesystem.
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}.staging-", dir=output.parent)
    )
    try:
        run_pelican(PUBLISH_SETTINGS, staging)
        check(c, output=str(staging))
        if dry_run:
            # output/ stays the author's own build: a production build there
            # would send every local click to the public address.
            print(
                f"Dry run: the build passed its checks; not deploying to {target}, "
                f"and {output} is unchanged."
            )
            return
        deploy(staging, where, settings)
        swap_in(staging, output)
        print(f"{output} now holds the published build.")
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


@task(
    help={
        "posts": "posts in the generated corpus (default 1000; 20 with --quick)",
        "runs": "runs of each build, alternated; the median is reported (default 3)",
        "seed": "corpus seed (default: bench.corpus.DEFAULT_SEED)",
        "quick": "a tiny corpus, one run: checks that the benchmark works",
        "profile": "also write pyinstrument and cProfile text profiles of a "
        "cold build and a one-post rebuild to bench/profiles/",
        "strict": "exit 1 when a budget is not met",
    }
)
def bench(
    c, posts=None, runs=None, seed=None, quick=False, profile=False, strict=False
):
    """Benchmark build cost and page weight against the budgets (bench/README.md).

    Writes bench/results.json and bench/results.md (--quick: under
    bench/work/quick/) and prints the table; the corpus and scratch builds go
    to bench/work/.
    """
    command = [sys.executable, "-m", "bench.run"]
    for option, value in (("--posts", posts), ("--runs", runs), ("--seed", seed)):
        if value is not None:
            command += [option, str(value)]
    if quick:
        command.append("--quick")
    if strict:
        command.append("--strict")
    result = subprocess.run(command, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(code=result.returncode)
    if profile:
        command = [sys.executable, "-m", "bench.profile"]
        if posts is not None:
            command += ["--posts", str(posts)]
        if seed is not None:
            command += ["--seed", str(seed)]
        if quick:
            command.append("--quick")
        subprocess.run(command, cwd=ROOT, check=True)
