"""Liveness tasks: the beat heartbeat that /healthz reports."""

from celery import shared_task
from celery.utils.log import get_task_logger
from django.core.cache import cache
from django.utils import timezone

logger = get_task_logger(__name__)

HEARTBEAT_CACHE_KEY = "health:heartbeat"


@shared_task(name="pilkada_mitigasi.tasks.heartbeat", ignore_result=True, soft_time_limit=5, time_limit=10)
def heartbeat() -> str:
    """Record that beat scheduled and a worker ran a task just now (read by /healthz)."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now
