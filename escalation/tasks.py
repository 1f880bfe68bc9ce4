"""Thin Celery tasks of the escalation engine: ids as arguments, the state re-read from PostgreSQL."""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)


@shared_task(
    name="escalation.tasks.escalation_step_run",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=45,
    time_limit=60,
)
def escalation_step_run_task(escalation_id: int, token: str, sequence: int) -> str:
    """Run step number ``sequence`` of an escalation if it is still current and due (safe to run twice)."""
    from .services import escalation_step_run

    outcome = escalation_step_run(escalation_id=escalation_id, token=token, sequence=sequence)
    logger.info("escalation %s step run %s: %s", escalation_id, sequence, outcome)
    return outcome


@shared_task(name="escalation.tasks.escalation_audit", ignore_result=True, soft_time_limit=12, time_limit=14)
def escalation_audit_task() -> dict:
    """Enqueue every escalation step that is due in PostgreSQL but has no live task (beat, every 15 s)."""
    from .services import escalation_audit

    result = escalation_audit()
    if result["enqueued"]:
        logger.warning("escalation audit: %s", result)
    return result


# --- the names from before the engine left incidents ------------------------------------------------
# Messages published under the old names (queued at upgrade time, or sent by a beat still running the
# old schedule) run the tasks above. Remove once no installation upgrades from a release before the move.


@shared_task(
    name="incidents.tasks.escalation_step_run",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=45,
    time_limit=60,
)
def escalation_step_run_legacy_task(escalation_id: int, token: str, sequence: int) -> str:
    """The old name of ``escalation_step_run_task``; runs it in this worker."""
    return escalation_step_run_task(escalation_id, token, sequence)


@shared_task(name="incidents.tasks.escalation_audit", ignore_result=True, soft_time_limit=12, time_limit=14)
def escalation_audit_legacy_task() -> dict:
    """The old name of ``escalation_audit_task``; runs it in this worker."""
    return escalation_audit_task()
