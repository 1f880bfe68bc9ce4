"""Thin Celery tasks of intake: process one message, send one answer, sweep. All safe to run twice."""

from celery import shared_task
from celery.utils.log import get_task_logger

from . import services

logger = get_task_logger(__name__)


@shared_task(
    name="intake.tasks.inbound_message_process",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=50,
    time_limit=60,
)
def inbound_message_process(message_id: int) -> str:
    """Handle one inbound message (report, intake, acknowledgement, conversation step)."""
    return services.inbound_message_process(message_id=message_id)


@shared_task(
    name="intake.tasks.reply_send",
    ignore_result=True,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=45,
    time_limit=60,
)
def reply_send(reply_id: int) -> str:
    """Send one answer to a sender."""
    return services.reply_send(reply_id=reply_id)


@shared_task(name="intake.tasks.intake_sweep", ignore_result=True, soft_time_limit=50, time_limit=60)
def intake_sweep() -> dict:
    """Beat: what a dead worker or a lost broker message left waiting is processed again."""
    result = services.intake_sweep()
    if any(result.values()):
        logger.warning("intake sweep: %s", result)
    return result


inbound_message_process_task = inbound_message_process
reply_send_task = reply_send
intake_sweep_task = intake_sweep
