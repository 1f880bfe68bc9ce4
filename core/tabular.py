"""Spreadsheets in and out: the one formula-safe writer (XLSX and CSV) every export uses.

Writing: every text cell that a spreadsheet would run as a formula (one starting with = + - @, a
tab or a carriage return) is written with a leading apostrophe, so it shows as text (CSV/formula
injection, OWASP). Numbers, dates and booleans are written as they are. XLSX is written by openpyxl
in write-only mode, so memory stays flat however many rows an export has.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


# --- writing ---------------------------------------------------------------------------------


def safe_cell(value: object) -> object:
    """The value as a spreadsheet must store it: text that would run as a formula gets a leading '."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """Every cell of a row made safe (see ``safe_cell``)."""
    return [safe_cell(value) for value in values]


def sheet_title(title: object) -> str:
    """A valid worksheet title: at most 31 characters, none of \\ / * ? : [ ]."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", str(title)).strip()[:31] or "Sheet"


class XlsxSheet:
    """One worksheet of an ``XlsxWriter``; rows are appended in order and cannot be revisited."""

    def __init__(self, worksheet):
        self._worksheet = worksheet

    def append(self, values: Iterable[object], *, bold: bool = False, size: float | None = None) -> None:
        """Add a row of safe cells; ``bold``/``size`` style the whole row (a heading, a title)."""
        row = safe_row(values)
        if bold or size:
            font = Font(bold=bold, size=size)
            cells = []
            for value in row:
                cell = WriteOnlyCell(self._worksheet, value=value)
                cell.font = font
                cells.append(cell)
            row = cells
        self._worksheet.append(row)

    def extend(self, rows: Iterable[Iterable[object]]) -> None:
        for values in rows:
            self.append(values)


class XlsxWriter:
    """A workbook written row by row (openpyxl write-only): the one way the app writes XLSX."""

    def __init__(self):
        self._workbook = Workbook(write_only=True)

    def sheet(
        self,
        title: object,
        *,
        header: Iterable[object] | None = None,
        widths: Iterable[float] = (),
        freeze_header: bool = False,
    ) -> XlsxSheet:
        """A new worksheet; ``header`` is its first row, bold, kept in view when ``freeze_header``."""
        worksheet = self._workbook.create_sheet(sheet_title(title))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        if header is not None and freeze_header:
            worksheet.freeze_panes = "A2"
        sheet = XlsxSheet(worksheet)
        if header is not None:
            sheet.append(header, bold=True)
        return sheet

    def save(self, fh: IO[bytes]) -> None:
        self._workbook.save(fh)

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.save(buffer)
        return buffer.getvalue()


def xlsx_bytes(rows: Iterable[Iterable[object]], *, title: object = "Sheet") -> bytes:
    """A one-sheet workbook of these rows (the first is written like any other)."""
    writer = XlsxWriter()
    writer.sheet(title).extend(rows)
    return writer.to_bytes()


def write_xlsx(rows: Iterable[Iterable[object]], fh: IO[bytes], *, title: object = "Sheet") -> None:
    """Write a one-sheet workbook of these rows to ``fh``."""
    writer = XlsxWriter()
    writer.sheet(title).extend(rows)
    writer.save(fh)


def write_csv(rows: Iterable[Iterable[object]], fh: IO[str]) -> None:
    """Write the rows as CSV (comma, minimal quoting) with safe cells to a text file."""
    writer = csv.writer(fh)
    for values in rows:
        writer.writerow(safe_row(values))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The rows as CSV lines with safe cells, one at a time (for a streaming response)."""
    writer = csv.writer(_Echo())
    for values in rows:
        yield writer.writerow(safe_row(values))
