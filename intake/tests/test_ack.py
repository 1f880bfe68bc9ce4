"""Acknowledging an alert from the channel: Telegram's button, WhatsApp's quick reply, an SMS "OK"; the
same service and first-wins rule as the web link, and no step after the acknowledgement commits."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from core.testing import wait_until
from escalation.choices import AckVia, EscalationStatus, TargetKind
from escalation.models import Escalation
from escalation.services import escalation_step_run
from escalation.tests.factories import policy_with_steps
from incidents.tests.factories import make_incident
from intake.choices import IntakeChannel, MessageOutcome
from intake.models import InboundMessage
from intake.services import inbound_call_extract, inbound_call_record, inbound_message_process
from notifications.models import Delivery
from stakeholders.choices import ContactKind
from stakeholders.models import ContactPoint
from stakeholders.tests.factories import PersonFactory

from .conftest import tg_callback, whatsapp_text

pytestmark = pytest.mark.django_db(transaction=True)

TELEGRAM_CHAT = "7001"
SMS_NUMBER = "+6281277770002"
WA_NUMBER = "+6281277770003"


def _people():
    people = {}
    for name, kind, value in (
        ("Andi Telegram", ContactKind.TELEGRAM, TELEGRAM_CHAT),
        ("Budi SMS", ContactKind.PHONE, SMS_NUMBER),
        ("Citra WhatsApp", ContactKind.WHATSAPP, WA_NUMBER),
    ):
        person = PersonFactory(full_name=name)
        ContactPoint.objects.create(person=person, kind=kind, value=value, verified=True)
        people[kind] = person
    policy_with_steps(
        [
            (0, [{"kind": TargetKind.PERSON, "person": p} for p in people.values()]),
            (30, [{"kind": TargetKind.PERSON, "person": people[ContactKind.PHONE]}]),
        ],
        name="Uji kanal",
        priority=0,
    )
    return people


def _alert_sent(channels, escalation):
    """Wait until step 1 ran and the three channels' alerts were sent; the alert messages by channel."""
    wait_until(
        lambda: Delivery.objects.filter(
            message__group_key=escalation.group_key, channel="sms", status="sent"
        ).exists()
    )
    wait_until(
        lambda: Delivery.objects.filter(
            message__group_key=escalation.group_key, channel="telegram", status="sent"
        ).exists()
    )
    wait_until(
        lambda: Delivery.objects.filter(
            message__group_key=escalation.group_key, channel="whatsapp", status="sent"
        ).exists()
    )
    return {
        d.channel: d.message
        for d in Delivery.objects.filter(message__group_key=escalation.group_key).exclude(channel="in_app")
    }


@pytest.mark.worker
def test_the_telegram_button_acknowledges_and_a_later_sms_ok_hears_who_was_first(kutim, channels):
    people = _people()
    incident = make_incident(severity=3)
    escalation = incident.escalations.get()
    alerts = _alert_sent(channels, escalation)
    telegram_alert = next(
        b for b in channels.sent("/bot123:ABC/sendMessage") if b["chat_id"] == TELEGRAM_CHAT
    )
    button = telegram_alert["reply_markup"]["inline_keyboard"][0][0]
    assert button == {"text": "Saya tangani", "callback_data": f"ack:{alerts['telegram'].pk}"}
    sms_alert = next(b for b in channels.sent("/sms/send") if b["to"] == SMS_NUMBER)
    assert "Balas OK bila Anda menangani." in sms_alert["text"]
    wa_alert = next(b for b in channels.sent("/1055/messages") if b["to"] == WA_NUMBER.lstrip("+"))
    assert wa_alert["interactive"]["action"]["buttons"][0]["reply"]["id"] == f"ack:{alerts['whatsapp'].pk}"

    assert channels.telegram(tg_callback(int(TELEGRAM_CHAT), button["callback_data"])).status_code == 200
    wait_until(lambda: Escalation.objects.get(pk=escalation.pk).status == EscalationStatus.ACKNOWLEDGED)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by_person == people[ContactKind.TELEGRAM]
    assert escalation.acknowledged_via == AckVia.TELEGRAM
    thanks = wait_until(
        lambda: next(
            (
                b["text"]
                for b in channels.sent("/bot123:ABC/sendMessage")
                if b["text"].startswith("Terima kasih")
            ),
            None,
        )
    )
    assert "Anda yang menangani" in thanks
    wait_until(lambda: channels.sent("/bot123:ABC/answerCallbackQuery"))

    channels.sms(**{"from": "081277770002", "text": "ok", "id": "ok-1"})
    message = wait_until(
        lambda: InboundMessage.objects.filter(external_id="ok-1", outcome=MessageOutcome.ACKNOWLEDGED).first()
    )
    assert message.channel == IntakeChannel.SMS
    answer = wait_until(
        lambda: next(
            (b["text"] for b in channels.sent("/sms/send") if "sudah dikonfirmasi oleh" in b["text"]), None
        )
    )
    assert "Andi Telegram" in answer
    escalation.refresh_from_db()
    assert escalation.acknowledged_via == AckVia.TELEGRAM  # the first one stays


@pytest.mark.worker
def test_the_whatsapp_quick_reply_acknowledges_and_a_stranger_acknowledges_nothing(kutim, channels):
    people = _people()
    incident = make_incident(severity=3)
    escalation = incident.escalations.get()
    alerts = _alert_sent(channels, escalation)
    stranger = whatsapp_text("wamid.S", "6281200001111", "x")
    stranger["entry"][0]["changes"][0]["value"]["messages"][0] = {
        "from": "6281200001111",
        "id": "wamid.S",
        "type": "interactive",
        "interactive": {
            "type": "button_reply",
            "button_reply": {"id": f"ack:{alerts['whatsapp'].pk}", "title": "Saya tangani"},
        },
    }
    channels.whatsapp(stranger)
    wait_until(
        lambda: InboundMessage.objects.filter(external_id="wamid.S").exclude(outcome="menunggu").exists()
    )
    assert Escalation.objects.get(pk=escalation.pk).status != EscalationStatus.ACKNOWLEDGED
    pressed = stranger
    pressed["entry"][0]["changes"][0]["value"]["messages"][0]["from"] = WA_NUMBER.lstrip("+")
    pressed["entry"][0]["changes"][0]["value"]["messages"][0]["id"] = "wamid.T"
    channels.whatsapp(pressed)
    wait_until(lambda: Escalation.objects.get(pk=escalation.pk).status == EscalationStatus.ACKNOWLEDGED)
    escalation.refresh_from_db()
    assert escalation.acknowledged_by_person == people[ContactKind.WHATSAPP]
    assert escalation.acknowledged_via == AckVia.WHATSAPP


def test_an_sms_ok_racing_a_step_never_sees_a_step_after_it_commits(kutim, settings):
    settings.ESCALATION_COUNTDOWN_MAX_S = -1  # no step task: the two threads below are the only actors
    settings.INTAKE_SMS_SECRET = "s"
    _people()
    incident = make_incident(severity=3)
    escalation = incident.escalations.get()
    escalation_step_run(escalation_id=escalation.pk, token=str(escalation.token), sequence=1)
    escalation.refresh_from_db()
    Escalation.objects.filter(pk=escalation.pk).update(next_due_at=timezone.now())
    call = inbound_call_record(
        channel=IntakeChannel.SMS,
        body=f"from={SMS_NUMBER}&text=OK+{incident.number}&id=race-1".encode(),
        signature="sah",
    )
    inbound_call_extract(call_id=call.pk)
    message = InboundMessage.objects.get(external_id="race-1")
    token, barrier, outcomes = str(escalation.token), threading.Barrier(2), {}

    def step():
        barrier.wait()
        try:
            outcomes["step"] = escalation_step_run(escalation_id=escalation.pk, token=token, sequence=2)
        finally:
            connection.close()

    def ack():
        barrier.wait()
        try:
            outcomes["ack"] = inbound_message_process(message_id=message.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=step), threading.Thread(target=ack)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    escalation.refresh_from_db()
    assert outcomes["ack"] == MessageOutcome.ACKNOWLEDGED
    assert escalation.status == EscalationStatus.ACKNOWLEDGED
    assert escalation.acknowledged_via == AckVia.SMS
    assert all(run.ran_at < escalation.acknowledged_at for run in escalation.runs.all())
    assert outcomes["step"] in ("ran", "stale token", "status dikonfirmasi")
    assert escalation.runs.count() == (2 if outcomes["step"] == "ran" else 1)
