"""How a case ends: Bawaslu's handling step by step (with dates and register numbers), and the
recommendations and decisions that follow (a PSU at named TPS, an administrative correction, a
sanction and who imposes it)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_check

from ..choices import BallotType, BawasluState, OutcomeKind, OutcomeStage, ReferralTarget
from .incident import Incident


class BawasluStep(models.Model):
    """One step of Bawaslu's handling of a case: received, registered, studied, forwarded, stopped,
    decided; with its date, register number and, when forwarded, to whom."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="bawaslu_steps")
    state = models.CharField(_("tahap penanganan Bawaslu"), max_length=20, choices=BawasluState.choices)
    on_date = models.DateField(_("tanggal"))
    register_number = models.CharField(_("nomor register"), max_length=80, blank=True)
    forwarded_to = models.CharField(
        _("diteruskan ke"), max_length=10, choices=ReferralTarget.choices, blank=True
    )
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tahap penanganan Bawaslu")
        verbose_name_plural = _("tahap penanganan Bawaslu")
        ordering = ["on_date", "id"]
        constraints = [date_range_check("bawaslustep", "on_date")]

    def __str__(self) -> str:
        return f"{self.get_state_display()} {self.on_date:%d/%m/%Y} {self.register_number}".strip()


class Outcome(models.Model):
    """A recommendation or decision on a case: a PSU (TPS, ballots, day and hours), a recount, an
    administrative correction, a sanction (and who imposes it, e.g. BKN/BKPSDM), a criminal verdict."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("jenis"), max_length=25, choices=OutcomeKind.choices)
    stage = models.CharField(
        _("bentuk"), max_length=15, choices=OutcomeStage.choices, default=OutcomeStage.REKOMENDASI
    )
    issued_by = models.CharField(_("dikeluarkan oleh"), max_length=200)
    issued_on = models.DateField(_("tanggal"))
    document_number = models.CharField(_("nomor surat/putusan"), max_length=120, blank=True)
    polling_stations = models.ManyToManyField(
        "regions.PollingStation", verbose_name=_("TPS"), related_name="+", blank=True
    )
    place_note = models.CharField(
        _("TPS/tempat (teks)"),
        max_length=300,
        blank=True,
        help_text=_("Bila TPS-nya belum terdaftar, tulis di sini, misalnya “TPS 02 Desa Sidomulyo”."),
    )
    ballot_types = ArrayField(
        models.CharField(max_length=20, choices=BallotType.choices),
        verbose_name=_("surat suara"),
        default=list,
        blank=True,
    )
    held_on = models.DateField(_("tanggal pelaksanaan"), null=True, blank=True)
    starts_at = models.TimeField(_("mulai"), null=True, blank=True)
    ends_at = models.TimeField(_("selesai"), null=True, blank=True)
    sanction = models.CharField(_("sanksi"), max_length=300, blank=True)
    sanctioned_by = models.CharField(_("dijatuhkan oleh"), max_length=200, blank=True)
    description = models.TextField(_("uraian"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("rekomendasi atau putusan")
        verbose_name_plural = _("rekomendasi dan putusan")
        ordering = ["issued_on", "id"]
        constraints = [
            date_range_check("outcome", "issued_on"),
            date_range_check("outcome", "held_on", null=True),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="outcome_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_stage_display()}) {self.issued_on:%d/%m/%Y}"

    @property
    def ballot_labels(self) -> list[str]:
        labels = dict(BallotType.choices)
        return [str(labels.get(code, code)) for code in self.ballot_types]
