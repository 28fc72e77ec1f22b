"""Production headers: the output's ``_headers`` file (Netlify, Cloudflare
Pages; also what sitecheck.server sends) carries the Content-Security-Policy,
``X-Content-Type-Options``, ``Referrer-Policy``, and caching that suits each
kind of file: a year and ``immutable`` for the content-hashed assets under
/theme/, a short lifetime (or the host's no-cache default) for HTML and feeds.

The browser check relies on this: it can only catch CSP violations if the
policy is sent.

Hosts that send no headers of a site's choosing (GitHub Pages) get the policy
from each page's ``<meta http-equiv="Content-Security-Policy">``: every HTML
page must carry one, before anything it loads, equal to the _headers policy
less what a meta tag cannot hold (sitekit.csp).
"""

from __future__ import annotations

import re
import sys

from .problems import CheckResult, Problem
from .server import headers_for, parse_headers_file
from .site import Site
from .tools import ROOT

# sitekit is the plugins' library (plugins/ is on the path in builds, tasks
# and tests; here too, for `python -m sitecheck...`).
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))
from sitekit.csp import meta_policy

NAME = "headers"
HEADERS_FILE = "_headers"

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
SAFE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
YEAR = 31536000
SHORT = 86400  # the longest lifetime we accept for HTML and feeds
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.")
FIX_FILE = (
    "Edit theme/templates/_headers (rendered to the output as _headers; "
    "the policy itself is CONTENT_SECURITY_POLICY in pelicanconf.py), then "
    "rebuild."
)
FIX_META = (
    'Keep <meta http-equiv="Content-Security-Policy" content="{{ '
    'CONTENT_SECURITY_POLICY|meta_policy }}"> right after <meta charset> in '
    "theme/templates/base.html, which every page extends, and rebuild."
)


def parse_csp(value: str) -> dict[str, set[str]]:
    policy: dict[str, set[str]] = {}
    for directive in value.split(";"):
        words = directive.split()
        if words:
            policy.setdefault(words[0].lower(), set(words[1:]))
    return policy


REQUIRED_CSP = parse_csp(CSP)


def max_age(cache_control: str) -> int | None:
    match = re.search(r"(?:^|[,\s])max-age=(\d+)", cache_control)
    return int(match.group(1)) if match else None


def run(site: Site) -> CheckResult:
    result = CheckResult(NAME)
    path = site.folder / HEADERS_FILE
    if not path.is_file():
        result.problems.append(
            Problem(
                HEADERS_FILE,
                NAME,
                "The output has no _headers file, so production would send no "
                "Content-Security-Policy or caching rules (and the browser check "
                "could not enforce the CSP).",
                'Keep theme/templates/_headers, and "_headers": "_headers" in '
                "TEMPLATE_PAGES (pelicanconf.py); rebuild.",
            )
        )
        return result
    rules = parse_headers_file(path.read_text("utf-8"))
    result.stats = {"rules": len(rules)}
    problems = result.problems

    def add(message: str, fix: str = FIX_FILE) -> None:
        problems.append(Problem(HEADERS_FILE, NAME, message, fix))

    html_paths = ["/"] + [site.site_path(p) for p in [*site.html_pages[:1], "404.html"]]
    for url_path in dict.fromkeys(html_paths):
        headers = lower_keys(headers_for(url_path, rules))
        csp = headers.get("content-security-policy")
        if not csp:
            add(
                f"No Content-Security-Policy for {url_path}.",
                f"Send `Content-Security-Policy: {CSP}` for /* . " + FIX_FILE,
            )
        else:
            problems.extend(
                Problem(HEADERS_FILE, NAME, m, FIX_FILE)
                for m in csp_problems(url_path, csp)
            )
        if headers.get("x-content-type-options", "").lower() != "nosniff":
            add(f"{url_path} lacks `X-Content-Type-Options: nosniff`.")
        referrer = headers.get("referrer-policy", "").lower()
        if referrer not in SAFE_REFERRER_POLICIES:
            add(
                f"{url_path} has Referrer-Policy {referrer or '(none)'!r}; use one of "
                f"{', '.join(sorted(SAFE_REFERRER_POLICIES))}."
            )
        problems.extend(
            Problem(HEADERS_FILE, NAME, m, FIX_FILE)
            for m in short_cache_problems(url_path, headers)
        )
    for feed in site.feeds[:1]:
        url_path = site.site_path(feed)
        problems.extend(
            Problem(HEADERS_FILE, NAME, m, FIX_FILE)
            for m in short_cache_problems(
                url_path, lower_keys(headers_for(url_path, rules))
            )
        )
    page_policy = csp_of_html(rules)
    if page_policy:
        problems.extend(meta_problems(site, page_policy))
        result.stats["meta policies"] = len(site.html_pages)
    theme = site.folder / "theme"
    assets = (
        sorted(p for p in theme.rglob("*") if p.is_file()) if theme.is_dir() else []
    )
    result.stats["theme assets"] = len(assets)
    for asset in assets:
        rel = asset.relative_to(site.folder).as_posix()
        cache = lower_keys(headers_for("/" + rel, rules)).get("cache-control", "")
        age = max_age(cache) or 0
        if age < YEAR or "immutable" not in cache:
            add(
                f"/{rel} is a versioned asset but is sent with Cache-Control "
                f"{cache or '(none)'!r}.",
                "Give /theme/* `Cache-Control: public, max-age=31536000, immutable`. "
                + FIX_FILE,
            )
        if not HASHED_NAME.search(asset.name):
            problems.append(
                Problem(
                    rel,
                    NAME,
                    f"/{rel} is cached for a year as immutable, but its name carries "
                    "no content hash: readers would keep a stale copy after it "
                    "changes.",
                    'Have the template ask for it through asset_url("...") so '
                    "plugins/hashed_assets copies it under a hashed name; nothing "
                    "else should write into theme/ in the output.",
                )
            )
    return result


def csp_of_html(rules) -> str:
    return lower_keys(headers_for("/", rules)).get("content-security-policy", "")


def _meta_policies(head) -> tuple[list, list[tuple[int, object]]]:
    children = [e for e in head if isinstance(e.tag, str)]
    return children, [
        (i, e)
        for i, e in enumerate(children)
        if e.tag == "meta"
        and (e.get("http-equiv") or "").lower() == "content-security-policy"
    ]


def meta_problems(site: Site, header_policy: str) -> list[Problem]:
    """Each page's meta policy: there, first, and the header's as far as a
    meta tag can hold it."""
    expected = meta_policy(header_policy)
    found = []

    def add(page: str, message: str) -> None:
        found.append(Problem(page, NAME, message, FIX_META))

    for page in site.html_pages:
        tree = site.parse(page)
        head = tree.find("head") if tree is not None else None
        if head is None:
            continue
        children, metas = _meta_policies(head)
        if not metas:
            add(
                page,
                'The page has no <meta http-equiv="Content-Security-Policy">: on '
                "a host that sends no headers (GitHub Pages) it would run "
                "without a policy.",
            )
            continue
        index, meta = metas[0]
        loads = [
            e.tag for e in children[:index] if e.tag in ("link", "script", "style")
        ]
        if loads:
            add(
                page,
                f"The meta policy comes after a <{loads[0]}>, which it therefore "
                "does not cover.",
            )
        if parse_csp(meta.get("content") or "") != parse_csp(expected):
            add(
                page,
                f"The meta policy is `{meta.get('content')}`; the _headers policy, "
                f"as a meta tag can hold it, is `{expected}`.",
            )
    return found


def lower_keys(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def csp_problems(url_path: str, csp: str) -> list[str]:
    policy = parse_csp(csp)
    found = []
    for directive, sources in REQUIRED_CSP.items():
        if directive not in policy:
            found.append(
                f"The CSP for {url_path} lacks `{directive} "
                f"{' '.join(sorted(sources))}`."
            )
        elif policy[directive] != sources:
            found.append(
                f"The CSP for {url_path} has `{directive} "
                f"{' '.join(sorted(policy[directive]))}`; the site's policy is "
                f"`{directive} {' '.join(sorted(sources))}`."
            )
    for directive, sources in policy.items():
        if directive in REQUIRED_CSP:
            continue
        loose = {
            s
            for s in sources
            if s == "*"
            or s.startswith("'unsafe-")
            or (s.endswith(":") and s not in {"data:"})
        }
        if loose:
            found.append(
                f"The CSP for {url_path} loosens `{directive}` with "
                f"{' '.join(sorted(loose))}."
            )
    return found


def short_cache_problems(url_path: str, headers: dict[str, str]) -> list[str]:
    cache = headers.get("cache-control", "")
    if not cache:
        return []  # the hosts' default for HTML is max-age=0, must-revalidate
    age = max_age(cache)
    if "immutable" in cache or (age is not None and age > SHORT):
        return [
            f"{url_path} is cached too long ({cache!r}): a new post or a "
            "correction would not reach readers. Use a short lifetime "
            "(max-age of an hour or less) or none."
        ]
    return []
