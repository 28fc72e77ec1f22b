"""Nothing a post or its data says ever executes, in a real browser.

One site is built from a post whose CSV cells and column names, title, tags,
category, summary, chart title, caption, alt, source and axis titles hold
script-breaking text, event handlers, javascript: URLs and Plotly's own label
markup (<a href>, <span style>, popup=). Every page where those values appear
(the post, its tag and category pages, the home page, the archives and the
tags index) is opened in Chromium twice: with the production headers (CSP
script-src 'self') and with no headers at all, so the escaping is proven on
its own, not by the policy. window.__x must never be set, and no element,
attribute or link from the values may exist; the text must still be there,
as text. The Atom feeds are checked the same way, parsed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from browser import chromium
from conftest import build_site, new_content, parse_html
from lxml import etree
from lxml import html as lxml_html

from sitecheck.server import serve_in_background

pytestmark = pytest.mark.browser

SCRIPT = "</script><script>window.__x=1</script>"
IMG = '<img src=x onerror="window.__x=2">'
JS_LINK = '<a href="javascript:window.__x=3">js link</a>'
JS_URL = "javascript:window.__x=4"
PLOTLY_LINK = (
    '<a href="javascript:window.__x=5" target="_blank" '
    'popup="width=300,height=300">plotly link</a>'
)
PLOTLY_SPAN = '<span style="font-size:90px;color:red">big span</span>'
SVG = "<svg onload=window.__x=6>"
VECTORS = [SCRIPT, IMG, JS_LINK, JS_URL, PLOTLY_LINK, PLOTLY_SPAN, SVG]


def csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def yaml_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


HOSTILE_CSV = (
    "label,kind,"
    + csv_cell(SCRIPT)
    + "\n"
    + "".join(
        f"{csv_cell(vector)},{csv_cell(VECTORS[(i + 1) % len(VECTORS)])},{i + 1}\n"
        for i, vector in enumerate(VECTORS)
    )
)

HOSTILE_POST = f"""\
Title: {SCRIPT} {IMG} {JS_URL}
Date: 2024-03-01 10:00
Category: {PLOTLY_SPAN}
Tags: {IMG} photo, {JS_URL}, {PLOTLY_LINK.replace(",", " ")}
Slug: hostile
Summary: {SCRIPT} {IMG} {JS_LINK}

The body of the post is the author's own HTML; the values above are not.

```chart
data: /data/hostile.csv
type: bar
x: label
y: {yaml_text(SCRIPT)}
title: {yaml_text(SCRIPT + " " + PLOTLY_LINK)}
caption: {yaml_text(IMG + " " + JS_LINK)}
alt: {yaml_text(SCRIPT + " " + IMG)}
source: {yaml_text(PLOTLY_SPAN + " " + JS_URL)}
x_title: {yaml_text(PLOTLY_LINK)}
y_title: {yaml_text(PLOTLY_SPAN)}
```

```chart
data: /data/hostile.csv
type: line
x: label
y: {yaml_text(SCRIPT)}
group: kind
alt: {yaml_text(JS_LINK)}
```

```chart
data: /data/hostile.csv
type: pie
x: label
y: {yaml_text(SCRIPT)}
caption: {yaml_text(SVG)}
```

```chart
data: /data/hostile.csv
type: table
title: {yaml_text(IMG)}
```
"""

NEIGHBOUR = """\
Title: A neighbour post
Date: 2024-02-01 10:00
Category: Plain
Tags: plain

Listed next to the hostile post on every listing page.
"""

# What a page may legitimately contain, checked in the browser.
PAGE_FACTS = """() => {
  const onAttributes = [...document.querySelectorAll('*')].flatMap(
    e => [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on'))
      .map(a => e.tagName + '[' + a.name + ']'));
  const links = [...document.querySelectorAll('a')].map(
    a => (a.getAttribute('href') || a.getAttribute('xlink:href') || '').trim());
  return {
    x: typeof window.__x,
    onAttributes,
    javascriptLinks: links.filter(h => h.toLowerCase().startsWith('javascript:')),
    images: [...document.querySelectorAll('img')].map(i => i.getAttribute('src'))
      .filter(src => src === 'x'),
    svgLinks: document.querySelectorAll('.chart__plot svg a').length,
    bigSpans: [...document.querySelectorAll('[style]')].filter(
      e => e.getAttribute('style').includes('90px')).length,
    scripts: [...document.querySelectorAll('script')].map(
      s => s.getAttribute('src') || s.getAttribute('type') || 'inline'),
    text: document.body.innerText,
  };
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    content = new_content(root)
    (content / "posts" / "hostile.md").write_text(HOSTILE_POST, "utf-8")
    (content / "posts" / "neighbour.md").write_text(NEIGHBOUR, "utf-8")
    (content / "data" / "hostile.csv").write_text(HOSTILE_CSV, "utf-8")
    output = root / "output"
    result = build_site(output, content=content)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "ERROR" not in log, log
    return output


def hostile_pages(site: Path) -> list[str]:
    """Every page that shows a hostile value: found from the post's links."""
    post = parse_html(site / "2024" / "03" / "hostile" / "index.html")
    tags = [a.get("href") for a in post.xpath("//a[@rel='tag']")]
    category = post.xpath("//a[@rel='category']")[0].get("href")
    assert len(tags) == 3
    return [
        "/2024/03/hostile/",
        *tags,
        category,
        "/",
        "/archives/",
        "/tags/",
        "/categories/",
        "/2024/03/",
    ]


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module", params=["production headers", "no headers"])
def served(request, hostile_site, tmp_path_factory):
    folder = hostile_site
    if request.param == "no headers":
        folder = tmp_path_factory.mktemp("xss-plain") / "output"
        shutil.copytree(hostile_site, folder)
        (folder / "_headers").unlink()
    server, base = serve_in_background(folder)
    yield folder, base, request.param
    server.shutdown()


def check_page(browser, url: str) -> dict:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="networkidle")
    # Plotly draws hover labels (names, values) on demand: show them all.
    for plot in page.locator(".chart__plot").all():
        box = plot.bounding_box()
        if box:
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            page.wait_for_timeout(100)
    facts = page.evaluate(PAGE_FACTS)
    facts["pageerrors"] = errors
    facts["dialogs"] = dialogs
    facts["plots"] = page.locator(".chart__plot:has(.main-svg)").count()
    page.close()
    return facts


def test_no_value_executes_or_becomes_markup_on_any_page(browser, served):
    site, base, mode = served
    for path in hostile_pages(site):
        facts = check_page(browser, base + path)
        where = f"{path} ({mode})"
        assert facts["x"] == "undefined", where
        assert facts["dialogs"] == [], where
        assert facts["onAttributes"] == [], where
        assert facts["javascriptLinks"] == [], where
        assert facts["images"] == [], where
        assert facts["svgLinks"] == 0, where
        assert facts["bigSpans"] == 0, where
        for script in facts["scripts"]:
            assert script in ("application/json", "application/ld+json") or (
                script.startswith("/theme/")
            ), (where, script)
        assert facts["pageerrors"] == [], where
        if path == "/2024/03/hostile/":
            # Every chart was drawn, and the values are there, as text.
            assert facts["plots"] == 3, where
            for vector in (SCRIPT, IMG, JS_URL):
                assert vector in facts["text"], (where, vector)


def test_the_chart_shows_hostile_labels_as_text(browser, served):
    _, base, mode = served
    page = browser.new_page()
    page.goto(base + "/2024/03/hostile/", wait_until="networkidle")
    labels = page.locator(".chart__plot").first.evaluate(
        "el => [...el.querySelectorAll('.xtick text')].map(t => t.textContent)"
    )
    page.close()
    assert SCRIPT in labels, mode
    assert "plotly link" not in labels  # the link markup stayed text: whole
    assert PLOTLY_LINK in labels, mode
    assert PLOTLY_SPAN in labels, mode


def test_feed_entries_carry_no_markup_from_values(hostile_site):
    """Read raw (feedparser would sanitise what it shows us): no entry's
    HTML holds a script, a handler, an image or a javascript: link."""
    feeds = [
        hostile_site / "feeds" / "all.atom.xml",
        *sorted((hostile_site / "feeds" / "tag").glob("*.xml")),
        *sorted((hostile_site / "feeds" / "category").glob("*.xml")),
    ]
    atom = {"a": "http://www.w3.org/2005/Atom"}
    hostile_entries = 0
    for path in feeds:
        assert not feedparser.parse(path.read_bytes()).bozo, path
        for entry in etree.parse(str(path)).getroot().findall("a:entry", atom):
            for element in entry.findall("a:content", atom) + entry.findall(
                "a:summary", atom
            ):
                assert element.get("type") == "html", path
                fragment = lxml_html.fromstring(f"<div>{element.text or ''}</div>")
                assert fragment.xpath("//script") == [], path
                assert fragment.xpath("//img|//svg|//iframe") == [], path
                assert fragment.xpath("//@*[starts-with(name(), 'on')]") == [], path
                hrefs = [h.strip().lower() for h in fragment.xpath("//a/@href")]
                assert not [h for h in hrefs if h.startswith("javascript:")], path
            title = entry.find("a:title", atom)
            assert title.get("type") in (None, "text"), path
            link = entry.find("a:link", atom).get("href")
            if "/hostile/" in link:
                hostile_entries += 1
                # Text in the title: the markup is there, as characters.
                assert SCRIPT in title.text
                assert "<img src=x onerror=" in title.text
    assert hostile_entries == 5  # all posts, three tags and the category
