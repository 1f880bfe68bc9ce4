"""The incidents on the map: the count measure (with its severity, category and track filters), the
open-overdue measure, the live-risk events and a point layer, all through incident_visible_to, so
the map obeys the lists' scope."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from incidents.choices import Severity, Status, Track
from incidents.selectors import OPEN_TOO_LONG_DAYS, category_list, incident_overdue_q, incident_visible_to
from regions.selectors import subtree_q

from .measures import MapPoint, MeasureFilter, MeasureQuery, MeasureResult, count_result

# The filters of the incident measure; the names are those of the incident list's filters, so a
# map link to the list can carry them unchanged.
TRACK_CHOICES = Track.choices[:3]

# At most this many incidents are pinned in one answer (the endpoint caps again).
POINTS_MAX = 5000


def incident_filters(user) -> list[MeasureFilter]:
    """Severity, category and track choices of the incident measure (and the incident points)."""
    everything = ("", _("Semua"))
    return [
        MeasureFilter(
            "severity", _("Keparahan"), [everything, *((str(v), lbl) for v, lbl in Severity.choices)]
        ),
        MeasureFilter(
            "category", _("Kategori"), [everything, *((str(c.pk), c.name) for c in category_list())]
        ),
        MeasureFilter("track", _("Jalur"), [everything, *TRACK_CHOICES]),
    ]


def _filter_q(params) -> Q:
    """The Q of the severity/category/track parameters; a bad value is a field-level error."""
    q, errors = Q(), {}
    severity = params.get("severity", "")
    if severity:
        if severity not in {str(v) for v in Severity.values}:
            errors["severity"] = [_("Pilih tingkat keparahan 1 sampai 5.")]
        else:
            q &= Q(severity=int(severity))
    category = params.get("category", "")
    if category:
        if not category.isdigit():
            errors["category"] = [_("Kategori tidak dikenal.")]
        else:
            q &= Q(category_id=int(category))
    track = params.get("track", "")
    if track:
        if track not in dict(TRACK_CHOICES):
            errors["track"] = [_("Jalur tidak dikenal.")]
        else:
            # A P/K category belongs to both tracks (as in the incident list).
            q &= Q(track__in=[track, Track.PK])
    if errors:
        raise ValidationError(errors)
    return q


def _in_period(query: MeasureQuery):
    """Visible, not rejected incidents that occurred within the query's WITA dates under its parent,
    narrowed by the severity, category and track parameters when given."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(query.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(query.end + timedelta(days=1), time.min), tz)
    return (
        incident_visible_to(query.user)
        .filter(subtree_q(query.parent_code, "area_code"), occurred_at__gte=start, occurred_at__lt=end)
        .filter(_filter_q(query.params))
        .exclude(status=Status.DITOLAK)
    )


def incident_count_measure(query: MeasureQuery) -> MeasureResult:
    """Incidents per area in the period (rejected reports left out), by severity, category, track."""
    rows = _in_period(query).values("area_code").annotate(n=Count("id")).values_list("area_code", "n")
    return count_result(
        query,
        dict(rows),
        unit=str(_("insiden")),
        note=str(_("Insiden dan peringatan dini yang tidak ditolak, menurut waktu kejadian.")),
    )


def incident_overdue_measure(query: MeasureQuery) -> MeasureResult:
    """Open overdue incidents per area now (incident_overdue_q); the period does not apply."""
    rows = (
        incident_visible_to(query.user)
        .filter(subtree_q(query.parent_code, "area_code"))
        .filter(incident_overdue_q())
        .values("area_code")
        .annotate(n=Count("id"))
        .values_list("area_code", "n")
    )
    return count_result(
        query,
        dict(rows),
        unit=str(_("insiden")),
        note=str(
            _(
                "Insiden terbuka yang terlambat saat ini: batas 7 hari ke Bawaslu lewat tanpa rujukan, "
                "tindak lanjut lewat tenggat, atau belum selesai %(days)s hari setelah dilaporkan. "
                "Periode tidak berlaku."
            )
            % {"days": OPEN_TOO_LONG_DAYS}
        ),
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
    # One reverse() for thousands of pins: the number is the URL's only variable part.
    template = reverse("incidents:incident_detail", args=["NOMOR"])
    for number, title, lat, lng, severity in rows:
        yield MapPoint(
            lat=lat,
            lng=lng,
            url=template.replace("NOMOR", number),
            label=f"{number}: {title}",
            severity=int(severity),
        )
