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
    # A partner system's URL (the webhooks app): no person, a signed JSON POST.
    WEBHOOK = "webhook", _("Webhook")
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


class FailureReason(models.TextChoices):
    """Why a delivery failed, in words a coordinator understands; the raw error stays in the log.

    Channels classify each provider error (exception class, HTTP status, the provider's own error
    code) into one of these when they raise; docs/reference/notifications.md has the table.
    """

    NO_ACCOUNT = "no_account", _("Tidak punya akun aktif di aplikasi")
    NO_CONTACT = "no_contact", _("Tidak ada kontak terverifikasi yang boleh dikirimi notifikasi")
    NOT_CONFIGURED = "not_configured", _("Kanal ini belum disiapkan di server (hubungi administrator)")
    TIMEOUT = "timeout", _("Penyedia tidak menjawab tepat waktu")
    UNREACHABLE = "unreachable", _("Server penyedia tidak dapat dihubungi")
    RATE_LIMITED = "rate_limited", _("Penyedia menolak sementara karena terlalu banyak pesan")
    PROVIDER_DOWN = "provider_down", _("Layanan penyedia sedang bermasalah")
    CREDENTIALS = "credentials", _("Kunci atau token penyedia ditolak (hubungi administrator)")
    ADDRESS_REJECTED = "address_rejected", _("Alamat atau nomor tujuan ditolak penyedia")
    BLOCKED = "blocked", _("Penerima memblokir bot atau belum pernah memulai percakapan dengannya")
    OUTSIDE_WINDOW = (
        "outside_window",
        _("WhatsApp menolak pesan bebas di luar 24 jam sejak pesan terakhir penerima (perlu templat)"),
    )
    REJECTED = "rejected", _("Pesan ditolak penyedia")
    BAD_ANSWER = "bad_answer", _("Jawaban penyedia tidak dapat dibaca")
    UNKNOWN_OUTCOME = (
        "unknown_outcome",
        _("Hasil tidak diketahui (pengiriman terputus); tidak diulang di kanal ini agar tidak dobel"),
    )
    NOT_DELIVERED = "not_delivered", _("Penyedia melaporkan pesan tidak sampai ke penerima")
    ENDPOINT_GONE = "endpoint_gone", _("Langganan webhook sudah dijeda atau dihapus")
    REDIRECTED = "redirected", _("Server penerima mengalihkan ke alamat lain; alihan tidak diikuti")
    OTHER = "other", _("Gagal karena sebab lain (rincian di log pengiriman)")


class Reach(models.TextChoices):
    """Whether a message reached a person, from all of that person's deliveries of it (see ``person_reach``).

    Reached: a provider accepted or delivered it on an external channel (Telegram, WhatsApp, SMS,
    email: status sent or delivered), or the person read it in the app (in-app sent, which needs an
    active account, and the inbox item read). Waiting: not reached yet, and a delivery is still queued
    or being sent, or the in-app item waits unread in an active account. Not reached: everything else,
    i.e. every delivery failed or was cancelled, or there was none.
    """

    REACHED = "terjangkau", _("Terjangkau")
    WAITING = "menunggu", _("Menunggu")
    NOT_REACHED = "tidak_terjangkau", _("Tidak terjangkau")


EXTERNAL_CHANNELS = (Channel.EMAIL, Channel.TELEGRAM, Channel.WHATSAPP, Channel.SMS)


class Urgency(models.TextChoices):
    """How urgent a message is; shown to the recipient and in the log."""

    NORMAL = "normal", _("Biasa")
    # Not "Tinggi"/"Kritis": those name severity levels 4 and 5 (DOMAIN 6.4), and a severity 4 alert
    # is sent with the highest urgency.
    HIGH = "high", _("Segera")
    CRITICAL = "critical", _("Sangat segera")


class AttemptOutcome(models.TextChoices):
    """What one call to a provider came to."""

    SENT = "sent", _("Terkirim")
    TRANSIENT = "transient", _("Gagal sementara")
    PERMANENT = "permanent", _("Gagal tetap")
    NOT_CONFIGURED = "not_configured", _("Kanal belum dikonfigurasi")
    UNKNOWN = "unknown", _("Hasil tidak diketahui")


class BroadcastAudience(models.TextChoices):
    """Whom an administrator's broadcast goes to."""

    FORUM = "forum", _("Satu forum (pemegang kursinya hari ini)")
    OFFICE = "jabatan", _("Satu jabatan di semua wilayah Anda")
    PEOPLE = "orang", _("Daftar orang yang dipilih")
