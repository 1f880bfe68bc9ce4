"""Writes to the area tree, the election calendar and risk assessments (kerawanan)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .choices import AdminLevel, PhaseCode, RiskInstrumentKind, VillageType
from .geo import bounding_box
from .instruments import instruments_create_missing
from .models import AdminUnit, Election, ElectionPhase, PollingStation, RiskAssessment, RiskInstrument
from .risk import band_for_level, band_for_score, bands_are_scored, checklist_score

DATA_DIR = Path(__file__).resolve().parent / "data"
KUTIM_EDITION = "Kepmendagri 300.2.2-2138/2025; batas Kepmendagri 300.2.2-2430/2025"
KUTIM_CODE = "64.08"


@dataclass
class LoadReport:
    """What a loader did, per level: created, updated, unchanged."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, level: str, outcome: str) -> None:
        self.counts.setdefault(level, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += 1

    @property
    def changed(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values())


def _upsert(model, lookup: dict, values: dict, report: LoadReport, level: str):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean(validate_constraints=False)
        obj.save()
        report.add(level, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean(validate_constraints=False)
        obj.save(update_fields=changed)
        report.add(level, "updated")
    else:
        report.add(level, "unchanged")
    return obj


def _read_features(path: Path) -> dict[str, dict]:
    with path.open(encoding="utf-8") as fh:
        collection = json.load(fh)
    return {f["properties"]["code"]: f["geometry"] for f in collection["features"]}


def _geometry_values(geometry: dict | None) -> dict:
    if not geometry:
        return {"boundary": None, "min_lat": None, "max_lat": None, "min_lng": None, "max_lng": None}
    min_lat, max_lat, min_lng, max_lng = bounding_box(geometry)
    return {
        "boundary": geometry,
        "min_lat": min_lat,
        "max_lat": max_lat,
        "min_lng": min_lng,
        "max_lng": max_lng,
    }


@transaction.atomic
def regions_load_kutim(*, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load Kutai Timur's kabupaten, 18 kecamatan and 141 desa/kelurahan; running twice changes nothing."""
    report = LoadReport()
    kabupaten = _upsert(
        AdminUnit,
        {"code": KUTIM_CODE},
        {
            "name": "Kutai Timur",
            "level": AdminLevel.KABUPATEN,
            "village_type": "",
            "parent": None,
            "bps_code": "6404",
            "centroid_lat": 0.9,
            "centroid_lng": 117.4,
            "edition": KUTIM_EDITION,
            **_geometry_values(None),
        },
        report,
        AdminLevel.KABUPATEN,
    )
    kecamatan_geometry = _read_features(data_dir / "kutim_kecamatan.geojson")
    kecamatan_by_code: dict[str, AdminUnit] = {}
    with (data_dir / "kutim_kecamatan.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            kecamatan_by_code[row["code"]] = _upsert(
                AdminUnit,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "level": AdminLevel.KECAMATAN,
                    "village_type": "",
                    "parent": kabupaten,
                    "bps_code": "",
                    "centroid_lat": float(row["lat"]),
                    "centroid_lng": float(row["lng"]),
                    "edition": KUTIM_EDITION,
                    **_geometry_values(kecamatan_geometry.get(row["code"])),
                },
                report,
                AdminLevel.KECAMATAN,
            )
    desa_geometry = _read_features(data_dir / "kutim_desa.geojson")
    with (data_dir / "kutim_desa.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            _upsert(
                AdminUnit,
                {"code": row["code"]},
                {
                    "name": row["name"],
                    "level": AdminLevel.DESA,
                    "village_type": VillageType(row["type"]),
                    "parent": kecamatan_by_code[row["kecamatan_code"]],
                    "bps_code": "",
                    "centroid_lat": float(row["lat"]),
                    "centroid_lng": float(row["lng"]),
                    "edition": KUTIM_EDITION,
                    **_geometry_values(desa_geometry.get(row["code"])),
                },
                report,
                AdminLevel.DESA,
            )
    return report


@transaction.atomic
def election_calendar_load(*, path: Path = DATA_DIR / "pilkada_2024.json") -> LoadReport:
    """Load an election and its dated phases from a JSON file; running twice changes nothing."""
    report = LoadReport()
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    election = _upsert(
        Election,
        {"code": data["code"]},
        {
            "name": data["name"],
            "voting_date": date.fromisoformat(data["voting_date"]),
            "regulation": data.get("regulation", ""),
        },
        report,
        "election",
    )
    for sequence, phase in enumerate(data["phases"], start=1):
        _upsert(
            ElectionPhase,
            {"election": election, "code": PhaseCode(phase["code"])},
            {
                "sequence": sequence,
                "start_date": date.fromisoformat(phase["start"]),
                "end_date": date.fromisoformat(phase["end"]),
                "regulation": phase.get("regulation", ""),
                "note": phase.get("note", ""),
            },
            report,
            "phase",
        )
    return report


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
) -> RiskAssessment:
    """Record a kerawanan of an area or a TPS; the level comes from the instrument's bands, frozen in the row.

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
    score_value, rank, band = _assessment_level(
        instrument=instrument, score=score, level=level, answers=answers
    )
    assessment = RiskAssessment(
        instrument=instrument,
        area=area,
        polling_station=polling_station,
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
    assessment._history_user = by_user
    assessment.save()
    return assessment
