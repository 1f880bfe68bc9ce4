"""Builders for escalation tests: forums with holders and contacts, policies with chosen steps."""

from __future__ import annotations

from itertools import count

from escalation.models import EscalationPolicy, EscalationPolicyStep, EscalationStepTarget
from regions.models import AdminUnit
from stakeholders.choices import ContactKind
from stakeholders.models import ContactPoint, Forum, ForumSeat
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

_n = count(1)


def forum_holders(kind: str, area_code: str, offices: list[str], *, contact: str | None = ContactKind.EMAIL):
    """A forum of ``kind`` for the area whose seats are held by new people (one contact each, verified)."""
    area = AdminUnit.objects.get(code=area_code)
    forum, _ = Forum.objects.get_or_create(kind=kind, area=area, defaults={"name": f"{kind} {area.name}"})
    people = []
    for order, office in enumerate(offices, start=1):
        ForumSeat.objects.get_or_create(forum=forum, office=office, defaults={"order": order})
        n = next(_n)
        person = PersonFactory(full_name=f"Penerima {office} {n}")
        PositionFactory(person=person, office=office, area=area, organisation=OrganisationFactory(area=area))
        if contact:
            value = f"penerima{n}@contoh.invalid" if contact == ContactKind.EMAIL else f"+62811700{n:04d}"
            ContactPoint.objects.create(person=person, kind=contact, value=value, verified=True)
        people.append(person)
    return people


def policy_with_steps(
    steps: list[tuple[int, list[dict]]],
    *,
    name: str = "Kebijakan uji",
    priority: int = 1,
    min_severity: int = 1,
    track: str = "",
    repeat_last_step: bool = False,
    max_repeats: int = 0,
    hours: list[tuple[int, int] | None] | None = None,
) -> EscalationPolicy:
    """A policy checked before the defaults; ``steps`` = [(wait minutes, [target fields])]."""
    policy = EscalationPolicy.objects.create(
        name=name,
        priority=priority,
        min_severity=min_severity,
        track=track,
        repeat_last_step=repeat_last_step,
        max_repeats=max_repeats,
    )
    for order, (wait, targets) in enumerate(steps, start=1):
        window = (hours or [None] * len(steps))[order - 1]
        step = EscalationPolicyStep.objects.create(
            policy=policy,
            order=order,
            wait_minutes=wait,
            active_from_hour=window[0] if window else None,
            active_until_hour=window[1] if window else None,
        )
        for target in targets:
            EscalationStepTarget.objects.create(step=step, **target)
    return policy
