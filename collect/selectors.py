"""Reads of collect."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from stakeholders.choices import AccessRole
from stakeholders.selectors import area_scope_q

from .models import FormIntegration
from .services import formintegration_may_manage


def formintegration_visible_to(user) -> QuerySet[FormIntegration]:
    """The form integrations a user may see and manage: a kabupaten administrator's those of their
    kabupaten (a province's, every kabupaten below it; an administrator of the whole installation,
    every one), nobody else's."""
    if not formintegration_may_manage(user):
        return FormIntegration.objects.none()
    in_kabupaten = area_scope_q(user, field="area__code", roles=(AccessRole.KABUPATEN_ADMIN,))
    return (
        FormIntegration.objects.filter(in_kabupaten)
        .select_related("area", "person", "organisation", "created_by")
        .defer("area__boundary")
    )


def formintegration_for_token(token: str) -> FormIntegration | None:
    """The integration whose secret this is (active or not), or None."""
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    return (
        FormIntegration.objects.select_related("person__user", "organisation", "area")
        .filter(token_hash=digest)
        .first()
    )


@dataclass(frozen=True)
class IntegrationChange:
    at: datetime
    by: str
    what: str


def formintegration_history(integration: FormIntegration, *, limit: int = 50) -> list[IntegrationChange]:
    """The integration's changes, newest first, each with who made it and what it was (made, a new
    secret, switched off), read from its history in one query."""
    records = list(
        integration.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    changes = []
    for record, before in zip(records, [*records[1:], None], strict=False):
        if record.history_type == "+" or before is None:
            what = _("Dibuat")
        elif record.token_hint != before.token_hint:
            what = _("Rahasia baru dibuat")
        elif before.is_active and not record.is_active:
            what = _("Dinonaktifkan")
        else:
            what = _("Diubah")
        user = record.history_user
        changes.append(
            IntegrationChange(
                at=record.history_date,
                by=(user.get_full_name() or user.username) if user else "-",
                what=str(what),
            )
        )
    return changes[:limit]
