"""The daily situation report as an A4 PDF: tables broken across pages, and a map of the day's reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from .labels import (
    annex_label,
    area_label,
    comparison_rows,
    date_label,
    generated_label,
    headlines,
    reason_label,
    report_title,
    severity_label,
    unit_headers,
    unit_values,
)

if TYPE_CHECKING:
    from .data import SituationData

# The map's colours, from few to many new reports; no report at all is grey.
MAP_COLOURS = [(254, 240, 217), (253, 204, 138), (252, 141, 89), (227, 74, 51), (179, 0, 0)]
MAP_EMPTY = (238, 238, 238)
# Table geometry in mm: the height of a line of 8 pt text, and the padding inside a cell.
LINE_H = 3.6
CELL_PAD = 1.2
# Page 1 lists this many reports needing a decision; the XLSX has them all.
DECISIONS_ON_PAGE_1 = 10
# The font size of the detail tables (page 2 on), small enough that a busy day fits on one page.
DETAIL_SIZE = 7


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
    pdf.set_font(None, "B", 9)
    pdf.multi_cell(
        0,
        5,
        _("Peta laporan baru per %(unit)s") % {"unit": data.unit_label.lower()},
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
    pdf.set_font(None, "B", 7)
    for code, (_geometry, centroid) in data.shapes.items():
        if centroid and values.get(code):
            x, y = to_page(centroid[1], centroid[0])
            pdf.text(x - pdf.get_string_width(str(values[code])) / 2, y + 1, str(values[code]))
    # The legend, to the right of the map.
    lx, ly = x0 + box_w + 8, y0 + 2
    pdf.set_font(None, "", 7)
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
    """The report as an A4 PDF (core.pdf: DejaVu Sans embedded, so every name prints), tables broken across pages with repeated headings."""
    from core.pdf import Document

    class _PDF(Document):
        def footer(self):
            self.set_y(-12)
            self.set_font(None, "", 8)
            self.cell(
                0,
                6,
                _("%(title)s - halaman %(page)s dari %(pages)s")
                % {"title": date_label(data.day), "page": self.page_no(), "pages": "{nb}"},
                align="C",
            )

    pdf = _PDF(orientation="P", unit="mm", format="A4")
    pdf.set_title(report_title(data))
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    pdf.set_font(None, "B", 15)
    pdf.multi_cell(0, 7, _("LAPORAN SITUASI HARIAN"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(None, "B", 12)
    pdf.multi_cell(0, 6, area_label(data.area), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(None, "", 11)
    pdf.multi_cell(0, 6, date_label(data.day), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(None, "", 8)
    pdf.multi_cell(0, 5, generated_label(data), align="C", new_x="LMARGIN", new_y="NEXT")

    def heading(text: str, space: float = 4) -> None:
        pdf.ln(space)
        pdf.set_font(None, "B", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(None, "", 8)

    def table(headers: list[str], rows: list[list], widths: tuple[float, ...], size: float = 8) -> None:
        # Drawn by hand: fpdf2's table() wraps text about twenty times slower, which at a few hundred
        # rows is the whole report's time. The heading row repeats on every new page.
        line_h = LINE_H * size / 8
        pad = CELL_PAD if size >= 8 else CELL_PAD * 2 / 3

        def draw(values: list, *, bold: bool = False) -> None:
            pdf.set_font(None, "B" if bold else "", size)
            cells = [_wrap(pdf, str(v), w - 2 * pad) for v, w in zip(values, widths, strict=True)]
            height = max(len(lines) for lines in cells) * line_h + pad
            if not bold and pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
                draw(headers, bold=True)
                pdf.set_font(None, "", size)
            x, y = pdf.l_margin, pdf.get_y()
            for lines, width in zip(cells, widths, strict=True):
                if bold:
                    pdf.set_fill_color(230, 234, 240)
                    pdf.rect(x, y, width, height, style="DF")
                else:
                    pdf.rect(x, y, width, height)
                for n, text in enumerate(lines):
                    pdf.text(x + pad, y + pad / 2 + line_h * (n + 0.75), text)
                x += width
            pdf.set_xy(pdf.l_margin, y + height)

        if pdf.get_y() + 2 * line_h + 2 * pad > pdf.page_break_trigger:
            pdf.add_page()
        draw(headers, bold=True)
        for values in rows:
            draw(values)

    # Page 1: what a leader reads in a minute.
    heading(_("Ringkasan satu menit"))
    pdf.set_font(None, "", 10)
    for line in headlines(data):
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 5, f"\u2022 {line}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.8)
    heading(_("Dibanding kemarin"))
    table(
        [_("Uraian"), _("Hari ini"), _("Kemarin"), _("Perubahan")],
        [list(row) for row in comparison_rows(data)],
        (90, 30, 30, 30),
    )
    heading(_("Perlu keputusan hari ini (%(n)s)") % {"n": data.summary["decisions"]})
    if data.decisions:
        shown = data.decisions[:DECISIONS_ON_PAGE_1]
        table(
            [_("Nomor"), _("Judul"), _("Keparahan"), _("Lokasi"), _("Alasan")],
            [
                [
                    d.number,
                    d.title,
                    severity_label(d.severity),
                    d.place,
                    "; ".join(reason_label(r) for r in d.reasons),
                ]
                for d in shown
            ],
            (28, 66, 22, 36, 38),
        )
        if len(data.decisions) > len(shown):
            pdf.set_font(None, "", 8)
            pdf.multi_cell(
                0,
                5,
                _("... dan %(n)s laporan lainnya (daftar lengkap di XLSX, lembar Perlu keputusan).")
                % {"n": data.summary["decisions"] - len(shown)},
                new_x="LMARGIN",
                new_y="NEXT",
            )
    else:
        pdf.multi_cell(0, 5, _("Tidak ada."), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(None, "I", 8)
    pdf.multi_cell(0, 5, annex_label(data), new_x="LMARGIN", new_y="NEXT")

    # The details, from page 2.
    pdf.add_page()
    pdf.set_font(None, "B", 12)
    pdf.multi_cell(0, 6, _("RINCIAN"), new_x="LMARGIN", new_y="NEXT")
    heading(_("1. Situasi per %(unit)s") % {"unit": data.unit_label.lower()}, space=2)
    # Only the units with something to count; the quiet ones are named in one line (the XLSX has all).
    active = [u for u in data.units if any(unit_values(u)[1:])]
    quiet = [u.name for u in data.units if not any(unit_values(u)[1:])]
    if active:
        table(unit_headers(data), [unit_values(u) for u in active], (54, 20, 22, 20, 22, 20, 22), DETAIL_SIZE)
    if quiet:
        pdf.set_font(None, "", 8)
        pdf.multi_cell(
            0,
            4,
            _("Tanpa laporan: %(names)s.") % {"names": ", ".join(quiet)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
    heading(_("2. Laporan terbuka menurut keparahan, laporan baru menurut kategori"), space=2)
    pdf.set_font(None, "", DETAIL_SIZE + 1)
    pdf.multi_cell(
        0,
        4,
        _("Terbuka: %(counts)s.")
        % {"counts": "; ".join(f"{severity_label(s)} {n}" for s, n in data.open_by_severity)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if data.by_category:
        pdf.ln(1)
        table(
            [_("Kategori laporan baru"), _("Insiden"), _("Peringatan dini")],
            [list(r) for r in data.by_category],
            (130, 30, 30),
            DETAIL_SIZE,
        )

    heading(
        _("3. Insiden dan peringatan dini baru (%(n)s), jam WITA") % {"n": len(data.new_items)},
        space=2,
    )
    if data.new_items:
        table(
            [_("Nomor"), _("Jam"), _("Judul"), _("Kategori"), _("Keparahan"), _("Status"), _("Lokasi")],
            [
                [
                    i["number"],
                    i["time"].replace(" WITA", ""),
                    i["title"],
                    i["category"],
                    i["severity"],
                    i["status"],
                    i["place"],
                ]
                for i in data.new_items
            ],
            (28, 14, 54, 30, 20, 16, 28),
            DETAIL_SIZE,
        )
    else:
        pdf.multi_cell(0, 5, _("Tidak ada laporan baru."), new_x="LMARGIN", new_y="NEXT")

    heading(_("4. Insiden yang dieskalasi (%(n)s), jam WITA") % {"n": len(data.escalations)}, space=2)
    event_headers = [_("Jam"), _("Nomor"), _("Judul"), _("Kejadian"), _("Keterangan"), _("Oleh")]
    event_widths = (11, 29, 45, 32, 49, 24)

    def event_row(r: dict) -> list:
        return [r["time"].replace(" WITA", ""), r["number"], r["title"], r["what"], r["detail"], r["by"]]

    if data.escalations:
        table(
            event_headers,
            [event_row(r) for r in data.escalations],
            event_widths,
            DETAIL_SIZE,
        )
    else:
        pdf.multi_cell(0, 5, _("Tidak ada."), new_x="LMARGIN", new_y="NEXT")

    # The annexes: the map, then the log of every action of the day.
    if data.shapes:
        pdf.add_page()
        pdf.set_font(None, "B", 12)
        pdf.multi_cell(0, 6, _("LAMPIRAN A. PETA"), new_x="LMARGIN", new_y="NEXT")
        _draw_map(pdf, data)
    pdf.add_page()
    pdf.set_font(None, "B", 12)
    pdf.multi_cell(
        0,
        6,
        _("LAMPIRAN B. TINDAKAN YANG DIAMBIL (%(n)s), JAM WITA") % {"n": len(data.actions)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    if data.actions:
        table(
            event_headers,
            [event_row(r) for r in data.actions],
            event_widths,
        )
    else:
        pdf.set_font(None, "", 8)
        pdf.multi_cell(0, 5, _("Tidak ada."), new_x="LMARGIN", new_y="NEXT")
    # Annex C: what happened on the day, whenever it was reported (voting day's report: everything on it).
    pdf.add_page()
    pdf.set_font(None, "B", 12)
    pdf.multi_cell(
        0,
        6,
        _("LAMPIRAN C. KEJADIAN PADA TANGGAL INI, MENURUT WAKTU KEJADIAN (%(n)s)")
        % {"n": data.summary.get("occurred", 0)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    if data.occurred_items:
        table(
            [
                _("Nomor"),
                _("Jam kejadian"),
                _("Dilaporkan"),
                _("Judul"),
                _("Kategori"),
                _("Keparahan"),
                _("Lokasi"),
            ],
            [
                [
                    i["number"],
                    i["time"].replace(" WITA", ""),
                    i["reported"],
                    i["title"],
                    i["category"],
                    i["severity"],
                    i["place"],
                ]
                for i in data.occurred_items
            ],
            (30, 17, 20, 36, 30, 22, 35),
            DETAIL_SIZE,
        )
    else:
        pdf.multi_cell(0, 5, _("Tidak ada."), new_x="LMARGIN", new_y="NEXT")

    return bytes(pdf.output())
