"""The map: its registries (``measures``) and the providers of each source app, registered here."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def register_builtin() -> None:
    """Register every measure, point layer, area link and live risk source (SituationConfig.ready)."""
    from . import incidents, prevention, risk, tps, training
    from .measures import (
        live_risk_available,
        register_area_link,
        register_live_risk_source,
        register_measure,
        register_points,
    )

    # Kerawanan (risk): assessed by people, and live from the incidents.
    register_measure(
        "kerawanan",
        _("Kerawanan (penilaian)"),
        risk.assessed_risk,
        permission="risk.view_riskassessment",
        filters=risk.assessed_risk_filters,
        order=10,
    )
    register_measure(
        "risiko_langsung",
        _("Risiko langsung (insiden terbaru)"),
        risk.live_risk,
        permission="risk.view_riskassessment",
        available=live_risk_available,
        order=20,
    )
    register_points(
        "tps",
        _("TPS (pemilihan berjalan)"),
        tps.tps_points,
        permission="regions.view_adminunit",
        order=45,
    )
    register_points(
        "tps_rawan",
        _("TPS dinilai rawan"),
        risk.tps_risk_points,
        permission="risk.view_riskassessment",
        order=50,
    )
    # Incidents.
    register_measure(
        "insiden",
        _("Insiden dalam periode"),
        incidents.incident_count_measure,
        permission="incidents.view_incident",
        filters=incidents.incident_filters,
        order=20,
    )
    register_measure(
        "insiden_terlambat",
        _("Insiden terbuka yang terlambat"),
        incidents.incident_overdue_measure,
        permission="incidents.view_incident",
        order=25,
    )
    register_live_risk_source("incidents", incidents.incident_live_risk_source)
    # A callable: ready() runs before the URLconf may be loaded. Any status, so the closed ones too.
    register_area_link(
        "insiden",
        _("Daftar insiden di wilayah ini"),
        lambda: f"{reverse('incidents:incident_list')}?status=semua&desa=CODE",
        permission="incidents.view_incident",
    )
    register_points(
        "insiden",
        _("Insiden (titik GPS)"),
        incidents.incident_points,
        permission="incidents.view_incident",
        order=20,
    )
    # Prevention (coordination): activities per area in the period, and their pins.
    register_measure(
        "pencegahan",
        _("Kegiatan pencegahan dalam periode"),
        prevention.prevention_count_measure,
        permission="coordination.view_preventiveactivity",
        filters=prevention.prevention_filters,
        order=30,
    )
    register_points(
        "pencegahan",
        _("Kegiatan pencegahan"),
        prevention.prevention_map_points,
        permission="coordination.view_preventiveactivity",
        order=30,
    )
    # Training: aggregate counts from the registry, readable by everyone who reads its positions.
    register_measure(
        "cakupan_bimtek",
        _("Cakupan Bimtek Tiga Pilar"),
        training.training_coverage_measure,
        permission="stakeholders.view_position",
        order=40,
    )
