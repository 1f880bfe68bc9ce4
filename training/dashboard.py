"""The training app's panel on the dashboard (incidents.dashboard): Tiga Pilar Bimtek coverage.

Registered from TrainingConfig.ready: training may import incidents, never the other way round.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .selectors import training_coverage_by_area


def training_coverage_panel(scope) -> dict:
    """Tiga Pilar seats with someone trained in the area: the total and per kecamatan (three queries)."""
    rows = [
        {"code": r["code"], "name": r["name"], "seats": r["seats"], "trained": r["seats_trained"]}
        for r in training_coverage_by_area()
        if r["code"] == scope.area_code or r["code"].startswith(f"{scope.area_code}.")
    ]
    for row in rows:
        row["percent"] = round(row["trained"] * 100 / row["seats"]) if row["seats"] else None
    seats = sum(r["seats"] for r in rows)
    trained = sum(r["trained"] for r in rows)
    return {
        "seats": seats,
        "trained": trained,
        "percent": round(trained * 100 / seats) if seats else None,
        "rows": rows if len(rows) > 1 else [],
        "url": reverse("training:coverage_report"),
    }


def register() -> None:
    """Plug the coverage panel into the dashboard."""
    from incidents.dashboard import register_panel

    register_panel(
        "cakupan_bimtek",
        _("Cakupan Bimtek Tiga Pilar"),
        training_coverage_panel,
        "training/partials/dashboard_coverage.html",
        permission="stakeholders.view_position",
        order=50,
    )
