"""In-app: the message lands in the person's inbox (the navigation shows the unread count)."""

from stakeholders.selectors import person_ids_with_active_account

from ..choices import FailureReason
from .base import BaseChannel, PermanentError


class InAppChannel(BaseChannel):
    """Writes an InboxItem; unique per (person, message), so a second send changes nothing.

    A person without an active account cannot open the inbox: the item is kept (an account made
    later shows it) but the send fails, so nobody counts that person as reached.
    """

    name = "in_app"
    idempotent = True

    def send(self, address: str, message) -> str:
        from ..models import InboxItem

        person_id = int(address)
        item, _ = InboxItem.objects.get_or_create(person_id=person_id, message=message)
        if person_id not in person_ids_with_active_account(person_ids=[person_id]):
            raise PermanentError(
                f"in_app: person {person_id} has no active user account", reason=FailureReason.NO_ACCOUNT
            )
        return f"inbox:{item.pk}"
