"""Where other parts of the system plug into the registry: who delivers the registry's notices.

The registry (layer 1) tells kabupaten administrators about privileged grants, but it may not
import the notifications app (layer 2). Notifications registers a sender at start-up instead, in
its ``AppConfig.ready``::

    from stakeholders.hooks import notice_sender_register

    notice_sender_register(registry_notice_send)

A sender is called as ``sender(recipients=[Person], text=str, link=str, idempotency_key=str)``
inside the caller's transaction and returns the ids of the recipients it could reach outside the
app (a verified, notifiable contact point); the others still find the notice in their in-app inbox.
"""

from __future__ import annotations

from collections.abc import Callable

_SENDERS: list[Callable] = []


def notice_sender_register(sender: Callable) -> Callable:
    """Add a sender of registry notices (idempotent)."""
    if sender not in _SENDERS:
        _SENDERS.append(sender)
    return sender


def notice_sender_unregister(sender: Callable) -> None:
    """Remove a sender (tests)."""
    if sender in _SENDERS:
        _SENDERS.remove(sender)


def notice_send(*, recipients: list, text: str, link: str, idempotency_key: str) -> set[int]:
    """Hand a notice to every registered sender; the ids of the recipients any of them reached."""
    reached: set[int] = set()
    for sender in list(_SENDERS):
        reached |= set(sender(recipients=recipients, text=text, link=link, idempotency_key=idempotency_key))
    return reached
