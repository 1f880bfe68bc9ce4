"""The notifications app's side of other apps' hooks (registered in ``NotificationsConfig.ready``)."""

from __future__ import annotations

from .services import contact_chain, notification_send


def registry_notice_send(*, recipients: list, text: str, link: str, idempotency_key: str) -> set[int]:
    """Send a registry notice (e.g. a privileged grant) to people; the ids reached outside the app.

    Everyone gets an inbox item; a recipient counts as reached when they have a verified,
    notifiable contact point, i.e. when a delivery on a real channel was queued for them.
    """
    if not recipients:
        return set()
    notification_send(text=text, recipients=recipients, idempotency_key=idempotency_key, link=link)
    return {pid for pid, chain in contact_chain([person.pk for person in recipients]).items() if chain}
