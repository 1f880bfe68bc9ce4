"""What the database guarantees about situation reports, whoever writes to it."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from regions.models import AdminUnit
from situation.models import SituationReport
from situation.sitrep.services import situation_report_request


@pytest.fixture
def report(kutim, admin_user):
    area = AdminUnit.objects.get(code="64.08.04")
    return situation_report_request(area=area, day=datetime.date(2024, 10, 10), by_user=admin_user)


def test_a_report_area_code_that_differs_from_its_area_is_refused(report):
    with (
        pytest.raises(IntegrityError, match="sitrep_area_code_follows_area"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE situation_situationreport SET area_code = '64.08' WHERE id = %s", [report.pk])

    report.refresh_from_db()
    assert report.area_code == "64.08.04"


def test_a_corrected_area_code_carries_its_reports_along(report):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE regions_adminunit SET code = '64.08.99' WHERE code = '64.08.04'")

    report.refresh_from_db()
    assert report.area_code == "64.08.99"


def test_the_admin_neither_changes_nor_deletes_a_report(admin_client, report):
    change = admin_client.post(
        reverse("admin:situation_situationreport_change", args=[report.pk]), {"area_code": "64.08"}
    )
    delete = admin_client.post(
        reverse("admin:situation_situationreport_delete", args=[report.pk]), {"post": "yes"}
    )

    assert (change.status_code, delete.status_code) == (403, 403)
    assert SituationReport.objects.filter(pk=report.pk, area_code="64.08.04").exists()


def test_the_database_refuses_a_report_date_in_year_1(report):
    """Finding 2 of issue 12: the report's date is bounded in the database as in its form."""
    with pytest.raises(IntegrityError, match="sitrep_date_in_range"), transaction.atomic():
        SituationReport.objects.filter(pk=report.pk).update(date=datetime.date(1, 1, 1))
