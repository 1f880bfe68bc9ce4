"""The administrative tree, polling stations and the election calendar: reference data, importing no other app."""

import functools

from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import date_range_check

from .choices import AdminLevel, ElectionKind, PhaseCode, VillageType


@functools.lru_cache(maxsize=8)
def _village_type_labels(language: str | None) -> dict[str, str]:
    """The village types' labels in one language (a desa's name begins with it)."""
    return {value: str(label) for value, label in VillageType.choices}


class AdminUnit(models.Model):
    """A Kemendagri area (kabupaten, kecamatan, desa/kelurahan), keyed by its code.

    Codes nest by prefix (``64.08`` > ``64.08.04`` > ``64.08.04.2001``), so an
    area and everything beneath it is one index-backed prefix match on ``code``.
    """

    code = models.CharField(_("kode Kemendagri"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=AdminLevel.choices)
    village_type = models.CharField(_("jenis desa"), max_length=10, choices=VillageType.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    bps_code = models.CharField(_("kode BPS"), max_length=10, blank=True)
    centroid_lat = models.FloatField(_("lintang pusat"), null=True, blank=True)
    centroid_lng = models.FloatField(_("bujur pusat"), null=True, blank=True)
    # Bounding box of the boundary, so "which area holds this point" first
    # narrows to a few candidates with an index before any polygon test.
    min_lat = models.FloatField(null=True, blank=True)
    max_lat = models.FloatField(null=True, blank=True)
    min_lng = models.FloatField(null=True, blank=True)
    max_lng = models.FloatField(null=True, blank=True)
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)
    edition = models.CharField(_("edisi Kepmendagri"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [
            # LIKE '64.08.04.%' uses this index whatever the database collation.
            models.Index(
                fields=["code"], opclasses=["varchar_pattern_ops"], name="adminunit_code_prefix_idx"
            ),
            models.Index(fields=["level", "code"], name="adminunit_level_code_idx"),
            models.Index(Upper("name"), name="adminunit_upper_name_idx"),
            models.Index(fields=["min_lat", "max_lat", "min_lng", "max_lng"], name="adminunit_bbox_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="desa", village_type__in=["desa", "kelurahan"])
                | (~models.Q(level="desa") & models.Q(village_type="")),
                name="adminunit_village_type_only_for_desa",
            ),
            models.CheckConstraint(
                condition=models.Q(parent__isnull=True) | ~models.Q(parent=models.F("id")),
                name="adminunit_not_own_parent",
            ),
            # The target of composite foreign keys (area_id, area_code) elsewhere, so a copied area
            # code can never differ from its area's code.
            models.UniqueConstraint(fields=["id", "code"], name="adminunit_id_code_key"),
        ]

    def __str__(self) -> str:
        if self.level == AdminLevel.DESA:
            # Not get_village_type_display(): it translates every choice on each call, and the
            # directory's area filter names some 140 desa per page.
            village_type = _village_type_labels(get_language()).get(self.village_type, self.village_type)
            return f"{village_type} {self.name}"
        if self.level == AdminLevel.KECAMATAN:
            return _("Kec. %(name)s") % {"name": self.name}
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:adminunit_detail", args=[self.code])

    @property
    def official_name(self) -> str:
        """The name as a letter writes it: "Kabupaten Kutai Timur", "Kota Bontang", "Provinsi ...",
        "Kecamatan ..." (a kota's name already says "Kota")."""
        if self.level == AdminLevel.KABUPATEN:
            return (
                self.name if self.name.startswith("Kota ") else _("Kabupaten %(name)s") % {"name": self.name}
            )
        if self.level == AdminLevel.PROVINSI:
            return _("Provinsi %(name)s") % {"name": self.name}
        if self.level == AdminLevel.KECAMATAN:
            return _("Kecamatan %(name)s") % {"name": self.name}
        return str(self)

    @property
    def depth(self) -> int:
        return self.code.count(".")


class Election(models.Model):
    """One election (Pilkada 2024, Pemilu 2019, a PSU): the frame for phases, TPS, incidents, assessments
    and Bimtek programmes.

    The current election follows the calendar (``selectors.election_current``) unless an administrator
    pins one (``services.election_set_current``); at most one is pinned.
    """

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(
        _("jenis"), max_length=10, choices=ElectionKind.choices, default=ElectionKind.PILKADA
    )
    voting_date = models.DateField(_("hari pemungutan suara"))
    area = models.ForeignKey(
        AdminUnit,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="elections",
        null=True,
        blank=True,
        help_text=_("Wilayah tempat pemilihan ini diikuti (kabupaten)."),
    )
    regulation = models.CharField(_("dasar hukum"), max_length=150, blank=True)
    is_pinned = models.BooleanField(
        _("ditetapkan sebagai pemilihan berjalan"),
        default=False,
        help_text=_("Kosong: pemilihan berjalan dipilih menurut tanggal."),
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            date_range_check("election", "voting_date"),
            models.UniqueConstraint(
                fields=["is_pinned"], condition=models.Q(is_pinned=True), name="election_one_pinned"
            ),
        ]
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        ordering = ["-voting_date"]

    def __str__(self) -> str:
        return self.name


class ElectionPhase(models.Model):
    """A dated phase (tahapan) of an election; dates are inclusive, in WITA.

    A main phase labels the reports of its days (the shortest covering main phase wins); a sub-phase
    (``is_main`` false, e.g. logistics distribution inside the campaign) may overlap main phases and is
    shown beside the main phase, never instead of it.
    """

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.CASCADE, related_name="phases"
    )
    code = models.CharField(_("tahapan"), max_length=30, choices=PhaseCode.choices)
    sequence = models.PositiveSmallIntegerField(_("urutan"))
    is_main = models.BooleanField(
        _("tahapan utama"),
        default=True,
        help_text=_("Kosongkan untuk subtahapan yang berjalan di dalam tahapan utama."),
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    regulation = models.CharField(_("dasar hukum"), max_length=150, blank=True)
    note = models.CharField(_("catatan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tahapan pemilihan")
        verbose_name_plural = _("tahapan pemilihan")
        ordering = ["election", "sequence"]
        indexes = [models.Index(fields=["start_date", "end_date"], name="phase_dates_idx")]
        constraints = [
            date_range_check("electionphase", "start_date"),
            date_range_check("electionphase", "end_date"),
            models.UniqueConstraint(fields=["election", "code"], name="phase_unique_code_per_election"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} ({self.start_date:%d/%m/%Y}-{self.end_date:%d/%m/%Y})"


class PollingStation(models.Model):
    """A TPS: numbered per desa and per election, so the key is (election, desa, number)."""

    election = models.ForeignKey(
        Election, verbose_name=_("pemilihan"), on_delete=models.PROTECT, related_name="polling_stations"
    )
    desa = models.ForeignKey(
        AdminUnit,
        verbose_name=_("desa/kelurahan"),
        on_delete=models.PROTECT,
        related_name="polling_stations",
        limit_choices_to={"level": AdminLevel.DESA},
    )
    number = models.PositiveSmallIntegerField(_("nomor TPS"))
    address = models.CharField(_("lokasi"), max_length=200, blank=True)
    voters_men = models.PositiveIntegerField(_("DPT laki-laki"), null=True, blank=True)
    voters_women = models.PositiveIntegerField(_("DPT perempuan"), null=True, blank=True)
    voters = models.PositiveIntegerField(_("jumlah pemilih (DPT)"), null=True, blank=True)
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        ordering = ["desa__code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "desa", "number"], name="tps_unique_number_per_desa"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="tps_number_positive"),
            # DPT men + women = total whenever all three are known.
            models.CheckConstraint(
                condition=models.Q(voters_men__isnull=True)
                | models.Q(voters_women__isnull=True)
                | models.Q(voters__isnull=True)
                | models.Q(voters=models.F("voters_men") + models.F("voters_women")),
                name="tps_dpt_total_is_sum",
            ),
            # The target of composite foreign keys (polling_station_id, desa_id) elsewhere, so a row
            # placed at a TPS is always in the TPS's desa.
            models.UniqueConstraint(fields=["id", "desa"], name="pollingstation_id_desa_key"),
        ]

    def __str__(self) -> str:
        return _("TPS %(number)03d %(desa)s") % {"number": self.number, "desa": self.desa}
