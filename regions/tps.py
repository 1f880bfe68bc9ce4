"""How a TPS number is written by people ("TPS 088", "88", "088", "tps.88"): read it as a number."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

TPS_NUMBER_MAX = 999
_TPS_TEXT = re.compile(r"^\s*(?:tps)?\s*[.:#-]?\s*(?:no\.?|nomor)?\s*0*(\d{1,4})\s*$", re.IGNORECASE)


def parse_tps_number(text: str | int | None) -> int | None:
    """The TPS number in ``text``, None for an empty text; ValueError (with an Indonesian message) when
    the text is not a TPS number from 1 to 999."""
    if text is None:
        return None
    if isinstance(text, int):
        number = text
    else:
        text = str(text).strip()
        if not text:
            return None
        if re.fullmatch(r"\d+\.0+", text):  # a spreadsheet's number read as "88.0"
            text = text.split(".")[0]
        match = _TPS_TEXT.match(text)
        if not match:
            raise ValueError(_("Tulis nomor TPS sebagai angka, misalnya 88 atau TPS 088."))
        number = int(match.group(1))
    if not 1 <= number <= TPS_NUMBER_MAX:
        raise ValueError(_("Nomor TPS harus antara 1 dan %(max)s.") % {"max": TPS_NUMBER_MAX})
    return number
