"""Rebuild the dashboard's pre-aggregated counts (``IncidentDayCount``, ``IncidentOpenCount``) from the
reports: re-creates the triggers that keep them (with the current TIME_ZONE), empties both tables and
counts every report again, in one transaction; writes of reports wait meanwhile (a minute or less at a
million reports). For an upgrade (migration 0021 runs the same), after restoring the count tables or
the reports from separate dumps, or after changing TIME_ZONE.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from incidents.counts import rebuild


class Command(BaseCommand):
    help = "Hitung ulang tabel hitungan dasbor (per hari, wilayah, kategori, tahapan) dari laporan."

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = rebuild()
        elapsed = time.perf_counter() - started
        rows = ", ".join(f"{table}: {n} baris" for table, n in counts.items())
        self.stdout.write(f"Hitungan dasbor dibangun ulang dalam {elapsed:.1f} detik ({rows}).")
