"""Benchmark data of kerawanan: Polri classes on every TPS (for ``manage.py bench_situation``, which
loads them inside a transaction it rolls back)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import connection

from .bands import band_for_level
from .models import RiskAssessment, RiskInstrument


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
                )
            )
    RiskAssessment.objects.bulk_create(rows, batch_size=5000)
    # Fresh statistics, as autovacuum keeps them on a live table: without them the planner may take
    # the thousands of new rows for an empty table (the earlier run rolled back).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE risk_riskassessment")
    return len(rows)
