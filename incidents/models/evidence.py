"""Evidence files (photo, document, audio, video), stored privately."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import EvidenceKind
from .incident import Incident


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name never comes from the user (only the detected extension does).
    return f"incidents/evidence/{timezone.now():%Y/%m}/{instance.sha256[:16]}-{timezone.now():%H%M%S%f}.{instance.extension}"


class Evidence(models.Model):
    """A photo, document, audio or video stored privately; served only through a permission-checked view."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("berkas"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=10, choices=EvidenceKind.choices)
    content_type = models.CharField(_("tipe isi"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    description = models.CharField(_("keterangan"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("diunggah"), default=timezone.now)

    class Meta:
        verbose_name = _("bukti")
        verbose_name_plural = _("bukti")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
