"""Thin Celery tasks of the registry: large imports are checked and saved by the worker."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .choices import ImportStatus
from .imports import import_job_commit, import_job_validate
from .models import ImportJob

logger = get_task_logger(__name__)

# A 10,000-row file takes a few minutes; the global default (60 s) is for short tasks.
IMPORT_LIMITS = {"soft_time_limit": 1800, "time_limit": 1900, "acks_late": True}


def _claim(job_id: int, status: str) -> bool:
    """True when the job still waits for this step (a redelivered message finds it done and stops)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        return job is not None and job.status == status


def _fail(job_id: int, exc: Exception) -> None:
    logger.exception("import %s failed", job_id)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED,
        message=_("Impor gagal diproses: %(error)s") % {"error": exc.__class__.__name__},
        finished_at=timezone.now(),
    )


@shared_task(name="stakeholders.import_job_validate", ignore_result=True, **IMPORT_LIMITS)
def import_job_validate_task(job_id: int) -> None:
    """Check every row of a large import."""
    if not _claim(job_id, ImportStatus.VALIDATING):
        return
    try:
        import_job_validate(job_id=job_id)
    except Exception as exc:
        _fail(job_id, exc)
        raise


@shared_task(name="stakeholders.import_job_commit", ignore_result=True, **IMPORT_LIMITS)
def import_job_commit_task(job_id: int) -> None:
    """Save a large import, all rows or none."""
    if not _claim(job_id, ImportStatus.COMMITTING):
        return
    try:
        import_job_commit(job_id=job_id)
    except Exception as exc:
        _fail(job_id, exc)
        raise
