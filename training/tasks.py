"""Thin Celery tasks of the Bimtek: fetch by id, call a service."""

from celery import shared_task
from celery.utils.log import get_task_logger

from . import services

logger = get_task_logger(__name__)


@shared_task(
    name="training.tasks.certificate_job_run",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=600,
    time_limit=660,
)
def certificate_job_run_task(job_id: int) -> None:
    """Issue a programme's certificates for a CertificateJob (safe to run twice)."""
    outcome = services.certificate_job_run(job_id=job_id)
    logger.info("certificate job %s: %s", job_id, outcome)


# A 2,000-row import checks every row against the registry; the global default (60 s) is for short tasks.
IMPORT_LIMITS = {"soft_time_limit": 900, "time_limit": 960, "acks_late": True, "ignore_result": True}


@shared_task(name="training.tasks.registration_import_check", **IMPORT_LIMITS)
def registration_import_check_task(job_id: int) -> None:
    """Read and check a participant import (safe to run twice)."""
    logger.info(
        "participant import %s checked: %s", job_id, services.registration_import_check(job_id=job_id)
    )


@shared_task(name="training.tasks.registration_import_save", **IMPORT_LIMITS)
def registration_import_save_task(job_id: int) -> None:
    """Register every row of a checked participant import, or none (safe to run twice)."""
    logger.info("participant import %s saved: %s", job_id, services.registration_import_save(job_id=job_id))


@shared_task(
    name="training.tasks.programme_reminders_due", ignore_result=True, soft_time_limit=300, time_limit=360
)
def programme_reminders_due_task() -> None:
    """Remind the participants of every programme that starts tomorrow (hourly; once a day per person)."""
    count = services.programme_reminders_due()
    logger.info("training reminders sent: %s", count)
