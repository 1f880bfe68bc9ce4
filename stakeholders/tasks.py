"""Thin Celery tasks of the registry: large imports are read, checked and saved by the worker."""

from celery import shared_task
from celery.utils.log import get_task_logger

from .imports import import_job_commit, import_job_validate

logger = get_task_logger(__name__)

# A 10,000-row file takes a few minutes; the global default (60 s) is for short tasks.
IMPORT_LIMITS = {"soft_time_limit": 1800, "time_limit": 1900, "acks_late": True}


@shared_task(name="stakeholders.import_job_validate", ignore_result=True, **IMPORT_LIMITS)
def import_job_validate_task(job_id: int) -> None:
    """Check every row of a large import (safe to run twice: only a queued import is checked)."""
    logger.info("import %s checked: %s", job_id, import_job_validate(job_id=job_id))


@shared_task(name="stakeholders.import_job_commit", ignore_result=True, **IMPORT_LIMITS)
def import_job_commit_task(job_id: int) -> None:
    """Save a large import, all rows or none (safe to run twice: only a queued import is saved)."""
    logger.info("import %s saved: %s", job_id, import_job_commit(job_id=job_id))
