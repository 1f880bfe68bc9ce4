"""Builders of coordination rows for tests: through the real services."""

from datetime import date, timedelta

from django.utils import timezone

from coordination.services import action_create
from regions.models import AdminUnit


def make_action(*, by_user, area_code="64.08.04", due_date: date | None = None, **fields):
    """A tracked action created through action_create, due in a week by default."""
    values = {"title": "Patroli bersama di titik rawan", "description": ""}
    values.update(fields)
    return action_create(
        by_user=by_user,
        area=AdminUnit.objects.get(code=area_code),
        due_date=due_date or timezone.localdate() + timedelta(days=7),
        **values,
    )
