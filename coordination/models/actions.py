"""Tracked actions (tindak lanjut koordinasi): what was agreed, who does it by when, and the proof."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check
from incidents.choices import EvidenceKind

from ..choices import OPEN_ACTION_STATUSES, ActionSource, ActionStatus


class TrackedAction(models.Model):
    """An action someone must take by a date, in an area, for an organisation, with its evidence.

    ``area_code`` copies ``area.code`` (set by the services) so that scoping by area is one
    index-backed prefix match, as for incidents.
    """

    title = models.CharField(_("tindakan"), max_length=300)
    description = models.TextField(_("uraian"), blank=True)
    owner = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    due_date = models.DateField(_("tenggat"))
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.TERBUKA
    )
    source = models.CharField(
        _("sumber"), max_length=20, choices=ActionSource.choices, default=ActionSource.LAINNYA
    )
    source_label = models.CharField(_("keterangan sumber"), max_length=300, blank=True)
    # A decision of this meeting (source "rapat").
    meeting = models.ForeignKey(
        "coordination.Meeting",
        verbose_name=_("rapat"),
        on_delete=models.PROTECT,
        related_name="decisions",
        null=True,
        blank=True,
    )
    incidents = models.ManyToManyField(
        "incidents.Incident", verbose_name=_("insiden terkait"), related_name="+", blank=True
    )
    completed_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    status_note = models.TextField(_("catatan status"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut koordinasi")
        verbose_name_plural = _("tindak lanjut koordinasi")
        ordering = ["due_date", "id"]
        constraints = [
            date_range_check("trackedaction", "due_date"),
            models.CheckConstraint(
                condition=~Q(status=ActionStatus.SELESAI) | Q(completed_at__isnull=False),
                name="trackedaction_done_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="trackedaction_area_prefix_idx"
            ),
            models.Index(fields=["status", "due_date"], name="trackedaction_status_due_idx"),
            models.Index(
                fields=["due_date"],
                name="trackedaction_open_due_idx",
                condition=Q(status__in=[s.value for s in OPEN_ACTION_STATUSES]),
            ),
            models.Index(fields=["organisation", "status"], name="trackedaction_org_idx"),
            models.Index(fields=["owner", "status"], name="trackedaction_owner_idx"),
            models.Index(fields=["source", "due_date"], name="trackedaction_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("coordination:action_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


def action_evidence_upload_to(instance: ActionEvidence, filename: str) -> str:
    # The stored name never comes from the user (only the detected extension does).
    now = timezone.now()
    return f"coordination/evidence/{now:%Y/%m}/{instance.sha256[:16]}-{now:%H%M%S%f}.{instance.extension}"


class ActionEvidence(models.Model):
    """Proof of work on an action: a note, a file (checked by content, stored privately, served only
    through a permission-checked view), or both."""

    action = models.ForeignKey(TrackedAction, on_delete=models.CASCADE, related_name="evidence")
    note = models.TextField(_("catatan"), blank=True)
    file = models.FileField(_("berkas"), upload_to=action_evidence_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("nama berkas asli"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=EvidenceKind.choices, blank=True)
    content_type = models.CharField(_("tipe isi"), max_length=100, blank=True)
    extension = models.CharField(max_length=10, blank=True)
    size = models.PositiveIntegerField(_("ukuran (byte)"), null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("ditambahkan"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bukti tindak lanjut")
        verbose_name_plural = _("bukti tindak lanjut")
        ordering = ["added_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(note="") | ~Q(file=""), name="actionevidence_note_or_file"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.note[:60]
