"""Benchmark the registry import on a messy officials' sheet as a Kesbangpol clerk keeps it.

The workbook has title rows above the office's own headers, a merged Instansi cell, areas by name
("Kec. Sangatta Utara", "DESA SWARGA BARA", codes without dots), offices by abbreviation (Toga,
Tomas, Pj. ...), dates as "27 Oktober 2024", Excel serials and a year alone, names with front
titles and back degrees, two numbers in a cell and landlines; one row in a hundred has a mistake a
clerk makes (a misspelt area, "besok" as a date, a foreign number). It goes through the real
engine: read and auto-map, check every row (values, then the registry's rules in the bulk service
``stakeholders.services_import.people_import`` without writing), leave the rejected rows out as the
clerk would, and save the rest in one transaction (``bulk_create`` with the history rows). Everything runs in one outer transaction that is rolled back at the end, so the
database is left as it was. The last line printed is one JSON object.
"""

from __future__ import annotations

import io
import json
import random
import resource
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from openpyxl import Workbook

from core.imports.engine import apply_rows, auto_map, check_rows, find_header, read_sheet, row_texts
from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.choices import Office, OrgType
from stakeholders.imports import _RowContext, people_spec
from stakeholders.models import Person
from stakeholders.selectors import organisation_list
from stakeholders.services import organisation_create
from stakeholders.tests.factories import user_with_office

HEADER = ["No", "Nama", "Jabatan", "Instansi", "Kecamatan/Desa", "TMT", "No. HP", "Keterangan"]
OFFICES = ["Toga", "Tomas", "Tokoh Adat", "Linmas", "PKD", "Ketua PPS", "Anggota Forum"]
FRONT = ["", "", "Drs.", "H.", "Hj.", "Dr.", "Ir. H.", "AKP", "Bripka", "Kapten Inf"]
BACK = ["", "", "", "S.H.", "M.Si", "S.Pd.I", "S.Sos", "S.E., M.M."]
NAMES = ["Ahmad", "Budi", "Siti", "Dewi", "Rahmat", "Agus", "Sri", "Yusuf", "Nur", "Hendra", "Rina", "Joko"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober"]


class _Rollback(Exception):
    pass


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def messy_workbook(rows: int, kecamatan: list, desa: list, *, seed: int = 13) -> bytes:
    """A clerk's officials' sheet of ``rows`` people (see the module)."""
    rng = random.Random(seed)  # noqa: S311 - made-up test data, not a secret
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = "Pejabat dan Tokoh"
    sheet.append(["DAFTAR PEJABAT DAN TOKOH MASYARAKAT KABUPATEN KUTAI TIMUR"])
    sheet.append(["Keadaan per November 2024"])
    sheet.append([])
    sheet.append(HEADER)
    for n in range(rows):
        place = rng.choice(desa)
        kec = next(k for k in kecamatan if place.code.startswith(k.code))
        area = rng.choice(
            [
                f"Desa {place.name}",
                place.name.upper(),
                place.code.replace(".", ""),
                f"{place.name}, Kec. {kec.name}",
            ]
        )
        name = f"{rng.choice(NAMES)} {rng.choice(NAMES)} Uji{n}"
        front, back = rng.choice(FRONT), rng.choice(BACK)
        shown = f"{front} {name}".strip() + (f", {back}" if back else "")
        start = rng.choice(
            [
                f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2024",
                45200 + rng.randint(0, 400),
                str(rng.randint(2015, 2023)),
            ]
        )
        phone = f"0812{n:08d}"
        if n % 7 == 0:
            phone += f" / 0813{n:08d}"
        if n % 11 == 0:
            phone += " / (0549) 21234"
        if n % 100 == 99:
            rng_mistake = n // 100 % 3
            if rng_mistake == 0:
                area = "Sangata Utara"
            elif rng_mistake == 1:
                start = "besok"
            else:
                phone = "+1 202 555 0143"
        sheet.append([n + 1, shown, rng.choice(OFFICES), f"Kecamatan {kec.name}", area, start, phone, ""])
    sheet.merge_cells("A1:H1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Time the registry import (check, auto-map, commit) on a messy 10,000-row sheet (rolled back)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)

    def handle(self, *args, rows: int, **options):
        figures: dict[str, object] = {"rows": rows}
        try:
            with transaction.atomic():
                self._run(rows, figures)
                raise _Rollback
        except _Rollback:
            pass
        figures["peak_mb"] = _peak_mb()
        self.stdout.write(json.dumps(figures))

    def _run(self, rows: int, figures: dict) -> None:
        kecamatan = list(adminunit_list(level=AdminLevel.KECAMATAN, with_parent=False))
        desa = list(adminunit_list(level=AdminLevel.DESA, with_parent=False))
        for kec in kecamatan:  # the camat offices the sheet names, where the registry lacks them
            name = f"Kecamatan {kec.name}"
            if not organisation_list(name=name).filter(area=kec).exists():
                organisation_create(name=name, org_type=OrgType.KECAMATAN, area=kec)
        admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="bench_import_admin")
        content = messy_workbook(rows, kecamatan, desa)
        figures["file_kb"] = round(len(content) / 1024)

        started = time.perf_counter()
        table = read_sheet(content)
        ctx = _RowContext(admin)
        spec = people_spec(ctx)
        at = find_header(table.rows, spec)
        mapping = auto_map(table.rows[at].values, spec)
        results = check_rows(spec, [(row.line, row_texts(row, mapping)) for row in table.rows[at + 1 :]])
        apply_rows(spec, results, commit=False)
        figures["check_s"] = round(time.perf_counter() - started, 2)
        figures["mapped"] = sorted(key for key in mapping.values() if key)
        accepted = [result for result in results if result.accepted]
        figures["accepted"], figures["rejected"] = len(accepted), len(results) - len(accepted)

        started = time.perf_counter()
        counts: dict[str, int] = {}
        saved = apply_rows(spec, accepted, commit=True, counts=counts)
        figures["commit_s"] = round(time.perf_counter() - started, 2)
        figures["saved"] = saved
        figures["counts"] = counts
        figures["people_saved"] = Person.objects.filter(full_name__contains=" Uji").count()
