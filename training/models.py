"""The Bimtek: programmes with their agenda, participants, attendance, materials, tests,
evaluations and certificates."""

import re
import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import JobStatus
from core.dates import date_range_check
from core.models import BackgroundJob
from stakeholders.choices import OrgType

from .choices import AttendanceStatus, ImportPhase, ImportStep, RegistrationRole, RegistrationStatus, TestKind

# No 0/O, 1/I/L: codes are typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def random_code(length: int) -> str:
    """An unguessable code from the typing-friendly alphabet (about 5 bits per character)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def code_normalise(code: str | None) -> str:
    """A ticket or certificate code as typed ("6erz mgtt 8679", "6ERZ-MGTT-8679") as stored: upper case,
    without the spaces, dashes, dots and underscores people put between its groups."""
    return re.sub(r"[\s\-_.]+", "", code or "").upper()


def code_is_wellformed(code: str) -> bool:
    """Whether a normalised code could be one of ours (letters and digits only, not too long), so an
    address with anything else is a 404 before it reaches the database."""
    return re.fullmatch(r"[A-Z0-9]{1,20}", code) is not None


def ticket_code_new() -> str:
    return random_code(12)


def certificate_code_new() -> str:
    return random_code(16)


class Programme(models.Model):
    """A Bimtek: one training event with its agenda, quota and rules for certificates."""

    title = models.CharField(_("judul"), max_length=250)
    theme = models.CharField(_("tema"), max_length=250, blank=True)
    organiser = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("penyelenggara"),
        on_delete=models.PROTECT,
        related_name="organised_programmes",
    )
    partners = models.ManyToManyField(
        "stakeholders.Organisation",
        verbose_name=_("mitra"),
        related_name="partnered_programmes",
        blank=True,
    )
    election = models.ForeignKey(
        "regions.Election",
        verbose_name=_("pemilihan"),
        on_delete=models.PROTECT,
        related_name="programmes",
        null=True,
        blank=True,
    )
    venue = models.CharField(_("tempat"), max_length=200)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    lesson_hours = models.PositiveSmallIntegerField(_("jam pelajaran (JP)"), default=0)
    quota = models.PositiveIntegerField(_("kuota peserta"), default=40)
    target_org_types = ArrayField(
        models.CharField(max_length=20, choices=OrgType.choices),
        verbose_name=_("sasaran jenis organisasi"),
        blank=True,
        default=list,
        help_text=_("Kosongkan bila terbuka untuk semua jenis organisasi."),
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("ambang kehadiran (%)"),
        default=80,
        help_text=_("Syarat sertifikat: persentase sesi yang dihadiri."),
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("nilai lulus post-test"), null=True, blank=True, help_text=_("Kosongkan bila tidak disyaratkan.")
    )
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=150, blank=True)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[partners])

    class Meta:
        verbose_name = _("program Bimtek")
        verbose_name_plural = _("program Bimtek")
        ordering = ["-start_date", "title"]
        indexes = [models.Index(fields=["start_date"], name="programme_start_idx")]
        constraints = [
            date_range_check("programme", "start_date"),
            date_range_check("programme", "end_date"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="programme_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(attendance_threshold__lte=100), name="programme_threshold_pct"
            ),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__lte=100), name="programme_pass_mark_pct"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:programme_detail", args=[self.pk])

    def get_target_labels(self) -> list[str]:
        labels = dict(OrgType.choices)
        return [str(labels.get(code, code)) for code in self.target_org_types]


class Batch(models.Model):
    """An angkatan: a group of participants of one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveSmallIntegerField(_("angkatan ke"))
    label = models.CharField(_("nama angkatan"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["programme", "number"]
        constraints = [models.UniqueConstraint(fields=["programme", "number"], name="batch_unique_number")]

    def __str__(self) -> str:
        return self.label or _("Angkatan %(n)s") % {"n": self.number}


class OrgTypeQuota(models.Model):
    """A cap on peserta from one organisation type within a programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="org_type_quotas")
    org_type = models.CharField(_("jenis organisasi"), max_length=20, choices=OrgType.choices)
    quota = models.PositiveIntegerField(_("kuota"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kuota per jenis organisasi")
        verbose_name_plural = _("kuota per jenis organisasi")
        constraints = [
            models.UniqueConstraint(fields=["programme", "org_type"], name="orgtypequota_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_org_type_display()}: {self.quota}"


class Session(models.Model):
    """One item of the agenda: a topic in a room at a time, with trainers and resource speakers."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("tanggal"))
    start_time = models.TimeField(_("jam mulai"))
    end_time = models.TimeField(_("jam selesai"))
    topic = models.CharField(_("materi/topik"), max_length=250)
    room = models.CharField(_("ruang"), max_length=100, blank=True)
    trainers = models.ManyToManyField(
        "stakeholders.Person", verbose_name=_("fasilitator"), related_name="trained_sessions", blank=True
    )
    speakers = models.ManyToManyField(
        "stakeholders.Person", verbose_name=_("narasumber"), related_name="spoken_sessions", blank=True
    )
    history = HistoricalRecords(m2m_fields=[trainers, speakers])

    class Meta:
        verbose_name = _("sesi")
        verbose_name_plural = _("sesi")
        ordering = ["date", "start_time"]
        indexes = [models.Index(fields=["programme", "date", "start_time"], name="session_agenda_idx")]
        constraints = [
            date_range_check("session", "date"),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.start_time:%H.%M}: {self.topic}"


class GuestSpeaker(models.Model):
    """A speaker of a session who is not in the registry (the Sekda opening the Bimtek): name and office."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="guest_speakers")
    name = models.CharField(_("nama"), max_length=150)
    office = models.CharField(_("jabatan dan instansi"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("narasumber tamu")
        verbose_name_plural = _("narasumber tamu")
        ordering = ["session", "order", "id"]
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="guestspeaker_name_required")]

    def __str__(self) -> str:
        return f"{self.name} ({self.office})" if self.office else self.name


class Registration(models.Model):
    """A person taking part in a programme in a role; carries the person's ticket code."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        "stakeholders.Person", on_delete=models.PROTECT, related_name="training_registrations"
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("asal organisasi"),
        on_delete=models.PROTECT,
        related_name="training_registrations",
        null=True,
        blank=True,
    )
    batch = models.ForeignKey(
        Batch, verbose_name=_("angkatan"), on_delete=models.SET_NULL, null=True, blank=True
    )
    role = models.CharField(
        _("peran"), max_length=12, choices=RegistrationRole.choices, default=RegistrationRole.PESERTA
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    ticket_code = models.CharField(_("kode tiket"), max_length=16, unique=True, default=ticket_code_new)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["programme", "person__full_name"]
        indexes = [models.Index(fields=["programme", "role", "status"], name="registration_prog_role_idx")]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="registration_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("training:ticket_detail", args=[self.ticket_code])


class Attendance(models.Model):
    """Whether one registration attended one session; one row per pair."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("kehadiran"), max_length=10, choices=AttendanceStatus.choices)
    checked_in_at = models.DateTimeField(_("waktu check-in"), null=True, blank=True)
    by_scan = models.BooleanField(_("lewat tiket"), default=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")
        indexes = [models.Index(fields=["session", "status"], name="attendance_session_idx")]
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="attendance_unique_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person}: {self.get_status_display()}"


class Material(models.Model):
    """A handout (a private file) or a video link, for a programme or one of its sessions."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="materials")
    session = models.ForeignKey(
        Session,
        verbose_name=_("sesi"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="materials",
    )
    title = models.CharField(_("judul"), max_length=200)
    file = models.FileField(_("berkas"), upload_to="training/materials/", blank=True, max_length=300)
    original_name = models.CharField(_("nama berkas"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveIntegerField(default=0)
    video_url = models.URLField(_("tautan video"), blank=True)
    download_count = models.PositiveIntegerField(_("jumlah unduhan"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["download_count"])

    class Meta:
        verbose_name = _("materi")
        verbose_name_plural = _("materi")
        ordering = ["programme", "created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(video_url=""), name="material_file_or_video"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A multiple-choice question of a programme's question bank (pre- and post-test share it)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="questions")
    text = models.TextField(_("pertanyaan"))
    choices = ArrayField(models.CharField(max_length=300), verbose_name=_("pilihan jawaban"))
    correct_index = models.PositiveSmallIntegerField(_("nomor jawaban benar"))
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("soal")
        verbose_name_plural = _("soal")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class TestAttempt(models.Model):
    """A participant's scored pre- or post-test; one of each per registration."""

    __test__ = False  # not a pytest class

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="test_attempts")
    kind = models.CharField(_("jenis tes"), max_length=4, choices=TestKind.choices)
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)
    correct = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(_("nilai"), max_digits=5, decimal_places=2)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hasil tes")
        verbose_name_plural = _("hasil tes")
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="testattempt_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} {self.get_kind_display()}: {self.score}"


class EvaluationResponse(models.Model):
    """One answer to the evaluation survey for a session (or the whole programme); may be anonymous."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="evaluations")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="evaluations"
    )
    # Empty when the participant chose to answer anonymously.
    registration = models.ForeignKey(
        Registration, on_delete=models.SET_NULL, null=True, blank=True, related_name="evaluations"
    )
    relevance = models.PositiveSmallIntegerField(_("materi relevan dengan tugas"))
    delivery = models.PositiveSmallIntegerField(_("penyampaian fasilitator/narasumber"))
    usefulness = models.PositiveSmallIntegerField(_("manfaat untuk pencegahan konflik"))
    comment = models.TextField(_("saran dan komentar"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("jawaban evaluasi")
        verbose_name_plural = _("jawaban evaluasi")
        constraints = [
            models.CheckConstraint(
                condition=Q(relevance__range=(1, 5))
                & Q(delivery__range=(1, 5))
                & Q(usefulness__range=(1, 5)),
                name="evaluation_likert_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.relevance}/{self.delivery}/{self.usefulness}"


class EvaluationReceipt(models.Model):
    """That a registration answered the survey for a session, kept apart so answers can stay anonymous."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"],
                name="evaluationreceipt_unique",
                nulls_distinct=False,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}/{self.session_id}"


class Certificate(models.Model):
    """A certificate of one registration, verifiable by its code; revoked ones stay, marked."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="certificate")
    code = models.CharField(_("kode verifikasi"), max_length=20, unique=True, default=certificate_code_new)
    pdf = models.FileField(upload_to="training/certificates/", blank=True, max_length=300)
    issued_at = models.DateTimeField(_("diterbitkan"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)
    revoke_reason = models.CharField(_("alasan pencabutan"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""), name="certificate_revoke_reason"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("certificate_verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateJob(BackgroundJob):
    """Issuing certificates for a whole programme in the background (a core job); its progress is polled."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="certificate_jobs")
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    early_reason = models.CharField(_("alasan terbit sebelum Bimtek selesai"), max_length=300, blank=True)

    job_task = "training.tasks.certificate_job_run"
    progress_result_template = "training/partials/certificate_job_result.html"

    class Meta(BackgroundJob.Meta):
        verbose_name = _("proses penerbitan sertifikat")
        verbose_name_plural = _("proses penerbitan sertifikat")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.done}/{self.total}"

    def get_progress_url(self) -> str:
        return reverse("training:certificate_job_progress", args=[self.programme_id, self.pk])


class InvitationSend(models.Model):
    """One press of "kirim undangan/pengingat": when, by whom, to how many participants."""

    class Kind(models.TextChoices):
        UNDANGAN = "undangan", _("Undangan")
        PENGINGAT = "pengingat", _("Pengingat")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="invitation_sends")
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    count = models.PositiveIntegerField(_("jumlah penerima"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("waktu kirim"), auto_now_add=True)

    class Meta:
        verbose_name = _("pengiriman undangan")
        verbose_name_plural = _("pengiriman undangan")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.get_kind_display()} ({self.count})"


class RegistrationImport(BackgroundJob):
    """A file of participants for a programme: read and checked by a core job, then saved all or nothing.

    ``rows`` keeps every data row as checked (line, name, organisation, role, what it matched, its
    errors) and ``errors`` the file-wide problems (quotas); nothing is registered until the user
    confirms a file with neither.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="registration_imports")
    step = models.CharField(_("tahap"), max_length=8, choices=ImportStep.choices, default=ImportStep.CHECK)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file = models.FileField(_("berkas"), upload_to="training/imports/%Y/%m/", max_length=200)
    rows = models.JSONField(_("baris"), default=list, blank=True)
    errors = models.JSONField(_("masalah berkas"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("orang didaftarkan"), default=0)

    progress_refresh_page = True

    class Meta(BackgroundJob.Meta):
        verbose_name = _("impor peserta")
        verbose_name_plural = _("impor peserta")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.original_name}"

    def get_absolute_url(self) -> str:
        return reverse("training:registration_import_detail", args=[self.programme_id, self.pk])

    def get_progress_url(self) -> str:
        return reverse("training:registration_import_progress", args=[self.programme_id, self.pk])

    def job_task_name(self) -> str:
        if self.step == ImportStep.SAVE:
            return "training.tasks.registration_import_save"
        return "training.tasks.registration_import_check"

    @property
    def phase(self) -> str:
        if self.status == JobStatus.FAILED:
            return ImportPhase.FAILED
        if self.is_active:
            return ImportPhase.SAVING if self.step == ImportStep.SAVE else ImportPhase.CHECKING
        if self.step == ImportStep.SAVE:
            return ImportPhase.DONE
        rejected = self.errors or any(row.get("errors") for row in self.rows)
        return ImportPhase.INVALID if rejected else ImportPhase.READY

    def get_phase_display(self) -> str:
        return ImportPhase(self.phase).label
