"""Benchmark the situation picture: map data and dashboard server time, the GeoJSON payload sizes.

Loads a throwaway set (TPS in every desa and their risk assessments, a kabupaten viewer, N incidents),
each through its own app's bench loader, commits it and runs ``VACUUM ANALYZE`` on the tables it filled,
as autovacuum keeps a live table (visibility map for index-only scans, statistics); calls the views
in-process (server time, without the network) and the measures of situation.bench; prints figures and,
last, one JSON line. A required figure still null at the end is named in "pending". Afterwards, also
when a measure fails, exactly what it loaded is removed (every incident number starts with ``BNS-``,
every TPS is numbered from 9000, every assessment names the bench as its source), unless ``--keep``.
The areas and the election calendar must be loaded first (``manage.py load_regions``).
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory
from django.urls import resolve, reverse

from core.benchharness import history_paused
from incidents.bench import PREFIX, incidents_bench_delete, incidents_bench_load, incidents_bench_vacuum
from regions.bench import (
    pollingstations_bench_load,
    pollingstations_bench_remove,
    pollingstations_bench_vacuum,
)
from regions.choices import AdminLevel
from regions.selectors import adminunit_list, election_latest
from risk.bench import (
    riskassessments_bench_load,
    riskassessments_bench_remove,
    riskassessments_bench_vacuum,
    riskinstruments_bench_ensure,
    riskinstruments_bench_remove,
)
from situation.bench import BenchContext, dashboard_and_incident_map_measure, sitrep_measure
from situation.bench import p95 as _p95

# The figures the issue asks for; any still null at the end is listed in "pending".
REQUIRED = (
    "incidents",
    "dashboard_p95_ms",
    "map_p95_ms",
    "kecamatan_geojson_kb",
    "desa_geojson_kb",
    "sitrep_s",
)


BENCH_USERNAME = "bench.situation.bupati"
BENCH_ORGANISATION = "Pemkab uji beban"


class Command(BaseCommand):
    help = "Map measure p95 server time and kecamatan/desa GeoJSON sizes; last line one JSON object."

    def add_arguments(self, parser):
        parser.add_argument("--tps-per-desa", type=int, default=10, help="TPS created per desa (default 10).")
        parser.add_argument(
            "--assessments-per-tps", type=int, default=3, help="Assessments per TPS (default 3)."
        )
        parser.add_argument("--runs", type=int, default=40, help="Requests timed per endpoint (default 40).")
        parser.add_argument(
            "--incidents",
            type=int,
            default=100_000,
            help="Incidents loaded by the incidents app (default 100000).",
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Keep the loaded rows afterwards (the next run removes them first), to study queries.",
        )

    def handle(self, *args, **options):
        if not adminunit_list().filter(code="64.08").exists() or election_latest() is None:
            raise CommandError(
                "Wilayah dan kalender pemilihan belum dimuat: jalankan `manage.py load_regions` dulu."
            )
        self._cleanup()  # rows an earlier run with --keep left
        with history_paused():
            instruments = riskinstruments_bench_ensure()
        result: dict = {}
        try:
            result = self._run(options)
        finally:
            if not options["keep"]:
                self._cleanup()
                with history_paused(), transaction.atomic():
                    riskinstruments_bench_remove(codes=instruments)
        self.stdout.write(json.dumps(result))

    def _cleanup(self) -> None:
        """Remove what a run loaded, each app's rows through its own bench module, without history."""
        from django.contrib.auth import get_user_model

        from stakeholders.bench import registry_bench_remove
        from stakeholders.selectors import organisation_list, person_for_user

        incidents_bench_delete(number_prefix=PREFIX)
        with history_paused(), transaction.atomic():
            riskassessments_bench_remove()
            pollingstations_bench_remove()
            user = get_user_model().objects.filter(username=BENCH_USERNAME).first()
            person = person_for_user(user) if user else None
            registry_bench_remove(
                person_ids=[person.pk] if person else [],
                organisation_ids=list(
                    organisation_list(name=BENCH_ORGANISATION).values_list("pk", flat=True)
                ),
                user_ids=[user.pk] if user else [],
            )

    def _user(self):
        """A kabupaten viewer (a Plh Bupati, beside the Bupati that the demo data may hold) made through the
        registry's services; removed with the rest (no history: it is the bench's own)."""
        from django.contrib.auth import get_user_model

        from stakeholders.choices import ActingKind, Office, OrgType
        from stakeholders.services import organisation_create, person_create, position_assign

        kabupaten = adminunit_list().get(code="64.08")
        with history_paused():
            user = get_user_model().objects.create_user(BENCH_USERNAME)
            person = person_create(full_name="Bupati Uji Beban", user=user)
            organisation = organisation_create(
                name=BENCH_ORGANISATION, org_type=OrgType.PEMDA, area=kabupaten
            )
            position_assign(
                person=person,
                organisation=organisation,
                office=Office.BUPATI,
                area=kabupaten,
                start_date=date(2024, 1, 1),
                acting=ActingKind.PLH,
            )
        return user

    def _time(self, user, url: str, runs: int) -> tuple[float, int]:
        factory = RequestFactory()
        match = resolve(url.split("?")[0])
        samples, size = [], 0
        for _ in range(runs):
            request = factory.get(url)
            request.user = user
            started = time.perf_counter()
            response = match.func(request, *match.args, **match.kwargs)
            samples.append((time.perf_counter() - started) * 1000)
            size = len(response.content)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
        return _p95(samples), size

    def _run(self, options) -> dict:
        with history_paused():  # the bench's own rows: no history, removed afterwards
            stations = pollingstations_bench_load(per_desa=options["tps_per_desa"])
            assessments = riskassessments_bench_load(
                stations=stations, per_tps=options["assessments_per_tps"]
            )
        user = self._user()
        runs = options["runs"]
        ctx = BenchContext(options=options, user=user, write=self.stdout.write)
        with history_paused():
            ctx.figures.update(
                incidents_bench_load(n=options["incidents"], user=user, write=self.stdout.write)
            )
        # Committed rows, vacuumed as autovacuum keeps a live table: the steady state that is measured.
        incidents_bench_vacuum()
        pollingstations_bench_vacuum()
        riskassessments_bench_vacuum()
        base = reverse("situation:map_measure")
        map_p95, _ = self._time(user, f"{base}?ukuran=kerawanan&instrumen=polri-tps&sampai=2024-11-30", runs)
        desa_p95, _ = self._time(
            user,
            f"{base}?ukuran=kerawanan&instrumen=polri-tps&tingkat=desa&induk=64.08.05&sampai=2024-11-30",
            runs,
        )
        points_p95, points_size = self._time(
            user, reverse("situation:map_points") + "?lapisan=tps_rawan&sampai=2024-11-30", max(5, runs // 4)
        )
        _, kecamatan_size = self._time(user, reverse("regions:boundaries_geojson", args=["kecamatan"]), 1)
        _, all_desa_size = self._time(user, reverse("regions:boundaries_geojson", args=["desa"]), 1)
        desa_sizes = {}
        for code in adminunit_list(level=AdminLevel.KECAMATAN).values_list("code", flat=True):
            _, desa_sizes[code] = self._time(
                user, reverse("situation:desa_boundaries_geojson", args=[code]), 1
            )
        largest = max(desa_sizes, key=desa_sizes.get)
        kb = lambda n: round(n / 1024, 1)  # noqa: E731
        self.stdout.write(f"penilaian kerawanan (TPS): {assessments}")
        self.stdout.write(
            f"ukuran peta kecamatan p95: {map_p95:.1f} ms; desa (64.08.05) p95: {desa_p95:.1f} ms"
        )
        self.stdout.write(f"titik TPS rawan p95: {points_p95:.1f} ms ({kb(points_size)} KB)")
        self.stdout.write(
            f"GeoJSON kecamatan: {kb(kecamatan_size)} KB; desa per kecamatan terbesar ({largest}): "
            f"{kb(desa_sizes[largest])} KB, rata-rata {kb(statistics.mean(desa_sizes.values()))} KB; "
            f"semua desa tanpa penyederhanaan: {kb(all_desa_size)} KB"
        )
        result = {
            "incidents": None,
            "risk_assessments": assessments,
            "dashboard_p95_ms": None,
            "map_p95_ms": round(map_p95, 1),
            "map_kerawanan_p95_ms": round(map_p95, 1),
            "map_desa_p95_ms": round(desa_p95, 1),
            "map_points_p95_ms": round(points_p95, 1),
            "kecamatan_geojson_kb": kb(kecamatan_size),
            "desa_geojson_kb": kb(desa_sizes[largest]),
            "desa_geojson_mean_kb": kb(statistics.mean(desa_sizes.values())),
            "desa_geojson_unsimplified_all_kb": kb(all_desa_size),
            "sitrep_s": None,
        }
        result.update(ctx.figures)
        ctx.figures = result
        result.update(dashboard_and_incident_map_measure(ctx))
        result.update(sitrep_measure(ctx))
        result["pending"] = [key for key in REQUIRED if result.get(key) is None]
        return result
