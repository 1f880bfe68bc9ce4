"""Enqueueing after commit, and the beat task that recovers background jobs whose worker died."""

from __future__ import annotations

from celery import current_app, shared_task
from celery.utils.log import get_task_logger
from django.db import transaction

logger = get_task_logger(__name__)


def enqueue_on_commit(
    task, *args, queue: str | None = None, countdown: float | None = None, **kwargs
) -> None:
    """Send ``task(*args, **kwargs)`` once the current transaction commits; never before, never on rollback.

    ``task`` is a Celery task or a task's name (so core can send an app's task without importing it).

    A broker outage at that moment is logged and swallowed: the change is committed and stays so.
    Whatever the message was to do must therefore be findable in PostgreSQL by a beat task (the
    escalation auditor, the delivery sweeper, the background-job recovery), which sends it again.
    Outside a transaction the task is sent at once, with the same protection.
    """
    options: dict = {}
    if queue:
        options["queue"] = queue
    if countdown:
        options["countdown"] = countdown
    name = task if isinstance(task, str) else getattr(task, "name", repr(task))

    def _send() -> None:
        try:
            if isinstance(task, str):
                current_app.send_task(task, args=args, kwargs=kwargs or None, **options)
            else:
                task.apply_async(args=args, kwargs=kwargs or None, **options)
        except Exception:  # any broker error: the committed state is the source of truth
            logger.exception(
                "Could not enqueue %s%r after commit; a beat task will pick it up from the database.",
                name,
                args,
            )

    # robust: should anything escape _send, Django logs it instead of raising into the caller.
    transaction.on_commit(_send, robust=True)


@shared_task(name="core.tasks.background_jobs_recover", ignore_result=True, soft_time_limit=50, time_limit=60)
def background_jobs_recover_task() -> dict:
    """Queue again (or fail) background jobs whose worker died, resend lost ones (beat)."""
    from .jobs import jobs_recover

    result = jobs_recover()
    if any(result.values()):
        logger.warning("background jobs recovered: %s", result)
    return result
