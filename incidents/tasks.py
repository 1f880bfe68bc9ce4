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
    from .services_export import incident_export_run

    outcome = incident_export_run(export_id=export_id)
    logger.info("incident export %s: %s", export_id, outcome)


@shared_task(
    name="incidents.tasks.escalation_step_run",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=45,
    time_limit=60,
)
def escalation_step_run_task(escalation_id: int, token: str, sequence: int) -> str:
    """Run step number ``sequence`` of an escalation if it is still current and due (safe to run twice)."""
    from .services_escalation import escalation_step_run

    outcome = escalation_step_run(escalation_id=escalation_id, token=token, sequence=sequence)
    logger.info("escalation %s step run %s: %s", escalation_id, sequence, outcome)
    return outcome


@shared_task(name="incidents.tasks.escalation_audit", ignore_result=True, soft_time_limit=12, time_limit=14)
def escalation_audit_task() -> dict:
    """Enqueue every escalation step that is due in PostgreSQL but has no live task (beat, every 15 s)."""
    from .services_escalation import escalation_audit

    result = escalation_audit()
    if result["enqueued"]:
        logger.warning("escalation audit: %s", result)
    return result
