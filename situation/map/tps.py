"""The TPS layer of the map: every polling station with coordinates of the current election in the user's
scope, linking to its desa's page (which lists the desa's TPS and DPT)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from regions.selectors import election_current, subtree_q
from stakeholders.selectors import pollingstation_visible_to

from .measures import MapPoint, MeasureQuery


def tps_points(query: MeasureQuery) -> Iterable[MapPoint]:
    """TPS of the current election with coordinates under the map's area (severity 1: a neutral pin)."""
    election = election_current()
    if election is None:
        return
    rows = (
        pollingstation_visible_to(query.user)
        .filter(
            subtree_q(query.parent_code, "desa__code"),
            election=election,
            lat__isnull=False,
            lng__isnull=False,
        )
        .values_list("number", "lat", "lng", "voters", "desa__code", "desa__name")
        .order_by("desa__code", "number")
    )
    for number, lat, lng, voters, desa_code, desa_name in rows:
        url = reverse("regions:adminunit_detail", args=[desa_code]) + f"?pemilihan={election.code}"
        label = _("TPS %(number)03d %(desa)s") % {"number": number, "desa": desa_name}
        if voters is not None:
            label = _("%(label)s: DPT %(voters)s") % {"label": label, "voters": voters}
        yield MapPoint(lat, lng, url, label, 1)
