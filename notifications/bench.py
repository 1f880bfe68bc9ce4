"""Benchmark data of notifications: removing what a bench or chaos run sent to its own recipients."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Delivery, InboxItem, Message

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from stakeholders.models import Person


def messages_bench_remove(*, people: QuerySet[Person]) -> dict[str, int]:
    """Delete the deliveries to these people and every message they received (by a channel or in the
    inbox), with the messages' other rows; what was deleted, by model label."""
    message_ids = set(Delivery.objects.filter(person__in=people).values_list("message_id", flat=True))
    message_ids |= set(InboxItem.objects.filter(person__in=people).values_list("message_id", flat=True))
    counts: dict[str, int] = {}
    for queryset in (Delivery.objects.filter(person__in=people), Message.objects.filter(pk__in=message_ids)):
        for label, n in queryset.delete()[1].items():
            counts[label] = counts.get(label, 0) + n
    return counts
