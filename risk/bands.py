"""Pure functions on an instrument's bands and checklist, kept apart from the ORM so that data
migrations, services and the map use exactly the same rules.

A band is a dict ``{"level": code, "label": text, "color": "#rrggbb"}``; the bands of a scored
instrument also carry ``"min"`` (inclusive lower bound) and the last one ``"max"`` (inclusive upper
bound of the scale). Bands are ordered from the least to the most rawan, so a band's position is its
rank. A score belongs to the last band whose ``min`` it reaches: published tables such as IKP 2024
kab/kota (rendah <= 13.46, sedang 13.47-49.32, tinggi 49.33-100) leave no gap at two decimals.
"""

from __future__ import annotations

import itertools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_COLOR_LEN = 7


def _number(value, message) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(message) from None


def bands_are_scored(bands: list[dict]) -> bool:
    """True when the bands carry numeric lower bounds (a score gives the level)."""
    return bool(bands) and all(band.get("min") is not None for band in bands)


def bands_validate(bands) -> None:
    """Raise ValidationError unless ``bands`` is a non-empty, ordered, well-formed list of bands."""
    if not isinstance(bands, list) or not bands:
        raise ValidationError(_("Ambang harus berupa daftar pita tingkat yang tidak kosong."))
    levels = set()
    for band in bands:
        if not isinstance(band, dict) or not band.get("level") or not band.get("label"):
            raise ValidationError(_("Setiap pita harus punya kode tingkat dan label."))
        color = str(band.get("color", ""))
        if len(color) != _COLOR_LEN or not color.startswith("#"):
            raise ValidationError(_("Warna pita harus berbentuk #rrggbb."))
        if band["level"] in levels:
            raise ValidationError(_("Kode tingkat %(level)s muncul dua kali.") % {"level": band["level"]})
        levels.add(band["level"])
    has_min = [band.get("min") is not None for band in bands]
    if any(has_min) and not all(has_min):
        raise ValidationError(_("Semua pita harus punya batas bawah, atau tidak satu pun."))
    if all(has_min):
        mins = [_number(band["min"], _("Batas bawah harus berupa angka.")) for band in bands]
        if any(later <= earlier for earlier, later in itertools.pairwise(mins)):
            raise ValidationError(_("Batas bawah pita harus naik dari rendah ke tinggi."))
        top = bands[-1].get("max")
        if top is None or _number(top, _("Batas atas harus berupa angka.")) < mins[-1]:
            raise ValidationError(_("Pita tertinggi harus punya batas atas di atas batas bawahnya."))


def band_for_score(bands: list[dict], score) -> tuple[int, dict]:
    """(rank, band) of the score: the last band whose lower bound it reaches. Ranks start at 1."""
    value = _number(score, _("Skor harus berupa angka."))
    if not bands_are_scored(bands):
        raise ValidationError(_("Instrumen ini tidak memakai skor; pilih tingkatnya langsung."))
    low = Decimal(str(bands[0]["min"]))
    high = Decimal(str(bands[-1]["max"]))
    if value < low or value > high:
        raise ValidationError(
            _("Skor harus antara %(low)s dan %(high)s.")
            % {"low": format(low.normalize(), "f"), "high": format(high.normalize(), "f")}
        )
    chosen = 1
    for rank, band in enumerate(bands, start=1):
        if value >= Decimal(str(band["min"])):
            chosen = rank
    return chosen, bands[chosen - 1]


def band_for_level(bands: list[dict], level: str) -> tuple[int, dict]:
    """(rank, band) of a level code, or ValidationError when the instrument has no such level."""
    for rank, band in enumerate(bands, start=1):
        if band["level"] == level:
            return rank, band
    raise ValidationError(_("Tingkat %(level)s tidak dikenal instrumen ini.") % {"level": level})


def checklist_indicators(checklist: list[dict]) -> list[dict]:
    """The indicators of a checklist, in order, each with its variable's code."""
    return [
        {**indicator, "variable": variable["code"]}
        for variable in checklist
        for indicator in variable.get("indicators", [])
    ]


def checklist_score(checklist: list[dict], answers: dict) -> Decimal:
    """The score of checklist answers: the sum of the weights (default 1) of indicators answered yes.

    Every indicator must be answered (true or false) and no unknown indicator may appear, so a
    score always means the same list of questions.
    """
    indicators = checklist_indicators(checklist)
    known = {indicator["code"] for indicator in indicators}
    unknown = set(answers) - known
    if unknown:
        raise ValidationError(
            _("Indikator tidak dikenal: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    missing = [
        indicator["code"] for indicator in indicators if not isinstance(answers.get(indicator["code"]), bool)
    ]
    if missing:
        raise ValidationError(_("Indikator belum dijawab: %(codes)s.") % {"codes": ", ".join(missing)})
    return sum(
        (Decimal(str(indicator.get("weight", 1))) for indicator in indicators if answers[indicator["code"]]),
        Decimal(0),
    )
