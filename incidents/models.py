"""Early warnings and incidents, their timeline, notes, evidence, follow-ups, referrals and links.

One ``Incident`` table holds both early warnings (``kind=peringatan_dini``) and
incidents (``kind=insiden``): promoting a warning flips ``kind`` on the same row,
so its number, timeline, evidence and any escalation stay attached.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import BackgroundJob

from .choices import (
    OPEN_STATUSES,
    P_TRACKS,
    SEVERITY_GUIDE,
    ConflictStage,
    EventKind,
    EvidenceKind,
    IncidentKind,
    LinkKind,
    ReferralTarget,
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


class Incident(models.Model):
    """An early warning or an incident in a desa or kecamatan of Kutai Timur.

    ``version`` grows by one on every change so a stale form is refused
    (optimistic locking); ``area_code`` copies ``area.code`` so scoping and the
    kecamatan/desa filters are one index-backed prefix match without a join.
    """

    number = models.CharField(_("nomor"), max_length=20, unique=True, editable=False)
    kind = models.CharField(
        _("jenis laporan"), max_length=20, choices=IncidentKind.choices, default=IncidentKind.INCIDENT
    )
    title = models.CharField(_("judul"), max_length=200)
    chronology = models.TextField(_("kronologi"))
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

    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("wilayah (desa atau kecamatan)"),
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

    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_vector = models.GeneratedField(
        expression=SearchVector("title", "chronology", "location_description", config="simple"),
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
            # The triage queue: open reports by severity, oldest first.
            models.Index(
                F("severity").desc(),
                "reported_at",
                name="incident_triage_open_idx",
                condition=Q(status__in=list(OPEN_STATUSES)),
            ),
            models.Index(F("severity").desc(), "reported_at", name="incident_severity_age_idx"),
            models.Index(fields=["status", "reported_at"], name="incident_status_idx"),
            models.Index(fields=["category", "reported_at"], name="incident_category_idx"),
            models.Index(fields=["track", "reported_at"], name="incident_track_idx"),
            models.Index(fields=["phase", "reported_at"], name="incident_phase_idx"),
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
            GinIndex(fields=["search_vector"], name="incident_search_idx"),
        ]
        constraints = [
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
        """True when a P-track report has passed its 7 days without a referral to Bawaslu."""
        return bool(
            self.bawaslu_deadline
            and not self.bawaslu_referred_at
            and self.status != Status.DITOLAK
            and self.bawaslu_deadline < timezone.now()
        )

    @property
    def legal_clock_days_left(self) -> int | None:
        if not self.bawaslu_deadline or self.bawaslu_referred_at:
            return None
        return (self.bawaslu_deadline - timezone.now()).days


class IncidentEvent(models.Model):
    """One entry of an incident's timeline: who did what when, with old and new values.

    Written by every service in the same transaction as the change it records.
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=EventKind.choices)
    old = models.JSONField(_("nilai lama"), default=dict, blank=True)
    new = models.JSONField(_("nilai baru"), default=dict, blank=True)
    note = models.CharField(_("keterangan"), max_length=500, blank=True)
    # The incident's version after this change (optimistic locking explains a refusal from these).
    version = models.PositiveIntegerField(_("versi"), default=0)

    class Meta:
        verbose_name = _("peristiwa linimasa")
        verbose_name_plural = _("linimasa insiden")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["incident", "at"], name="incidentevent_incident_idx"),
            # The situation report reads one day of the whole timeline.
            models.Index(fields=["at"], name="incidentevent_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def changes(self) -> list[tuple[str, str | None, str]]:
        """(field label, old value label or None, new value label); private keys (``_...``) are left out."""
        return [
            (
                incident_field_label(key),
                incident_value_label(key, self.old[key]) if key in self.old else None,
                incident_value_label(key, value),
            )
            for key, value in self.new.items()
            if not key.startswith("_")
        ]


def incident_field_label(name: str) -> str:
    """The Indonesian label of an Incident field for the timeline ("severity" -> "tingkat keparahan")."""
    try:
        return str(Incident._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # timeline keys that are not fields keep their name
        return name


def incident_value_label(name: str, value) -> str:
    """A timeline value as a person reads it: a choice's label, a related row's label, '-' for empty."""
    if isinstance(value, dict):
        return str(value.get("label", value.get("id", "")))
    if value in (None, ""):
        return "-"
    try:
        choices = dict(Incident._meta.get_field(name).flatchoices)
    except FieldDoesNotExist:
        choices = {}
    return str(choices.get(value, value))


class IncidentNote(models.Model):
    """An internal note by an official, separate from the machine timeline."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("catatan"))
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("catatan internal")
        verbose_name_plural = _("catatan internal")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


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
        verbose_name = _("rujukan")
        verbose_name_plural = _("rujukan")
        ordering = ["referred_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.register_number}".strip()


class IncidentLink(models.Model):
    """``source`` is a duplicate of, or related to, ``target``. A duplicate points at the main report."""

    source = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("jenis tautan"), max_length=10, choices=LinkKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tautan insiden")
        verbose_name_plural = _("tautan insiden")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="incidentlink_unique_pair"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="incidentlink_not_self"),
            # One main report per duplicate.
            models.UniqueConstraint(
                fields=["source"], condition=Q(kind=LinkKind.DUPLICATE), name="incidentlink_one_main"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


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


class IncidentExport(BackgroundJob):
    """A background export of a filtered list (CSV or XLSX) in its requester's scope, and its file."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diminta oleh"), on_delete=models.CASCADE, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    file_format = models.CharField(max_length=4)
    file = models.FileField(upload_to="incidents/exports/%Y/%m/", blank=True, max_length=200)

    job_task = "incidents.tasks.incident_export_run"
    progress_result_template = "incidents/partials/export_result.html"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("ekspor insiden")
        verbose_name_plural = _("ekspor insiden")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_format} {self.created_at:%Y-%m-%d %H:%M}"

    def get_progress_url(self) -> str:
        return reverse("incidents:export_detail", args=[self.pk])


def situation_report_upload_to(instance, filename: str) -> str:
    """Kept because migration 0003 names it; the situation report and its live upload path moved to
    situation.models (the same path, so old and new files sit side by side)."""
    return (
        f"incidents/laporan-situasi/{instance.date:%Y/%m}/"
        f"{instance.area_code}-{instance.date:%Y%m%d}-{timezone.now():%H%M%S%f}-{filename}"
    )
