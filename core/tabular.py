"""Spreadsheets in and out: the one reader every import uses and the one formula-safe writer.

Reading (``read_table``): the format is told by the content, never by the file name: a ZIP that
holds a workbook is XLSX, text is CSV, anything else is refused. Limits come from settings and are
checked before the expensive part: the byte size first; for XLSX the ZIP's directory (number of
parts, their uncompressed size, encryption) before openpyxl opens anything, so a zip bomb or a
sheet declaring a million rows by a million columns is refused in milliseconds without allocating;
the declared sheet dimension is ignored and rows are streamed (openpyxl ``read_only``; XML parsed
by defusedxml, so entity expansion is refused), each row cut at the column limit, reading stopped at
the row limit. CSV is decoded as UTF-8 (with or without BOM), else Windows-1252, and its delimiter
(comma, semicolon, tab) is sniffed. Every refusal is a ``ValidationError`` in Bahasa Indonesia.
Large files are read in the worker: the import services decide with ``TABULAR_SYNC_MAX_BYTES``.

Writing: every text cell that a spreadsheet would run as a formula (one starting with = + - @, a
tab or a carriage return) is written with a leading apostrophe, so it shows as text (CSV/formula
injection, OWASP). Numbers, dates and booleans are written as they are. XLSX is written by openpyxl
in write-only mode (each row goes to a temporary file as it is appended; strings inline, no shared
string table; column widths are the declared ones, never measured over the rows), so memory stays
flat however many rows an export has. ``table_file`` writes a whole table, XLSX or CSV, to a
temporary file on disk: what a background export hands to the storage without holding the file.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import IO

import filetype
import openpyxl.xml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"

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


def _local(value: object) -> object:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


class XlsxSheet:
    """One worksheet of an ``XlsxWriter``; rows are appended in order and cannot be revisited."""

    def __init__(self, worksheet, *, auto_filter: bool = False):
        self._worksheet = worksheet
        self._auto_filter = auto_filter
        self.rows = 0
        self.columns = 0

    def append(self, values: Iterable[object], *, bold: bool = False, size: float | None = None) -> None:
        """Add a row of safe cells; ``bold``/``size`` style the whole row (a heading, a title)."""
        # A spreadsheet has no time zones: a moment is written as the wall clock in WITA.
        row = [_local(value) for value in safe_row(values)]
        self.rows += 1
        self.columns = max(self.columns, len(row))
        font = Font(bold=bold, size=size) if bold or size else None
        if font or any(isinstance(value, date) for value in row):
            cells = []
            for value in row:
                cell = WriteOnlyCell(self._worksheet, value=value)
                if font:
                    cell.font = font
                # Dates read as an Indonesian reader writes them (27/10/2024), still dates to sort and filter.
                if isinstance(value, datetime):
                    cell.number_format = DATETIME_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
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
        self._sheets: list[XlsxSheet] = []

    def sheet(
        self,
        title: object,
        *,
        header: Iterable[object] | None = None,
        widths: Iterable[float] = (),
        freeze_header: bool = False,
        auto_filter: bool = False,
    ) -> XlsxSheet:
        """A new worksheet; ``header`` is its first row, bold, kept in view when ``freeze_header``, with
        a filter on every column when ``auto_filter`` (set over the rows written, when saved)."""
        worksheet = self._workbook.create_sheet(sheet_title(title))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = width
        if header is not None and freeze_header:
            worksheet.freeze_panes = "A2"
        sheet = XlsxSheet(worksheet, auto_filter=auto_filter and header is not None)
        self._sheets.append(sheet)
        if header is not None:
            sheet.append(header, bold=True)
        return sheet

    def save(self, fh: IO[bytes]) -> None:
        for sheet in self._sheets:
            if sheet._auto_filter and sheet.columns:
                sheet._worksheet.auto_filter.ref = (
                    f"A1:{get_column_letter(sheet.columns)}{max(sheet.rows, 1)}"
                )
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


def write_xlsx_table(
    rows: Iterable[Iterable[object]], fh: IO[bytes], *, title: object = "Sheet", widths: Iterable[float] = ()
) -> None:
    """Write a one-sheet table whose first row is its header: bold, frozen, with a filter on every
    column, the columns as wide as ``widths`` (characters)."""
    iterator = iter(rows)
    header = next(iterator, None)
    writer = XlsxWriter()
    sheet = writer.sheet(title, header=header, widths=widths, freeze_header=True, auto_filter=True)
    sheet.extend(iterator)
    writer.save(fh)


def write_csv(rows: Iterable[Iterable[object]], fh: IO[str]) -> None:
    """Write the rows as CSV (comma, minimal quoting) with safe cells to a text file."""
    writer = csv.writer(fh)
    for values in rows:
        writer.writerow(safe_row(values))


def write_table(
    rows: Iterable[Iterable[object]],
    fh: IO[bytes],
    *,
    file_format: str,
    title: object = "Sheet",
    widths: Iterable[float] = (),
) -> None:
    """Write a table (its first row the header) to the binary file ``fh`` as ``file_format``: "xlsx"
    as ``write_xlsx_table``, "csv" as ``write_csv`` in UTF-8. Rows are consumed one at a time."""
    if file_format == "xlsx":
        write_xlsx_table(rows, fh, title=title, widths=widths)
        return
    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=False)
    try:
        write_csv(rows, text)
        text.flush()
    finally:
        text.detach()  # the caller's file stays open


def table_file(
    rows: Iterable[Iterable[object]],
    *,
    file_format: str,
    title: object = "Sheet",
    widths: Iterable[float] = (),
) -> IO[bytes]:
    """The table written to a new temporary file on disk (see ``write_table``), returned open at its
    start; the caller closes it (it is removed then). Memory stays flat whatever the number of rows:
    nothing is kept but the row being written (openpyxl writes the XLSX sheet to a temporary file
    too, then zips it into this one). The files go to ``FILE_UPLOAD_TEMP_DIR`` (the system's
    temporary directory when unset)."""
    fh = tempfile.TemporaryFile(dir=getattr(settings, "FILE_UPLOAD_TEMP_DIR", None))  # noqa: SIM115 - returned open
    try:
        write_table(rows, fh, file_format=file_format, title=title, widths=widths)
        fh.flush()
        fh.seek(0)
    except BaseException:
        fh.close()
        raise
    return fh


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The rows as CSV lines with safe cells, one at a time (for a streaming response)."""
    writer = csv.writer(_Echo())
    for values in rows:
        yield writer.writerow(safe_row(values))


# --- reading ---------------------------------------------------------------------------------

# Excel's own limits: a sheet never has more, whatever it declares.
EXCEL_MAX_ROWS = 1_048_576
# A sheet declaring more columns than this is refused before reading (an import uses a few dozen).
DECLARED_MAX_COLUMNS = 1024
# How many rows above the data an import engine looks at for its header (title rows, blank rows).
HEADER_SEARCH_ROWS = 20
# Merged ranges read from a sheet at most; a sheet with more is refused (a real one has dozens).
MAX_MERGED_RANGES = 20_000
_OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and other old Office files)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass
class TableRow:
    """One non-blank row after the header: its line in the file (1-based) and its cells as text."""

    line: int
    values: list[str]


@dataclass
class Table:
    """What an import reads: the header (the first non-blank row), the data rows, the blank rows skipped.

    Read with ``header=False``, every non-blank row is in ``rows`` and ``header`` is empty (the
    import engine finds the header itself). ``sheet_names`` lists every sheet of a workbook (one
    empty name for a CSV) and ``sheet`` is the one read.
    """

    format: str
    header: list[str]
    rows: list[TableRow] = field(default_factory=list)
    blank_rows: int = 0
    sheet_names: list[str] = field(default_factory=list)
    sheet: str = ""


@dataclass(frozen=True)
class TableLimits:
    """The limits one read enforces (each from its TABULAR_* setting unless given)."""

    max_bytes: int
    max_rows: int
    max_columns: int
    max_uncompressed_bytes: int
    max_zip_members: int
    max_cell_chars: int

    @classmethod
    def from_settings(cls, **overrides) -> TableLimits:
        values = {
            "max_bytes": getattr(settings, "TABULAR_MAX_BYTES", 10 * 1024 * 1024),
            "max_rows": getattr(settings, "TABULAR_MAX_ROWS", 10_000),
            "max_columns": getattr(settings, "TABULAR_MAX_COLUMNS", 50),
            "max_uncompressed_bytes": getattr(settings, "TABULAR_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024),
            "max_zip_members": getattr(settings, "TABULAR_MAX_ZIP_MEMBERS", 500),
            "max_cell_chars": getattr(settings, "TABULAR_MAX_CELL_CHARS", 32_767),
        }
        values.update({name: value for name, value in overrides.items() if value is not None})
        return cls(**values)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def cell_text(value: object) -> str:
    """A cell as the text an import works with: dates as YYYY-MM-DD, whole numbers without .0."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def detect_format(content: bytes) -> str:
    """ "xlsx" or "csv", told by the content; a ValidationError for anything else."""
    if content.startswith(_ZIP_SIGNATURES):
        return "xlsx"
    if content.startswith(_OLE2_SIGNATURE):
        raise ValidationError(
            _("Berkas Excel lama (.xls) tidak didukung. Simpan ulang sebagai .xlsx atau CSV UTF-8."),
            code="type",
        )
    guessed = filetype.guess(content[:8192])
    if guessed is not None:
        raise ValidationError(_("Jenis berkas tidak didukung: unggah XLSX atau CSV."), code="type")
    return "csv"


class _RowCollector:
    """Keeps the header and the non-blank rows, enforcing the row and column limits as rows arrive."""

    def __init__(self, file_format: str, limits: TableLimits, *, header: bool = True):
        self.table = Table(format=file_format, header=[])
        self.limits = limits
        self.seen_header = not header
        # Without a header row, a few title rows above the header come on top of the data rows.
        self.max_rows = limits.max_rows if header else limits.max_rows + HEADER_SEARCH_ROWS

    def add(self, line: int, cells) -> None:
        if cells.count(None) == len(cells):  # a blank row, the common case of a padded sheet: fast
            self.table.blank_rows += 1
            return
        values = [cell_text(value) for value in cells]
        while values and not values[-1]:
            values.pop()
        if len(values) > self.limits.max_columns:
            raise ValidationError(
                _("Baris %(line)s berisi lebih dari %(max)s kolom. Hapus kolom yang tidak dipakai.")
                % {"line": line, "max": self.limits.max_columns},
                code="too_many_columns",
            )
        if any(len(value) > self.limits.max_cell_chars for value in values):
            raise ValidationError(
                _("Baris %(line)s berisi sel yang terlalu panjang (maksimum %(max)s karakter).")
                % {"line": line, "max": _thousands(self.limits.max_cell_chars)},
                code="cell_too_long",
            )
        if not any(values):
            self.table.blank_rows += 1
            return
        if not self.seen_header:
            self.table.header = values
            self.seen_header = True
            return
        if len(self.table.rows) >= self.max_rows:
            raise ValidationError(
                _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
                % {"max": _thousands(self.limits.max_rows)},
                code="too_many",
            )
        self.table.rows.append(TableRow(line=line, values=values))

    def scan_limit(self) -> int:
        # Blank rows cost little each, but a sheet can claim a million of them in a few bytes.
        return min(EXCEL_MAX_ROWS, 2 * self.limits.max_rows + 1000)

    def scanned(self, line: int) -> None:
        if line > self.scan_limit():
            raise ValidationError(
                _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
                % {"max": _thousands(self.limits.max_rows)},
                code="too_many",
            )


def _check_zip(content: bytes, limits: TableLimits) -> None:
    """Refuse a damaged, encrypted, padded or bomb-like XLSX from the ZIP directory alone."""
    unreadable = ValidationError(_("Berkas XLSX rusak atau tidak bisa dibaca."), code="unreadable")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise unreadable from exc
    if len(members) > limits.max_zip_members:
        raise unreadable
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or not any(name.startswith("xl/") for name in names):
        raise ValidationError(
            _("Berkas ZIP ini bukan buku kerja Excel (XLSX). Unggah XLSX atau CSV."), code="type"
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise ValidationError(
            _("Berkas XLSX terkunci kata sandi. Buka kuncinya lalu unggah lagi."), code="encrypted"
        )
    # Python's zipfile never inflates a member past its declared size (the CRC check fails), so
    # the declared sizes bound what openpyxl can read.
    uncompressed = sum(member.file_size for member in members)
    if uncompressed > limits.max_uncompressed_bytes:
        raise ValidationError(
            _("Isi berkas XLSX terlalu besar setelah diurai (%(size)s MB; maksimum %(max)s MB).")
            % {"size": _mb(uncompressed), "max": _mb(limits.max_uncompressed_bytes)},
            code="uncompressed_size",
        )


def _merged_ranges(content: bytes, worksheet_path: str) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet as (first row, first column, last row, last column), streamed."""
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.cell import range_boundaries

    ranges: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(io.BytesIO(content)) as archive, archive.open(worksheet_path) as fh:
        for _event, element in iterparse(fh, events=("end",)):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell":
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                ranges.append((min_row, min_col, max_row, max_col))
                if len(ranges) > MAX_MERGED_RANGES:
                    raise ValidationError(
                        _(
                            "Lembar kerja berisi terlalu banyak sel gabungan. Pisahkan sel gabungan lalu unggah lagi."
                        ),
                        code="merged",
                    )
            elif tag in ("row", "c", "v", "f", "is", "t"):
                element.clear()
    return ranges


class _FillDown:
    """The value of a vertically merged cell copied into the rows below it, as a reader sees it."""

    def __init__(self, ranges: list[tuple[int, int, int, int]], max_columns: int):
        self.starts: dict[int, list[tuple[int, int, int]]] = {}
        for first_row, first_col, last_row, _last_col in ranges:
            if last_row > first_row and first_col <= max_columns + 1:
                self.starts.setdefault(first_row, []).append((first_col, first_row, last_row))
        self.active: list[tuple[int, int, object]] = []  # (column, last row, value)

    def apply(self, line: int, cells: tuple) -> tuple:
        if not self.starts and not self.active:
            return cells
        self.active = [entry for entry in self.active if entry[1] >= line]
        if self.active:
            filled = list(cells)
            for column, _last, value in self.active:
                if column <= len(filled) and filled[column - 1] is None:
                    filled[column - 1] = value
            cells = tuple(filled)
        for column, _first, last in self.starts.pop(line, []):
            if column <= len(cells):
                self.active.append((column, last, cells[column - 1]))
        return cells


def _read_xlsx(
    content: bytes, limits: TableLimits, *, sheet_name: str | None = None, header: bool = True
) -> Table:
    if not openpyxl.xml.DEFUSEDXML:
        raise ImproperlyConfigured("defusedxml must be installed: openpyxl parses uploads with it.")
    _check_zip(content, limits)
    collector = _RowCollector("xlsx", limits, header=header)
    try:
        workbook = load_workbook(
            io.BytesIO(content), read_only=True, data_only=True, keep_links=False, keep_vba=False
        )
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl and defusedxml raise many kinds for a damaged or hostile file
        raise ValidationError(_("Berkas XLSX rusak atau tidak bisa dibaca."), code="unreadable") from exc
    try:
        if not workbook.worksheets:
            raise ValidationError(_("Berkas XLSX tidak berisi lembar kerja."), code="unreadable")
        collector.table.sheet_names = [worksheet.title for worksheet in workbook.worksheets]
        if sheet_name and sheet_name not in collector.table.sheet_names:
            raise ValidationError(
                _("Lembar kerja %(name)s tidak ada di berkas ini.") % {"name": sheet_name}, code="sheet"
            )
        sheet = workbook[sheet_name] if sheet_name else workbook.worksheets[0]
        collector.table.sheet = sheet.title
        declared_rows, declared_columns = sheet.max_row or 0, sheet.max_column or 0
        if declared_rows > collector.scan_limit() or declared_columns > DECLARED_MAX_COLUMNS:
            raise ValidationError(
                _(
                    "Lembar kerja menyatakan ukuran %(rows)s baris dan %(columns)s kolom, jauh melebihi "
                    "batas impor (%(max)s baris data). Salin hanya data yang diimpor ke berkas baru."
                )
                % {
                    "rows": _thousands(declared_rows),
                    "columns": _thousands(declared_columns),
                    "max": _thousands(limits.max_rows),
                },
                code="declared_size",
            )
        sheet.reset_dimensions()  # a smaller declaration is not trusted either: rows are counted
        # One column past the limit: enough to notice a wider row, never a padded million.
        fill = _FillDown(_merged_ranges(content, sheet._worksheet_path), limits.max_columns)
        rows = sheet.iter_rows(max_col=limits.max_columns + 1, values_only=True)
        for line, cells in enumerate(rows, start=1):
            collector.scanned(line)
            collector.add(line, fill.apply(line, cells))
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(_("Berkas XLSX rusak atau tidak bisa dibaca."), code="unreadable") from exc
    finally:
        workbook.close()
    return collector.table


def _decode_csv(content: bytes) -> str:
    if b"\x00" in content:  # UTF-16 ("Unicode text") or a binary file
        raise ValidationError(
            _(
                "Berkas CSV harus berenkode UTF-8 (atau Windows-1252). "
                'Di Excel pilih "CSV UTF-8 (Comma delimited)".'
            ),
            code="encoding",
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "Berkas CSV harus berenkode UTF-8 (atau Windows-1252). "
                'Di Excel pilih "CSV UTF-8 (Comma delimited)".'
            ),
            code="encoding",
        ) from exc


def _csv_dialect(text: str):
    sample = text[:65_536]
    first_line = sample.split("\n", 1)[0]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        if dialect.delimiter in first_line:
            return dialect
    except csv.Error:
        pass
    counts = {delimiter: first_line.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda delimiter: counts[delimiter])

    class _Dialect(csv.excel):
        delimiter = best if counts[best] else ","

    return _Dialect


def _read_csv(content: bytes, limits: TableLimits, *, header: bool = True) -> Table:
    text = _decode_csv(content)
    collector = _RowCollector("csv", limits, header=header)
    collector.table.sheet_names = [""]
    previous = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell_chars + 1)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), _csv_dialect(text))
        line = 0
        for cells in reader:
            line = reader.line_num
            collector.scanned(line)
            collector.add(line, tuple(cells))
    except csv.Error as exc:
        raise ValidationError(
            _("Baris %(line)s CSV tidak bisa dibaca (sel terlalu panjang atau tanda kutip tidak ditutup).")
            % {"line": line + 1},
            code="unreadable",
        ) from exc
    finally:
        csv.field_size_limit(previous)
    return collector.table


def read_table(
    content: bytes,
    *,
    max_rows: int | None = None,
    max_columns: int | None = None,
    sheet: str | None = None,
    header: bool = True,
) -> Table:
    """A sheet of an XLSX (the first unless named) or the rows of a CSV, as text, within the limits.

    Vertically merged cells of a sheet read as their value in every row they cover. See the module.
    """
    limits = TableLimits.from_settings(max_rows=max_rows, max_columns=max_columns)
    if not content:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if len(content) > limits.max_bytes:
        raise ValidationError(
            _("Berkas terlalu besar (maksimum %(mb)s MB).") % {"mb": _mb(limits.max_bytes)}, code="size"
        )
    file_format = detect_format(content)
    if file_format == "xlsx":
        return _read_xlsx(content, limits, sheet_name=sheet, header=header)
    return _read_csv(content, limits, header=header)


def read_upload(upload, **limits) -> tuple[bytes, Table]:
    """Read an uploaded file (at most the byte limit plus one byte) and its table."""
    max_bytes = TableLimits.from_settings().max_bytes
    content = upload.read(max_bytes + 1)
    return content, read_table(content, **limits)


def tabular_sync_max_bytes() -> int:
    """Files up to this size are read during the request; larger ones by the worker."""
    return int(getattr(settings, "TABULAR_SYNC_MAX_BYTES", 512 * 1024))
