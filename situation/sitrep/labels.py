"""The words of the daily situation report, shared by its PDF, its XLSX and the morning message.

Dates as Indonesian officials write them, times in WITA, the area's name, and the labels and rows of
the summary and the table per unit, so both files say the same thing in the same order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from incidents.choices import Severity, Status
from regions.choices import AdminLevel

if TYPE_CHECKING:
    from datetime import date, datetime

    from regions.models import AdminUnit

    from .data import SituationData, UnitRow


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


def severity_label(value: int) -> str:
    return str(Severity(value).label) if value in Severity.values else str(value)


def status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else str(value)


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
        (_("Penerima peringatan yang tidak terjangkau"), s.get("unreached", 0)),
        (_("Tindakan tercatat"), s["actions"]),
        (_("Tindak lanjut selesai"), s["follow_ups_done"]),
        (_("Kejadian pada tanggal ini (menurut waktu kejadian)"), s.get("occurred", 0)),
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


def reason_label(reason: str) -> str:
    """Why a report needs a decision, in words."""
    from .data import REASON_LEGAL_CLOCK, REASON_SEVERE, REASON_UNACKNOWLEDGED

    return {
        REASON_UNACKNOWLEDGED: _("peringatan belum diterima"),
        REASON_SEVERE: _("keparahan tinggi/kritis"),
        REASON_LEGAL_CLOCK: _("lewat batas lapor Bawaslu"),
    }.get(reason, reason)


def change_label(today: int, before: int) -> str:
    """The change from the day before: "+3", "-2" or "tetap"."""
    if today == before:
        return _("tetap")
    return f"{today - before:+d}"


def comparison_rows(data: SituationData) -> list[tuple[str, int, int, str]]:
    """(label, today, the day before, change) of the figures a leader compares day to day."""
    s, p = data.summary, data.previous
    rows = [
        (_("Insiden baru"), s["new_incidents"], p.get("new_incidents", 0)),
        (_("Peringatan dini baru"), s["new_warnings"], p.get("new_warnings", 0)),
        (_("Korban luka"), s["injured"], p.get("injured", 0)),
        (_("Korban meninggal"), s["dead"], p.get("dead", 0)),
        (_("Selesai ditangani"), s["resolved"], p.get("resolved", 0)),
        (_("Laporan terbuka (akhir hari)"), s["open"], p.get("open", 0)),
    ]
    return [(label, today, before, change_label(today, before)) for label, today, before in rows]


def headlines(data: SituationData) -> list[str]:
    """One sentence per notable fact of the day, most important first: what a leader reads in a minute."""
    s, p = data.summary, data.previous
    lines: list[str] = []
    if s["decisions"]:
        parts = []
        if s["unacknowledged"]:
            parts.append(_("%(n)s peringatan belum diterima") % {"n": s["unacknowledged"]})
        if s["severe_open"]:
            parts.append(_("%(n)s berkeparahan tinggi/kritis masih terbuka") % {"n": s["severe_open"]})
        if s["legal_overdue"]:
            parts.append(_("%(n)s melewati batas lapor ke Bawaslu") % {"n": s["legal_overdue"]})
        lines.append(
            _("%(n)s laporan perlu keputusan hari ini: %(parts)s.")
            % {"n": s["decisions"], "parts": "; ".join(parts)}
        )
    else:
        lines.append(_("Tidak ada laporan yang menunggu keputusan."))
    if s["injured"] or s["dead"]:
        lines.append(
            _(
                "Korban dalam laporan hari ini: %(injured)s luka dan %(dead)s meninggal (kemarin %(p_injured)s luka, %(p_dead)s meninggal)."
            )
            % {
                "injured": s["injured"],
                "dead": s["dead"],
                "p_injured": p.get("injured", 0),
                "p_dead": p.get("dead", 0),
            }
        )
    else:
        lines.append(_("Tidak ada korban luka atau meninggal dalam laporan hari ini."))
    lines.append(
        _("%(inc)s insiden dan %(warn)s peringatan dini baru (kemarin %(p_inc)s dan %(p_warn)s).")
        % {
            "inc": s["new_incidents"],
            "warn": s["new_warnings"],
            "p_inc": p.get("new_incidents", 0),
            "p_warn": p.get("new_warnings", 0),
        }
    )
    if data.top_item:
        top = data.top_item
        lines.append(
            _("Laporan baru terberat: %(number)s %(title)s, %(severity)s, di %(place)s.")
            % {k: top[k] for k in ("number", "title", "severity", "place")}
        )
    busiest = max(data.units, key=lambda u: (u.new_incidents + u.new_warnings, u.open_high), default=None)
    if busiest is not None and busiest.new_incidents + busiest.new_warnings > 1:
        lines.append(
            _("Laporan baru terbanyak di %(unit)s %(name)s: %(n)s laporan.")
            % {
                "unit": data.unit_label.lower(),
                "name": busiest.name,
                "n": busiest.new_incidents + busiest.new_warnings,
            }
        )
    if s["escalations"]:
        lines.append(
            _("%(n)s eskalasi pada %(incidents)s laporan.")
            % {"n": s["escalations"], "incidents": s["escalated_incidents"]}
        )
    lines.append(
        _("%(open)s laporan masih terbuka (kemarin %(p_open)s); %(resolved)s selesai ditangani hari ini.")
        % {"open": s["open"], "p_open": p.get("open", 0), "resolved": s["resolved"]}
    )
    return [str(line) for line in lines]


def annex_label(data: SituationData) -> str:
    return _("%(n)s tindakan tercatat hari ini; rinciannya di Lampiran B.") % {"n": data.summary["actions"]}
