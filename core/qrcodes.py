"""QR codes as image bytes (segno): one rendering for every code the app shows or prints (a Bimtek
ticket, a session's or a meeting's check-in code, a certificate's verification address)."""

from __future__ import annotations

import io

import segno

# Error correction "m" (15 %): readable from a projector or a creased print-out, still small.
ERROR_LEVEL = "m"


def qr_image(text: str, *, kind: str = "svg", scale: int | None = None) -> bytes:
    """The QR code of ``text`` as SVG (for a page) or PNG (for a download or a PDF) bytes."""
    out = io.BytesIO()
    qr = segno.make(text, error=ERROR_LEVEL)
    if kind == "png":
        qr.save(out, kind="png", scale=scale or 8, border=2)
    else:
        qr.save(out, kind="svg", scale=scale or 6, border=2, xmldecl=False)
    return out.getvalue()
