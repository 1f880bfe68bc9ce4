"""Writes to the area tree and the election calendar."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from .choices import AdminLevel, PhaseCode, VillageType
from .geo import bounding_box
from .models import AdminUnit, Election, ElectionPhase

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
