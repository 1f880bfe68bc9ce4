"""The dashboard's panels (registered by situation.dashboard.register_builtin): the Tiga Pilar Bimtek
coverage, read through training.selectors, the registry's coverage gaps, read through
stakeholders.selectors, and the action plan's progress with the overdue coordination actions, read
through coordination.selectors. ``scope`` is a situation.dashboard.DashboardScope."""

from __future__ import annotations

from django.urls import reverse

from coordination.selectors import plan_summary_for_area
from regions.selectors import code_within
from stakeholders.selectors import coverage_gaps
from training.selectors import training_coverage_by_area


def training_coverage_panel(scope) -> dict:
    """Tiga Pilar seats with someone trained in the area: the total and per kecamatan (three queries)."""
    rows = [
        {"code": r["code"], "name": r["name"], "seats": r["seats"], "trained": r["seats_trained"]}
        for r in training_coverage_by_area()
        if code_within(r["code"], scope.area_code)
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


def coverage_gaps_panel(scope) -> dict:
    """Counts of the registry's gaps (stakeholders.selectors.coverage_gaps) inside the area."""
    gaps = [g for g in coverage_gaps(scope.user) if code_within(g.area.code, scope.area_code)]
    return {
        "areas_with_gaps": sum(1 for g in gaps if g.has_gaps),
        "areas": len(gaps),
        "missing_forum": sum(1 for g in gaps if g.missing_forum),
        "empty_seats": sum(len(g.empty_seats) for g in gaps),
        "unreachable": sum(len(g.unreachable) for g in gaps),
        "unverified": sum(len(g.unverified) for g in gaps),
        "url": reverse("stakeholders:coverage_gaps"),
    }


def action_plan_panel(scope) -> dict:
    """The current year's action plan under the area (planned, done, late, % done) and the tracked
    actions past their due date there (coordination.selectors.plan_summary_for_area)."""
    data = plan_summary_for_area(area_code=scope.area_code, on=scope.today)
    area = "" if scope.is_kabupaten else f"&area={scope.area_code}"
    data["overdue_url"] = f"{reverse('coordination:action_list')}?status=terbuka_semua&overdue=on{area}"
    data["plans_url"] = reverse("coordination:plan_list")
    return data
