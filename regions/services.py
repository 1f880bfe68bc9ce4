"""Writes to the area tree and the election calendar."""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.conf import kabupaten_code

from .choices import AdminLevel, ElectionKind, PhaseCode, VillageType
from .geo import bounding_box
from .models import AdminUnit, Election, ElectionPhase, PollingStation

DATA_DIR = Path(__file__).resolve().parent / "data"
# Names and Kemendagri codes of every province, kabupaten/kota, kecamatan and desa/kelurahan of
# Indonesia: the idn-area-data package, vendored (ODbL; see data/SOURCES.md).
IDN_AREA_DIR = DATA_DIR / "idn-area"
IDN_AREA_EDITION = "Kepmendagri 300.2.2-2138/2025 (idn-area-data 3.1.2)"
# BPS codes, centroids and boundaries the project ships for some areas (data/shipped.json).
SHIPPED_FILE = DATA_DIR / "shipped.json"
# Kalimantan Timur and Kutai Timur: the demo's and the tests' areas.
KUTIM_CODE = "64.08"
PROVINCE_CODE = "64"
_KABUPATEN_RE = re.compile(r"\d{2}\.\d{2}")
# Words of a province's name kept in capitals ("DKI JAKARTA", "DI YOGYAKARTA").
_UPPER_WORDS = frozenset({"DKI", "DI"})


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


def _idn_rows(name: str, prefix: str) -> list[list[str]]:
    """Rows (code, parent code, name) of one idn-area file whose code starts with ``prefix``."""
    path = IDN_AREA_DIR / name
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        next(rows)
        return [row for row in rows if row[0].startswith(prefix)]


def _title(name: str) -> str:
    """ "KALIMANTAN TIMUR" -> "Kalimantan Timur", keeping "DKI" and "DI" in capitals."""
    return " ".join(word if word in _UPPER_WORDS else word.capitalize() for word in name.split())


def _kabupaten_name(name: str) -> str:
    """A regency keeps its bare name ("Kutai Timur"), a city says so ("Kota Bontang"): a kabupaten and
    a kota may share a name (Kabupaten Bekasi, Kota Bekasi)."""
    if name.upper().startswith("KABUPATEN "):
        return _title(name[len("KABUPATEN ") :])
    return _title(name)


def _shipped() -> dict[str, dict]:
    with SHIPPED_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)["areas"]


def _shipped_rows(extra: dict, key: str) -> dict[str, dict]:
    """The shipped CSV rows of one level (centroids) by code; empty when none is shipped."""
    if key not in extra:
        return {}
    with (DATA_DIR / extra[key]).open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row for row in csv.DictReader(fh)}


def _point_values(centroid) -> dict:
    if not centroid:
        return {}
    return {"centroid_lat": float(centroid[0]), "centroid_lng": float(centroid[1])}


def regions_available_kabupaten(*, province: str | None = None) -> list[tuple[str, str]]:
    """Every kabupaten/kota of the vendored dataset (code, name), of one province when given."""
    return [
        (code, _kabupaten_name(name))
        for code, _prov, name in _idn_rows("regencies.csv", f"{province}." if province else "")
    ]


@transaction.atomic
def regions_load(*, codes: list[str] | tuple[str, ...]) -> LoadReport:
    """Load each kabupaten/kota by its Kemendagri code (``64.08``), with its province above it and its
    kecamatan and desa/kelurahan below, from the vendored idn-area dataset; running twice changes
    nothing.

    Names follow the dataset. BPS codes, centroids and boundaries come from what the project ships
    (``data/shipped.json``); an area without them keeps what it has (an uploaded boundary survives a
    reload). Areas are never deleted: one dropped from the dataset stays, since reports may name it.
    """
    report = LoadReport()
    shipped = _shipped()
    for code in codes:
        if not _KABUPATEN_RE.fullmatch(code):
            raise ValidationError(
                _("Kode kabupaten/kota harus seperti 64.08, bukan %(code)s.") % {"code": code}
            )
        regency = _idn_rows("regencies.csv", code)
        regency = [row for row in regency if row[0] == code]
        if not regency:
            raise ValidationError(
                _("Kabupaten/kota dengan kode %(code)s tidak ada dalam data wilayah (idn-area-data).")
                % {"code": code}
            )
        _regions_load_one(code=code, regency_name=regency[0][2], shipped=shipped, report=report)
    return report


def _regions_load_one(*, code: str, regency_name: str, shipped: dict, report: LoadReport) -> None:
    province_code = code.split(".")[0]
    province_row = next(row for row in _idn_rows("provinces.csv", province_code) if row[0] == province_code)
    extra = shipped.get(province_code, {})
    province = _upsert(
        AdminUnit,
        {"code": province_code},
        {
            "name": _title(province_row[1]),
            "level": AdminLevel.PROVINSI,
            "village_type": "",
            "parent": None,
            "edition": extra.get("edition", IDN_AREA_EDITION),
            **({"bps_code": extra["bps_code"]} if "bps_code" in extra else {}),
            **_point_values(extra.get("centroid")),
        },
        report,
        AdminLevel.PROVINSI,
    )
    extra = shipped.get(code, {})
    edition = extra.get("edition", IDN_AREA_EDITION)
    kabupaten = _upsert(
        AdminUnit,
        {"code": code},
        {
            "name": _kabupaten_name(regency_name),
            "level": AdminLevel.KABUPATEN,
            "village_type": "",
            "parent": province,
            "edition": edition,
            **({"bps_code": extra["bps_code"]} if "bps_code" in extra else {}),
            **_point_values(extra.get("centroid")),
        },
        report,
        AdminLevel.KABUPATEN,
    )
    levels = (
        (AdminLevel.KECAMATAN, "districts.csv.gz", "kecamatan_csv", "kecamatan_geojson"),
        (AdminLevel.DESA, "villages.csv.gz", "desa_csv", "desa_geojson"),
    )
    parents = {code: kabupaten}
    for level, source, csv_key, geojson_key in levels:
        points = _shipped_rows(extra, csv_key)
        geometry = _read_features(DATA_DIR / extra[geojson_key]) if geojson_key in extra else {}
        created: dict[str, AdminUnit] = {}
        # An uploaded boundary's mark stays in the edition (see adminunit_boundaries_load).
        uploaded = dict(
            AdminUnit.objects.filter(
                level=level, code__startswith=code + ".", edition__contains="; batas "
            ).values_list("code", "edition")
        )
        for unit_code, parent_code, name in _idn_rows(source, code + "."):
            values = {
                "name": name,
                "level": level,
                # 4th segment: 1 kelurahan, 2 desa, 3 desa adat (Papua): a desa with an elected head.
                "village_type": (
                    (VillageType.KELURAHAN if unit_code.split(".")[3].startswith("1") else VillageType.DESA)
                    if level == AdminLevel.DESA
                    else ""
                ),
                "parent": parents[parent_code],
                "edition": edition,
            }
            if unit_code in uploaded and unit_code not in geometry:
                values["edition"] = _edition_with(
                    edition, "batas " + uploaded[unit_code].split("; batas ", 1)[1]
                )
            if unit_code in points:
                values.update(_point_values((points[unit_code]["lat"], points[unit_code]["lng"])))
            if unit_code in geometry:
                values.update(_geometry_values(geometry[unit_code]))
            created[unit_code] = _upsert(AdminUnit, {"code": unit_code}, values, report, level)
        parents = created


# An uploaded boundary file bigger than this is refused before it is parsed.
BOUNDARY_FILE_MAX_BYTES = 50 * 1024 * 1024
_BOUNDARY_LEVELS = (AdminLevel.KABUPATEN, AdminLevel.KECAMATAN, AdminLevel.DESA)


def _ring_errors(ring) -> str | None:
    """Why a GeoJSON linear ring is not usable ([lng, lat] positions, closed, at least 4), or None."""
    if not isinstance(ring, list) or len(ring) < 4:
        return _("cincin poligon butuh paling sedikit 4 titik")
    for point in ring:
        if (
            not isinstance(point, list)
            or len(point) < 2
            or not all(isinstance(c, int | float) and not isinstance(c, bool) for c in point[:2])
        ):
            return _("setiap titik harus [bujur, lintang] berupa angka")
        lng, lat = point[0], point[1]
        if not (-180 <= lng <= 180 and -90 <= lat <= 90):
            return _(
                "titik [%(lng)s, %(lat)s] di luar rentang bujur/lintang (urutan GeoJSON: bujur dulu)"
            ) % {
                "lng": lng,
                "lat": lat,
            }
    if ring[0][:2] != ring[-1][:2]:
        return _("cincin poligon tidak tertutup (titik pertama dan terakhir harus sama)")
    return None


def _geometry_errors(geometry) -> str | None:
    """Why a GeoJSON geometry is not a usable Polygon or MultiPolygon, or None."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return _("geometri harus Polygon atau MultiPolygon")
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return _("koordinat geometri kosong")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return _("poligon tanpa cincin")
        for ring in polygon:
            problem = _ring_errors(ring)
            if problem:
                return problem
    return None


@transaction.atomic
def adminunit_boundaries_load(*, content: bytes, source: str = "") -> LoadReport:
    """Set the boundaries of loaded areas (kabupaten, kecamatan, desa) from a GeoJSON FeatureCollection
    whose features carry the Kemendagri code in ``properties.code`` (or ``kode``); all or nothing.

    Every feature is checked first (valid JSON, Polygon or MultiPolygon in [lng, lat], closed rings,
    a code of a loaded area, no code twice); any problem refuses the whole file with the features'
    numbers, in Bahasa Indonesia. An area without a centroid gets the middle of its boundary's box.
    The edition of each area changed, and of the kecamatan above a changed desa, names the file, so
    cached map layers are rebuilt.
    """
    if len(content) > BOUNDARY_FILE_MAX_BYTES:
        raise ValidationError(_("Berkas batas wilayah lebih dari 50 MB."))
    try:
        collection = json.loads(content)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(_("Berkas bukan GeoJSON yang sah: %(error)s") % {"error": exc}) from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise ValidationError(_("Berkas harus GeoJSON FeatureCollection."))
    features = collection.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError(_("FeatureCollection tidak berisi satu pun feature."))
    errors: list[str] = []
    by_code: dict[str, dict] = {}
    numbers: dict[str, int] = {}
    for number, feature in enumerate(features, start=1):
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        code = str(properties.get("code") or properties.get("kode") or "").strip()
        if not code:
            errors.append(_("Feature %(n)s: tidak ada kode wilayah (properties.code).") % {"n": number})
            continue
        if code in by_code:
            errors.append(_("Feature %(n)s: kode %(code)s muncul dua kali.") % {"n": number, "code": code})
            continue
        problem = _geometry_errors(feature.get("geometry"))
        if problem:
            errors.append(
                _("Feature %(n)s (%(code)s): %(problem)s.") % {"n": number, "code": code, "problem": problem}
            )
            continue
        by_code[code] = feature
        numbers[code] = number
    units = {u.code: u for u in AdminUnit.objects.filter(code__in=list(by_code), level__in=_BOUNDARY_LEVELS)}
    for code, number in numbers.items():
        if code not in units:
            errors.append(
                _("Feature %(n)s: wilayah %(code)s belum dimuat (jalankan load_regions dulu).")
                % {"n": number, "code": code}
            )
    if errors:
        raise ValidationError(errors)
    mark = hashlib.sha256(content).hexdigest()[:12]
    label = f"batas {source or 'unggahan'} {mark}"
    report = LoadReport()
    touched_parents: set[int] = set()
    for code, feature in by_code.items():
        unit = units[code]
        values = _geometry_values(feature["geometry"])
        if unit.centroid_lat is None or unit.centroid_lng is None:
            values["centroid_lat"] = (values["min_lat"] + values["max_lat"]) / 2
            values["centroid_lng"] = (values["min_lng"] + values["max_lng"]) / 2
        if values["boundary"] == unit.boundary:
            report.add(unit.level, "unchanged")
            continue
        values["edition"] = _edition_with(unit.edition, label)
        _upsert(AdminUnit, {"code": code}, values, report, unit.level)
        if unit.level == AdminLevel.DESA and unit.parent_id:
            touched_parents.add(unit.parent_id)
    for parent in AdminUnit.objects.filter(pk__in=touched_parents).exclude(code__in=list(by_code)):
        parent.edition = _edition_with(parent.edition, label)
        parent.save(update_fields=["edition"])
    return report


def _edition_with(edition: str, label: str) -> str:
    """The edition with the boundary file's label instead of an earlier one, within the column's 120."""
    base = edition.split("; batas ")[0]
    return f"{base}; {label}"[:120]


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
            "area": AdminUnit.objects.filter(code=data.get("area", kabupaten_code())).first(),
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
