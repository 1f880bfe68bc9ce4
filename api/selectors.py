"""Reads of the API app: integrations for their administrators, a token's integration."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from .models import ApiCall, Integration
from .services import integration_may_manage, token_hash


def integration_visible_to(user) -> QuerySet[Integration]:
    """Integrations a user may see and revoke: all of them for kabupaten administrators, none else."""
    if not integration_may_manage(user):
        return Integration.objects.none()
    return Integration.objects.select_related("area", "created_by", "revoked_by").annotate(
        # The newest call through the (integration, -at) index: one row per integration, whatever the log holds.
        last_call_at=Subquery(
            ApiCall.objects.filter(integration=OuterRef("pk")).order_by("-at").values("at")[:1]
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
