"""SMS, WhatsApp and Telegram posted over HTTP to the running server (valid and forged), processed by the
real worker; answers go to a local HTTP server acting as the providers."""

import functools
import operator

import pytest

from core.testing import wait_until
from incidents.models import Incident
from intake.choices import CallOutcome, IntakeChannel, MessageOutcome, SignatureCheck
from intake.models import InboundCall, InboundMessage, UnverifiedIntake
from regions.models import AdminUnit
from stakeholders.choices import ContactKind
from stakeholders.models import ContactPoint
from stakeholders.tests.factories import PersonFactory, PositionFactory

from .conftest import tg_callback, tg_message, whatsapp_text

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

UNKNOWN = "+6281299990001"


def _answer(channels, path: str, needle: str, field: str = "text") -> str:
    return wait_until(
        lambda: next((body[field] for body in channels.sent(path) if needle in body.get(field, "")), None),
        message=f"no answer containing {needle!r} on {path}",
    )


def _processed(**filters):
    return wait_until(
        lambda: InboundMessage.objects.filter(**filters).exclude(outcome=MessageOutcome.PENDING).first()
    )


def test_an_sms_lapor_from_an_unknown_number_waits_unverified_and_gets_its_number(kutim, channels):
    response = channels.sms(
        **{"from": "081299990001", "text": "lapor  swarga bara 3 massa berkumpul di TPS 05", "id": "s1"}
    )
    assert response.status_code == 200
    message = _processed(external_id="s1")
    assert message.outcome == MessageOutcome.UNVERIFIED
    assert message.sender == UNKNOWN
    intake = UnverifiedIntake.objects.get()
    assert intake.area.code == "64.08.04.2012"
    assert intake.severity == 3
    assert intake.text == "massa berkumpul di TPS 05"
    assert not Incident.objects.exists()
    text = _answer(channels, "/sms/send", f"MSK-{intake.pk}")
    assert "akan diperiksa petugas" in text


def test_a_repeated_delivery_of_one_sms_makes_one_intake(kutim, channels):
    fields = {"from": UNKNOWN, "text": "LAPOR Sangatta Utara 2 spanduk dirobek", "id": "dup-1"}
    assert channels.sms(**fields).status_code == 200
    assert channels.sms(**fields).status_code == 200
    _processed(external_id="dup-1")
    assert InboundCall.objects.filter(channel=IntakeChannel.SMS).count() == 2  # both calls logged
    assert InboundMessage.objects.count() == 1
    assert UnverifiedIntake.objects.count() == 1


def test_a_forged_sms_is_logged_refused_and_never_processed(kutim, channels):
    response = channels.sms(
        secret="salah", **{"from": UNKNOWN, "text": "LAPOR Sangatta Utara 5 palsu", "id": "f1"}
    )
    assert response.status_code == 403
    call = InboundCall.objects.get()
    assert call.signature == SignatureCheck.INVALID
    assert call.outcome == CallOutcome.FORGED
    assert "palsu" in call.body
    assert not InboundMessage.objects.exists()


def test_an_sms_with_a_wrong_format_is_told_exactly_what_to_fix(kutim, channels):
    channels.sms(**{"from": UNKNOWN, "text": "LAPOR Swarga Bara bentrok besar", "id": "w1"})
    assert _processed(external_id="w1").outcome == MessageOutcome.INVALID
    assert "Tingkat keparahan tidak ditemukan" in _answer(channels, "/sms/send", "Tingkat")
    channels.sms(**{"from": UNKNOWN, "text": "LAPOR Swarga Barra 3 bentrok besar", "id": "w2"})
    assert "Maksud Anda: Desa Swarga Bara" in _answer(channels, "/sms/send", "tidak dikenal")
    assert not UnverifiedIntake.objects.exists()


def test_an_sms_from_a_registry_person_is_a_normal_report_with_its_number(kutim, channels):
    person = PersonFactory(full_name="Pak Babinsa")
    ContactPoint.objects.create(person=person, kind=ContactKind.PHONE, value="+6281299990002", verified=True)
    channels.sms(**{"from": "6281299990002", "text": "LAPOR 6408042011 4 bentrok dua kelompok", "id": "p1"})
    message = _processed(external_id="p1")
    assert message.outcome == MessageOutcome.REPORT
    incident = Incident.objects.get()
    assert incident.reporter_person == person
    assert incident.area.code == "64.08.04.2011"
    assert incident.severity == 4
    assert f"nomor {incident.number}" in _answer(channels, "/sms/send", incident.number)


def test_free_text_from_a_registry_person_is_reported_at_their_desa(kutim, channels):
    person = PersonFactory(full_name="Bu Kades")
    PositionFactory(person=person, area=AdminUnit.objects.get(code="64.08.04.2011"))
    ContactPoint.objects.create(
        person=person, kind=ContactKind.WHATSAPP, value="+6281299990003", verified=True
    )
    channels.whatsapp(whatsapp_text("wamid.P", "6281299990003", "ada isu politik uang di dusun 2"))
    assert _processed(external_id="wamid.P").outcome == MessageOutcome.REPORT
    incident = Incident.objects.get()
    assert incident.area.code == "64.08.04.2011"
    assert incident.reporter_person == person


def test_whatsapp_free_text_from_an_unknown_number_and_a_forged_call(kutim, channels):
    assert (
        channels.whatsapp(whatsapp_text("wamid.A", "6281299990001", "ada keributan di pasar")).status_code
        == 200
    )
    assert _processed(external_id="wamid.A").outcome == MessageOutcome.UNVERIFIED
    intake = UnverifiedIntake.objects.get()
    assert intake.area is None
    assert intake.area_code == "64.08"
    assert intake.sender_name == "Warga"
    reply = wait_until(lambda: next(iter(channels.sent("/1055/messages")), None))
    assert reply["to"] == "6281299990001"
    assert f"MSK-{intake.pk}" in reply["text"]["body"]
    forged = channels.whatsapp(whatsapp_text("wamid.B", "6281299990001", "palsu"), secret="bukan")
    assert forged.status_code == 403
    assert (
        InboundCall.objects.filter(outcome=CallOutcome.FORGED, signature=SignatureCheck.INVALID).count() == 1
    )
    assert not InboundMessage.objects.filter(external_id="wamid.B").exists()


def test_telegram_lapor_conversation_with_buttons_ends_in_an_unverified_intake(kutim, channels):
    chat = 5501
    steps = [
        tg_message(chat, "/lapor"),
        tg_message(chat, "Ada pengerahan massa di depan kantor desa"),
        tg_callback(chat, "kec:64.08.04"),
        tg_callback(chat, "desa:64.08.04.2012"),
        tg_callback(chat, "tingkat:4"),
        tg_callback(chat, "foto:lewati"),
        tg_callback(chat, "kirim:ya"),
    ]
    for update in steps:
        assert channels.telegram(update).status_code == 200
        _processed(external_id=str(update["update_id"]))
    intake = UnverifiedIntake.objects.get()
    assert intake.channel == IntakeChannel.TELEGRAM
    assert intake.area.code == "64.08.04.2012"
    assert intake.severity == 4
    assert intake.text == "Ada pengerahan massa di depan kantor desa"
    assert not Incident.objects.exists()
    sent = channels.sent("/bot123:ABC/sendMessage")
    kecamatan = next(body for body in sent if body["text"].startswith("Di kecamatan mana?"))
    assert {"text": "Sangatta Utara", "callback_data": "kec:64.08.04"} in functools.reduce(
        operator.iadd, kecamatan["reply_markup"]["inline_keyboard"], []
    )
    _answer(channels, "/bot123:ABC/sendMessage", f"MSK-{intake.pk}")
    channels.telegram(tg_message(chat, f"/status MSK-{intake.pk}"))
    assert "Menunggu" in _answer(channels, "/bot123:ABC/sendMessage", f"Laporan MSK-{intake.pk}:")


def test_telegram_batal_ends_the_conversation_and_a_forged_update_is_refused(kutim, channels):
    chat = 5502
    for update in (
        tg_message(chat, "/lapor"),
        tg_message(chat, "Ada pengerahan massa"),
        tg_message(chat, "/batal"),
    ):
        channels.telegram(update)
        _processed(external_id=str(update["update_id"]))
    _answer(channels, "/bot123:ABC/sendMessage", "Laporan dibatalkan.")
    assert channels.telegram(tg_message(chat, "/lapor"), secret="salah").status_code == 403
    assert not UnverifiedIntake.objects.exists()


def test_a_chat_linked_by_the_apps_code_files_normal_reports(kutim, channels, reporter):
    from intake.services import channel_link_code_create
    from stakeholders.selectors import person_for_user

    person = person_for_user(reporter)
    code = channel_link_code_create(person=person)
    update = tg_message(5503, f"/tautkan {code.code.lower()}")
    channels.telegram(update)
    _processed(external_id=str(update["update_id"]))
    contact = ContactPoint.objects.get(person=person, kind=ContactKind.TELEGRAM)
    assert contact.value == "5503"
    assert contact.verified
    _answer(channels, "/bot123:ABC/sendMessage", "tertaut")
    again = tg_message(5599, f"/tautkan {code.code}")
    channels.telegram(again)
    _processed(external_id=str(again["update_id"]))
    _answer(channels, "/bot123:ABC/sendMessage", "Kode tidak berlaku")


def test_polling_feeds_updates_to_the_same_pipeline_once(kutim, channels):
    from django.core.management import call_command

    update = tg_message(5504, "/start")
    channels.providers.expect_request("/bot123:ABC/deleteWebhook").respond_with_json(
        {"ok": True, "result": True}
    )
    channels.providers.expect_request("/bot123:ABC/getUpdates").respond_with_json(
        {"ok": True, "result": [update]}
    )
    call_command("telegram_poll", once=True)
    call_command("telegram_poll", once=True)  # the same update again (not yet confirmed by an offset)
    assert _processed(external_id=str(update["update_id"])).outcome == MessageOutcome.ANSWERED
    assert InboundCall.objects.filter(signature=SignatureCheck.NOT_REQUIRED).count() == 2
    assert InboundMessage.objects.count() == 1
    _answer(channels, "/bot123:ABC/sendMessage", "/lapor")
