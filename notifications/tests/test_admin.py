"""The notifications admin only reads: deliveries change through notifications.services."""

import pytest
from django.urls import reverse

from notifications.choices import DeliveryStatus
from notifications.models import Delivery, Message
from notifications.services import notification_send

from .factories import EMAIL, person_with_contacts


@pytest.mark.django_db
def test_superuser_cannot_change_or_delete_a_delivery_in_the_admin(admin_client, kutim):
    person = person_with_contacts((EMAIL, "budi@contoh.invalid"))
    message = notification_send(text="Uji", recipients=[person], idempotency_key="uji-admin")
    delivery = Delivery.objects.filter(message=message).first()

    view = admin_client.get(reverse("admin:notifications_delivery_change", args=[delivery.pk]))
    change = admin_client.post(
        reverse("admin:notifications_delivery_change", args=[delivery.pk]),
        {"status": DeliveryStatus.DELIVERED},
    )
    delete = admin_client.post(
        reverse("admin:notifications_message_delete", args=[message.pk]), {"post": "yes"}
    )

    assert (view.status_code, change.status_code, delete.status_code) == (200, 403, 403)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.QUEUED
    assert Message.objects.filter(pk=message.pk).exists()
