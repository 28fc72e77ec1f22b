"""CSV reading: one fixture per real-world export shape, and every refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from charts.csvread import read_csv
from charts.dates import to_dates
from charts.errors import ChartError
from charts.numbers import to_numbers

FIXTURES = Path(__file__).parent / "fixtures" / "csv"


def load(name: str, **options):
    return read_csv((FIXTURES / name).read_bytes(), f"data/{name}", **options)


def numbers(data, column, **options):
    """A column typed as the pipeline types it: knowing the file's delimiter."""
    options.setdefault("delimiter", data.delimiter)
    return to_numbers(data.cells(column), data.lines, column, data.label, **options)


def dates(data, column, **options):
    return to_dates(data.cells(column), data.lines, column, data.label, **options)


def test_excel_export_with_bom_and_crlf():
    data = load("excel-bom-crlf.csv")
    assert data.names == ("answer", "votes")
    assert data.cells("answer") == [
        "SPAM or poor marketing",
        "Good marketing",
        "Not sure",
    ]
    assert numbers(data, "votes").values == (54.0, 7.0, 4.0)
    assert data.lines == (2, 3, 4)


def test_semicolon_delimiter_and_decimal_comma_are_detected():
    data = load("semicolon-decimal-comma.csv")
    assert data.delimiter == ";"
    assert numbers(data, "clicks").values == (1234.5, 980.25)
    cost = numbers(data, "cost")
    assert cost.values == (1200.0, 99.9)
    assert (cost.unit, cost.symbol) == ("currency", "€")


def test_tab_delimiter_is_detected():
    data = load("tab-separated.tsv")
    assert data.delimiter == "\t"
    assert data.names == ("week", "signups")
    assert numbers(data, "signups").values == (12.0, 15.0)


def test_quoted_fields_keep_commas_quotes_and_newlines():
    data = load("quoted-fields.csv")
    assert data.cells("name") == ["Smith, John", "Doe, Jane"]
    assert data.cells("comment") == ['He said "hi", then left', "Line one\nline two"]
    # The second record starts on line 3 and spans two physical lines.
    assert data.lines == (2, 3)


def test_thousands_separators_currency_and_percent_signs():
    data = load("money-and-percent.csv")
    revenue = numbers(data, "revenue")
    assert revenue.values == (1200.0, 950.5, 12345.67)
    assert (revenue.unit, revenue.symbol) == ("currency", "$")
    rate = numbers(data, "open_rate")
    assert rate.values == pytest.approx((0.831, 0.125, 0.005))
    assert rate.unit == "percent"


def test_empty_cells_and_trailing_blank_lines():
    data = load("empty-cells-trailing-blank-lines.csv")
    assert data.cells("stage") == ["Sent", "Opened", "Clicked"]
    assert numbers(data, "count").values == (100.0, None, 7.0)


def test_iso_dates_give_a_time_axis():
    column = dates(load("iso-dates.csv"), "date")
    assert column.values == (
        dt.datetime(2009, 10, 5),
        dt.datetime(2009, 10, 12),
        dt.datetime(2009, 10, 19),
    )
    assert not column.has_time


def test_day_first_dates_are_recognised_from_the_data():
    column = dates(load("day-first-dates.csv"), "date")
    assert column.values[0] == dt.datetime(2024, 2, 28)
    assert column.values[1] == dt.datetime(2024, 3, 1)


def test_month_first_dates_are_recognised_from_the_data():
    column = dates(load("month-first-dates.csv"), "date")
    assert column.values[1] == dt.datetime(2024, 3, 1)
    assert column.values[2] == dt.datetime(2024, 3, 15)


def test_ambiguous_dates_are_an_error_that_says_how_to_fix_them():
    with pytest.raises(ChartError) as caught:
        dates(load("ambiguous-dates.csv"), "date")
    message = str(caught.value)
    assert "could be day-first or month-first" in message
    assert "date_format" in message
    assert "%d/%m/%Y" in message


def test_an_explicit_date_format_settles_the_ambiguity():
    column = dates(load("ambiguous-dates.csv"), "date", date_format="%d/%m/%Y")
    assert column.values == (dt.datetime(2024, 2, 1), dt.datetime(2024, 4, 3))


def test_date_times_keep_their_time():
    column = dates(load("date-times.csv"), "time")
    assert column.has_time
    assert column.values[1] == dt.datetime(2024, 3, 1, 14, 30)
    assert column.values[2] == dt.datetime(2024, 3, 2, 10, 15)


def test_dates_with_month_names():
    column = dates(load("named-month-dates.csv"), "day")
    assert column.values == (dt.datetime(2024, 3, 1), dt.datetime(2024, 3, 8))


def test_text_columns_are_not_dates():
    assert dates(load("excel-bom-crlf.csv"), "answer") is None


def test_windows_1252_is_reported_with_the_fix():
    with pytest.raises(ChartError) as caught:
        load("windows-1252.csv")
    message = str(caught.value)
    assert message.startswith("data/windows-1252.csv, line 2: byte 0xE9 is not UTF-8")
    assert "encoding: cp1252" in message


def test_windows_1252_reads_with_the_encoding_key():
    data = load("windows-1252.csv", encoding="cp1252")
    assert data.cells("city") == ["Café Town", "Zürich"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("not-text.png", "is not a text file: it looks like a PNG image"),
        ("workbook.xlsx", "Excel workbook (.xlsx): export it as CSV"),
        ("empty.csv", "is empty; it needs a header row and data rows"),
        ("header-only.csv", "has a header (answer, votes) but no data rows"),
        ("ragged.csv", "line 3: 3 fields, but the header has 2 (answer, votes)"),
        ("duplicate-columns.csv", "the column name 'votes' appears twice"),
    ],
)
def test_unreadable_files_give_a_clear_error(name, expected):
    with pytest.raises(ChartError) as caught:
        load(name)
    assert expected in str(caught.value)
    assert str(caught.value).startswith(f"data/{name}")


def test_a_non_numeric_value_names_its_line():
    data = load("non-numeric.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "votes")
    assert str(caught.value) == (
        "data/non-numeric.csv, line 3: column 'votes' has the non-numeric value "
        "'a few'; y values must be numbers (commas, $, € and % are fine)"
    )


def test_a_missing_column_suggests_the_nearest_name():
    with pytest.raises(ChartError) as caught:
        load("excel-bom-crlf.csv").cells("vote", key="y column")
    assert str(caught.value) == (
        "y column 'vote' not found in data/excel-bom-crlf.csv; columns are: "
        "answer, votes — did you mean 'votes'?"
    )


def test_two_plausible_delimiters_are_an_error():
    with pytest.raises(ChartError) as caught:
        read_csv(b"a;b,c\n1;2,3\n", "data/x.csv")
    assert "cannot tell whether the delimiter is ',' or ';'" in str(caught.value)


def test_mixed_decimal_marks_are_an_error():
    data = read_csv(b"x;y\na;1,5\nb;2.25\n", "data/x.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "y")
    assert "both as 1,5 (line 2) and as 1.5 (line 3)" in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1,200", 1200.0),
        ("-42", -42.0),
        ("(1,200)", -1200.0),
        ("−3.5", -3.5),
        ("1 234", 1234.0),
        ("12.5", 12.5),
        ("1e3", 1000.0),
    ],
)
def test_number_forms(cell, value):
    data = read_csv(f'x,y\na,"{cell}"\n'.encode(), "data/x.csv")
    assert numbers(data, "y").values == (value,)


def test_a_semicolon_export_reads_dots_as_thousands():
    # European funnel export: 10.000 is ten thousand, not ten.
    data = read_csv(
        b"stage;people\nSent;10.000\nOpened;4.200\nBought;85\n", "data/funnel.csv"
    )
    assert numbers(data, "people", delimiter=data.delimiter).values == (
        10000.0,
        4200.0,
        85.0,
    )


def test_three_decimals_in_a_comma_file_are_decimals_without_asking():
    # Issue 9: in a comma-delimited file a dot that groups thousands is very
    # rare; 10.000 there is ten, as pandas and every spreadsheet read it. (It
    # used to be a question.) The decimal key still reads it the other way.
    data = read_csv(b'stage,people\nSent,"10.000"\nOpened,"4.200"\n', "data/f.csv")
    assert numbers(data, "people").values == (10.0, 4.2)
    assert numbers(data, "people", decimal=",").values == (10000.0, 4200.0)
    assert numbers(data, "people", decimal=".").values == (10.0, 4.2)


def test_comma_thousands_in_a_comma_file_read_as_thousands():
    data = read_csv(b'x,y\na,"1,200"\nb,"12,500"\n', "data/x.csv")
    assert numbers(data, "y", delimiter=data.delimiter).values == (1200.0, 12500.0)


def test_a_column_name_in_another_case_is_found_when_only_one_matches():
    data = read_csv(b"Week,Signups\n2024-01-01,3\n", "data/x.csv")
    assert data.cells("signups") == ["3"]
    with pytest.raises(ChartError):
        read_csv(b"a,A\n1,2\n", "data/x.csv").cells("A ")


# --- issue 9: numbers from real exports ---------------------------------------


def test_a_column_of_1_234_and_2_5_reads_as_decimals():
    # It raised KeyError ("internal error while drawing this chart"): 2.5
    # shows the dot is the decimal point, so 1.234 is one and a bit.
    data = read_csv(b"x,y\na,1.234\nb,2.5\n", "data/x.csv")
    assert numbers(data, "y").values == (1.234, 2.5)
    data = read_csv(b"x;y\na;1.234\nb;2.5\n", "data/x.csv")
    assert numbers(data, "y").values == (1.234, 2.5)


def test_gapminder_life_expectancy_reads_as_decimals():
    # The first rows of plotly's gapminder dataset (public, CC-BY Gapminder):
    # every value has three decimals, in a comma-delimited file.
    data = read_csv(
        b"country,year,lifeExp\nAfghanistan,1952,28.801\nAfghanistan,1957,30.332\n"
        b"Afghanistan,1962,31.997\n",
        "data/gapminder.csv",
    )
    assert numbers(data, "lifeExp").values == (28.801, 30.332, 31.997)


def test_another_column_shows_the_files_decimal_mark():
    data = read_csv(b"x;visits;rate\na;1.234;2,5\nb;567;3\n", "data/x.csv")
    hint = lambda: data.decimal_hint  # noqa: E731
    assert numbers(data, "visits", file_decimal=hint).values == (1234.0, 567.0)
    data = read_csv(b"x\tvisits\trate\na\t1,234\t2.5\nb\t567\t3\n", "data/x.csv")
    hint = lambda: data.decimal_hint  # noqa: E731
    assert numbers(data, "visits", file_decimal=hint).values == (1234.0, 567.0)


def test_a_text_column_says_nothing_about_the_decimal_mark():
    data = read_csv(b"x;note;visits\na;v2.5;1.234\nb;see 1,5;567\n", "data/x.csv")
    assert data.decimal_hint is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # A Swiss export: the apostrophe groups thousands.
        (b"x;y\na;1'234.500\nb;12.250\n", (1234.5, 12.25)),
        (b"x;y\na;1\xe2\x80\x99234.5\n", (1234.5,)),
        # A French one: a (narrow) no-break space groups them.
        ("x;y\na;1\u202f234,500\nb;12,5\n".encode(), (1234.5, 12.5)),
        # 0.500 and 1234.500 cannot be grouped thousands.
        (b"x;y\na;0.500\n", (0.5,)),
        (b"x;y\na;1234.500\n", (1234.5,)),
        # German: in a ';' file a comma is never a thousands separator.
        (b"x;y\na;12,500\n", (12.5,)),
        # A US tab export: 1,200 next to 500 groups thousands (a format
        # with three decimals would have written 500,000).
        (b"x\ty\na\t1,200\nb\t500\n", (1200.0, 500.0)),
    ],
)
def test_cells_that_show_their_decimal_mark(text, values):
    data = read_csv(text, "data/x.csv")
    assert numbers(data, "y").values == values


@pytest.mark.parametrize(
    ("text", "cell", "fix"),
    [
        # Swiss three decimals, or German thousands: both are real.
        (b"x;y\na;28.801\nb;30\n", "28.801", '"."'),
        (b"x\ty\na\t12,345\nb\t500\n", "12,345", '","'),
    ],
)
def test_a_truly_ambiguous_column_asks_for_the_decimal_key(text, cell, fix):
    data = read_csv(text, "data/x.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "y")
    message = caught.value.message
    assert message.startswith(f"data/x.csv, line 2: in column 'y', '{cell}' could be")
    assert f"'decimal: {fix}'" in message
    assert "'decimal: " in message.replace(f"'decimal: {fix}'", "")


def test_missing_values_read_as_missing():
    cells = ["n/a", "N/A", "-", "—", "–", "#N/A", "NaN", "null", "", "5"]
    text = "x,y\n" + "".join(f"r{i},{cell}\n" for i, cell in enumerate(cells))
    data = read_csv(text.encode(), "data/x.csv")
    assert numbers(data, "y").values == (None,) * 9 + (5.0,)


def test_a_number_that_the_decimal_key_rules_out_says_so():
    data = read_csv(b"x;y\na;1.5\n", "data/x.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "y", decimal=",")
    assert caught.value.message == (
        "data/x.csv, line 2: column 'y' has the non-numeric value '1.5'; y values "
        "must be numbers (commas, $, € and % are fine), but with 'decimal: \",\"' "
        "in the chart block '.' can only group thousands"
    )


def test_a_units_row_under_the_header_is_named_with_the_key_that_skips_it():
    data = read_csv(b"week,spend\n,EUR\n2024-01-01,12\n", "data/x.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "spend")
    assert caught.value.message == (
        "data/x.csv, line 2: column 'spend' has the non-numeric value 'EUR'; y "
        "values must be numbers (commas, $, € and % are fine). If line 2 holds "
        "units or notes rather than data, add 'skip_rows: [2]' to the chart block"
    )
    data = read_csv(b"week,spend\n,EUR\n2024-01-01,12\n", "data/x.csv", skip_rows=(2,))
    assert numbers(data, "spend").values == (12.0,)
    assert data.lines == (3,)


GA4 = b"""\
# ----------------------------------------
# Traffic acquisition: Session default channel group
# Account: Demo, Inc.
# Start date: 20240101
# End date: 20240131
# ----------------------------------------

Session default channel group,Sessions,Engagement rate
Organic Search,"1,200",0.6667
Direct,400,0.5
Grand total,"1,600",0.625
"""


def test_notes_above_the_header_are_refused_with_the_key_that_skips_them():
    with pytest.raises(ChartError) as caught:
        read_csv(GA4, "data/ga4.csv")
    assert caught.value.message == (
        "data/ga4.csv, lines 1–6 start with '#': notes above the header, as in a "
        "Google Analytics export; add 'comment: \"#\"' to the chart block to skip "
        "them, or delete them"
    )


def test_the_comment_key_skips_notes_and_keeps_line_numbers():
    data = read_csv(GA4, "data/ga4.csv", comment="#")
    assert data.names == (
        "Session default channel group",
        "Sessions",
        "Engagement rate",
    )
    assert data.lines == (9, 10, 11)
    assert numbers(data, "Sessions").values == (1200.0, 400.0, 1600.0)
    footer = read_csv(GA4, "data/ga4.csv", comment="#", skip_footer=1)
    assert footer.cells("Session default channel group") == ["Organic Search", "Direct"]
    assert read_csv(GA4, "data/ga4.csv", skip_rows=7).lines == (9, 10, 11)


def test_a_header_named_hash_is_a_header():
    data = read_csv(b"#,name,score\n1,Ann,3\n2,Bo,4\n", "data/x.csv")
    assert data.names == ("#", "name", "score")


def test_a_second_table_after_a_blank_line_suggests_skip_footer():
    text = GA4 + b"\n# ----\nDate,Sessions\n20240101,10\n20240102,12\n"
    with pytest.raises(ChartError) as caught:
        read_csv(text, "data/ga4.csv", comment="#")
    assert caught.value.message.startswith(
        "data/ga4.csv, line 14: 2 fields, but the header has 3"
    )
    assert caught.value.message.endswith(
        "; or, if a second table starts here after the blank line, add "
        "'skip_footer: 3' to the chart block to leave out line 14 and the rows "
        "below it"
    )
    data = read_csv(text, "data/ga4.csv", comment="#", skip_footer=4)
    assert data.lines == (9, 10)


@pytest.mark.parametrize(
    ("options", "message", "key"),
    [
        (
            {"skip_rows": 12},
            "skip_rows: 12 would skip every line of data/ga4.csv, which has 11",
            "skip_rows",
        ),
        (
            {"skip_rows": (2, 40)},
            "skip_rows: data/ga4.csv has 11 lines, so there is no line 40 to skip",
            "skip_rows",
        ),
        (
            {"comment": "#", "skip_footer": 3},
            "skip_footer: 3 would leave out every row of data/ga4.csv, which has 3 "
            "below the header",
            "skip_footer",
        ),
    ],
)
def test_skipping_more_than_the_file_holds_is_an_error_about_the_key(
    options, message, key
):
    with pytest.raises(ChartError) as caught:
        read_csv(GA4, "data/ga4.csv", **options)
    assert caught.value.message == message
    assert caught.value.key == key


def test_ga4_dates_are_dates():
    column = dates(
        read_csv(b"Date,Sessions\n20240131,4\n20240201,5\n", "d.csv"), "Date"
    )
    assert column.values == (dt.datetime(2024, 1, 31), dt.datetime(2024, 2, 1))
    # Eight digits that are not all dates are numbers.
    assert dates(read_csv(b"id,n\n20240131,4\n20241341,5\n", "d.csv"), "id") is None


def test_missing_dates_are_missing_and_a_text_column_keeps_n_a():
    column = dates(read_csv(b"d,n\n2024-01-31,4\nn/a,5\n", "d.csv"), "d")
    assert column.values == (dt.datetime(2024, 1, 31), None)
    assert dates(read_csv(b"answer,n\nYes,4\nN/A,5\n", "d.csv"), "answer") is None


def test_the_date_format_suggestion_has_the_columns_separator_and_time():
    with pytest.raises(ChartError) as caught:
        dates(read_csv(b"d;n\n03.04.2024 10:30;1\n", "d.csv"), "d")
    assert "'date_format: \"%d.%m.%Y %H:%M\"' (day first)" in caught.value.message
    assert "'date_format: \"%m.%d.%Y %H:%M\"' (month first)" in caught.value.message
