"""Answers to senders on their own channel: the report number, what to fix, feedback, who acknowledged.

A sender need not be in the registry, so answers do not go through ``notifications`` deliveries (which
are per registry person); they use the same provider channels (``notifications.channels``) with the
same rule: an answer is claimed by its row (unique idempotency key) before the provider is called, and
one whose sender died mid-call is never sent again (its outcome is unknown).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.tasks import enqueue_on_commit
from notifications.channels import ChannelError, TransientError
from notifications.channels.base import http_call
from notifications.channels.sms import SmsChannel
from notifications.channels.whatsapp import WhatsAppChannel, whatsapp_reason

from ..choices import IntakeChannel, ReplyStatus
from ..models import IntakeReply
from .log import intake_queue

# Channels that can answer a sender; the public form and Kobo show their answer in the response.
REPLY_CHANNELS = (IntakeChannel.WHATSAPP, IntakeChannel.SMS, IntakeChannel.TELEGRAM)


def _claim_timeout() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "INTAKE_REPLY_CLAIM_TIMEOUT_S", 60)))


def _max_attempts() -> int:
    return int(getattr(settings, "INTAKE_REPLY_MAX_ATTEMPTS", 5))


@dataclass(frozen=True)
class _Text:
    """What notifications.channels read off a message."""

    text: str
    long_text: str = ""
    link: str = ""
    action_text: str = ""
    urgency: str = "normal"


def _send_sms(address: str, text: str, markup: dict) -> str:
    return SmsChannel().send(address, _Text(text=text))


def telegram_call(method: str, payload: dict) -> dict:
    """One Bot API call (sendMessage, answerCallbackQuery, getUpdates, getFile ...); its ``result``."""
    from notifications.channels import NotConfiguredError
    from notifications.channels.telegram import telegram_reason

    token = getattr(settings, "TELEGRAM_BOT_TOKEN", "")
    base = getattr(settings, "TELEGRAM_API_BASE", "")
    if not (token and base):
        raise NotConfiguredError("telegram: TELEGRAM_BOT_TOKEN is not set")
    response = http_call(
        "POST", f"{base.rstrip('/')}/bot{token}/{method}", classify=telegram_reason, json=payload
    )
    try:
        body = response.json()
    except ValueError as exc:
        raise TransientError(f"telegram: answer is not JSON: {response.text[:200]}") from exc
    if not body.get("ok"):
        raise ChannelError(f"telegram: {body.get('description', body)}")
    return body.get("result") or {}


def _send_telegram(address: str, text: str, markup: dict) -> str:
    markup = dict(markup)
    callback_query_id = markup.pop("callback_query_id", "")
    if callback_query_id:
        # Stops the spinner on the pressed button; the answer itself follows as a message. An old
        # callback (over 15 minutes) cannot be answered; the message still goes.
        with contextlib.suppress(ChannelError):
            telegram_call("answerCallbackQuery", {"callback_query_id": callback_query_id})
    payload: dict = {"chat_id": address, "text": text[:4096], "disable_web_page_preview": True}
    if markup:
        payload["reply_markup"] = markup
    result = telegram_call("sendMessage", payload)
    return str(result.get("message_id", "")) if isinstance(result, dict) else ""


def _send_whatsapp(address: str, text: str, markup: dict) -> str:
    channel = WhatsAppChannel()
    if not markup or not channel.is_configured():
        # A plain text (an unconfigured channel raises NotConfiguredError there).
        return channel.send(address, _Text(text=text))
    url = f"{settings.WHATSAPP_API_BASE.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": address.lstrip("+"),
        "type": "interactive",
        "interactive": {"type": "button", "body": {"text": text[:1024]}, "action": markup},
    }
    response = http_call(
        "POST",
        url,
        classify=whatsapp_reason,
        json=payload,
        headers={"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"},
    )
    try:
        return str(response.json()["messages"][0]["id"])
    except (ValueError, KeyError, IndexError, TypeError):
        return ""


SENDERS: dict[str, Callable[[str, str, dict], str]] = {
    IntakeChannel.SMS: _send_sms,
    IntakeChannel.TELEGRAM: _send_telegram,
    IntakeChannel.WHATSAPP: _send_whatsapp,
}


@transaction.atomic
def reply_queue(*, channel: str, address: str, text: str, idempotency_key: str, markup: dict | None = None):
    """Queue an answer to a sender (sent after commit); the same key again changes nothing. None for a
    channel that cannot answer (public form, Kobo)."""
    if channel not in REPLY_CHANNELS or not address:
        return None
    reply, created = IntakeReply.objects.get_or_create(
        idempotency_key=idempotency_key[:200],
        defaults={"channel": channel, "address": address[:100], "text": text, "markup": markup or {}},
    )
    if created:
        from ..tasks import reply_send_task

        enqueue_on_commit(reply_send_task, reply.pk, queue=intake_queue())
    return reply


def _claim(reply_id: int) -> IntakeReply | None:
    now = timezone.now()
    with transaction.atomic():
        reply = IntakeReply.objects.select_for_update(skip_locked=True).filter(pk=reply_id).first()
        if reply is None or reply.status != ReplyStatus.QUEUED:
            return None
        reply.status = ReplyStatus.SENDING
        reply.attempts += 1
        reply.claimed_until = now + _claim_timeout()
        reply.save(update_fields=["status", "attempts", "claimed_until"])
    return reply


def reply_send(*, reply_id: int) -> str:
    """Claim, call the provider once, record; a transient failure is queued again (the sweeper retries)."""
    reply = _claim(reply_id)
    if reply is None:
        return "not queued"
    try:
        provider_id = SENDERS[reply.channel](reply.address, reply.text, reply.markup)
    except ChannelError as exc:
        retry = isinstance(exc, TransientError) and reply.attempts < _max_attempts()
        IntakeReply.objects.filter(pk=reply.pk, status=ReplyStatus.SENDING).update(
            status=ReplyStatus.QUEUED if retry else ReplyStatus.FAILED,
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
            claimed_until=None,
        )
        return "retry" if retry else "failed"
    IntakeReply.objects.filter(pk=reply.pk, status=ReplyStatus.SENDING).update(
        status=ReplyStatus.SENT,
        provider_message_id=(provider_id or "")[:200],
        sent_at=timezone.now(),
        error="",
    )
    return "sent"


def replies_sweep() -> dict[str, int]:
    """Queued answers whose task was lost are sent again; one left ``sending`` past its claim is failed
    (its outcome is unknown: never sent twice)."""
    from ..tasks import reply_send_task

    now = timezone.now()
    stuck = IntakeReply.objects.filter(status=ReplyStatus.SENDING, claimed_until__lt=now).update(
        status=ReplyStatus.FAILED, error="outcome unknown: the worker stopped while sending; not sent again"
    )
    with transaction.atomic():
        queued = list(
            IntakeReply.objects.filter(
                status=ReplyStatus.QUEUED, created_at__lte=now - timedelta(seconds=30)
            ).values_list("pk", flat=True)[:500]
        )
        for reply_id in queued:
            enqueue_on_commit(reply_send_task, reply_id, queue=intake_queue())
    return {"replies": len(queued), "replies_unknown": stuck}
