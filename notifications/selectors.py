"""Reads of the notifications app, each scoped to what the requesting user may see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet

from stakeholders import selectors as registry
from stakeholders.selectors import access_profile

from .choices import CONTACT_CHANNEL, EXTERNAL_CHANNELS, PENDING_STATUSES, Channel, DeliveryStatus, Reach
from .models import Broadcast, Delivery, DeliveryAttempt, InboxItem, Message, OutboxEmail

if TYPE_CHECKING:
    from stakeholders.models import Person


def person_without_notifiable_contact(queryset: QuerySet[Person] | None = None) -> QuerySet[Person]:
    """People (of ``queryset``, default all) with no verified contact point that may be notified: nothing
    but the in-app inbox reaches them. The registry answers."""
    return registry.person_without_notifiable_contact(queryset)


def message_keys_existing(*, keys) -> set[str]:
    """Which of these idempotency keys already have a message (sent, or being sent)."""
    return set(
        Message.objects.filter(idempotency_key__in=list(keys)).values_list("idempotency_key", flat=True)
    )


def delivery_list_for_group(*, group_key: str) -> QuerySet[Delivery]:
    """Every delivery of the messages of one group (e.g. one escalation), with message and person."""
    return delivery_list_for_groups(group_keys=[group_key])


def delivery_list_for_groups(*, group_keys: list[str]) -> QuerySet[Delivery]:
    """Every delivery of the messages of several groups (e.g. an incident's escalations); one query."""
    return (
        Delivery.objects.filter(message__group_key__in=group_keys)
        .select_related("message", "person")
        .order_by("message__created_at", "person__full_name", "created_at", "id")
    )


def webhook_delivery_list_for_group(*, group_key: str) -> QuerySet[Delivery]:
    """The webhook deliveries of one message group (one partner endpoint), newest first, with the
    message and each attempt (two queries however many rows a page holds). The caller scopes the group."""
    return (
        Delivery.objects.filter(message__group_key=group_key, channel=Channel.WEBHOOK)
        .select_related("message")
        .prefetch_related(Prefetch("attempt_log", queryset=DeliveryAttempt.objects.order_by("number")))
        .order_by("-created_at", "-id")
    )


def delivery_list_for_message_keys(*, keys: list[str]) -> QuerySet[Delivery]:
    """Every delivery of the messages with these idempotency keys, with message and person; one query."""
    return (
        Delivery.objects.filter(message__idempotency_key__in=list(keys))
        .select_related("message", "person")
        .order_by("person__full_name", "person_id", "created_at", "id")
    )


def delivery_pending_exists(*, keys: list[str]) -> bool:
    """Whether any delivery of the messages with these idempotency keys is still queued or sending; one
    query that reads no rows (a step run's settlement asks it at every delivery)."""
    return Delivery.objects.filter(
        message__idempotency_key__in=list(keys), status__in=PENDING_STATUSES
    ).exists()


def delivery_list_to_address(
    *, channels: list[str], address: str, key_prefix: str = ""
) -> QuerySet[Delivery]:
    """Deliveries that went to one address (a number, a chat id) on these channels, newest first, with
    message and person: what a reply from that address can refer to (an "OK" to the newest alert)."""
    deliveries = Delivery.objects.filter(channel__in=channels, address=address)
    if key_prefix:
        deliveries = deliveries.filter(message__idempotency_key__startswith=key_prefix)
    return deliveries.select_related("message", "person", "person__user").order_by("-created_at", "-id")


def delivery_for_message_address(*, message_id: int, channels: list[str], address: str) -> Delivery | None:
    """The delivery of one message to one address (a button pressed on that message), or None."""
    return (
        Delivery.objects.filter(message_id=message_id, channel__in=channels, address=address)
        .select_related("message", "person", "person__user")
        .first()
    )


@dataclass
class PersonReach:
    """Whether one person was reached by one or more messages, with the deliveries and the reasons."""

    person: Person
    state: str = Reach.NOT_REACHED
    deliveries: list[Delivery] = field(default_factory=list)
    read_in_app: bool = False

    @property
    def reached(self) -> bool:
        return self.state == Reach.REACHED

    @property
    def label(self) -> str:
        return str(Reach(self.state).label)

    @property
    def reached_by(self) -> list[Delivery]:
        """The deliveries that reached the person."""
        return [d for d in self.deliveries if _reached_by(d, read=self.read_in_app)]

    @property
    def reasons(self) -> list[str]:
        """ "<channel>: <reason>" for each failed or cancelled delivery, in the user's language."""
        out = []
        for d in self.deliveries:
            if d.status == DeliveryStatus.FAILED:
                out.append(f"{d.get_channel_display()}: {d.reason}")
            elif d.status == DeliveryStatus.CANCELLED:
                out.append(f"{d.get_channel_display()}: {d.get_status_display()}")
        return out


def _reached_by(delivery: Delivery, *, read: bool) -> bool:
    if delivery.channel in EXTERNAL_CHANNELS:
        return delivery.status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED)
    return delivery.channel == Channel.IN_APP and delivery.status == DeliveryStatus.SENT and read


def inbox_read_pairs(deliveries: list[Delivery]) -> set[tuple[int, int]]:
    """(message id, person id) of the in-app items of these deliveries that were read; one query (none if
    there is no in-app delivery)."""
    message_ids = {d.message_id for d in deliveries if d.channel == Channel.IN_APP}
    if not message_ids:
        return set()
    return set(
        InboxItem.objects.filter(message_id__in=message_ids, read_at__isnull=False).values_list(
            "message_id", "person_id"
        )
    )


def person_reach(
    deliveries: list[Delivery], *, read: set[tuple[int, int]] | None = None
) -> list[PersonReach]:
    """Per person (in the deliveries' order), whether the deliveries reached them (``Reach``); one query
    for the in-app reads unless ``read`` (from ``inbox_read_pairs``) is given.

    In-app counts only when read, and only a person with an active account has a sent in-app delivery
    (see services); a provider's acceptance (sent) or delivery report counts on the other channels.
    """
    if read is None:
        read = inbox_read_pairs(deliveries)
    people: dict[int, PersonReach] = {}
    for delivery in deliveries:
        if delivery.person_id is None or delivery.person is None:
            continue  # a webhook: a partner system's URL, nobody to reach
        reach = people.setdefault(delivery.person_id, PersonReach(person=delivery.person))
        reach.deliveries.append(delivery)
        if delivery.channel == Channel.IN_APP and (delivery.message_id, delivery.person_id) in read:
            reach.read_in_app = True
    for reach in people.values():
        if any(_reached_by(d, read=reach.read_in_app) for d in reach.deliveries):
            reach.state = Reach.REACHED
        elif any(
            d.status in PENDING_STATUSES or (d.channel == Channel.IN_APP and d.status == DeliveryStatus.SENT)
            for d in reach.deliveries
        ):
            reach.state = Reach.WAITING
        else:
            reach.state = Reach.NOT_REACHED
    return list(people.values())


def delivery_list_for_people(*, people: QuerySet[Person] | list[int]) -> QuerySet[Delivery]:
    """Every delivery to these people (a queryset of the registry's, or ids), unscoped: for the bench and
    chaos commands that count what their own recipients received."""
    return Delivery.objects.filter(person__in=people)


def delivery_list_for_message(*, message) -> QuerySet[Delivery]:
    """Every delivery of one message, with the person."""
    return message.deliveries.select_related("person").order_by("person__full_name", "created_at", "id")


def _can_see_log(user) -> bool:
    return user.is_authenticated and user.has_perm("notifications.view_delivery")


def delivery_visible_to(user) -> QuerySet[Delivery]:
    """The delivery log: the installation's administrators see every delivery; with several kabupaten
    served, a kabupaten's administrators those to the people of their kabupaten; everyone else none."""
    if not _can_see_log(user):
        return Delivery.objects.none()
    people = registry.person_administered_by(user)
    deliveries = Delivery.objects.all() if people is None else Delivery.objects.filter(person__in=people)
    return deliveries.select_related("message", "person").prefetch_related(
        Prefetch(
            "attempt_log",
            queryset=DeliveryAttempt.objects.select_related("requested_by").order_by("number"),
        )
    )


def outbox_email_visible_to(user) -> QuerySet[OutboxEmail]:
    """The local email outbox: every email for the installation's administrators allowed to read it;
    with several kabupaten served, a kabupaten's administrators read the emails to one person of their
    kabupaten (an email to several addresses stays the installation's)."""
    if not user.has_perm("notifications.view_outboxemail"):
        return OutboxEmail.objects.none()
    people = registry.person_administered_by(user)
    if people is None:
        return OutboxEmail.objects.all()
    return OutboxEmail.objects.filter(to__in=registry.person_email_addresses(people=people))


def inbox_item_visible_to(user) -> QuerySet[InboxItem]:
    """The user's own in-app inbox (through the person linked to the account), newest first."""
    person_id = access_profile(user).person_id if user.is_authenticated else None
    if person_id is None:
        return InboxItem.objects.none()
    return InboxItem.objects.filter(person_id=person_id).select_related("message")


def inbox_unread_count(user) -> int:
    """How many of the user's inbox items are unread (one indexed count query)."""
    return inbox_item_visible_to(user).filter(Q(read_at__isnull=True)).count()


@dataclass
class PersonChannels:
    """How a person can be reached now: external channels that would be tried, and what is missing."""

    person_id: int
    channels: list[str] = field(default_factory=list)  # external channels configured on this server
    unconfigured: list[str] = field(default_factory=list)  # a verified contact, but no provider set up
    has_account: bool = False

    @property
    def reachable(self) -> bool:
        """A provider would be asked, or the person can read the in-app inbox."""
        return bool(self.channels) or self.has_account

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels]

    @property
    def unconfigured_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.unconfigured]


def person_channels(*, person_ids: list[int]) -> dict[int, PersonChannels]:
    """Per person, the channels a message would be delivered on now (verified, notifiable contacts whose
    channel has a provider on this server) and whether an active account reads the inbox; two queries."""
    from .channels import CHANNELS

    out = {pid: PersonChannels(person_id=pid) for pid in person_ids}
    for point in registry.contact_point_notifiable_list(person_ids=list(person_ids)):
        channel = CONTACT_CHANNEL.get(point.kind)
        if channel is None:
            continue
        entry = out[point.person_id]
        if channel in entry.channels or channel in entry.unconfigured:
            continue
        (entry.channels if CHANNELS[channel]().is_configured() else entry.unconfigured).append(channel)
    for pid in registry.person_ids_with_active_account(person_ids=person_ids):
        out[pid].has_account = True
    return out


def broadcast_visible_to(user) -> QuerySet[Broadcast]:
    """Broadcasts a user may read: kabupaten-wide administrators all; others those they sent or whose
    sender's areas lie within their own."""
    if not user.is_authenticated or not user.has_perm("notifications.view_broadcast"):
        return Broadcast.objects.none()
    profile = access_profile(user)
    broadcasts = Broadcast.objects.select_related("sent_by")
    if profile.kabupaten_wide:
        return broadcasts
    # A sender's area anywhere beneath the user's (a kecamatan's broadcast for its kabupaten's
    # administrator, where several kabupaten are served): the codes of the user's subtrees, matched
    # against the sender's list (jsonb ?|).
    beneath = list(registry.area_choices_for(user).values_list("code", flat=True))
    return broadcasts.filter(Q(sent_by=user) | Q(area_codes__has_any_keys=beneath))


def broadcast_reach(broadcast: Broadcast) -> list[PersonReach]:
    """Who the broadcast reached, per person (see ``person_reach``); two queries."""
    return person_reach(list(delivery_list_for_message_keys(keys=[broadcast.message_key])))
