"""The figures of the daily situation report (laporan situasi harian), gathered for its files.

Every figure comes from a handful of aggregate queries over the area's incidents and the day's
timeline events (no query per incident), so a report over 100,000 incidents takes seconds.

What the report counts, for a date D (a WITA calendar day) and an area (kabupaten or kecamatan):
- new incidents / new early warnings: reports *filed* on D (``reported_at``), rejected ones left out;
  a past event entered afterwards counts on the day it became known (its ``reported_at``), never on
  the day it was entered, and what is recorded about it later is not an action of that day;
- a report for the whole kabupaten (or whose place is unknown) has its own row, in no kecamatan;
- occurred: reports of what *happened* on D (``occurred_at``), whenever they were filed, rejected
  ones left out (on voting day's report: everything that happened on voting day);
- open: reports filed up to the end of D whose status is open (baru, terverifikasi, ditangani)
  when the report is built (the status is not reconstructed back to D);
- resolved: reports that reached "selesai" on D (``resolved_at``);
- escalations: timeline events on D of kind "eskalasi" (a step of the escalation engine), a
  severity raised (``keparahan`` with a higher new value) and an early warning promoted to an
  incident (``dinaikkan``);
- actions taken: timeline events on D of follow-ups added or done, status changes, assignments,
  referrals and internal notes;
- casualties: the injured and dead recorded on the reports filed on D;
- needs a decision: reports still open (filed up to the end of D) with an alert nobody has
  acknowledged, a severity of 4 or 5, or a Bawaslu deadline passed without a referral;
- the previous day: the same new/resolved/casualty counts for D - 1, so page 1 shows the change.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from escalation.selectors import incident_unacknowledged_q
from incidents.choices import OPEN_STATUSES, EventKind, IncidentKind, ReferralTarget, Severity, Status
from incidents.selectors import (
    incident_list_in_area,
    incidentevent_list_between,
    incidentnote_bodies,
    legal_clock_overdue_q,
)
from regions.choices import AdminLevel
from regions.geo import simplify_geometry
from regions.selectors import adminunit_child_boundaries, adminunit_list

from .labels import severity_label, status_label, time_label, unit_values

if TYPE_CHECKING:
    from incidents.models import Incident, IncidentEvent
    from regions.models import AdminUnit

# The escalation engine records its steps as timeline events of this kind (EventKind.ESCALATION_STEP).
ESCALATION_EVENT = "eskalasi"
# Timeline kinds shown under "actions taken".
ACTION_KINDS = (
    EventKind.FOLLOW_UP,
    EventKind.STATUS,
    EventKind.ASSIGNED,
    EventKind.REFERRAL,
    EventKind.NOTE,
)
# A long list is cut at this many rows in the files (the totals still count everything).
LIST_MAX = 500
# Douglas-Peucker tolerance (degrees, about 300 m) of the map snapshot: far below a printed millimetre.
MAP_TOLERANCE = 0.003
# Severities at or above this count as "high" in the table per kecamatan, and need a decision.
HIGH_SEVERITY = Severity.TINGGI
# Why a report needs a decision today (keys of Decision.reasons).
REASON_UNACKNOWLEDGED = "unacknowledged"
REASON_SEVERE = "severe"
REASON_LEGAL_CLOCK = "legal_clock"


@dataclass
class UnitRow:
    """One row of the table per kecamatan (or per desa in a kecamatan report)."""

    code: str
    name: str
    new_incidents: int = 0
    new_warnings: int = 0
    open: int = 0
    open_high: int = 0
    resolved: int = 0
    escalations: int = 0


@dataclass
class Decision:
    """A report that needs a decision today, with why."""

    number: str
    title: str
    severity: int
    place: str
    reasons: list[str]


@dataclass
class SituationData:
    """Everything a situation report shows, built once and written to PDF and XLSX."""

    area: AdminUnit
    day: date
    generated_at: datetime
    summary: dict
    open_by_severity: list[tuple[int, int]]
    by_category: list[tuple[str, int, int]]
    unit_label: str
    units: list[UnitRow]
    new_items: list[dict] = field(default_factory=list)
    # What happened on the day (by occurrence time), whenever it was reported: the voting day's events.
    occurred_items: list[dict] = field(default_factory=list)
    escalations: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    # The same counts for the day before (new_incidents, new_warnings, resolved, injured, dead, open).
    previous: dict = field(default_factory=dict)
    # The most severe new report of the day (number, title, severity, place), if any.
    top_item: dict | None = None
    # Simplified boundary (GeoJSON) and centroid (lat, lng) per unit code, for the map snapshot.
    shapes: dict[str, tuple[dict, tuple[float, float] | None]] = field(default_factory=dict)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end (exclusive) of a WITA calendar day."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)


def _event_text(event: IncidentEvent, notes: dict[int, str]) -> tuple[str, str]:
    """(what happened, details) of one timeline event, in Indonesian."""
    old, new = event.old or {}, event.new or {}
    if event.kind == ESCALATION_EVENT:
        step = new.get("step") or new.get("level") or new.get("label")
        detail = event.note or (str(step) if step else "")
        return _("Langkah eskalasi dijalankan"), detail
    if event.kind == EventKind.SEVERITY:
        return (
            _("Tingkat keparahan dinaikkan"),
            f"{severity_label(old.get('severity'))} -> {severity_label(new.get('severity'))}",
        )
    if event.kind == EventKind.PROMOTED:
        return _("Peringatan dini dinaikkan menjadi insiden"), event.note
    if event.kind == EventKind.FOLLOW_UP:
        description = str(new.get("description", ""))
        if new.get("done"):
            return _("Tindak lanjut selesai"), description
        return _("Tindak lanjut ditambahkan"), description
    if event.kind == EventKind.STATUS:
        return (
            _("Status diubah"),
            f"{status_label(old.get('status'))} -> {status_label(new.get('status'))}",
        )
    if event.kind == EventKind.ASSIGNED:
        parts = [str(v.get("label", "")) for v in new.values() if isinstance(v, dict)]
        return _("Penanggung jawab ditetapkan"), ", ".join(p for p in parts if p)
    if event.kind == EventKind.REFERRAL:
        target = new.get("target", "")
        label = str(ReferralTarget(target).label) if target in ReferralTarget.values else str(target)
        register = new.get("register_number") or ""
        return _("Dirujuk ke %(target)s") % {"target": label}, register
    if event.kind == EventKind.NOTE:
        return _("Catatan ditambahkan"), notes.get(new.get("note"), "")[:300]
    return str(event.get_kind_display()), event.note


def _is_escalation(event: IncidentEvent) -> bool:
    if event.kind == ESCALATION_EVENT and "_not_reached" in (event.new or {}):
        # The "Hasil langkah" note of a step that already counted (who it reached), not another step.
        return False
    if event.kind in (ESCALATION_EVENT, EventKind.PROMOTED):
        return True
    if event.kind == EventKind.SEVERITY:
        try:
            return int(event.new.get("severity")) > int(event.old.get("severity"))
        except (TypeError, ValueError):
            return False
    return False


def situation_incidents(*, area: AdminUnit, user=None) -> QuerySet[Incident]:
    """The incidents a report of this area covers: the area's subtree, within the user's scope if given."""
    return incident_list_in_area(area_code=area.code, user=user)


def situation_data(*, area: AdminUnit, day: date, user=None) -> SituationData:
    """Build the report's figures and lists from aggregate queries (about ten, whatever the size)."""
    start, end = day_bounds(day)
    prev_start = day_bounds(day - timedelta(days=1))[0]
    incidents = situation_incidents(area=area, user=user)
    on_day = Q(reported_at__gte=start, reported_at__lt=end) & ~Q(status=Status.DITOLAK)
    on_prev = Q(reported_at__gte=prev_start, reported_at__lt=start) & ~Q(status=Status.DITOLAK)

    # The units of the table: the kecamatan of a kabupaten, or the desa of a kecamatan and itself.
    by_kecamatan = area.level != AdminLevel.KECAMATAN
    unit_qs = adminunit_list(parent=area)
    units = {u.code: UnitRow(code=u.code, name=u.name) for u in unit_qs}
    if not by_kecamatan:
        units = {area.code: UnitRow(code=area.code, name=_("(tingkat kecamatan)")), **units}

    unit_of_code = (lambda code: code[:8]) if by_kecamatan else (lambda code: code)
    unit_expr = Substr("area_code", 1, 8) if by_kecamatan else Substr("area_code", 1, 13)

    open_q = Q(status__in=list(OPEN_STATUSES), reported_at__lt=end)
    severity_counts = {f"open_{s}": Count("id", filter=open_q & Q(severity=s)) for s in Severity.values}
    rows = (
        incidents.order_by()
        .annotate(unit=unit_expr)
        .values("unit")
        .annotate(
            new_incidents=Count("id", filter=on_day & Q(kind=IncidentKind.INCIDENT)),
            new_warnings=Count("id", filter=on_day & Q(kind=IncidentKind.EARLY_WARNING)),
            # A past event closed today was not resolved today: its outcome is history.
            resolved=Count("id", filter=Q(resolved_at__gte=start, resolved_at__lt=end, is_historical=False)),
            day_injured=Sum("injured", filter=on_day),
            day_dead=Sum("dead", filter=on_day),
            prev_new_incidents=Count("id", filter=on_prev & Q(kind=IncidentKind.INCIDENT)),
            prev_new_warnings=Count("id", filter=on_prev & Q(kind=IncidentKind.EARLY_WARNING)),
            prev_resolved=Count(
                "id", filter=Q(resolved_at__gte=prev_start, resolved_at__lt=start, is_historical=False)
            ),
            prev_injured=Sum("injured", filter=on_prev),
            prev_dead=Sum("dead", filter=on_prev),
            prev_open=Count("id", filter=Q(status__in=list(OPEN_STATUSES), reported_at__lt=start)),
            **severity_counts,
        )
    )
    open_by_severity: Counter[int] = Counter()
    totals: Counter[str] = Counter()
    for row in rows:
        for key in ("day_injured", "day_dead", "prev_new_incidents", "prev_new_warnings", "prev_resolved"):
            totals[key] += row[key] or 0
        for key in ("prev_injured", "prev_dead", "prev_open"):
            totals[key] += row[key] or 0
        # A report for the whole kabupaten, or whose place is unknown, has a row of its own: in no kecamatan.
        name = _("(tingkat kabupaten / tempat tidak diketahui)") if row["unit"] == area.code else row["unit"]
        unit = units.setdefault(row["unit"], UnitRow(code=row["unit"], name=name))
        unit.new_incidents += row["new_incidents"]
        unit.new_warnings += row["new_warnings"]
        unit.resolved += row["resolved"]
        for s in Severity.values:
            count = row[f"open_{s}"]
            open_by_severity[s] += count
            unit.open += count
            if s >= HIGH_SEVERITY:
                unit.open_high += count

    by_category = [
        (name, n_inc, n_warn)
        for name, n_inc, n_warn in incidents.filter(on_day)
        .order_by()
        .values("category__order", "category__name")
        .annotate(
            n_inc=Count("id", filter=Q(kind=IncidentKind.INCIDENT)),
            n_warn=Count("id", filter=Q(kind=IncidentKind.EARLY_WARNING)),
        )
        .order_by("category__order", "category__name")
        .values_list("category__name", "n_inc", "n_warn")
    ]

    new_qs = (
        incidents.filter(on_day)
        .select_related("category", "area", "area__parent")
        .only(
            "number",
            "kind",
            "title",
            "severity",
            "status",
            "reported_at",
            "category__name",
            "area__name",
            "area__level",
            "area__parent__name",
        )
        .order_by("-severity", "reported_at", "id")
    )
    new_items = [
        {
            "number": i.number,
            "time": time_label(i.reported_at),
            "kind": str(i.get_kind_display()),
            "title": i.title,
            "category": i.category.name,
            "severity": severity_label(i.severity),
            "status": status_label(i.status),
            "place": _place(i.area),
        }
        for i in new_qs[:LIST_MAX]
    ]
    decisions = _decisions(incidents, end=end)

    occurred_q = Q(occurred_at__gte=start, occurred_at__lt=end) & ~Q(status=Status.DITOLAK)
    occurred_qs = (
        incidents.filter(occurred_q)
        .select_related("category", "area", "area__parent")
        .only(
            "number",
            "kind",
            "title",
            "severity",
            "status",
            "occurred_at",
            "reported_at",
            "category__name",
            "area__name",
            "area__level",
            "area__parent__name",
        )
        .order_by("occurred_at", "id")
    )
    occurred_count = incidents.filter(occurred_q).count()
    occurred_items = [
        {
            "number": i.number,
            "time": time_label(i.occurred_at),
            "reported": timezone.localtime(i.reported_at).strftime("%d/%m/%Y"),
            "kind": str(i.get_kind_display()),
            "title": i.title,
            "category": i.category.name,
            "severity": severity_label(i.severity),
            "status": status_label(i.status),
            "place": _place(i.area),
        }
        for i in occurred_qs[:LIST_MAX]
    ]

    events = list(
        incidentevent_list_between(
            start=start,
            end=end,
            kinds=[ESCALATION_EVENT, EventKind.SEVERITY, EventKind.PROMOTED, *ACTION_KINDS],
            # Entering a past event's outcomes is record-keeping, not an action taken that day.
            incidents=incidents.filter(is_historical=False),
        )
        .select_related("incident", "incident__area", "incident__area__parent", "actor")
        .only(
            "at",
            "kind",
            "old",
            "new",
            "note",
            "incident__number",
            "incident__title",
            "incident__severity",
            "incident__area_code",
            "incident__area__name",
            "incident__area__level",
            "incident__area__parent__name",
            "actor__username",
            "actor__first_name",
            "actor__last_name",
        )
        .order_by("at", "id")
    )
    note_ids = [e.new.get("note") for e in events if e.kind == EventKind.NOTE and e.new.get("note")]
    notes = incidentnote_bodies(ids=note_ids)
    escalations, actions = [], []
    escalated_incidents = set()
    steps = unreached = 0
    for event in events:
        what, detail = _event_text(event, notes)
        row = {
            "time": time_label(event.at),
            "number": event.incident.number,
            "title": event.incident.title,
            "severity": severity_label(event.incident.severity),
            "place": _place(event.incident.area),
            "what": str(what),
            "detail": str(detail or ""),
            "by": (event.actor.get_full_name() or event.actor.username) if event.actor_id else _("sistem"),
        }
        missed = (event.new or {}).get("_not_reached") if event.kind == ESCALATION_EVENT else None
        if missed:
            # A step's result that left someone unreached: listed with the escalations, counted apart.
            unreached += len(missed)
            escalations.append(row)
        elif _is_escalation(event):
            steps += 1
            escalations.append(row)
            escalated_incidents.add(event.incident.number)
            unit = units.get(unit_of_code(event.incident.area_code))
            if unit is not None:
                unit.escalations += 1
        elif event.kind in ACTION_KINDS:
            actions.append(row)

    unit_rows = list(units.values())
    summary = {
        "new_incidents": sum(u.new_incidents for u in unit_rows),
        "new_warnings": sum(u.new_warnings for u in unit_rows),
        "open": sum(open_by_severity.values()),
        "open_high": sum(u.open_high for u in unit_rows),
        "resolved": sum(u.resolved for u in unit_rows),
        "escalations": steps,
        "escalated_incidents": len(escalated_incidents),
        "unreached": unreached,
        "actions": len(actions),
        "follow_ups_done": sum(1 for e in events if e.kind == EventKind.FOLLOW_UP and e.new.get("done")),
        "occurred": occurred_count,
        "injured": totals["day_injured"],
        "dead": totals["day_dead"],
        "decisions": len(decisions),
        "unacknowledged": sum(1 for d in decisions if REASON_UNACKNOWLEDGED in d.reasons),
        "severe_open": sum(1 for d in decisions if REASON_SEVERE in d.reasons),
        "legal_overdue": sum(1 for d in decisions if REASON_LEGAL_CLOCK in d.reasons),
    }
    previous = {
        "new_incidents": totals["prev_new_incidents"],
        "new_warnings": totals["prev_new_warnings"],
        "resolved": totals["prev_resolved"],
        "injured": totals["prev_injured"],
        "dead": totals["prev_dead"],
        "open": totals["prev_open"],
    }
    return SituationData(
        area=area,
        day=day,
        generated_at=timezone.now(),
        summary=summary,
        open_by_severity=[(s, open_by_severity[s]) for s in sorted(Severity.values, reverse=True)],
        by_category=by_category,
        unit_label=_("Kecamatan") if by_kecamatan else _("Desa/kelurahan"),
        units=unit_rows,
        shapes=_unit_shapes(area),
        new_items=new_items,
        occurred_items=occurred_items,
        escalations=escalations[:LIST_MAX],
        actions=actions[:LIST_MAX],
        decisions=decisions[:LIST_MAX],
        previous=previous,
        top_item=new_items[0] if new_items else None,
    )


def _decisions(incidents: QuerySet[Incident], *, end: datetime) -> list[Decision]:
    """Open reports (filed before ``end``) needing a decision: an alert nobody acknowledged, severity
    4-5, or the Bawaslu deadline passed (by ``end`` or now, whichever is earlier). One query."""
    moment = min(end, timezone.now())
    rows = (
        # A past event entered afterwards needs no decision today, whatever its severity.
        incidents.filter(status__in=list(OPEN_STATUSES), reported_at__lt=end, is_historical=False)
        .annotate(
            unacknowledged=ExpressionWrapper(incident_unacknowledged_q(), output_field=BooleanField()),
            legal_overdue=ExpressionWrapper(legal_clock_overdue_q(moment), output_field=BooleanField()),
        )
        .filter(Q(unacknowledged=True) | Q(legal_overdue=True) | Q(severity__gte=HIGH_SEVERITY))
        .select_related("area", "area__parent")
        .only("number", "title", "severity", "reported_at", "area__name", "area__level", "area__parent__name")
        .order_by("-severity", "reported_at", "id")
    )
    decisions = []
    for i in rows[:LIST_MAX]:
        reasons = []
        if i.unacknowledged:
            reasons.append(REASON_UNACKNOWLEDGED)
        if i.severity >= HIGH_SEVERITY:
            reasons.append(REASON_SEVERE)
        if i.legal_overdue:
            reasons.append(REASON_LEGAL_CLOCK)
        decisions.append(
            Decision(
                number=i.number, title=i.title, severity=i.severity, place=_place(i.area), reasons=reasons
            )
        )
    return decisions


def _unit_shapes(area: AdminUnit) -> dict[str, tuple[dict, tuple[float, float] | None]]:
    """The simplified boundaries of the area's children (one query), for the map snapshot."""
    return {
        row["code"]: (
            simplify_geometry(row["boundary"], MAP_TOLERANCE),
            (row["centroid_lat"], row["centroid_lng"])
            if row["centroid_lat"] is not None and row["centroid_lng"] is not None
            else None,
        )
        for row in adminunit_child_boundaries(area=area)
        if row["boundary"]
    }


def _place(area: AdminUnit) -> str:
    if area.level == AdminLevel.DESA and area.parent_id:
        return f"{area.name}, {area.parent.name}"
    return area.name


def situation_summary_json(data: SituationData) -> dict:
    """The headline figures, JSON-safe, kept on the SituationReport row."""
    return {
        **data.summary,
        "previous": data.previous,
        "open_by_severity": {str(s): n for s, n in data.open_by_severity},
        "units": {u.code: unit_values(u)[1:] for u in data.units},
    }
