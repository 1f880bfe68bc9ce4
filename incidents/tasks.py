"""Thin Celery tasks of incidents: ids as arguments, enqueued after commit."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger
from django.db import transaction

logger = get_task_logger(__name__)


@shared_task(
    name="incidents.tasks.incident_export_run",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def incident_export_run_task(export_id: int) -> None:
    """Build one background export (safe to run twice: a finished export is left alone)."""
    from .services_export import incident_export_run

    incident_export_run(export_id=export_id)


def incident_export_enqueue(*, user, params: dict, file_format: str):
    """Record an export request and run it in the worker once the request is committed."""
    from .services_export import incident_export_request

    export = incident_export_request(user=user, params=params, file_format=file_format)
    transaction.on_commit(lambda: incident_export_run_task.delay(export.pk))
    return export
