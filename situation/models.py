"""The daily situation report (laporan situasi): a PDF and XLSX of an area for a date, built in Celery.

The table was incidents_situationreport until the situation app took it over (situation 0001
adopted it, 0002 renamed it); stored files keep their paths.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.choices import ExportStatus


def situation_report_upload_to(instance: SituationReport, filename: str) -> str:
    # The stored name never comes from the user: the area code, the date and the time of building.
    return (
        f"incidents/laporan-situasi/{instance.date:%Y/%m}/"
        f"{instance.area_code}-{instance.date:%Y%m%d}-{timezone.now():%H%M%S%f}-{filename}"
    )


class SituationReport(models.Model):
    """A daily situation report (laporan situasi) of an area for a date, built in Celery as PDF and XLSX.

    ``area_code`` copies ``area.code`` so a user's reports are one index-backed prefix match; a
    composite foreign key (migration 0003) keeps the copy equal to the area's code.
    ``scheduled`` marks the morning report made by beat: one per area and date.
    """

    date = models.DateField(_("tanggal"))
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    scheduled = models.BooleanField(_("laporan pagi terjadwal"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    pdf = models.FileField(_("berkas PDF"), upload_to=situation_report_upload_to, blank=True, max_length=200)
    xlsx = models.FileField(
        _("berkas XLSX"), upload_to=situation_report_upload_to, blank=True, max_length=200
    )
    # The headline figures, kept so the list and the morning message need not open the files.
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)
    error = models.CharField(_("galat"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("diminta pada"), default=timezone.now)
    started_at = models.DateTimeField(_("mulai dibuat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan situasi")
        verbose_name_plural = _("laporan situasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(F("created_at").desc(), name="sitrep_recent_idx"),
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="sitrep_area_prefix_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["date", "area"], condition=Q(scheduled=True), name="sitrep_one_morning_report"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="sitrep_progress_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("situation:sitrep_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.status == ExportStatus.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == ExportStatus.FAILED
