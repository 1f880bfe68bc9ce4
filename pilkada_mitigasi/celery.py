"""The Celery application: broker on Redis, configuration from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pilkada_mitigasi.settings")

app = Celery("pilkada_mitigasi")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
