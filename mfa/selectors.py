"""Reads of the second-factor devices."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .policy import mfa_required


def totp_device_confirmed(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def user_has_mfa(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def mfa_status(user) -> dict:
    """What the account page shows: enrolled, required, recovery codes left."""
    return {
        "enrolled": user_has_mfa(user),
        "required": mfa_required(user),
        "codes_left": recovery_codes_left(user),
    }


def mfa_reset_candidates(by_user, *, username: str = "") -> QuerySet:
    """Accounts whose second factor a kabupaten administrator may reset, with whether they have one.

    Never their own (they use a recovery code) and never staff or superusers (the admin
    site's accounts are reset with ``manage.py mfa_reset`` by whoever runs the server).
    """
    users = (
        get_user_model()
        .objects.filter(is_staff=False, is_superuser=False)
        .exclude(pk=by_user.pk)
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            has_static=Exists(StaticDevice.objects.filter(user=OuterRef("pk"))),
        )
        .order_by("username")
    )
    if username:
        users = users.filter(username__icontains=username.strip())
    return users
