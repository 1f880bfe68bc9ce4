"""Reading what senders type (pure, no database): the structured report, acknowledgements, status queries.

``LAPOR <desa or kecamatan> <tingkat 1-5> <teks>``: forgiving case and spacing ("lapor  swarga bara
3 ..."), the place by name ("Swarga Bara", "Desa Swarga Bara, Kec. Sangatta Utara") or by Kemendagri
code with or without dots, the level a single digit 1-5, then the text. What cannot be read is
answered with exactly what to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.imports.parsers import AreaIndex, ParseError

_LAPOR = re.compile(r"^\s*lapor\b[\s:.,-]*(?P<rest>.*)$", re.IGNORECASE | re.DOTALL)
# The place is everything before the first standalone digit; then the level; then the text.
_PLACE_LEVEL_TEXT = re.compile(r"^(?P<place>.+?)\s+(?P<level>\d+)(?:\s+(?P<text>.*))?$", re.DOTALL)
_OK = re.compile(r"^\s*ok(?:e|ay)?\b[\s:.,-]*(?P<code>[A-Za-z0-9-]*)\s*[.!]*\s*$", re.IGNORECASE)
_STATUS = re.compile(r"^\s*/?status\b[\s:]*(?P<number>\S*)\s*$", re.IGNORECASE)
_NUMBER = re.compile(r"^(?:INS-?)?(?P<year>\d{4})-?(?P<seq>\d{1,6})$", re.IGNORECASE)

FORMAT_HINT = "LAPOR <desa atau kecamatan> <tingkat 1-5> <apa yang terjadi>"


@dataclass(frozen=True)
class Lapor:
    """A structured report as read: the area's code, the level, the text."""

    area_code: str
    severity: int
    text: str


class LaporError(ValueError):
    """A structured report that cannot be read; the message says exactly what to fix."""


def is_lapor(text: str) -> bool:
    return bool(_LAPOR.match(text or ""))


def parse_lapor(text: str, areas: AreaIndex) -> Lapor:
    """The structured report in ``text``, or LaporError saying what to fix (in Bahasa Indonesia)."""
    match = _LAPOR.match(text or "")
    if not match:
        raise LaporError(_("Awali laporan dengan LAPOR. Format: %(format)s") % {"format": FORMAT_HINT})
    rest = " ".join(match["rest"].split())
    if not rest:
        raise LaporError(
            _("Laporan kosong. Format: %(format)s. Contoh: LAPOR Swarga Bara 3 massa berkumpul di TPS 05")
            % {"format": FORMAT_HINT}
        )
    parts = _PLACE_LEVEL_TEXT.match(rest)
    if not parts or len(parts["level"]) != 1 or parts["level"] not in "12345":
        raise LaporError(
            _(
                "Tingkat keparahan tidak ditemukan: tulis angka 1-5 setelah nama desa/kecamatan. Format: %(format)s"
            )
            % {"format": FORMAT_HINT}
        )
    text_part = (parts["text"] or "").strip()
    if len(text_part) < 5:
        raise LaporError(
            _("Tulis apa yang terjadi setelah tingkat keparahan. Format: %(format)s")
            % {"format": FORMAT_HINT}
        )
    place = parts["place"].strip()
    try:
        code = areas(place)
    except ParseError as exc:
        hint = (
            f" {_('Maksud Anda: %(suggestion)s?') % {'suggestion': exc.suggestion}}" if exc.suggestion else ""
        )
        raise LaporError(
            _(
                "Desa/kecamatan “%(place)s” tidak dikenal.%(hint)s Tulis nama desa atau kecamatan di kabupaten ini, atau kodenya."
            )
            % {"place": place, "hint": hint}
        ) from exc
    return Lapor(area_code=code, severity=int(parts["level"]), text=text_part)


def parse_ack(text: str) -> tuple[bool, str]:
    """(is an acknowledgement, the code after it): "OK" -> (True, ""), "ok ins-2024-12" -> (True, "INS-2024-12")."""
    match = _OK.match(text or "")
    if not match:
        return False, ""
    return True, match["code"].upper()


def parse_status(text: str) -> tuple[bool, str]:
    """(is a status query, the number asked): "/status INS-2024-00012" -> (True, "INS-2024-00012")."""
    match = _STATUS.match(text or "")
    if not match:
        return False, ""
    return True, match["number"].upper()


def number_matches(number: str, code: str) -> bool:
    """Whether a report number (INS-2024-00012) is what a sender typed ("INS-2024-00012", "2024-12", "12")."""
    if not code:
        return False
    if code.isdigit():
        return number.rsplit("-", 1)[-1].lstrip("0") == code.lstrip("0")
    typed, ours = _NUMBER.match(code), _NUMBER.match(number)
    if not typed or not ours:
        return number.upper() == code.upper()
    return typed["year"] == ours["year"] and int(typed["seq"]) == int(ours["seq"])
