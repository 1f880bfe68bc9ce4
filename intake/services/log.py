"""The intake log and its pipeline: store every call as received, split it into messages once per
provider id, process each message in the worker, and sweep what a dead worker left.

1. ``inbound_call_record`` commits the call (raw body, headers, signature result) before anything
   else is done with it, so nothing sent to the system is lost even when it cannot be read.
2. ``inbound_call_extract`` reads the call into messages (the channel's extractor), one row per
   provider id: a provider's repeated delivery finds the row and adds nothing. A sender over the
   rate limit gets the row (kept, outcome ``dibatasi``) but no processing: one sender's flood never
   sits in the queue ahead of the others.
3. ``inbound_message_process`` (the worker) locks the message, handles it with the channel's handler
   (a report, an unverified intake, an acknowledgement, a conversation step) and queues the answer
   in the same transaction.
4. ``intake_sweep`` (beat) extracts calls and processes messages still waiting after the grace
   period, and settles answers whose sender died.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from core.conf import queue_default
from core.tasks import enqueue_on_commit

from ..choices import CallOutcome, MessageOutcome
from ..models import InboundCall, InboundMessage

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


def intake_queue() -> str:
    return str(_setting("INTAKE_QUEUE", None) or queue_default())


def rate_limit() -> tuple[int, float]:
    """(messages, seconds): a sender may send this many messages in this window; more are kept, not processed."""
    return int(_setting("INTAKE_RATE_LIMIT", 20)), float(_setting("INTAKE_RATE_WINDOW_S", 600))


def sweep_grace() -> timedelta:
    return timedelta(seconds=float(_setting("INTAKE_SWEEP_GRACE_S", 30)))


@dataclass(frozen=True)
class Incoming:
    """One message as a channel's extractor reads it out of a call."""

    external_id: str
    sender: str
    text: str = ""
    sender_name: str = ""
    kind: str = "text"
    payload: dict = field(default_factory=dict)


@dataclass
class Handled:
    """What a channel's handler made of a message; ``reply`` is sent back to the sender."""

    outcome: str
    detail: str = ""
    reply: str = ""
    markup: dict = field(default_factory=dict)
    incident: object | None = None
    intake: object | None = None
    person: object | None = None


# channel -> extractor(call) -> list[Incoming], and channel -> handler(message) -> Handled. Each
# channel module registers its pair (intake/services/__init__.py imports them).
EXTRACTORS: dict[str, Callable[[InboundCall], list[Incoming]]] = {}
HANDLERS: dict[str, Callable[[InboundMessage], Handled]] = {}


def channel_register(channel: str, *, extract: Callable, handle: Callable) -> None:
    EXTRACTORS[channel] = extract
    HANDLERS[channel] = handle


# Headers kept with a call: what helps to read it later, never a credential.
KEPT_HEADERS = ("Content-Type", "User-Agent", "X-Forwarded-For", "X-Request-Id")


@transaction.atomic
def inbound_call_record(
    *,
    channel: str,
    body: bytes,
    signature: str,
    headers: dict | None = None,
    remote_addr: str = "",
    content_type: str = "",
) -> InboundCall:
    """Store a call exactly as received (the first thing a webhook does, committed on its own)."""
    kept = {name: str(value)[:500] for name, value in (headers or {}).items() if name in KEPT_HEADERS}
    call = InboundCall(
        channel=channel,
        signature=signature,
        headers=kept,
        remote_addr=remote_addr[:64],
        content_type=content_type[:200],
        body=body.decode("utf-8", errors="replace").replace("\x00", "\ufffd"),
    )
    call.save()
    return call


@transaction.atomic
def inbound_call_settle(*, call: InboundCall, outcome: str, detail: str = "") -> InboundCall:
    """Record what became of a call (forged, unreadable, ignored) without processing it."""
    InboundCall.objects.filter(pk=call.pk).update(
        outcome=outcome, detail=detail[:2000], processed_at=timezone.now()
    )
    call.outcome, call.detail = outcome, detail
    return call


def _over_limit(channel: str, sender: str) -> bool:
    count, window = rate_limit()
    since = timezone.now() - timedelta(seconds=window)
    recent = InboundMessage.objects.filter(channel=channel, sender=sender, received_at__gte=since).exclude(
        outcome=MessageOutcome.RATE_LIMITED
    )
    return recent.count() > count


@transaction.atomic
def inbound_call_extract(*, call_id: int) -> dict[str, int]:
    """Read a stored call into its messages and queue them; safe to run again (a repeat adds nothing).

    Returns counts: ``new``, ``duplicate``, ``limited``.
    """
    from ..tasks import inbound_message_process_task

    call = InboundCall.objects.select_for_update(skip_locked=True).filter(pk=call_id).first()
    counts = {"new": 0, "duplicate": 0, "limited": 0}
    if call is None or call.outcome != CallOutcome.RECEIVED:
        return counts
    extract = EXTRACTORS.get(call.channel)
    try:
        incoming = extract(call) if extract else []
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        call.outcome, call.detail, call.processed_at = CallOutcome.MALFORMED, str(exc)[:2000], timezone.now()
        call.save(update_fields=["outcome", "detail", "processed_at"])
        return counts
    queued: list[int] = []
    for item in incoming:
        existing = InboundMessage.objects.filter(channel=call.channel, external_id=item.external_id).first()
        if existing is not None:
            counts["duplicate"] += 1
            continue
        message = InboundMessage(
            call=call,
            channel=call.channel,
            external_id=item.external_id[:200],
            sender=item.sender[:100],
            sender_name=item.sender_name[:200],
            kind=item.kind[:20],
            text=item.text,
            payload=item.payload,
        )
        try:
            with transaction.atomic():
                message.save()
        except IntegrityError:
            counts["duplicate"] += 1
            continue
        if _over_limit(call.channel, message.sender):
            message.outcome = MessageOutcome.RATE_LIMITED
            message.processed_at = timezone.now()
            message.save(update_fields=["outcome", "processed_at"])
            counts["limited"] += 1
            continue
        counts["new"] += 1
        queued.append(message.pk)
    InboundMessage.objects.filter(pk__in=queued).update(enqueued_at=timezone.now())
    call.outcome = CallOutcome.PROCESSED if incoming else CallOutcome.IGNORED
    call.detail = ", ".join(f"{name} {n}" for name, n in counts.items() if n)
    call.processed_at = timezone.now()
    call.save(update_fields=["outcome", "detail", "processed_at"])
    for message_id in queued:
        enqueue_on_commit(inbound_message_process_task, message_id, queue=intake_queue())
    return counts


# Channels whose messages of one sender make one conversation: handled strictly in the order received.
ORDERED_CHANNELS = ("telegram",)
# How long an unread earlier call holds a conversation back (then it goes on without it).
ORDER_WAIT_LIMIT = timedelta(minutes=10)


@transaction.atomic
def inbound_message_process(*, message_id: int) -> str:
    """Handle one waiting message with its channel's handler; the outcome, the report or intake and the
    answer are written in one transaction. Safe to run twice (a handled message is left alone).

    On a conversational channel (Telegram) the sender's earlier waiting messages are handled first, in
    the order received, under their row locks (taken in id order, so two workers never deadlock): a
    worker that picks up step 3 of a conversation before step 2 handles both, in order.
    """
    head = InboundMessage.objects.filter(pk=message_id).values("channel", "sender", "outcome").first()
    if head is None:
        return "gone"
    if head["outcome"] != MessageOutcome.PENDING:
        return f"already {head['outcome']}"
    if head["channel"] in ORDERED_CHANNELS:
        # A call of the channel received earlier and not yet read (its extraction failed in the web
        # request; the sweep reads it) may hold this sender's previous step: wait for it.
        call_id = InboundMessage.objects.filter(pk=message_id).values_list("call_id", flat=True).first()
        if InboundCall.objects.filter(
            channel=head["channel"],
            outcome=CallOutcome.RECEIVED,
            pk__lt=call_id,
            received_at__gte=timezone.now() - ORDER_WAIT_LIMIT,
        ).exists():
            return "waiting for an earlier call"
        batch = list(
            InboundMessage.objects.select_for_update(of=("self",))
            .select_related("call")
            .filter(
                channel=head["channel"],
                sender=head["sender"],
                pk__lte=message_id,
                outcome=MessageOutcome.PENDING,
            )
            .order_by("pk")
        )
    else:
        batch = list(
            InboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("call")
            .filter(pk=message_id, outcome=MessageOutcome.PENDING)
        )
    outcome = "locked or done"
    for message in batch:
        outcome = _handle(message)
    return outcome


def _handle(message: InboundMessage) -> str:
    from .replies import reply_queue

    handler = HANDLERS.get(message.channel)
    try:
        with transaction.atomic():
            handled = (
                handler(message) if handler else Handled(outcome=MessageOutcome.IGNORED, detail="no handler")
            )
    except DatabaseError:
        raise  # the database's trouble, not the message's: it stays waiting and the sweep tries again
    except Exception as exc:  # a message the handler cannot take must not come back forever
        logger.exception("intake: message %s could not be handled", message.pk)
        handled = Handled(outcome=MessageOutcome.ERROR, detail=f"{exc.__class__.__name__}: {exc}")
    message.outcome = handled.outcome
    message.detail = handled.detail[:2000]
    message.incident = handled.incident  # type: ignore[assignment]
    message.intake = handled.intake or message.intake  # type: ignore[assignment]
    message.person = handled.person or message.person  # type: ignore[assignment]
    message.processed_at = timezone.now()
    message.save(update_fields=["outcome", "detail", "incident", "intake", "person", "processed_at"])
    if handled.reply:
        reply_queue(
            channel=message.channel,
            address=message.sender,
            text=handled.reply,
            markup=handled.markup,
            idempotency_key=f"jawab|{message.channel}|{message.external_id}",
        )
    return str(handled.outcome)


def intake_sweep() -> dict[str, int]:
    """Beat: extract calls and process messages a dead worker left waiting; settle stuck answers."""
    from ..tasks import inbound_message_process_task
    from .replies import replies_sweep

    before = timezone.now() - sweep_grace()
    calls = list(
        InboundCall.objects.filter(outcome=CallOutcome.RECEIVED, received_at__lte=before)
        .exclude(signature__in=["tidak_sah", "tidak_ada"])
        .values_list("pk", flat=True)[:500]
    )
    for call_id in calls:
        inbound_call_extract(call_id=call_id)
    with transaction.atomic():
        waiting = list(
            InboundMessage.objects.filter(
                outcome=MessageOutcome.PENDING, received_at__lte=before
            ).values_list("pk", flat=True)[:1000]
        )
        for message_id in waiting:
            enqueue_on_commit(inbound_message_process_task, message_id, queue=intake_queue())
    return {"calls": len(calls), "messages": len(waiting), **replies_sweep()}
