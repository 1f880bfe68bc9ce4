"""Writes to the area tree and the election calendar."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .choices import AdminLevel, ElectionKind, PhaseCode, VillageType
from .geo import bounding_box
from .models import AdminUnit, Election, ElectionPhase, PollingStation

DATA_DIR = Path(__file__).resolve().parent / "data"
KUTIM_EDITION = "Kepmendagri 300.2.2-2138/2025; batas Kepmendagri 300.2.2-2430/2025"
KUTIM_CODE = "64.08"
# Kalimantan Timur, above the kabupaten: the area of provincial context (the provincial IKP), never
# counted as Kutim's own.
PROVINCE_CODE = "64"


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
    """Load Kalimantan Timur (the province, for context only), Kutai Timur's kabupaten, 18 kecamatan and
    141 desa/kelurahan; running twice changes nothing."""
    report = LoadReport()
    province = _upsert(
        AdminUnit,
        {"code": PROVINCE_CODE},
        {
            "name": "Kalimantan Timur",
            "level": AdminLevel.PROVINSI,
            "village_type": "",
            "parent": None,
            "bps_code": "64",
            "centroid_lat": 0.5,
            "centroid_lng": 116.4,
            "edition": KUTIM_EDITION,
            **_geometry_values(None),
        },
        report,
        AdminLevel.PROVINSI,
    )
    kabupaten = _upsert(
        AdminUnit,
        {"code": KUTIM_CODE},
        {
            "name": "Kutai Timur",
            "level": AdminLevel.KABUPATEN,
            "village_type": "",
            "parent": province,
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


CALENDAR_FILES = ("pemilu_2019.json", "pilkada_2024.json")


def election_calendar_load(*, path: Path | None = None) -> LoadReport:
    """Load the shipped calendars (Pemilu 2019, Pilkada 2024), or the one file given; idempotent."""
    if path is not None:
        return _election_calendar_load_file(path)
    report = LoadReport()
    for name in CALENDAR_FILES:
        for level, counts in _election_calendar_load_file(DATA_DIR / name).counts.items():
            for outcome, n in counts.items():
                report.counts.setdefault(level, {"created": 0, "updated": 0, "unchanged": 0})[outcome] += n
    return report


@transaction.atomic
def _election_calendar_load_file(path: Path) -> LoadReport:
    """Load an election and its dated phases from a JSON file; running twice changes nothing.

    A phase with ``"main": false`` is a sub-phase (shown beside the main phase, never labelling a report).
    The election's area is the kabupaten unless the file names another ``area`` code.
    """
    report = LoadReport()
    with path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    election = _upsert(
        Election,
        {"code": data["code"]},
        {
            "name": data["name"],
            "kind": ElectionKind(data.get("kind", ElectionKind.PILKADA)),
            "voting_date": date.fromisoformat(data["voting_date"]),
            "area": AdminUnit.objects.filter(code=data.get("area", KUTIM_CODE)).first(),
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
                "is_main": phase.get("main", True),
                "start_date": date.fromisoformat(phase["start"]),
                "end_date": date.fromisoformat(phase["end"]),
                "regulation": phase.get("regulation", ""),
                "note": phase.get("note", ""),
            },
            report,
            "phase",
        )
    return report


@transaction.atomic
def election_set_current(*, election: Election | None, by_user) -> Election | None:
    """Pin ``election`` as the current election (TPS lookups, default filters), or with None go back to
    choosing it by date. Recorded in the election's history with who did it."""
    others = Election.objects.select_for_update().filter(is_pinned=True)
    if election is not None:
        others = others.exclude(pk=election.pk)
    for pinned in others:
        pinned.is_pinned = False
        pinned._history_user = by_user  # type: ignore[attr-defined]
        pinned.save(update_fields=["is_pinned"])
    if election is not None and not election.is_pinned:
        election = Election.objects.select_for_update().get(pk=election.pk)
        election.is_pinned = True
        election.full_clean(validate_constraints=False)
        election._history_user = by_user  # type: ignore[attr-defined]
        election.save(update_fields=["is_pinned"])
    return election


# --- polling stations (TPS) ------------------------------------------------------------------
TPS_FIELDS = ("address", "voters_men", "voters_women", "voters", "lat", "lng")


@transaction.atomic
def pollingstation_upsert(
    *,
    election: Election,
    desa: AdminUnit,
    number: int,
    by_user=None,
    address: str = "",
    voters_men: int | None = None,
    voters_women: int | None = None,
    voters: int | None = None,
    lat: float | None = None,
    lng: float | None = None,
) -> tuple[PollingStation, str]:
    """Create the TPS (election, desa, number) or bring it up to date; returns it and "created",
    "updated" or "unchanged", so a second import of the same file changes nothing.

    The DPT total is men + women when only those are given; a total that differs from their sum is
    refused, as is a place that is not a desa/kelurahan.
    """
    errors: dict[str, list[str]] = {}
    if desa.level != AdminLevel.DESA:
        errors["desa"] = [_("TPS harus berada di desa/kelurahan, bukan di %(area)s.") % {"area": desa}]
    if voters is None and voters_men is not None and voters_women is not None:
        voters = voters_men + voters_women
    if None not in (voters, voters_men, voters_women) and voters != voters_men + voters_women:  # type: ignore[operator]
        errors["voters"] = [
            _("DPT laki-laki (%(men)s) + perempuan (%(women)s) = %(sum)s, bukan %(total)s.")
            % {"men": voters_men, "women": voters_women, "sum": voters_men + voters_women, "total": voters}  # type: ignore[operator]
        ]
    if errors:
        raise ValidationError(errors)
    values = {
        "address": (address or "").strip(),
        "voters_men": voters_men,
        "voters_women": voters_women,
        "voters": voters,
        "lat": lat,
        "lng": lng,
    }
    station = (
        PollingStation.objects.select_for_update().filter(election=election, desa=desa, number=number).first()
    )
    if station is None:
        station = PollingStation(election=election, desa=desa, number=number, **values)
        outcome = "created"
        changed = list(values)
    else:
        changed = [name for name, value in values.items() if getattr(station, name) != value]
        if not changed:
            return station, "unchanged"
        for name in changed:
            setattr(station, name, values[name])
        outcome = "updated"
    station.full_clean()
    station._history_user = by_user  # type: ignore[attr-defined]
    if outcome == "created":
        station.save()
    else:
        station.save(update_fields=changed)
    return station, outcome
