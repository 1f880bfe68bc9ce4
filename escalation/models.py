"""Escalation policies and their steps and targets, the escalations they start, step runs and acknowledge links.

Moved from ``incidents`` with their tables (migrations 0001-0002); the engine that writes them is in
``services``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from incidents.choices import EventKind, Severity, Track
from stakeholders.choices import Office

from .choices import OPEN_ESCALATION_STATUSES, AckVia, EscalationStatus, TargetKind, TargetLevel

# Upper bound of EscalationPolicy.max_repeats: a repeating last step always ends.
MAX_POLICY_REPEATS = 20


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
        "incidents.IncidentCategory",
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

    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="escalations")
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
    # When the timeline was told who this run reached: once every delivery of it had settled.
    reach_noted_at = models.DateTimeField(_("hasil dicatat"), null=True, blank=True)
    # Once noted: the recipients no delivery reached ({"id", "name", "reasons"}), and the area's
    # operators who were told about them (ids); the dashboard and the situation report read these.
    not_reached = models.JSONField(_("penerima tidak terjangkau"), default=list, blank=True)
    operators_told = models.JSONField(_("operator yang diberi tahu"), default=list, blank=True)

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


class AlertGroupRule(models.Model):
    """When a new report joins an open alert group instead of starting an escalation of its own.

    A report joins a group when an active rule covers both categories (the same category, or both in
    the rule's categories: "related"), the place matches (the same desa/kelurahan, or, with
    ``distance_m``, both reports' coordinates within that distance) and the group's last report is at
    most ``window_minutes`` old. Data like the policies: administrators edit them, history is kept.

    Each kabupaten keeps its own rules: a rule with an ``area`` (a kabupaten/kota) groups only that
    kabupaten's reports, and only into groups of its reports; a rule without holds in every kabupaten
    served and is the installation's administrators' to edit.
    """

    name = models.CharField(_("nama"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=True)
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("kabupaten/kota"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Kosong: berlaku di setiap kabupaten/kota yang dilayani."),
    )
    categories = models.ManyToManyField(
        "incidents.IncidentCategory",
        verbose_name=_("kategori yang saling terkait"),
        blank=True,
        related_name="+",
        help_text=_("Kosong: hanya laporan dengan kategori yang sama yang digabung."),
    )
    window_minutes = models.PositiveIntegerField(
        _("jendela waktu (menit)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_("Laporan baru digabung bila laporan terakhir kelompok paling lama selama ini."),
    )
    distance_m = models.PositiveIntegerField(
        _("jarak maksimal (meter)"),
        default=0,
        validators=[MaxValueValidator(50_000)],
        help_text=_(
            "0: hanya desa/kelurahan yang sama. Lebih dari 0: juga laporan berkoordinat dalam jarak ini."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aturan kelompok peringatan")
        verbose_name_plural = _("aturan kelompok peringatan")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_minutes__gte=1, window_minutes__lte=24 * 60),
                name="alertrule_window_bounded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from regions.choices import AdminLevel

        super().clean()
        if self.area is not None and self.area.level != AdminLevel.KABUPATEN:
            raise ValidationError({"area": [_("Pilih sebuah kabupaten/kota.")]})

    def holds_in(self, area_code: str) -> bool:
        """Whether the rule applies to a report of this area (code): installation-wide, or its kabupaten."""
        from regions.selectors import code_within

        return self.area is None or code_within(area_code, self.area.code)


class AlertGroupStatus(models.TextChoices):
    OPEN = "terbuka", _("Terbuka")
    CLOSED = "ditutup", _("Ditutup")


class AlertGroup(models.Model):
    """Reports of one event: the primary report's escalation pages people, the others are updates.

    ``severity`` is the highest of its members; ``last_report_at`` the latest member's report time
    (the window runs from it).
    """

    rule = models.ForeignKey(
        AlertGroupRule,
        verbose_name=_("aturan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    primary = models.ForeignKey(
        "incidents.Incident", verbose_name=_("laporan utama"), on_delete=models.CASCADE, related_name="+"
    )
    area_code = models.CharField(_("kode wilayah"), max_length=13)
    severity = models.PositiveSmallIntegerField(_("tingkat keparahan tertinggi"), choices=Severity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=AlertGroupStatus.choices, default=AlertGroupStatus.OPEN
    )
    opened_at = models.DateTimeField(_("dibuka"), default=timezone.now)
    last_report_at = models.DateTimeField(_("laporan terakhir"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kelompok peringatan")
        verbose_name_plural = _("kelompok peringatan")
        ordering = ["-last_report_at", "-id"]
        indexes = [
            models.Index(
                fields=["last_report_at"], name="alertgroup_open_idx", condition=Q(status="terbuka")
            ),
        ]

    def __str__(self) -> str:
        return str(_("Kelompok %(number)s") % {"number": self.primary.number})


class AlertGroupMember(models.Model):
    """A report in a group; ``left_at`` set when an operator split it out (it escalates on its own)."""

    group = models.ForeignKey(AlertGroup, on_delete=models.CASCADE, related_name="members")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(_("bergabung"), default=timezone.now)
    left_at = models.DateTimeField(_("dipisahkan"), null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )

    class Meta:
        verbose_name = _("anggota kelompok peringatan")
        verbose_name_plural = _("anggota kelompok peringatan")
        ordering = ["group", "joined_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident"],
                condition=Q(left_at__isnull=True),
                name="alertmember_one_group_per_incident",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group_id} {self.incident_id}"
