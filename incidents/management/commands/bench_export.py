"""Benchmark of the background incident export: the worker's build of N rows, CSV and XLSX.

Seeds incidents through bench_triage's loader (COPY, numbers starting with ``BNC-``; committed, since
the build runs in another process as in a worker), first N/10 then N of them, and at each size builds
the export of the whole list in the Kesbangpol operator's scope, CSV then XLSX, with the worker's own
task function (``incidents.tasks.incident_export_run``) in a fresh Python process. That process
reports the build's seconds and its peak memory: ``peak_mb`` is how far the resident set grew above
what it held before the build (the kernel's high-water mark ``VmHWM``, reset through
``/proc/self/clear_refs`` just before the build, minus ``VmRSS`` then), the honest figure for what
a worker needs on top of its baseline. The file goes to a throwaway media directory.

Prints a table and ends with ONE JSON line. The seeded incidents, the export rows, their files and
the bench's accounts are removed afterwards: the database is left as found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from core.benchharness import database_url, history_paused
from core.choices import JobStatus
from incidents.categories import category_defaults_ensure
from incidents.management.commands.bench_triage import Command as TriageBench
from incidents.models import IncidentExport
from stakeholders.bench import registry_bench_remove

FORMATS = ("csv", "xlsx")

# Run in a fresh interpreter: Django set up, the build's modules imported and the database connected
# before the baseline, so what is measured is the build alone.
CHILD = r"""
import json, sys, time

import django

django.setup()

import openpyxl  # noqa: F401
from django.db import connection

from incidents.tasks import incident_export_run_task
import incidents.filters, incidents.selectors, incidents.services.export  # noqa: F401,E401


def status_kb(field):
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


connection.ensure_connection()
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # the high-water mark of the resident set starts again from here
base_kb = status_kb("VmRSS")
started = time.perf_counter()
incident_export_run_task(int(sys.argv[1]))
seconds = time.perf_counter() - started
peak_kb = status_kb("VmHWM")
print("RESULT " + json.dumps({"seconds": seconds, "base_kb": base_kb, "peak_kb": peak_kb}))
"""


class Command(BaseCommand):
    help = "Build the incident export (CSV, XLSX) of N/10 and N rows as the worker does: time, size, peak memory."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000, help="Incidents in the largest export.")

    def handle(self, *args, **options):
        n = max(1, options["rows"])
        sizes = sorted({max(1, n // 10), n})
        category_defaults_ensure()
        triage = TriageBench(stdout=self.stdout, stderr=self.stderr)
        _admin, kab_user, made = triage._users()
        triage._cleanup()  # rows left by an earlier bench_triage --keep
        results: dict[int, dict[str, dict]] = {}
        try:
            with tempfile.TemporaryDirectory(prefix="bench-export-") as media:
                for size in sizes:
                    triage._cleanup()
                    started = time.perf_counter()
                    triage._seed(size, kab_user)
                    self.stdout.write(f"seeded {size} incidents in {time.perf_counter() - started:.1f} s")
                    results[size] = {fmt: self._build(kab_user, fmt, media) for fmt in FORMATS}
        finally:
            triage._cleanup()
            with history_paused(), transaction.atomic():
                registry_bench_remove(**made)
        self.stdout.write(json.dumps(self._report(results, n)))

    def _build(self, user, file_format: str, media: str) -> dict:
        """One export built by the worker's task in a child process; its figures, then the row is gone."""
        export = IncidentExport.objects.create(
            created_by=user, params={"status": ["semua"]}, file_format=file_format
        )
        try:
            env = {**os.environ, "DATABASE_URL": database_url(), "MEDIA_ROOT": media}
            child = subprocess.run(  # noqa: S603 - fixed argument list
                [sys.executable, "-c", CHILD, str(export.pk)],
                capture_output=True,
                text=True,
                env=env,
                timeout=3600,
                check=False,
            )
            lines = [line for line in child.stdout.splitlines() if line.startswith("RESULT ")]
            if child.returncode or not lines:
                raise RuntimeError(f"the export build failed: {child.stderr[-3000:]}")
            figures = json.loads(lines[-1].removeprefix("RESULT "))
            export.refresh_from_db()
            if export.status != JobStatus.DONE:
                raise RuntimeError(f"the export ended {export.status}: {export.error}")
            path = Path(media) / export.file.name
            result = {
                "rows": export.total,
                "seconds": round(figures["seconds"], 2),
                "rows_per_s": round(export.total / figures["seconds"]) if figures["seconds"] else None,
                "file_mb": round(path.stat().st_size / 1_048_576, 2),
                "peak_mb": round((figures["peak_kb"] - figures["base_kb"]) / 1024, 1),
            }
            self.stdout.write(f"built {file_format} of {export.total} rows: {result}")
            return result
        finally:
            IncidentExport.objects.filter(pk=export.pk).delete()

    def _report(self, results: dict[int, dict[str, dict]], n: int) -> dict:
        self.stdout.write(
            f"{'rows':>8} {'format':6} {'seconds':>8} {'rows/s':>8} {'file MB':>8} {'peak MB':>8}"
        )
        for by_format in results.values():
            for fmt, f in by_format.items():
                self.stdout.write(
                    f"{f['rows']:8} {fmt:6} {f['seconds']:8} {f['rows_per_s']:8} {f['file_mb']:8} {f['peak_mb']:8}"
                )
        small, large = results[min(results)], results[n]
        summary: dict[str, object] = {"rows": large["csv"]["rows"], "small_rows": small["csv"]["rows"]}
        for fmt in FORMATS:
            summary[f"{fmt}_s"] = large[fmt]["seconds"]
            summary[f"{fmt}_rows_per_s"] = large[fmt]["rows_per_s"]
            summary[f"{fmt}_mb"] = large[fmt]["file_mb"]
            summary[f"{fmt}_peak_mb"] = large[fmt]["peak_mb"]
            summary[f"small_{fmt}_peak_mb"] = small[fmt]["peak_mb"]
        summary["peak_mb"] = max(large[fmt]["peak_mb"] for fmt in FORMATS)
        summary["peak_method"] = "VmHWM growth over VmRSS, fresh process"
        return summary
