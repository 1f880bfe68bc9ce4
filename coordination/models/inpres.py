"""The Inpres 2/2013 obligations of a serious incident (severity 4-5): explain it to the public and
report it upward. Each is a tracked action with the steps of its own recorded here."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check

from ..choices import ApprovalBody, InpresKind
from .actions import TrackedAction


class InpresObligation(models.Model):
    """One obligation of one incident, at most once per kind (the database refuses a second)."""

    action = models.OneToOneField(TrackedAction, on_delete=models.CASCADE, related_name="inpres")
    incident = models.ForeignKey(
        "incidents.Incident", verbose_name=_("insiden"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=InpresKind.choices)
    # The public statement: a draft generated from the incident, then the approved text.
    text = models.TextField(_("naskah"), blank=True)
    approved_by_body = models.CharField(
        _("disetujui oleh"), max_length=20, choices=ApprovalBody.choices, blank=True
    )
    approver_name = models.CharField(_("nama pejabat yang menyetujui"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("disetujui pada"), null=True, blank=True)
    published_at = models.DateTimeField(_("dipublikasikan pada"), null=True, blank=True)
    publication_link = models.URLField(_("tautan publikasi"), max_length=500, blank=True)
    # The report upward: to whom, the letter's number, when it was sent.
    recipient = models.CharField(_("kepada"), max_length=300, blank=True)
    letter_number = models.CharField(_("nomor surat"), max_length=100, blank=True)
    sent_at = models.DateTimeField(_("dikirim pada"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kewajiban Inpres 2/2013")
        verbose_name_plural = _("kewajiban Inpres 2/2013")
        constraints = [
            models.UniqueConstraint(fields=["incident", "kind"], name="inpresobligation_once_per_kind"),
            date_range_check("inpresobligation", "approved_at", datetime_field=True, null=True),
            date_range_check("inpresobligation", "published_at", datetime_field=True, null=True),
            date_range_check("inpresobligation", "sent_at", datetime_field=True, null=True),
        ]
        permissions = [
            ("record_inpresobligation", _("Dapat mencatat persetujuan, publikasi dan laporan Inpres"))
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.action.title}"
