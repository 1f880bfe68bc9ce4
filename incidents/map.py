"""The incidents' contributions to the map (regions.measures): a count measure, the live-risk
events and a point layer, all through incident_visible_to, so the map obeys the lists' scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.measures import MapPoint, MeasureQuery, MeasureResult, count_result
from regions.selectors import subtree_q

from .choices import Status
from .selectors import incident_visible_to

# At most this many incidents are pinned in one answer (the endpoint caps again).
POINTS_MAX = 5000


def _in_period(query: MeasureQuery):
    """Visible, not rejected incidents that occurred within the query's WITA dates under its parent."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(query.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(query.end + timedelta(days=1), time.min), tz)
    return (
        incident_visible_to(query.user)
        .filter(subtree_q(query.parent_code, "area_code"), occurred_at__gte=start, occurred_at__lt=end)
        .exclude(status=Status.DITOLAK)
    )


def incident_count_measure(query: MeasureQuery) -> MeasureResult:
    """Incidents per area in the period (rejected reports left out)."""
    rows = _in_period(query).values("area_code").annotate(n=Count("id")).values_list("area_code", "n")
    return count_result(
        query,
        dict(rows),
        unit=str(_("insiden")),
        note=str(_("Insiden dan peringatan dini yang tidak ditolak, menurut waktu kejadian.")),
    )


def incident_live_risk_source(query: MeasureQuery) -> Iterable[tuple[str, int, int]]:
    """(area code, severity, count) of the user's visible incidents in the window, for the live risk."""
    return (
        _in_period(query)
        .values("area_code", "severity")
        .annotate(n=Count("id"))
        .values_list("area_code", "severity", "n")
    )


def incident_points(query: MeasureQuery) -> Iterable[MapPoint]:
    """Incidents with a GPS point in the period; a click opens the incident."""
    rows = (
        _in_period(query)
        .filter(~Q(lat=None))
        .order_by("-severity", "-occurred_at")
        .values_list("number", "title", "lat", "lng", "severity")[:POINTS_MAX]
    )
    from django.urls import reverse

    for number, title, lat, lng, severity in rows:
        yield MapPoint(
            lat=lat,
            lng=lng,
            url=reverse("incidents:incident_detail", args=[number]),
            label=f"{number}: {title}",
            severity=int(severity),
        )


def register() -> None:
    """Plug the providers into the map (called from IncidentsConfig.ready)."""
    from regions.measures import register_live_risk_source, register_measure, register_points

    register_measure(
        "insiden",
        _("Insiden dalam periode"),
        incident_count_measure,
        permission="incidents.view_incident",
        order=20,
    )
    register_live_risk_source("incidents", incident_live_risk_source)
    register_points(
        "insiden", _("Insiden (titik GPS)"), incident_points, permission="incidents.view_incident", order=20
    )
