"""Messages, their deliveries per person and channel, each attempt, the in-app inbox and the local outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AttemptOutcome, BroadcastAudience, Channel, DeliveryStatus, FailureReason, Urgency


class Message(models.Model):
    """One thing to tell people; its idempotency key makes a second send of the same thing a no-op."""

    text = models.CharField(_("teks singkat"), max_length=500)
    long_text = models.TextField(_("teks lengkap"), blank=True)
    link = models.URLField(_("tautan"), max_length=500, blank=True)
    # What the recipient is asked to do ("Mohon konfirmasi."); no longer shown once the message is closed.
    action_text = models.CharField(_("permintaan"), max_length=200, blank=True)
    # What a machine channel (webhook) sends as its JSON body; empty for messages people read.
    payload = models.JSONField(_("muatan JSON"), null=True, blank=True)
    # Set by the sender when the matter is settled ("Sudah ditangani oleh ..."): shown instead of the action.
    closed_note = models.CharField(_("catatan penutup"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("ditutup pada"), null=True, blank=True)
    urgency = models.CharField(_("urgensi"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200, unique=True)
    # Lets a caller cancel every pending delivery of one escalation at once.
    group_key = models.CharField(_("kunci grup"), max_length=200, blank=True, db_index=True)
    cancelled_at = models.DateTimeField(_("dibatalkan pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("pesan")
        verbose_name_plural = _("pesan")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text


class Delivery(models.Model):
    """One message to one person on one channel; claimed before the provider is called."""

    message = models.ForeignKey(
        Message, verbose_name=_("pesan"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Empty only for a webhook, whose recipient is a partner system's URL (the address).
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("penerima"),
        on_delete=models.PROTECT,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    address = models.CharField(_("alamat"), max_length=500, blank=True)
    contact_point = models.ForeignKey(
        "stakeholders.ContactPoint",
        verbose_name=_("kontak"),
        on_delete=models.SET_NULL,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=260, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    # Bound on attempts; a manual retry raises it by another round.
    max_attempts = models.PositiveSmallIntegerField(_("batas percobaan"), default=5)
    # The raw technical error (English, from the provider), for administrators in the delivery log.
    last_error = models.TextField(_("galat terakhir"), blank=True)
    # Why it failed in a user's words; what every screen outside the delivery log shows.
    failure_reason = models.CharField(
        _("alasan gagal"), max_length=20, choices=FailureReason.choices, blank=True
    )
    provider_message_id = models.CharField(_("ID pesan penyedia"), max_length=200, blank=True)
    # Queued: when to (re)try. Sending: when the claim expires. The sweeper acts on both.
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), null=True, blank=True)
    # Set by a manual retry; copied onto the next attempt so the log shows who asked.
    retry_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diulang oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)
    sent_at = models.DateTimeField(_("terkirim pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("pengiriman")
        verbose_name_plural = _("pengiriman")
        ordering = ["-created_at", "-id"]
        permissions = [("retry_delivery", _("Dapat mengulang pengiriman notifikasi"))]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="delivery_created_idx"),
            models.Index(fields=["status", "-created_at"], name="delivery_status_idx"),
            models.Index(fields=["channel", "-created_at"], name="delivery_channel_idx"),
            models.Index(fields=["person", "-created_at"], name="delivery_person_idx"),
            # The sweeper reads only pending rows: a small partial index stays small.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="delivery_pending_due_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["message", "person", "channel"], name="delivery_unique_message_person_channel"
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="delivery_sent_has_time"
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(channel=Channel.WEBHOOK),
                name="delivery_person_unless_webhook",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.person or self.address}: {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING)

    @property
    def reason(self) -> str:
        """Why this delivery failed, in the user's language ("" unless failed)."""
        if self.status != DeliveryStatus.FAILED:
            return ""
        return str(FailureReason(self.failure_reason or FailureReason.OTHER).label)


class DeliveryAttempt(models.Model):
    """One call to a provider for a delivery, with its outcome and error, kept as the audit trail."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("pengiriman"), on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField(_("ke"))
    started_at = models.DateTimeField(_("mulai"))
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    outcome = models.CharField(_("hasil"), max_length=16, choices=AttemptOutcome.choices, blank=True)
    error = models.TextField(_("galat"), blank=True)
    provider_message_id = models.CharField(_("ID pesan penyedia"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diminta oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("percobaan pengiriman")
        verbose_name_plural = _("percobaan pengiriman")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="attempt_unique_number"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.get_outcome_display()}"


class InboxItem(models.Model):
    """A message in a person's in-app inbox; read when read_at is set."""

    person = models.ForeignKey(
        "stakeholders.Person", verbose_name=_("penerima"), on_delete=models.CASCADE, related_name="inbox"
    )
    message = models.ForeignKey(
        Message, verbose_name=_("pesan"), on_delete=models.CASCADE, related_name="inbox_items"
    )
    read_at = models.DateTimeField(_("dibaca pada"), null=True, blank=True)
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("kotak masuk")
        verbose_name_plural = _("kotak masuk")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["person", "-created_at"], name="inbox_person_idx"),
            models.Index(fields=["person"], condition=Q(read_at__isnull=True), name="inbox_unread_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "message"], name="inbox_unique_person_message"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.message}"


class OutboxEmail(models.Model):
    """An email the local outbox backend kept instead of sending (the embedded `make run`)."""

    subject = models.CharField(_("subjek"), max_length=500)
    from_email = models.CharField(_("dari"), max_length=254)
    to = models.TextField(_("kepada"))
    body = models.TextField(_("isi"))
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dikirim"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("email keluar")
        verbose_name_plural = _("Kotak keluar email")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Broadcast(models.Model):
    """A message an administrator sent to a forum, an office across areas or a chosen list of people.

    Sent through the same channels and delivery log as every message (``message_key``); the page of a
    broadcast shows who was reached.
    """

    text = models.CharField(_("pesan"), max_length=500)
    long_text = models.TextField(_("keterangan"), blank=True)
    audience = models.CharField(_("penerima"), max_length=10, choices=BroadcastAudience.choices)
    audience_label = models.CharField(_("sasaran"), max_length=300)
    # The areas the sender covered when sending (for who may read it later); empty: kabupaten.
    area_codes = models.JSONField(_("wilayah pengirim"), default=list, blank=True)
    message_key = models.CharField(_("kunci pesan"), max_length=200, unique=True)
    recipients_count = models.PositiveIntegerField(_("jumlah penerima"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dikirim oleh"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    sent_at = models.DateTimeField(_("dikirim"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("siaran")
        verbose_name_plural = _("siaran")
        ordering = ["-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.audience_label}: {self.text[:60]}"
