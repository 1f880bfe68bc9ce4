"""Template tags of notifications: how often the navigation polls the unread count."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def inbox_poll_seconds() -> int:
    """Seconds between two polls of the unread badge (NOTIFICATIONS_BADGE_POLL_S, default 20)."""
    return int(getattr(settings, "NOTIFICATIONS_BADGE_POLL_S", 20))
