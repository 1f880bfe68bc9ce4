"""core.tabular's writer: text that a spreadsheet would run as a formula is written as text."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from core.tabular import XlsxWriter, csv_lines, safe_cell, sheet_title, write_csv, xlsx_bytes

FORMULA = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize("text", [FORMULA, "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_run_as_a_formula_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Budi", "", 5, -5, 1.5, date(2024, 11, 27), None, True, "'=already"])
def test_everything_else_is_written_as_it_is(value):
    assert safe_cell(value) == value


def test_a_lazy_translation_is_written_as_its_text():
    assert safe_cell(gettext_lazy("Nama")) == "Nama"


def test_an_xlsx_cell_with_a_formula_is_stored_as_text_not_a_formula():
    sheet = load_workbook(io.BytesIO(xlsx_bytes([["nama"], [FORMULA]]))).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value == "'" + FORMULA


def test_a_csv_cell_with_a_formula_is_written_as_text():
    out = io.StringIO()
    write_csv([["nama"], [FORMULA]], out)
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["'" + FORMULA]
    assert next(csv.reader(io.StringIO("".join(csv_lines([[FORMULA]]))))) == ["'" + FORMULA]


def test_a_sheet_has_a_bold_header_its_widths_and_a_valid_title():
    writer = XlsxWriter()
    sheet = writer.sheet("Per kecamatan: [a/b]? " + "x" * 40, header=["a", "b"], widths=[30, 12])
    sheet.append([1, 2])
    workbook = load_workbook(io.BytesIO(writer.to_bytes()))
    ws = workbook.worksheets[0]
    assert ws.title == sheet_title("Per kecamatan: [a/b]? " + "x" * 40)
    assert len(ws.title) == 31
    assert not set(ws.title) & set("[]/?:*\\")
    assert ws["A1"].font.b is True
    assert ws["A2"].font.b is False
    assert ws.column_dimensions["A"].width == 30


def test_a_table_has_its_header_frozen_a_filter_over_its_rows_and_its_widths():
    import io as _io

    from openpyxl import load_workbook as _load

    from core.tabular import write_xlsx_table

    buffer = _io.BytesIO()
    write_xlsx_table(
        [["Nomor", "Judul"], ["INS-1", "=1+1"], ["INS-2", "Bentrok"]], buffer, title="t", widths=[17, 40]
    )
    sheet = _load(_io.BytesIO(buffer.getvalue()))["t"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:B3"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (17, 40)
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == "'=1+1"  # still formula-safe


def test_dates_read_day_first_and_moments_as_the_wall_clock_in_wita():
    writer = XlsxWriter()
    writer.sheet("t", header=["Tanggal", "Waktu"]).append(
        [date(2024, 10, 27), datetime(2024, 10, 27, 1, 30, tzinfo=UTC)]
    )
    sheet = load_workbook(io.BytesIO(writer.to_bytes()))["t"]
    assert sheet["A2"].value == datetime(2024, 10, 27)  # noqa: DTZ001  (a spreadsheet holds no zone)
    assert sheet["A2"].number_format == "dd/mm/yyyy"
    assert sheet["B2"].value == datetime(2024, 10, 27, 9, 30)  # noqa: DTZ001  (01.30 UTC is 09.30 WITA)
    assert sheet["B2"].number_format == "dd/mm/yyyy hh:mm"
