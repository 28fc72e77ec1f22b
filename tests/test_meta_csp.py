"""CSP on every host: each page carries its policy in a <meta> tag.

GitHub Pages sends no headers of a site's choosing, so each page also
carries ``<meta http-equiv="Content-Security-Policy">``: the one policy of
CONTENT_SECURITY_POLICY, less what a meta tag cannot hold (frame-ancestors,
report-uri, report-to, sandbox). _headers and the README's nginx snippet
keep the whole policy. The browser check runs once with the meta policy
alone (no _headers sent) and passes; an inline script is then still caught.
"""

from __future__ import annotations

import re
import shutil
import urllib.request

import pytest
from conftest import ROOT, build_site, new_content, parse_html
from sitekit.csp import meta_policy

from sitecheck import browser, headers
from sitecheck.server import serve_in_background
from sitecheck.site import Site

pytestmark = pytest.mark.usefixtures("node_tools")


def setting() -> str:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / "pelicanconf.py"))["CONTENT_SECURITY_POLICY"]


def test_one_policy_everywhere_the_site_states_it(published_site):
    policy = setting()
    assert policy == headers.CSP  # what the headers check requires
    shipped = (published_site / "_headers").read_text("utf-8")
    assert f"Content-Security-Policy: {policy}\n" in shipped
    readme = (ROOT / "README.md").read_text("utf-8")
    (nginx,) = re.findall(
        r'add_header Content-Security-Policy "([^"]+)" always;', readme
    )
    assert nginx == policy


def test_the_meta_policy_leaves_out_only_what_a_meta_tag_ignores():
    policy = (
        "default-src 'self'; frame-ancestors 'none'; report-uri /csp; "
        "sandbox allow-scripts; report-to csp; img-src 'self' data:"
    )
    assert meta_policy(policy) == "default-src 'self'; img-src 'self' data:"
    assert "frame-ancestors" in setting()
    assert "frame-ancestors" not in meta_policy(setting())


def test_every_page_carries_the_meta_policy_before_anything_it_loads(published_site):
    site = Site.load(published_site)
    assert len(site.html_pages) > 40
    expected = meta_policy(setting())
    for page in site.html_pages:
        head = parse_html(published_site / page).find("head")
        elements = [e for e in head if isinstance(e.tag, str)]
        assert elements[0].get("charset") == "utf-8", page
        assert elements[1].get("http-equiv") == "Content-Security-Policy", page
        assert elements[1].get("content") == expected, page


def test_the_headers_check_fails_a_page_without_it_or_with_another(
    tmp_path, published_site
):
    out = tmp_path / "out"
    shutil.copytree(published_site, out)
    about = out / "about" / "index.html"
    text = about.read_text("utf-8")
    tag = re.search(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', text)[0]
    about.write_text(text.replace(tag, ""), "utf-8")
    index = out / "index.html"
    loose = tag.replace("script-src &#39;self&#39;", "script-src *")
    index.write_text(index.read_text("utf-8").replace(tag, loose), "utf-8")
    problems = headers.run(Site.load(out)).problems
    assert [p.page for p in problems] == ["about/index.html", "index.html"]
    assert problems[0].message.startswith(
        'The page has no <meta http-equiv="Content-Security-Policy">'
    )
    assert problems[1].message.startswith(
        "The meta policy is `default-src 'self'; script-src *; style"
    )


def test_the_meta_only_server_sends_no_policy_header(published_site):
    server, url = serve_in_background(published_site, send_headers=False)
    try:
        with urllib.request.urlopen(url + "/") as response:
            assert response.headers["Content-Security-Policy"] is None
            assert response.headers["X-Content-Type-Options"] is None
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_the_browser_checks_pass_with_the_meta_policy_alone(published_site):
    site = Site.load(published_site)
    results = browser.run(site, meta_only=True)
    problems = [p for result in results for p in result.problems]
    assert problems == [], "\n".join(f"{p.page}: {p.message}" for p in problems)
    stats = results[0].stats
    assert stats["pages"] == len(site.html_pages)
    assert stats["charts"] == 10  # every plotted chart drew under the meta policy


INLINE = """\
Title: An Inline Script
Date: 2024-03-01 10:00
Category: Tests

A paragraph.
"""


@pytest.mark.browser
def test_the_meta_policy_alone_still_blocks_an_inline_script(tmp_path):
    content = new_content(tmp_path)
    (content / "posts" / "inline.md").write_text(INLINE, "utf-8")
    output = tmp_path / "output"
    result = build_site(output, settings="publishconf.py", content=content)
    assert result.returncode == 0, result.stderr
    page = output / "2024" / "03" / "an-inline-script" / "index.html"
    text = page.read_text("utf-8")
    assert "<p>A&nbsp;paragraph.</p>" in text
    page.write_text(
        text.replace(
            "<p>A&nbsp;paragraph.</p>",
            "<p>A paragraph.</p><script>document.title = 'ran'</script>",
        ),
        "utf-8",
    )
    site = Site.load(output)
    results = browser.run(site, meta_only=True, axe_pages=[])
    problems = [p for r in results for p in r.problems]
    assert [(p.page, p.message.split(" blocked")[0]) for p in problems] == [
        ("2024/03/an-inline-script/index.html", "CSP violation: script-src-elem")
    ]
