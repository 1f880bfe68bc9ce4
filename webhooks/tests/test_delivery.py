"""Events reach a partner's real HTTP server through the real Celery worker, signed and retried."""

import pytest

from core.testing import wait_until
from escalation.choices import AckVia
from escalation.services import escalation_acknowledge
from incidents.choices import Status
from incidents.services import incident_verify
from incidents.tests.factories import make_incident
from notifications.choices import AttemptOutcome, DeliveryStatus
from notifications.models import Delivery
from regions.models import AdminUnit
from webhooks.choices import WebhookEvent
from webhooks.services import subscription_create, subscription_pause, subscription_secret_rotate

from .conftest import signature_valid

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

ALL = list(WebhookEvent.values)


def _subscribe(receiver, by_user, *, area="64.08", events=ALL):
    subscription, secret = subscription_create(
        name="Bawaslu Kutim",
        url=receiver.url,
        events=events,
        area=AdminUnit.objects.get(code=area),
        by_user=by_user,
    )
    return subscription, secret


def _settled(subscription):
    deliveries = list(Delivery.objects.filter(message__group_key=subscription.group_key))
    if deliveries and all(
        d.status not in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING) for d in deliveries
    ):
        return deliveries
    return None


def test_a_created_incident_arrives_signed_and_the_receiver_verifies_it(celery_worker, receiver, kab_admin):
    subscription, secret = _subscribe(receiver, kab_admin)
    receiver.secret = secret
    incident = make_incident(severity=3)
    wait_until(lambda: receiver.accepted, timeout=15)
    event = receiver.accepted[0]
    payload = event["json"]
    assert payload["type"] == "incident.created"
    assert payload["data"]["incident"]["number"] == incident.number
    assert payload["timestamp"].endswith("+08:00")
    assert payload["idempotency_key"] == event["headers"]["X-Pilkada-Idempotency-Key"]
    assert signature_valid(secret=secret, header=event["headers"]["X-Pilkada-Signature"], body=event["body"])
    # Informants and the reporter never leave the app.
    body = event["body"].decode()
    assert "chronology" not in body
    assert "reporter" not in body
    assert "informant" not in body
    assert incident.chronology not in body
    delivery = wait_until(lambda: _settled(subscription))[0]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 1)


def test_a_receiver_holding_a_wrong_secret_rejects_the_event(celery_worker, receiver, kab_admin):
    subscription, _secret = _subscribe(receiver, kab_admin)
    receiver.secret = "whsec_not-the-one-we-gave"
    make_incident(severity=3)
    delivery = wait_until(lambda: _settled(subscription), timeout=15)[0]
    assert receiver.rejected
    assert not receiver.accepted
    assert delivery.status == DeliveryStatus.FAILED
    assert "HTTP 401" in delivery.last_error
    assert delivery.reason == "Kunci atau token penyedia ditolak (hubungi administrator)"


def test_a_rotated_secret_signs_the_next_event(celery_worker, receiver, kab_admin):
    subscription, old = _subscribe(receiver, kab_admin)
    subscription, new = subscription_secret_rotate(subscription=subscription, by_user=kab_admin)
    receiver.secret = new
    make_incident(severity=3)
    event = wait_until(lambda: receiver.accepted, timeout=15)[0]
    header = event["headers"]["X-Pilkada-Signature"]
    assert signature_valid(secret=new, header=header, body=event["body"])
    assert not signature_valid(secret=old, header=header, body=event["body"])


def test_a_500_then_a_429_with_retry_after_are_retried_until_the_receiver_takes_it(
    celery_worker, receiver, kab_admin
):
    subscription, secret = _subscribe(receiver, kab_admin)
    receiver.secret = secret
    receiver.script = [(500, {}), (429, {"Retry-After": "1"})]
    make_incident(severity=3)
    wait_until(lambda: receiver.accepted, timeout=20)
    delivery = wait_until(lambda: _settled(subscription), timeout=10)[0]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)
    attempts = list(delivery.attempt_log.order_by("number"))
    assert [a.outcome for a in attempts] == [
        AttemptOutcome.TRANSIENT,
        AttemptOutcome.TRANSIENT,
        AttemptOutcome.SENT,
    ]
    assert "HTTP 500" in attempts[0].error
    assert "HTTP 429" in attempts[1].error
    # Retry-After: 1 was honoured (never sooner than the receiver asked).
    assert (attempts[2].started_at - attempts[1].finished_at).total_seconds() >= 1
    assert receiver.calls == 3


def test_a_paused_subscription_gets_nothing(celery_worker, receiver, kab_admin):
    paused, _secret = _subscribe(receiver, kab_admin)
    subscription_pause(subscription=paused, by_user=kab_admin)
    active, other_secret = _subscribe(receiver, kab_admin, events=[WebhookEvent.INCIDENT_CREATED])
    receiver.secret = other_secret
    make_incident(severity=3)
    wait_until(lambda: _settled(active), timeout=15)
    assert not Delivery.objects.filter(message__group_key=paused.group_key).exists()
    assert len(receiver.accepted) == 1
    assert receiver.accepted[0]["headers"]["X-Pilkada-Idempotency-Key"].startswith(f"webhook|{active.pk}|")


def test_an_incident_outside_the_subscriptions_area_is_not_sent(celery_worker, receiver, kab_admin):
    bengalon, _ = _subscribe(receiver, kab_admin, area="64.08.09")
    sangatta, secret = _subscribe(receiver, kab_admin, area="64.08.04")
    receiver.secret = secret
    make_incident(severity=3, area_code="64.08.04.2001")  # Sangatta Utara
    wait_until(lambda: _settled(sangatta), timeout=15)
    assert not Delivery.objects.filter(message__group_key=bengalon.group_key).exists()
    assert [e["json"]["data"]["incident"]["area"]["code"] for e in receiver.accepted] == ["64.08.04.2001"]


def test_a_status_change_and_an_acknowledgement_arrive_as_their_events(celery_worker, receiver, kab_admin):
    _subscription, secret = _subscribe(
        receiver,
        kab_admin,
        events=[WebhookEvent.INCIDENT_STATUS_CHANGED, WebhookEvent.ESCALATION_ACKNOWLEDGED],
    )
    receiver.secret = secret
    incident = make_incident(severity=4)
    incident_verify(incident=incident, expected_version=None, by_user=kab_admin)
    escalation_acknowledge(escalation=incident.escalations.get(), by_user=kab_admin)
    wait_until(lambda: len(receiver.accepted) == 2, timeout=15)
    by_type = {e["json"]["type"]: e["json"]["data"] for e in receiver.accepted}
    assert set(by_type) == {"incident.status_changed", "escalation.acknowledged"}
    assert by_type["incident.status_changed"]["change"] == {
        "old_status": Status.BARU,
        "new_status": Status.TERVERIFIKASI,
    }
    acknowledged = by_type["escalation.acknowledged"]["escalation"]
    assert acknowledged["acknowledged_via"] == AckVia.APP
    assert acknowledged["acknowledged_at"].endswith("+08:00")
