"""What intake holds about a person (UU 27/2022 PDP): the messages they sent, their reports waiting
in the unverified queue, and their Telegram link codes; and how long raw provider calls are kept."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from audit.registry import PersonalDataSection, RetentionRule, personal_data_register, retention_register

from .choices import CallOutcome
from .models import ChannelLinkCode, InboundCall, InboundMessage, UnverifiedIntake


def _message_rows(*, person) -> list[dict]:
    messages = InboundMessage.objects.filter(person=person).order_by("received_at", "pk")
    return [
        {
            "kanal": message.get_channel_display(),
            "pengirim": message.sender,
            "nama": message.sender_name,
            "pesan": message.text,
            "diterima": message.received_at,
        }
        for message in messages
    ]


def _intake_rows(*, person) -> list[dict]:
    intakes = UnverifiedIntake.objects.filter(person=person).order_by("created_at", "pk")
    return [
        {
            "kanal": intake.get_channel_display(),
            "pengirim": intake.sender,
            "kontak": intake.contact,
            "laporan": intake.text,
            "status": intake.get_status_display(),
            "diterima": intake.created_at,
        }
        for intake in intakes
    ]


def _messages_erase(*, person, by_user) -> int:
    """Forget who sent the messages (number, chat, name); the text stays as part of the reports it made."""
    ChannelLinkCode.objects.filter(person=person).delete()
    return InboundMessage.objects.filter(person=person).update(sender="", sender_name="", person=None)


def _intakes_erase(*, person, by_user) -> int:
    return UnverifiedIntake.objects.filter(person=person).update(
        sender="", sender_name="", contact="", person=None
    )


personal_data_register(
    PersonalDataSection(
        "intake_messages",
        _("Pesan yang dikirim ke saluran laporan"),
        export=_message_rows,
        erase=_messages_erase,
        order=30,
    )
)
personal_data_register(
    PersonalDataSection(
        "intake_queue",
        _("Laporan masuk belum terverifikasi"),
        export=_intake_rows,
        erase=_intakes_erase,
        order=31,
    )
)


def _raw_calls_expire(*, now) -> list[str]:
    """Empty the raw body and headers of provider calls RETENTION_INTAKE_RAW_DAYS after they came in; the
    log keeps that a call came, when, from which channel and what became of it. A call still waiting to
    be processed is kept whole."""
    days = settings.RETENTION_INTAKE_RAW_DAYS
    if not days:
        return []
    expired = (
        InboundCall.objects.filter(received_at__lt=now - timedelta(days=days))
        .exclude(outcome=CallOutcome.RECEIVED)
        .exclude(body="", headers={})
    )
    ids = list(expired.values_list("pk", flat=True))
    InboundCall.objects.filter(pk__in=ids).update(body="", headers={})
    return [f"panggilan masuk #{pk}" for pk in ids]


retention_register(
    RetentionRule("intake_raw_calls", _("Isi mentah panggilan masuk dari penyedia"), apply=_raw_calls_expire)
)
