"""Reads of partner webhooks, each scoped to the requesting user's areas."""

from __future__ import annotations

from django.db.models import QuerySet

from notifications.selectors import webhook_delivery_list_for_group
from stakeholders.selectors import area_scope_q

from .models import WebhookSubscription

MANAGE_PERMISSION = "webhooks.manage_webhooksubscription"


def may_manage_webhooks(user) -> bool:
    """Kabupaten administrators (the permission of their role) manage partner webhooks."""
    return bool(user.is_authenticated and user.has_perm(MANAGE_PERMISSION))


def subscription_visible_to(user) -> QuerySet[WebhookSubscription]:
    """The subscriptions of the user's areas (with subtrees) for those who manage webhooks; none otherwise."""
    if not may_manage_webhooks(user):
        return WebhookSubscription.objects.none()
    return (
        WebhookSubscription.objects.filter(area_scope_q(user, field="area_code"))
        .select_related("area", "created_by")
        .order_by("name", "id")
    )


def area_ancestor_codes(code: str) -> list[str]:
    """The code and every code above it: ``64.08.04.2001`` -> ``64``, ``64.08``, ``64.08.04``, itself."""
    parts = code.split(".")
    return [".".join(parts[: n + 1]) for n in range(len(parts))]


def subscription_list_for_event(*, event_type: str, area_code: str) -> QuerySet[WebhookSubscription]:
    """The active subscriptions to this event whose area holds ``area_code`` (one indexed query)."""
    return WebhookSubscription.objects.filter(
        is_active=True, area_code__in=area_ancestor_codes(area_code), events__contains=[event_type]
    ).order_by("id")


def subscription_delivery_list(subscription: WebhookSubscription):
    """The delivery log of one subscription (the caller got it through ``subscription_visible_to``)."""
    return webhook_delivery_list_for_group(group_key=subscription.group_key)
