"""Thin Celery tasks of the daily situation report: ids as arguments, enqueued after commit.

The tasks were named ``incidents.tasks.*`` before the situation app existed. Messages published
under those names may still wait in the broker (a report asked for just before an upgrade) and beat
schedules stored in the database may name them (migration situation 0003 renames the stored ones);
the ``*_legacy_task`` aliases below accept such messages and run the new task. They can go once no
worker or broker of a release before the move is in use.
"""

from __future__ import annotations

from celery import shared_task
from celery.utils.log import get_task_logger

logger = get_task_logger(__name__)


@shared_task(
    name="situation.tasks.situation_report_run",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def situation_report_run_task(report_id: int) -> None:
    """Build one situation report's PDF and XLSX (safe to run twice: only a queued report is built)."""
    from .sitrep.services import situation_report_run

    outcome = situation_report_run(report_id=report_id)
    logger.info("situation report %s: %s", report_id, outcome)


@shared_task(
    name="situation.tasks.situation_report_morning",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def situation_report_morning_task() -> None:
    """Build yesterday's kabupaten report and send it to the Forkopimda (once per date, however often run)."""
    from .sitrep.services import situation_report_morning

    report = situation_report_morning()
    logger.info("morning situation report: %s", report.pk if report else None)


# --- the names of before the move (see the module docstring) ---------------------------------------
@shared_task(
    name="incidents.tasks.situation_report_run",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def situation_report_run_legacy_task(report_id: int) -> None:
    """A message of the old name: build the report as situation_report_run_task does."""
    situation_report_run_task(report_id)


@shared_task(
    name="incidents.tasks.situation_report_morning",
    ignore_result=True,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def situation_report_morning_legacy_task() -> None:
    """A message (or a stored beat schedule) of the old name: run the morning report."""
    situation_report_morning_task()
