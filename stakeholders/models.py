"""The stakeholder registry: organisations, people, contact points, positions, forums, rosters."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import JobStatus
from core.dates import date_range_check
from core.imports.parsers import person_name_display
from core.models import BackgroundJob

from .choices import (
    SINGLE_HOLDER_OFFICES,
    AccountEventKind,
    ActingKind,
    ContactKind,
    ForumKind,
    GrantStatus,
    ImportKind,
    ImportPhase,
    ImportStep,
    NonActiveKind,
    Office,
    OrgType,
)


class Organisation(models.Model):
    """An organisation (Polres, Koramil, KPU, a desa government...) covering an area."""

    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=60, blank=True)
    org_type = models.CharField(_("jenis"), max_length=20, choices=OrgType.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("induk"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("wilayah kerja"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["org_type", "name"], name="org_type_name_idx"),
            models.Index(Upper("name"), name="org_upper_name_idx"),
            # Word-prefix search on the name (selectors.name_search_q) without pg_trgm.
            GinIndex(SearchVector("name", config="simple"), name="org_name_fts_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["name", "area"], name="org_unique_name_per_area"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | ~Q(parent=models.F("id")), name="org_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:organisation_detail", args=[self.pk])


class Person(models.Model):
    """A person in the registry; optionally the owner of a user account."""

    full_name = models.CharField(_("nama lengkap"), max_length=150)
    honorific = models.CharField(_("pangkat/gelar"), max_length=60, blank=True)
    # Academic degrees written after the name ("S.H., M.Si"); the front titles are ``honorific``.
    degrees = models.CharField(_("gelar belakang"), max_length=60, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        on_delete=models.SET_NULL,
        related_name="person",
        null=True,
        blank=True,
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("orang")
        verbose_name_plural = _("orang")
        ordering = ["full_name"]
        indexes = [
            models.Index(Upper("full_name"), name="person_upper_name_idx"),
            GinIndex(SearchVector("full_name", config="simple"), name="person_name_fts_idx"),
            # The directory's order: pages deep into the list walk the index instead of sorting.
            models.Index(fields=["full_name", "id"], name="person_name_order_idx"),
        ]
        permissions = [
            ("manage_account", _("Dapat membuat, menonaktifkan dan memulihkan akun pengguna orang")),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:person_detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        """Front titles, name, back degrees: "Drs. H. Ahmad Yani, M.Si" (a degree kept among the front
        titles by older data is shown behind the name too)."""
        return person_name_display(self.honorific, self.full_name, self.degrees)


class ContactPoint(models.Model):
    """A way to reach a person. Phone and WhatsApp numbers are stored as +62 E.164."""

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.CASCADE, related_name="contact_points"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=ContactKind.choices)
    value = models.CharField(_("alamat/nomor"), max_length=254)
    verified = models.BooleanField(_("terverifikasi"), default=False)
    notifiable = models.BooleanField(_("boleh dikirimi notifikasi"), default=True)
    preference = models.PositiveSmallIntegerField(_("urutan preferensi"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kontak")
        verbose_name_plural = _("kontak")
        ordering = ["person", "preference", "id"]
        indexes = [models.Index(fields=["kind", "value"], name="contact_kind_value_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "value"], name="contact_unique_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"


# Office labels (lazy) by value, for Position.get_office_display.
OFFICE_LABELS = dict(Office.choices)


class Position(models.Model):
    """A person holding an office in an organisation for an area, from a date, maybe until one.

    History is kept: a position that ends gets an end date, never a new holder.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="positions"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="positions"
    )
    office = models.CharField(_("jabatan"), max_length=30, choices=Office.choices)
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="positions"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True)
    acting = models.CharField(
        _("status jabatan"), max_length=3, choices=ActingKind.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        ordering = ["office", "start_date"]
        indexes = [
            models.Index(fields=["office", "area", "start_date"], name="position_office_area_idx"),
            models.Index(fields=["person", "end_date"], name="position_person_idx"),
            models.Index(fields=["area", "office"], name="position_area_office_idx"),
        ]
        constraints = [
            date_range_check("position", "start_date"),
            date_range_check("position", "end_date", null=True),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_ends_after_start",
            ),
            # The database's guarantee for the common case; overlapping dated
            # terms are refused by services.position_assign.
            models.UniqueConstraint(
                fields=["office", "area"],
                condition=Q(end_date__isnull=True, acting="", office__in=sorted(SINGLE_HOLDER_OFFICES)),
                name="position_one_open_definitive_holder",
            ),
        ]

    def __str__(self) -> str:
        acting = f"{self.get_acting_display()} " if self.acting else ""
        return f"{acting}{self.get_office_display()} {self.area.name} - {self.person}"

    def get_office_display(self) -> str:
        """The office's label, as Django's ``get_office_display`` gives it, from a table made once:
        Django's builds a dict of every office's label on each call, translating all 67 of them to hash
        them (about a millisecond a call; 32 calls on a directory page)."""
        return force_str(OFFICE_LABELS.get(self.office, self.office), strings_only=True)


class NonActivePeriod(models.Model):
    """A period in which a position's holder is non-active without losing the office: on campaign leave
    (*cuti kampanye*), on leave, or suspended. While it runs, the position gives no access and receives no
    alerts or forum seat; the acting holder (a Pjs, Plt or Plh position) does (selectors.position_active_q).
    """

    position = models.ForeignKey(
        Position, verbose_name=_("jabatan"), on_delete=models.CASCADE, related_name="non_active_periods"
    )
    kind = models.CharField(_("jenis"), max_length=25, choices=NonActiveKind.choices)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True, help_text=_("Kosong: belum ditentukan."))
    reason = models.CharField(_("alasan/dasar"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dicatat oleh"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dicatat pada"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("masa nonaktif")
        verbose_name_plural = _("masa nonaktif")
        ordering = ["position", "start_date"]
        indexes = [models.Index(fields=["position", "start_date", "end_date"], name="nonactive_lookup_idx")]
        constraints = [
            date_range_check("nonactiveperiod", "start_date"),
            date_range_check("nonactiveperiod", "end_date", null=True),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="nonactive_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.end_date:%d/%m/%Y}" if self.end_date else "…"
        return f"{self.get_kind_display()} {self.start_date:%d/%m/%Y}-{until}: {self.position}"


class PositionRequest(models.Model):
    """A privileged office (one whose role covers the whole kabupaten) granted by one kabupaten
    administrator and waiting for a second one; the position exists only once approved.
    """

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="position_requests"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisasi"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.CharField(_("jabatan"), max_length=30, choices=Office.choices)
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("sampai"), null=True, blank=True)
    acting = models.CharField(
        _("status jabatan"), max_length=3, choices=ActingKind.choices, blank=True, default=""
    )
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diajukan oleh"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("diajukan pada"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.CharField(_("alasan penolakan"), max_length=300, blank=True)
    position = models.OneToOneField(
        Position,
        verbose_name=_("jabatan tercatat"),
        on_delete=models.PROTECT,
        related_name="request",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("permohonan jabatan")
        verbose_name_plural = _("permohonan jabatan")
        ordering = ["-requested_at"]
        permissions = [
            ("approve_positionrequest", _("Dapat menyetujui atau menolak permohonan jabatan istimewa")),
        ]
        indexes = [models.Index(fields=["status", "requested_at"], name="posrequest_status_idx")]
        constraints = [
            date_range_check("positionrequest", "start_date"),
            date_range_check("positionrequest", "end_date", null=True),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="posrequest_ends_after_start",
            ),
            # Decided exactly when not pending; approved exactly when a position was recorded.
            models.CheckConstraint(
                condition=(
                    Q(status=GrantStatus.PENDING) & Q(decided_by__isnull=True, decided_at__isnull=True)
                )
                | (~Q(status=GrantStatus.PENDING) & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="posrequest_decided_unless_pending",
            ),
            models.CheckConstraint(
                condition=Q(status=GrantStatus.APPROVED, position__isnull=False)
                | (~Q(status=GrantStatus.APPROVED) & Q(position__isnull=True)),
                name="posrequest_position_iff_approved",
            ),
            # A second administrator: never the one who asked.
            models.CheckConstraint(
                condition=~Q(status=GrantStatus.APPROVED) | ~Q(decided_by=models.F("requested_by")),
                name="posrequest_approved_by_another",
            ),
        ]

    def __str__(self) -> str:
        acting = f"{self.get_acting_display()} " if self.acting else ""
        return f"{acting}{self.get_office_display()} {self.area.name} - {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:positionrequest_list")


class Forum(models.Model):
    """A coordination forum for an area (Tiga Pilar desa, Forkopimcam, Forkopimda, ...)."""

    kind = models.CharField(_("jenis forum"), max_length=20, choices=ForumKind.choices)
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="forums"
    )
    name = models.CharField(_("nama"), max_length=200)
    legal_basis = models.CharField(_("dasar hukum (SK)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("forum")
        verbose_name_plural = _("forum")
        ordering = ["kind", "area__code"]
        constraints = [models.UniqueConstraint(fields=["kind", "area"], name="forum_unique_kind_per_area")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:forum_detail", args=[self.pk])


class ForumSeat(models.Model):
    """A seat in a forum, filled by whoever holds the office for the forum's area on a given day."""

    forum = models.ForeignKey(Forum, verbose_name=_("forum"), on_delete=models.CASCADE, related_name="seats")
    office = models.CharField(_("jabatan"), max_length=30, choices=Office.choices)
    label = models.CharField(_("sebutan kursi"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=1)
    required = models.BooleanField(_("wajib terisi"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kursi forum")
        verbose_name_plural = _("kursi forum")
        ordering = ["forum", "order"]
        constraints = [models.UniqueConstraint(fields=["forum", "office"], name="forumseat_unique_office")]

    def __str__(self) -> str:
        return self.label or self.get_office_display()


class DutyRoster(models.Model):
    """A duty shift (piket): who is on call for an office's duties in an area in a time window."""

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    office = models.CharField(_("tugas"), max_length=30, choices=Office.choices)
    area = models.ForeignKey(
        "regions.AdminUnit", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="duty_shifts"
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    note = models.CharField(_("keterangan"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("piket")
        verbose_name_plural = _("piket")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["office", "area", "starts_at", "ends_at"], name="roster_lookup_idx")]
        constraints = [
            date_range_check("dutyroster", "starts_at", datetime_field=True),
            date_range_check("dutyroster", "ends_at", datetime_field=True),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="roster_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} {self.area.name}: {self.person}"


class ImportJob(BackgroundJob):
    """An uploaded CSV/XLSX file, its parsed rows, the row-by-row errors and where the import stands.

    Rows are kept as text so a rejected row can be corrected in the preview;
    nothing reaches the registry until every row passes and the whole file is
    saved in one transaction. It is a core background job run in two steps:
    checking (``step`` periksa) and saving (simpan); ``phase`` says what the
    user sees.
    """

    kind = models.CharField(_("jenis impor"), max_length=12, choices=ImportKind.choices)
    step = models.CharField(_("tahap"), max_length=8, choices=ImportStep.choices, default=ImportStep.CHECK)
    original_name = models.CharField(_("nama berkas"), max_length=255)
    file = models.FileField(_("berkas"), upload_to="imports/%Y/%m/")
    sheet = models.CharField(_("lembar kerja"), max_length=100, blank=True)
    sheet_names = models.JSONField(_("lembar kerja di berkas"), default=list, blank=True)
    # The file's own header cells, the spreadsheet row they are on, and {"<position>": "<column key>"}
    # ("" = ignored); the keys mapped, in order, are ``columns``.
    header = models.JSONField(_("kepala kolom berkas"), default=list, blank=True)
    header_line = models.PositiveIntegerField(_("baris kepala kolom"), default=1)
    mapping = models.JSONField(_("pemetaan kolom"), default=dict, blank=True)
    columns = models.JSONField(_("kolom"), default=list)
    # Each row as the text of its cells, and its row number in the spreadsheet.
    rows = models.JSONField(_("baris"), default=list)
    lines = models.JSONField(_("nomor baris"), default=list, blank=True)
    # {"<row index>": [{"kind", "message", "column", "value", "suggestion"}, ...]}; 0-based into rows.
    errors = models.JSONField(_("kesalahan"), default=dict, blank=True)
    # {"<row index>": ["note", ...]}: values understood with an assumption the clerk should see.
    notes = models.JSONField(_("catatan pemeriksaan"), default=dict, blank=True)
    # Problems of the whole file (a required column not mapped): nothing can be saved.
    file_problems = models.JSONField(_("masalah berkas"), default=list, blank=True)
    skipped_empty = models.PositiveIntegerField(_("baris kosong dilewati"), default=0)
    skipped_title = models.PositiveIntegerField(_("baris judul dilewati"), default=0)
    # Update mode: a row for a single-holder office that already has a holder records a change of
    # holder (the old position ends the day before the new one starts) instead of being refused.
    replace_holders = models.BooleanField(_("catat pergantian pemegang jabatan"), default=False)
    # Rows that are probably a person already known: {"<row index>": {"label": who, "line": the
    # earlier row of the file or null}}; and the clerk's answer by spreadsheet row number
    # {"<line>": "merge" | "new"} (kept by line, so leaving a row out does not move it).
    matches = models.JSONField(_("mungkin orang yang sama"), default=dict, blank=True)
    decisions = models.JSONField(_("keputusan gabung"), default=dict, blank=True)
    # What saving did (or, after a check, would do): people created, rows unchanged, ...
    counts = models.JSONField(_("ringkasan"), default=dict, blank=True)
    created_count = models.PositiveIntegerField(_("baris tersimpan"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("diunggah oleh"), on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    progress_refresh_page = True

    class Meta(BackgroundJob.Meta):
        verbose_name = _("impor")
        verbose_name_plural = _("impor")
        ordering = ["-created_at"]
        indexes = [
            *BackgroundJob.Meta.indexes,
            models.Index(fields=["created_by", "-created_at"], name="importjob_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_phase_display()})"

    def get_absolute_url(self) -> str:
        return reverse("stakeholders:import_detail", args=[self.pk])

    def get_progress_url(self) -> str:
        return reverse("stakeholders:import_progress", args=[self.pk])

    def job_task_name(self) -> str:
        if self.step == ImportStep.SAVE:
            return "stakeholders.import_job_commit"
        return "stakeholders.import_job_validate"

    @property
    def phase(self) -> str:
        if self.status == JobStatus.FAILED:
            return ImportPhase.FAILED
        if self.is_active:
            return ImportPhase.COMMITTING if self.step == ImportStep.SAVE else ImportPhase.VALIDATING
        if self.step == ImportStep.SAVE:
            return ImportPhase.DONE
        return ImportPhase.INVALID if self.errors or self.file_problems else ImportPhase.READY

    def get_phase_display(self) -> str:
        return ImportPhase(self.phase).label

    @property
    def busy(self) -> bool:
        return self.is_active


class AccountEvent(models.Model):
    """Something done to a person's user account (created, disabled, password reset...): append-only."""

    person = models.ForeignKey(
        Person, verbose_name=_("orang"), on_delete=models.PROTECT, related_name="account_events"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("akun pengguna"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    kind = models.CharField(_("kejadian"), max_length=20, choices=AccountEventKind.choices)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("kejadian akun")
        verbose_name_plural = _("kejadian akun")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["person", "-created_at"], name="accountevent_person_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class AccountCode(models.Model):
    """A one-time code an administrator gave a user to set a new password: stored hashed, shown once,
    valid until it expires, used once, void after a few wrong tries.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("akun pengguna"), on_delete=models.CASCADE, related_name="+"
    )
    code_hash = models.CharField(_("kode (tersandi)"), max_length=128)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dibuat oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("dibuat pada"), default=timezone.now)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai pada"), null=True, blank=True)
    voided_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(_("percobaan gagal"), default=0)

    class Meta:
        verbose_name = _("kode pemulihan akun")
        verbose_name_plural = _("kode pemulihan akun")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="accountcode_user_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="accountcode_expires_later"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d/%m/%Y %H:%M})"
