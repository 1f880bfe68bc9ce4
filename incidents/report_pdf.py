"""The laporan kejadian: one incident on one A4 page, as Kesbangpol sends it to the Bupati and to
Bawaslu. Letterhead (settings), what happened where and when, the chronology, the case's story
(referrals, Bawaslu's steps, recommendations, how it ended) and a summary of the timeline.

Written through ``core.pdf`` (DejaVu Sans embedded: every name prints as typed). Never the identity
of a confidential informant, never the internal notes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.conf import report_letterhead

from .story import incident_story, place_label

if TYPE_CHECKING:
    from .models import Incident, IncidentEvent

# What fits on one page: the chronology and the timeline are cut beyond these, with a pointer to the app.
CHRONOLOGY_PRINT_MAX = 1_600
TIMELINE_PRINT_MAX = 10


def _moment(value) -> str:
    return formats.date_format(timezone.localtime(value), "d/m/Y H:i") if value else "-"


def _cut(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _event_line(event: IncidentEvent) -> str:
    who = (event.actor.get_full_name() or event.actor.get_username()) if event.actor_id else _("sistem")
    text = f"{_moment(event.at)} · {who} · {event.get_kind_display()}"
    changes = [f"{label}: {new}" for label, _old, new in event.changes]
    detail = "; ".join(changes[:3])
    if event.note:
        detail = f"{detail} {event.note}".strip()
    return f"{text}: {_cut(detail, 180)}" if detail else text


def incident_report_pdf(incident: Incident, *, timeline: list[IncidentEvent], printed_by: str) -> bytes:
    """The laporan kejadian of one incident (``timeline``: what the reader may see of it)."""
    from core.pdf import Document

    pdf = Document(orientation="P", unit="mm", format="A4")
    pdf.set_title(f"{_('Laporan kejadian')} {incident.number}")
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_margins(16, 12, 16)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    letterhead = report_letterhead()
    for index, line in enumerate(letterhead):
        pdf.set_font(None, "B" if index < 2 else "", 12 if index < 2 else 9)
        pdf.multi_cell(width, 5.5 if index < 2 else 4.5, line, align="C", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y() + 1.5
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.set_line_width(0.2)
    pdf.line(pdf.l_margin, y + 1, pdf.l_margin + width, y + 1)
    pdf.set_y(y + 3)

    pdf.set_font(None, "B", 13)
    pdf.multi_cell(width, 6, _("LAPORAN KEJADIAN"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(None, "", 9)
    kind = incident.get_kind_display()
    subtitle = f"{_('Nomor')}: {incident.number} · {kind}"
    if incident.is_historical:
        subtitle += f" · {_('kejadian lampau')}"
    pdf.multi_cell(width, 4.5, subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    station = incident.polling_station
    place = place_label(incident)
    if station is not None:
        place += f"; {station}"
    if incident.location_description:
        place += f"; {incident.location_description}"
    rows = [
        (_("Judul"), incident.title),
        (_("Kategori"), f"{incident.category.name} ({incident.get_track_display()})"),
        (_("Tingkat keparahan"), incident.get_severity_display()),
        (_("Status"), incident.get_status_display()),
        (_("Waktu kejadian"), _moment(incident.occurred_at)),
        (_("Waktu diketahui"), _moment(incident.known_at)),
        (_("Tempat"), place),
        (_("Tahapan"), incident.phase.get_code_display() if incident.phase_id else "-"),
        (_("Sumber"), incident.get_source_display()),
        (_("Pihak yang terlibat"), incident.parties_involved or "-"),
        (_("Korban luka / meninggal"), f"{incident.injured} / {incident.dead}"),
        (_("Klasifikasi Bawaslu"), incident.get_violation_class_display() or "-"),
        (_("Tahap Bawaslu"), incident.get_bawaslu_state_display() or "-"),
    ]
    if incident.handled_elsewhere_by:
        rows.append((_("Ditangani lembaga lain"), incident.handled_elsewhere_by))
    elif incident.lead_organisation_id:
        rows.append(
            (_("Penanggung jawab"), f"{incident.lead_organisation} / {incident.responsible_person or '-'}")
        )
    label_w = 42
    for label, value in rows:
        pdf.set_font(None, "B", 9)
        top = pdf.get_y()
        pdf.multi_cell(label_w, 4.5, str(label), new_x="RIGHT", new_y="TOP")
        pdf.set_font(None, "", 9)
        pdf.set_xy(pdf.l_margin + label_w, top)
        pdf.multi_cell(width - label_w, 4.5, str(value), new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(1.5)
        pdf.set_font(None, "B", 10)
        pdf.multi_cell(width, 5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(None, "", 9)

    heading(_("Kronologi"))
    chronology = _cut(incident.chronology, CHRONOLOGY_PRINT_MAX)
    if len(chronology) < len(" ".join(incident.chronology.split())):
        chronology += " " + _("(selengkapnya di aplikasi)")
    pdf.multi_cell(width, 4.3, chronology, new_x="LMARGIN", new_y="NEXT")

    heading(_("Perjalanan kasus dan hasil"))
    for line in incident_story(incident):
        pdf.multi_cell(
            width,
            4.3,
            f"{formats.date_format(line.when, 'd/m/Y')}  {line.text}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    if incident.resolution_note and not any(line.kind == "resolved" for line in incident_story(incident)):
        pdf.multi_cell(width, 4.3, incident.resolution_note, new_x="LMARGIN", new_y="NEXT")

    heading(_("Ringkasan linimasa"))
    pdf.set_font(None, "", 8)
    shown = timeline[-TIMELINE_PRINT_MAX:]
    if len(timeline) > len(shown):
        pdf.multi_cell(
            width,
            3.8,
            _("%(n)s catatan sebelumnya tidak dicetak; linimasa lengkap ada di aplikasi.")
            % {"n": len(timeline) - len(shown)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    for event in shown:
        pdf.multi_cell(width, 3.8, _event_line(event), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(2)
    pdf.set_font(None, "I", 7.5)
    pdf.multi_cell(
        width,
        3.5,
        _("Dicetak %(when)s oleh %(who)s dari aplikasi Pilkada Mitigasi.")
        % {"when": _moment(timezone.now()), "who": printed_by},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return pdf.to_bytes()
