"""The daily situation report as a workbook: one sheet per part, cells safe from formula injection."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core.tabular import XlsxWriter

from .labels import (
    annex_label,
    comparison_rows,
    date_label,
    generated_label,
    headlines,
    reason_label,
    report_title,
    severity_label,
    summary_rows,
    unit_headers,
    unit_values,
)

if TYPE_CHECKING:
    from .data import SituationData


def situation_xlsx(data: SituationData) -> bytes:
    """The report as a workbook: one sheet per part, headings bold; every table sheet with its header
    frozen, a filter on every column and widths that fit its content (``core.tabular``, formula-safe)."""
    writer = XlsxWriter()
    sheet = writer.sheet(_("Ringkasan"), widths=(60, 12, 12, 12))
    sheet.append([report_title(data)], bold=True, size=13)
    sheet.append([date_label(data.day)])
    sheet.append([generated_label(data)])
    sheet.append([])
    # The top of the first sheet is page 1 of the PDF: headlines, the change, what needs a decision.
    sheet.append([_("Ringkasan satu menit")], bold=True)
    for line in headlines(data):
        sheet.append([line])
    sheet.append([])
    sheet.append([_("Uraian"), _("Hari ini"), _("Kemarin"), _("Perubahan")], bold=True)
    for label, today, before, change in comparison_rows(data):
        sheet.append([label, today, before, change])
    sheet.append([])
    sheet.append([annex_label(data)])
    sheet.append([])
    sheet.append([_("Uraian"), _("Jumlah")], bold=True)
    for label, value in summary_rows(data):
        sheet.append([label, value])
    sheet.append([])
    sheet.append([_("Tingkat keparahan"), _("Terbuka")], bold=True)
    for severity, value in data.open_by_severity:
        sheet.append([severity_label(severity), value])

    def add_sheet(title: str, headers: list[str], rows: list[list], widths: list[int]) -> None:
        table = writer.sheet(title, header=headers, widths=widths, freeze_header=True, auto_filter=True)
        table.extend(rows)

    add_sheet(
        _("Perlu keputusan"),
        [_("Nomor"), _("Judul"), _("Keparahan"), _("Lokasi"), _("Alasan")],
        [
            [
                d.number,
                d.title,
                severity_label(d.severity),
                d.place,
                "; ".join(reason_label(r) for r in d.reasons),
            ]
            for d in data.decisions
        ],
        [20, 40, 18, 30, 50],
    )
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
    add_sheet(
        _("Terjadi pada tanggal ini"),
        [
            _("Nomor"),
            _("Jam kejadian"),
            _("Dilaporkan"),
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
                i["reported"],
                i["kind"],
                i["title"],
                i["category"],
                i["severity"],
                i["status"],
                i["place"],
            ]
            for i in data.occurred_items
        ],
        [20, 12, 12, 16, 40, 30, 18, 14, 30],
    )
    return writer.to_bytes()
