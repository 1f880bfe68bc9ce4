"""Test helpers for the second factor: real TOTP codes, a verified force_login, a browser login.

The root conftest puts ``force_login_verified`` in place of ``Client.force_login`` for every test
not marked ``mfa_enforced``; browser tests log in through the real pages with ``browser_login``.
"""

from __future__ import annotations

from django.test import Client

_force_login_without_mfa = Client.force_login


def totp_code(device) -> str:
    """The code the user's authenticator app shows now (django_otp.oath.totp), one step ahead if now's is used.

    A TOTP code works once (replay protection), and verification accepts the next step
    too, so a second verification within 30 seconds takes the next step's code.
    """
    import time

    from django_otp.oath import totp

    now_step = int((time.time() - device.t0) // device.step) + device.drift
    shift = 1 if now_step <= device.last_t else 0
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + shift
    )
    return f"{code:0{device.digits}d}"


def mfa_device_for(user):
    """The user's confirmed authenticator, made for the test when they have none."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Aplikasi autentikator", confirmed=True)


def force_login_verified(client: Client, user, backend=None) -> None:
    """Client.force_login, and a session that passed the second factor when the user needs one.

    The root conftest puts this in place of Client.force_login for every test not marked
    ``mfa_enforced``; those marked see the real enforcement.
    """
    from django_otp import DEVICE_ID_SESSION_KEY

    from mfa.policy import mfa_required
    from mfa.selectors import user_has_mfa

    _force_login_without_mfa(client, user, backend)
    # A fresh copy: permission caches on the test's own user object stay as they were.
    fresh = type(user).objects.get(pk=user.pk)
    if not (mfa_required(fresh) or user_has_mfa(fresh)):
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = mfa_device_for(fresh).persistent_id
    session.save()


def browser_login(page, base_url: str, username: str, password: str = "rahasia-123") -> None:
    """Log in through the form in a real browser, enrolling or verifying the second factor when asked."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{base_url}/masuk/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("[data-testid=login-form] button[type=submit]")
    user = get_user_model().objects.filter(username=username).first()
    if "/akun/mfa/daftar/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        page.fill("input[name=token]", totp_code(device))
        with page.expect_navigation():
            page.click("[data-testid=mfa-enrol-form] button[type=submit]")
        with page.expect_navigation():
            page.click("[data-testid=mfa-codes-done]")
    elif "/akun/mfa/verifikasi/" in page.url:
        page.fill("input[name=token]", totp_code(mfa_device_for(user)))
        with page.expect_navigation():
            page.click("[data-testid=mfa-verify-form] button[type=submit]")
