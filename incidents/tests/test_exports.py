import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from core.choices import JobStatus
from core.testing import wait_until
from incidents import views
from incidents.models import IncidentExport
from incidents.tests.factories import make_incident

pytestmark = pytest.mark.worker


def test_a_large_export_runs_in_the_worker_with_progress_and_a_download(celery_worker, kutim, monkeypatch):
    from stakeholders.choices import Office
    from stakeholders.tests.factories import user_with_office as make_user

    admin = make_user(Office.OPERATOR_KESBANGPOL, "64.08")
    numbers = {make_incident(title=f"Laporan {n}").number for n in range(5)}
    monkeypatch.setattr(views, "EXPORT_SYNC_MAX", 2)
    client = Client()
    client.force_login(admin)

    response = client.get(reverse("incidents:incident_export") + "?format=csv&status=semua")
    export = IncidentExport.objects.get()
    assert response["Location"] == reverse("incidents:export_detail", args=[export.pk])

    def finished():
        export.refresh_from_db()
        return export.status in (JobStatus.DONE, JobStatus.FAILED)

    wait_until(finished, timeout=30)
    assert export.status == JobStatus.DONE, export.error

    progress = client.get(reverse("incidents:export_detail", args=[export.pk]), HTTP_HX_REQUEST="true")
    assert b'value="100"' in progress.content
    assert b"hx-trigger" not in progress.content
    download = client.get(reverse("incidents:export_download", args=[export.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert {r[0] for r in rows[1:]} == numbers


def test_another_user_cannot_see_someone_elses_export(celery_worker, kutim):
    from stakeholders.choices import Office
    from stakeholders.tests.factories import user_with_office as make_user

    owner = make_user(Office.OPERATOR_KESBANGPOL, "64.08")
    other = make_user(Office.OPERATOR_KESBANGPOL, "64.08")
    export = IncidentExport.objects.create(created_by=owner, file_format="csv")
    client = Client()
    client.force_login(other)
    assert client.get(reverse("incidents:export_detail", args=[export.pk])).status_code == 404
