"""Printed documents of coordination: a meeting's notulen, and the letter reporting a serious incident
upward (Inpres 2/2013). Written through ``core.pdf`` (DejaVu Sans embedded: every name prints as typed),
under the letterhead of ``REPORT_LETTERHEAD``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.conf import report_letterhead

if TYPE_CHECKING:
    from core.pdf import Document

    from .models import InpresObligation, Meeting


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
