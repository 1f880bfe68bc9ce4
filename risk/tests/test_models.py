"""What the database guarantees about assessments, whoever writes to it."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.services import riskassessment_create


@pytest.fixture
def tps_assessment(instruments, kesbangpol):
    return riskassessment_create(
        instrument=instruments["polri-tps"],
        polling_station=PollingStationFactory(number=7),
        level="sangat_rawan",
        as_of=date(2024, 11, 20),
        by_user=kesbangpol,
    )


def test_an_assessment_of_a_tps_cannot_be_moved_off_the_tps_desa(tps_assessment):
    other_desa = AdminUnit.objects.get(code="64.08.09.2001")

    with (
        pytest.raises(IntegrityError, match="riskassess_area_is_tps_desa"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE risk_riskassessment SET area_id = %s WHERE id = %s", [other_desa.pk, tps_assessment.pk]
        )

    tps_assessment.refresh_from_db()
    assert tps_assessment.area.code == "64.08.04.2001"


def test_a_tps_moved_to_another_desa_takes_its_assessments_along(tps_assessment):
    other_desa = AdminUnit.objects.get(code="64.08.09.2001")

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE regions_pollingstation SET desa_id = %s WHERE id = %s",
            [other_desa.pk, tps_assessment.polling_station_id],
        )

    tps_assessment.refresh_from_db()
    assert tps_assessment.area == other_desa


def test_an_assessment_of_an_area_has_no_tps_to_follow(instruments, kesbangpol):
    assessment = riskassessment_create(
        instrument=instruments["ikp-2024-kabkota"],
        area=AdminUnit.objects.get(code="64.08"),
        score=20,
        as_of=date(2024, 9, 1),
        by_user=kesbangpol,
    )

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE risk_riskassessment SET area_id = %s WHERE id = %s",
            [AdminUnit.objects.get(code="64.08.04").pk, assessment.pk],
        )

    assessment.refresh_from_db()
    assert assessment.area.code == "64.08.04"
