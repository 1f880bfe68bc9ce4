"""Reads of the daily situation reports, scoped to the areas a user covers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from regions.choices import AdminLevel
from regions.selectors import adminunit_list
from stakeholders.choices import AccessRole
from stakeholders.selectors import area_choices_for, area_scope_q

from ..models import SituationReport

if TYPE_CHECKING:
    from regions.models import AdminUnit

# Roles whose areas a situation report may cover (kabupaten-wide roles cover everything anyway).
SITREP_ROLES = (
    AccessRole.KABUPATEN_ADMIN,
    AccessRole.KABUPATEN_VIEWER,
    AccessRole.KECAMATAN_OPERATOR,
    AccessRole.SECURITY_LIAISON,
)


def situation_report_visible_to(user) -> QuerySet[SituationReport]:
    """Situation reports of the areas the user covers (with everything beneath); none without permission.

    A kecamatan user sees the reports of their kecamatan, whoever asked for them; a report of the
    kabupaten (or of another kecamatan) is outside their scope.
    """
    if not user.is_authenticated or not user.has_perm("situation.view_situationreport"):
        return SituationReport.objects.none()
    return SituationReport.objects.filter(area_scope_q(user, field="area_code", roles=SITREP_ROLES))


def situation_report_area_choices(user) -> QuerySet[AdminUnit]:
    """The kabupaten or kecamatan a user may ask a situation report for (their areas and beneath)."""
    if not user.is_authenticated or not user.has_perm("situation.add_situationreport"):
        return adminunit_list().none()
    return area_choices_for(user, levels=(AdminLevel.KABUPATEN, AdminLevel.KECAMATAN), roles=SITREP_ROLES)


def situation_report_list(user) -> QuerySet[SituationReport]:
    """Recent situation reports visible to the user, newest first, with what a row shows."""
    return (
        situation_report_visible_to(user)
        .select_related("area", "created_by")
        .defer("area__boundary")
        .order_by("-created_at", "-id")
    )
