"""Thin Celery tasks of the audit app: the nightly retention run (default queue)."""

from celery import shared_task
from celery.utils.log import get_task_logger

from . import services

logger = get_task_logger(__name__)


@shared_task(
    name="audit.tasks.retention_run",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=600,
    time_limit=660,
)
def retention_run_task() -> None:
    """Apply the retention rules once; safe to run twice (a second run finds nothing left to remove)."""
    run = services.retention_run()
    logger.info("retention run %s: %s item(s) removed", run.pk, run.removed_total)
