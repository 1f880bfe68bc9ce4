"""What ``manage.py bench_situation`` measures beyond the kerawanan map: the dashboard and the
incident map data over the loaded incidents, and one situation report.

The command loads its data through the owning apps (``incidents.bench``, ``risk.bench``) inside a
transaction it rolls back, then calls these measures; each returns a dict of figures merged into the
command's JSON line. A new figure is one more function here, called from the command.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from core.benchharness import bench_client, percentile
from core.conf import kabupaten_code
from incidents.bench import WINDOW_DAYS
from incidents.selectors import incident_busiest_report_day
from regions.selectors import adminunit_list

from .sitrep.data import situation_data
from .sitrep.pdf import situation_pdf
from .sitrep.xlsx import situation_xlsx


def p95(samples: list[float]) -> float:
    """The 95th percentile of the samples (nearest rank)."""
    return percentile(samples, 0.95)


@dataclass
class BenchContext:
    """What a part gets: the options, the kabupaten viewer the requests run as, and timers."""

    options: dict
    user: Any
    write: Callable[[str], None]
    figures: dict = field(default_factory=dict)

    @property
    def runs(self) -> int:
        return self.options["runs"]

    def time_get(self, url: str, runs: int | None = None, *, user=None, before=None) -> tuple[float, int]:
        """p95 server time (ms) of GET ``url`` through the full middleware stack, and the body size.

        ``before()`` runs before each timed request (untimed), e.g. to empty a cache.
        """
        samples, size = [], 0
        with bench_client(user or self.user) as client:
            for _ in range(runs or self.runs):
                if before is not None:
                    before()
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
                size = len(response.content)
        return p95(samples), size

    @staticmethod
    def seconds(func: Callable[[], Any]) -> float:
        """Wall time of one call, in seconds."""
        started = time.perf_counter()
        func()
        return time.perf_counter() - started

    @staticmethod
    def mean(values) -> float:
        return statistics.mean(values)


def dashboard_and_incident_map_measure(ctx: BenchContext) -> dict:
    """Dashboard p95 cold (no cache: every figure computed) and warm (from Redis), and the
    incidents' map data p95, at the loaded size."""
    dashboard = reverse("situation:dashboard")
    with override_settings(DASHBOARD_CACHE_SECONDS=0):
        cold, size = ctx.time_get(dashboard)
        cold_kecamatan, _ = ctx.time_get(f"{dashboard}?wilayah=64.08.04")
        cold_year, _ = ctx.time_get(
            f"{dashboard}?dari={timezone.localdate() - timedelta(days=WINDOW_DAYS - 1)}",
            max(5, ctx.runs // 4),
        )
        # Counted with a wrapper: the request_started signal resets Django's own query log.
        queries = []
        with (
            bench_client(ctx.user) as client,
            connection.execute_wrapper(
                lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
            ),
        ):
            client.get(dashboard)
    warm, _ = ctx.time_get(dashboard)
    measure = reverse("situation:map_measure")
    times = {
        "insiden": ctx.time_get(f"{measure}?ukuran=insiden")[0],
        "insiden_filter": ctx.time_get(f"{measure}?ukuran=insiden&severity=4&track=P")[0],
        "insiden_desa": ctx.time_get(f"{measure}?ukuran=insiden&tingkat=desa&induk=64.08.04")[0],
        "risiko_langsung": ctx.time_get(f"{measure}?ukuran=risiko_langsung")[0],
        "insiden_terlambat": ctx.time_get(f"{measure}?ukuran=insiden_terlambat")[0],
    }
    points, points_size = ctx.time_get(
        f"{reverse('situation:map_points')}?lapisan=insiden", max(5, ctx.runs // 4)
    )
    kb = lambda n: round(n / 1024, 1)  # noqa: E731
    ctx.write(
        f"dasbor kabupaten p95: {cold:.1f} ms tanpa cache, {warm:.1f} ms dari cache ({kb(size)} KB, "
        f"{len(queries)} kueri); kecamatan 64.08.04 tanpa cache: {cold_kecamatan:.1f} ms; "
        f"periode setahun tanpa cache: {cold_year:.1f} ms"
    )
    ctx.write("peta insiden p95: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in times.items()))
    ctx.write(f"titik insiden p95: {points:.1f} ms ({kb(points_size)} KB)")
    map_all = [ctx.figures.get("map_kerawanan_p95_ms") or 0, *times.values()]
    return {
        # The honest figure: no cache, every number computed in that request.
        "dashboard_p95_ms": round(cold, 1),
        "dashboard_cached_p95_ms": round(warm, 1),
        "dashboard_kecamatan_p95_ms": round(cold_kecamatan, 1),
        "dashboard_year_p95_ms": round(cold_year, 1),
        "dashboard_queries": len(queries),
        # The slowest measure request (kerawanan and the incident measures, kecamatan and desa level).
        "map_p95_ms": round(max(map_all), 1),
        "map_incidents_p95_ms": round(times["insiden"], 1),
        "map_incidents_filtered_p95_ms": round(times["insiden_filter"], 1),
        "map_incidents_desa_p95_ms": round(times["insiden_desa"], 1),
        "map_live_risk_p95_ms": round(times["risiko_langsung"], 1),
        "map_overdue_p95_ms": round(times["insiden_terlambat"], 1),
        "map_incident_points_p95_ms": round(points, 1),
        "map_incident_points_kb": kb(points_size),
    }


def sitrep_measure(ctx: BenchContext) -> dict:
    """Build the kabupaten's situation report (figures, PDF, XLSX) for the busiest loaded day."""
    figures = sitrep_benchmark_seconds()
    ctx.write(
        f"Laporan situasi {figures['sitrep_day']}: {figures['sitrep_new']} laporan baru, "
        f"{figures['sitrep_s']} s (PDF {figures['sitrep_pdf_kb']} KB, XLSX {figures['sitrep_xlsx_kb']} KB)"
    )
    return figures


def sitrep_benchmark_seconds(*, day: date | None = None, area_code: str | None = None) -> dict:
    """Time one full report (figures, PDF and XLSX) over the incidents already in the database.

    With no ``day``, the busiest reporting day is used. Returns {"sitrep_s", "sitrep_day",
    "sitrep_new", "sitrep_pdf_kb", "sitrep_xlsx_kb"}; nothing is written (bench_situation calls it
    after loading incidents).
    """
    area = adminunit_list().get(code=area_code or kabupaten_code())
    if day is None:
        day = incident_busiest_report_day() or timezone.localdate()
    with translation.override("id"):
        started = time.perf_counter()
        data = situation_data(area=area, day=day)
        pdf = situation_pdf(data)
        xlsx = situation_xlsx(data)
        elapsed = time.perf_counter() - started
    return {
        "sitrep_s": round(elapsed, 2),
        "sitrep_day": day.isoformat(),
        "sitrep_new": data.summary["new_incidents"] + data.summary["new_warnings"],
        "sitrep_pdf_kb": round(len(pdf) / 1024, 1),
        "sitrep_xlsx_kb": round(len(xlsx) / 1024, 1),
    }
