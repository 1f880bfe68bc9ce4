"""The action plan (rencana aksi terpadu) of the kabupaten's Tim Terpadu for a year (Permendagri
42/2015, Inpres 2/2013): its activities by area, agency, election phase and target, with planned and
actual dates and the progress the responsible agency records. Each activity is a tracked action
(source "rencana_aksi"): its title, agency, area, planned end (the due date), status and evidence
live there, and it is scoped like every action."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check
from regions.choices import PhaseCode

from .actions import TrackedAction


class ActionPlan(models.Model):
    """The Tim Terpadu's action plan of one year (one per year)."""

    year = models.PositiveSmallIntegerField(_("tahun"), unique=True)
    title = models.CharField(_("judul"), max_length=250)
    notes = models.TextField(_("catatan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana aksi terpadu")
        verbose_name_plural = _("rencana aksi terpadu")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="actionplan_year_in_range"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:plan_detail", args=[self.pk])


class PlanActivity(models.Model):
    """One activity of a plan: its tracked action, phase, target, planned start (the planned end is the
    action's due date), actual dates and progress."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.PROTECT, related_name="activities")
    action = models.OneToOneField(TrackedAction, on_delete=models.CASCADE, related_name="plan_activity")
    phase = models.CharField(_("tahapan pemilihan"), max_length=30, choices=PhaseCode.choices, blank=True)
    target = models.CharField(_("sasaran / target"), max_length=300)
    planned_start = models.DateField(_("rencana mulai"))
    actual_start = models.DateField(_("realisasi mulai"), null=True, blank=True)
    actual_end = models.DateField(_("realisasi selesai"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    progress_note = models.TextField(_("catatan kemajuan"), blank=True)
    progress_at = models.DateTimeField(_("kemajuan dicatat"), null=True, blank=True)
    progress_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kegiatan rencana aksi")
        verbose_name_plural = _("kegiatan rencana aksi")
        ordering = ["planned_start", "id"]
        constraints = [
            date_range_check("planactivity", "planned_start"),
            date_range_check("planactivity", "actual_start", null=True),
            date_range_check("planactivity", "actual_end", null=True),
            models.CheckConstraint(condition=Q(progress__lte=100), name="planactivity_progress_max_100"),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="planactivity_actual_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["plan", "planned_start"], name="planactivity_plan_start_idx")]

    def __str__(self) -> str:
        return self.action.title
