"""The browser run: every HTML page of the output, in Debian's Chromium.

The output is served on 127.0.0.1 by sitecheck.server, with the headers of
its own ``_headers`` file, so Chromium enforces the real Content-Security-
Policy. Chromium visits each page at its public address (a publish build links
its assets absolutely, to https://signal-and-noise.example.com/...): every
request to the site's own origin is answered by the local server, and every
request to any other origin is recorded and refused. That way the page's
origin, and so CSP 'self', is what it is in production.

On every page: no console error or uncaught exception, no failed request, no
request to another origin, no CSP violation (an init script records each
``securitypolicyviolation`` event), and every ``.chart__plot`` ends up holding
Plotly's ``.main-svg``. axe-core then checks the page against WCAG 2.1 A and
AA and its best practices, in the light and the dark colour scheme.

A page that only sends the reader on (a zero-second meta refresh: the old
addresses of a blog imported from WordPress) is checked as a reader sees
it before it leaves: its refresh is held back, so the checks see that page
and not the one it leads to, which they visit anyway. The links check
verifies that the refresh leads to a page of the site.

``meta_only=True`` serves the site without its ``_headers``, as GitHub Pages
does: each page is then under the policy of its own
``<meta http-equiv="Content-Security-Policy">`` alone, and must pass all the
same.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .problems import CheckResult, Problem
from .server import serve_in_background
from .site import Site
from .tools import CHROMIUM_ARGS, axe_source, chromium

BROWSER = "browser"
ACCESSIBILITY = "accessibility"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCHEMES = ("light", "dark")
VIEWPORT = {"width": 1280, "height": 900}
LOAD_TIMEOUT_MS = 30_000
IDLE_TIMEOUT_MS = 10_000
QUIET_MS = 150
# Two browsers in parallel: the machine (and CI) has two cores.
WORKERS = 2
CHART_TIMEOUT_MS = 15_000

META_REFRESH = re.compile(rb"<meta\s[^>]*http-equiv=[\"']?refresh[^>]*>", re.IGNORECASE)

META_POLICY = 'head > meta[http-equiv="Content-Security-Policy" i]'
CSP_RECORDER = """
(() => {
  const seen = [];
  Object.defineProperty(window, "__sitecheckCsp", { value: seen });
  document.addEventListener("securitypolicyviolation", (event) => {
    seen.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
    });
  }, true);
})();
"""

CHARTS_RENDERED = """
() => Array.from(document.querySelectorAll(".chart__plot"))
  .every((plot) => plot.querySelector(".main-svg"))
"""

CHART_STATES = """
() => Array.from(document.querySelectorAll(".chart__plot")).map((plot, index) => {
  const figure = plot.closest("figure") || plot;
  const caption = figure.querySelector("figcaption");
  return {
    index: index + 1,
    id: plot.id || figure.id || "",
    rendered: Boolean(plot.querySelector(".main-svg")),
    caption: caption ? caption.innerText.trim().slice(0, 80) : "",
    text: plot.innerText.trim().slice(0, 200),
  };
})
"""

SETTLE = """
() => new Promise((resolve) =>
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50))))
"""

AXE_RUN = """
async (options) => {
  const results = await window.axe.run(document, options);
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({
      target: n.target.map((t) => Array.isArray(t) ? t.join(" >>> ") : t).join(" "),
      html: n.html || "",
      summary: n.failureSummary || "",
    })),
  }));
}
"""

FIX_CONSOLE = (
    "A script failed on this page: the message and its source say where "
    "(theme/static/js/, or the chart plugin's output). Open the page "
    "with `invoke serve` and the browser's console to reproduce it."
)
FIX_REQUEST = (
    "The page loads something that is missing or failing: correct the "
    "reference (the links check lists it too) or add the file, rebuild."
)
FIX_FOREIGN = (
    "Pages must load nothing from another origin (readers' privacy, the "
    "CSP, offline reading): copy the file under theme/static/ and load it "
    "through asset_url(), or remove it. Plain <a href> links are fine."
)
FIX_CSP_SCRIPT = (
    "The CSP (script-src 'self') blocks inline scripts and event-handler "
    "attributes: move code into a file under theme/static/js/ loaded "
    'with <script src>, keep data in <script type="application/json">, '
    "and never put a raw <script> in a post."
)
FIX_CSP_OTHER = (
    "Load it from the site itself (img-src allows 'self' and data:, "
    "everything else 'self' only), or change CONTENT_SECURITY_POLICY in "
    "pelicanconf.py if the policy itself must change."
)
FIX_CHART = (
    "The chart did not render: check this page's console errors, that "
    "charts.js and the Plotly bundle are in the output, and the chart's "
    "block and CSV (a publish build with CHARTS_STRICT reports chart errors)."
)


@dataclass
class Visit:
    """What was seen while one page was open."""

    page: str
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    inflight: set = field(default_factory=set)  # Playwright requests


def failed(site: Site, seen: Visit, request) -> None:
    """A request that did not complete: refused by us (another origin), by the
    CSP before it left (recorded as a violation; another origin is still
    named as such), or by the network."""
    url = request.url
    seen.inflight.discard(request)
    if url in seen.foreign:
        return
    own = site.classify(url, site.public_url + "/").kind == "internal"
    if request.failure == "csp":
        if not own and not url.startswith(("data:", "blob:")):
            seen.foreign.append(f"{url} (blocked by the CSP)")
        return
    seen.failed.append(f"{short(site, url)} ({request.failure or 'failed'})")


def describe_error(site: Site, error) -> str:
    """An uncaught exception: its message and where it was thrown."""
    text = f"{error.name}: {error.message}" if error.name else str(error)
    frames = [
        line.strip()
        for line in (error.stack or "").splitlines()
        if line.strip().startswith("at ")
    ]
    if frames:
        text += f" ({short(site, frames[0])})"
    return text


def wait_until_quiet(page, seen: Visit) -> bool:
    """Wait until no request has been in flight for QUIET_MS (False: timed out).

    Playwright's "networkidle" waits a fixed 500 ms, which over every page of
    the site is most of the run; the page's own request events say sooner.
    """
    deadline = time.monotonic() + IDLE_TIMEOUT_MS / 1000
    quiet_since = None
    while time.monotonic() < deadline:
        if seen.inflight:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= QUIET_MS / 1000:
            return True
        page.wait_for_timeout(25)
    return False


def run(
    site: Site,
    *,
    axe_pages: Iterable[str] | None = None,
    schemes: Iterable[str] = SCHEMES,
    progress: Callable[[str], None] | None = None,
    workers: int = WORKERS,
    meta_only: bool = False,
) -> list[CheckResult]:
    """Visit every HTML page; return the browser and the accessibility results.

    ``axe_pages`` limits axe to those output files (default: every page).
    ``workers`` browsers share the pages (each in its own thread: Playwright's
    sync API wants one instance per thread).
    """
    executable = chromium()
    axe = axe_source()
    schemes = tuple(schemes)
    pages = site.html_pages
    axe_set = set(pages if axe_pages is None else axe_pages)
    outcomes: dict[str, PageOutcome] = {}
    failures: list[BaseException] = []
    lock = threading.Lock()
    counter = iter(range(1, len(pages) + 1))

    def report(page_file: str) -> None:
        if progress:
            with lock:
                number = next(counter)
            progress(f"[{number}/{len(pages)}] {site.site_path(page_file)}")

    def work(chunk: list[str]) -> None:
        try:
            for page_file, outcome in visit_all(
                executable, site, local, chunk, axe, axe_set, schemes, report, meta_only
            ):
                outcomes[page_file] = outcome
        except BaseException as error:  # re-raised in the calling thread
            failures.append(error)

    server, local = serve_in_background(site.folder, send_headers=not meta_only)
    try:
        workers = max(1, min(workers, len(pages)))
        threads = [
            threading.Thread(target=work, args=(pages[i::workers],), daemon=True)
            for i in range(workers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.shutdown()
        server.server_close()
    if failures:
        raise failures[0]

    browser_result = CheckResult(BROWSER)
    a11y_result = CheckResult(ACCESSIBILITY)
    stats = {"pages": 0, "charts": 0}
    a11y_stats = {"pages": 0, "axe runs": 0, "violations": 0, "elements": 0}
    for page_file in pages:
        outcome = outcomes[page_file]
        stats["pages"] += 1
        stats["charts"] += outcome.charts
        browser_result.problems += outcome.problems
        if page_file in axe_set:
            a11y_stats["pages"] += 1
            a11y_stats["axe runs"] += len(schemes)
            a11y_stats["violations"] += len(outcome.violations)
            a11y_stats["elements"] += outcome.elements
            a11y_result.problems += outcome.violations
    browser_result.stats = stats
    a11y_result.stats = a11y_stats
    return [browser_result, a11y_result]


@dataclass
class PageOutcome:
    problems: list[Problem]
    violations: list[Problem]
    charts: int
    elements: int


def visit_all(
    executable, site, local, pages, axe, axe_set, schemes, report, meta_only=False
):
    """One browser, one context, a fresh tab per page: yield each page's outcome."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(
                color_scheme="light", viewport=VIEWPORT, service_workers="block"
            )
            context.add_init_script(CSP_RECORDER)
            for page_file in pages:
                report(page_file)
                problems, violations, charts, nodes = visit(
                    context,
                    site,
                    local,
                    page_file,
                    axe if page_file in axe_set else None,
                    schemes,
                    meta_only,
                )
                yield page_file, PageOutcome(problems, violations, charts, nodes)
            context.close()
        finally:
            browser.close()


def visit(
    context,
    site: Site,
    local: str,
    page_file: str,
    axe: str | None,
    schemes: tuple[str, ...],
    meta_only: bool = False,
) -> tuple[list[Problem], list[Problem], int, int]:
    """Open one page: its browser problems, its axe problems, how many charts
    it has and how many elements axe faulted."""
    from playwright.sync_api import Error as PlaywrightError

    seen = Visit(page_file)
    problems: list[Problem] = []
    add = lambda message, fix: problems.append(  # noqa: E731
        Problem(page_file, BROWSER, message, fix)
    )
    page = context.new_page()
    url = site.address(page_file)
    held = url if sends_on(site, page_file) else None
    page.route("**/*", router(site, local, seen, hold_refresh=held))
    page.on(
        "console",
        lambda msg: seen.console.append(msg.text) if msg.type == "error" else None,
    )
    page.on(
        "pageerror",
        lambda error: seen.errors.append(describe_error(site, error)),
    )
    page.on("request", lambda request: seen.inflight.add(request))
    page.on("requestfinished", lambda request: seen.inflight.discard(request))
    page.on(
        "requestfailed",
        lambda request: failed(site, seen, request),
    )
    page.on(
        "response",
        lambda response: (
            seen.failed.append(f"{short(site, response.url)} (HTTP {response.status})")
            if response.status >= 400
            else None
        ),
    )
    a11y: list[Problem] = []
    charts = nodes = 0
    csp: list[dict] = []
    try:
        try:
            response = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        except PlaywrightError as error:
            add(
                f"The page did not load: {first_line(error)}",
                "Check that the file is complete HTML; `invoke serve` and open it.",
            )
            return report_visit(page_file, seen, problems, csp), a11y, 0, 0
        if response is None or response.status != 200:
            status = response.status if response else "?"
            add(
                f"The page was served with HTTP {status}.",
                "The output file exists, so the server or _headers is at fault.",
            )
        elif meta_only and not page.locator(META_POLICY).count():
            add(
                'The page has no <meta http-equiv="Content-Security-Policy">, so '
                "on a host that sends no headers (GitHub Pages) it runs without "
                "a policy.",
                "Keep the meta tag at the top of <head> in theme/templates/"
                "base.html (every template extends it).",
            )
        elif not meta_only and "content-security-policy" not in response.headers:
            add(
                "The page was served without a Content-Security-Policy header, so CSP "
                "violations cannot be caught.",
                "Keep TEMPLATE_PAGES' _headers (theme/templates/_headers, rendered "
                "to the output's _headers) with the CSP for /* .",
            )
        if not wait_until_quiet(page, seen):
            add(
                f"The page was still loading {IDLE_TIMEOUT_MS // 1000} s after its "
                "load event: "
                + ", ".join(sorted(short(site, r.url) for r in seen.inflight)),
                "Something keeps requesting: look for polling or a retry loop in the "
                "page's scripts.",
            )
        charts, a11y, nodes, csp = inspect(page, page_file, axe, schemes, problems)
    except PlaywrightError as error:
        add(
            f"The browser failed while checking this page: {first_line(error)}",
            "Open the page with `invoke serve`: a script may hang or crash the tab.",
        )
    finally:
        page.close()
    return report_visit(page_file, seen, problems, csp), a11y, charts, nodes


def inspect(page, page_file, axe, schemes, problems):
    """Charts, then axe in each scheme; return charts, axe problems, faulted
    elements and the CSP violations recorded."""
    a11y: list[Problem] = []
    nodes = 0
    charts = page.locator(".chart__plot").count()
    chart_faults = chart_problems(page, page_file, charts, "light")
    problems += chart_faults
    if axe is not None:
        page.evaluate(axe)
        found: dict[tuple, dict] = {}
        for scheme in schemes:
            page.emulate_media(color_scheme=scheme)
            page.evaluate(SETTLE)
            if scheme != "light" and not chart_faults:
                problems += chart_problems(page, page_file, charts, scheme)
            for violation in page.evaluate(AXE_RUN, axe_options()):
                key = (
                    violation["id"],
                    tuple(n["target"] for n in violation["nodes"]),
                )
                found.setdefault(key, dict(violation, schemes=[]))["schemes"].append(
                    scheme
                )
        a11y = [axe_problem(page_file, v) for v in found.values()]
        nodes = sum(len(v["nodes"]) for v in found.values())
    csp = page.evaluate("() => window.__sitecheckCsp || []")
    return charts, a11y, nodes, csp


def report_visit(page_file: str, seen: Visit, problems: list[Problem], csp):
    """The page's problems, from what its listeners recorded."""

    def add(message: str, fix: str) -> None:
        problems.append(Problem(page_file, BROWSER, message, fix))

    problems += csp_problems(page_file, csp)
    csp_console = [m for m in seen.console if "Content Security Policy" in m]
    if csp_console and not csp:
        problems += [
            Problem(page_file, BROWSER, f"CSP violation: {m}", FIX_CSP_OTHER)
            for m in dict.fromkeys(csp_console)
        ]
    for message in dict.fromkeys(seen.console):
        if message.startswith("Failed to load resource") or message in csp_console:
            continue  # reported as a failed request or a CSP violation
        add(f"Console error: {message}", FIX_CONSOLE)
    for message in dict.fromkeys(seen.errors):
        add(f"Uncaught exception: {message}", FIX_CONSOLE)
    for message in dict.fromkeys(seen.failed):
        add(f"Failed request: {message}", FIX_REQUEST)
    for foreign in dict.fromkeys(seen.foreign):
        add(f"Request to another origin: {foreign}", FIX_FOREIGN)
    return problems


def sends_on(site: Site, page_file: str) -> bool:
    """Whether the page is a meta-refresh redirect."""
    tree = site.parse(page_file)
    return tree is not None and bool(
        tree.xpath("//meta[translate(@http-equiv, 'REFSH', 'refsh') = 'refresh']")
    )


def router(site: Site, local: str, seen: Visit, hold_refresh: str | None = None):
    """Answer the site's own origin from the local server; refuse the rest.

    ``hold_refresh``: the address of a redirect page whose meta refresh is
    left out, so the page stays open for the checks."""
    from playwright.sync_api import Error as PlaywrightError

    base_path = site.base_path

    def handle(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        own = f"{parts.scheme}://{parts.netloc}".lower() == site.origin
        path = parts.path or "/"
        if own and (
            not base_path or path == base_path or path.startswith(base_path + "/")
        ):
            local_url = local + (path[len(base_path) :] or "/")
            if parts.query:
                local_url += "?" + parts.query
            try:
                response = route.fetch(url=local_url, max_redirects=0)
            except PlaywrightError as error:
                seen.failed.append(f"{path} (local server: {first_line(error)})")
                route.abort("failed")
                return
            if hold_refresh is not None and url == hold_refresh:
                body = META_REFRESH.sub(b"", response.body())
                route.fulfill(response=response, body=body)
                return
            route.fulfill(response=response)
        else:
            seen.foreign.append(url)
            route.abort("blockedbyclient")

    return handle


SCROLL_TO_CHARTS = """
() => document.querySelectorAll(".chart__plot").forEach(
  (plot) => plot.scrollIntoView({block: "center"}))
"""


def chart_problems(page, page_file: str, charts: int, scheme: str) -> list[Problem]:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    if not charts:
        return []
    # charts.js fetches plotly.js when a chart nears the viewport: bring each
    # chart into view, as a reader scrolling down would.
    page.evaluate(SCROLL_TO_CHARTS)
    try:
        page.wait_for_function(CHARTS_RENDERED, timeout=CHART_TIMEOUT_MS)
        return []
    except PlaywrightTimeout:
        pass
    problems = []
    for chart in page.evaluate(CHART_STATES):
        if chart["rendered"]:
            continue
        name = chart["caption"] or chart["id"] or f"chart {chart['index']}"
        shown = f" It shows: {chart['text']!r}." if chart["text"] else ""
        problems.append(
            Problem(
                page_file,
                BROWSER,
                f"Chart {chart['index']} ({name}) did not render in the {scheme} "
                f"scheme within {CHART_TIMEOUT_MS // 1000} s (no .main-svg in its "
                f".chart__plot).{shown}",
                FIX_CHART,
            )
        )
    return problems


def csp_problems(page_file: str, events: list[dict]) -> list[Problem]:
    problems = []
    seen = set()
    for event in events:
        blocked = event.get("blocked") or "?"
        directive = event.get("directive") or "?"
        what = {"inline": "an inline script or style", "eval": "eval()"}.get(
            blocked, blocked
        )
        if directive.startswith("script-src") and blocked == "inline":
            what = "an inline script"
        where = ""
        if event.get("line"):
            where = f" at line {event['line']}"
        sample = f": {event['sample']!r}" if event.get("sample") else ""
        message = f"CSP violation: {directive} blocked {what}{where}{sample}"
        if message in seen:
            continue
        seen.add(message)
        fix = FIX_CSP_SCRIPT if directive.startswith("script-src") else FIX_CSP_OTHER
        problems.append(Problem(page_file, BROWSER, message, fix))
    return problems


def axe_options() -> dict:
    return {
        "runOnly": {"type": "tag", "values": AXE_TAGS},
        "resultTypes": ["violations"],
    }


def axe_problem(page_file: str, violation: dict) -> Problem:
    schemes = " and ".join(violation["schemes"])
    nodes = violation["nodes"]
    shown = nodes[:5]
    targets = "".join(f"\n  \u2022 {n['target']}  {snippet(n['html'])}" for n in shown)
    if len(nodes) > len(shown):
        targets += f"\n  \u2022 ... and {len(nodes) - len(shown)} more"
    summary = " ".join(nodes[0]["summary"].split()) if nodes else ""
    message = (
        f"{violation['help']} [axe {violation['id']}, {violation['impact']}, "
        f"{schemes} scheme{'s' if len(violation['schemes']) > 1 else ''}]"
        f"{targets}"
    )
    fix = f"{summary} See {violation['helpUrl']}".strip()
    return Problem(page_file, ACCESSIBILITY, message, fix)


def snippet(markup: str, limit: int = 70) -> str:
    markup = " ".join(markup.split())
    return markup if len(markup) <= limit else markup[: limit - 3] + "..."


def short(site: Site, url: str) -> str:
    if url.startswith(site.public_url + "/"):
        return url[len(site.public_url) :]
    return url


def first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or ["?"])[0]
