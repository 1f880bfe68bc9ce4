"""Writes of kerawanan: the shipped instruments and the assessments of areas and TPS."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from regions.selectors import election_for_event

from .bands import band_for_level, band_for_score, bands_are_scored, checklist_score
from .choices import RiskInstrumentKind
from .instruments import instruments_create_missing
from .models import RiskAssessment, RiskInstrument

if TYPE_CHECKING:
    from regions.models import AdminUnit, Election, PollingStation


def riskinstrument_load_defaults() -> int:
    """Create the shipped kerawanan instruments that are missing (never overwrites edits); returns the count."""
    return instruments_create_missing(RiskInstrument)


def _assessment_level(
    *, instrument: RiskInstrument, score, level: str, answers: dict | None
) -> tuple[Decimal | None, int, dict]:
    """(score, rank, band) for the inputs, following the instrument's data; ValidationError by field."""
    bands = instrument.bands
    if instrument.checklist:
        try:
            score = checklist_score(instrument.checklist, answers or {})
        except ValidationError as exc:
            raise ValidationError({"answers": exc.messages}) from None
    if bands_are_scored(bands):
        if score is None or score == "":
            raise ValidationError({"score": _("Instrumen ini memerlukan skor.")})
        try:
            rank, band = band_for_score(bands, score)
        except ValidationError as exc:
            raise ValidationError({"score": exc.messages}) from None
        if level and level != band["level"]:
            raise ValidationError(
                {
                    "level": _("Skor %(score)s berarti tingkat %(label)s menurut ambang instrumen.")
                    % {"score": score, "label": band["label"]}
                }
            )
        return Decimal(str(score)), rank, band
    if score not in (None, ""):
        raise ValidationError({"score": _("Instrumen ini tidak memakai skor; pilih tingkatnya.")})
    if not level:
        raise ValidationError({"level": _("Pilih tingkat kerawanan.")})
    try:
        rank, band = band_for_level(bands, level)
    except ValidationError as exc:
        raise ValidationError({"level": exc.messages}) from None
    return None, rank, band


@transaction.atomic
def riskassessment_create(
    *,
    instrument: RiskInstrument,
    as_of: date,
    by_user,
    area: AdminUnit | None = None,
    polling_station: PollingStation | None = None,
    score: Decimal | float | str | None = None,
    level: str = "",
    answers: dict | None = None,
    aspect: str = "",
    source: str = "",
    notes: str = "",
    election: Election | None = None,
) -> RiskAssessment:
    """Record a kerawanan of an area or a TPS; the level comes from the instrument's bands, frozen in the row.

    It belongs to the election given, else the TPS's, else the one whose calendar covers ``as_of``
    (else the current one).

    A checklist instrument scores the answers; a scored instrument derives the level from the
    score (a contradicting level is refused); a class instrument takes one of its level codes.
    """
    if instrument.kind == RiskInstrumentKind.LIVE:
        raise ValidationError(
            {"instrument": _("Risiko langsung dihitung dari insiden, tidak dinilai manual.")}
        )
    if not instrument.active:
        raise ValidationError({"instrument": _("Instrumen ini tidak aktif lagi.")})
    if polling_station is not None:
        area = polling_station.desa
        target = "tps"
    elif area is None:
        raise ValidationError({"area": _("Pilih wilayah atau TPS yang dinilai.")})
    else:
        target = area.level
    if target not in instrument.targets:
        raise ValidationError(
            {
                "area": _("Instrumen %(name)s tidak untuk tingkat %(target)s.")
                % {"name": instrument.name, "target": target}
            }
        )
    aspects = instrument.parameters.get("aspects") or []
    if aspect and aspects and aspect not in aspects:
        raise ValidationError(
            {"aspect": _("Aspek harus salah satu dari: %(list)s.") % {"list": ", ".join(aspects)}}
        )
    if election is None:
        election = (
            polling_station.election if polling_station is not None else election_for_event(moment=as_of)
        )
    elif polling_station is not None and polling_station.election_id != election.pk:
        raise ValidationError({"polling_station": _("TPS ini terdaftar untuk pemilihan lain.")})
    score_value, rank, band = _assessment_level(
        instrument=instrument, score=score, level=level, answers=answers
    )
    assessment = RiskAssessment(
        instrument=instrument,
        area=area,
        polling_station=polling_station,
        election=election,
        aspect=aspect,
        score=score_value,
        level=band["level"],
        level_label=band["label"],
        level_rank=rank,
        level_color=band["color"],
        thresholds=instrument.bands,
        answers=answers or {} if instrument.checklist else {},
        as_of=as_of,
        source=source,
        notes=notes,
        assessed_by=by_user,
    )
    assessment.full_clean()
    assessment._history_user = by_user  # type: ignore[attr-defined]  # read by simple_history
    assessment.save()
    return assessment
