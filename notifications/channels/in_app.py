"""In-app: the message lands in the person's inbox (the navigation shows the unread count)."""

from .base import BaseChannel


class InAppChannel(BaseChannel):
    """Writes an InboxItem; unique per (person, message), so a second send changes nothing."""

    name = "in_app"
    idempotent = True

    def send(self, address: str, message) -> str:
        from ..models import InboxItem

        item, _ = InboxItem.objects.get_or_create(person_id=int(address), message=message)
        return f"inbox:{item.pk}"
