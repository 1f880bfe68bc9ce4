"""Where callers (the escalation engine) learn that a delivery of their message came to an end.

Every service that moves a delivery to a final status (sent, delivered, failed, cancelled one at a
time) calls ``delivery_settled_hooks_run(message_keys=[...])`` INSIDE its transaction, after the row
is written: a hook sees the new status and may write its own rows atomically with it. A hook that
needs to know whether every delivery of several messages is final must serialise on a lock of its
own before reading them (two deliveries may settle at once in two workers).

Register once at start-up, e.g. in ``AppConfig.ready``::

    from notifications.hooks import delivery_settled_hook_register

    delivery_settled_hook_register(escalation_on_delivery_settled)
"""

from __future__ import annotations

from collections.abc import Callable

_HOOKS: list[Callable] = []


def delivery_settled_hook_register(hook: Callable) -> Callable:
    """Add a hook called as ``hook(message_keys=[...])`` when a delivery of those messages settles (idempotent)."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)
    return hook


def delivery_settled_hooks_run(*, message_keys: list[str]) -> None:
    """Call every registered hook with the idempotency keys of the messages whose delivery settled."""
    keys = [key for key in message_keys if key]
    if not keys:
        return
    for hook in list(_HOOKS):
        hook(message_keys=keys)


# --- inbound webhook calls ---------------------------------------------------------------------------
# A provider has one webhook for a number: WhatsApp posts statuses and people's messages to the same
# URL. The status webhook (notifications.webhooks) hands every call, first thing and whatever its
# signature, to the receivers a higher layer registers (intake: the intake log and inbound messages).

_RECEIVERS: dict[str, list[Callable]] = {}


def webhook_receiver_register(channel: str, receiver: Callable) -> Callable:
    """Add ``receiver(request=..., signature_ok=...)``, called for every webhook call of ``channel``."""
    receivers = _RECEIVERS.setdefault(channel, [])
    if receiver not in receivers:
        receivers.append(receiver)
    return receiver


def webhook_receivers_run(channel: str, *, request, signature_ok: bool) -> None:
    for receiver in list(_RECEIVERS.get(channel, [])):
        receiver(request=request, signature_ok=signature_ok)


# --- the signing secret of a webhook ----------------------------------------------------------------
# notifications signs a webhook's body but does not keep the secret: the app that registered the
# endpoint (webhooks) does, and is asked at each send, so a rotated secret signs the next attempt
# and a paused or deleted endpoint receives nothing more.

_SECRET_RESOLVERS: list[Callable] = []


def webhook_secret_resolver_register(resolver: Callable) -> Callable:
    """Add ``resolver(group_key=..., url=...) -> bytes | None``: the secret signing a webhook of that
    message group to that URL, None when the resolver does not know it or it must not be sent (idempotent)."""
    if resolver not in _SECRET_RESOLVERS:
        _SECRET_RESOLVERS.append(resolver)
    return resolver


def webhook_secret_for(*, group_key: str, url: str) -> bytes | None:
    """The first secret a registered resolver gives for this endpoint; None when none does."""
    for resolver in list(_SECRET_RESOLVERS):
        secret = resolver(group_key=group_key, url=url)
        if secret:
            return secret
    return None
