"""Whether a new report belongs to an open alert group: pure rules over prefetched rows (no query)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from incidents.models import Incident

    from ..models import AlertGroup, AlertGroupRule

EARTH_RADIUS_M = 6_371_000.0


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def rule_covers(rule: AlertGroupRule, category_ids: list[int], first: int, second: int) -> bool:
    """Two categories are the same, or "related": both among the rule's categories (prefetched ids)."""
    return first == second or (first in category_ids and second in category_ids)


def place_matches(rule: AlertGroupRule, incident: Incident, primary: Incident) -> bool:
    """The same desa/kelurahan, or with a distance both reports' coordinates within it."""
    if incident.area_code == primary.area_code:
        return True
    if not rule.distance_m or None in (incident.lat, incident.lng, primary.lat, primary.lng):
        return False
    return distance_m(incident.lat, incident.lng, primary.lat, primary.lng) <= rule.distance_m  # type: ignore[arg-type]


def group_accepts(
    rule: AlertGroupRule, category_ids: list[int], group: AlertGroup, incident: Incident, *, now: datetime
) -> bool:
    """True when ``incident`` (reported at ``now``) joins ``group`` under ``rule``: window, categories, place."""
    if abs(now - group.last_report_at) > timedelta(minutes=rule.window_minutes):
        return False
    return rule_covers(rule, category_ids, group.primary.category_id, incident.category_id) and place_matches(
        rule, incident, group.primary
    )
