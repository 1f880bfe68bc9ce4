"""Provider limits: the shared token bucket in Redis, the reserve for critical alerts, Retry-After.

Real Redis (the cache's) and a local HTTP server for the providers; the buckets' keys are removed
before each test.
"""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.choices import Channel, DeliveryStatus, FailureReason, Urgency
from notifications.models import Delivery
from notifications.ratelimit import _client, rate_acquire, rate_pause, rate_try
from notifications.services import delivery_perform, notification_send

from .factories import TELEGRAM, WHATSAPP, person_with_contacts

pytestmark = pytest.mark.django_db

TG = "/bot123:ABC/sendMessage"


@pytest.fixture(autouse=True)
def empty_buckets():
    client = _client()
    for key in client.scan_iter("rl:*"):
        client.delete(key)
    yield
    for key in client.scan_iter("rl:*"):
        client.delete(key)


def test_the_channel_bucket_gives_its_rate_then_says_how_long_to_wait(settings):
    settings.TELEGRAM_RATE_PER_S = 5
    settings.TELEGRAM_RATE_PER_CHAT_PER_S = 0
    taken = [rate_try(Channel.TELEGRAM, f"chat-{n}", urgency=Urgency.CRITICAL) for n in range(5)]
    assert taken == [0.0] * 5
    wait = rate_try(Channel.TELEGRAM, "chat-6", urgency=Urgency.CRITICAL)
    assert 0 < wait <= 0.2 + 0.01
    # Nothing was taken by the refused try: after the wait, exactly one more goes.
    assert rate_acquire(Channel.TELEGRAM, "chat-6", urgency=Urgency.CRITICAL, max_wait_s=1) == 0.0


def test_a_chat_has_its_own_limit_beside_the_bots(settings):
    settings.TELEGRAM_RATE_PER_S = 30
    settings.TELEGRAM_RATE_PER_CHAT_PER_S = 1
    assert rate_try(Channel.TELEGRAM, "4242", urgency=Urgency.CRITICAL) == 0.0
    assert rate_try(Channel.TELEGRAM, "4242", urgency=Urgency.CRITICAL) > 0.5
    assert rate_try(Channel.TELEGRAM, "4343", urgency=Urgency.CRITICAL) == 0.0


def test_a_reminder_to_a_chat_with_its_own_limit_still_goes(settings):
    # The reserve holds back part of the bot's bucket, never the chat's single token.
    settings.TELEGRAM_RATE_PER_S = 30
    settings.TELEGRAM_RATE_PER_CHAT_PER_S = 1
    assert rate_try(Channel.TELEGRAM, "5151", urgency=Urgency.NORMAL) == 0.0
    assert rate_try(Channel.TELEGRAM, "5252", urgency=Urgency.HIGH) == 0.0
    assert rate_try(Channel.TELEGRAM, "5151", urgency=Urgency.NORMAL) > 0.5


def test_critical_alerts_keep_a_reserve_that_reminders_cannot_take(settings):
    settings.WHATSAPP_RATE_PER_S = 10
    settings.NOTIFICATIONS_RATE_RESERVE = 0.2
    normal = [rate_try(Channel.WHATSAPP, f"+62811{n}", urgency=Urgency.NORMAL) for n in range(9)]
    # 10 tokens, 2 kept for critical alerts: 8 reminders go, the 9th waits while a critical one goes.
    assert normal[:8] == [0.0] * 8
    assert normal[8] > 0
    assert rate_try(Channel.WHATSAPP, "+62899", urgency=Urgency.CRITICAL) == 0.0
    assert rate_try(Channel.WHATSAPP, "+62898", urgency=Urgency.CRITICAL) == 0.0
    assert rate_try(Channel.WHATSAPP, "+62897", urgency=Urgency.CRITICAL) > 0


def test_a_wait_longer_than_a_worker_sleeps_leaves_the_delivery_queued_and_unclaimed(settings, providers):
    settings.TELEGRAM_RATE_PER_S = 30
    settings.NOTIFICATIONS_RATE_MAX_WAIT_S = 0.1
    rate_pause(Channel.TELEGRAM, 5)
    person = person_with_contacts((TELEGRAM, "12345"))
    message = notification_send(text="Rakor", recipients=[person], idempotency_key="rl-1")
    delivery = message.deliveries.get(channel=Channel.TELEGRAM)
    outcome, retry_in = delivery_perform(delivery_id=delivery.pk)
    assert outcome == "rate limited"
    assert 4 < retry_in <= 5
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.QUEUED, 0)
    assert not providers.log


def test_telegrams_retry_after_pauses_the_channel_and_is_not_counted_as_an_attempt(settings, providers):
    settings.TELEGRAM_RATE_PER_S = 30
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
    providers.expect_oneshot_request(TG).respond_with_json(
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 4",
            "parameters": {"retry_after": 4},
        },
        status=429,
    )
    person = person_with_contacts((TELEGRAM, "12345"))
    message = notification_send(
        text="Bentrok", recipients=[person], idempotency_key="rl-2", urgency=Urgency.HIGH
    )
    delivery = message.deliveries.get(channel=Channel.TELEGRAM)
    before = timezone.now()
    outcome, retry_in = delivery_perform(delivery_id=delivery.pk)
    assert outcome == "failed"
    assert retry_in >= 4
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED  # one attempt allowed, yet not failed: a 429 is not one
    assert delivery.failure_reason == FailureReason.RATE_LIMITED
    assert delivery.next_attempt_at >= before + timedelta(seconds=4)
    assert delivery.max_attempts == 2
    # Every worker now waits for the provider: the channel's bucket is paused.
    assert 3 < rate_try(Channel.TELEGRAM, "999", urgency=Urgency.CRITICAL) <= 4


def test_whatsapps_retry_after_header_is_honoured(settings, providers):
    settings.WHATSAPP_RATE_PER_S = 80
    providers.expect_oneshot_request("/1055/messages").respond_with_data(
        json.dumps({"error": {"code": 130429, "message": "Rate limit hit"}}),
        status=429,
        headers={"Retry-After": "7"},
        content_type="application/json",
    )
    person = person_with_contacts((WHATSAPP, "+6281170001111"))
    message = notification_send(text="Bentrok", recipients=[person], idempotency_key="rl-3")
    delivery = message.deliveries.get(channel=Channel.WHATSAPP)
    _, retry_in = delivery_perform(delivery_id=delivery.pk)
    assert retry_in >= 7
    assert 6 < rate_try(Channel.WHATSAPP, "+62800", urgency=Urgency.CRITICAL) <= 7
    assert Delivery.objects.get(pk=delivery.pk).status == DeliveryStatus.QUEUED
