"""Turn a misconfigured environment into one clear line instead of a traceback."""

from __future__ import annotations

import sys


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
