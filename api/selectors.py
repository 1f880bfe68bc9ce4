"""Reads of the API app: integrations for their administrators, a token's integration."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from stakeholders.choices import AccessRole
from stakeholders.selectors import area_scope_q

from .models import ApiCall, Integration
from .services import integration_may_manage, token_hash


def integration_visible_to(user) -> QuerySet[Integration]:
    """Integrations a user may see and revoke: for kabupaten administrators those of their kabupaten
    (every one for an administrator of the whole installation), none for anyone else."""
    if not integration_may_manage(user):
        return Integration.objects.none()
    in_kabupaten = area_scope_q(user, field="area_code", roles=(AccessRole.KABUPATEN_ADMIN,))
    return (
        Integration.objects.filter(in_kabupaten)
        .select_related("area", "created_by", "revoked_by")
        .annotate(
            # The newest call through the (integration, -at) index: one row per integration, whatever the log holds.
            last_call_at=Subquery(
                ApiCall.objects.filter(integration=OuterRef("pk")).order_by("-at").values("at")[:1]
            )
        )
    )


def integration_by_token(token: str) -> Integration | None:
    """The active integration of a token in clear (None when unknown, revoked or expired)."""
    if not token:
        return None
    found = (
        Integration.objects.select_related("created_by")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if found is None or not found.created_by.is_active:
        return None
    return found


def apicall_list(*, integration: Integration, limit: int = 50) -> QuerySet[ApiCall]:
    """The latest calls of an integration, newest first."""
    return ApiCall.objects.filter(integration=integration).order_by("-at", "-pk")[:limit]
