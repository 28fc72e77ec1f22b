"""Authoring and publishing tasks. `invoke --list` describes each one.

Every task runs Pelican in a child process with this environment's Python,
so a plugin or settings change takes effect on the next build without
restarting anything.

What the machine must provide (system tools, a free port, a folder to write
in, disk space) is checked by the `machine` package before anything slow
starts; a task it stops ends with one line saying what is missing and the
fix, never a traceback (@machine_errors_in_one_line).
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

from invoke import Exit, task

from machine import folders, ports
from machine import tools as system_tools
from machine.errors import MachineError, from_os_error, is_system_error
from sitecheck.bytecode import ensure_bytecode
from sitecheck.pelican_run import pelican_command

ROOT = Path(__file__).resolve().parent
# Once per environment (see sitecheck/bytecode.py): every build after it
# starts from compiled bytecode, and `uv run` compiles nothing.
if ensure_bytecode(ROOT / "uv.lock"):
    print("Compiled the installed packages (once).", file=sys.stderr)
# The plugins' shared helpers (plugins/sitekit), written once for all.
sys.path.insert(0, str(ROOT / "plugins"))
from sitekit.paths import inside  # noqa: E402

from publishing import destination as destinations  # noqa: E402
from publishing.placeholders import placeholder_problems  # noqa: E402

DEV_SETTINGS = ROOT / "pelicanconf.py"
PUBLISH_SETTINGS = ROOT / "publishconf.py"
DEFAULT_PORT = 8000


def machine_errors_in_one_line(body):
    """Under @task: what the machine lacks (a tool, a port, a writable
    folder, disk space) ends the task with its one line and status 2."""

    @functools.wraps(body)
    def run(*args, **kwargs):
        try:
            return body(*args, **kwargs)
        except MachineError as error:
            raise Exit(str(error), code=2) from None
        except OSError as error:
            if not is_system_error(error):
                raise
            command = f"run `invoke {body.__name__.replace('_', '-')}`"
            raise Exit(str(from_os_error(error, command)), code=2) from None

    return run


def require_tools(command: str, *purposes: str, npm_ci: bool = False) -> None:
    """Stop before anything starts when a system tool these purposes need is
    missing: one line for each, with the package to install. ``npm_ci``:
    the command then runs ensure_node_tools(), so npm too is looked for
    now, with the rest, if the npm tools will have to be installed."""
    if npm_ci and node_tools_outdated():
        purposes += ("npm-ci",)
    system_tools.require(*purposes, stopped=f"`{command}` did not start")


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


def run_pelican(
    settings_file: Path, output: Path, outcome: str = "Nothing was published."
) -> None:
    """Build the site; raise Exit with Pelican's status when it fails.

    ``outcome`` ends the message: what the failure left as it was."""
    result = subprocess.run(
        pelican_command(settings_file, output), cwd=ROOT, check=False
    )
    if result.returncode != 0:
        raise Exit(
            f"The build failed (pelican exited with {result.returncode}); "
            f"see the messages above. {outcome}",
            code=result.returncode,
        )


def build_into(settings_file: Path, output: Path, *, incremental: bool) -> None:
    """Build into output/ itself; if the build fails for any reason (a full
    disk, a read-only folder, Ctrl-C), output/ is left as it was.

    ``incremental``: start from a copy of the current output, so unchanged
    pages are reused; otherwise from nothing, as `rebuild` does."""
    doing = f"build into {output}"
    folders.ensure_writable(output.parent, doing)
    if output.exists():
        folders.ensure_writable(output, doing)
    with folders.kept_unless_done(output, start_from_current=incremental, doing=doing):
        run_pelican(settings_file, output, f"{output} is as it was.")


def remove_output(output: Path) -> None:
    """Delete an output folder, after ensure_safe_output() has accepted it."""
    output = ensure_safe_output(output)
    if output.is_symlink() or output.is_file():
        raise Exit(f"Refusing to remove {output}: it is not a folder.", code=2)
    try:
        if output.exists():
            shutil.rmtree(output)
    except OSError as error:
        if not is_system_error(error):
            raise
        raise from_os_error(error, f"remove {output}", output) from None


def leftovers(output: Path) -> list[Path]:
    """Staging and kept folders that an interrupted build or publish left."""
    return sorted(
        [
            *output.parent.glob(f".{output.name}.staging-*"),
            *output.parent.glob(f".{output.name}.previous"),
            *folders.leftovers(output),
        ]
    )


@task(help={"output": "folder to build into (default: OUTPUT_PATH, output/)"})
@machine_errors_in_one_line
def build(c, output=None):
    """Build the site with the development settings (pelicanconf.py)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    build_into(DEV_SETTINGS, target, incremental=True)


@task(help={"output": "folder to remove (default: output/)"})
@machine_errors_in_one_line
def clean(c, output=None):
    """Remove the output folder (never one that holds sources).

    Also removes the staging folders an interrupted publish left next to it.
    """
    target = ensure_safe_output(Path(output) if output else default_output())
    remove_output(target)
    for leftover in leftovers(target):
        shutil.rmtree(leftover)


@task(help={"output": "folder to rebuild (default: output/)"})
@machine_errors_in_one_line
def rebuild(c, output=None):
    """Build from a clean output folder (the old one stays until it succeeds)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    if target.is_symlink() or target.is_file():
        raise Exit(f"Refusing to remove {target}: it is not a folder.", code=2)
    build_into(DEV_SETTINGS, target, incremental=False)


@task(
    help={
        "port": f"port to listen on (default {DEFAULT_PORT})",
        "output": "folder to serve (default: output/)",
    }
)
@machine_errors_in_one_line
def serve(c, port=None, output=None):
    """Serve the output on http://127.0.0.1:PORT with the production headers."""
    from sitecheck.server import serve_forever

    # A string until checked here: invoke's own int() would end in a traceback.
    port = ports.parse(port or DEFAULT_PORT)
    folder = Path(output) if output else default_output()
    if not folder.is_dir():
        raise Exit(f"{folder} does not exist yet: run `invoke build` first.", code=2)
    ports.ensure_free(port, "invoke serve")
    print(f"Serving {folder} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    with ports.bind_refusals_explained(port, "invoke serve"):
        serve_forever(folder, port)


@task(help={"port": f"port to listen on (default {DEFAULT_PORT})"})
@machine_errors_in_one_line
def livereload(c, port=None):
    """Preview at 127.0.0.1:PORT: each save rebuilds and reloads the page.

    Watches content/, theme/, plugins/ and pelicanconf.py. Pelican stays
    loaded in a worker process, so a save costs only the rebuild; the pages
    are served with the production headers (sitecheck/preview.py).
    """
    from sitecheck.livebuild import LiveBuilder
    from sitecheck.preview import Preview, describe

    port = ports.parse(port or DEFAULT_PORT)
    # Before the first build: a busy port should not cost the author a build.
    ports.ensure_free(port, "invoke livereload")
    output = ensure_safe_output(default_output())
    folders.ensure_writable(output.parent, f"build into {output}")
    if output.exists():
        folders.ensure_writable(output, f"build into {output}")
    builder = LiveBuilder(DEV_SETTINGS, output)
    with ports.bind_refusals_explained(port, "invoke livereload"):
        preview = Preview(builder, output, port=port)
    try:
        print("Building the site...", flush=True)
        first = preview.build()
        print(describe(first, set(), ROOT), flush=True)
        preview.start()
        print(
            f"Preview on {preview.url} - each save rebuilds and reloads the "
            "page (Ctrl-C to stop)",
            flush=True,
        )
        preview.watcher.join()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()


@task(help={"output": "folder to build into (default: output/)"})
@machine_errors_in_one_line
def preview(c, output=None):
    """Build with the production settings (publishconf.py)."""
    target = ensure_safe_output(Path(output) if output else default_output())
    # publishconf.py empties the output first: nothing to start from.
    build_into(PUBLISH_SETTINGS, target, incremental=False)


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
@machine_errors_in_one_line
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
        "export": "the WordPress export (Tools > Export > All content), an .xml file",
        "uploads": "a local copy of the old site's wp-content/uploads folder",
        "keep-original-link": "set Original_url to each post's WordPress address "
        '("Link to original post" and the canonical link): only while that '
        "site stays online",
        "force": "replace files you edited since the last import",
        "dry-run": "report what the import would change; write nothing",
        "post-types": "comma-separated WordPress post types to import "
        "(default: post,page)",
        "content": "the content folder to import into (default: content/)",
    }
)
def import_wordpress(
    c,
    export,
    uploads=None,
    keep_original_link=False,
    force=False,
    dry_run=False,
    post_types="post,page",
    content=None,
):
    """Import a WordPress export: posts, pages, images, comments, redirects."""
    from wordpress.run import run_import

    code = run_import(
        export,
        content=Path(content) if content else ROOT / "content",
        uploads=uploads,
        keep_original_link=keep_original_link,
        force=force,
        dry_run=dry_run,
        post_types=post_types,
        settings=read_settings(DEV_SETTINGS),
    )
    if code:
        raise Exit(code=code)


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
@machine_errors_in_one_line
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
    prepare_check_tools("invoke check", checks)
    if not run_all(folder, public_url=public_url, checks=checks, meta_only=meta_csp):
        raise Exit("The site checks failed: see the problems listed above.", code=1)


def prepare_check_tools(command: str, checks: list[str] | None) -> None:
    """What the chosen checks (default: all) run on, checked before any of
    them starts; then the npm tools, installed if need be."""
    chosen = set(checks or ["html", "browser"])
    purposes = [f"check:{name}" for name in ("html", "browser") if name in chosen]
    if not purposes:
        return
    require_tools(command, *purposes, npm_ci=True)
    ensure_node_tools()  # axe-core and vnu-jar, pinned in package-lock.json


@task(
    help={
        "output": "audit this built folder (default: a fresh publish build "
        "whose public URL is the local server)"
    }
)
@machine_errors_in_one_line
def audit(c, output=None):
    """Lighthouse (mobile) scores of the reference post, a tag page and home.

    A report, not a test: the JSON and HTML reports go to
    test-artifacts/lighthouse/."""
    require_tools("invoke audit", "audit", npm_ci=True)
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


def git_here(*args: str) -> subprocess.CompletedProcess:
    """A git command in the project, its output captured."""
    return subprocess.run(
        ["git", *args],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )


def check_github_pages_repository() -> None:
    """Exit when the project is no Git repository (ghp-import commits the
    build to a branch of it before pushing)."""
    from machine import deploy_errors

    if git_here("rev-parse", "--git-dir").returncode != 0:
        raise Exit(deploy_errors.not_a_repository(str(ROOT)), code=2)


def deploy(site: Path, where: destinations.Destination, settings: dict) -> None:
    """Send the checked build to GitHub Pages (ghp-import) or by rsync.

    The child processes inherit the environment and read your ssh and git
    configuration: that is where credentials come from. A target that
    refuses ends with one line (machine/deploy_errors.py) under the tool's
    own messages."""
    target = where.target
    check_deploy_settings(target, settings)
    print(f"Deploying to {where.describe()}")
    if target == "ghp":
        deploy_to_github_pages(site, where)
    else:
        deploy_by_rsync(site, where.rsync)


def deploy_to_github_pages(site: Path, where: destinations.Destination) -> None:
    """ghp-import commits the build to the branch, then git pushes it: a
    refused push is git's own exit status, not a ghp-import traceback."""
    from machine import deploy_errors

    check_github_pages_repository()
    branch = where.branch

    def head() -> str:
        return git_here(
            "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"
        ).stdout

    before = head()
    imported = subprocess.run(
        [
            sys.executable,
            "-m",
            "ghp_import",
            "--no-jekyll",
            "--branch",
            where.branch,
            "--message",
            "Publish the site",
            str(site),
        ],
        cwd=ROOT,
        check=False,
    )
    # A failed `git fast-import` is only reported: ghp-import still exits 0.
    if imported.returncode != 0 or head() in ("", before):
        raise Exit(deploy_errors.git_import_failure(branch), code=1)
    pushed = subprocess.run(
        ["git", "push", "--force", where.remote, branch], cwd=ROOT, check=False
    )
    if pushed.returncode != 0:
        raise Exit(
            deploy_errors.git_push_failure(
                pushed.returncode, where.remote, where.url, branch
            ),
            code=pushed.returncode,
        )


def deploy_by_rsync(site: Path, destination: str) -> None:
    from machine import deploy_errors

    command = [
        "rsync",
        "--archive",
        "--checksum",
        "--delete",
        "--compress",
        f"{site}/",
        destination,
    ]
    result = subprocess.run(command, check=False)
    if result.returncode != 0:
        raise Exit(
            deploy_errors.rsync_failure(result.returncode, destination),
            code=result.returncode,
        )


def swap_in(staging: Path, output: Path) -> None:
    """Replace output/ with the checked build: one atomic exchange, so
    output/ always holds a whole site, the old one or the new one."""
    output = ensure_safe_output(output)
    if output.exists() and folders.exchange(staging, output):
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
@machine_errors_in_one_line
def publish(c, target=None, remote=None, branch=None, dry_run=False):
    """Build, check and deploy the site; output/ changes only if all pass.

    Refuses first while a setting is still the sample's (author, reply
    address, social handles, public address), and says where it will
    deploy. The tools all this needs are looked for before anything starts.
    The build (errors fatal) goes into a fresh folder next to output/; it
    is checked, deployed, then swapped in as output/ in one atomic step. A
    failed or interrupted build, a full disk, a failed check or a failed
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
    # Everything the build, the checks and the deploy need, before any of
    # them starts: a missing rsync is no news after minutes of building.
    if dry_run:
        require_tools(
            "invoke publish --dry-run", "check:html", "check:browser", npm_ci=True
        )
    else:
        check_deploy_credentials(target, settings)
        require_tools(
            "invoke publish",
            "check:html",
            "check:browser",
            f"publish:{target}",
            npm_ci=True,
        )
        check_deploy_settings(target, settings)
        if target == "ghp":
            check_github_pages_repository()
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
    folders.ensure_writable(output.parent, f"publish into {output}")
    if output.exists():
        folders.ensure_writable(output, f"publish into {output}")
    ensure_node_tools()
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
@machine_errors_in_one_line
def test(c):
    """Run the whole test suite (installs the npm tools it needs first).

    Every system tool the tests use is looked for first: a missing one stops
    the run within seconds, one line each, before `npm ci` or pytest start."""
    require_tools("invoke test", "test", npm_ci=True)
    ensure_node_tools()
    result = subprocess.run([sys.executable, "-m", "pytest"], cwd=ROOT, check=False)
    if result.returncode != 0:
        raise Exit(code=result.returncode)


def node_tools_outdated() -> bool:
    """node_modules/ is missing or older than package-lock.json."""
    lock = ROOT / "package-lock.json"
    marker = ROOT / "node_modules" / ".package-lock.json"
    if not lock.exists():
        return False
    return not marker.exists() or marker.stat().st_mtime < lock.stat().st_mtime


def ensure_node_tools() -> None:
    """`npm ci` when node_modules is missing or older than the lock file."""
    if not node_tools_outdated():
        return
    require_tools("npm ci", "npm-ci")
    installed = subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=False
    )
    if installed.returncode != 0:
        raise Exit(
            f"`npm ci` failed (exit {installed.returncode}; npm's messages are "
            "above): the npm tools the checks need (axe-core, vnu-jar, "
            f"Lighthouse) are not installed. Fix what npm names, then run "
            f"`npm ci` in {ROOT}.",
            code=2,
        )


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
@machine_errors_in_one_line
def bench(
    c, posts=None, runs=None, seed=None, quick=False, profile=False, strict=False
):
    """Benchmark build cost and page weight against the budgets (bench/README.md).

    Writes bench/results.json and bench/results.md (--quick: under
    bench/work/quick/) and prints the table; the corpus and scratch builds go
    to bench/work/.
    """
    require_tools("invoke bench", "bench")
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
