"""Preventive activities on the map: the measure "kegiatan pencegahan dalam periode" per area and a
point layer, read through coordination.selectors (scoped like the activity list), so leadership sees
where prevention happened against where incidents and risk are."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coordination.choices import PreventionKind
from coordination.selectors import prevention_counts_by_area, prevention_points

from .measures import MapPoint, MeasureFilter, MeasureQuery, MeasureResult, count_result

# At most this many activities are pinned in one answer (the endpoint caps again).
POINTS_MAX = 5000


def prevention_filters(user) -> list[MeasureFilter]:
    """The kind of activity (jenis), for the measure and the points."""
    return [MeasureFilter("jenis", _("Jenis kegiatan"), [("", _("Semua")), *PreventionKind.choices])]


def _kind(query: MeasureQuery) -> str:
    kind = query.params.get("jenis", "")
    if kind and kind not in PreventionKind.values:
        raise ValidationError({"jenis": [_("Jenis kegiatan tidak dikenal.")]})
    return kind


def prevention_count_measure(query: MeasureQuery) -> MeasureResult:
    """Preventive activities per area held in the period (of one kind when chosen)."""
    rows = prevention_counts_by_area(
        query.user, parent_code=query.parent_code, start=query.start, end=query.end, kind=_kind(query)
    )
    return count_result(
        query,
        dict(rows),
        unit=str(_("kegiatan")),
        note=str(
            _(
                "Kegiatan pencegahan (patroli, dialog, sosialisasi, mediasi, deteksi dini, pengamanan TPS) "
                "menurut waktu kegiatan. Bandingkan dengan ukuran insiden dan kerawanan."
            )
        ),
    )


def prevention_map_points(query: MeasureQuery) -> Iterable[MapPoint]:
    """Activities of the period at their GPS point, else at the centre of their desa or kecamatan; a
    click opens the activity."""
    template = reverse("coordination:prevention_detail", args=[0]).replace("/0/", "/ID/")
    for pk, _kind_value, label, lat, lng in prevention_points(
        query.user,
        parent_code=query.parent_code,
        start=query.start,
        end=query.end,
        kind=_kind(query),
        limit=POINTS_MAX,
    ):
        yield MapPoint(
            lat=lat,
            lng=lng,
            url=template.replace("/ID/", f"/{pk}/"),
            label=label,
            severity=1,
            kind="pencegahan",
        )
