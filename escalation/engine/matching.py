"""Which policy an incident falls under, and the policy as frozen onto an escalation.

``policy_matches`` is pure: given a policy whose categories and areas are prefetched it runs no
query, so its rules can be tested on their own. ``escalation_policy_for`` is the one query that
feeds it; ``policy_snapshot`` reads the steps and targets to freeze.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch

from incidents.choices import IncidentKind
from incidents.selectors import category_list
from regions.selectors import adminunit_list

from ..models import EscalationPolicy

if TYPE_CHECKING:
    from incidents.models import Incident


def policy_matches(policy: EscalationPolicy, incident: Incident) -> bool:
    """True when every condition of the policy holds for the incident (categories/areas prefetched)."""
    if not policy.is_active or incident.severity < policy.min_severity:
        return False
    if incident.kind == IncidentKind.EARLY_WARNING and not policy.include_early_warnings:
        return False
    # A P/K incident belongs to both tracks.
    if (
        policy.track
        and policy.track != incident.track
        and not (incident.track == "PK" and policy.track in ("P", "K"))
    ):
        return False
    categories = [c.pk for c in policy.categories.all()]
    if categories and incident.category_id not in categories:
        return False
    codes = [a.code for a in policy.areas.all()]
    return not codes or any(
        incident.area_code == code or incident.area_code.startswith(code + ".") for code in codes
    )


def escalation_policy_for(incident: Incident) -> EscalationPolicy | None:
    """The first active policy (by priority, then id) that matches the incident; two queries."""
    policies = (
        EscalationPolicy.objects.filter(is_active=True, min_severity__lte=incident.severity)
        # Only the codes of the areas: a boundary is a large GeoJSON this never needs.
        .prefetch_related(
            Prefetch("categories", queryset=category_list(with_inactive=True).only("id")),
            Prefetch("areas", queryset=adminunit_list(with_parent=False).only("id", "code")),
        )
        .order_by("priority", "id")
    )
    for policy in policies:
        if policy_matches(policy, incident):
            return policy
    return None


def policy_snapshot(policy: EscalationPolicy) -> dict:
    """The policy as frozen onto an escalation: later edits of the policy change nothing that runs."""
    steps = policy.steps.prefetch_related("targets__person").order_by("order", "id")
    return {
        "id": policy.pk,
        "name": policy.name,
        "repeat_last_step": policy.repeat_last_step,
        "max_repeats": policy.max_repeats if policy.repeat_last_step else 0,
        "steps": [
            {
                "order": step.order,
                "wait_minutes": step.wait_minutes,
                "hours": (
                    [step.active_from_hour, step.active_until_hour]
                    if step.active_from_hour is not None and step.active_until_hour is not None
                    else None
                ),
                "targets": [target.snapshot() for target in step.targets.all()],
            }
            for step in steps
        ],
    }
