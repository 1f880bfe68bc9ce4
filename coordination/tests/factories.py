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


def make_activity(*, by_user, area_code="64.08.04.2001", held_at=None, kind="patroli", **fields):
    """A preventive activity logged through prevention_create, an hour ago by default."""
    from coordination.services import prevention_create

    values = {"participant_count": 4, "notes": "Patroli dialogis di pasar"}
    values.update(fields)
    return prevention_create(
        by_user=by_user,
        kind=kind,
        area=AdminUnit.objects.get(code=area_code),
        held_at=held_at or timezone.now() - timedelta(hours=1),
        **values,
    )


def make_plan_activity(*, plan, by_user, area_code="64.08.04", organisation=None, **fields):
    """An activity of a plan added through plan_activity_add: February to March of the plan's year."""
    from coordination.services import plan_activity_add

    values = {
        "title": "Sosialisasi pilkada damai",
        "target": "18 kecamatan",
        "planned_start": date(plan.year, 2, 1),
        "planned_end": date(plan.year, 3, 31),
        "phase": "kampanye",
    }
    values.update(fields)
    return plan_activity_add(
        plan=plan,
        by_user=by_user,
        area=AdminUnit.objects.get(code=area_code),
        organisation=organisation,
        **values,
    )
