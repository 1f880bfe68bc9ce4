from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.choices import AttemptOutcome, Channel, DeliveryStatus, FailureReason, Urgency
from notifications.models import Delivery, InboxItem, Message
from notifications.selectors import delivery_list_for_group, person_without_notifiable_contact
from notifications.services import (
    Outgoing,
    delivery_claim,
    delivery_perform,
    delivery_retry,
    delivery_sweep,
    notification_cancel_group,
    notification_send,
    notification_send_many,
    retry_backoff_s,
)
from stakeholders.tests.factories import ContactPointFactory, PersonFactory, UserFactory

from .factories import EMAIL, PHONE, TELEGRAM, WHATSAPP, person_with_contacts


def _send(recipients, key="kunci-1", **kwargs):
    return notification_send(
        text="Bentrokan di Sangatta Utara", recipients=recipients, idempotency_key=key, **kwargs
    )


def test_send_creates_an_inbox_item_and_a_delivery_on_the_first_preferred_channel(db):
    person = person_with_contacts((TELEGRAM, "12345"), (EMAIL, "budi@contoh.invalid"), user=UserFactory())
    message = _send([person], link="https://contoh.invalid/insiden/1")
    rows = {d.channel: d for d in message.deliveries.all()}
    assert set(rows) == {Channel.IN_APP, Channel.TELEGRAM}
    assert rows[Channel.IN_APP].status == DeliveryStatus.SENT
    assert rows[Channel.TELEGRAM].status == DeliveryStatus.QUEUED
    assert rows[Channel.TELEGRAM].address == "12345"
    assert InboxItem.objects.get(person=person, message=message).read_at is None


def test_in_app_to_a_person_without_an_account_is_a_failure_with_its_reason_never_sent(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    in_app = _send([person]).deliveries.get(channel=Channel.IN_APP)
    assert in_app.status == DeliveryStatus.FAILED
    assert in_app.sent_at is None
    assert in_app.failure_reason == FailureReason.NO_ACCOUNT
    assert in_app.reason == "Tidak punya akun aktif di aplikasi"
    assert InboxItem.objects.filter(person=person).exists()


def test_in_app_to_a_disabled_account_is_a_failure_too(db):
    person = person_with_contacts(user=UserFactory(is_active=False))
    in_app = _send([person]).deliveries.get(channel=Channel.IN_APP)
    assert (in_app.status, in_app.failure_reason) == (DeliveryStatus.FAILED, FailureReason.NO_ACCOUNT)


def test_retrying_in_app_after_the_account_is_made_sends_it(db):
    person = person_with_contacts()
    in_app = _send([person]).deliveries.get(channel=Channel.IN_APP)
    person.user = UserFactory()
    person.save()
    delivery_retry(delivery=in_app, by_user=None)
    assert delivery_perform(delivery_id=in_app.pk)[0] == "sent"
    in_app.refresh_from_db()
    assert (in_app.status, in_app.failure_reason) == (DeliveryStatus.SENT, "")


def test_preference_order_decides_the_first_channel_not_creation_order(db):
    person = PersonFactory()
    ContactPointFactory(person=person, kind=EMAIL, value="b@contoh.invalid", preference=2)
    ContactPointFactory(person=person, kind=WHATSAPP, value="+6281234567890", preference=1)
    message = _send([person])
    assert message.deliveries.exclude(channel=Channel.IN_APP).get().channel == Channel.WHATSAPP


def test_unverified_and_not_notifiable_contacts_are_not_used(db):
    person = PersonFactory()
    ContactPointFactory(person=person, kind=EMAIL, value="a@contoh.invalid", verified=False, preference=1)
    ContactPointFactory(person=person, kind=TELEGRAM, value="999", notifiable=False, preference=2)
    ContactPointFactory(person=person, kind=PHONE, value="+6281234567890", preference=3)
    message = _send([person])
    assert message.deliveries.exclude(channel=Channel.IN_APP).get().channel == Channel.SMS


def test_a_recipient_without_a_notifiable_contact_is_recorded_as_a_visible_failure(db):
    person = PersonFactory()
    ContactPointFactory(person=person, kind=EMAIL, value="a@contoh.invalid", verified=False)
    message = _send([person])
    gap = message.deliveries.get(channel=Channel.NONE)
    assert gap.status == DeliveryStatus.FAILED
    assert "Tidak ada kontak" in gap.last_error
    assert list(person_without_notifiable_contact()) == [person]


def test_sending_twice_with_the_same_key_returns_the_same_message_and_adds_nothing(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    first = _send([person])
    second = _send([person, PersonFactory()])
    assert second.pk == first.pk
    assert Message.objects.count() == 1
    assert Delivery.objects.count() == 2


def test_a_person_listed_twice_gets_one_delivery_per_channel(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    message = _send([person, person])
    assert message.deliveries.count() == 2


def _batch(people, prefix="batch"):
    return [
        Outgoing(
            text="Bentrokan di Sangatta Utara",
            recipients=[person],
            idempotency_key=f"{prefix}|{person.pk}",
            link=f"https://contoh.invalid/konfirmasi/{person.pk}",
        )
        for person in people
    ]


def test_a_batch_gives_each_recipient_their_own_message_and_link(db):
    people = [person_with_contacts((TELEGRAM, f"1000{n}"), full_name=f"Penerima {n}") for n in range(3)]
    messages = notification_send_many(messages=_batch(people), group_key="grup-1")
    assert [m.idempotency_key for m in messages] == [f"batch|{p.pk}" for p in people]
    for person, message in zip(people, messages, strict=True):
        assert message.link.endswith(f"/{person.pk}")
        assert message.group_key == "grup-1"
        assert sorted(message.deliveries.values_list("person_id", "channel")) == [
            (person.pk, Channel.IN_APP),
            (person.pk, Channel.TELEGRAM),
        ]


def test_a_batch_writes_in_the_same_number_of_queries_for_two_or_twenty_recipients(
    db, django_assert_max_num_queries
):
    few = [person_with_contacts((TELEGRAM, f"2000{n}"), full_name=f"A {n}") for n in range(2)]
    many = [person_with_contacts((TELEGRAM, f"3000{n}"), full_name=f"B {n}") for n in range(20)]
    with CaptureQueriesContext(connection) as small:
        notification_send_many(messages=_batch(few, "kecil"))
    with django_assert_max_num_queries(len(small.captured_queries)):
        notification_send_many(messages=_batch(many, "besar"))


def test_a_batch_sends_nothing_again_for_keys_already_sent(db):
    people = [person_with_contacts((TELEGRAM, f"4000{n}"), full_name=f"C {n}") for n in range(2)]
    first = notification_send_many(messages=_batch(people[:1]))
    again = notification_send_many(messages=_batch(people))
    assert again[0].pk == first[0].pk
    assert Message.objects.count() == 2
    assert Delivery.objects.filter(person=people[0]).count() == 2  # in-app + telegram, once


def test_critical_urgency_uses_every_channel_at_once(db):
    person = person_with_contacts((TELEGRAM, "12345"), (EMAIL, "budi@contoh.invalid"))
    message = _send([person], urgency=Urgency.CRITICAL)
    assert set(message.deliveries.values_list("channel", flat=True)) == {
        Channel.IN_APP,
        Channel.TELEGRAM,
        Channel.EMAIL,
    }


def test_a_link_that_is_not_a_url_is_refused_in_indonesian(db):
    with pytest.raises(ValidationError, match="URL"):
        _send([PersonFactory()], link="bukan tautan")
    assert not Message.objects.exists()


def test_cancelling_a_group_cancels_queued_deliveries_and_leaves_sent_ones(db):
    person = person_with_contacts((TELEGRAM, "12345"), user=UserFactory())
    message = _send([person], group_key="insiden-7")
    other = _send([person], key="lain", group_key="insiden-8")
    assert notification_cancel_group(group_key="insiden-7") == 1
    assert message.deliveries.get(channel=Channel.TELEGRAM).status == DeliveryStatus.CANCELLED
    assert message.deliveries.get(channel=Channel.IN_APP).status == DeliveryStatus.SENT
    assert other.deliveries.get(channel=Channel.TELEGRAM).status == DeliveryStatus.QUEUED
    assert [d.channel for d in delivery_list_for_group(group_key="insiden-7")] == [
        Channel.IN_APP,
        Channel.TELEGRAM,
    ]


def test_a_cancelled_delivery_is_never_claimed(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    message = _send([person], group_key="insiden-7")
    notification_cancel_group(group_key="insiden-7")
    claim, reason = delivery_claim(delivery_id=message.deliveries.get(channel=Channel.TELEGRAM).pk)
    assert claim is None
    assert reason == "status cancelled"


def test_a_delivery_is_claimed_once_and_a_second_run_does_not_send(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    claim, _ = delivery_claim(delivery_id=delivery.pk)
    assert claim is not None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SENDING
    assert delivery.attempts == 1
    again, reason = delivery_claim(delivery_id=delivery.pk)
    assert again is None
    assert reason == "claimed by another run"


def test_an_expired_claim_is_not_sent_again_but_falls_back_to_the_next_channel(db):
    person = person_with_contacts((TELEGRAM, "12345"), (EMAIL, "budi@contoh.invalid"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    delivery_claim(delivery_id=delivery.pk)
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    claim, reason = delivery_claim(delivery_id=delivery.pk)
    assert reason == "status failed"
    assert claim is None
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "Hasil tidak diketahui" in delivery.last_error
    assert delivery.attempt_log.get().outcome == AttemptOutcome.UNKNOWN
    nxt = Delivery.objects.get(person=person, channel=Channel.EMAIL)
    assert nxt.status == DeliveryStatus.QUEUED


def test_the_sweeper_settles_claims_of_killed_workers_and_requeues_overdue_deliveries(
    db, django_capture_on_commit_callbacks
):
    person = person_with_contacts((TELEGRAM, "12345"))
    stuck = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    delivery_claim(delivery_id=stuck.pk)
    Delivery.objects.filter(pk=stuck.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    lost = _send([person_with_contacts((EMAIL, "x@contoh.invalid"))], key="k2").deliveries.get(
        channel=Channel.EMAIL
    )
    Delivery.objects.filter(pk=lost.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks() as callbacks:
        result = delivery_sweep()
    assert result == {"requeued": 1, "expired": 1}
    assert len(callbacks) == 1
    stuck.refresh_from_db()
    assert stuck.status == DeliveryStatus.FAILED
    lost.refresh_from_db()
    assert lost.next_attempt_at > timezone.now() - timedelta(seconds=5)


def test_a_channel_without_configuration_fails_with_that_reason_and_falls_back(db, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    person = person_with_contacts((TELEGRAM, "12345"), (EMAIL, "budi@contoh.invalid"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    outcome, retry_in = delivery_perform(delivery_id=delivery.pk)
    assert (outcome, retry_in) == ("failed", None)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert "TELEGRAM_BOT_TOKEN is not set" in delivery.last_error  # the raw detail, for the log
    assert delivery.reason == "Kanal ini belum disiapkan di server (hubungi administrator)"
    assert delivery.attempt_log.get().outcome == AttemptOutcome.NOT_CONFIGURED
    assert Delivery.objects.get(person=person, channel=Channel.EMAIL).status == DeliveryStatus.QUEUED


def test_manual_retry_gives_a_failed_delivery_another_round_and_records_who(db, settings):
    settings.TELEGRAM_BOT_TOKEN = ""
    admin = UserFactory()
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    delivery_perform(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    retried = delivery_retry(delivery=delivery, by_user=admin)
    assert retried.status == DeliveryStatus.QUEUED
    assert retried.max_attempts == 1 + settings.NOTIFICATIONS_MAX_ATTEMPTS
    delivery_perform(delivery_id=delivery.pk)
    assert delivery.attempt_log.get(number=2).requested_by == admin


def test_manual_retry_of_a_delivery_that_is_not_failed_is_refused(db):
    person = person_with_contacts((TELEGRAM, "12345"))
    delivery = _send([person]).deliveries.get(channel=Channel.TELEGRAM)
    with pytest.raises(ValidationError, match="Hanya pengiriman yang gagal"):
        delivery_retry(delivery=delivery, by_user=UserFactory())


def test_retrying_a_no_contact_row_uses_a_contact_added_since(db):
    person = PersonFactory()
    gap = _send([person]).deliveries.get(channel=Channel.NONE)
    with pytest.raises(ValidationError, match="belum punya kontak"):
        delivery_retry(delivery=gap, by_user=UserFactory())
    ContactPointFactory(person=person, kind=EMAIL, value="baru@contoh.invalid")
    nxt = delivery_retry(delivery=gap, by_user=UserFactory())
    assert (nxt.channel, nxt.status) == (Channel.EMAIL, DeliveryStatus.QUEUED)


def test_backoff_grows_exponentially_with_jitter_and_is_capped(settings):
    settings.NOTIFICATIONS_RETRY_BASE_S = 2.0
    settings.NOTIFICATIONS_RETRY_MAX_S = 30.0
    assert 1.0 <= retry_backoff_s(1) <= 2.0
    assert 1.0 <= retry_backoff_s(3) <= 8.0
    assert all(retry_backoff_s(10) <= 30.0 for _ in range(50))
    assert len({round(retry_backoff_s(4), 6) for _ in range(20)}) > 1


@pytest.mark.django_db(transaction=True)
def test_a_broker_down_when_a_message_commits_leaves_its_deliveries_queued_for_the_sweeper(caplog):
    from core.benchharness import free_port, use_broker

    person = person_with_contacts((TELEGRAM, "12345"))
    with use_broker(f"redis://127.0.0.1:{free_port()}/0"):
        message = _send([person])
    delivery = message.deliveries.get(channel=Channel.TELEGRAM)
    assert delivery.status == DeliveryStatus.QUEUED
    assert any("Could not enqueue" in record.getMessage() for record in caplog.records)
