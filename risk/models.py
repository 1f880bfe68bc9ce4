"""Kerawanan: the instruments that grade it and the assessments of places recorded with them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check

from .bands import bands_validate
from .choices import RiskInstrumentKind


class RiskInstrument(models.Model):
    """An instrument that grades kerawanan (an IKP edition, the TPS-rawan checklist, Polri's classes...).

    Its bands (level codes, labels, colours and, for scored instruments, the score cut-offs), its
    checklist and its parameters are data, seeded from DOMAIN.md §3 and editable in the admin; no
    band is written in code (see risk/bands.py for how they are read).
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=RiskInstrumentKind.choices)
    edition = models.CharField(_("edisi"), max_length=80, blank=True)
    # Which kinds of place it grades: any of "kabupaten", "kecamatan", "desa", "tps".
    targets = models.JSONField(_("sasaran"), default=list)
    bands = models.JSONField(_("pita tingkat"), default=list)
    checklist = models.JSONField(_("daftar periksa"), default=list, blank=True)
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    source = models.TextField(_("sumber"), blank=True)
    active = models.BooleanField(_("aktif"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrumen kerawanan")
        verbose_name_plural = _("instrumen kerawanan")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        bands_validate(self.bands)


class RiskAssessment(models.Model):
    """One graded kerawanan of a place at a date, with the thresholds used frozen beside it.

    The place is an area (kabupaten, kecamatan, desa) or a TPS; for a TPS, ``area`` is its desa, so
    every assessment is scoped and aggregated by the same area code.
    """

    instrument = models.ForeignKey(
        RiskInstrument, verbose_name=_("instrumen"), on_delete=models.PROTECT, related_name="assessments"
    )
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
    )
    polling_station = models.ForeignKey(
        "regions.PollingStation",
        verbose_name=_("TPS"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
        null=True,
        blank=True,
    )
    election = models.ForeignKey(
        "regions.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="risk_assessments",
        null=True,
        blank=True,
    )
    aspect = models.CharField(_("aspek/tahapan"), max_length=60, blank=True)
    score = models.DecimalField(_("skor"), max_digits=7, decimal_places=2, null=True, blank=True)
    level = models.CharField(_("tingkat"), max_length=30)
    level_label = models.CharField(_("label tingkat"), max_length=60)
    level_rank = models.PositiveSmallIntegerField(_("peringkat tingkat"))
    level_color = models.CharField(_("warna tingkat"), max_length=7)
    thresholds = models.JSONField(_("ambang yang dipakai"))
    answers = models.JSONField(_("jawaban daftar periksa"), default=dict, blank=True)
    as_of = models.DateField(_("per tanggal"))
    source = models.CharField(_("sumber"), max_length=200, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dinilai oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penilaian kerawanan")
        verbose_name_plural = _("penilaian kerawanan")
        ordering = ["-as_of", "-id"]
        indexes = [
            models.Index(fields=["instrument", "as_of"], name="riskassess_instr_asof_idx"),
            models.Index(fields=["area", "instrument", "as_of"], name="riskassess_area_instr_idx"),
        ]
        constraints = [
            date_range_check("riskassessment", "as_of"),
            models.CheckConstraint(condition=models.Q(level_rank__gte=1), name="riskassess_rank_positive"),
        ]

    def __str__(self) -> str:
        place = self.polling_station or self.area
        return f"{self.instrument.name}: {place} {self.level_label} ({self.as_of:%d/%m/%Y})"

    def get_absolute_url(self) -> str:
        return reverse("risk:riskassessment_detail", args=[self.pk])

    @property
    def place(self):
        return self.polling_station or self.area
