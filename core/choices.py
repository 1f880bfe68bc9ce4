"""Choices of the shared core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    """Where a background job stands: queued -> running -> done | failed (running -> queued on recovery)."""

    QUEUED = "antre", _("Dalam antrean")
    RUNNING = "berjalan", _("Sedang diproses")
    DONE = "selesai", _("Selesai")
    FAILED = "gagal", _("Gagal")


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)
