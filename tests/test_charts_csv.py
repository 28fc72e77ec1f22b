"""CSV reading: one fixture per real-world export shape, and every refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from charts.csvread import read_csv, to_dates, to_numbers
from charts.errors import ChartError

FIXTURES = Path(__file__).parent / "fixtures" / "csv"


def load(name: str, **options):
    return read_csv((FIXTURES / name).read_bytes(), f"data/{name}", **options)


def numbers(data, column, **options):
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
        "'n/a'; y values must be numbers (commas, $, € and % are fine)"
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


def test_dotted_thousands_in_a_comma_file_are_a_question_not_a_guess():
    data = read_csv(b'stage,people\nSent,"10.000"\nOpened,"4.200"\n', "data/f.csv")
    with pytest.raises(ChartError) as caught:
        numbers(data, "people", delimiter=data.delimiter)
    message = str(caught.value)
    assert message.startswith("data/f.csv, line 2: in column 'people', '10.000'")
    assert 'decimal: ","' in message
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
