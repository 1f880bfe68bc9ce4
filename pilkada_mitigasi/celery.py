"""The Celery application: broker on Redis, configuration from Django settings (CELERY_*)."""

import os
from datetime import UTC, datetime

from celery import Celery
from celery.signals import before_task_publish

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilkada_mitigasi.settings")

app = Celery("pilkada_mitigasi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# The message header holding when a canary was published (set by the publisher, read by the worker).
CANARY_SENT_HEADER = "canary_sent_at"


@before_task_publish.connect(sender="pilkada_mitigasi.tasks.canary", weak=False)
def stamp_canary(headers=None, **kwargs) -> None:
    """Stamp each canary message with its publication time (beat or any sender), so its queue wait shows."""
    if headers is not None:
        headers[CANARY_SENT_HEADER] = datetime.now(UTC).isoformat()
