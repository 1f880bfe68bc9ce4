"""The key that keeps a TPS assessment on its desa is added to an existing database without losing a row."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.models import RiskAssessment
from risk.services import riskassessment_create

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migration]

BEFORE_KEY = ("risk", "0003_move_content_types_and_seed")


def _migrate(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())


def test_a_drifted_tps_assessment_is_put_back_on_its_desa_and_kept(instruments, kesbangpol):
    station = PollingStationFactory(number=7)
    assessment = riskassessment_create(
        instrument=instruments["polri-tps"],
        polling_station=station,
        level="sangat_rawan",
        as_of=date(2024, 11, 20),
        by_user=kesbangpol,
    )
    elsewhere = AdminUnit.objects.get(code="64.08.09.2001")
    try:
        _migrate(BEFORE_KEY)
        with connection.cursor() as cursor:  # what the admin could do before the key
            cursor.execute(
                "UPDATE risk_riskassessment SET area_id = %s WHERE id = %s", [elsewhere.pk, assessment.pk]
            )
    finally:
        _migrate()

    assessment.refresh_from_db()
    assert assessment.area_id == station.desa_id
    assert RiskAssessment.objects.count() == 1
