"""Public datasets bundled in plotly.py, each charted with every chart type
that fits it, built as `invoke publish` builds it, checked with the site's
own checks; and every value each chart plots (its figure JSON and its data
table) compared with what pandas computes from the same CSV file.

The posts are ours (a sentence and a chart block per chart); the CSV files
are exactly as the package ships them. So every problem the checks report is
ours: the expected list is empty.
"""

from __future__ import annotations

import re

import pytest
from charts.spec import CHART_TYPES
from dataset_posts import CHARTS, DATASETS, Chart, charts_of, post_slug, write_material
from harness import (
    ALL_CHECKS,
    CRASH,
    build,
    check,
    new_site_folder,
    sort_problems,
    unclear,
)
from oracle import differences, expected_plot
from readback import (
    download_of,
    figures,
    plot_from_download,
    plot_from_figure,
    plot_from_table,
)

pytestmark = pytest.mark.usefixtures("node_tools")

POST_DATE = "2024/05"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    root = tmp_path_factory.mktemp("datasets")
    content = new_site_folder(root)
    write_material(content)
    return build(content, root / "output", settings="publishconf.py")


@pytest.fixture(scope="module")
def report(published):
    return check(published.output, ALL_CHECKS)


def page_of(published, dataset: str):
    return published.output / POST_DATE / post_slug(dataset) / "index.html"


def plain(text: str) -> str:
    """A title as written, whatever typography made of it."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def find_figure(published, item: Chart):
    title = item.spec["title"]
    for figure in figures(page_of(published, item.dataset).read_bytes()):
        shown = figure.xpath(".//*[contains(@class, 'chart__title')]")
        if shown and plain(shown[0].text_content()) == title:
            return figure
    errors = [e for e in published.errors if f"/{item.dataset}.md:" in e]
    pytest.fail(
        f"no chart titled {title!r} on the {item.dataset} page; the build "
        "reported:\n  " + "\n  ".join(errors or ["(no error for this post)"]),
        pytrace=False,
    )


def test_the_publish_build_succeeds_without_an_error(published):
    assert not CRASH.search(published.log), published.log
    assert published.errors == []
    assert published.returncode == 0, published.log


def test_every_chart_type_is_used():
    used = {item.spec["type"] for item in CHARTS}
    assert used == set(CHART_TYPES)
    assert {item.dataset for item in CHARTS} == set(DATASETS)


def chart_id(item: Chart) -> str:
    number = charts_of(item.dataset).index(item) + 1
    return f"{item.dataset}-{number}-{item.spec['type']}"


@pytest.mark.parametrize("item", CHARTS, ids=chart_id)
def test_plotted_values_are_what_pandas_computes(published, item):
    figure = find_figure(published, item)
    csv_path = published.content / "data" / f"{item.dataset}.csv"
    expected = expected_plot(item.spec, csv_path)
    found = []
    if item.spec["type"] != "table":
        found += [
            f"figure: {d}"
            for d in differences(expected, plot_from_figure(figure), compare_x=False)
        ]
    found += [
        f"data table: {d}"
        for d in differences(expected, plot_from_table(figure), compare_x=True)
    ]
    download = download_of(figure, published.output).read_bytes()
    found += [
        f"download: {d}"
        for d in differences(
            expected,
            plot_from_download(item.spec["type"], download),
            compare_x=True,
        )
    ]
    assert not found, f"{chart_id(item)} {item.spec['title']!r}:\n  " + "\n  ".join(
        found
    )


def test_every_problem_the_checks_report_is_ours_to_fix(report):
    result = sort_problems(report.problems, [])
    assert not result.ours, result.failure()


def test_every_problem_says_where_what_and_how_to_fix(report):
    assert unclear(report) == []


def test_the_checks_rendered_every_chart(report):
    site = report.site
    plotted = sum(1 for item in CHARTS if item.spec["type"] != "table")
    assert report.result("browser").stats["charts"] == plotted
    assert report.result("browser").stats["pages"] == len(site.html_pages)
    assert report.result("html").stats["HTML files"] == len(site.html_pages)


def test_every_chart_offers_its_table_and_no_dataset_ships_whole(published):
    """Each chart's download is the table it plots (compared with pandas
    above); the datasets themselves, with their unplotted columns, stay out."""
    for dataset in DATASETS:
        page = page_of(published, dataset).read_text("utf-8")
        links = re.findall(r'href="([^"]+)" download="([^"]+)"', page)
        assert links
        for href, save_as in links:
            assert re.fullmatch(
                rf"https?://[^/]+/data/{dataset}\.[0-9a-f]{{10}}\.csv", href
            ), href
            assert save_as == f"{dataset}.csv"
        assert not (published.output / "data" / f"{dataset}.csv").exists()
    shipped = {p.read_bytes() for p in published.output.rglob("*") if p.is_file()}
    for dataset in DATASETS:
        raw = (published.content / "data" / f"{dataset}.csv").read_bytes()
        assert raw not in shipped
