"""Acknowledging an alert from the channel it came on: Telegram's *Saya tangani* button, WhatsApp's quick
reply, an SMS (or WhatsApp) "OK" / "OK <kode>".

Every path ends in ``escalation.services.escalation_acknowledge``, the web link's own service: the
same lock order (incident, then escalation), so an acknowledgement and a step are serialised and the
first commit wins; a later one is told who acknowledged first. The person is the recipient of the
delivery that went to the replying address (the button's message, or the newest alert to that number):
an address that received no alert acknowledges nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from escalation.choices import AckVia, EscalationStatus
from escalation.engine.messages import escalation_message_key_parse
from escalation.selectors import escalation_alerts_get
from escalation.services import EscalationStateError, escalation_acknowledge
from notifications.selectors import delivery_for_message_address, delivery_list_to_address

from ..choices import IntakeChannel
from ..parsing import number_matches

VIA: dict[str, str] = {
    IntakeChannel.TELEGRAM: AckVia.TELEGRAM,
    IntakeChannel.WHATSAPP: AckVia.WHATSAPP,
    IntakeChannel.SMS: AckVia.SMS,
}
# The delivery channels an alert to this address may have gone on (notifications.choices.Channel values).
DELIVERY_CHANNELS: dict[str, list[str]] = {
    IntakeChannel.TELEGRAM: ["telegram"],
    IntakeChannel.WHATSAPP: ["whatsapp"],
    IntakeChannel.SMS: ["sms"],
}
ACK_PREFIX = "ack:"
OPEN = (EscalationStatus.ACTIVE, EscalationStatus.EXHAUSTED)


def _acknowledge(delivery, escalation, channel: str) -> str:
    person = delivery.person
    try:
        escalation_acknowledge(
            escalation=escalation,
            by_person=person,
            by_user=person.user if person.user_id and person.user.is_active else None,
            via=VIA[channel],
        )
    except EscalationStateError as exc:
        return " ".join(exc.messages)
    return _(
        "Terima kasih, %(who)s. Peringatan %(number)s dikonfirmasi: Anda yang menangani; eskalasi berhenti."
    ) % {
        "who": person,
        "number": escalation.incident.number,
    }


def channel_ack_button(*, channel: str, address: str, data: str) -> str:
    """A pressed *Saya tangani* button (``ack:<message id>``) on a message sent to ``address``; the answer."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            message_id = int(data.removeprefix(ACK_PREFIX))
        except ValueError:
            return _("Tombol ini tidak dikenal.")
        delivery = delivery_for_message_address(
            message_id=message_id, channels=DELIVERY_CHANNELS[channel], address=address
        )
        parsed = escalation_message_key_parse(delivery.message.idempotency_key) if delivery else None
        if delivery is None or parsed is None:
            return _("Peringatan ini tidak dikirim ke akun ini; tidak ada yang dikonfirmasi.")
        escalation = escalation_alerts_get(ids=[parsed[1]]).get(parsed[1])
        if escalation is None:
            return _("Peringatan ini sudah tidak ada.")
        return _acknowledge(delivery, escalation, channel)


def channel_ack_reply(*, channel: str, address: str, code: str = "") -> str | None:
    """An "OK" (or "OK <kode>") from ``address``: acknowledge the newest open alert sent there (the one
    whose report number matches the code); the answer, or None when no alert ever went to this address
    (the text is then read as a report)."""
    with translation.override(settings.LANGUAGE_CODE):
        deliveries = list(
            delivery_list_to_address(
                channels=DELIVERY_CHANNELS[channel], address=address, key_prefix="eskalasi|"
            )[:200]
        )
        if not deliveries:
            return None
        parsed = {d.pk: escalation_message_key_parse(d.message.idempotency_key) for d in deliveries}
        escalations = escalation_alerts_get(ids=sorted({p[1] for p in parsed.values() if p}))
        candidates = []
        for delivery in deliveries:  # newest first
            key = parsed[delivery.pk]
            escalation = escalations.get(key[1]) if key else None
            if escalation is None:
                continue
            if code and not number_matches(escalation.incident.number, code):
                continue
            candidates.append((delivery, escalation))
        if not candidates:
            return _("Tidak ada peringatan dengan kode %(code)s yang dikirim ke nomor ini.") % {"code": code}
        open_ones = [(d, e) for d, e in candidates if e.status in OPEN]
        delivery, escalation = open_ones[0] if open_ones else candidates[0]
        return _acknowledge(delivery, escalation, channel)
