"""Login throttling that locks out an attacker, never the person they attack.

django-axes counts failures per (username, client address) — the address found through
trusted proxies only (``core.clientip.client_ip``) — so five bad passwords from an attacker lock
that attacker out of that account, while its owner logs in from anywhere else. A username is
never locked on its own. An address that fails ``AXES_IP_FAILURE_LIMIT`` times within the
cool-off time, whatever the usernames, is locked for every username (password spraying).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(ip_address: str) -> int:
    """Failed logins from one address, all usernames, within the cool-off time."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return total or 0


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a second, per-address limit on top of the (username, address) one."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        address = getattr(request, "axes_ip_address", None)
        if address and address_failures(address) >= settings.AXES_IP_FAILURE_LIMIT:
            # Reported as the per-user limit reached, so axes locks every username from here.
            return max(failures, get_failure_limit(request, credentials))
        return failures
