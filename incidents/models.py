"""Early warnings and incidents, their timeline, notes, evidence, follow-ups, referrals and links.

One ``Incident`` table holds both early warnings (``kind=peringatan_dini``) and
incidents (``kind=insiden``): promoting a warning flips ``kind`` on the same row,
so its number, timeline, evidence and any escalation stay attached.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BackgroundJob
from stakeholders.choices import Office

from .choices import (
    OPEN_ESCALATION_STATUSES,
    OPEN_STATUSES,
    P_TRACKS,
    SEVERITY_GUIDE,
    AckVia,
    ConflictStage,
    EscalationStatus,
    EventKind,
    EvidenceKind,
    IncidentKind,
    LinkKind,
    ReferralTarget,
    RejectReason,
    Severity,
    Source,
    Status,
    TargetKind,
    TargetLevel,
    Track,
    ViolationClass,
)

# Days from "became known" within which a P-track report must reach Bawaslu (DOMAIN.md §2.7, §7).
BAWASLU_REPORT_DAYS = 7
# Upper bound of EscalationPolicy.max_repeats: a repeating last step always ends.
MAX_POLICY_REPEATS = 20


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


# --- escalation -------------------------------------------------------------------------------------


class EscalationPolicy(models.Model):
    """Which incidents an escalation ladder applies to and its ordered steps; edited by administrators.

    A policy matches an incident when every condition holds: active; track empty (any) or equal to the
    incident's track (a P/K incident matches P and K policies); categories empty or containing the
    incident's category; severity at least ``min_severity``; areas empty or one of them containing the
    incident's area (Kemendagri code prefix); and the incident is not an early warning unless
    ``include_early_warnings``. The first match by ``priority`` (then id) wins.
    """

    name = models.CharField(_("nama"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    priority = models.PositiveSmallIntegerField(
        _("prioritas"), default=100, help_text=_("Angka kecil diperiksa lebih dulu.")
    )
    track = models.CharField(
        _("jalur"), max_length=2, choices=Track.choices, blank=True, help_text=_("Kosong: semua jalur.")
    )
    categories = models.ManyToManyField(
        IncidentCategory,
        verbose_name=_("kategori"),
        blank=True,
        related_name="escalation_policies",
        help_text=_("Kosong: semua kategori."),
    )
    min_severity = models.PositiveSmallIntegerField(
        _("tingkat keparahan minimal"), choices=Severity.choices, default=Severity.SEDANG
    )
    areas = models.ManyToManyField(
        "regions.AdminUnit",
        verbose_name=_("wilayah"),
        blank=True,
        related_name="escalation_policies",
        help_text=_("Kosong: seluruh kabupaten. Sebuah kecamatan mencakup semua desanya."),
    )
    include_early_warnings = models.BooleanField(_("berlaku juga untuk peringatan dini"), default=False)
    repeat_last_step = models.BooleanField(_("ulangi langkah terakhir"), default=False)
    max_repeats = models.PositiveSmallIntegerField(
        _("batas pengulangan langkah terakhir"),
        default=3,
        validators=[MaxValueValidator(MAX_POLICY_REPEATS)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kebijakan eskalasi")
        verbose_name_plural = _("kebijakan eskalasi")
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_severity__gte=1, min_severity__lte=5), name="escpolicy_severity_1_5"
            ),
            models.CheckConstraint(
                condition=Q(max_repeats__lte=MAX_POLICY_REPEATS), name="escpolicy_repeats_bounded"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EscalationPolicyStep(models.Model):
    """One rung of a policy: notify its targets, then wait ``wait_minutes`` for an acknowledgement.

    With an hours window (WITA, ``active_from_hour`` inclusive to ``active_until_hour`` exclusive;
    from > until wraps past midnight) the step runs only inside the window: a step falling due
    outside it is moved to the window's next opening.
    """

    policy = models.ForeignKey(
        EscalationPolicy, verbose_name=_("kebijakan"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    wait_minutes = models.PositiveIntegerField(
        _("tunggu konfirmasi (menit)"), default=15, validators=[MaxValueValidator(7 * 24 * 60)]
    )
    active_from_hour = models.PositiveSmallIntegerField(
        _("berlaku dari jam (WITA)"), null=True, blank=True, validators=[MaxValueValidator(23)]
    )
    active_until_hour = models.PositiveSmallIntegerField(
        _("berlaku sampai jam (WITA)"), null=True, blank=True, validators=[MaxValueValidator(24)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("langkah eskalasi")
        verbose_name_plural = _("langkah eskalasi")
        ordering = ["policy", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "order"], name="escstep_unique_order"),
            models.CheckConstraint(
                condition=Q(active_from_hour__isnull=True, active_until_hour__isnull=True)
                | Q(active_from_hour__isnull=False, active_until_hour__isnull=False),
                name="escstep_window_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Langkah %(order)s: %(policy)s") % {"order": self.order, "policy": self.policy})

    def clean(self):
        from django.core.exceptions import ValidationError

        if (self.active_from_hour is None) != (self.active_until_hour is None):
            raise ValidationError(
                {
                    "active_until_hour": _(
                        "Isi jam mulai dan jam selesai bersama-sama, atau kosongkan keduanya."
                    )
                }
            )
        if self.active_from_hour is not None and self.active_from_hour == self.active_until_hour % 24:
            raise ValidationError({"active_until_hour": _("Jam mulai dan jam selesai tidak boleh sama.")})


class EscalationStepTarget(models.Model):
    """Whom a step notifies: a forum of the incident's area, an office or roster at a level, or a person."""

    step = models.ForeignKey(
        EscalationPolicyStep, verbose_name=_("langkah"), on_delete=models.CASCADE, related_name="targets"
    )
    kind = models.CharField(_("sasaran"), max_length=20, choices=TargetKind.choices)
    office = models.CharField(
        _("jabatan/tugas"),
        max_length=30,
        choices=Office.choices,
        blank=True,
        help_text=_("Untuk sasaran jabatan dan piket."),
    )
    level = models.CharField(
        _("tingkat wilayah"),
        max_length=10,
        choices=TargetLevel.choices,
        blank=True,
        help_text=_("Untuk sasaran jabatan dan piket."),
    )
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("orang"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sasaran langkah")
        verbose_name_plural = _("sasaran langkah")
        ordering = ["step", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["jabatan", "piket"]) | (~Q(office="") & ~Q(level="")),
                name="esctarget_office_has_office_and_level",
            ),
            models.CheckConstraint(
                condition=~Q(kind="orang") | Q(person__isnull=False), name="esctarget_person_has_person"
            ),
        ]

    def __str__(self) -> str:
        return target_label(self.snapshot())

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.kind in (TargetKind.OFFICE, TargetKind.ROSTER) and not (self.office and self.level):
            raise ValidationError(
                {"office": _("Sasaran jabatan atau piket perlu jabatan dan tingkat wilayah.")}
            )
        if self.kind == TargetKind.PERSON and self.person_id is None:
            raise ValidationError({"person": _("Pilih orangnya.")})

    def snapshot(self) -> dict:
        """The target as frozen onto an escalation (names copied, so later edits change nothing)."""
        return {
            "kind": self.kind,
            "office": self.office if self.kind in (TargetKind.OFFICE, TargetKind.ROSTER) else "",
            "level": self.level if self.kind in (TargetKind.OFFICE, TargetKind.ROSTER) else "",
            "person_id": self.person_id if self.kind == TargetKind.PERSON else None,
            "person_name": str(self.person) if self.kind == TargetKind.PERSON and self.person_id else "",
        }


def target_label(target: dict) -> str:
    """A frozen target as a person reads it ("Forkopimcam kecamatan kejadian", "Kapolsek (kecamatan)")."""
    kind = target.get("kind", "")
    if kind == TargetKind.PERSON:
        return target.get("person_name") or str(TargetKind.PERSON.label)
    if kind in (TargetKind.OFFICE, TargetKind.ROSTER):
        office = dict(Office.choices).get(target.get("office"), target.get("office"))
        level = dict(TargetLevel.choices).get(target.get("level"), target.get("level"))
        if kind == TargetKind.ROSTER:
            return str(_("Piket %(office)s, %(level)s") % {"office": office, "level": str(level).lower()})
        return f"{office}, {str(level).lower()}"
    return str(dict(TargetKind.choices).get(kind, kind))


class Escalation(models.Model):
    """The escalation of one incident under a policy frozen at its start.

    ``token`` changes whenever the escalation is acknowledged, un-acknowledged or stopped: a task
    carrying an older token does nothing. While ``status`` is active, ``next_due_at`` is when step
    ``next_step`` (0-based, into ``policy_snapshot["steps"]``) must run; a step that is due and has
    not run is exactly an active row with ``next_due_at`` in the past (the auditor's query, on a
    partial index). ``run_count`` counts the step runs so far (EscalationStepRun.sequence 1..n).
    """

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="escalations")
    policy = models.ForeignKey(
        EscalationPolicy,
        verbose_name=_("kebijakan"),
        on_delete=models.SET_NULL,
        related_name="escalations",
        null=True,
        blank=True,
    )
    policy_snapshot = models.JSONField(_("kebijakan saat dimulai"), default=dict)
    token = models.UUIDField(default=uuid.uuid4)
    status = models.CharField(
        _("status"), max_length=15, choices=EscalationStatus.choices, default=EscalationStatus.ACTIVE
    )
    next_step = models.PositiveSmallIntegerField(_("langkah berikutnya"), default=0)
    repeats_done = models.PositiveSmallIntegerField(_("pengulangan langkah terakhir"), default=0)
    run_count = models.PositiveIntegerField(_("jumlah langkah dijalankan"), default=0)
    next_due_at = models.DateTimeField(_("langkah berikutnya pada"), null=True, blank=True)
    # When the step task for next_due_at is expected to start (its countdown); the auditor leaves a
    # step alone for a grace period after this, then enqueues it again.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(_("dimulai"), default=timezone.now)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    start_reason = models.CharField(_("alasan dimulai"), max_length=20, choices=EventKind.choices)
    acknowledged_at = models.DateTimeField(_("dikonfirmasi pada"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikonfirmasi oleh (akun)"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    acknowledged_by_person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("dikonfirmasi oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    acknowledged_via = models.CharField(
        _("dikonfirmasi melalui"), max_length=10, choices=AckVia.choices, blank=True
    )
    ended_at = models.DateTimeField(_("berakhir pada"), null=True, blank=True)
    end_reason = models.CharField(_("alasan berakhir"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("eskalasi")
        verbose_name_plural = _("eskalasi")
        ordering = ["-started_at", "-id"]
        permissions = [
            (
                "acknowledge_escalation",
                _("Dapat mengonfirmasi (dan membatalkan konfirmasi) peringatan eskalasi"),
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_due_at"],
                name="escalation_active_due_idx",
                condition=Q(status=EscalationStatus.ACTIVE),
            ),
            models.Index(fields=["incident", "-started_at"], name="escalation_incident_idx"),
            models.Index(
                fields=["started_at"],
                name="escalation_unacked_idx",
                condition=Q(status__in=[EscalationStatus.ACTIVE, EscalationStatus.EXHAUSTED]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["incident"],
                condition=Q(status__in=list(OPEN_ESCALATION_STATUSES)),
                name="escalation_one_open_per_incident",
            ),
            models.CheckConstraint(
                condition=~Q(status=EscalationStatus.ACTIVE) | Q(next_due_at__isnull=False),
                name="escalation_active_has_due",
            ),
            models.CheckConstraint(
                condition=~Q(status=EscalationStatus.ACKNOWLEDGED) | Q(acknowledged_at__isnull=False),
                name="escalation_acknowledged_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.policy_snapshot.get('name', '')} ({self.get_status_display()})"

    @property
    def group_key(self) -> str:
        """The notifications group of every message of this escalation (cancelled at once on ack)."""
        return escalation_group_key(self.pk)

    @property
    def steps(self) -> list[dict]:
        return self.policy_snapshot.get("steps", [])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ESCALATION_STATUSES

    @property
    def is_unacknowledged(self) -> bool:
        return self.status in (EscalationStatus.ACTIVE, EscalationStatus.EXHAUSTED)

    @property
    def next_step_number(self) -> int | None:
        """1-based number of the step due next (None when nothing is planned)."""
        return self.next_step + 1 if self.status == EscalationStatus.ACTIVE else None

    @property
    def next_step_targets(self) -> list[str]:
        if self.status != EscalationStatus.ACTIVE or self.next_step >= len(self.steps):
            return []
        return [target_label(t) for t in self.steps[self.next_step].get("targets", [])]


def escalation_group_key(escalation_id: int) -> str:
    return f"eskalasi|{escalation_id}"


class EscalationStepRun(models.Model):
    """One executed step of an escalation: when it was due, when it ran, whom it reached and who not.

    ``targets`` holds, per frozen target, its label, the people it resolved to and a gap message when it
    resolved to nobody; ``unreachable`` lists recipients without a notifiable, verified contact point
    (they still get the in-app alert, and the incident page shows them).
    """

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="runs")
    sequence = models.PositiveIntegerField(_("urutan jalan"))
    step_index = models.PositiveSmallIntegerField(_("langkah"))
    repeat = models.PositiveSmallIntegerField(_("pengulangan ke"), default=0)
    due_at = models.DateTimeField(_("jatuh tempo"))
    ran_at = models.DateTimeField(_("dijalankan"))
    lateness_s = models.FloatField(_("keterlambatan (detik)"), default=0)
    targets = models.JSONField(_("sasaran"), default=list)
    recipients = models.JSONField(_("penerima"), default=list)
    unreachable = models.JSONField(_("penerima tanpa kontak"), default=list)
    message_keys = models.JSONField(default=list)

    class Meta:
        verbose_name = _("langkah eskalasi dijalankan")
        verbose_name_plural = _("langkah eskalasi dijalankan")
        ordering = ["escalation", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["escalation", "sequence"], name="escrun_unique_sequence"),
        ]
        indexes = [models.Index(fields=["ran_at"], name="escrun_ran_idx")]

    def __str__(self) -> str:
        return f"{self.escalation_id} #{self.sequence} ({self.ran_at:%Y-%m-%d %H:%M})"

    @property
    def step_number(self) -> int:
        return self.step_index + 1

    @property
    def gaps(self) -> list[str]:
        return [t["gap"] for t in self.targets if t.get("gap")]


class EscalationAckLink(models.Model):
    """A recipient's signed acknowledge link (the nonce of its signature); used at most once."""

    escalation = models.ForeignKey(Escalation, on_delete=models.CASCADE, related_name="ack_links")
    person = models.ForeignKey("stakeholders.Person", on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("tautan konfirmasi")
        verbose_name_plural = _("tautan konfirmasi")
        indexes = [models.Index(fields=["escalation", "person"], name="escacklink_person_idx")]

    def __str__(self) -> str:
        return f"{self.escalation_id} {self.person_id} {self.nonce[:6]}"
