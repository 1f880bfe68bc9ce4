"""Thin Celery tasks of incidents: ids as arguments, enqueued after commit."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)


@shared_task(
    name="incidents.tasks.incident_export_run",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def incident_export_run_task(export_id: int) -> None:
    """Build one background export (safe to run twice: only a queued export is built)."""
    from .services.export import incident_export_run

    outcome = incident_export_run(export_id=export_id)
    logger.info("incident export %s: %s", export_id, outcome)
