"""The incident export as a core background job: claim, heartbeat, recovery of a dead worker.

The export is the example here for every job model (core.jobs works on any of them); the same
recovery runs over situation reports, certificate jobs and imports.
"""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.benchharness import wait_until
from core.choices import JobStatus
from core.jobs import JobClaimLost, job_beat, job_claim, job_finish, job_progress, job_run, jobs_recover
from core.tasks import background_jobs_recover_task
from incidents.models import IncidentExport
from incidents.services.export import incident_export_run
from incidents.tests.factories import make_incident


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def _export(user, **fields):
    return IncidentExport.objects.create(
        created_by=user, file_format="csv", params={"status": ["semua"]}, **fields
    )


def _dead(user, *, attempts=1):
    """A running export whose worker was killed ten minutes ago (its heartbeat stopped then)."""
    ten_minutes_ago = timezone.now() - timedelta(minutes=10)
    return _export(
        user,
        status=JobStatus.RUNNING,
        attempts=attempts,
        worker="mati@host pid 1",
        claim_token=uuid.uuid4(),
        started_at=ten_minutes_ago,
        heartbeat_at=ten_minutes_ago,
    )


def _fresh(export):
    return IncidentExport.objects.get(pk=export.pk)


@pytest.mark.worker
def test_an_export_whose_worker_died_is_queued_again_by_the_beat_task_and_built_by_a_real_worker(
    celery_worker, kab_admin, media
):
    number = make_incident(title="Laporan yang diekspor").number
    export = _dead(kab_admin)
    background_jobs_recover_task.delay()  # through Redis, as beat sends it
    assert wait_until(lambda: _fresh(export).status == JobStatus.DONE, timeout=60), _fresh(export).__dict__
    export = _fresh(export)
    assert export.attempts == 2
    assert export.worker != "mati@host pid 1"
    assert export.claim_token is None
    assert number in export.file.read().decode()


def test_an_export_that_kept_losing_its_worker_fails_with_a_reason_the_user_reads(kab_admin, settings):
    settings.BACKGROUND_JOB_MAX_ATTEMPTS = 3
    export = _dead(kab_admin, attempts=3)
    assert jobs_recover()["failed"] >= 1
    export = _fresh(export)
    assert export.status == JobStatus.FAILED
    assert "berhenti 3 kali" in export.error
    client = Client()
    client.force_login(kab_admin)
    page = client.get(reverse("incidents:export_detail", args=[export.pk]), HTTP_HX_REQUEST="true")
    assert "berhenti 3 kali" in page.content.decode()
    assert b"hx-trigger" not in page.content


def test_an_export_running_with_a_fresh_heartbeat_is_left_alone(kab_admin):
    export = _dead(kab_admin)
    IncidentExport.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now())
    jobs_recover()
    assert _fresh(export).status == JobStatus.RUNNING


def test_an_export_from_before_the_heartbeat_stuck_running_is_recovered(
    kab_admin, django_capture_on_commit_callbacks
):
    export = _export(kab_admin, status=JobStatus.RUNNING, created_at=timezone.now() - timedelta(hours=5))
    with django_capture_on_commit_callbacks() as sent:
        jobs_recover()
    export = _fresh(export)
    assert (export.status, len(sent)) == (JobStatus.QUEUED, 1)
    assert "diproses ulang" in export.message


@pytest.mark.worker
def test_a_queued_export_whose_message_was_lost_is_sent_again(celery_worker, kab_admin, media):
    export = _export(kab_admin, queued_at=timezone.now() - timedelta(hours=1))
    background_jobs_recover_task.delay()
    assert wait_until(lambda: _fresh(export).status == JobStatus.DONE, timeout=60)


def test_running_an_export_twice_builds_it_once(kab_admin, media):
    export = _export(kab_admin)
    assert incident_export_run(export_id=export.pk) == "done"
    finished_at = _fresh(export).finished_at
    assert incident_export_run(export_id=export.pk) == "skipped"
    assert _fresh(export).finished_at == finished_at


def test_a_worker_that_lost_its_claim_to_the_recovery_cannot_finish_the_job(kab_admin, settings):
    export = _export(kab_admin)
    slow = job_claim(model=IncidentExport, job_id=export.pk, worker="lambat")
    IncidentExport.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    jobs_recover()
    again = job_claim(model=IncidentExport, job_id=export.pk, worker="baru")
    assert again is not None
    with pytest.raises(JobClaimLost):
        job_beat(slow)
    with pytest.raises(JobClaimLost):
        job_progress(slow, done=1)
    with pytest.raises(JobClaimLost):
        job_finish(slow)
    job_finish(again)
    assert (_fresh(export).status, _fresh(export).worker) == (JobStatus.DONE, "baru")


def test_an_error_in_the_work_fails_the_job_with_a_reason_in_bahasa_indonesia(kab_admin):
    export = _export(kab_admin)

    def broken(job):
        raise ValueError("rusak")

    assert job_run(IncidentExport, export.pk, broken) == "failed"
    export = _fresh(export)
    assert export.status == JobStatus.FAILED
    assert "galat tak terduga (ValueError)" in export.error


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_shows_progress_made_inside_a_long_transaction(kutim, settings):
    from stakeholders.choices import Office
    from stakeholders.tests.factories import user_with_office

    settings.BACKGROUND_JOB_HEARTBEAT_S = 0.1
    export = _export(user_with_office(Office.OPERATOR_KESBANGPOL, "64.08"))
    seen = {}

    def read_from_another_connection():
        try:
            seen["row"] = IncidentExport.objects.values("done", "total", "heartbeat_at").get(pk=export.pk)
        finally:
            connection.close()

    def work(job):
        with transaction.atomic():
            job_progress(job, done=7, total=10)
            time.sleep(0.5)
            reader = threading.Thread(target=read_from_another_connection)
            reader.start()
            reader.join()

    assert job_run(IncidentExport, export.pk, work) == "done"
    assert (seen["row"]["done"], seen["row"]["total"]) == (7, 10)
