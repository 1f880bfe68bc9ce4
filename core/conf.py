"""Accessors for the settings every app shares, read when called (never at import time).

Tests change settings with pytest-django's ``settings`` fixture; these functions see the change.
"""

from __future__ import annotations

from django.conf import settings


def kabupaten_code() -> str:
    """The Kemendagri code of the kabupaten/kota this installation serves (``KABUPATEN_CODE``)."""
    return settings.KABUPATEN_CODE


def kabupaten_codes() -> list[str]:
    """Every kabupaten/kota this installation serves (``KABUPATEN_CODES``), ``KABUPATEN_CODE`` among them."""
    return list(settings.KABUPATEN_CODES)


def in_served_kabupaten(code: str) -> bool:
    """Whether an area code is one of the served kabupaten/kota or lies beneath one."""
    return any(code == k or code.startswith(k + ".") for k in kabupaten_codes())


def queue_critical() -> str:
    """The Celery queue of escalation steps, deliveries and liveness checks."""
    return settings.CELERY_QUEUE_CRITICAL


def queue_default() -> str:
    """The Celery queue of everything else (exports, imports, reports, certificates, reminders)."""
    return settings.CELERY_QUEUE_DEFAULT


def queues() -> list[str]:
    """Both queues, critical first: what one worker serves when it serves everything."""
    return [queue_critical(), queue_default()]


def report_letterhead() -> list[str]:
    """The lines of the letterhead printed on documents of one case (``REPORT_LETTERHEAD``)."""
    return [str(line) for line in settings.REPORT_LETTERHEAD if str(line).strip()]
