import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from notifications.choices import Channel, DeliveryStatus
from notifications.models import Delivery
from notifications.services import delivery_claim, delivery_record_result, notification_send

from .factories import EMAIL, WHATSAPP, person_with_contacts

SECRET = "rahasia-aplikasi"


@pytest.fixture
def whatsapp_secret(settings):
    settings.WHATSAPP_APP_SECRET = SECRET
    settings.WHATSAPP_WEBHOOK_VERIFY_TOKEN = "token-verifikasi"


def _sent_whatsapp(provider_id="wamid.X"):
    person = person_with_contacts((WHATSAPP, "+6281234567890"), (EMAIL, "budi@contoh.invalid"))
    message = notification_send(text="Bentrokan", recipients=[person], idempotency_key="k")
    delivery = message.deliveries.get(channel=Channel.WHATSAPP)
    claim, _ = delivery_claim(delivery_id=delivery.pk)
    delivery_record_result(claim=claim, provider_message_id=provider_id)
    return person, Delivery.objects.get(pk=delivery.pk)


def _post(client, payload, secret=SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        reverse("notifications:whatsapp_webhook"),
        body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=signature,
    )


def _statuses(*statuses):
    return {"entry": [{"changes": [{"value": {"statuses": list(statuses)}}]}]}


def test_meta_subscription_check_answers_the_challenge_only_with_the_right_token(client, whatsapp_secret):
    url = reverse("notifications:whatsapp_webhook")
    ok = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "token-verifikasi", "hub.challenge": "42"}
    )
    assert (ok.status_code, ok.content) == (200, b"42")
    wrong = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "42"})
    assert wrong.status_code == 403


def test_a_signed_delivered_status_marks_the_delivery_delivered(client, db, whatsapp_secret):
    _, delivery = _sent_whatsapp()
    response = _post(client, _statuses({"id": "wamid.X", "status": "delivered"}))
    assert response.status_code == 200
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_status_with_a_bad_signature_changes_nothing(client, db, whatsapp_secret):
    _, delivery = _sent_whatsapp()
    response = _post(client, _statuses({"id": "wamid.X", "status": "delivered"}), secret="palsu")
    assert response.status_code == 403
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENT


def test_without_an_app_secret_every_callback_is_refused(client, db, settings):
    settings.WHATSAPP_APP_SECRET = ""
    assert _post(client, _statuses(), secret="").status_code == 403


def test_a_failed_status_after_acceptance_falls_back_to_the_next_channel(client, db, whatsapp_secret):
    person, delivery = _sent_whatsapp()
    _post(
        client,
        _statuses(
            {"id": "wamid.X", "status": "failed", "errors": [{"code": 131026, "title": "Undeliverable"}]}
        ),
    )
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "131026 Undeliverable" in delivery.last_error
    assert Delivery.objects.get(person=person, channel=Channel.EMAIL).status == DeliveryStatus.QUEUED
