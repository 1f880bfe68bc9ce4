"""What is done about an incident: follow-up actions with an owner and a due date, and referrals
to the bodies that handle it (Bawaslu, Gakkumdu, KPU, BKN, DKPP)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_check

from ..choices import ReferralTarget
from .incident import Incident


class FollowUpAction(models.Model):
    """A follow-up action (tindak lanjut) with an owner and a due date."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(_("tindakan"), max_length=300)
    owner = models.ForeignKey(
        "stakeholders.Person", verbose_name=_("pelaksana"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("tenggat"))
    done_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            date_range_check("followupaction", "due_date"),
        ]
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["due_date"], name="followup_open_due_idx", condition=Q(done_at__isnull=True))
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date < timezone.localdate()


class Referral(models.Model):
    """A referral to Bawaslu, Gakkumdu, KPU, BKN or DKPP, with its register number (free text)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="referrals")
    target = models.CharField(_("dirujuk ke"), max_length=10, choices=ReferralTarget.choices)
    register_number = models.CharField(_("nomor register"), max_length=80, blank=True)
    referred_at = models.DateTimeField(_("tanggal rujukan"))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            date_range_check("referral", "referred_at", datetime_field=True),
        ]
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        ordering = ["referred_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.register_number}".strip()
