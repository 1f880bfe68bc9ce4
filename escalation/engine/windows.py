"""Hours-of-day windows of a policy step (local time, WITA): pure functions, no database, no settings."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone


def window_contains(moment: datetime, hours: list[int] | None) -> bool:
    """True when ``moment`` lies inside the window ``[from hour, until hour)``, or there is no window."""
    if not hours:
        return True
    start, end = hours[0], hours[1] % 24
    hour = timezone.localtime(moment).hour
    if start < end:
        return start <= hour < end
    return hour >= start or hour < end  # wraps past midnight


def window_next_opening(moment: datetime, hours: list[int] | None) -> datetime:
    """``moment`` when it lies inside the window, else the window's next opening (local time, WITA)."""
    if not hours or window_contains(moment, hours):
        return moment
    local = timezone.localtime(moment)
    opening = local.replace(hour=hours[0], minute=0, second=0, microsecond=0)
    if opening <= local:
        opening += timedelta(days=1)
    # Re-localise: WITA has no DST, but the arithmetic stays right if a zone ever has one.
    return timezone.localtime(opening)
