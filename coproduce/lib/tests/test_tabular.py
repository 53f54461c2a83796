"""Writing and reading tables: safe cells, typed values, uploads judged by content."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from coproduce.lib import tabular


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Pat Morgan", "Pat Morgan"),
        ("", ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_made_inert(text, safe):
    assert tabular.safe_text(text) == safe


def test_csv_keeps_numbers_and_dates_plain_and_makes_formulas_inert():
    data = tabular.to_csv(
        ["Name", "Amount", "On", "Paid"],
        [["=1+1", Decimal("4.5"), datetime.date(2025, 3, 1), True], [None, 3, None, False]],
    )
    text = data.decode("utf-8-sig")
    assert text.splitlines() == ["Name,Amount,On,Paid", "'=1+1,4.50,2025-03-01,Yes", ",3,,No"]


def test_xlsx_keeps_types_and_is_byte_identical_for_the_same_content():
    rows = [["@evil", Decimal("1.20"), datetime.date(2025, 1, 31)]]
    first = tabular.to_xlsx(["A", "B", "C"], rows, title="Projects")
    assert first == tabular.to_xlsx(["A", "B", "C"], rows, title="Projects")
    sheet = load_workbook(io.BytesIO(first)).active
    assert sheet["A2"].value == "'@evil"
    assert sheet["B2"].number_format == "0.00"
    assert sheet["C2"].value.date() == datetime.date(2025, 1, 31)


def test_a_csv_round_trips_through_the_reader():
    table = tabular.read(tabular.to_csv(["Ref", "Title"], [["P1", "Falls"], ["P2", "Ward"]]))
    assert table.kind == "csv"
    assert table.headers == ["Ref", "Title"]
    assert list(table.numbered()) == [
        (2, {"Ref": "P1", "Title": "Falls"}),
        (3, {"Ref": "P2", "Title": "Ward"}),
    ]


def test_semicolon_csv_in_windows_1252_is_read():
    data = "Ref;Title\r\nP1;Café rounds\r\n".encode("cp1252")
    table = tabular.read(data)
    assert table.rows == [["P1", "Café rounds"]]


def test_an_xlsx_is_read_with_its_dates_and_duplicate_headers_kept_apart():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Ref", None])
    sheet.append(["P1", "x", datetime.datetime(2024, 4, 3)])
    sheet.append([None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = tabular.read(buffer.getvalue())
    assert table.kind == "xlsx"
    assert table.headers == ["Ref", "Ref (2)", "Column 3"]
    assert table.rows == [["P1", "x", datetime.datetime(2024, 4, 3)]]


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 not a table", b"PK\x03\x04 broken zip", b"", b"\x00\x01binary"],
)
def test_files_that_are_not_tables_are_refused(data):
    with pytest.raises(tabular.UnreadableFile):
        tabular.read(data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/04/2024", datetime.date(2024, 4, 3)),
        ("2024-04-03", datetime.date(2024, 4, 3)),
        ("3 April 2024", datetime.date(2024, 4, 3)),
        (datetime.datetime(2024, 4, 3, 0, 0), datetime.date(2024, 4, 3)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_read_day_first(value, expected):
    assert tabular.date_of(value) == expected


def test_text_that_is_not_a_date_is_refused():
    with pytest.raises(ValueError):
        tabular.date_of("next Tuesday")


def test_lists_in_a_cell_split_on_semicolons_and_new_lines():
    assert tabular.split_list("a@x.org; b@x.org\nc@x.org;;") == ["a@x.org", "b@x.org", "c@x.org"]
