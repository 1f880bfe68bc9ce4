"""Writes of the second factor: enrol an authenticator, recovery codes, verify, reset (audited)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.choices import AccessKind
from audit.services import access_record

from .policy import mfa_required
from .selectors import totp_device_confirmed, user_has_mfa

TOTP_DEVICE_NAME = "Aplikasi autentikator"
RECOVERY_DEVICE_NAME = "Kode pemulihan"


def _clean_code(value: str) -> str:
    return "".join((value or "").split()).replace("-", "").lower()


@transaction.atomic
def totp_device_start(*, user) -> TOTPDevice:
    """The user's pending authenticator (made once, shown as a QR code until it is confirmed)."""
    if user_has_mfa(user):
        raise ValidationError(_("Verifikasi dua langkah sudah aktif untuk akun ini."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


def totp_device_confirm(*, user, token: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code it shows; returns the new recovery codes.

    A wrong code is a ValidationError on ``token``; the device's throttle (kept even
    then, outside the transaction) slows down guessing.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None or user_has_mfa(user):
        raise ValidationError({"token": _("Mulai pendaftaran dari awal: buka lagi halaman pendaftaran.")})
    if not device.verify_token(_clean_code(token)):
        raise ValidationError(
            {
                "token": _(
                    "Kode salah atau sudah kedaluwarsa. Tunggu beberapa detik, lalu masukkan kode terbaru."
                )
            }
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = recovery_codes_regenerate(user=user)
    return device, codes


@transaction.atomic
def recovery_codes_regenerate(*, user) -> list[str]:
    """Replace the user's recovery codes with new single-use ones; the old ones stop working."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    count = getattr(settings, "MFA_RECOVERY_CODES", 10)
    codes: list[str] = []
    while len(codes) < count:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def totp_verify(*, user, token: str) -> TOTPDevice | None:
    """The user's authenticator if ``token`` is its current code (each code works once), else None."""
    device = totp_device_confirmed(user)
    if device is None:
        return None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device if device.verify_token(_clean_code(token)) else None


def recovery_verify(*, user, code: str) -> StaticDevice | None:
    """The recovery device if ``code`` is one of the user's unused codes; the code is used up."""
    device = StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return None
    with transaction.atomic():
        device = StaticDevice.objects.select_for_update().get(pk=device.pk)
        return device if device.verify_token(_clean_code(code)) else None


@transaction.atomic
def mfa_disable(*, user) -> int:
    """Remove one's own second factor, allowed only where MFA is optional; returns devices removed."""
    if mfa_required(user):
        raise ValidationError(_("Peran Anda mewajibkan verifikasi dua langkah; tidak dapat dimatikan."))
    return _devices_delete(user)


def _devices_delete(user) -> int:
    totp, _ = TOTPDevice.objects.filter(user=user).delete()
    static, _ = StaticDevice.objects.filter(user=user).delete()
    return totp + static


@transaction.atomic
def mfa_reset(*, user, by_user, reason: str = "", request=None, via: str = "app") -> int:
    """Remove every second-factor device of ``user`` (next login enrols again) and audit who did it."""
    removed = _devices_delete(user)
    person = getattr(user, "person", None)
    access_record(
        kind=AccessKind.MFA_RESET,
        by_user=by_user,
        object_type="auth.user",
        object_id=user.pk,
        object_repr=user.get_username(),
        person_id=person.pk if person is not None else None,
        purpose=reason,
        request=request,
        detail={"via": via, "devices_removed": removed},
    )
    return removed
