"""What notifications hold about a person (UU 27/2022 PDP): alerts sent to them and their inbox."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from audit.registry import PersonalDataSection, personal_data_register

from .models import Delivery, InboxItem


def _delivery_rows(*, person) -> list[dict]:
    deliveries = Delivery.objects.filter(person=person).select_related("message").order_by("created_at", "pk")
    return [
        {
            "pesan": delivery.message.text,
            "kanal": delivery.get_channel_display(),
            "alamat": delivery.address,
            "status": delivery.get_status_display(),
            "dibuat": delivery.created_at,
            "terkirim": delivery.sent_at,
        }
        for delivery in deliveries
    ]


def _inbox_rows(*, person) -> list[dict]:
    items = InboxItem.objects.filter(person=person).select_related("message").order_by("created_at", "pk")
    return [
        {"pesan": item.message.text, "diterima": item.created_at, "dibaca": item.read_at} for item in items
    ]


def _deliveries_erase(*, person, by_user) -> int:
    """Forget the addresses alerts went to (the log keeps that an alert was sent, and when)."""
    return Delivery.objects.filter(person=person).exclude(address="").update(address="", contact_point=None)


def _inbox_erase(*, person, by_user) -> int:
    return InboxItem.objects.filter(person=person).delete()[0]


personal_data_register(
    PersonalDataSection(
        "deliveries", _("Notifikasi yang dikirim"), export=_delivery_rows, erase=_deliveries_erase, order=40
    )
)
personal_data_register(
    PersonalDataSection("inbox", _("Kotak masuk"), export=_inbox_rows, erase=_inbox_erase, order=41)
)
