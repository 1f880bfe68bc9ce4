"""core.pdf: text prints as written, in an embedded Unicode font, in every style shipped."""

import io

from pypdf import PdfReader

from core.pdf import FAMILY, Document

TEXT = "Şükrü “Ketua” — \u2018Tim\u2019 Ğ ñ € 2\u20133"


def _pdf_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def test_names_and_curly_quotes_round_trip_through_the_pdf_text():
    pdf = Document()
    pdf.add_page()
    pdf.cell(0, 10, TEXT)
    assert _pdf_text(pdf.to_bytes()) == [TEXT]


def test_bold_and_oblique_are_embedded_dejavu_and_a_core_font_asked_for_is_not_used():
    pdf = Document()
    pdf.add_page()
    for style in ("B", "I", "", "BI"):
        pdf.set_font("Helvetica", style, 12)
        pdf.cell(0, 10, f"{style or 'R'} {TEXT}", new_x="LMARGIN", new_y="NEXT")
    content = pdf.to_bytes()
    fonts = {
        str(font["/BaseFont"])
        for font in PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"].values()
    }
    assert all("DejaVuSans" in name for name in fonts), fonts
    assert {name.split("+")[-1] for name in fonts} == {
        "DejaVuSansBook",
        "DejaVuSansBold",
        "DejaVuSansOblique",
    }
    assert _pdf_text(content)[0].splitlines() == [f"{s} {TEXT}" for s in ("B", "I", "R", "BI")]
    assert FAMILY == "DejaVu"


def test_two_documents_keep_their_own_glyph_subsets():
    first, second = Document(), Document()
    for pdf, text in ((first, "Şükrü"), (second, "Ağustus")):
        pdf.add_page()
        pdf.cell(0, 10, text)
    assert _pdf_text(second.to_bytes()) == ["Ağustus"]
    assert _pdf_text(first.to_bytes()) == ["Şükrü"]
