"""End to end with the real Celery worker, real Redis, PostgreSQL and local provider servers."""

import json

import pytest

from core.conf import queue_critical
from core.testing import celery_worker_idle
from notifications.choices import AttemptOutcome, Channel, DeliveryStatus, FailureReason
from notifications.models import Delivery
from notifications.services import notification_send
from notifications.tasks import delivery_send_task, delivery_sweep_task

from .conftest import wait_until
from .factories import EMAIL, PHONE, TELEGRAM, WHATSAPP, person_with_contacts

pytestmark = [pytest.mark.worker]

TG = "/bot123:ABC/sendMessage"
WA = "/1055/messages"
SMS = "/sms/send"


def _send(people, key="insiden-1/langkah-1", **kwargs):
    return notification_send(
        text="Bentrokan di Sangatta Utara", recipients=people, idempotency_key=key, **kwargs
    )


def _final(delivery_id):
    delivery = Delivery.objects.get(pk=delivery_id)
    return delivery if delivery.status not in (DeliveryStatus.QUEUED, DeliveryStatus.SENDING) else None


def _calls(server, path):
    return [request for request, _ in server.log if request.path == path]


def test_a_message_reaches_telegram_through_the_worker(celery_worker, providers):
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 501}})
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    done = wait_until(lambda: _final(delivery.pk))
    assert (done.status, done.provider_message_id, done.attempts) == (DeliveryStatus.SENT, "501", 1)
    assert len(_calls(providers, TG)) == 1


def test_a_5xx_is_retried_with_backoff_until_the_provider_accepts(celery_worker, providers):
    providers.expect_oneshot_request(TG).respond_with_data("down", status=503)
    providers.expect_oneshot_request(TG).respond_with_data("down", status=502)
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 9}})
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    done = wait_until(lambda: _final(delivery.pk))
    assert done.status == DeliveryStatus.SENT
    assert done.attempts == 3
    assert list(done.attempt_log.values_list("outcome", flat=True)) == [
        AttemptOutcome.TRANSIENT,
        AttemptOutcome.TRANSIENT,
        AttemptOutcome.SENT,
    ]
    assert "HTTP 502" in done.attempt_log.get(number=2).error


def test_a_timeout_is_retried(celery_worker, providers, settings):
    import time

    from werkzeug import Response

    # The local server answers one request at a time, so a retry may wait behind the slow answer
    # and time out too: allow enough attempts for that.
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 6

    def slow(request):
        time.sleep(settings.NOTIFICATIONS_HTTP_TIMEOUT_S + 0.2)  # answers after the client gave up
        return Response(json.dumps({"messages": [{"id": "late"}]}), content_type="application/json")

    providers.expect_oneshot_request(WA).respond_with_handler(slow)
    providers.expect_request(WA).respond_with_json({"messages": [{"id": "wamid.OK"}]})
    person = person_with_contacts((WHATSAPP, "+6281234567890"))
    delivery = _send([person]).deliveries.get(channel=Channel.WHATSAPP)
    done = wait_until(lambda: _final(delivery.pk))
    assert (done.status, done.provider_message_id) == (DeliveryStatus.SENT, "wamid.OK")
    assert "timeout" in done.attempt_log.get(number=1).error


def test_a_4xx_falls_back_to_the_next_channel_at_once(celery_worker, providers):
    providers.expect_request(TG).respond_with_json({"ok": False, "description": "chat not found"}, status=400)
    providers.expect_request(SMS).respond_with_json({"data": [{"id": "sms-1"}]})
    person = person_with_contacts((TELEGRAM, "12345"), (PHONE, "+6281234567890"))
    message = _send([person])
    sms = wait_until(
        lambda: message.deliveries.filter(channel=Channel.SMS, status=DeliveryStatus.SENT).first()
    )
    telegram = message.deliveries.get(channel=Channel.TELEGRAM)
    assert (telegram.status, telegram.attempts) == (DeliveryStatus.FAILED, 1)
    assert "chat not found" in telegram.last_error
    assert sms.provider_message_id == "sms-1"


def test_a_channel_that_keeps_failing_falls_back_after_the_bounded_retries(
    celery_worker, providers, smtp_server
):
    providers.expect_request(TG).respond_with_data("down", status=500)
    person = person_with_contacts((TELEGRAM, "12345"), (EMAIL, "budi@contoh.invalid"))
    message = _send([person])
    email = wait_until(
        lambda: message.deliveries.filter(channel=Channel.EMAIL, status=DeliveryStatus.SENT).first()
    )
    telegram = message.deliveries.get(channel=Channel.TELEGRAM)
    assert telegram.status == DeliveryStatus.FAILED
    assert telegram.attempts == 3  # NOTIFICATIONS_MAX_ATTEMPTS in the providers fixture
    assert len(_calls(providers, TG)) == 3
    assert smtp_server.envelopes[0].rcpt_tos == ["budi@contoh.invalid"]
    assert email.provider_message_id


def test_when_every_channel_fails_the_last_failure_stays_visible(celery_worker, providers):
    providers.expect_request(TG).respond_with_data("gone", status=403)
    providers.expect_request(WA).respond_with_data("gone", status=401)
    person = person_with_contacts((TELEGRAM, "12345"), (WHATSAPP, "+6281234567890"))
    message = _send([person])
    whatsapp = wait_until(
        lambda: message.deliveries.filter(channel=Channel.WHATSAPP, status=DeliveryStatus.FAILED).first()
    )
    assert "HTTP 401" in whatsapp.last_error
    # The person has no account: in-app reached nobody either, and every row says why in Indonesian.
    assert set(message.deliveries.values_list("channel", "status", "failure_reason")) == {
        (Channel.IN_APP, DeliveryStatus.FAILED, FailureReason.NO_ACCOUNT),
        (Channel.TELEGRAM, DeliveryStatus.FAILED, FailureReason.BLOCKED),
        (Channel.WHATSAPP, DeliveryStatus.FAILED, FailureReason.CREDENTIALS),
    }


def test_a_task_run_twice_sends_once(celery_worker, providers):
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 1}})
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    for _ in range(3):
        delivery_send_task.apply_async(args=[delivery.pk], queue=queue_critical())
    wait_until(lambda: _final(delivery.pk))
    delivery_sweep_task.apply_async(queue=queue_critical())
    delivery_send_task.apply(args=[delivery.pk])
    assert len(_calls(providers, TG)) == 1
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1


def test_the_same_idempotency_key_from_two_callers_sends_once(celery_worker, providers):
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 1}})
    person = person_with_contacts((TELEGRAM, "12345"))
    first = _send([person])
    second = _send([person])
    assert first.pk == second.pk
    wait_until(lambda: _final(first.deliveries.get(channel=Channel.TELEGRAM).pk))
    assert len(_calls(providers, TG)) == 1


def test_cancelling_the_group_stops_the_retries_of_a_failing_delivery(celery_worker, providers, settings):
    import time

    from notifications.services import notification_cancel_group

    settings.NOTIFICATIONS_RETRY_BASE_S = 2.0
    settings.NOTIFICATIONS_RETRY_MAX_S = 2.0
    providers.expect_request(TG).respond_with_data("down", status=500)
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person], group_key="insiden-1").deliveries.get(channel=Channel.TELEGRAM)
    wait_until(
        lambda: Delivery.objects.filter(pk=delivery.pk, attempts=1, status=DeliveryStatus.QUEUED).exists()
    )
    assert notification_cancel_group(group_key="insiden-1") == 1
    time.sleep(settings.NOTIFICATIONS_RETRY_MAX_S + 0.5)  # past the retry's countdown
    wait_until(celery_worker_idle)  # and the retry, if any, has run
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.CANCELLED
    assert len(_calls(providers, TG)) == 1


def test_eight_concurrent_runs_of_one_delivery_call_the_provider_once(transactional_db, providers, settings):
    import threading

    from django.db import connection

    from notifications.services import delivery_perform

    # No worker consumes this queue: only the eight threads below run the delivery.
    settings.NOTIFICATIONS_QUEUE = "nobody-listens"
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 1}})
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    barrier = threading.Barrier(8)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(delivery_perform(delivery_id=delivery.pk)[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("sent") == 1
    assert len(_calls(providers, TG)) == 1
    assert Delivery.objects.get(pk=delivery.pk).attempts == 1


def test_the_sweeper_is_scheduled_every_30_seconds_on_the_critical_queue(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["delivery-sweep"]
    assert entry["task"] == "notifications.tasks.delivery_sweep"
    assert entry["schedule"].total_seconds() == 30
    assert entry["options"]["queue"] == queue_critical()
    assert settings.CELERY_TASK_ROUTES["notifications.tasks.delivery_send"] == {"queue": queue_critical()}


def test_a_chunk_of_deliveries_is_sent_by_one_task_and_a_failing_one_retried_alone(
    celery_worker, providers, settings
):
    settings.NOTIFICATIONS_BATCH_SIZE = 5
    providers.expect_oneshot_request(TG).respond_with_data("down", status=503)
    providers.expect_request(TG).respond_with_json({"ok": True, "result": {"message_id": 77}})
    people = [person_with_contacts((TELEGRAM, f"5500{n}"), full_name=f"Penerima {n}") for n in range(7)]
    message = _send(people, key="insiden-2/langkah-1")
    ids = list(message.deliveries.filter(channel=Channel.TELEGRAM).values_list("pk", flat=True))
    assert wait_until(lambda: all(_final(pk) for pk in ids))
    rows = Delivery.objects.filter(pk__in=ids)
    assert {row.status for row in rows} == {DeliveryStatus.SENT}
    # Seven sends and one retry: the 503 hit one delivery, which alone was tried again.
    assert sorted(row.attempts for row in rows) == [1, 1, 1, 1, 1, 1, 2]
    assert len(_calls(providers, TG)) == 8
