"""Liveness tasks: the beat heartbeat and the critical-queue canary that /healthz reports."""

from __future__ import annotations

import json
from datetime import datetime

from celery import shared_task
from celery.utils.log import get_task_logger
from django.core.cache import cache
from django.utils import timezone

from .celery import CANARY_SENT_HEADER

logger = get_task_logger(__name__)

HEARTBEAT_CACHE_KEY = "health:heartbeat"
CANARY_CACHE_KEY = "health:canary"
CANARY_TASK_NAME = "pilkada_mitigasi.tasks.canary"


@shared_task(name="pilkada_mitigasi.tasks.heartbeat", ignore_result=True, soft_time_limit=5, time_limit=10)
def heartbeat() -> str:
    """Record that beat scheduled and a worker ran a task just now (read by /healthz)."""
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now


@shared_task(bind=True, name=CANARY_TASK_NAME, ignore_result=True, soft_time_limit=5, time_limit=10)
def canary(self) -> dict:
    """Prove that a worker takes work off the queue it came on: record when, where and after what wait it ran."""
    now = timezone.now()
    sent = getattr(self.request, CANARY_SENT_HEADER, None) or (self.request.headers or {}).get(
        CANARY_SENT_HEADER
    )
    delivery = self.request.delivery_info or {}
    record = {
        "ran": now.isoformat(),
        "sent": sent,
        "wait_s": round((now - datetime.fromisoformat(sent)).total_seconds(), 3) if sent else None,
        "worker": self.request.hostname or "",
        "queue": delivery.get("routing_key") or "",
    }
    cache.set(CANARY_CACHE_KEY, json.dumps(record), timeout=None)
    return record
