"""The append-only record of sensitive reads, and the reports of the retention runs."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import AccessKind, RetentionStatus


class AccessRecord(models.Model):
    """One opening of protected data: who, when, what and from where.

    Append-only: the admin is read-only and a database trigger refuses UPDATE and
    DELETE on the table (migration 0002), whoever asks. The object is named by its
    app label, id and a short reference without personal data (an incident number,
    "#id"), so erasing a person never needs to touch this table.
    """

    kind = models.CharField(_("jenis"), max_length=12, choices=AccessKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengguna"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    object_type = models.CharField(_("jenis objek"), max_length=60)
    object_id = models.CharField(_("ID objek"), max_length=40, blank=True)
    object_repr = models.CharField(_("objek"), max_length=120, blank=True)
    # The registry person the data is about, when there is one (the PDP export lists these rows).
    person_id = models.BigIntegerField(_("ID orang"), null=True, blank=True)
    purpose = models.CharField(_("keperluan"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("peramban"), max_length=300, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan akses")
        verbose_name_plural = _("catatan akses")
        ordering = ["-at", "-id"]
        # Exporting and erasing a person's data (UU 27/2022 PDP) is itself recorded here.
        permissions = [("manage_personal_data", _("Dapat mengekspor dan menghapus data pribadi (PDP)"))]
        indexes = [
            models.Index(fields=["-at", "-id"], name="access_at_idx"),
            models.Index(fields=["kind", "-at"], name="access_kind_at_idx"),
            models.Index(fields=["user", "-at"], name="access_user_at_idx"),
            models.Index(fields=["object_type", "object_id"], name="access_object_idx"),
            models.Index(fields=["person_id"], name="access_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_repr} {self.at:%Y-%m-%d %H:%M}"


class RetentionRun(models.Model):
    """One run of the retention rules and what each rule removed (the report administrators read)."""

    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RetentionStatus.choices, default=RetentionStatus.RUNNING
    )
    # [{"rule": "...", "label": "...", "removed": n, "items": ["INS-...", ...]}, ...]
    report = models.JSONField(_("laporan"), default=list, blank=True)
    removed_total = models.PositiveIntegerField(_("jumlah dihapus"), default=0)
    error = models.CharField(_("galat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("jalannya retensi")
        verbose_name_plural = _("jalannya retensi")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.removed_total})"
