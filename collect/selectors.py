"""Reads of collect."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

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
