"""The protected identity of a report's confidential informant."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .incident import Incident


class ConfidentialInformant(models.Model):
    """The protected identity of a report's informant, stored apart from the incident.

    Only roles that need it may read it, and every reading writes an audit AccessRecord.
    """

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="informant")
    full_name = models.CharField(_("nama informan"), max_length=150)
    phone = models.CharField(_("nomor telepon"), max_length=20, blank=True)
    contact_note = models.CharField(_("cara menghubungi"), max_length=300, blank=True)
    relation = models.CharField(_("hubungan dengan kejadian"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pelapor rahasia")
        verbose_name_plural = _("pelapor rahasia")

    def __str__(self) -> str:
        return str(_("Pelapor rahasia untuk %(number)s") % {"number": self.incident.number})
