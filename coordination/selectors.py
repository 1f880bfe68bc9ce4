"""Reads of the coordination app, all scoped to what the requesting user may see.

Tracked actions are scoped like incidents: kabupaten roles see all; a kecamatan operator the
actions of their areas (with everything beneath); a security liaison those of their areas or of
their organisation; anyone the actions they own.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from regions.selectors import subtree_q
from stakeholders.choices import AccessRole
from stakeholders.selectors import access_profile, area_scope_q

from .choices import OPEN_ACTION_STATUSES
from .models import ActionEvidence, TrackedAction

# Roles whose areas a user plans and records coordination work in.
WORK_ROLES = (AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON, AccessRole.KABUPATEN_ADMIN)


def action_scope_q(user) -> Q | None:
    """The Q of tracked actions a user may see; None means everything (kabupaten-wide)."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return None
    scope = Q(pk__in=[])
    if profile.has_role(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON):
        scope |= area_scope_q(
            user, field="area_code", roles=(AccessRole.KECAMATAN_OPERATOR, AccessRole.SECURITY_LIAISON)
        )
        orgs = profile.organisation_ids_for(AccessRole.SECURITY_LIAISON, AccessRole.KECAMATAN_OPERATOR)
        if orgs:
            scope |= Q(organisation_id__in=orgs)
    if profile.person_id:
        scope |= Q(owner_id=profile.person_id)
    return scope


def action_visible_to(user) -> QuerySet[TrackedAction]:
    """Tracked actions the user may see (none without the view permission)."""
    if not user.is_authenticated or not user.has_perm("coordination.view_trackedaction"):
        return TrackedAction.objects.none()
    scope = action_scope_q(user)
    return TrackedAction.objects.all() if scope is None else TrackedAction.objects.filter(scope)


def action_changeable_by(user) -> QuerySet[TrackedAction]:
    """Tracked actions the user may update (progress, evidence, status): those they see, with the
    change permission."""
    if not user.is_authenticated or not user.has_perm("coordination.change_trackedaction"):
        return TrackedAction.objects.none()
    return action_visible_to(user)


def action_area_allowed(user, area) -> bool:
    """Whether the user may put an action in this area (kabupaten roles anywhere; others in their areas)."""
    profile = access_profile(user)
    if profile.kabupaten_wide:
        return True
    codes = profile.area_codes_for(*WORK_ROLES)
    return any(area.code == code or area.code.startswith(f"{code}.") for code in codes)


def action_list(
    user,
    *,
    status: str = "",
    source: str = "",
    area_code: str = "",
    organisation_id: int | None = None,
    overdue: bool = False,
    text: str = "",
    on: date | None = None,
) -> QuerySet[TrackedAction]:
    """The list "Tindak lanjut koordinasi": visible actions filtered, with what each row shows in one
    query (owner, organisation, area); open ones first by due date."""
    actions = action_visible_to(user).select_related("owner", "organisation", "area")
    if status == "terbuka_semua":
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    elif status:
        actions = actions.filter(status=status)
    if source:
        actions = actions.filter(source=source)
    if area_code:
        actions = actions.filter(subtree_q(area_code, "area_code"))
    if organisation_id:
        actions = actions.filter(organisation_id=organisation_id)
    if overdue:
        actions = actions.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=on or timezone.localdate())
    if text:
        actions = actions.filter(Q(title__icontains=text) | Q(description__icontains=text))
    return actions.order_by("due_date", "id")


def action_get_for_detail(user, pk: int) -> TrackedAction:
    """One visible action with its owner, organisation, area, incidents and evidence (404 outside scope)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        action_visible_to(user)
        .select_related("owner", "organisation", "area", "created_by")
        .prefetch_related("incidents", "evidence__added_by"),
        pk=pk,
    )


def action_evidence_visible_to(user) -> QuerySet[ActionEvidence]:
    """Evidence of the actions the user may see."""
    return ActionEvidence.objects.filter(action__in=action_visible_to(user)).select_related("action")


def action_list_for_incident(*, incident_id: int) -> list[TrackedAction]:
    """Every action linked to an incident, in one query (the incident page's panel; the incident's own
    visibility is checked by its page)."""
    return list(
        TrackedAction.objects.filter(incidents__id=incident_id)
        .select_related("owner", "organisation")
        .order_by("source", "due_date", "id")
    )
