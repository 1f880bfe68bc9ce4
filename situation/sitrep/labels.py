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
