"""Login throttling locks an attacker out, never the real user: per (username, address) and per address.

Tried behind the documented nginx (REMOTE_ADDR 127.0.0.1, the client in X-Forwarded-For) and
directly (the client in REMOTE_ADDR, X-Forwarded-For forged).
"""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

PASSWORD = "rahasia-bupati-123"
ATTACKER = "203.0.113.66"
BUPATI_ADDRESS = "198.51.100.10"


@pytest.fixture
def bupati(db, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.AXES_FAILURE_LIMIT = 5
    return get_user_model().objects.create_user("bupati", password=PASSWORD)


def behind_proxy(address: str) -> dict:
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": address}


def direct(address: str, forged: str | None = None) -> dict:
    extra = {"REMOTE_ADDR": address}
    if forged:
        extra["HTTP_X_FORWARDED_FOR"] = forged
    return extra


def login(username: str, password: str, **extra):
    return Client().post(reverse("login"), {"username": username, "password": password}, **extra)


def logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def test_behind_the_proxy_five_bad_passwords_lock_the_attacker_not_the_bupati(bupati):
    for _ in range(5):
        login("bupati", "salah", **behind_proxy(ATTACKER))
    assert login("bupati", PASSWORD, **behind_proxy(ATTACKER)).status_code == 429
    assert logged_in(login("bupati", PASSWORD, **behind_proxy(BUPATI_ADDRESS)))


def test_directly_a_forged_forwarded_header_neither_frees_the_attacker_nor_locks_the_bupati(bupati):
    for number in range(5):
        # A new forged address every time: it must not count as a new client.
        login("bupati", "salah", **direct(ATTACKER, forged=f"198.51.100.{number}"))
    assert login("bupati", PASSWORD, **direct(ATTACKER, forged="192.0.2.1")).status_code == 429
    assert logged_in(login("bupati", PASSWORD, **direct(BUPATI_ADDRESS)))
    assert logged_in(login("bupati", PASSWORD, **direct(BUPATI_ADDRESS, forged=ATTACKER)))


@pytest.mark.parametrize("route", [behind_proxy, direct])
def test_an_address_trying_many_usernames_is_locked_for_every_username(bupati, settings, route):
    settings.AXES_IP_FAILURE_LIMIT = 8
    for number in range(8):
        login(f"pengguna{number}", "salah", **route(ATTACKER))
    # Each username failed only once, but the address has used up its budget.
    assert login("bupati", PASSWORD, **route(ATTACKER)).status_code == 429
    assert logged_in(login("bupati", PASSWORD, **route(BUPATI_ADDRESS)))


def test_fewer_failures_than_the_address_limit_lock_nobody(bupati, settings):
    settings.AXES_IP_FAILURE_LIMIT = 8
    for number in range(7):
        login(f"pengguna{number}", "salah", **behind_proxy(ATTACKER))
    assert logged_in(login("bupati", PASSWORD, **behind_proxy(ATTACKER)))
