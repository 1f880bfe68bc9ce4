"""The daily situation report (laporan situasi): a PDF and XLSX of an area for a date, built in Celery.

The table was incidents_situationreport until the situation app took it over (situation 0001
adopted it, 0002 renamed it); stored files keep their paths. A report is a core background job
(situation 0004): claimed by one worker, with a heartbeat, and queued again if its worker dies.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_check
from core.models import BackgroundJob


def situation_report_upload_to(instance: SituationReport, filename: str) -> str:
    # The stored name never comes from the user: the area code, the date and the time of building.
    return (
        f"incidents/laporan-situasi/{instance.date:%Y/%m}/"
        f"{instance.area_code}-{instance.date:%Y%m%d}-{timezone.now():%H%M%S%f}-{filename}"
    )


class SituationReport(BackgroundJob):
    """A daily situation report (laporan situasi) of an area for a date, built in Celery as PDF and XLSX.

    ``area_code`` copies ``area.code`` so a user's reports are one index-backed prefix match; a
    composite foreign key (migration 0003) keeps the copy equal to the area's code.
    ``scheduled`` marks the morning report made by beat: one per area and date. ``created_by`` is
    who asked for it (none for the morning report).
    """

    date = models.DateField(_("tanggal"))
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    scheduled = models.BooleanField(_("laporan pagi terjadwal"), default=False)
    pdf = models.FileField(_("berkas PDF"), upload_to=situation_report_upload_to, blank=True, max_length=200)
    xlsx = models.FileField(
        _("berkas XLSX"), upload_to=situation_report_upload_to, blank=True, max_length=200
    )
    # The headline figures, kept so the list and the morning message need not open the files.
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)

    job_task = "situation.tasks.situation_report_run"
    progress_result_template = "situation/partials/sitrep_result.html"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("laporan situasi")
        verbose_name_plural = _("laporan situasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            *BackgroundJob.Meta.indexes,
            models.Index(F("created_at").desc(), name="sitrep_recent_idx"),
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="sitrep_area_prefix_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "area"], condition=Q(scheduled=True), name="sitrep_one_morning_report"
            ),
            date_range_check("sitrep", "date"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("situation:sitrep_detail", args=[self.pk])

    def get_progress_url(self) -> str:
        return reverse("situation:sitrep_detail", args=[self.pk])
