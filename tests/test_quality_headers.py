"""Production headers: the _headers file that ships with the site, the check
that guards it, and the local server that sends it."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request

import pytest
from conftest import ROOT

from sitecheck import headers
from sitecheck.server import headers_for, parse_headers_file, serve_in_background
from sitecheck.site import Site

SOURCE = ROOT / "theme" / "templates" / "_headers"


@pytest.fixture(scope="module")
def rules(published_site):
    """The _headers file as the build renders it."""
    return parse_headers_file((published_site / "_headers").read_text("utf-8"))


def test_html_pages_get_the_csp_and_security_headers(rules):
    sent = headers_for("/2009/10/some-post/", rules)
    assert sent["Content-Security-Policy"] == headers.CSP
    assert sent["X-Content-Type-Options"] == "nosniff"
    assert sent["Referrer-Policy"] == "strict-origin-when-cross-origin"
    # No lifetime of its own: both hosts then send max-age=0, must-revalidate.
    assert "Cache-Control" not in sent


def test_versioned_assets_are_cached_for_a_year(rules):
    sent = headers_for("/theme/vendor/plotly-basic-4.1.1.0123456789.min.js", rules)
    assert sent["Cache-Control"] == "public, max-age=31536000, immutable"
    assert sent["Content-Security-Policy"] == headers.CSP


def test_feeds_and_data_are_cached_briefly(rules):
    for path in ("/feeds/all.atom.xml", "/data/email-funnel.0123456789.csv"):
        assert headers_for(path, rules)["Cache-Control"] == "public, max-age=3600"


def test_the_published_site_carries_its_headers(published_site):
    template = SOURCE.read_text("utf-8")
    shipped = (published_site / "_headers").read_text("utf-8")
    assert "{{ CONTENT_SECURITY_POLICY|safe }}" in template
    # Jinja drops the template's final newline.
    assert shipped == template.replace(
        "{{ CONTENT_SECURITY_POLICY|safe }}", headers.CSP
    ).removesuffix("\n")
    result = headers.run(Site.load(published_site))
    assert result.problems == [], "\n".join(p.message for p in result.problems)
    assert result.stats["theme assets"] >= 1


def copy_site(tmp_path, published_site):
    target = tmp_path / "out"
    shutil.copytree(published_site, target)
    return target


def test_a_missing_headers_file_fails(tmp_path, published_site):
    out = copy_site(tmp_path, published_site)
    (out / "_headers").unlink()
    [problem] = headers.run(Site.load(out)).problems
    assert problem.page == "_headers"
    assert "no _headers file" in problem.message
    assert "TEMPLATE_PAGES" in problem.fix


def test_a_weakened_policy_fails(tmp_path, published_site):
    out = copy_site(tmp_path, published_site)
    text = (out / "_headers").read_text("utf-8")
    text = text.replace("script-src 'self';", "script-src 'self' 'unsafe-inline';")
    text = text.replace("max-age=31536000, immutable", "max-age=600")
    text = text.replace(
        "/feeds/*\n  Cache-Control: public, max-age=3600",
        "/feeds/*\n  Cache-Control: public, max-age=31536000, immutable",
    )
    (out / "_headers").write_text(text, "utf-8")
    messages = [p.message for p in headers.run(Site.load(out)).problems]
    assert any("`script-src 'self' 'unsafe-inline'`" in m for m in messages)
    assert any(
        "is a versioned asset but is sent with Cache-Control" in m for m in messages
    )
    assert any(m.startswith("/feeds/") and "cached too long" in m for m in messages)


def test_an_unhashed_theme_asset_fails(tmp_path, published_site):
    out = copy_site(tmp_path, published_site)
    (out / "theme" / "js").mkdir(parents=True, exist_ok=True)
    (out / "theme" / "js" / "extra.js").write_text("", "utf-8")
    problems = headers.run(Site.load(out)).problems
    assert [p.page for p in problems] == ["theme/js/extra.js"]
    assert "no content hash" in problems[0].message


@pytest.fixture
def served(published_site):
    server, url = serve_in_background(published_site)
    yield url
    server.shutdown()
    server.server_close()


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_local_server_sends_the_production_headers(served, published_site):
    status, sent, _ = fetch(served + "/")
    assert status == 200
    assert sent["Content-Security-Policy"] == headers.CSP
    asset = next((published_site / "theme").rglob("*.css"))
    path = "/" + asset.relative_to(published_site).as_posix()
    status, sent, _ = fetch(served + path)
    assert status == 200
    assert "immutable" in sent["Cache-Control"]


def test_the_local_server_answers_missing_pages_with_the_404_page(
    served, published_site
):
    status, sent, body = fetch(served + "/no-such-page/")
    assert status == 404
    assert body == (published_site / "404.html").read_bytes()
    assert sent["Content-Security-Policy"] == headers.CSP
    status, _, _ = fetch(served + "/theme/")  # no folder listings
    assert status == 404
