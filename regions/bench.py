"""Benchmark data of regions: throwaway TPS in every desa (for ``manage.py bench_situation``, which
commits them, measures, and removes them again with ``pollingstations_bench_remove``)."""

from __future__ import annotations

from django.db import connection

from core.benchharness import vacuum_analyze

from .choices import AdminLevel
from .models import AdminUnit, PollingStation
from .selectors import election_latest

# Benchmark TPS are numbered from here so they never collide with real or demo TPS of a desa.
BENCH_TPS_FROM = 9000


def pollingstations_bench_load(*, per_desa: int) -> list[PollingStation]:
    """Add ``per_desa`` TPS at the centroid of every desa, for the latest election; returns every TPS
    (the bench ones and any already there) with its desa id."""
    election = election_latest()
    desa = list(AdminUnit.objects.filter(level=AdminLevel.DESA).defer("boundary"))
    PollingStation.objects.bulk_create(
        PollingStation(
            election=election,
            desa=unit,
            number=BENCH_TPS_FROM + n,
            lat=unit.centroid_lat,
            lng=unit.centroid_lng,
        )
        for unit in desa
        for n in range(1, per_desa + 1)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE regions_pollingstation")
    return list(PollingStation.objects.select_related("desa").only("id", "desa__id"))


def pollingstations_bench_remove() -> int:
    """Delete the benchmark's TPS (numbered from ``BENCH_TPS_FROM``), once what hangs on them is gone;
    how many were deleted. No history is kept for them when the caller pauses it."""
    return PollingStation.objects.filter(number__gte=BENCH_TPS_FROM).delete()[0]


def pollingstations_bench_vacuum() -> None:
    """``VACUUM ANALYZE`` the TPS table after the load, as autovacuum would (``ANALYZE`` in a transaction)."""
    vacuum_analyze("regions_pollingstation")
