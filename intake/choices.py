"""Vocabulary of intake: the channels reports arrive on, what became of a call, a message, an intake."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeChannel(models.TextChoices):
    """Where an inbound report or webhook call came from."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    TELEGRAM = "telegram", _("Telegram")
    WEB = "web", _("Formulir publik")
    KOBO = "kobo", _("KoboToolbox/ODK")
    APP = "app", _("Formulir lapangan (aplikasi)")


class SignatureCheck(models.TextChoices):
    """The result of checking a call's signature or secret when it arrived."""

    VALID = "sah", _("Sah")
    INVALID = "tidak_sah", _("Tidak sah")
    MISSING = "tidak_ada", _("Tidak ada")
    NOT_REQUIRED = "tidak_perlu", _("Tidak diperlukan")


class CallOutcome(models.TextChoices):
    """What became of one HTTP call (or one polled update) as a whole."""

    RECEIVED = "diterima", _("Diterima, belum diproses")
    PROCESSED = "diproses", _("Diproses")
    FORGED = "ditolak_tanda_tangan", _("Ditolak: tanda tangan/rahasia tidak sah")
    MALFORMED = "tak_terbaca", _("Tidak dapat dibaca")
    IGNORED = "diabaikan", _("Tidak berisi pesan (diabaikan)")


class MessageOutcome(models.TextChoices):
    """What became of one inbound message."""

    PENDING = "menunggu", _("Menunggu diproses")
    REPORT = "laporan", _("Laporan dibuat")
    UNVERIFIED = "belum_terverifikasi", _("Masuk antrean belum terverifikasi")
    ACKNOWLEDGED = "konfirmasi", _("Konfirmasi peringatan")
    CONVERSATION = "percakapan", _("Bagian percakapan")
    ANSWERED = "dijawab", _("Dijawab (status, bantuan)")
    INVALID = "format_salah", _("Format salah; pengirim diberi tahu")
    RATE_LIMITED = "dibatasi", _("Dibatasi: terlalu banyak pesan dari pengirim ini")
    IGNORED = "diabaikan", _("Diabaikan")
    ERROR = "galat", _("Galat saat diproses (rincian di log)")


class IntakeStatus(models.TextChoices):
    """Life of an unverified intake: waiting -> accepted (a report) | merged (into one) | rejected."""

    PENDING = "menunggu", _("Menunggu")
    ACCEPTED = "diterima", _("Diterima")
    MERGED = "digabung", _("Digabung")
    REJECTED = "ditolak", _("Ditolak")


class ReplyStatus(models.TextChoices):
    """Life of an answer to a sender: queued -> sending -> sent | failed."""

    QUEUED = "antre", _("Antre")
    SENDING = "dikirim", _("Sedang dikirim")
    SENT = "terkirim", _("Terkirim")
    FAILED = "gagal", _("Gagal")
