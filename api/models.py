"""Integrations (a partner system's named token) and the log of every API call."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check

from .choices import Access


class Integration(models.Model):
    """A partner system's access to the API: a named token, scoped per resource (read or read-write)
    and to an area, expiring and revocable. Only the token's SHA-256 is stored; the token itself is
    shown once, when it is made. Calls act as the kabupaten administrator who made it, within the
    integration's scopes and area."""

    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    area = models.ForeignKey(
        "regions.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("wilayah")
    )
    # The area's code, kept with the row so that every resource limits by an index-backed prefix.
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    # {resource: "baca" | "tulis"}; a resource that is not named is refused (403).
    scopes = models.JSONField(_("cakupan"), default=dict)
    token_prefix = models.CharField(_("awal token"), max_length=16, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    revoked_at = models.DateTimeField(_("dicabut pada"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicabut oleh"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("dibuat oleh")
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("integrasi API")
        verbose_name_plural = _("integrasi API")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="integration_expires_after_created",
            ),
            date_range_check("integration", "expires_at", datetime_field=True),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def access_to(self, resource: str) -> str:
        """'baca', 'tulis' or '' for a resource."""
        value = (self.scopes or {}).get(resource, "")
        return value if value in Access.values else ""


class ApiCall(models.Model):
    """One call of the API: who (the integration, or the user of a browser session), what (method,
    path, answer) and when. Written after the answer is known, for every call."""

    at = models.DateTimeField(_("waktu"), default=timezone.now)
    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, null=True, blank=True, related_name="calls"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    method = models.CharField(_("metode"), max_length=10)
    path = models.CharField(_("alamat"), max_length=500)
    status = models.PositiveSmallIntegerField(_("jawaban"))
    duration_ms = models.PositiveIntegerField(_("lama (ms)"), default=0)
    client_address = models.GenericIPAddressField(_("alamat klien"), null=True, blank=True)

    class Meta:
        verbose_name = _("panggilan API")
        verbose_name_plural = _("panggilan API")
        indexes = [
            models.Index(fields=["integration", "-at"], name="apicall_integration_idx"),
            models.Index(fields=["-at"], name="apicall_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
