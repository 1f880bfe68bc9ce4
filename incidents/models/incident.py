"""Early warnings and incidents, and the category taxonomy they are filed under.

One ``Incident`` table holds both early warnings (``kind=peringatan_dini``) and
incidents (``kind=insiden``): promoting a warning flips ``kind`` on the same row,
so its number, timeline, evidence and any escalation stay attached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Left
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_check

from ..choices import (
    OPEN_STATUSES,
    P_TRACKS,
    SEVERITY_GUIDE,
    BawasluState,
    ConflictStage,
    IncidentKind,
    RejectReason,
    Severity,
    Source,
    Status,
    Track,
    ViolationClass,
)

# Days from "became known" within which a P-track report must reach Bawaslu (DOMAIN.md §2.7, §7).
BAWASLU_REPORT_DAYS = 7


class IncidentCategory(models.Model):
    """A category of the data-driven taxonomy (DOMAIN.md §6.3), seeded by a data migration."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200, blank=True)
    track = models.CharField(_("jalur"), max_length=2, choices=Track.choices)
    main_handler = models.CharField(_("penanganan utama"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=100)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori insiden")
        verbose_name_plural = _("kategori insiden")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_p_track(self) -> bool:
        return self.track in P_TRACKS


def incident_number_next(year: int) -> str:
    """The next public number, INS-<year>-<6 digits>, from a PostgreSQL sequence (no gaps in order)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('incidents_incident_number_seq')")
        (value,) = cursor.fetchone()
    return f"INS-{year}-{value:06d}"


# The longest chronology a report takes: about 40 pages of text, far more than any report written
# by hand; a longer document is attached as evidence. PostgreSQL refuses a tsvector whose words pass
# 1 MB ("string is too long for tsvector"), so the search index reads at most this many characters
# of the chronology (at most 4 bytes each): no stored text, however long, can fail the insert.
CHRONOLOGY_MAX_LENGTH = 100_000
CHRONOLOGY_TOO_LONG = _(
    "Kronologi terlalu panjang (%(show_value)s karakter); batasnya %(limit_value)s karakter. "
    "Ringkas kronologinya dan lampirkan dokumen lengkap sebagai bukti."
)


class Incident(models.Model):
    """An early warning or an incident in a desa or kecamatan of a served kabupaten (or the kabupaten itself).

    ``version`` grows by one on every change so a stale form is refused
    (optimistic locking); ``area_code`` copies ``area.code`` so scoping and the
    kecamatan/desa filters are one index-backed prefix match without a join.
    """

    number = models.CharField(_("nomor"), max_length=20, unique=True, editable=False)
    kind = models.CharField(
        _("jenis laporan"), max_length=20, choices=IncidentKind.choices, default=IncidentKind.INCIDENT
    )
    title = models.CharField(_("judul"), max_length=200)
    chronology = models.TextField(
        _("kronologi"), validators=[MaxLengthValidator(CHRONOLOGY_MAX_LENGTH, message=CHRONOLOGY_TOO_LONG)]
    )
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("kategori"), on_delete=models.PROTECT, related_name="incidents"
    )
    # Copied from the category at save time, so the track filter needs no join.
    track = models.CharField(_("jalur"), max_length=2, choices=Track.choices, editable=False)
    severity = models.PositiveSmallIntegerField(
        _("tingkat keparahan"), choices=Severity.choices, default=Severity.RENDAH
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.BARU)

    occurred_at = models.DateTimeField(_("waktu kejadian"))
    known_at = models.DateTimeField(_("waktu diketahui"))
    reported_at = models.DateTimeField(_("waktu dilaporkan"), default=timezone.now)
    # A past event entered afterwards (catat kejadian lampau): numbered by the year it became known,
    # reported_at is when it became known, never escalated, its legal clock is history.
    is_historical = models.BooleanField(_("kejadian lampau"), default=False)

    # A desa or kecamatan; the kabupaten itself for a report about the whole kabupaten or whose place
    # is not known (counted at kabupaten level, in no kecamatan's figures).
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("wilayah (desa, kecamatan atau kabupaten)"),
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13, editable=False)
    polling_station = models.ForeignKey(
        "regions.PollingStation",
        verbose_name=_("TPS"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    location_description = models.CharField(_("keterangan lokasi"), max_length=300, blank=True)

    election = models.ForeignKey(
        "regions.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    phase = models.ForeignKey(
        "regions.ElectionPhase",
        verbose_name=_("tahapan pemilihan"),
        on_delete=models.PROTECT,
        related_name="incidents",
        null=True,
        blank=True,
    )
    conflict_stage = models.CharField(
        _("tahap penanganan konflik"),
        max_length=15,
        choices=ConflictStage.choices,
        default=ConflictStage.PENCEGAHAN,
    )
    source = models.CharField(_("sumber"), max_length=20, choices=Source.choices)
    parties_involved = models.TextField(_("pihak yang terlibat"), blank=True)
    crowd_size = models.PositiveIntegerField(_("jumlah massa"), null=True, blank=True)
    injured = models.PositiveIntegerField(_("korban luka"), default=0)
    dead = models.PositiveIntegerField(_("korban meninggal"), default=0)
    damage = models.TextField(_("kerusakan"), blank=True)
    violation_class = models.CharField(
        _("klasifikasi pelanggaran (Bawaslu)"), max_length=20, choices=ViolationClass.choices, blank=True
    )

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelapor (akun)"),
        on_delete=models.PROTECT,
        related_name="reported_incidents",
    )
    reporter_person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("pelapor (orang)"),
        on_delete=models.SET_NULL,
        related_name="reported_incidents",
        null=True,
        blank=True,
    )
    has_confidential_informant = models.BooleanField(_("ada pelapor rahasia"), default=False)
    lead_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisasi penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="led_incidents",
        null=True,
        blank=True,
    )
    responsible_person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("penanggung jawab"),
        on_delete=models.PROTECT,
        related_name="responsible_incidents",
        null=True,
        blank=True,
    )

    # How the case ended: the closing note written on "Tandai selesai", the body that handled it when
    # that was not us (no lead organisation or person is invented), and Bawaslu's latest step.
    resolution_note = models.TextField(_("catatan penutupan"), blank=True)
    handled_elsewhere_by = models.CharField(_("ditangani lembaga lain"), max_length=200, blank=True)
    bawaslu_state = models.CharField(
        _("tahap penanganan Bawaslu"), max_length=20, choices=BawasluState.choices, blank=True
    )
    reject_reason = models.CharField(
        _("alasan penolakan"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_note = models.TextField(_("keterangan penolakan"), blank=True)
    verified_at = models.DateTimeField(_("diverifikasi pada"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("selesai pada"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)

    # Legal clock (P track): the deadline to reach Bawaslu, and when a referral to Bawaslu was made.
    bawaslu_deadline = models.DateTimeField(
        _("batas lapor ke Bawaslu"), null=True, blank=True, editable=False
    )
    bawaslu_referred_at = models.DateTimeField(_("dirujuk ke Bawaslu pada"), null=True, blank=True)

    # The id the reporter's device gave the report when it was written (the offline form, a Kobo/ODK
    # submission's instanceID): a retried send finds the report it already made instead of a second.
    client_id = models.UUIDField(_("id dari perangkat"), null=True, blank=True, unique=True, editable=False)

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=SearchVector(
            "title", Left("chronology", CHRONOLOGY_MAX_LENGTH), "location_description", config="simple"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    # The same text stemmed as Indonesian ("bentrokan" -> "bentro", "pemukulan" -> "pukul"), for
    # searches that find a word's other forms (incidents.selectors.incident_search).
    search_vector_id = models.GeneratedField(
        expression=SearchVector(
            "title", Left("chronology", CHRONOLOGY_MAX_LENGTH), "location_description", config="indonesian"
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("insiden")
        verbose_name_plural = _("insiden")
        ordering = ["-severity", "reported_at"]
        permissions = [
            ("triage_incident", _("Dapat melakukan triase insiden (verifikasi, tolak, tugaskan, tutup)")),
            ("export_incident", _("Dapat mengekspor daftar insiden")),
        ]
        indexes = [
            # The triage queue's keyset (incidents.selectors.TRIAGE_ORDERING): by severity, oldest first,
            # the id breaking ties; the severity negated so that one row comparison, all ascending, finds
            # the position of any page (core.keyset). Open reports (the queue as it opens), and all.
            models.Index(
                F("severity") * -1,
                "reported_at",
                "id",
                name="incident_queue_open_idx",
                condition=Q(status__in=list(OPEN_STATUSES)),
            ),
            models.Index(F("severity") * -1, "reported_at", "id", name="incident_queue_idx"),
            # The same keyset after the filters that name one value (status, and severity on the same
            # negated expression; phase; category): the page is read in order from the first match,
            # and the capped count from the index alone.
            models.Index("status", F("severity") * -1, "reported_at", "id", name="incident_queue_status_idx"),
            models.Index("phase", F("severity") * -1, "reported_at", "id", name="incident_queue_phase_idx"),
            models.Index(
                "category", F("severity") * -1, "reported_at", "id", name="incident_queue_category_idx"
            ),
            models.Index(F("severity").desc(), "reported_at", name="incident_severity_age_idx"),
            models.Index(fields=["status", "reported_at"], name="incident_status_idx"),
            models.Index(fields=["category", "reported_at"], name="incident_category_idx"),
            models.Index(fields=["track", "reported_at"], name="incident_track_idx"),
            models.Index(fields=["phase", "reported_at"], name="incident_phase_idx"),
            models.Index(fields=["election", "reported_at"], name="incident_election_idx"),
            models.Index(fields=["occurred_at"], name="incident_occurred_idx"),
            models.Index(fields=["reported_at"], name="incident_reported_idx"),
            models.Index(
                fields=["area_code"], opclasses=["varchar_pattern_ops"], name="incident_area_prefix_idx"
            ),
            models.Index(fields=["reporter", "reported_at"], name="incident_reporter_idx"),
            models.Index(fields=["lead_organisation", "status"], name="incident_lead_org_idx"),
            models.Index(fields=["responsible_person", "status"], name="incident_responsible_idx"),
            models.Index(
                fields=["bawaslu_deadline"],
                name="incident_legal_clock_idx",
                condition=Q(bawaslu_deadline__isnull=False, bawaslu_referred_at__isnull=True),
            ),
            models.Index(
                fields=["reported_at"],
                name="incident_confidential_idx",
                condition=Q(has_confidential_informant=True),
            ),
            # The dashboard and the map (situation): the period counts read the period's rows from the
            # index alone (area, category, phase, election beside the time), the open figures and the
            # "overdue" measure read only the open rows, and the legal-clock figure only the overdue
            # clocks; each narrowed to an area by the prefix of its code.
            models.Index(
                fields=["reported_at"],
                include=["area_code", "category", "phase", "election"],
                name="incident_dash_reported_idx",
            ),
            models.Index(
                fields=["occurred_at"],
                include=["id", "area_code", "status", "severity", "category", "track", "phase", "election"],
                name="incident_dash_occurred_idx",
            ),
            models.Index(
                fields=["area_code"],
                opclasses=["varchar_pattern_ops"],
                include=[
                    "id",
                    "status",
                    "severity",
                    "reported_at",
                    "is_historical",
                    "bawaslu_deadline",
                    "bawaslu_referred_at",
                ],
                condition=Q(status__in=list(OPEN_STATUSES)),
                name="incident_dash_open_idx",
            ),
            models.Index(
                fields=["area_code"],
                opclasses=["varchar_pattern_ops"],
                include=["bawaslu_deadline"],
                condition=Q(
                    bawaslu_deadline__isnull=False, bawaslu_referred_at__isnull=True, is_historical=False
                )
                & ~Q(status=Status.DITOLAK),
                name="incident_dash_legal_clock_idx",
            ),
            # The map's incident pins (situation.map.incidents.incident_points): the reports with a GPS
            # point, in the layer's order (most severe, then latest), so that the capped query stops
            # after its 5,000 rows; the period is checked in the index (its second key), and the pin's
            # columns beside it make the scan index-only (without them the planner prices a heap fetch
            # per pin and sorts the whole period instead).
            models.Index(
                fields=["-severity", "-occurred_at"],
                include=["number", "title", "lat", "lng", "area_code"],
                condition=Q(lat__isnull=False) & ~Q(status=Status.DITOLAK),
                name="incident_map_points_idx",
            ),
            GinIndex(fields=["search_vector"], name="incident_search_idx"),
            GinIndex(fields=["search_vector_id"], name="incident_search_id_idx"),
        ]
        constraints = [
            date_range_check("incident", "occurred_at", datetime_field=True),
            date_range_check("incident", "known_at", datetime_field=True),
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=5), name="incident_severity_1_5"
            ),
            models.CheckConstraint(
                condition=Q(known_at__gte=F("occurred_at")), name="incident_known_after_occurred"
            ),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lng__isnull=True) | Q(lat__isnull=False, lng__isnull=False),
                name="incident_lat_lng_together",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DITOLAK) | ~Q(reject_reason=""),
                name="incident_rejected_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("incidents:incident_detail", args=[self.number])

    @property
    def severity_guide(self) -> str:
        return SEVERITY_GUIDE[Severity(self.severity)]

    @property
    def is_p_track(self) -> bool:
        return self.track in P_TRACKS

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def legal_clock_overdue(self) -> bool:
        """True when a P-track report has passed its 7 days without a referral to Bawaslu.

        Never for a past event entered afterwards: its clock ran out long ago and is history.
        """
        return bool(
            self.bawaslu_deadline
            and not self.is_historical
            and not self.bawaslu_referred_at
            and self.status != Status.DITOLAK
            and self.bawaslu_deadline < timezone.now()
        )

    @property
    def legal_clock_days_left(self) -> int | None:
        if not self.bawaslu_deadline or self.bawaslu_referred_at or self.is_historical:
            return None
        return (self.bawaslu_deadline - timezone.now()).days

    @property
    def legal_clock_met(self) -> bool | None:
        """For the history of a past event: whether it reached Bawaslu within its 7 days (None: never
        referred, or no clock)."""
        if not self.bawaslu_deadline or not self.bawaslu_referred_at:
            return None
        return self.bawaslu_referred_at <= self.bawaslu_deadline
