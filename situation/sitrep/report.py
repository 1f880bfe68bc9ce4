"""The daily situation report (laporan situasi harian): its figures, and its PDF and XLSX files.

Every figure comes from a handful of aggregate queries over the area's incidents and the day's
timeline events (no query per incident), so a report over 100,000 incidents takes seconds.

What the report counts, for a date D (a WITA calendar day) and an area (kabupaten or kecamatan):
- new incidents / new early warnings: reports *filed* on D (``reported_at``), rejected ones left out;
- open: reports filed up to the end of D whose status is open (baru, terverifikasi, ditangani)
  when the report is built (the status is not reconstructed back to D);
- resolved: reports that reached "selesai" on D (``resolved_at``);
- escalations: timeline events on D of kind "eskalasi" (a step of the escalation engine), a
  severity raised (``keparahan`` with a higher new value) and an early warning promoted to an
  incident (``dinaikkan``);
- actions taken: timeline events on D of follow-ups added or done, status changes, assignments,
  referrals and internal notes.
"""

from __future__ import annotations

import io
import re
import time as clock
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.conf import kabupaten_code
from core.tabular import safe_cell as _safe
from incidents.choices import OPEN_STATUSES, EventKind, IncidentKind, ReferralTarget, Severity, Status
from incidents.selectors import (
    incident_busiest_report_day,
    incident_list_in_area,
    incidentevent_list_between,
    incidentnote_bodies,
)
from regions.choices import AdminLevel
from regions.geo import simplify_geometry
from regions.selectors import adminunit_child_boundaries, adminunit_list

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
# The map's colours, from few to many new reports; no report at all is grey.
MAP_COLOURS = [(254, 240, 217), (253, 204, 138), (252, 141, 89), (227, 74, 51), (179, 0, 0)]
MAP_EMPTY = (238, 238, 238)
# Severities at or above this count as "high" in the table per kecamatan.
HIGH_SEVERITY = Severity.TINGGI


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
    escalations: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    # Simplified boundary (GeoJSON) and centroid (lat, lng) per unit code, for the map snapshot.
    shapes: dict[str, tuple[dict, tuple[float, float] | None]] = field(default_factory=dict)


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The start and end (exclusive) of a WITA calendar day."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(day, time.min), tz)
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)


def date_label(day: date) -> str:
    """A date as Indonesian officials write it: "Senin, 11 November 2024"."""
    return date_format(day, "l, j F Y")


def time_label(moment: datetime) -> str:
    """A time of day in WITA: "09.30 WITA"."""
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%H.%M") + " WITA"


def area_label(area: AdminUnit) -> str:
    if area.level == AdminLevel.KABUPATEN:
        return _("Kabupaten %(name)s") % {"name": area.name}
    if area.level == AdminLevel.KECAMATAN:
        return _("Kecamatan %(name)s") % {"name": area.name}
    return area.name


def _severity_label(value: int) -> str:
    return str(Severity(value).label) if value in Severity.values else str(value)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else str(value)


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
            f"{_severity_label(old.get('severity'))} -> {_severity_label(new.get('severity'))}",
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
            f"{_status_label(old.get('status'))} -> {_status_label(new.get('status'))}",
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
    incidents = situation_incidents(area=area, user=user)
    on_day = Q(reported_at__gte=start, reported_at__lt=end) & ~Q(status=Status.DITOLAK)

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
            resolved=Count("id", filter=Q(resolved_at__gte=start, resolved_at__lt=end)),
            **severity_counts,
        )
    )
    open_by_severity: Counter[int] = Counter()
    for row in rows:
        unit = units.setdefault(row["unit"], UnitRow(code=row["unit"], name=row["unit"]))
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
            "severity": _severity_label(i.severity),
            "status": _status_label(i.status),
            "place": _place(i.area),
        }
        for i in new_qs[:LIST_MAX]
    ]

    events = list(
        incidentevent_list_between(
            start=start,
            end=end,
            kinds=[ESCALATION_EVENT, EventKind.SEVERITY, EventKind.PROMOTED, *ACTION_KINDS],
            incidents=incidents,
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
    for event in events:
        what, detail = _event_text(event, notes)
        row = {
            "time": time_label(event.at),
            "number": event.incident.number,
            "title": event.incident.title,
            "severity": _severity_label(event.incident.severity),
            "place": _place(event.incident.area),
            "what": str(what),
            "detail": str(detail or ""),
            "by": (event.actor.get_full_name() or event.actor.username) if event.actor_id else _("sistem"),
        }
        if _is_escalation(event):
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
        "escalations": len(escalations),
        "escalated_incidents": len(escalated_incidents),
        "actions": len(actions),
        "follow_ups_done": sum(1 for e in events if e.kind == EventKind.FOLLOW_UP and e.new.get("done")),
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
        escalations=escalations[:LIST_MAX],
        actions=actions[:LIST_MAX],
    )


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


def summary_rows(data: SituationData) -> list[tuple[str, int]]:
    """The headline figures as (label, value), in the order the report shows them."""
    s = data.summary
    return [
        (_("Insiden baru"), s["new_incidents"]),
        (_("Peringatan dini baru"), s["new_warnings"]),
        (_("Laporan terbuka (sampai akhir hari)"), s["open"]),
        (_("Terbuka dengan keparahan tinggi/kritis"), s["open_high"]),
        (_("Selesai ditangani hari ini"), s["resolved"]),
        (_("Eskalasi (langkah, kenaikan keparahan, peringatan dinaikkan)"), s["escalations"]),
        (_("Insiden yang dieskalasi"), s["escalated_incidents"]),
        (_("Tindakan tercatat"), s["actions"]),
        (_("Tindak lanjut selesai"), s["follow_ups_done"]),
    ]


def unit_headers(data: SituationData) -> list[str]:
    return [
        data.unit_label,
        _("Insiden baru"),
        _("Peringatan dini baru"),
        _("Terbuka"),
        _("Terbuka tinggi/kritis"),
        _("Selesai"),
        _("Eskalasi"),
    ]


def unit_values(row: UnitRow) -> list:
    return [
        row.name,
        row.new_incidents,
        row.new_warnings,
        row.open,
        row.open_high,
        row.resolved,
        row.escalations,
    ]


def report_title(data: SituationData) -> str:
    return _("Laporan Situasi Harian %(area)s") % {"area": area_label(data.area)}


def generated_label(data: SituationData) -> str:
    local = timezone.localtime(data.generated_at, timezone.get_default_timezone())
    return _("Dibuat %(date)s pukul %(time)s") % {
        "date": date_format(local.date(), "j F Y"),
        "time": time_label(data.generated_at),
    }


# --- PDF ------------------------------------------------------------------------------------------

# Table geometry in mm: the height of a line of 8 pt text, and the padding inside a cell.
LINE_H = 3.6
CELL_PAD = 1.2


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Break text into lines no wider than ``width`` at spaces (a word too long is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if pdf.get_string_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while len(word) > 1 and pdf.get_string_width(word) > width:
            cut = len(word) - 1
            while cut > 1 and pdf.get_string_width(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines or [""]


def _latin1(text) -> str:
    # The PDF core fonts cover Latin-1 only; replace anything else rather than fail.
    return (
        str(text)
        .replace("\u2013", "-")
        .replace("\u2014", "-")
        .replace("\u2019", "'")
        .replace("\u2192", "->")
        .encode("latin-1", "replace")
        .decode("latin-1")
    )


def map_classes(values: list[int]) -> list[tuple[int, int]]:
    """Up to five equal-interval classes (low, high) over 1..max of the values; empty when all are 0."""
    top = max(values, default=0)
    if top <= 0:
        return []
    classes, low = [], 1
    for k in range(1, len(MAP_COLOURS) + 1):
        high = max(low, -(-top * k // len(MAP_COLOURS)))
        if high >= low and (not classes or high > classes[-1][1]):
            classes.append((low, high))
            low = high + 1
        if high >= top:
            break
    return classes


def _draw_map(pdf, data: SituationData) -> None:
    """A choropleth of the new reports of the day per unit, drawn from the shipped boundaries."""
    values = {u.code: u.new_incidents + u.new_warnings for u in data.units}
    classes = map_classes(list(values.values()))
    points = [
        (lng, lat)
        for geometry, _centroid in data.shapes.values()
        for polygon in _outer_rings(geometry)
        for lng, lat in polygon
    ]
    if not points:
        return
    min_x, max_x = min(p[0] for p in points), max(p[0] for p in points)
    min_y, max_y = min(p[1] for p in points), max(p[1] for p in points)
    box_w, box_h = 125.0, 95.0
    scale = min(box_w / max(max_x - min_x, 1e-9), box_h / max(max_y - min_y, 1e-9))
    height = (max_y - min_y) * scale
    if pdf.get_y() + height + 14 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("Helvetica", "B", 9)
    pdf.multi_cell(
        0,
        5,
        _latin1(_("Peta laporan baru per %(unit)s") % {"unit": data.unit_label.lower()}),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    x0, y0 = pdf.l_margin, pdf.get_y() + 1

    def to_page(lng: float, lat: float) -> tuple[float, float]:
        return x0 + (lng - min_x) * scale, y0 + (max_y - lat) * scale

    pdf.set_draw_color(90, 90, 90)
    pdf.set_line_width(0.15)
    for code, (geometry, _centroid) in data.shapes.items():
        colour = _class_colour(values.get(code, 0), classes)
        pdf.set_fill_color(*colour)
        for ring in _outer_rings(geometry):
            pdf.polygon([to_page(lng, lat) for lng, lat in ring], style="DF")
    pdf.set_font("Helvetica", "B", 7)
    for code, (_geometry, centroid) in data.shapes.items():
        if centroid and values.get(code):
            x, y = to_page(centroid[1], centroid[0])
            pdf.text(x - pdf.get_string_width(str(values[code])) / 2, y + 1, str(values[code]))
    # The legend, to the right of the map.
    lx, ly = x0 + box_w + 8, y0 + 2
    pdf.set_font("Helvetica", "", 7)
    pdf.set_line_width(0.2)
    for colour, label in [
        (MAP_EMPTY, "0"),
        *[
            (MAP_COLOURS[i], str(low) if low == high else f"{low}-{high}")
            for i, (low, high) in enumerate(classes)
        ],
    ]:
        pdf.set_fill_color(*colour)
        pdf.rect(lx, ly, 6, 4, style="DF")
        pdf.text(lx + 8, ly + 3, label)
        ly += 6
    pdf.set_draw_color(0, 0, 0)
    pdf.set_fill_color(255, 255, 255)
    pdf.set_xy(pdf.l_margin, y0 + max(height, ly - y0) + 2)


def _outer_rings(geometry: dict) -> list[list]:
    kind = geometry.get("type")
    if kind == "Polygon":
        return [[p[:2] for p in geometry["coordinates"][0]]]
    if kind == "MultiPolygon":
        return [[p[:2] for p in polygon[0]] for polygon in geometry["coordinates"] if polygon]
    return []


def _class_colour(value: int, classes: list[tuple[int, int]]) -> tuple[int, int, int]:
    for index, (low, high) in enumerate(classes):
        if low <= value <= high:
            return MAP_COLOURS[index]
    return MAP_EMPTY


def situation_pdf(data: SituationData) -> bytes:
    """The report as an A4 PDF (fpdf2, core fonts), tables broken across pages with repeated headings."""
    from fpdf import FPDF

    class _PDF(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", "", 8)
            self.cell(
                0,
                6,
                _latin1(
                    _("%(title)s - halaman %(page)s dari %(pages)s")
                    % {"title": date_label(data.day), "page": self.page_no(), "pages": "{nb}"}
                ),
                align="C",
            )

    pdf = _PDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(_latin1(report_title(data)))
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(0, 7, _latin1(_("LAPORAN SITUASI HARIAN")), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 6, _latin1(area_label(data.area)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 6, _latin1(date_label(data.day)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    pdf.multi_cell(0, 5, _latin1(generated_label(data)), align="C", new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(4)
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(text), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 8)

    def table(headers: list[str], rows: list[list], widths: tuple[float, ...]) -> None:
        # Drawn by hand: fpdf2's table() wraps text about twenty times slower, which at a few hundred
        # rows is the whole report's time. The heading row repeats on every new page.
        def draw(values: list, *, bold: bool = False) -> None:
            pdf.set_font("Helvetica", "B" if bold else "", 8)
            cells = [_wrap(pdf, _latin1(v), w - 2 * CELL_PAD) for v, w in zip(values, widths, strict=True)]
            height = max(len(lines) for lines in cells) * LINE_H + CELL_PAD
            if not bold and pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
                draw(headers, bold=True)
                pdf.set_font("Helvetica", "", 8)
            x, y = pdf.l_margin, pdf.get_y()
            for lines, width in zip(cells, widths, strict=True):
                if bold:
                    pdf.set_fill_color(230, 234, 240)
                    pdf.rect(x, y, width, height, style="DF")
                else:
                    pdf.rect(x, y, width, height)
                for n, text in enumerate(lines):
                    pdf.text(x + CELL_PAD, y + CELL_PAD / 2 + LINE_H * (n + 0.75), text)
                x += width
            pdf.set_xy(pdf.l_margin, y + height)

        if pdf.get_y() + 2 * LINE_H + 2 * CELL_PAD > pdf.page_break_trigger:
            pdf.add_page()
        draw(headers, bold=True)
        for values in rows:
            draw(values)

    heading(_("1. Ringkasan"))
    table([_("Uraian"), _("Jumlah")], [[label, value] for label, value in summary_rows(data)], (150, 30))
    heading(_("Laporan terbuka menurut tingkat keparahan"))
    table(
        [_("Tingkat keparahan"), _("Terbuka")],
        [[_severity_label(s), n] for s, n in data.open_by_severity],
        (150, 30),
    )

    heading(_("2. Laporan baru menurut kategori"))
    if data.by_category:
        table(
            [_("Kategori"), _("Insiden"), _("Peringatan dini")],
            [list(r) for r in data.by_category],
            (130, 25, 25),
        )
    else:
        pdf.multi_cell(0, 5, _latin1(_("Tidak ada laporan baru.")), new_x="LMARGIN", new_y="NEXT")

    heading(_("3. Situasi per %(unit)s") % {"unit": data.unit_label.lower()})
    table(
        unit_headers(data),
        [unit_values(u) for u in data.units],
        (54, 20, 22, 20, 22, 20, 22),
    )
    if data.shapes:
        _draw_map(pdf, data)

    heading(_("4. Insiden dan peringatan dini baru (%(n)s)") % {"n": len(data.new_items)})
    if data.new_items:
        table(
            [_("Nomor"), _("Waktu"), _("Judul"), _("Kategori"), _("Keparahan"), _("Status"), _("Lokasi")],
            [
                [i["number"], i["time"], i["title"], i["category"], i["severity"], i["status"], i["place"]]
                for i in data.new_items
            ],
            (27, 19, 37, 30, 24, 18, 35),
        )
    else:
        pdf.multi_cell(0, 5, _latin1(_("Tidak ada laporan baru.")), new_x="LMARGIN", new_y="NEXT")

    for number, title, rows in (
        ("5", _("Insiden yang dieskalasi"), data.escalations),
        ("6", _("Tindakan yang diambil"), data.actions),
    ):
        heading(f"{number}. {title} ({len(rows)})")
        if rows:
            table(
                [_("Waktu"), _("Nomor"), _("Judul"), _("Kejadian"), _("Keterangan"), _("Oleh")],
                [[r["time"], r["number"], r["title"], r["what"], r["detail"], r["by"]] for r in rows],
                (19, 27, 39, 35, 40, 30),
            )
        else:
            pdf.multi_cell(0, 5, _latin1(_("Tidak ada.")), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- XLSX -----------------------------------------------------------------------------------------


def situation_xlsx(data: SituationData) -> bytes:
    """The report as a workbook: one sheet per part, headings bold, cells safe from formula injection."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ringkasan")
    sheet.append([_safe(report_title(data))])
    sheet.append([_safe(date_label(data.day))])
    sheet.append([_safe(generated_label(data))])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([_("Uraian"), _("Jumlah")])
    for label, value in summary_rows(data):
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Tingkat keparahan"), _("Terbuka")])
    for severity, value in data.open_by_severity:
        sheet.append([_severity_label(severity), value])
    sheet.column_dimensions["A"].width = 60
    sheet.column_dimensions["B"].width = 12

    def add_sheet(title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
        ws = workbook.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", title)[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
        for values in rows:
            ws.append([_safe(v) for v in values])
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.freeze_panes = "A2"

    add_sheet(
        _("Per %(unit)s") % {"unit": data.unit_label.lower()},
        unit_headers(data),
        [unit_values(u) for u in data.units],
        [28, 12, 12, 12, 12, 12, 12],
    )
    add_sheet(
        _("Kategori"),
        [_("Kategori"), _("Insiden"), _("Peringatan dini")],
        [list(r) for r in data.by_category],
        [50, 12, 12],
    )
    add_sheet(
        _("Laporan baru"),
        [
            _("Nomor"),
            _("Waktu"),
            _("Jenis"),
            _("Judul"),
            _("Kategori"),
            _("Keparahan"),
            _("Status"),
            _("Lokasi"),
        ],
        [
            [
                i["number"],
                i["time"],
                i["kind"],
                i["title"],
                i["category"],
                i["severity"],
                i["status"],
                i["place"],
            ]
            for i in data.new_items
        ],
        [20, 12, 16, 40, 30, 18, 14, 30],
    )
    for title, rows in ((_("Eskalasi"), data.escalations), (_("Tindakan"), data.actions)):
        add_sheet(
            title,
            [
                _("Waktu"),
                _("Nomor"),
                _("Judul"),
                _("Keparahan"),
                _("Lokasi"),
                _("Kejadian"),
                _("Keterangan"),
                _("Oleh"),
            ],
            [
                [
                    r["time"],
                    r["number"],
                    r["title"],
                    r["severity"],
                    r["place"],
                    r["what"],
                    r["detail"],
                    r["by"],
                ]
                for r in rows
            ],
            [12, 20, 40, 18, 30, 30, 40, 20],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- benchmark hook -------------------------------------------------------------------------------


def sitrep_benchmark_seconds(*, day: date | None = None, area_code: str | None = None) -> dict:
    """Time one full report (figures, PDF and XLSX) over the incidents already in the database.

    With no ``day``, the busiest reporting day is used. Returns {"sitrep_s", "sitrep_day",
    "sitrep_new", "sitrep_pdf_kb", "sitrep_xlsx_kb"}; nothing is written (bench_situation calls it
    after loading incidents).
    """
    area = adminunit_list().get(code=area_code or kabupaten_code())
    if day is None:
        day = incident_busiest_report_day() or timezone.localdate()
    with translation.override("id"):
        started = clock.perf_counter()
        data = situation_data(area=area, day=day)
        pdf = situation_pdf(data)
        xlsx = situation_xlsx(data)
        elapsed = clock.perf_counter() - started
    return {
        "sitrep_s": round(elapsed, 2),
        "sitrep_day": day.isoformat(),
        "sitrep_new": data.summary["new_incidents"] + data.summary["new_warnings"],
        "sitrep_pdf_kb": round(len(pdf) / 1024, 1),
        "sitrep_xlsx_kb": round(len(xlsx) / 1024, 1),
    }


def situation_summary_json(data: SituationData) -> dict:
    """The headline figures, JSON-safe, kept on the SituationReport row."""
    return {
        **data.summary,
        "open_by_severity": {str(s): n for s, n in data.open_by_severity},
        "units": {u.code: unit_values(u)[1:] for u in data.units},
    }
