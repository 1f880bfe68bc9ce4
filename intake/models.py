"""The intake log (every inbound call and message as received), the unverified-intake queue, answers to
senders, the Telegram conversation state and account-link codes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dates import date_range_check

from .choices import CallOutcome, IntakeChannel, IntakeStatus, MessageOutcome, ReplyStatus, SignatureCheck


class InboundCall(models.Model):
    """One HTTP call of a provider (or one polled update), stored as received before anything else."""

    channel = models.CharField(_("kanal"), max_length=10, choices=IntakeChannel.choices)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)
    remote_addr = models.CharField(_("alamat pengirim"), max_length=64, blank=True)
    signature = models.CharField(_("tanda tangan"), max_length=12, choices=SignatureCheck.choices)
    # The headers that matter to a reader (content type, provider ids), never a secret.
    headers = models.JSONField(_("header"), default=dict, blank=True)
    content_type = models.CharField(_("jenis isi"), max_length=200, blank=True)
    # The body exactly as received, decoded as UTF-8 (undecodable bytes replaced).
    body = models.TextField(_("isi mentah"), blank=True)
    outcome = models.CharField(
        _("hasil"), max_length=20, choices=CallOutcome.choices, default=CallOutcome.RECEIVED
    )
    detail = models.TextField(_("rincian"), blank=True)
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)

    class Meta:
        verbose_name = _("panggilan masuk")
        verbose_name_plural = _("log panggilan masuk")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["received_at"], condition=Q(outcome="diterima"), name="call_pending_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk} {self.get_outcome_display()}"


class InboundMessage(models.Model):
    """One message of a sender, once per provider id: a provider's repeated delivery finds this row."""

    call = models.ForeignKey(
        InboundCall, verbose_name=_("panggilan"), on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=IntakeChannel.choices)
    # The provider's id of the message (wamid, SMS id, Telegram update id): unique per channel.
    external_id = models.CharField(_("ID penyedia"), max_length=200)
    # +62 E.164 for WhatsApp and SMS, the chat id for Telegram.
    sender = models.CharField(_("pengirim"), max_length=100, db_index=True)
    sender_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, default="text")
    text = models.TextField(_("teks"), blank=True)
    payload = models.JSONField(_("isi pesan"), default=dict, blank=True)
    received_at = models.DateTimeField(_("diterima"), auto_now_add=True)
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("orang terdaftar"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome = models.CharField(
        _("hasil"), max_length=20, choices=MessageOutcome.choices, default=MessageOutcome.PENDING
    )
    detail = models.TextField(_("rincian"), blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("laporan"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    intake = models.ForeignKey(
        "UnverifiedIntake",
        verbose_name=_("laporan belum terverifikasi"),
        on_delete=models.SET_NULL,
        related_name="messages",
        null=True,
        blank=True,
    )
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)
    # When its processing was last queued: the sweep queues a waiting message again only after the grace.
    enqueued_at = models.DateTimeField(_("diantrekan"), null=True, blank=True)

    class Meta:
        verbose_name = _("pesan masuk")
        verbose_name_plural = _("pesan masuk")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["channel", "sender", "-received_at"], name="inmsg_sender_idx"),
            models.Index(fields=["received_at"], condition=Q(outcome="menunggu"), name="inmsg_pending_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="inmsg_unique_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.sender}: {self.text[:40]}"


class UnverifiedIntake(models.Model):
    """A report from a sender the registry does not vouch for, waiting for the area's operators.

    It never starts an escalation: only accepting it makes a report (through the incident service,
    where the normal rules start one). The original message and its attachments stay here.
    """

    channel = models.CharField(_("kanal"), max_length=10, choices=IntakeChannel.choices)
    # The source's id (provider message id, Kobo uuid, the form's client id): a repeat finds this row.
    external_id = models.CharField(_("ID sumber"), max_length=200)
    sender = models.CharField(_("pengirim"), max_length=100, blank=True)
    sender_name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    contact = models.CharField(_("kontak untuk tindak lanjut"), max_length=200, blank=True)
    person = models.ForeignKey(
        "stakeholders.Person",
        verbose_name=_("orang terdaftar"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    text = models.TextField(_("pesan asli"))
    title = models.CharField(_("judul"), max_length=200, blank=True)
    area = models.ForeignKey(
        "regions.AdminUnit",
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    # The area's code, or the kabupaten's when the place is unknown: the queue is scoped by it.
    area_code = models.CharField(_("kode wilayah"), max_length=20, db_index=True)
    severity = models.PositiveSmallIntegerField(_("tingkat keparahan"), null=True, blank=True)
    category = models.ForeignKey(
        "incidents.IncidentCategory",
        verbose_name=_("kategori"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("jenis"), max_length=20, blank=True)
    occurred_at = models.DateTimeField(_("waktu kejadian"), null=True, blank=True)
    lat = models.FloatField(_("lintang"), null=True, blank=True)
    lng = models.FloatField(_("bujur"), null=True, blank=True)
    # Everything else the source sent (form fields, Kobo answers), as received.
    payload = models.JSONField(_("data asli"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=IntakeStatus.choices, default=IntakeStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("diputuskan oleh"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decided_at = models.DateTimeField(_("diputuskan pada"), null=True, blank=True)
    reason = models.TextField(_("alasan"), blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        verbose_name=_("laporan"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("laporan belum terverifikasi")
        verbose_name_plural = _("laporan belum terverifikasi")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["area_code"], condition=Q(status="menunggu"), name="intake_pending_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["channel", "external_id"], name="intake_unique_source_id"),
            models.CheckConstraint(
                condition=Q(status="menunggu") | Q(decided_at__isnull=False), name="intake_decided_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["diterima", "digabung"]) | Q(incident__isnull=False),
                name="intake_accepted_has_incident",
            ),
            models.CheckConstraint(
                condition=~Q(status="ditolak") | ~Q(reason=""), name="intake_rejected_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(severity__isnull=True) | Q(severity__gte=1, severity__lte=5),
                name="intake_severity_1_5",
            ),
            date_range_check("intake", "occurred_at", datetime_field=True, null=True),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk}: {(self.title or self.text)[:60]}"


class IntakeAttachment(models.Model):
    """A file that came with an inbound report (a photo); copied to the report's evidence on acceptance."""

    intake = models.ForeignKey(
        UnverifiedIntake,
        verbose_name=_("laporan belum terverifikasi"),
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    message = models.ForeignKey(
        InboundMessage,
        verbose_name=_("pesan"),
        on_delete=models.CASCADE,
        related_name="attachments",
        null=True,
        blank=True,
    )
    file = models.FileField(_("berkas"), upload_to="intake/%Y/%m/")
    original_name = models.CharField(_("nama asli"), max_length=255)
    content_type = models.CharField(_("jenis"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("ukuran"), default=0)
    created_at = models.DateTimeField(_("diterima"), auto_now_add=True)

    class Meta:
        verbose_name = _("lampiran laporan masuk")
        verbose_name_plural = _("lampiran laporan masuk")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class IntakeReply(models.Model):
    """An answer to a sender on their channel (report number, what to fix, feedback), sent once per key."""

    channel = models.CharField(_("kanal"), max_length=10, choices=IntakeChannel.choices)
    address = models.CharField(_("alamat"), max_length=100)
    text = models.TextField(_("teks"))
    # Telegram keyboards / WhatsApp buttons, as the provider's JSON.
    markup = models.JSONField(_("tombol"), default=dict, blank=True)
    idempotency_key = models.CharField(_("kunci idempotensi"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    error = models.TextField(_("galat"), blank=True)
    provider_message_id = models.CharField(_("ID pesan penyedia"), max_length=200, blank=True)
    claimed_until = models.DateTimeField(_("diklaim sampai"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)

    class Meta:
        verbose_name = _("jawaban ke pengirim")
        verbose_name_plural = _("jawaban ke pengirim")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(status="antre"), name="reply_queued_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.address}: {self.text[:40]}"


class TelegramConversation(models.Model):
    """Where a Telegram chat stands in the /lapor conversation; gone when it ends, stale after the time-out."""

    chat_id = models.CharField(_("ID chat"), max_length=40, unique=True)
    step = models.CharField(_("langkah"), max_length=20)
    data = models.JSONField(_("jawaban"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("percakapan Telegram")
        verbose_name_plural = _("percakapan Telegram")

    def __str__(self) -> str:
        return f"{self.chat_id}: {self.step}"


class ChannelLinkCode(models.Model):
    """A one-time code shown in the app; sent to the bot, it links the Telegram chat to the person."""

    code = models.CharField(_("kode"), max_length=12, unique=True)
    person = models.ForeignKey(
        "stakeholders.Person", verbose_name=_("orang"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    expires_at = models.DateTimeField(_("berlaku sampai"))
    used_at = models.DateTimeField(_("dipakai"), null=True, blank=True)
    used_by_chat = models.CharField(_("dipakai oleh chat"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kode penautan akun")
        verbose_name_plural = _("kode penautan akun")

    def __str__(self) -> str:
        return self.code
