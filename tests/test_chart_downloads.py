"""Only what a chart needs is published.

"Download the data" serves a CSV made at build time from the plotted table
(the same values as the data table, under a content-hashed name);
``download: raw`` publishes the author's file as it is, ``download: none``
drops the link; a CSV that no chart publishes raw is never copied. Real
builds of real data (plotly's tips data set) checked byte by byte.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest
from charts.markup import human_size
from conftest import REFERENCE_POST, ROOT, build_site, new_content, parse_html
from real_data import dataset_text

WIDE_LOG = {**os.environ, "COLUMNS": "400"}
HASHED = re.compile(r"/data/(?P<stem>[\w-]+)\.(?P<hash>[0-9a-f]{10})\.csv")


def post(slug: str, block: str, *, extra: str = "", date: str = "2024-03-01") -> str:
    return (
        f"Title: {slug.replace('-', ' ').title()}\nDate: {date} 10:00\n"
        f"Category: Data\nSlug: {slug}\n\nA chart of real data.\n\n"
        f"```chart\n{block.strip()}\n```\n{extra}"
    )


def build(tmp_path: Path, posts: dict[str, str], data: dict[str, str], **settings):
    content = new_content(tmp_path)
    for name, text in posts.items():
        (content / "posts" / f"{name}.md").write_text(text, "utf-8")
    for name, text in data.items():
        (content / "data" / name).write_text(text, "utf-8")
    output = tmp_path / "output"
    result = build_site(output, content=content, extra=settings, env=WIDE_LOG)
    return content, output, result.stdout + result.stderr, result.returncode


def output_files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def download_links(page: Path) -> list:
    return parse_html(page).xpath("//p[@class='chart__download']/a")


def read_download(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.startswith("\ufeff".encode()), "a BOM, so that Excel reads UTF-8"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def table_of(figure) -> list[list[str]]:
    """The data table under a chart: headings, then each row's data-value
    (the very value plotted), or the text of a cell that has none."""
    (table,) = figure.xpath(".//table[contains(@class, 'chart__table')]")
    rows = [[th.text_content() for th in table.xpath("./thead/tr/th")]]
    for row in table.xpath("./tbody/tr"):
        cells = []
        for cell in row.xpath("./th|./td"):
            value = cell.get("data-value")
            cells.append(cell.text_content() if value is None else value)
        rows.append(cells)
    return rows


# --- the sample site ---------------------------------------------------------------


def test_every_sample_download_holds_exactly_the_data_table(site):
    pages = sorted(site.rglob("index.html"))
    compared = 0
    for page in pages:
        for figure in parse_html(page).xpath("//figure[contains(@class, 'chart ')]"):
            (link,) = figure.xpath(".//p[@class='chart__download']/a")
            match = HASHED.fullmatch(link.get("href"))
            assert match, link.get("href")
            assert link.get("download") == f"{match['stem']}.csv"
            downloaded = read_download(site / link.get("href").lstrip("/"))
            shown = table_of(figure)
            if "histogram" in figure.get("class"):
                # A bin is one cell of the table, "low/high": two in the CSV.
                heading = shown[0][0]
                shown = [[f"{heading} from", f"{heading} to", *shown[0][1:]]] + [
                    [*row[0].split("/"), *row[1:]] for row in shown[1:]
                ]
            assert downloaded == shown, page
            size = len((site / link.get("href").lstrip("/")).read_bytes())
            assert link.text_content() == f"Download the data (CSV, {size} B)"
            compared += 1
    assert compared == 11  # every chart of the sample posts


def test_no_sample_csv_is_copied(site):
    shipped = output_files(site)
    for source in sorted((ROOT / "content" / "data").glob("*.csv")):
        assert f"data/{source.name}" not in shipped
        assert source.read_bytes() not in set(shipped.values()), source.name


def test_the_reference_post_links_its_three_generated_tables(site):
    links = download_links(site / REFERENCE_POST / "index.html")
    assert [HASHED.fullmatch(a.get("href"))["stem"] for a in links] == [
        "dm-poll",
        "dm-responses",
        "hayzlett-followers",
    ]


# --- real data: nothing unplotted leaves the build -----------------------------------

TIPS_BY_DAY = """
data: /data/tips.csv
type: bar
x: day
y: tip
aggregate: sum
title: Tips by day
"""
# Made-up subscribers: what a CRM export would add to the same file.
SUBSCRIBERS = (
    "Member email,Member name,visits,signup_day\n"
    "olga.brandt@mailbox-example.org,Olga Brandt,3,Mon\n"
    "sam.rivera@inbox-example.net,Sam Rivera,5,Tue\n"
    "ana.lima@post-example.com,Ana Lima,2,Mon\n"
)


def test_the_output_holds_no_unplotted_column_and_no_byte_of_an_unpublished_csv(
    tmp_path,
):
    tips = dataset_text("tips")
    crm = SUBSCRIBERS
    content, output, log, code = build(
        tmp_path,
        {
            "tips": post("tips", TIPS_BY_DAY),
            "visits": post(
                "visits",
                "data: /data/subscribers.csv\ntype: bar\nx: signup_day\n"
                "y: visits\naggregate: sum\ndownload: none",
            ),
        },
        {
            "tips.csv": tips,
            "subscribers.csv": crm,
            "never-charted.csv": "secret_code,budget\nQZX-4471,120000\n",
        },
    )
    assert code == 0, log
    shipped = output_files(output)
    everything = b"\n".join(shipped.values())
    # No unpublished CSV, whole or in part.
    for name in ("tips.csv", "subscribers.csv", "never-charted.csv"):
        assert f"data/{name}" not in shipped
        source = (content / "data" / name).read_bytes()
        assert source not in set(shipped.values())
    for line in crm.splitlines()[1:] + tips.splitlines()[1:5]:
        assert line.encode() not in everything, line
    for value in (b"olga.brandt", b"Olga Brandt", b"QZX-4471", b"120000"):
        assert value not in everything, value
    # No column a chart does not plot: headers and values.
    for header in (b"total_bill", b"smoker", b"Member email", b"Member name"):
        assert header not in everything, header
    (download,) = [n for n in shipped if n.startswith("data/tips.")]
    rows = read_download(output / download)
    assert rows[0] == ["day", "tip (sum)"]
    # The sums pandas would give, from the real file.
    totals: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO(tips)):
        totals[row["day"]] = totals.get(row["day"], 0.0) + float(row["tip"])
    assert {day: float(v) for day, v in rows[1:]} == pytest.approx(totals)
    page = output / "2024" / "03" / "visits" / "index.html"
    assert download_links(page) == []  # download: none


def test_download_raw_publishes_the_file_as_it_is(tmp_path):
    tips = dataset_text("tips")
    _, output, log, code = build(
        tmp_path,
        {"tips": post("tips", TIPS_BY_DAY + "download: raw\n")},
        {"tips.csv": tips, "other.csv": "a,b\n1,2\n"},
    )
    assert code == 0, log
    (link,) = download_links(output / "2024" / "03" / "tips" / "index.html")
    assert link.get("href") == "/data/tips.csv"
    assert (output / "data" / "tips.csv").read_text("utf-8") == tips
    size = human_size(len(tips.encode()))
    assert link.text_content() == f"Download the data (CSV, {size})"
    assert not (output / "data" / "other.csv").exists()
    assert not list((output / "data").glob("tips.*.csv"))


def test_a_setting_makes_raw_the_default_and_a_block_still_decides(tmp_path):
    _, output, log, code = build(
        tmp_path,
        {
            "tips": post("tips", TIPS_BY_DAY),
            "again": post("again", TIPS_BY_DAY + "download: generated\n"),
        },
        {"tips.csv": dataset_text("tips")},
        CHARTS_DOWNLOAD="raw",
    )
    assert code == 0, log
    (raw,) = download_links(output / "2024" / "03" / "tips" / "index.html")
    (generated,) = download_links(output / "2024" / "03" / "again" / "index.html")
    assert raw.get("href") == "/data/tips.csv"
    assert HASHED.fullmatch(generated.get("href"))


def test_a_prose_link_to_an_unpublished_csv_is_an_error(tmp_path):
    text = post(
        "tips", TIPS_BY_DAY, extra="\nThe [full export]({static}/data/tips.csv).\n"
    )
    _, output, log, code = build(
        tmp_path, {"tips": text}, {"tips.csv": dataset_text("tips")}
    )
    assert code == 0, log  # a development build carries on
    assert (
        "content/posts/tips.md:17: the link {static}/data/tips.csv points to a "
        "data file that is not published" in log
    )
    assert "download: raw" in log
    assert not (output / "data" / "tips.csv").exists()


def test_generated_names_follow_the_table_and_nothing_else(tmp_path):
    tips = dataset_text("tips")
    content, output, log, code = build(
        tmp_path, {"tips": post("tips", TIPS_BY_DAY)}, {"tips.csv": tips}
    )
    assert code == 0, log
    (first,) = [n for n in output_files(output) if n.startswith("data/")]
    first_bytes = (output / first).read_bytes()
    # An edit to a column the chart does not plot: same table, same file.
    lines = tips.splitlines()
    header = lines[0].split(",")
    smoker = header.index("smoker")
    edited = [lines[0]] + [
        ",".join(
            "Maybe" if i == smoker else cell for i, cell in enumerate(line.split(","))
        )
        for line in lines[1:]
    ]
    (content / "data" / "tips.csv").write_text("\n".join(edited) + "\n", "utf-8")
    result = build_site(output, content=content, env=WIDE_LOG)
    assert result.returncode == 0, result.stderr
    assert [n for n in output_files(output) if n.startswith("data/")] == [first]
    assert (output / first).read_bytes() == first_bytes
    # An edit to a plotted value: a new name, and the old file is gone.
    tip = header.index("tip")
    edited[1] = ",".join(
        "99.5" if i == tip else c for i, c in enumerate(edited[1].split(","))
    )
    (content / "data" / "tips.csv").write_text("\n".join(edited) + "\n", "utf-8")
    result = build_site(output, content=content, env=WIDE_LOG)
    assert result.returncode == 0, result.stderr
    (second,) = [n for n in output_files(output) if n.startswith("data/")]
    assert second != first
    assert HASHED.fullmatch("/" + second)["stem"] == "tips"


def test_a_formula_in_a_cell_reaches_a_spreadsheet_as_text(tmp_path):
    data = 'label,value\n"=HYPERLINK(""http://evil.example"",""x"")",3\n@SUM(A1),2\n'
    _, output, log, code = build(
        tmp_path,
        {"cells": post("cells", "data: /data/f.csv\ntype: bar\nx: label\ny: value")},
        {"f.csv": data},
    )
    assert code == 0, log
    (name,) = [n for n in output_files(output) if n.startswith("data/")]
    rows = read_download(output / name)
    assert rows[1:] == [
        ['\'=HYPERLINK("http://evil.example","x")', "3"],
        ["'@SUM(A1)", "2"],
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "rwa",
            "unknown download 'rwa'; use one of: generated, raw, none "
            "— did you mean 'raw'?",
        ),
        (
            "no",
            "download is one of generated, raw, none, not False (YAML reads a bare no",
        ),
        ("[raw]", "unknown download ['raw']; use one of: generated, raw, none"),
    ],
)
def test_a_wrong_download_value_names_the_file_and_line(tmp_path, value, message):
    block = f"data: /data/f.csv\ntype: bar\nx: a\ny: b\ndownload: {value}"
    _, _, log, code = build(
        tmp_path,
        {"p": post("p", block)},
        {"f.csv": "a,b\nx,1\n"},
        FAIL_ON_ERRORS=True,
    )
    assert code == 1, log
    assert f"content/posts/p.md:13: {message}" in log
    assert "Traceback" not in log
