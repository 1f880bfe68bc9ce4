"""The background export streams: thousands of rows read in chunks, written row by row to a file on disk
and saved from there, so the worker's memory does not grow with the rows; the file holds exactly the
requester's scope and reads as a table."""

import csv
import io
import random
import tracemalloc
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.testing import assert_readable_table
from incidents.bench import bench_incident_row, incidents_copy
from incidents.choices import Status
from incidents.exports import EXPORT_COLUMNS
from incidents.models import IncidentCategory, IncidentExport
from incidents.services.export import incident_export_run
from regions.models import AdminUnit

IN_SCOPE = 2_500  # in Sangatta Utara (64.08.04), the camat's kecamatan
OUT_OF_SCOPE = 300  # in Muara Wahau (64.08.09)


def _seed(count: int, *, reporter, kecamatan: str, prefix: str, long_text: bool = False) -> set[str]:
    """``count`` incidents in the desa of ``kecamatan`` through the bench loader (COPY); their numbers."""
    rng = random.Random(count)  # noqa: S311 - test data
    desa = list(
        AdminUnit.objects.filter(code__startswith=kecamatan + ".", level="desa").values_list("id", "code")
    )
    category = IncidentCategory.objects.get(code="POLITIK_UANG")
    now = timezone.now()
    rows, numbers = [], set()
    letters = "abcdefghijklmnopqrstuvwxyz "
    for i in range(count):
        area_id, area_code = rng.choice(desa)
        known = now - timedelta(days=rng.randint(1, 300))
        number = f"{prefix}{i:07d}"
        numbers.add(number)
        # Distinct text in every row (as real titles and places are): nothing for a writer to share.
        text = "".join(rng.choices(letters, k=500)) if long_text else f"Laporan {i}"
        rows.append(
            bench_incident_row(
                rng=rng,
                track=category.track,
                severity=rng.randint(1, 5),
                status=rng.choice([Status.BARU, Status.DITANGANI, Status.DITUTUP]),
                occurred=known,
                known=known,
                reported=known,
                now=now,
                number=number,
                title=text[:200],
                chronology="",
                area_id=area_id,
                area_code=area_code,
                location_description=text[200:],
                reporter_id=reporter.pk,
                category_id=category.pk,
            )
        )
    incidents_copy(rows)
    return numbers


def _run(user, file_format: str) -> IncidentExport:
    export = IncidentExport.objects.create(
        created_by=user, params={"status": ["semua"]}, file_format=file_format
    )
    assert incident_export_run(export_id=export.pk) == "done"
    export.refresh_from_db()
    return export


def test_an_xlsx_export_of_thousands_of_rows_is_a_readable_table_of_exactly_the_users_scope(
    operator, kab_admin
):
    ours = _seed(IN_SCOPE, reporter=kab_admin, kecamatan="64.08.04", prefix="STR-")
    theirs = _seed(OUT_OF_SCOPE, reporter=kab_admin, kecamatan="64.08.09", prefix="OUT-")
    export = _run(operator, "xlsx")
    assert (export.done, export.total) == (IN_SCOPE, IN_SCOPE)
    with export.file.open("rb") as fh:
        sheet = load_workbook(fh).active
        assert_readable_table(sheet, min_row_count=IN_SCOPE + 1)
        rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == len(EXPORT_COLUMNS)
    numbers = [row[0] for row in rows[1:]]
    assert len(numbers) == IN_SCOPE
    assert set(numbers) == ours
    assert not set(numbers) & theirs
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(EXPORT_COLUMNS)).column_letter}{IN_SCOPE + 1}"


def test_a_csv_export_of_thousands_of_rows_holds_exactly_the_users_scope(operator, kab_admin):
    ours = _seed(IN_SCOPE, reporter=kab_admin, kecamatan="64.08.04", prefix="STR-")
    theirs = _seed(OUT_OF_SCOPE, reporter=kab_admin, kecamatan="64.08.09", prefix="OUT-")
    for user, expected in ((operator, ours), (kab_admin, ours | theirs)):
        export = _run(user, "csv")
        with export.file.open("rb") as fh:
            rows = list(csv.reader(io.StringIO(fh.read().decode("utf-8"), newline="")))
        assert len(rows) == len(expected) + 1
        assert all(len(row) == len(EXPORT_COLUMNS) for row in rows)
        assert {row[0] for row in rows[1:]} == expected
        assert export.done == len(expected)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_worker_builds_the_export_without_holding_the_file_in_memory(operator, file_format, monkeypatch):
    # 4,000 rows of distinct text: a file of megabytes. Held in memory (a buffer, then its bytes for
    # the storage) the build's peak is more than the file (2.3 times the CSV, 1.3 times the XLSX);
    # streamed to disk it is what one chunk of rows takes (50 rows here, to keep it small beside the
    # file), whatever the number of rows (0.4 and 0.3 times the file).
    monkeypatch.setattr("incidents.exports.CHUNK", 50)
    # Once on an empty list first: what any first build loads (the translations) is not its rows.
    _run(operator, file_format)
    rows = 4_000
    _seed(rows, reporter=operator, kecamatan="64.08.04", prefix="MEM-", long_text=True)
    export = IncidentExport.objects.create(
        created_by=operator, params={"status": ["semua"]}, file_format=file_format
    )
    tracemalloc.start()
    try:
        assert incident_export_run(export_id=export.pk) == "done"
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    export.refresh_from_db()
    assert export.done == rows
    size = export.file.size
    assert size > 1_500_000, size
    assert peak < size * 3 / 4, f"peak {peak:,} bytes for a file of {size:,} bytes"
