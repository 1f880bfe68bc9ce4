"""Every write of partner webhooks: subscriptions (a kabupaten administrator's), and the events sent.

Events are found by the hooks of the lower apps, INSIDE the transaction of the change
(``incidents.hooks``, ``escalation.hooks``): each matching subscription gets one message through
``notifications.services.notification_send_webhook``, whose delivery is written in that transaction
and enqueued after its commit (``core.tasks.enqueue_on_commit``), so a change rolled back sends
nothing and a committed one is sent, signed and retried by the notifications delivery machinery.
"""

from __future__ import annotations

import contextlib
import ipaddress
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.choices import EventKind
from notifications.channels import PermanentError
from notifications.choices import FailureReason
from notifications.services import notification_cancel_group, notification_send_webhook
from stakeholders.selectors import access_profile

from .choices import TEST_EVENT, WebhookEvent
from .models import WebhookSubscription
from .payloads import envelope, escalation_public, incident_public, test_event_id
from .selectors import may_manage_webhooks, subscription_list_for_event
from .signing import secret_decrypt, secret_encrypt, secret_new

if TYPE_CHECKING:
    from escalation.models import Escalation
    from incidents.models import Incident, IncidentEvent
    from notifications.models import Message
    from regions.models import AdminUnit

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _require_manager(by_user, area_code: str | None = None) -> None:
    if not may_manage_webhooks(by_user):
        raise PermissionDenied(_("Hanya administrator kabupaten yang mengelola webhook mitra."))
    if area_code is not None and not access_profile(by_user).covers(area_code):
        raise ValidationError({"area": _("Wilayah ini di luar wilayah Anda.")})


def url_check(url: str) -> str:
    """The URL as registered: https, or http to this machine outside production; no credentials in it."""
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": _("Masukkan URL lengkap, mis. https://mitra.example.id/webhook.")})
    if parts.username or parts.password:
        raise ValidationError({"url": _("Jangan menaruh nama pengguna atau sandi di URL.")})
    if parts.scheme == "http":
        local = parts.hostname in LOCAL_HOSTS
        with contextlib.suppress(ValueError):
            local = local or ipaddress.ip_address(parts.hostname).is_loopback
        if settings.PRODUCTION or not local:
            raise ValidationError(
                {"url": _("URL harus memakai https:// (http:// hanya untuk localhost di luar produksi).")}
            )
    return url


def _events_check(events) -> list[str]:
    chosen = [event for event in WebhookEvent.values if event in set(events or [])]
    unknown = set(events or []) - set(WebhookEvent.values)
    if unknown or not chosen:
        raise ValidationError({"events": _("Pilih sedikitnya satu peristiwa yang dikenal.")})
    return chosen


@transaction.atomic
def subscription_create(
    *, name: str, url: str, events: list[str], area: AdminUnit, by_user
) -> tuple[WebhookSubscription, str]:
    """A new active subscription and its signing secret (returned once; kept only encrypted)."""
    _require_manager(by_user, area.code)
    secret = secret_new()
    subscription = WebhookSubscription(
        name=(name or "").strip(),
        url=url_check(url),
        events=_events_check(events),
        area=area,
        area_code=area.code,
        secret_encrypted=secret_encrypt(secret),
        secret_hint=secret[:10],
        created_by=by_user,
    )
    subscription.full_clean()
    history_user_set(subscription, by_user)
    subscription.save()
    return subscription, secret


def history_user_set(subscription: WebhookSubscription, by_user) -> None:
    """Name the acting user on the history row the next save writes (no request in a task or a command)."""
    subscription._history_user = by_user  # type: ignore[attr-defined]


def _locked(subscription: WebhookSubscription) -> WebhookSubscription:
    return WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)


@transaction.atomic
def subscription_pause(*, subscription: WebhookSubscription, by_user) -> WebhookSubscription:
    """Stop sending: no new event is queued and every delivery not yet claimed is cancelled."""
    _require_manager(by_user)
    subscription = _locked(subscription)
    if subscription.is_active:
        subscription.is_active = False
        history_user_set(subscription, by_user)
        subscription.save(update_fields=["is_active", "updated_at"])
        notification_cancel_group(group_key=subscription.group_key)
    return subscription


@transaction.atomic
def subscription_resume(*, subscription: WebhookSubscription, by_user) -> WebhookSubscription:
    """Send again from now on (what happened while paused is not sent afterwards)."""
    _require_manager(by_user)
    subscription = _locked(subscription)
    if not subscription.is_active:
        subscription.is_active = True
        history_user_set(subscription, by_user)
        subscription.save(update_fields=["is_active", "updated_at"])
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription, by_user) -> None:
    """Remove the subscription; its pending deliveries are cancelled, its delivery log and history stay."""
    _require_manager(by_user)
    subscription = _locked(subscription)
    notification_cancel_group(group_key=subscription.group_key)
    history_user_set(subscription, by_user)
    subscription.delete()


@transaction.atomic
def subscription_secret_rotate(
    *, subscription: WebhookSubscription, by_user
) -> tuple[WebhookSubscription, str]:
    """A new secret (returned once); the next attempt of every delivery, pending ones too, is signed with it."""
    _require_manager(by_user)
    subscription = _locked(subscription)
    secret = secret_new()
    subscription.secret_encrypted = secret_encrypt(secret)
    subscription.secret_hint = secret[:10]
    subscription.secret_rotated_at = timezone.now()
    history_user_set(subscription, by_user)
    subscription.save(update_fields=["secret_encrypted", "secret_hint", "secret_rotated_at", "updated_at"])
    return subscription, secret


def _send(subscription: WebhookSubscription, *, event_type: str, event_id: str, data: dict) -> Message:
    key = f"webhook|{subscription.pk}|{event_id}"
    return notification_send_webhook(
        url=subscription.url,
        payload=envelope(event_type=event_type, event_id=event_id, idempotency_key=key, data=data),
        idempotency_key=key,
        text=f"{event_type} → {subscription.name}",
        group_key=subscription.group_key,
    )


@transaction.atomic
def subscription_test_send(*, subscription: WebhookSubscription, by_user) -> Message:
    """Send a ``webhook.test`` event now, signed like every event, so the partner can check its receiver."""
    _require_manager(by_user)
    if not subscription.is_active:
        raise ValidationError(_("Langganan ini sedang dijeda; aktifkan dulu untuk mengirim peristiwa uji."))
    who = by_user.get_full_name() or by_user.get_username()
    return _send(
        subscription,
        event_type=TEST_EVENT,
        event_id=test_event_id(),
        data={"message": "Peristiwa uji dari Pilkada Mitigasi", "requested_by": who},
    )


def _incident_event_type(event: IncidentEvent) -> str | None:
    if event.kind == EventKind.CREATED:
        return WebhookEvent.INCIDENT_CREATED
    old, new = event.old or {}, event.new or {}
    if "status" in new and old.get("status") != new.get("status"):
        return WebhookEvent.INCIDENT_STATUS_CHANGED
    return None


def webhooks_on_incident_event(*, incident: Incident, event: IncidentEvent) -> None:
    """The incidents hook: a created report or a status move goes to every subscription of its area."""
    event_type = _incident_event_type(event)
    if event_type is None:
        return
    subscriptions = list(subscription_list_for_event(event_type=event_type, area_code=incident.area_code))
    if not subscriptions:
        return
    data: dict = {"incident": incident_public(incident)}
    if event_type == WebhookEvent.INCIDENT_STATUS_CHANGED:
        data["change"] = {"old_status": (event.old or {}).get("status"), "new_status": incident.status}
    for subscription in subscriptions:
        _send(subscription, event_type=event_type, event_id=f"incident-event-{event.pk}", data=data)


def webhooks_on_escalation_acknowledged(*, escalation: Escalation, incident: Incident) -> None:
    """The escalation hook: an acknowledged alert goes to every subscription of the incident's area."""
    event_type = WebhookEvent.ESCALATION_ACKNOWLEDGED
    subscriptions = list(subscription_list_for_event(event_type=event_type, area_code=incident.area_code))
    if not subscriptions:
        return
    data = {"incident": incident_public(incident), "escalation": escalation_public(escalation)}
    # One acknowledgement of an escalation per moment: withdrawn and given again, it is a new event.
    moment = escalation.acknowledged_at or timezone.now()
    event_id = f"escalation-{escalation.pk}-ack-{int(moment.timestamp() * 1_000_000)}"
    for subscription in subscriptions:
        _send(subscription, event_type=event_type, event_id=event_id, data=data)


def webhook_secret_resolve(*, group_key: str, url: str) -> bytes | None:
    """notifications' resolver: the secret of the active subscription of this group and URL, else None."""
    prefix = "webhooks|"
    if not group_key.startswith(prefix) or not group_key[len(prefix) :].isdigit():
        return None
    token = (
        WebhookSubscription.objects.filter(pk=int(group_key[len(prefix) :]), url=url, is_active=True)
        .values_list("secret_encrypted", flat=True)
        .first()
    )
    if not token:
        return None
    secret = secret_decrypt(token)
    if secret is None:
        raise PermanentError(
            f"webhook: the secret of {group_key} cannot be decrypted (SECRET_KEY changed); rotate it",
            reason=FailureReason.NOT_CONFIGURED,
        )
    return secret.encode()
