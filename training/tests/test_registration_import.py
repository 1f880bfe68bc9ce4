"""The Bimtek participant import as a core background job, read by core.tabular with a row cap."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tests.test_tabular_reader import _declaring_a_huge_sheet, rewrite_sheet, xlsx
from stakeholders.choices import OrgType
from stakeholders.tests.factories import OrganisationFactory
from training import services
from training.choices import ImportPhase
from training.models import RegistrationImport


def _csv(*names, organisation="Polres Uji Impor") -> SimpleUploadedFile:
    body = "nama,organisasi\n" + "".join(f"{name},{organisation}\n" for name in names)
    return SimpleUploadedFile("peserta.csv", body.encode())


@pytest.fixture
def polres(kutim):
    return OrganisationFactory(name="Polres Uji Impor", org_type=OrgType.POLRI)


def test_an_import_over_the_row_cap_is_refused_and_nothing_is_stored(programme, trainer, polres, settings):
    settings.TRAINING_IMPORT_MAX_ROWS = 5
    with pytest.raises(ValidationError, match="lebih dari 5 baris data"):
        services.registration_import_create(
            programme=programme, upload=_csv(*(f"Orang {i}" for i in range(6))), by_user=trainer
        )
    assert not RegistrationImport.objects.exists()


def test_a_hostile_workbook_is_refused_during_the_upload(programme, trainer):
    content = rewrite_sheet(xlsx([["nama", "organisasi"], ["Budi", "X"]]), _declaring_a_huge_sheet)
    with pytest.raises(ValidationError, match="menyatakan ukuran"):
        services.registration_import_create(
            programme=programme, upload=SimpleUploadedFile("p.xlsx", content), by_user=trainer
        )
    assert not RegistrationImport.objects.exists()


def test_a_small_import_is_checked_at_once_and_saved_once(programme, trainer, polres):
    job = services.registration_import_create(
        programme=programme, upload=_csv("Satu Contoh", "Dua Contoh"), by_user=trainer
    )
    assert job.phase == ImportPhase.READY
    assert [row["line"] for row in job.rows] == [2, 3]
    job = services.registration_import_start_save(job=job, by_user=trainer)
    assert (job.phase, job.created_count) == (ImportPhase.DONE, 2)
    assert services.registration_import_save(job_id=job.pk) == "skipped"
    assert programme.registrations.filter(organisation=polres).count() == 2


def test_a_save_refused_by_the_quota_goes_back_to_the_preview_with_the_reason(programme, trainer, polres):
    job = services.registration_import_create(
        programme=programme, upload=_csv("Satu Contoh"), by_user=trainer
    )
    programme.quota = 0
    programme.save()
    job = services.registration_import_start_save(job=job, by_user=trainer)
    assert job.phase == ImportPhase.INVALID
    assert "Tidak ada yang disimpan" in job.errors[0]
    assert not programme.registrations.filter(organisation=polres).exists()


def _wait(job, *phases, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.phase in phases:
            return job
        time.sleep(0.2)
    raise AssertionError(f"import stayed {job.phase}")


@pytest.mark.worker
def test_a_large_file_is_read_and_checked_by_the_worker(celery_worker, programme, trainer, polres, settings):
    settings.TABULAR_SYNC_MAX_BYTES = 50
    job = services.registration_import_create(
        programme=programme, upload=_csv("Tiga Contoh", "Empat Contoh"), by_user=trainer
    )
    assert (job.phase, job.rows) == (ImportPhase.CHECKING, [])
    job = _wait(job, ImportPhase.READY, ImportPhase.INVALID, ImportPhase.FAILED)
    assert job.phase == ImportPhase.READY, (job.error, job.rows)
    assert (job.done, job.total) == (2, 2)
    job = services.registration_import_start_save(job=job, by_user=trainer)
    assert job.phase == ImportPhase.DONE


@pytest.mark.worker
def test_a_large_file_refused_by_the_worker_fails_with_the_reason(
    celery_worker, programme, trainer, settings
):
    settings.TABULAR_SYNC_MAX_BYTES = 50
    upload = SimpleUploadedFile("p.csv", "nama,organisasi\nJosé,X\n".encode("utf-16") * 10)
    job = services.registration_import_create(programme=programme, upload=upload, by_user=trainer)
    job = _wait(job, ImportPhase.FAILED, ImportPhase.READY, ImportPhase.INVALID)
    assert job.phase == ImportPhase.FAILED
    assert "harus berenkode UTF-8" in job.error
