"""Benchmark data of kerawanan: Polri classes on every TPS (for ``manage.py bench_situation``, which
commits them, measures, and removes them again with ``riskassessments_bench_remove``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection

from core.benchharness import vacuum_analyze

from .bands import band_for_level
from .models import RiskAssessment, RiskInstrument
from .services import riskinstrument_load_defaults

# Every benchmark assessment says so in its source, so that only those are removed afterwards (the bench
# classes every TPS, the demo's too).
BENCH_SOURCE = "uji beban (bench_situation)"


def riskassessments_bench_load(*, stations, per_tps: int) -> int:
    """``per_tps`` Polri classes, ten days apart, on each of ``stations`` (TPS with ``desa_id``);
    returns how many were created."""
    rng = random.Random(7)  # noqa: S311 - reproducible benchmark data, not security
    instrument = RiskInstrument.objects.get(code="polri-tps")
    rows = []
    for station in stations:
        for k in range(per_tps):
            band = rng.choice(instrument.bands)
            rank, band = band_for_level(instrument.bands, band["level"])
            rows.append(
                RiskAssessment(
                    instrument=instrument,
                    area_id=station.desa_id,
                    polling_station=station,
                    level=band["level"],
                    level_label=band["label"],
                    level_rank=rank,
                    level_color=band["color"],
                    thresholds=instrument.bands,
                    as_of=date(2024, 11, 20) - timedelta(days=10 * k),
                    source=BENCH_SOURCE,
                )
            )
    RiskAssessment.objects.bulk_create(rows, batch_size=5000)
    # Fresh statistics, as autovacuum keeps them on a live table: without them the planner may take
    # the thousands of new rows for an empty table (the earlier run rolled back).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE risk_riskassessment")
    return len(rows)


def riskassessments_bench_remove() -> int:
    """Delete the benchmark's assessments (``BENCH_SOURCE``); how many were deleted."""
    return RiskAssessment.objects.filter(source=BENCH_SOURCE).delete()[0]


def riskinstruments_bench_ensure() -> list[str]:
    """The shipped instruments a database lacks (a migrated one without data), created for the run;
    returns their codes, for ``riskinstruments_bench_remove`` to take away again."""
    before = set(RiskInstrument.objects.values_list("code", flat=True))
    riskinstrument_load_defaults()
    return sorted(set(RiskInstrument.objects.values_list("code", flat=True)) - before)


def riskinstruments_bench_remove(*, codes: list[str]) -> int:
    """Delete the instruments ``riskinstruments_bench_ensure`` created (their assessments removed first)."""
    return RiskInstrument.objects.filter(code__in=codes).delete()[0]


def riskassessments_bench_vacuum() -> None:
    """``VACUUM ANALYZE`` the assessments after the load, as autovacuum would (``ANALYZE`` in a transaction)."""
    vacuum_analyze("risk_riskassessment")
