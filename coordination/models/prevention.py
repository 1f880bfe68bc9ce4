"""Preventive activities (kegiatan pencegahan): patrols, dialogues, sosialisasi, mediation, early-warning
visits and joint deployments at a TPS, logged by security liaisons, the camat's office or Kesbangpol,
with place, participants, notes and photos."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check, validate_date_range

from ..choices import PreventionKind


class PreventiveActivity(models.Model):
    """One preventive activity, in an area (a desa or a kecamatan), by an organisation.

    ``area_code`` copies ``area.code`` (set by the services) so that scoping by area and the map's
    counts per area are one index-backed prefix match, as for incidents.
    """

    kind = models.CharField(_("jenis kegiatan"), max_length=20, choices=PreventionKind.choices)
    held_at = models.DateTimeField(_("waktu kegiatan"), validators=[validate_date_range])
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    place = models.CharField(_("tempat"), max_length=300, blank=True)
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("instansi"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    participant_count = models.PositiveIntegerField(_("jumlah peserta"), default=0)
    participants = models.ManyToManyField(
        "stakeholders.Person", verbose_name=_("peserta dari registri"), related_name="+", blank=True
    )
    notes = models.TextField(_("catatan"), blank=True)
    # The id the phone gave the activity when it was written (the offline form queues it and may send it
    # again after a lost answer): a second send with it finds this activity instead of making another.
    client_id = models.UUIDField(_("id perangkat"), null=True, blank=True, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("dicatat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kegiatan pencegahan")
        verbose_name_plural = _("kegiatan pencegahan")
        ordering = ["-held_at", "-id"]
        constraints = [
            date_range_check("preventiveactivity", "held_at", datetime_field=True),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lng__isnull=True) | Q(lat__isnull=False, lng__isnull=False),
                name="preventiveactivity_lat_lng_together",
            ),
        ]
        indexes = [
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="prevention_area_prefix_idx"
            ),
            models.Index(fields=["held_at"], name="prevention_held_idx"),
            models.Index(fields=["kind", "held_at"], name="prevention_kind_held_idx"),
            models.Index(fields=["organisation", "held_at"], name="prevention_org_held_idx"),
            models.Index(fields=["created_by", "held_at"], name="prevention_author_held_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.area}"

    def get_absolute_url(self) -> str:
        return reverse("coordination:prevention_detail", args=[self.pk])


def prevention_photo_upload_to(instance: PreventionPhoto, filename: str) -> str:
    # The stored name never comes from the user (only the detected extension does).
    now = timezone.now()
    return f"coordination/pencegahan/{now:%Y/%m}/{instance.sha256[:16]}-{now:%H%M%S%f}.{instance.extension}"


class PreventionPhoto(models.Model):
    """A photo of an activity: checked by content and size, stored privately, served only through a
    permission-checked view."""

    activity = models.ForeignKey(PreventiveActivity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("foto"), upload_to=prevention_photo_upload_to, max_length=200)
    original_name = models.CharField(_("nama berkas asli"), max_length=200)
    content_type = models.CharField(_("tipe isi"), max_length=100)
    extension = models.CharField(max_length=10)
    size = models.PositiveIntegerField(_("ukuran (byte)"))
    sha256 = models.CharField(max_length=64)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("ditambahkan"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("foto kegiatan pencegahan")
        verbose_name_plural = _("foto kegiatan pencegahan")
        ordering = ["added_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class PreventionParticipantChange(models.Model):
    """One person of the registry added to or removed from an activity's participants, by whom and when
    (the activity's history shows them; simple_history does not follow a many-to-many field). Written by
    the services in the transaction that changes the list."""

    activity = models.ForeignKey(
        PreventiveActivity, on_delete=models.CASCADE, related_name="participant_changes"
    )
    person = models.ForeignKey(
        "stakeholders.Person", verbose_name=_("orang"), on_delete=models.PROTECT, related_name="+"
    )
    added = models.BooleanField(_("ditambahkan"), help_text=_("Tidak dicentang: dihapus dari peserta."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    changed_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("perubahan peserta kegiatan")
        verbose_name_plural = _("perubahan peserta kegiatan")
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["activity", "changed_at"], name="prevention_partchg_idx")]

    def __str__(self) -> str:
        return f"{'+' if self.added else '-'} {self.person_id}"
