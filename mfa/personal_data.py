"""The second factor's part of a person's data: their devices (never the secrets); erased with the account."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.registry import PersonalDataSection, personal_data_register


def _device_rows(*, person) -> list[dict]:
    if not person.user_id:
        return []
    rows = []
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user_id=person.user_id).order_by("pk"):
            rows.append(
                {
                    "perangkat": device.name,
                    "aktif": device.confirmed,
                    "dibuat": device.created_at,
                    "terakhir_dipakai": device.last_used_at,
                }
            )
    return rows


def _devices_erase(*, person, by_user) -> int:
    if not person.user_id:
        return 0
    return (
        TOTPDevice.objects.filter(user_id=person.user_id).delete()[0]
        + StaticDevice.objects.filter(user_id=person.user_id).delete()[0]
    )


personal_data_register(
    PersonalDataSection(
        "mfa_devices",
        _("Perangkat verifikasi dua langkah"),
        export=_device_rows,
        erase=_devices_erase,
        order=50,
    )
)
