"""core.tabular's reader: format by content, limits before work, streaming, Bahasa Indonesia refusals.

Regression tests of issue 12, finding 3 (a 1.6 KB XLSX made a web worker grow to 3.9 GB): a small
XLSX declaring a huge sheet, and a zip bomb, are refused quickly and without allocating; the
tracemalloc ceiling is a guard against a regression, not a timing.
"""

import io
import re
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from core.tabular import read_table

ALLOCATION_CEILING = 50 * 1024 * 1024


def xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change`` (other parts unchanged)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = change(data.decode()).encode()
            target.writestr(member.filename, data)
    return out.getvalue()


def refused_without_allocating(content: bytes, match: str, **limits) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match=match):
            read_table(content, **limits)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < ALLOCATION_CEILING, f"peak {peak / 1e6:.0f} MB"


# --- what is read -------------------------------------------------------------------------------


def test_an_xlsx_is_read_as_text_with_lines_and_blank_rows_counted():
    table = read_table(
        xlsx([["nama", "mulai", "jumlah"], ["Budi", date(2024, 1, 2), 3.0], [None, None], ["Ani", None, 4]])
    )
    assert (table.format, table.header, table.blank_rows) == ("xlsx", ["nama", "mulai", "jumlah"], 1)
    assert [(row.line, row.values) for row in table.rows] == [
        (2, ["Budi", "2024-01-02", "3"]),
        (4, ["Ani", "", "4"]),
    ]


def test_a_csv_is_told_by_its_content_whatever_its_name_and_its_delimiter_is_sniffed():
    for delimiter in (",", ";", "\t"):
        content = f"nama{delimiter}organisasi\nBudi{delimiter}Polres, Kutim\n".replace(
            "Polres, Kutim", '"Polres, Kutim"'
        ).encode()
        table = read_table(content)
        assert (table.format, table.header, table.rows[0].values) == (
            "csv",
            ["nama", "organisasi"],
            ["Budi", "Polres, Kutim"],
        )


def test_a_csv_with_a_bom_or_in_windows_1252_is_decoded():
    assert read_table("\ufeffnama\nŞükrü\n".encode()).rows[0].values == ["Şükrü"]
    assert read_table("nama\nBü Ángel\n".encode("cp1252")).rows[0].values == ["Bü Ángel"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Berkas kosong"),
        ("nama\nJosé\n".encode("utf-16"), "harus berenkode UTF-8"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Jenis berkas tidak didukung"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, r"Excel lama \(\.xls\)"),
        (b"PK\x03\x04" + b"\x00" * 64, "XLSX rusak"),
        (b'nama\n"tidak ditutup\n' + b"x" * 40_000, "tidak bisa dibaca"),
    ],
)
def test_a_bad_file_is_refused_with_a_message_in_bahasa_indonesia(content, message):
    with pytest.raises(ValidationError, match=message):
        read_table(content)


def test_a_zip_that_is_not_a_workbook_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("laporan.txt", "bukan buku kerja")
    with pytest.raises(ValidationError, match="bukan buku kerja Excel"):
        read_table(out.getvalue())


def test_the_byte_row_and_column_limits_come_from_settings(settings):
    settings.TABULAR_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="terlalu besar"):
        read_table(b"nama\n" + b"Budi\n" * 50)
    settings.TABULAR_MAX_BYTES = 10_000
    with pytest.raises(ValidationError, match=r"lebih dari 3 baris data"):
        read_table(b"nama\na\nb\nc\nd\n", max_rows=3)
    with pytest.raises(ValidationError, match="lebih dari 2 kolom"):
        read_table(xlsx([["a", "b", "c"]]), max_columns=2)


def test_blank_columns_and_rows_do_not_count_against_the_limits():
    table = read_table(xlsx([["nama", None, None], [None], ["Budi", "", None]]), max_columns=1)
    assert (table.header, [r.values for r in table.rows], table.blank_rows) == (["nama"], [["Budi"]], 1)


# --- hostile workbooks (issue 12, finding 3) -------------------------------------------------------


def _declaring_a_huge_sheet(xml: str) -> str:
    xml = re.sub(r'<dimension ref="[^"]+" ?/>', '<dimension ref="A1:XFD1048576"/>', xml)
    return xml.replace(
        "</sheetData>",
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>',
    )


def test_a_small_xlsx_declaring_a_huge_sheet_is_refused_quickly_without_allocating():
    content = rewrite_sheet(xlsx([["nama"], ["Budi"]]), _declaring_a_huge_sheet)
    assert len(content) < 8_000
    refused_without_allocating(content, "menyatakan ukuran 1.048.576 baris dan 16.384 kolom")


def test_a_small_xlsx_hiding_a_huge_sheet_behind_a_small_dimension_is_refused_without_allocating():
    def hidden(xml: str) -> str:
        return _declaring_a_huge_sheet(xml).replace(
            '<dimension ref="A1:XFD1048576"/>', '<dimension ref="A1"/>'
        )

    refused_without_allocating(
        rewrite_sheet(xlsx([["nama"], ["Budi"]]), hidden), "lebih dari 10.000 baris data"
    )


def test_cells_in_the_last_column_are_not_read_and_allocate_nothing():
    def wide(xml: str) -> str:
        cells = "".join(
            f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(3, 2000)
        )
        return xml.replace("</sheetData>", cells + "</sheetData>")

    tracemalloc.start()
    try:
        table = read_table(rewrite_sheet(xlsx([["nama"], ["Budi"]]), wide))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ([r.values for r in table.rows], table.blank_rows) == ([["Budi"]], 1997)
    assert peak < ALLOCATION_CEILING


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_openpyxl_reads_it(settings):
    settings.TABULAR_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    row = '<row><c t="inlineStr"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>' * 1000
    source = xlsx([["nama"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as base, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in base.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(member.filename, base.read(member.filename))
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            for _ in range(500):  # 500 x 58 KB: about 30 MB inflated
                sheet.write(row.encode())
            sheet.write(b"</sheetData></worksheet>")
    content = out.getvalue()
    assert len(content) < 1024 * 1024
    refused_without_allocating(content, r"terlalu besar setelah diurai \([\d.]+ MB; maksimum 20 MB\)")


def test_an_xml_entity_expansion_is_refused():
    def laughs(xml: str) -> str:
        entities = '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return entities + xml.replace("<t>Budi</t>", "<t>&b;</t>")

    refused_without_allocating(rewrite_sheet(xlsx([["nama"], ["Budi"]]), laughs), "XLSX rusak")
