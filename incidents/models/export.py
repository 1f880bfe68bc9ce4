"""Background exports of a filtered incident list (CSV or XLSX)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob


class IncidentExport(BackgroundJob):
    """A background export of a filtered list (CSV or XLSX) in its requester's scope, and its file."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diminta oleh"), on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=4)
    file = models.FileField(upload_to="incidents/exports/%Y/%m/", blank=True, max_length=200)

    job_task = "incidents.tasks.incident_export_run"
    progress_result_template = "incidents/partials/export_result.html"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("ekspor insiden")
        verbose_name_plural = _("ekspor insiden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_format} {self.created_at:%Y-%m-%d %H:%M}"

    def get_progress_url(self) -> str:
        return reverse("incidents:export_detail", args=[self.pk])
