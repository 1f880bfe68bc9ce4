"""Every write of the notifications app: sending a message, claiming, recording, retrying, cancelling.

The delivery protocol, so that no alert is lost and none is sent twice per idempotency key:

1. ``notification_send`` writes the message and one delivery per person (in-app at once; the first
   external channel queued) in the caller's transaction and enqueues the tasks after commit.
2. ``delivery_claim`` locks the row (skip_locked), re-checks it and commits status ``sending`` with
   the attempt number and a claim deadline *before* any provider is called.
3. The provider is called outside any transaction; ``delivery_record_result`` then records sent,
   a transient failure (queued again after a backoff with jitter, up to ``max_attempts``), or the
   final failure, which falls back to the person's next channel.
4. A delivery found in ``sending`` after its claim deadline (the worker died during the call) has an
   unknown outcome. Rule: it is never sent again on the same key. Idempotent channels (in-app) are
   simply retried; every other channel is marked failed ("hasil tidak diketahui") and the person's
   next channel is tried, so the person is still reached without a duplicate on that key.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conf import queue_critical
from core.tasks import enqueue_on_commit
from stakeholders.selectors import contact_point_notifiable_list, person_ids_with_active_account

from .choices import (
    CONTACT_CHANNEL,
    AttemptOutcome,
    Channel,
    DeliveryStatus,
    FailureReason,
    Urgency,
)
from .hooks import delivery_settled_hooks_run
from .models import Broadcast, Delivery, DeliveryAttempt, InboxItem, Message

if TYPE_CHECKING:
    from stakeholders.models import ContactPoint, Person


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("NOTIFICATIONS_MAX_ATTEMPTS", 5))


def claim_timeout() -> timedelta:
    return timedelta(seconds=float(_setting("NOTIFICATIONS_CLAIM_TIMEOUT_S", 150)))


def retry_backoff_s(attempt: int) -> float:
    """Exponential backoff with full jitter: a random wait in [base/2, base * 2^(attempt-1)], capped."""
    base = float(_setting("NOTIFICATIONS_RETRY_BASE_S", 2.0))
    cap = float(_setting("NOTIFICATIONS_RETRY_MAX_S", 300.0))
    ceiling = min(cap, base * (2 ** max(attempt - 1, 0)))
    return random.uniform(min(base / 2, ceiling), ceiling)  # noqa: S311 - jitter, not security


def delivery_queue() -> str:
    """The Celery queue of delivery tasks (the critical queue; a benchmark uses its own)."""
    return str(_setting("NOTIFICATIONS_QUEUE", None) or queue_critical())


def delivery_batch_size() -> int:
    """How many deliveries one task sends, one after another (fewer broker round trips per send)."""
    return max(1, int(_setting("NOTIFICATIONS_BATCH_SIZE", 10)))


def deliveries_enqueue_on_commit(delivery_ids: list[int]) -> None:
    """Queue the sending of these deliveries once the current transaction commits (never before).

    One id goes to delivery_send; more go in chunks of ``NOTIFICATIONS_BATCH_SIZE`` to
    delivery_send_batch. Each delivery is still claimed, sent and recorded on its own, so a worker
    killed mid-chunk, or a broker down at commit, leaves the rest queued in PostgreSQL for the sweeper.
    """
    if not delivery_ids:
        return
    from .tasks import delivery_send_batch_task, delivery_send_task

    ids = list(delivery_ids)
    queue = delivery_queue()
    size = delivery_batch_size()

    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        if len(chunk) == 1:
            enqueue_on_commit(delivery_send_task, chunk[0], queue=queue)
        else:
            enqueue_on_commit(delivery_send_batch_task, chunk, queue=queue)


def delivery_key(*, message: Message, person_id: int, channel: str) -> str:
    """The idempotency key of one (message, person, channel)."""
    return f"{message.idempotency_key}|{person_id}|{channel}"


def contact_chain(person_ids: list[int]) -> dict[int, list[ContactPoint]]:
    """Each person's notifiable, verified contact points in order of preference, one per channel."""
    chains: dict[int, list[ContactPoint]] = {pid: [] for pid in person_ids}
    seen: set[tuple[int, str]] = set()
    for point in contact_point_notifiable_list(person_ids=person_ids):
        channel = CONTACT_CHANNEL.get(point.kind)
        if channel is None or (point.person_id, channel) in seen:
            continue
        seen.add((point.person_id, channel))
        chains[point.person_id].append(point)
    return chains


# A delivery answered 429 again and again is tried at most this often in all (then it fails and falls back).
RATE_LIMITED_ATTEMPTS_MAX = 20

NO_CONTACT_ERROR = "Tidak ada kontak yang terverifikasi dan boleh dikirimi notifikasi."


@dataclass(frozen=True)
class Outgoing:
    """One message of a batch for ``notification_send_many``: its own text, link, key and recipients."""

    text: str
    recipients: list[Person]
    idempotency_key: str
    long_text: str = ""
    link: str = ""
    action_text: str = ""


@transaction.atomic
def notification_send(
    *,
    text: str,
    recipients: list[Person],
    idempotency_key: str,
    long_text: str = "",
    link: str = "",
    urgency: str = Urgency.NORMAL,
    group_key: str = "",
) -> Message:
    """Create the message and its deliveries in one transaction; the same key again returns the same message.

    Every recipient gets an in-app inbox item at once and a delivery on their first notifiable,
    verified contact point (every such channel at once when urgency is critical). A recipient with
    none gets a failed delivery on channel "none", so the gap is visible, never silent. The in-app
    delivery of a person without an active account is failed ("no_account"): nobody can read it.
    """
    outgoing = Outgoing(
        text=text, recipients=recipients, idempotency_key=idempotency_key, long_text=long_text, link=link
    )
    return notification_send_many(messages=[outgoing], urgency=urgency, group_key=group_key)[0]


@transaction.atomic
def notification_send_many(
    *, messages: list[Outgoing], urgency: str = Urgency.NORMAL, group_key: str = ""
) -> list[Message]:
    """``notification_send`` for many messages at once (e.g. one per recipient, each with its own link),
    in a fixed number of queries however many there are; returns the messages in the given order.

    A key already sent returns its existing message and sends nothing again.
    """
    keys = [m.idempotency_key for m in messages]
    existing = {m.idempotency_key: m for m in Message.objects.filter(idempotency_key__in=keys)}
    fresh: list[tuple[Message, Outgoing]] = []
    for outgoing in messages:
        if outgoing.idempotency_key in existing:
            continue
        message = Message(
            text=outgoing.text.strip(),
            long_text=outgoing.long_text.strip(),
            link=outgoing.link.strip(),
            action_text=outgoing.action_text.strip(),
            urgency=urgency,
            idempotency_key=outgoing.idempotency_key,
            group_key=group_key,
        )
        message.full_clean(validate_unique=False, validate_constraints=False)
        fresh.append((message, outgoing))
    if fresh:
        try:
            with transaction.atomic():
                Message.objects.bulk_create([message for message, _ in fresh])
        except IntegrityError:
            # A concurrent caller committed one of the keys first: settle them one at a time.
            if len(messages) == 1:
                return [Message.objects.get(idempotency_key=keys[0])]
            return [
                notification_send_many(messages=[m], urgency=urgency, group_key=group_key)[0]
                for m in messages
            ]
        _deliveries_create(fresh, urgency=urgency)
    created = {message.idempotency_key: message for message, _ in fresh}
    return [existing.get(key) or created[key] for key in keys]


def _deliveries_create(fresh: list[tuple[Message, Outgoing]], *, urgency: str) -> None:
    """Inbox items and deliveries of new messages (bulk), queued tasks enqueued after commit."""
    pairs: list[tuple[Message, int]] = []
    for message, outgoing in fresh:
        people: dict[int, Person] = {}
        for person in outgoing.recipients:
            people.setdefault(person.pk, person)
        pairs.extend((message, pid) for pid in people)
    person_ids = sorted({pid for _, pid in pairs})
    chains = contact_chain(person_ids)
    with_account = person_ids_with_active_account(person_ids=person_ids)
    now = timezone.now()
    inbox = InboxItem.objects.bulk_create(
        [InboxItem(person_id=pid, message=message) for message, pid in pairs]
    )
    rows: list[Delivery] = []
    for (message, pid), item in zip(pairs, inbox, strict=True):
        in_app = Delivery(
            message=message,
            person_id=pid,
            channel=Channel.IN_APP,
            address=str(pid),
            idempotency_key=delivery_key(message=message, person_id=pid, channel=Channel.IN_APP),
            status=DeliveryStatus.SENT,
            attempts=1,
            provider_message_id=f"inbox:{item.pk}",
            sent_at=now,
        )
        if pid not in with_account:
            # The item stays (an account made later shows it), but nobody can read it now.
            in_app.status, in_app.sent_at = DeliveryStatus.FAILED, None
            in_app.failure_reason = FailureReason.NO_ACCOUNT
            in_app.last_error = f"in_app: person {pid} has no active user account"
        rows.append(in_app)
        chain = chains[pid]
        if not chain:
            rows.append(
                Delivery(
                    message=message,
                    person_id=pid,
                    channel=Channel.NONE,
                    idempotency_key=delivery_key(message=message, person_id=pid, channel=Channel.NONE),
                    status=DeliveryStatus.FAILED,
                    last_error=NO_CONTACT_ERROR,
                    failure_reason=FailureReason.NO_CONTACT,
                )
            )
            continue
        for point in chain if urgency == Urgency.CRITICAL else chain[:1]:
            rows.append(_queued_delivery(message=message, point=point, now=now))
    created = Delivery.objects.bulk_create(rows)
    deliveries_enqueue_on_commit([d.pk for d in created if d.status == DeliveryStatus.QUEUED])


def _queued_delivery(*, message: Message, point: ContactPoint, now: datetime) -> Delivery:
    channel = CONTACT_CHANNEL[point.kind]
    return Delivery(
        message=message,
        person_id=point.person_id,
        channel=channel,
        address=point.value,
        contact_point=point,
        idempotency_key=delivery_key(message=message, person_id=point.person_id, channel=channel),
        status=DeliveryStatus.QUEUED,
        max_attempts=max_attempts(),
        next_attempt_at=now,
    )


def webhook_max_attempts() -> int:
    return int(_setting("WEBHOOK_MAX_ATTEMPTS", 8))


@transaction.atomic
def notification_send_webhook(
    *, url: str, payload: dict, idempotency_key: str, text: str, group_key: str = ""
) -> Message:
    """One JSON payload to a partner system's URL, signed and retried like every delivery; the same key
    again returns the same message and sends nothing more.

    ``group_key`` names the endpoint for the signing secret (``hooks.webhook_secret_resolver_register``)
    and lets its owner cancel every pending delivery at once (``notification_cancel_group``).
    """
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    message = Message(
        text=text.strip()[:500],
        payload=payload,
        urgency=Urgency.NORMAL,
        idempotency_key=idempotency_key,
        group_key=group_key,
    )
    message.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # A concurrent caller committed the key first.
        return Message.objects.get(idempotency_key=idempotency_key)
    delivery = Delivery(
        message=message,
        person=None,
        channel=Channel.WEBHOOK,
        address=url,
        idempotency_key=f"{idempotency_key}|{Channel.WEBHOOK}",
        status=DeliveryStatus.QUEUED,
        max_attempts=webhook_max_attempts(),
        next_attempt_at=timezone.now(),
    )
    delivery.full_clean(validate_unique=False, validate_constraints=False)
    delivery.save()
    deliveries_enqueue_on_commit([delivery.pk])
    return message


@transaction.atomic
def notification_cancel_group(*, group_key: str) -> int:
    """Cancel every delivery of the group not yet claimed; returns how many. In-flight sends finish."""
    if not group_key:
        raise ValidationError(_("Kunci grup wajib diisi."))
    now = timezone.now()
    Message.objects.filter(group_key=group_key, cancelled_at__isnull=True).update(cancelled_at=now)
    return Delivery.objects.filter(message__group_key=group_key, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.CANCELLED,
        next_attempt_at=None,
        last_error=_("Dibatalkan sebelum dikirim (grup pesan dihentikan)."),
        updated_at=now,
    )


@transaction.atomic
def notification_close_group(*, group_key: str, note: str) -> int:
    """The sender settled the matter: every message of the group shows ``note`` instead of its action
    (e.g. "Sudah ditangani oleh ..." instead of "Mohon konfirmasi."); returns how many messages."""
    if not group_key:
        raise ValidationError(_("Kunci grup wajib diisi."))
    closed = Message.objects.filter(group_key=group_key).update(
        closed_note=note[:300], closed_at=timezone.now()
    )
    _edits_enqueue_on_commit(group_key)
    return closed


def _edits_enqueue_on_commit(group_key: str) -> None:
    """After commit, change the messages already sent in the group where the channel allows it (Telegram)."""
    from .channels import CHANNELS
    from .tasks import delivery_edits_send_task

    editable = [name for name, channel in CHANNELS.items() if channel.editable]
    ids = list(
        Delivery.objects.filter(
            message__group_key=group_key,
            channel__in=editable,
            status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
        )
        .exclude(provider_message_id="")
        .values_list("id", flat=True)
    )
    if ids:
        enqueue_on_commit(delivery_edits_send_task, ids, queue=delivery_queue())


def delivery_edits_send(*, delivery_ids: list[int]) -> dict[str, int]:
    """Give each sent delivery's message its current text at the provider (after a close or reopen).

    Best effort and outside any transaction: a failed edit leaves the original message, which is
    still true when it was sent, and is logged; the inbox and the acknowledge page say the rest.
    """
    from .channels import ChannelError, channel_for

    outcome = {"edited": 0, "failed": 0}
    for delivery in Delivery.objects.filter(pk__in=delivery_ids).select_related("message"):
        channel = channel_for(delivery.channel)
        if not channel.editable or not delivery.provider_message_id:
            continue
        try:
            channel.edit(delivery.address, delivery.provider_message_id, delivery.message)
            outcome["edited"] += 1
        except ChannelError:
            outcome["failed"] += 1
    return outcome


@transaction.atomic
def notification_reopen_group(*, group_key: str) -> int:
    """Undo ``notification_close_group``: the messages ask for their action again; returns how many."""
    if not group_key:
        raise ValidationError(_("Kunci grup wajib diisi."))
    reopened = Message.objects.filter(group_key=group_key, closed_at__isnull=False).update(
        closed_note="", closed_at=None
    )
    _edits_enqueue_on_commit(group_key)
    return reopened


def _delivery_fall_back(delivery: Delivery) -> Delivery | None:
    """Queue the person's next untried channel for this message; None when there is none left."""
    if delivery.message.cancelled_at is not None or delivery.person_id is None:
        return None
    tried = set(
        Delivery.objects.filter(message_id=delivery.message_id, person_id=delivery.person_id).values_list(
            "channel", flat=True
        )
    )
    for point in contact_chain([delivery.person_id])[delivery.person_id]:
        if CONTACT_CHANNEL[point.kind] not in tried:
            nxt = _queued_delivery(message=delivery.message, point=point, now=timezone.now())
            nxt.save()
            deliveries_enqueue_on_commit([nxt.pk])
            return nxt
    return None


@dataclass
class Claim:
    """A delivery claimed for one attempt: the caller may now call the provider, once."""

    delivery: Delivery
    number: int
    started_at: datetime
    requested_by_id: int | None = None


def _expire_claim(delivery: Delivery, now: datetime) -> None:
    """Settle a delivery whose claim deadline passed in 'sending' (see the module's rule)."""
    from .channels import CHANNELS

    # The claim was made one claim timeout before its deadline.
    started = (delivery.next_attempt_at or now) - claim_timeout()
    if CHANNELS[delivery.channel].idempotent:
        delivery.status = DeliveryStatus.QUEUED
        delivery.next_attempt_at = now
        error = "claim expired; retried (idempotent channel)"
    else:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
        error = _(
            "Hasil tidak diketahui: pekerja berhenti saat mengirim. Tidak diulang di kanal ini agar "
            "tidak terkirim dua kali; kanal berikutnya dicoba."
        )
        delivery.last_error = error
        delivery.failure_reason = FailureReason.UNKNOWN_OUTCOME
    delivery.save(update_fields=["status", "next_attempt_at", "last_error", "failure_reason", "updated_at"])
    DeliveryAttempt.objects.get_or_create(
        delivery=delivery,
        number=delivery.attempts,
        defaults={
            "started_at": started,
            "finished_at": now,
            "outcome": AttemptOutcome.UNKNOWN,
            "error": error,
        },
    )
    if delivery.status == DeliveryStatus.FAILED:
        _delivery_fall_back(delivery)
        delivery_settled_hooks_run(message_keys=[delivery.message.idempotency_key])


def delivery_claim(*, delivery_id: int) -> tuple[Claim | None, str]:
    """Lock, re-check and claim a delivery in its own committed transaction; (None, reason) when not to send."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("message")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None:
            return None, "locked or gone"
        if delivery.status == DeliveryStatus.SENDING:
            if delivery.next_attempt_at and delivery.next_attempt_at > now:
                return None, "claimed by another run"
            _expire_claim(delivery, now)
        if delivery.status != DeliveryStatus.QUEUED:
            return None, f"status {delivery.status}"
        if delivery.message.cancelled_at is not None:
            delivery.status = DeliveryStatus.CANCELLED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
            delivery_settled_hooks_run(message_keys=[delivery.message.idempotency_key])
            return None, "cancelled"
        if delivery.next_attempt_at and delivery.next_attempt_at > now + timedelta(seconds=1):
            return None, "not due yet"
        claim = Claim(
            delivery=delivery,
            number=delivery.attempts + 1,
            started_at=now,
            requested_by_id=delivery.retry_requested_by_id,
        )
        delivery.attempts = claim.number
        delivery.status = DeliveryStatus.SENDING
        delivery.next_attempt_at = now + claim_timeout()
        delivery.retry_requested_by = None
        delivery.save(
            update_fields=["attempts", "status", "next_attempt_at", "retry_requested_by", "updated_at"]
        )
    return claim, "claimed"


def delivery_record_result(
    *, claim: Claim, provider_message_id: str = "", error: Exception | None = None
) -> float | None:
    """Record one attempt's outcome; returns the backoff in seconds when the delivery should be retried."""
    from .channels import NotConfiguredError, TransientError

    now = timezone.now()
    if error is None:
        outcome = AttemptOutcome.SENT
    elif isinstance(error, NotConfiguredError):
        outcome = AttemptOutcome.NOT_CONFIGURED
    elif isinstance(error, TransientError):
        outcome = AttemptOutcome.TRANSIENT
    else:
        outcome = AttemptOutcome.PERMANENT
    error_text = "" if error is None else f"{error.__class__.__name__}: {error}"[:2000]
    reason = str(getattr(error, "reason", "") or FailureReason.OTHER) if error is not None else ""
    provider_message_id = provider_message_id[:200]
    attempt = DeliveryAttempt(
        delivery_id=claim.delivery.pk,
        number=claim.number,
        started_at=claim.started_at,
        finished_at=now,
        outcome=outcome,
        error=error_text,
        provider_message_id=provider_message_id,
        requested_by_id=claim.requested_by_id,
    )
    still_ours = {"pk": claim.delivery.pk, "status": DeliveryStatus.SENDING, "attempts": claim.number}
    with transaction.atomic():
        if outcome == AttemptOutcome.SENT:
            # The common path in one conditional UPDATE, no lock round trip.
            fresh = Delivery.objects.filter(**still_ours).update(
                status=DeliveryStatus.SENT,
                sent_at=now,
                provider_message_id=provider_message_id,
                last_error="",
                failure_reason="",
                next_attempt_at=None,
                updated_at=now,
            )
            delivery = None
            if fresh:
                delivery_settled_hooks_run(message_keys=[claim.delivery.message.idempotency_key])
        else:
            delivery = (
                Delivery.objects.select_for_update(of=("self",))
                .select_related("message")
                .filter(**still_ours)
                .first()
            )
            fresh = delivery is not None
        if not fresh:
            # The claim expired and another run settled it meanwhile; the attempt row keeps the truth.
            DeliveryAttempt.objects.update_or_create(
                delivery_id=claim.delivery.pk,
                number=claim.number,
                defaults={
                    "started_at": claim.started_at,
                    "finished_at": now,
                    "outcome": outcome,
                    "error": error_text,
                    "provider_message_id": provider_message_id,
                },
            )
            return None
        attempt.save()
        if delivery is None:
            return None
        retry_in = None
        if outcome == AttemptOutcome.TRANSIENT and delivery.message.cancelled_at is not None:
            delivery.status = DeliveryStatus.CANCELLED
            delivery.next_attempt_at = None
        elif (
            outcome == AttemptOutcome.TRANSIENT
            and reason == FailureReason.RATE_LIMITED
            and (delivery.attempts < RATE_LIMITED_ATTEMPTS_MAX)
        ):
            # The provider's limit, not the message: not counted against the delivery's attempts, and
            # tried again when the provider said (Retry-After), never sooner.
            delivery.max_attempts = max(delivery.max_attempts, delivery.attempts + 1)
            retry_in = max(float(getattr(error, "retry_after", 0) or 0), retry_backoff_s(1))
            delivery.status = DeliveryStatus.QUEUED
            delivery.next_attempt_at = now + timedelta(seconds=retry_in)
        elif outcome == AttemptOutcome.TRANSIENT and delivery.attempts < delivery.max_attempts:
            retry_in = max(retry_backoff_s(delivery.attempts), float(getattr(error, "retry_after", 0) or 0))
            delivery.status = DeliveryStatus.QUEUED
            delivery.next_attempt_at = now + timedelta(seconds=retry_in)
        else:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        delivery.last_error = error_text
        delivery.failure_reason = reason
        delivery.save(
            update_fields=[
                "status",
                "last_error",
                "failure_reason",
                "next_attempt_at",
                "max_attempts",
                "updated_at",
            ]
        )
        if delivery.status == DeliveryStatus.FAILED:
            _delivery_fall_back(delivery)
    return retry_in


def delivery_perform(*, delivery_id: int) -> tuple[str, float | None]:
    """Claim, call the channel once, record; returns (what happened, retry backoff or None)."""
    from .channels import ChannelError, channel_for
    from .ratelimit import rate_acquire, rate_pause

    # The provider's limit first (a token from the shared buckets, nothing claimed while waiting);
    # a wait longer than a worker should sleep comes back as the time to try again.
    queued = (
        Delivery.objects.filter(pk=delivery_id, status=DeliveryStatus.QUEUED)
        .values_list("channel", "address", "message__urgency")
        .first()
    )
    if queued is not None:
        wait = rate_acquire(queued[0], queued[1], urgency=queued[2])
        if wait > 0:
            return "rate limited", wait
    claim, reason = delivery_claim(delivery_id=delivery_id)
    if claim is None:
        return reason, None
    delivery = claim.delivery
    try:
        provider_id = channel_for(delivery.channel).send(delivery.address, delivery.message)
    except ChannelError as exc:
        if exc.retry_after:
            rate_pause(delivery.channel, exc.retry_after)
        return "failed", delivery_record_result(claim=claim, error=exc)
    return "sent", delivery_record_result(claim=claim, provider_message_id=provider_id or "")


@transaction.atomic
def delivery_retry(*, delivery: Delivery, by_user) -> Delivery:
    """An administrator's manual retry of a failed delivery: one more round of attempts, or the next contact."""
    locked = Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)
    if locked.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Hanya pengiriman yang gagal yang dapat diulang."))
    if locked.message.cancelled_at is not None:
        raise ValidationError(_("Pesan ini sudah dibatalkan; pengirimannya tidak diulang."))
    if locked.channel == Channel.NONE:
        nxt = _delivery_fall_back(locked)
        if nxt is None:
            raise ValidationError(
                _("Orang ini masih belum punya kontak yang terverifikasi dan boleh dikirimi notifikasi.")
            )
        nxt.retry_requested_by = by_user
        nxt.save(update_fields=["retry_requested_by"])
        return nxt
    locked.status = DeliveryStatus.QUEUED
    locked.next_attempt_at = timezone.now()
    locked.max_attempts = locked.attempts + max_attempts()
    locked.retry_requested_by = by_user
    locked.full_clean()
    locked.save()
    deliveries_enqueue_on_commit([locked.pk])
    return locked


def delivery_sweep() -> dict[str, int]:
    """Re-enqueue queued deliveries overdue by the grace period; settle 'sending' ones past their claim deadline."""
    now = timezone.now()
    grace = timedelta(seconds=float(_setting("NOTIFICATIONS_SWEEP_GRACE_S", 30)))
    limit = int(_setting("NOTIFICATIONS_SWEEP_BATCH", 1000))
    with transaction.atomic():
        overdue = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.QUEUED, next_attempt_at__lte=now - grace)
            .order_by("next_attempt_at")
            .values_list("id", flat=True)[:limit]
        )
        # Mark them as just enqueued, so the next sweep does not enqueue them again at once.
        Delivery.objects.filter(pk__in=overdue).update(next_attempt_at=now)
        deliveries_enqueue_on_commit(overdue)
    expired_ids = list(
        Delivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at__lte=now).values_list(
            "id", flat=True
        )[:limit]
    )
    expired = 0
    for delivery_id in expired_ids:
        with transaction.atomic():
            delivery = (
                Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("message")
                .filter(pk=delivery_id, status=DeliveryStatus.SENDING, next_attempt_at__lte=now)
                .first()
            )
            if delivery is None:
                continue
            _expire_claim(delivery, now)
            if delivery.status == DeliveryStatus.QUEUED:
                deliveries_enqueue_on_commit([delivery.pk])
            expired += 1
    return {"requeued": len(overdue), "expired": expired}


@transaction.atomic
def delivery_mark_delivered(*, channel: str, provider_message_id: str) -> int:
    """A provider reported that a sent message reached the device: sent -> delivered."""
    if not provider_message_id:
        return 0
    return Delivery.objects.filter(
        channel=channel, provider_message_id=provider_message_id, status=DeliveryStatus.SENT
    ).update(status=DeliveryStatus.DELIVERED, updated_at=timezone.now())


@transaction.atomic
def delivery_mark_failed_by_provider(*, channel: str, provider_message_id: str, error: str) -> int:
    """A provider reported that a message it had accepted never arrived: failed, and the next channel is tried."""
    if not provider_message_id:
        return 0
    rows = list(
        Delivery.objects.select_for_update(of=("self",))
        .select_related("message")
        .filter(
            channel=channel,
            provider_message_id=provider_message_id,
            status__in=[DeliveryStatus.SENT, DeliveryStatus.DELIVERED],
        )
    )
    for delivery in rows:
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = f"provider: {error}"[:2000]
        delivery.failure_reason = FailureReason.NOT_DELIVERED
        delivery.save(update_fields=["status", "last_error", "failure_reason", "updated_at"])
        _delivery_fall_back(delivery)
    delivery_settled_hooks_run(message_keys=sorted({d.message.idempotency_key for d in rows}))
    return len(rows)


@transaction.atomic
def inbox_item_mark_read(*, item: InboxItem) -> InboxItem:
    """Mark one inbox item read (the first read time is kept)."""
    if item.read_at is None:
        item.read_at = timezone.now()
        item.save(update_fields=["read_at"])
    return item


@transaction.atomic
def inbox_mark_all_read(*, person_id: int) -> int:
    """Mark every unread inbox item of a person read."""
    return InboxItem.objects.filter(person_id=person_id, read_at__isnull=True).update(read_at=timezone.now())


# --- broadcasts -----------------------------------------------------------------------------------


@transaction.atomic
def broadcast_send(
    *,
    by_user,
    text: str,
    long_text: str = "",
    forum=None,
    office: str = "",
    people: list[Person] | None = None,
) -> Broadcast:
    """Send an administrator's message to a forum's seat holders today, every holder of an office in the
    sender's areas, or chosen people (each already limited to the sender's scope by the caller's
    selectors); one delivery log, the reach shown on the broadcast's page.
    """
    from stakeholders.choices import Office
    from stakeholders.selectors import access_profile, area_scope_q, forum_seat_holders, position_current_list

    from .choices import BroadcastAudience

    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Pesan wajib diisi.")]})
    chosen = [forum is not None, bool(office), bool(people)]
    if sum(chosen) != 1:
        raise ValidationError(_("Pilih satu sasaran: forum, jabatan atau daftar orang."))
    recipients: dict[int, Person] = {}
    if forum is not None:
        audience, label = BroadcastAudience.FORUM, forum.name
        for _seat, positions in forum_seat_holders(forum=forum):
            for position in positions:
                recipients.setdefault(position.person_id, position.person)
    elif office:
        audience = BroadcastAudience.OFFICE
        label = str(_("Semua %(office)s") % {"office": Office(office).label})
        for position in position_current_list(offices=[office]).filter(
            area_scope_q(by_user, field="area__code")
        ):
            recipients.setdefault(position.person_id, position.person)
    else:
        audience = BroadcastAudience.PEOPLE
        for person in people or []:
            recipients.setdefault(person.pk, person)
        names = [str(p) for p in recipients.values()]
        label = ", ".join(names[:5]) + (f" (+{len(names) - 5})" if len(names) > 5 else "")
    if not recipients:
        raise ValidationError(_("Sasaran ini tidak punya penerima hari ini."))
    profile = access_profile(by_user)
    broadcast = Broadcast(
        text=text,
        long_text=long_text.strip(),
        audience=audience,
        audience_label=label[:300],
        area_codes=[] if profile.kabupaten_wide else list(profile.area_codes),
        message_key=f"siaran|{uuid.uuid4().hex}",
        recipients_count=len(recipients),
        sent_by=by_user,
    )
    broadcast.full_clean()
    broadcast.save()
    who = (by_user.get_full_name() or by_user.get_username()) if by_user else "-"
    notification_send(
        text=f"{text} ({who})",
        long_text=broadcast.long_text,
        recipients=list(recipients.values()),
        idempotency_key=broadcast.message_key,
        urgency=Urgency.NORMAL,
        group_key=broadcast.message_key,
    )
    return broadcast
