"""PDF documents with an embedded Unicode font: the one way the app makes a PDF.

fpdf2's core fonts (Helvetica...) cover Latin-1 only, so a name like "Şükrü" or a curly quote
printed as "?". ``Document`` is an fpdf2 ``FPDF`` whose text font is DejaVu Sans (regular, bold,
oblique; ``core/fonts/``, shipped with its licence), embedded as a subset of the glyphs used.
Write text as it is: no squeezing into Latin-1.

Building fpdf2's font object from a TrueType file takes a few hundred milliseconds, so each style
is built once per process and every document gets a copy of it, with its own glyph subset and its
own fontTools font (fpdf2 prunes that one in place when it writes the subset); only the styles a
document sets are loaded. ``test_pdf.py`` checks that two documents keep their own glyphs.
"""

from __future__ import annotations

import copy
import io
import threading
from pathlib import Path
from typing import Any

from fontTools import ttLib
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

_templates: dict[str, tuple[Any, bytes]] = {}  # fpdf2's TTFFont
_lock = threading.Lock()


def _style(style: str) -> str:
    """The shipped style for an fpdf2 style string: bold wins over oblique (no bold-oblique is shipped)."""
    letters = style.upper()
    return "B" if "B" in letters else "I" if "I" in letters else ""


def _font_copy(style: str):
    """A fresh fpdf2 TTFFont of the style, for one document."""
    with _lock:
        if style not in _templates:
            path = FONT_DIR / FONT_FILES[style]
            scratch = FPDF()
            scratch.add_font(FAMILY, style, str(path))
            _templates[style] = (scratch.fonts[f"{FAMILY.lower()}{style}"], path.read_bytes())
        template, data = _templates[style]
        # fpdf2's own deepcopy shares the fontTools font; the subset is written by pruning it in place.
        font = copy.deepcopy(template)
    font.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    font.subset.font = font
    return font


class Document(FPDF):
    """An fpdf2 document that writes every text in DejaVu Sans (any family asked for is ignored)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_creator("Pilkada Mitigasi")
        self.set_font(size=11)

    def set_font(self, family: str | None = None, style="", size: float = 0) -> None:
        style = str(getattr(style, "style", style) or "")  # fpdf2 passes a TextEmphasis itself
        shipped = _style(style)
        key = f"{FAMILY.lower()}{shipped}"
        if key not in self.fonts:
            font = _font_copy(shipped)
            font.i = len(self.fonts) + 1
            self.fonts[key] = font
        underline = "U" if "U" in style.upper() else ""
        super().set_font(FAMILY, shipped + underline, size)

    def to_bytes(self) -> bytes:
        """The finished PDF."""
        return bytes(self.output())
