"""Reads of kerawanan instruments and assessments, scoped to what a user may see."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Max, QuerySet

from regions.choices import AdminLevel
from regions.selectors import subtree_q
from stakeholders.selectors import area_scope_q

from .choices import RiskInstrumentKind
from .models import RiskAssessment, RiskInstrument

if TYPE_CHECKING:
    from regions.models import AdminUnit


def riskinstrument_assessable() -> QuerySet[RiskInstrument]:
    """Active instruments a person grades by hand (the live risk is computed, never entered)."""
    return RiskInstrument.objects.filter(active=True).exclude(kind=RiskInstrumentKind.LIVE)


def riskassessment_visible_to(user) -> QuerySet[RiskAssessment]:
    """Assessments of places in the user's areas (all for kabupaten roles); none without the view permission."""
    if not user.has_perm("risk.view_riskassessment"):
        return RiskAssessment.objects.none()
    return (
        RiskAssessment.objects.filter(area_scope_q(user, field="area__code"))
        .select_related("instrument", "area", "area__parent", "polling_station", "assessed_by")
        .defer("area__boundary", "area__parent__boundary", "instrument__checklist")
    )


def riskassessment_latest_per_place(*, assessments: QuerySet[RiskAssessment]) -> QuerySet[RiskAssessment]:
    """The newest assessment of each place (area or TPS) by each instrument among ``assessments``, in one
    query (DISTINCT ON).
    """
    return assessments.order_by("instrument_id", "area_id", "polling_station_id", "-as_of", "-id").distinct(
        "instrument_id", "area_id", "polling_station_id"
    )


def riskassessment_worst_in_area(*, user, area: AdminUnit, limit: int = 20) -> QuerySet[RiskAssessment]:
    """The newest assessment of each place in the area (and beneath), the most rawan first, visible to the user."""
    latest = riskassessment_latest_per_place(
        assessments=riskassessment_visible_to(user).filter(subtree_q(area.code, "area__code"))
    )
    return (
        riskassessment_visible_to(user)
        .filter(pk__in=latest.values("pk"))
        .order_by("-level_rank", "-as_of", "area__code")[:limit]
    )


def riskinstrument_live() -> RiskInstrument | None:
    """The active live-risk instrument (its days, severity weights and bands drive the map's live risk)."""
    return RiskInstrument.objects.filter(kind=RiskInstrumentKind.LIVE, active=True).order_by("code").first()


def riskinstrument_by_recent_use() -> QuerySet[RiskInstrument]:
    """Assessable instruments, the most recently used first (so the map opens on data)."""
    return (
        riskinstrument_assessable()
        .annotate(latest=Max("assessments__as_of"))
        .order_by(F("latest").desc(nulls_last=True), "kind", "code")
    )


def riskassessment_context_for(*, user, area) -> list[RiskAssessment]:
    """The newest assessment per instrument of the province above ``area`` (the provincial IKP): context
    shown beside the area's own kerawanan, never counted as the area's. Province-level figures are public,
    so every user who reads kerawanan sees them, whatever their area."""
    if not user.has_perm("risk.view_riskassessment"):
        return []
    parts = area.code.split(".")
    above = [".".join(parts[:n]) for n in range(1, len(parts) + 1)]
    assessments = (
        RiskAssessment.objects.filter(area__code__in=above, area__level=AdminLevel.PROVINSI)
        .select_related("instrument", "area")
        .defer("area__boundary", "instrument__checklist")
    )
    return list(riskassessment_latest_per_place(assessments=assessments))
