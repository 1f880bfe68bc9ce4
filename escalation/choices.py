"""Vocabulary of escalation: its life, whom a step notifies, how it was acknowledged."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from incidents.choices import Status


class EscalationStatus(models.TextChoices):
    """Life of an escalation: active -> acknowledged | exhausted | stopped (acknowledged <-> active by un-ack)."""

    ACTIVE = "aktif", _("Berjalan")
    ACKNOWLEDGED = "dikonfirmasi", _("Dikonfirmasi")
    EXHAUSTED = "habis", _("Semua langkah dijalankan, belum dikonfirmasi")
    STOPPED = "dihentikan", _("Dihentikan")


# Escalations still "open": a person may acknowledge (or un-acknowledge) them; one per incident.
OPEN_ESCALATION_STATUSES = (
    EscalationStatus.ACTIVE,
    EscalationStatus.ACKNOWLEDGED,
    EscalationStatus.EXHAUSTED,
)
# Incident statuses that stop an escalation.
ESCALATION_STOP_STATUSES = (Status.DITOLAK, Status.SELESAI, Status.DITUTUP)


class TargetKind(models.TextChoices):
    """Whom a step of an escalation policy notifies, resolved for the incident's area on the day."""

    TIGA_PILAR_DESA = "tiga_pilar_desa", _("Tiga Pilar desa/kelurahan kejadian")
    FORKOPIMCAM = "forkopimcam", _("Forkopimcam kecamatan kejadian")
    FORKOPIMDA = "forkopimda", _("Forkopimda kabupaten")
    TIM_TERPADU = "tim_terpadu", _("Tim Terpadu PKS kabupaten")
    OFFICE = "jabatan", _("Pemegang jabatan di wilayah kejadian")
    ROSTER = "piket", _("Petugas piket di wilayah kejadian")
    PERSON = "orang", _("Orang tertentu")


# Forum targets and the forum kind each resolves to.
FORUM_TARGETS = {
    TargetKind.TIGA_PILAR_DESA: "tiga_pilar_desa",
    TargetKind.FORKOPIMCAM: "forkopimcam",
    TargetKind.FORKOPIMDA: "forkopimda",
    TargetKind.TIM_TERPADU: "tim_terpadu",
}


class TargetLevel(models.TextChoices):
    """The level of the incident's area at which an office or roster target is looked up."""

    DESA = "desa", _("Desa/kelurahan kejadian")
    KECAMATAN = "kecamatan", _("Kecamatan kejadian")
    KABUPATEN = "kabupaten", _("Kabupaten")


class AckVia(models.TextChoices):
    """How an escalation was acknowledged."""

    LINK = "tautan", _("Tautan dalam pesan")
    APP = "aplikasi", _("Di aplikasi")
    # From the channel itself (intake): Telegram's button, WhatsApp's quick reply, an SMS "OK".
    TELEGRAM = "telegram", _("Tombol di Telegram")
    WHATSAPP = "whatsapp", _("Balasan di WhatsApp")
    SMS = "sms", _("Balasan SMS")
