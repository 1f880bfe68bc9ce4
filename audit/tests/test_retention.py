"""Retention: informant identities, evidence and import files go when their time is up; a report says what."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.choices import RetentionStatus
from audit.models import RetentionRun
from audit.services import retention_run
from incidents.choices import EventKind, Status
from incidents.models import ConfidentialInformant, Evidence, Incident
from incidents.services import evidence_from_bytes
from incidents.tests.factories import make_incident
from incidents.tests.files import png_bytes
from stakeholders.choices import ImportKind, Office
from stakeholders.models import ImportJob
from stakeholders.tests.factories import user_with_office


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    return tmp_path


@pytest.fixture
def reporter(kutim):
    return user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")


def _closed(incident, days_ago):
    Incident.objects.filter(pk=incident.pk).update(
        status=Status.DITUTUP, closed_at=timezone.now() - timedelta(days=days_ago)
    )


def test_informant_identities_go_after_the_retention_period_and_the_report_says_which(reporter, settings):
    settings.RETENTION_INFORMANT_DAYS = 180
    old = make_incident(by_user=reporter, informant={"full_name": "Saksi Lama"})
    recent = make_incident(by_user=reporter, informant={"full_name": "Saksi Baru"})
    open_one = make_incident(by_user=reporter, informant={"full_name": "Saksi Terbuka"})
    _closed(old, 181)
    _closed(recent, 10)
    run = retention_run()
    assert run.status == RetentionStatus.DONE
    assert set(ConfidentialInformant.objects.values_list("full_name", flat=True)) == {
        "Saksi Baru",
        "Saksi Terbuka",
    }
    entry = next(item for item in run.report if item["rule"] == "incident_informants")
    assert entry["items"] == [old.number]
    assert old.events.filter(kind=EventKind.INFORMANT, new__removed="retensi").exists()
    assert open_one.number not in str(run.report)
    # A second run finds nothing more.
    assert retention_run().removed_total == 0


def test_a_removed_informant_page_says_so_instead_of_failing(reporter, settings, kutim):
    settings.RETENTION_INFORMANT_DAYS = 1
    incident = make_incident(by_user=reporter, informant={"full_name": "Saksi Lama"})
    _closed(incident, 2)
    retention_run()
    admin_user = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("incidents:informant_detail", args=[incident.number]))
    assert response.status_code == 200
    assert "sudah dihapus" in response.content.decode()


def test_evidence_files_go_after_their_period(reporter, settings, media):
    settings.RETENTION_EVIDENCE_DAYS = 730
    old = make_incident(by_user=reporter)
    kept = make_incident(by_user=reporter)
    gone = evidence_from_bytes(incident=old, name="foto.png", data=png_bytes(2, 2), by_user=reporter)
    stays = evidence_from_bytes(incident=kept, name="foto.png", data=png_bytes(2, 2), by_user=reporter)
    path = media / gone.file.name
    assert path.exists()
    _closed(old, 731)
    _closed(kept, 100)
    run = retention_run()
    assert list(Evidence.objects.values_list("pk", flat=True)) == [stays.pk]
    assert not path.exists()
    assert old.events.filter(kind=EventKind.EVIDENCE, new__removed="retensi", new__name="foto.png").exists()
    assert run.removed_total == 1


def test_import_files_and_their_rows_go_after_their_period(kutim, settings, media):
    settings.RETENTION_IMPORT_DAYS = 30
    admin_user = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    job = ImportJob(
        kind=ImportKind.PEOPLE, original_name="orang.xlsx", created_by=admin_user, rows=[["Budi"]]
    )
    job.file.save("orang.xlsx", ContentFile(b"isi"), save=False)
    job.save()
    ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(days=31))
    path = media / job.file.name
    run = retention_run()
    job.refresh_from_db()
    assert (job.file.name, job.rows, path.exists()) == ("", [], False)
    assert f"impor #{job.pk}" in str(run.report)


def test_a_rule_set_to_zero_is_off(reporter, settings):
    settings.RETENTION_INFORMANT_DAYS = 0
    incident = make_incident(by_user=reporter, informant={"full_name": "Saksi"})
    _closed(incident, 5000)
    retention_run()
    assert ConfidentialInformant.objects.count() == 1


@pytest.mark.worker
def test_the_beat_task_runs_on_the_default_queue_in_the_real_worker(celery_worker, reporter, settings):
    from audit.tasks import retention_run_task
    from core.testing import wait_until

    settings.RETENTION_INFORMANT_DAYS = 1
    assert settings.CELERY_TASK_ROUTES["audit.tasks.retention_run"] == {"queue": "default"}
    assert settings.CELERY_BEAT_SCHEDULE["retention-run"]["task"] == "audit.tasks.retention_run"
    incident = make_incident(by_user=reporter, informant={"full_name": "Saksi"})
    _closed(incident, 2)
    retention_run_task.delay()
    assert wait_until(lambda: RetentionRun.objects.filter(status=RetentionStatus.DONE).exists(), timeout=30)
    assert not ConfidentialInformant.objects.exists()


def test_administrators_read_the_retention_report(reporter, settings, kutim):
    settings.RETENTION_INFORMANT_DAYS = 1
    incident = make_incident(by_user=reporter, informant={"full_name": "Saksi"})
    _closed(incident, 2)
    retention_run()
    admin_user = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    client = Client()
    client.force_login(admin_user)
    page = client.get(reverse("audit:retentionrun_list")).content.decode()
    assert incident.number in page
    assert "Identitas pelapor rahasia" in page
