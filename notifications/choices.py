"""Vocabulary of delivery: channels, delivery states, urgency."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import ContactKind


class Channel(models.TextChoices):
    """Ways a message reaches a person. NONE marks a recipient nobody could reach."""

    IN_APP = "in_app", _("Di aplikasi")
    EMAIL = "email", _("Email")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")
    NONE = "none", _("Tanpa kontak")


# The channel each kind of contact point is delivered on.
CONTACT_CHANNEL: dict[str, str] = {
    ContactKind.EMAIL: Channel.EMAIL,
    ContactKind.TELEGRAM: Channel.TELEGRAM,
    ContactKind.WHATSAPP: Channel.WHATSAPP,
    ContactKind.PHONE: Channel.SMS,
}


class DeliveryStatus(models.TextChoices):
    """Life of a delivery: queued -> sending -> sent (-> delivered) | failed | cancelled."""

    QUEUED = "queued", _("Antre")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    DELIVERED = "delivered", _("Diterima")
    FAILED = "failed", _("Gagal")
    CANCELLED = "cancelled", _("Dibatalkan")


PENDING_STATUSES = (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)
FINAL_STATUSES = (
    DeliveryStatus.SENT,
    DeliveryStatus.DELIVERED,
    DeliveryStatus.FAILED,
    DeliveryStatus.CANCELLED,
)


class Urgency(models.TextChoices):
    """How urgent a message is; shown to the recipient and in the log."""

    NORMAL = "normal", _("Biasa")
    HIGH = "high", _("Tinggi")
    CRITICAL = "critical", _("Kritis")


class AttemptOutcome(models.TextChoices):
    """What one call to a provider came to."""

    SENT = "sent", _("Terkirim")
    TRANSIENT = "transient", _("Gagal sementara")
    PERMANENT = "permanent", _("Gagal tetap")
    NOT_CONFIGURED = "not_configured", _("Kanal belum dikonfigurasi")
    UNKNOWN = "unknown", _("Hasil tidak diketahui")
