"""Printed documents of coordination: a meeting's notulen, the letter reporting a serious incident
upward (Inpres 2/2013), and the four-monthly report of the action plan (B.04, B.08, B.12). Written through ``core.pdf`` (DejaVu Sans embedded: every name prints as typed),
under the letterhead of ``REPORT_LETTERHEAD``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.conf import report_letterhead

if TYPE_CHECKING:
    from core.pdf import Document

    from .models import InpresObligation, Meeting
    from .selectors import PlanFigures, PlanReport


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "d/m/Y H:i") + " WITA" if value else "-"


def _start(title: str) -> tuple[Document, float]:
    from core.pdf import Document

    pdf = Document(orientation="P", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_margins(18, 12, 18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for index, line in enumerate(report_letterhead()):
        pdf.set_font(None, "B" if index < 2 else "", 12 if index < 2 else 9)
        pdf.multi_cell(width, 5.5 if index < 2 else 4.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1, pdf.l_margin + width, y + 1)
    pdf.set_y(y + 4)
    return pdf, width


def _heading(pdf: Document, width: float, text: str) -> None:
    pdf.ln(2)
    pdf.set_font(None, "B", 10.5)
    pdf.multi_cell(width, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(None, "", 10)


def _field(pdf: Document, width: float, label: str, value: str) -> None:
    pdf.set_font(None, "B", 10)
    pdf.cell(38, 5.2, label)
    pdf.set_font(None, "", 10)
    pdf.multi_cell(width - 38, 5.2, value or "-", new_x="LMARGIN", new_y="NEXT")


def meeting_minutes_pdf(meeting: Meeting, *, when: str, printed_by: str) -> bytes:
    """The notulen of a meeting: who met where and when, the agenda, attendance, the minutes and the
    decisions with owner and due date (``meeting`` from ``meeting_get_for_detail``)."""
    pdf, width = _start(f"{_('Notulen')} {meeting.title}")
    pdf.set_font(None, "B", 13)
    pdf.multi_cell(width, 6, _("NOTULEN RAPAT KOORDINASI"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _field(pdf, width, _("Rapat"), meeting.title)
    _field(pdf, width, _("Forum / kelompok"), meeting.group_name)
    _field(pdf, width, _("Waktu"), when)
    _field(pdf, width, _("Tempat"), meeting.place)
    _field(pdf, width, _("Wilayah"), meeting.area.name)

    _heading(pdf, width, _("Agenda"))
    pdf.multi_cell(width, 5, meeting.agenda, new_x="LMARGIN", new_y="NEXT")

    invitees = list(meeting.invitees.all())
    present = [i for i in invitees if i.attended]
    _heading(
        pdf,
        width,
        _("Kehadiran (%(n)s dari %(total)s undangan)") % {"n": len(present), "total": len(invitees)},
    )
    for number, invitee in enumerate(invitees, start=1):
        mark = _("hadir") if invitee.attended else _("tidak hadir")
        role = f" ({invitee.role_label})" if invitee.role_label else ""
        pdf.multi_cell(width, 5, f"{number}. {invitee.person}{role}: {mark}", new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, width, _("Notulen"))
    pdf.multi_cell(width, 5, meeting.minutes or _("(belum dicatat)"), new_x="LMARGIN", new_y="NEXT")

    decisions = list(meeting.decisions.all())
    _heading(pdf, width, _("Keputusan dan tindak lanjut"))
    if not decisions:
        pdf.multi_cell(width, 5, _("(tidak ada)"), new_x="LMARGIN", new_y="NEXT")
    for number, action in enumerate(decisions, start=1):
        who = ", ".join(str(x) for x in (action.owner, action.organisation) if x) or "-"
        due = formats.date_format(action.due_date, "d/m/Y")
        pdf.multi_cell(
            width,
            5,
            f"{number}. {action.title} · {_('penanggung jawab')}: {who} · {_('tenggat')}: {due} · "
            f"{action.get_status_display()}",
            new_x="LMARGIN",
            new_y="NEXT",
        )

    pdf.ln(4)
    pdf.set_font(None, "I", 8)
    pdf.multi_cell(
        width,
        4,
        _("Dicetak %(when)s oleh %(who)s dari Pilkada Mitigasi.")
        % {"when": _moment(timezone.now()), "who": printed_by},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.to_bytes()


def inpres_report_letter_pdf(obligation: InpresObligation, *, printed_by: str) -> bytes:
    """The letter reporting a serious incident upward (to the province / Kemendagri), generated from the
    incident's recorded facts; the letter number and date are filled in once recorded."""
    incident = obligation.incident
    pdf, width = _start(f"{_('Laporan')} {incident.number}")
    pdf.set_font(None, "", 10)
    number = obligation.letter_number or "........................"
    day = timezone.localtime(obligation.sent_at).date() if obligation.sent_at else timezone.localdate()
    _field(pdf, width, _("Nomor"), number)
    _field(pdf, width, _("Sifat"), _("Segera"))
    _field(
        pdf,
        width,
        _("Perihal"),
        _("Laporan kejadian gangguan keamanan %(number)s") % {"number": incident.number},
    )
    _field(pdf, width, _("Tanggal"), formats.date_format(day, "j F Y"))
    pdf.ln(3)
    pdf.multi_cell(width, 5, _("Kepada Yth."), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(width, 5, obligation.recipient or "-", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    occurred = _moment(incident.occurred_at)
    body = _(
        "Berdasarkan Instruksi Presiden Nomor 2 Tahun 2013 tentang Penanganan Gangguan Keamanan Dalam "
        "Negeri, dengan ini kami laporkan kejadian berikut beserta penanganannya."
    )
    pdf.multi_cell(width, 5, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _field(pdf, width, _("Nomor laporan"), incident.number)
    _field(pdf, width, _("Kejadian"), incident.title)
    _field(pdf, width, _("Kategori"), str(incident.category) if incident.category_id else "-")
    _field(pdf, width, _("Tingkat"), incident.get_severity_display())
    _field(pdf, width, _("Waktu kejadian"), occurred)
    _field(pdf, width, _("Tempat"), incident.area.name)
    _field(pdf, width, _("Status penanganan"), incident.get_status_display())
    _heading(pdf, width, _("Kronologi"))
    chronology = " ".join((incident.chronology or "").split())
    if len(chronology) > 2500:
        chronology = chronology[:2499] + "…"
    pdf.multi_cell(width, 5, chronology or "-", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.multi_cell(
        width,
        5,
        _("Perkembangan penanganan akan kami laporkan kembali. Demikian laporan ini disampaikan."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(12)
    pdf.multi_cell(width, 5, _("BUPATI KUTAI TIMUR"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(16)
    pdf.multi_cell(width, 5, "(.................................)", align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(None, "I", 8)
    pdf.multi_cell(
        width,
        4,
        _("Dibuat %(when)s oleh %(who)s dari Pilkada Mitigasi.")
        % {"when": _moment(timezone.now()), "who": printed_by},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.to_bytes()


def _percent(value: int | None) -> str:
    return "-" if value is None else f"{value}%"


def plan_figures_rows(figures: list[PlanFigures], total: PlanFigures) -> list[list[str]]:
    """The rows of a figures table (label, planned, done, late, % done, mean progress), total last."""
    return [
        [
            f.label,
            str(f.planned),
            str(f.done),
            str(f.late),
            _percent(f.percent_done),
            _percent(f.mean_progress),
        ]
        for f in [*figures, total]
    ]


def _figures_table(pdf: Document, width: float, first: str, figures: list[PlanFigures], total) -> None:
    header = [first, _("Rencana"), _("Selesai"), _("Terlambat"), _("Persen selesai"), _("Rata-rata kemajuan")]
    pdf.set_font(None, "", 8.5)
    with pdf.table(
        col_widths=(52, 16, 16, 18, 16, 22),
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=4.6,
        width=width,
    ) as table:
        table.row(header)
        for row in plan_figures_rows(figures, total):
            table.row(row)
    pdf.set_font(None, "", 10)


def plan_report_pdf(report: PlanReport, *, printed_by: str) -> bytes:
    """The four-monthly report of the action plan: the figures in total, per agency and per area, then
    every activity of the period with its phase, target, planned and actual dates and progress."""
    pdf, width = _start(f"{report.code} {report.plan.title}")
    pdf.set_font(None, "B", 13)
    pdf.multi_cell(
        width, 6, _("LAPORAN EVALUASI RENCANA AKSI TERPADU"), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font(None, "", 10)
    pdf.multi_cell(
        width,
        5,
        f"{report.plan.title} · {report.period_label} {report.plan.year}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    _field(
        pdf,
        width,
        _("Periode"),
        f"{formats.date_format(report.start, 'd/m/Y')} - {formats.date_format(report.end, 'd/m/Y')}",
    )
    _field(pdf, width, _("Keadaan per"), formats.date_format(report.as_of, "d/m/Y"))
    total = report.total
    _field(
        pdf,
        width,
        _("Ringkasan"),
        _("%(planned)s kegiatan direncanakan, %(done)s selesai (%(percent)s), %(late)s terlambat.")
        % {
            "planned": total.planned,
            "done": total.done,
            "percent": _percent(total.percent_done),
            "late": total.late,
        },
    )
    _heading(pdf, width, _("Kemajuan per instansi"))
    _figures_table(pdf, width, _("Instansi"), report.by_agency, total)
    _heading(pdf, width, _("Kemajuan per wilayah"))
    _figures_table(pdf, width, _("Wilayah"), report.by_area, total)
    _heading(pdf, width, _("Kegiatan"))
    pdf.set_font(None, "", 7.5)
    with pdf.table(col_widths=(44, 26, 22, 24, 24, 14, 20), line_height=4, width=width) as table:
        table.row(
            [
                _("Kegiatan / sasaran"),
                _("Instansi"),
                _("Wilayah"),
                _("Rencana"),
                _("Realisasi"),
                _("Kemajuan"),
                _("Keadaan"),
            ]
        )
        for row in report.rows:
            activity = row["activity"]
            action = activity.action
            planned = f"{formats.date_format(activity.planned_start, 'd/m/Y')} - {formats.date_format(action.due_date, 'd/m/Y')}"
            actual = (
                " - ".join(
                    formats.date_format(d, "d/m/Y") for d in (activity.actual_start, activity.actual_end) if d
                )
                or "-"
            )
            state = (
                _("Selesai")
                if row["done"]
                else _("Terlambat")
                if row["late"]
                else _("Berjalan")
                if activity.progress
                else _("Belum mulai")
            )
            phase = f" ({activity.get_phase_display()})" if activity.phase else ""
            table.row(
                [
                    f"{action.title}{phase}\n{activity.target}",
                    row["agency"],
                    row["area"],
                    planned,
                    actual,
                    f"{activity.progress}%",
                    str(state),
                ]
            )
    pdf.ln(4)
    pdf.set_font(None, "I", 8)
    pdf.multi_cell(
        width,
        4,
        _("Dicetak %(when)s oleh %(who)s dari Pilkada Mitigasi.")
        % {"when": _moment(timezone.now()), "who": printed_by},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.to_bytes()


def plan_report_xlsx(report: PlanReport) -> bytes:
    """The same report as a workbook: the figures per agency and per area, and the activities."""
    from core.tabular import XlsxWriter

    writer = XlsxWriter()
    header = [
        _("Instansi"),
        _("Rencana"),
        _("Selesai"),
        _("Terlambat"),
        _("Persen selesai"),
        _("Rata-rata kemajuan (%)"),
    ]
    for title, first, figures in (
        (_("Per instansi"), _("Instansi"), report.by_agency),
        (_("Per wilayah"), _("Wilayah"), report.by_area),
    ):
        sheet = writer.sheet(
            f"{report.code} {title}",
            header=[first, *header[1:]],
            widths=(40, 10, 10, 12, 10, 22),
            freeze_header=True,
            auto_filter=True,
        )
        for f in [*figures, report.total]:
            sheet.append([f.label, f.planned, f.done, f.late, f.percent_done, f.mean_progress])
    sheet = writer.sheet(
        _("Kegiatan"),
        header=[
            _("Kegiatan"),
            _("Sasaran / target"),
            _("Tahapan"),
            _("Instansi"),
            _("Wilayah"),
            _("Rencana mulai"),
            _("Rencana selesai"),
            _("Realisasi mulai"),
            _("Realisasi selesai"),
            _("Kemajuan (%)"),
            _("Selesai"),
            _("Terlambat"),
            _("Catatan kemajuan"),
            # The codes, for a machine joining the report with other data.
            "kode_tahapan",
            "kode_wilayah",
        ],
        widths=(40, 30, 18, 26, 20, 12, 12, 12, 12, 10, 8, 10, 40, 14, 15),
        freeze_header=True,
        auto_filter=True,
    )
    for row in report.rows:
        activity = row["activity"]
        sheet.append(
            [
                activity.action.title,
                activity.target,
                activity.get_phase_display() if activity.phase else "",
                row["agency"],
                row["area"],
                activity.planned_start,
                activity.action.due_date,
                activity.actual_start,
                activity.actual_end,
                activity.progress,
                _("ya") if row["done"] else _("tidak"),
                _("ya") if row["late"] else _("tidak"),
                activity.progress_note,
                activity.phase or "",
                activity.action.area_code,
            ]
        )
    return writer.to_bytes()
