"""No personal data by accident.

Every raw CSV a build publishes, and every table a chart shows, is scanned:
columns whose values look like email addresses, phone numbers or IP
addresses, or whose header says email, phone, name, address, IP or user id.
A development build warns; a publish build refuses, naming the file, the
column and the first line, and how to fix it. Ordinary marketing data
(campaign names, counts of emails, devices) passes: the sample site's CSVs
and plotly's public data sets have no finding.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import plotly
import pytest
from charts.bigcsv import big_table
from charts.csvread import read_csv
from charts.personal_data import Column, header_kind, is_email, is_ip, is_phone, scan
from charts.published import scan_raw
from charts.spec import parse_spec
from conftest import ROOT, build_site, new_content

WIDE_LOG = {**os.environ, "COLUMNS": "400"}
DATASETS = Path(plotly.__file__).parent / "package_data" / "datasets"

# A CRM export's shape, with made-up people (example domains, 555 numbers).
CRM = (
    "Contact ID,Email,First name,Phone,Campaign name,Opens,Clicks\n"
    "10041,olga.brandt@mailbox.example,Olga,+1 415 555 0142,Spring sale,4,1\n"
    "10042,sam.rivera@inbox.example,Sam,+1 415 555 0187,Spring sale,2,0\n"
    "10043,ana.lima@post.example,Ana,(415) 555-0199,Summer launch,7,3\n"
)


def column(name: str, *cells: str) -> Column:
    return Column(name, list(cells), list(range(2, 2 + len(cells))))


# --- what the scan flags ------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "olga.brandt@mailbox.example.org",
        "Olga Brandt <olga@brandt.example.com>",
        "first.last+news@sub.domain.co.uk",
    ],
)
def test_email_addresses_are_found_in_any_cell(cell):
    assert is_email(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "+1 415 555 0142",
        "+14155550142",
        "(415) 555-0199",
        "415-555-0199",
        "415.555.0199",
        "+44 20 7946 0958",
        "020 7946 0958",
        "06 12 34 56 78",
        "+49 30 901820",
    ],
)
def test_phone_numbers_in_the_usual_shapes(cell):
    assert is_phone(cell)


@pytest.mark.parametrize(
    "cell",
    [
        "2024-02-28",
        "28.02.2024",
        "01/02/2024",
        "20240228",
        "1,234,567",
        "1 234 567",
        "1.234.567",
        "-1234567",
        "(1,200)",
        "12345678",
        "$4,210.50",
        "83.1%",
        "10:00:00",
        "2024-02-28 10:00",
        "@hayzlett",
        "Q1-2024",
    ],
)
def test_numbers_dates_and_handles_are_not_phones_emails_or_ips(cell):
    assert not is_phone(cell)
    assert not is_email(cell)
    assert not is_ip(cell)


@pytest.mark.parametrize("cell", ["192.168.1.24", "8.8.8.8", "2001:db8::1", "::1"])
def test_ip_addresses(cell):
    assert is_ip(cell)


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Email", "an email address"),
        ("E-mail address", "an email address"),
        ("subscriber_email", "an email address"),
        ("Phone number", "a phone number"),
        ("Mobile phone", "a phone number"),
        ("First name", "a person's name"),
        ("lastName", "a person's name"),
        ("Contact name", "a person's name"),
        ("Name", "a person's name"),
        ("Street address", "an address"),
        ("Address line 1", "an address"),
        ("IP address", "an IP address"),
        ("ip", "an IP address"),
        ("User ID", "a user id"),
        ("user_pseudo_id", "a user id"),
        ("clientId", "a user id"),
    ],
)
def test_headers_that_name_a_personal_field(header, kind):
    assert header_kind(header) == kind


@pytest.mark.parametrize(
    "header",
    [
        "Campaign name",
        "Ad set name",
        "Product name",
        "Event name",
        "Page title",
        "Emails sent",
        "Email opens",
        "Email open rate",
        "Mobile",
        "Device category",
        "Web address",
        "Landing page address",
        "Account ID",
        "Campaign ID",
        "Session source / medium",
        "Channel",
        "channel",
        "Subscribers",
        "Unsubscribes",
    ],
)
def test_marketing_headers_are_not_personal(header):
    assert header_kind(header) is None


def test_a_column_headed_email_holding_counts_is_a_channel_not_addresses():
    # A wide table: signups per channel, one column per channel.
    assert scan([column("Email", "120", "80", "1,204")]) == ()
    assert scan([column("Email", "olga@brandt.example.com", "80")])


def test_a_few_version_numbers_do_not_make_an_ip_column():
    versions = column("App version", "1.2.3.4", "2.0", "2.1", "3.0.1")
    assert scan([versions]) == ()
    assert scan([column("host", "10.0.0.1", "10.0.0.2", "")])


def test_a_finding_names_the_column_and_its_first_line_but_no_value():
    (finding,) = scan([column("contact", "n/a", "", "olga@brandt.example.com")])
    assert (finding.column, finding.line) == ("contact", 4)
    assert finding.reason == "holds email addresses"
    assert "olga" not in repr(finding)


def test_a_crm_export_is_flagged_column_by_column():
    csv = read_csv(CRM.encode(), "content/data/crm.csv")
    found = {f.column: (f.line, f.reason) for f in scan_raw(csv, CRM)}
    assert found == {
        "Contact ID": (2, "its header says it holds a user id"),
        "Email": (2, "holds email addresses"),
        "First name": (2, "its header says it holds a person's name"),
        "Phone": (2, "holds phone numbers"),
    }


def test_an_email_in_the_notes_above_the_header_is_found():
    text = "# Exported by olga@brandt.example.com\n# 2024-01-01\nday,visits\nMon,3\n"
    csv = read_csv(text.encode(), "content/data/ga.csv", comment="#")
    (finding,) = scan_raw(csv, text)
    assert finding.line == 1


# --- material nobody here wrote passes -----------------------------------------------


@pytest.mark.parametrize(
    "path",
    sorted(DATASETS.glob("*.csv.gz")) + sorted((ROOT / "content/data").glob("*.csv")),
    ids=lambda p: p.name,
)
def test_public_data_sets_and_the_sample_csvs_have_no_finding(path):
    data = (
        gzip.decompress(path.read_bytes())
        if path.suffix == ".gz"
        else path.read_bytes()
    )
    csv = read_csv(data, path.name)
    assert scan_raw(csv, data.decode("utf-8")) == ()


# --- builds -------------------------------------------------------------------------


def post(block: str) -> str:
    return (
        "Title: Campaign results\nDate: 2024-03-01 10:00\nCategory: Email\n"
        "Slug: campaign-results\n\nHow the campaigns did.\n\n"
        f"```chart\n{block.strip()}\n```\n"
    )


def build(tmp_path, block: str, *, settings="publishconf.py", **extra):
    content = new_content(tmp_path)
    (content / "posts" / "results.md").write_text(post(block), "utf-8")
    (content / "data" / "crm.csv").write_text(CRM, "utf-8")
    output = tmp_path / "output"
    result = build_site(
        output, settings=settings, content=content, extra=extra, env=WIDE_LOG
    )
    return output, result.stdout + result.stderr, result.returncode


RAW = "data: /data/crm.csv\ntype: bar\nx: Campaign name\ny: Opens\naggregate: sum"


def test_a_publish_build_refuses_a_raw_csv_with_personal_data(tmp_path):
    _, log, code = build(tmp_path, RAW + "\ndownload: raw")
    assert code == 1, log
    assert (
        "content/posts/results.md:8: personal data: content/data/crm.csv, column "
        "'Email', line 2, holds email addresses, and the chart publishes the file "
        "as it is (download: raw). Drop the column from the CSV, or use "
        "'download: generated', which publishes only the plotted table; if "
        "publishing it is intended, allow it by name in pelicanconf.py: "
        'PERSONAL_DATA_ALLOWED = ["data/crm.csv: Email"]'
    ) in log
    for name in ("Contact ID", "First name", "Phone"):
        assert f"column '{name}', line 2" in log
    assert "olga" not in log.lower()  # the values never reach the log
    assert "Traceback" not in log


def test_a_development_build_warns_and_carries_on(tmp_path):
    output, log, code = build(
        tmp_path, RAW + "\ndownload: raw", settings="pelicanconf.py"
    )
    assert code == 0, log
    assert "column 'Email', line 2, holds email addresses" in log
    assert "(a publish build refuses it)" in log
    assert (output / "data" / "crm.csv").exists()


def test_the_generated_table_of_the_same_file_passes(tmp_path):
    """Campaign names and counts: what the chart shows holds nothing personal."""
    output, log, code = build(tmp_path, RAW)
    assert code == 0, log
    assert "personal data" not in log
    assert not (output / "data" / "crm.csv").exists()


def test_plotting_a_column_of_emails_by_mistake_is_refused(tmp_path):
    block = "data: /data/crm.csv\ntype: bar\nx: Email\ny: Opens"
    _, log, code = build(tmp_path, block)
    assert code == 1, log
    assert (
        "content/posts/results.md:8: personal data: the chart shows column "
        "'Email' of content/data/crm.csv, line 2, which holds email addresses. "
        "Plot another column, or drop this one from the CSV"
    ) in log


def test_a_chart_grouped_by_name_is_refused(tmp_path):
    block = (
        "data: /data/crm.csv\ntype: bar\nx: Campaign name\ny: Opens\n"
        "group: First name\naggregate: sum"
    )
    _, log, code = build(tmp_path, block)
    assert code == 1, log
    assert "the chart shows column 'First name' of content/data/crm.csv, line 2" in log


@pytest.mark.parametrize(
    "allowed",
    [
        ["Contact ID", "Email", "First name", "Phone"],
        ["data/crm.csv: Contact ID", "data/crm.csv:email", "First Name", "phone"],
    ],
)
def test_columns_allowed_by_name_are_published(tmp_path, allowed):
    output, log, code = build(
        tmp_path, RAW + "\ndownload: raw", PERSONAL_DATA_ALLOWED=allowed
    )
    assert code == 0, log
    assert "personal data" not in log
    assert (output / "data" / "crm.csv").read_text("utf-8") == CRM


def test_allowing_a_column_of_another_file_allows_nothing_here(tmp_path):
    _, log, code = build(
        tmp_path,
        RAW + "\ndownload: raw",
        PERSONAL_DATA_ALLOWED=["data/other.csv: Email"],
    )
    assert code == 1, log
    assert "column 'Email', line 2" in log


# --- charts drawn by the engine (plugins/charts/bigcsv.py) -------------------------

ENGINE = {"CHARTS_ENGINE_THRESHOLD": 0}  # every aggregated chart, however small


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            RAW + "\ndownload: raw",
            "content/posts/results.md:8: personal data: content/data/crm.csv, "
            "column 'Email', line 2, holds email addresses, and the chart "
            "publishes the file as it is (download: raw).",
        ),
        (
            "data: /data/crm.csv\ntype: bar\nx: Email\ny: Opens\naggregate: sum",
            "content/posts/results.md:8: personal data: the chart shows column "
            "'Email' of content/data/crm.csv, line 2, which holds email addresses.",
        ),
        (
            "data: /data/crm.csv\ntype: bar\nx: Campaign name\ny: Opens\n"
            "group: First name\naggregate: sum",
            "the chart shows column 'First name' of content/data/crm.csv, line 2",
        ),
    ],
    ids=["raw", "plotted", "grouped"],
)
def test_a_chart_the_engine_draws_is_scanned_as_any_other(tmp_path, block, expected):
    """The engine answers with the chart's table, not the file's cells: the
    scan still sees every column it must, and names the same line."""
    spec = parse_spec(block, 8)
    path = tmp_path / "crm.csv"
    path.write_text(CRM, "utf-8")
    # The engine reads this file (it does not decline it to the Python reader).
    big_table(spec, str(path), "crm.csv", max_points=5000)
    _, log, code = build(tmp_path, block, **ENGINE)
    assert code == 1, log
    assert expected in log
    assert "olga" not in log.lower()
    assert "Traceback" not in log


def test_the_engine_s_generated_table_of_the_same_file_passes(tmp_path):
    output, log, code = build(tmp_path, RAW, **ENGINE)
    assert code == 0, log
    assert "personal data" not in log
    assert not (output / "data" / "crm.csv").exists()
