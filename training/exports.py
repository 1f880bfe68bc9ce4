"""XLSX exports of the Bimtek reports, written by core.tabular (formula-safe)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.tabular import XlsxWriter

from . import selectors
from .models import Programme


def programme_report_workbook(*, programme: Programme) -> bytes:
    """Attendance by session and by organisation type, and learning gain, one sheet each."""
    workbook = XlsxWriter()
    sheet = workbook.sheet(
        _("Kehadiran per sesi"),
        header=[_("Tanggal"), _("Jam"), _("Topik"), _("Hadir"), _("Terlambat"), _("Izin"), _("Absen")],
        widths=(12, 13, 45, 8, 10, 8, 8),
        freeze_header=True,
        auto_filter=True,
    )
    for row in selectors.attendance_by_session(programme=programme):
        s = row["session"]
        sheet.append(
            [
                s.date,
                f"{s.start_time:%H.%M}-{s.end_time:%H.%M}",
                s.topic,
                row["hadir"],
                row["terlambat"],
                row["izin"],
                row["absen"],
            ]
        )
    sheet = workbook.sheet(
        _("Per jenis organisasi"),
        header=[_("Jenis organisasi"), _("Peserta"), _("Kehadiran (sesi)")],
        widths=(30, 10, 16),
        freeze_header=True,
        auto_filter=True,
    )
    for row in selectors.attendance_by_org_type(programme=programme):
        sheet.append([str(row["label"]), row["participants"], row["present"]])
    sheet = workbook.sheet(
        _("Peningkatan belajar"),
        header=[_("Nama"), _("Organisasi"), _("Pre-test"), _("Post-test"), _("Peningkatan")],
        widths=(32, 32, 10, 10, 12),
        freeze_header=True,
        auto_filter=True,
    )
    for row in selectors.learning_gain_by_participant(programme=programme):
        registration = row["registration"]
        sheet.append(
            [
                str(registration.person),
                str(registration.organisation or ""),
                row["pre"],
                row["post"],
                row["gain"],
            ]
        )
    return workbook.to_bytes()


def coverage_workbook(*, rows: list[dict]) -> bytes:
    """Training coverage of Tiga Pilar seats and election bodies per kecamatan."""
    workbook = XlsxWriter()
    sheet = workbook.sheet(
        _("Cakupan Bimtek"),
        header=[
            _("Kode"),
            _("Kecamatan"),
            _("Kursi Tiga Pilar"),
            _("Sudah dilatih"),
            _("Badan pemilihan"),
            _("Sudah dilatih"),
            _("Cakupan (%)"),
        ],
        widths=(12, 22, 16, 14, 16, 14, 12),
        freeze_header=True,
        auto_filter=True,
    )
    for row in rows:
        sheet.append(
            [
                row["code"],
                row["name"],
                row["seats"],
                row["seats_trained"],
                row["election_bodies"],
                row["election_bodies_trained"],
                row["percent"],
            ]
        )
    return workbook.to_bytes()
