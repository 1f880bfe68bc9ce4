"""Turn a misconfigured environment into one clear line instead of a traceback."""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Mapping, Sequence

LOOPBACK_NAMES = {"localhost", "ip6-localhost"}


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for 0.0.0.0, :: and every other address."""
    host = host.strip().strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback_refusal(host: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Why listening on ``host`` is refused, or None: without an explicit DJANGO_ENV only loopback is allowed.

    The laptop default (DEBUG, a published secret key) must never be reachable from the network;
    setting DJANGO_ENV (production or development) says the choice was made on purpose.
    """
    environ = os.environ if environ is None else environ
    if environ.get("DJANGO_ENV") or is_loopback(host):
        return None
    return (
        "Tanpa DJANGO_ENV aplikasi hanya mendengarkan di loopback (127.0.0.1 atau ::1), "
        f"bukan {host.strip('[]')}. Setel DJANGO_ENV secara eksplisit (production atau development) "
        "untuk mendengarkan di alamat lain."
    )


def runserver_refusal(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str | None:
    """loopback_refusal for ``manage.py runserver [addrport]`` (a bare port or no address means loopback)."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    positional = [arg for arg in argv[2:] if not arg.startswith("-")]
    if not positional:
        return None
    addrport = positional[0]
    host = addrport.rsplit(":", 1)[0] if ":" in addrport else ("" if addrport.isdigit() else addrport)
    if not host:
        return None
    # runserver reads "0" as 0.0.0.0.
    return loopback_refusal("0.0.0.0" if host == "0" else host, environ)  # noqa: S104 - a name, not a bind


def describe_startup_error(exc: BaseException) -> str | None:
    """Return a one-line explanation naming the setting at fault, or None if exc is not one of ours."""
    from django.core.exceptions import ImproperlyConfigured

    if isinstance(exc, ImproperlyConfigured):
        return f"Konfigurasi salah: {exc}"
    from django.db import OperationalError

    if isinstance(exc, OperationalError):
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        return f"Tidak dapat terhubung ke PostgreSQL (DATABASE_URL): {reason}"
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    if isinstance(exc, RedisConnectionError | RedisTimeoutError):
        return f"Tidak dapat terhubung ke Redis (REDIS_URL / REDIS_CACHE_URL): {exc}"
    return None


def run_management_command(argv: list[str]) -> int:
    """Run a manage.py command; a configuration or connection failure exits 1 with one line."""
    refusal = runserver_refusal(argv)
    if refusal:
        sys.stderr.write(f"Error: {refusal}\n")
        return 1
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(argv)
    except Exception as exc:
        message = describe_startup_error(exc)
        if message is None:
            raise
        sys.stderr.write(f"Error: {message}\n")
        return 1
    return 0
