"""Vocabulary of the Bimtek: roles, statuses, attendance, tests, issuing jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistrationRole(models.TextChoices):
    """What a person does in a programme; only peserta count against the quota."""

    PESERTA = "peserta", _("Peserta")
    FASILITATOR = "fasilitator", _("Fasilitator")
    NARASUMBER = "narasumber", _("Narasumber")
    PANITIA = "panitia", _("Panitia")


STAFF_ROLES = frozenset({RegistrationRole.FASILITATOR, RegistrationRole.NARASUMBER, RegistrationRole.PANITIA})


class RegistrationStatus(models.TextChoices):
    """Where a registration stands."""

    INVITED = "invited", _("Diundang")
    REGISTERED = "registered", _("Terdaftar")
    CONFIRMED = "confirmed", _("Terkonfirmasi")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Mengundurkan diri")


# Registrations that hold a seat (count against the quota, may check in).
ACTIVE_STATUSES = (RegistrationStatus.INVITED, RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED)


class AttendanceStatus(models.TextChoices):
    """Attendance of one participant at one session."""

    HADIR = "hadir", _("Hadir")
    TERLAMBAT = "terlambat", _("Terlambat")
    IZIN = "izin", _("Izin")
    ABSEN = "absen", _("Absen")


PRESENT_STATUSES = (AttendanceStatus.HADIR, AttendanceStatus.TERLAMBAT)


class TestKind(models.TextChoices):
    """Pre-test before the programme, post-test after it."""

    PRE = "pre", _("Pre-test")
    POST = "post", _("Post-test")


TestKind.__test__ = False  # not a pytest class


# Tiga Pilar seats whose training coverage is reported per kecamatan.
TIGA_PILAR_OFFICES = ("kepala_desa", "lurah", "bhabinkamtibmas", "babinsa", "camat", "kapolsek", "danramil")
ELECTION_BODY_ORG_TYPES = ("kpu", "bawaslu")


class ImportStep(models.TextChoices):
    """The step a participant import's background job runs: checking every row, or saving them all."""

    CHECK = "periksa", _("Pemeriksaan")
    SAVE = "simpan", _("Penyimpanan")


class ImportPhase(models.TextChoices):
    """Where a participant import stands for its user (from its step, job status and errors; not stored)."""

    CHECKING = "checking", _("Sedang diperiksa")
    INVALID = "invalid", _("Ada masalah")
    READY = "ready", _("Siap disimpan")
    SAVING = "saving", _("Sedang disimpan")
    DONE = "done", _("Tersimpan")
    FAILED = "failed", _("Gagal")
