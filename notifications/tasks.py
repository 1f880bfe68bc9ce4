"""Thin Celery tasks of delivery: send one delivery, sweep overdue ones. Both safe to run twice."""

from celery import shared_task
from celery.utils.log import get_task_logger

from . import services

logger = get_task_logger(__name__)


@shared_task(
    bind=True,
    name="notifications.tasks.delivery_send",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    # The bound that matters is Delivery.max_attempts in PostgreSQL; this only stops a runaway loop.
    max_retries=50,
    soft_time_limit=45,
    time_limit=60,
)
def delivery_send(self, delivery_id: int) -> str:
    """Claim the delivery, call its channel once, record the outcome; a transient failure retries later."""
    outcome, retry_in = services.delivery_perform(delivery_id=delivery_id)
    logger.info("delivery %s: %s", delivery_id, outcome)
    if outcome == "rate limited" and retry_in is not None:
        # The provider's limit: a fresh message for then, not one of this task's retries.
        delivery_send.apply_async(args=[delivery_id], countdown=retry_in, queue=services.delivery_queue())
        return outcome
    if retry_in is not None:
        # The row already says queued with next_attempt_at; should this message be lost, the sweeper
        # re-enqueues it from PostgreSQL.
        raise self.retry(countdown=retry_in, queue=services.delivery_queue())
    return outcome


@shared_task(
    name="notifications.tasks.delivery_send_batch",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=240,
    time_limit=270,
)
def delivery_send_batch(delivery_ids: list[int]) -> dict:
    """delivery_send for a chunk of deliveries, one after another; a transient failure is retried on its own."""
    outcomes: dict[str, int] = {}
    for delivery_id in delivery_ids:
        outcome, retry_in = services.delivery_perform(delivery_id=delivery_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if retry_in is not None:
            # As in delivery_send: the row says queued with next_attempt_at; the sweeper is the net.
            delivery_send.apply_async(args=[delivery_id], countdown=retry_in, queue=services.delivery_queue())
    logger.info("deliveries %s: %s", delivery_ids, outcomes)
    return outcomes


@shared_task(name="notifications.tasks.delivery_sweep", ignore_result=True, soft_time_limit=25, time_limit=30)
def delivery_sweep() -> dict:
    """Re-enqueue deliveries whose broker message was lost and settle claims of killed workers."""
    result = services.delivery_sweep()
    if result["requeued"] or result["expired"]:
        logger.warning("delivery sweep: %s", result)
    return result


@shared_task(
    name="notifications.tasks.delivery_edits_send",
    ignore_result=True,
    soft_time_limit=120,
    time_limit=150,
)
def delivery_edits_send(delivery_ids: list[int]) -> dict:
    """Edit sent messages in place at the provider (e.g. Telegram: "Sudah ditangani oleh ...")."""
    result = services.delivery_edits_send(delivery_ids=delivery_ids)
    logger.info("edits %s: %s", delivery_ids, result)
    return result


delivery_send_task = delivery_send
delivery_edits_send_task = delivery_edits_send
delivery_send_batch_task = delivery_send_batch
delivery_sweep_task = delivery_sweep
