"""The historical import (impor kejadian lampau): past events from a clerk's sheet, one row each,
declared for the shared engine in ``core.imports`` and written by ``incident_create(historical=True)``.

Every row becomes a past event entered afterwards: numbered by the year it became known, counted
on the days it happened, never escalated. A row without a wilayah is a kabupaten-level report (of the
importer's own kabupaten); a row placed in another served kabupaten is refused as out of scope. The
whole file is saved, or nothing (``apply_rows``); ``historical_import_run(commit=False)`` checks it
with the services' own refusals and rolls back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.imports.engine import (
    Column,
    ImportSpec,
    ProblemGroup,
    RowProblem,
    RowResult,
    apply_rows,
    auto_map,
    check_rows,
    find_header,
    group_problems,
    missing_required,
    read_sheet,
    row_texts,
)
from core.imports.parsers import Area, AreaIndex, ChoiceParser, ParseError, parse_date
from regions.choices import AdminLevel
from regions.selectors import (
    adminunit_aliases,
    adminunit_list,
    election_for_event,
    pollingstation_by_number,
    served_kabupaten_q,
)
from stakeholders.access import KABUPATEN_WIDE_ROLES
from stakeholders.selectors import area_scope_q, home_kabupaten_for

from .choices import ConflictStage, IncidentKind, Severity, Source, ViolationClass
from .selectors import category_list
from .services.incident import incident_create

# The most rows one file may hold: the import runs within the request.
HISTORICAL_MAX_ROWS = 2_000

_TIME = re.compile(
    r"^(?P<date>.*?)[\s,T]+(?:(?:pukul|jam|pkl\.?)\s*)?(?P<h>\d{1,2})[.:](?P<m>\d{2})(?:\s*wita)?$", re.I
)


@dataclass(frozen=True)
class Moment:
    """A date read from a cell, with its time of day when the cell gave one."""

    day: date
    at: time | None


def parse_moment(text: str) -> Moment:
    """ "27/11/2024 10.30", "27 November 2024 pukul 10:30 WITA" or a date alone."""
    match = _TIME.match(text.strip())
    if match and match["date"].strip():
        hour, minute = int(match["h"]), int(match["m"])
        if hour > 23 or minute > 59:
            raise ParseError("date_invalid", _("Jam tidak dikenali: %(value)s.") % {"value": text})
        day = parse_date(match["date"].strip())
        return Moment(getattr(day, "value", day), time(hour, minute))
    day = parse_date(text)
    return Moment(getattr(day, "value", day), None)


def _aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


def moments_to_datetimes(occurred: Moment, known: Moment | None) -> tuple[datetime, datetime]:
    """The occurrence and "became known" times: a date alone is the start of the day, and a "known"
    date alone on the day it happened is the moment it happened (never before it)."""
    occurred_at = _aware(occurred.day, occurred.at or time.min)
    if known is None:
        return occurred_at, occurred_at
    if known.at is None and known.day == occurred.day:
        return occurred_at, occurred_at
    return occurred_at, _aware(known.day, known.at or time.min)


@dataclass
class HistoricalContext:
    """What every row of one run shares: the importing user, the areas and categories by id."""

    by_user: Any
    units: dict[str, Any]
    categories: dict[str, Any]


def _area_index(units: list[Any]) -> AreaIndex:
    by_id = {unit.pk: unit for unit in units}
    return AreaIndex(
        [
            Area(
                code=unit.code,
                name=unit.name,
                level="kelurahan" if unit.village_type == "kelurahan" else unit.level,
                parent_code=by_id[unit.parent_id].code if unit.parent_id in by_id else "",
            )
            for unit in units
        ],
        aliases=adminunit_aliases(with_kabupaten=True),
    )


def _areas(by_user) -> tuple[AreaIndex, dict[str, Any], AreaIndex]:
    """The areas of the kabupaten ``by_user`` enters the past of (index, units by code), and an index
    of the other served kabupaten's, to name a row placed there as out of scope rather than unknown."""
    own_q = area_scope_q(by_user, field="code", roles=tuple(KABUPATEN_WIDE_ROLES))
    units = list(
        adminunit_list(with_parent=False)
        .filter(served_kabupaten_q())
        .only("id", "code", "name", "level", "village_type", "parent_id")
    )
    own_codes = set(
        adminunit_list(with_parent=False).filter(served_kabupaten_q(), own_q).values_list("code", flat=True)
    )
    own = [unit for unit in units if unit.code in own_codes]
    others = [unit for unit in units if unit.code not in own_codes]
    return _area_index(own), {unit.code: unit for unit in own}, _area_index(others)


def _own_area_parser(own: AreaIndex, others: AreaIndex):
    """The row's area among the user's own kabupaten's; one only in another served kabupaten is refused
    as out of the user's kabupaten (the import then writes nothing)."""

    def parse(text: str) -> str:
        try:
            return own(text)
        except ParseError as exc:
            if exc.kind != "area_unknown":
                raise
            try:
                code = others(text)
            except ParseError:
                raise exc from None
            raise ParseError(
                "area_outside",
                _("Wilayah %(value)s di luar kabupaten Anda.") % {"value": others.label(code)},
            ) from None

    return parse


def historical_spec(*, by_user) -> ImportSpec:
    """The declaration of the historical import for ``by_user`` (who enters the events)."""
    own_areas, units, other_areas = _areas(by_user)
    areas = _own_area_parser(own_areas, other_areas)
    home = home_kabupaten_for(by_user)
    categories = {c.code: c for c in category_list(with_inactive=True)}
    category_parser = ChoiceParser(
        {code: c.name for code, c in categories.items()}, kind="category_unknown", noun=_("Kategori")
    )
    severity_parser = ChoiceParser(
        {str(value): str(label) for value, label in Severity.choices},
        {str(label).split(" ", 1)[1]: str(value) for value, label in Severity.choices},
        noun=_("Tingkat keparahan"),
    )
    source_parser = ChoiceParser({c: str(label) for c, label in Source.choices}, noun=_("Sumber"))
    class_parser = ChoiceParser(
        {c: str(label) for c, label in ViolationClass.choices}, noun=_("Klasifikasi pelanggaran")
    )

    def known_not_before(row: RowResult):
        occurred, known = row.values.get("occurred"), row.values.get("known")
        if occurred and known and known.day < occurred.day:
            yield RowProblem(
                kind="date_order",
                column="known",
                message=_("Tanggal diketahui sebelum tanggal kejadian."),
                value=row.texts.get("known", ""),
            )

    def tps_needs_desa(row: RowResult):
        code = row.values.get("area")
        if row.values.get("tps") and (not code or units[code].level != AdminLevel.DESA):
            yield RowProblem(
                kind="tps_without_desa",
                column="tps",
                message=_("Nomor TPS perlu desa/kelurahannya di kolom wilayah."),
                value=row.texts.get("tps", ""),
            )

    def apply(values: dict[str, Any], ctx: HistoricalContext) -> object:
        occurred_at, known_at = moments_to_datetimes(values["occurred"], values.get("known"))
        area = ctx.units[values.get("area") or home]
        station = None
        if values.get("tps"):
            station = pollingstation_by_number(
                desa=area, number=values["tps"], election=election_for_event(moment=occurred_at)
            )
            if station is None:
                raise ValidationError(
                    _("TPS nomor %(number)s tidak ada di %(desa)s untuk pemilihan saat itu.")
                    % {"number": values["tps"], "desa": area.name}
                )
        return incident_create(
            by_user=ctx.by_user,
            historical=True,
            kind=IncidentKind.INCIDENT,
            title=values["title"][:200],
            chronology=values["chronology"],
            category=ctx.categories[values["category"]],
            severity=int(values.get("severity") or Severity.RENDAH),
            occurred_at=occurred_at,
            known_at=known_at,
            area=area,
            polling_station=station,
            location_description=values.get("location", "")[:300],
            source=values.get("source") or Source.BAWASLU,
            violation_class=values.get("violation_class", ""),
            parties_involved=values.get("parties", ""),
            conflict_stage=ConflictStage.PENCEGAHAN,
        )

    return ImportSpec(
        name="incidents.historical",
        columns=[
            Column(
                "title",
                _("Judul"),
                ("judul kejadian", "kejadian", "peristiwa", "uraian singkat"),
                required=True,
            ),
            Column(
                "chronology",
                _("Kronologi"),
                ("uraian", "uraian kejadian", "keterangan kejadian"),
                required=True,
            ),
            Column(
                "category",
                _("Kategori"),
                ("kategori kejadian", "jenis pelanggaran", "jenis"),
                parse=category_parser,
                required=True,
            ),
            Column("severity", _("Tingkat keparahan"), ("keparahan", "tingkat"), parse=severity_parser),
            Column(
                "occurred",
                _("Waktu kejadian"),
                ("tanggal kejadian", "tgl kejadian", "tanggal"),
                parse=parse_moment,
                required=True,
            ),
            Column(
                "known",
                _("Waktu diketahui"),
                ("tanggal diketahui", "tgl diketahui", "tanggal temuan", "tanggal laporan"),
                parse=parse_moment,
            ),
            Column(
                "area",
                _("Wilayah"),
                ("desa", "kecamatan", "desa/kelurahan", "kode wilayah", "lokasi wilayah"),
                parse=areas,
            ),
            Column("tps", _("Nomor TPS"), ("tps", "no tps", "nomor tps"), parse=_tps_number),
            Column("location", _("Keterangan lokasi"), ("lokasi", "tempat", "alamat")),
            Column("source", _("Sumber"), ("sumber informasi",), parse=source_parser),
            Column(
                "violation_class",
                _("Klasifikasi pelanggaran"),
                ("klasifikasi", "jenis pelanggaran bawaslu"),
                parse=class_parser,
            ),
            Column("parties", _("Pihak yang terlibat"), ("pihak", "terlapor")),
        ],
        rules=[known_not_before, tps_needs_desa],
        apply=apply,
        make_context=lambda: HistoricalContext(by_user=by_user, units=units, categories=categories),
        kind_labels={
            "category_unknown": gettext_noop("Kategori tidak dikenal"),
            "date_order": gettext_noop("Tanggal diketahui sebelum kejadian"),
            "tps_without_desa": gettext_noop("TPS tanpa desa"),
            "tps_invalid": gettext_noop("Nomor TPS tidak dikenali"),
            "area_outside": gettext_noop("Wilayah di luar kabupaten Anda"),
        },
    )


def _tps_number(text: str) -> int:
    digits = re.sub(r"^(?:tps)\s*", "", text.strip(), flags=re.I)
    if not digits.isdigit() or not 1 <= int(digits) <= 999:
        raise ParseError("tps_invalid", _("Nomor TPS tidak dikenali: %(value)s.") % {"value": text})
    return int(digits)


@dataclass
class HistoricalImportResult:
    """What one run found and did: rows read, accepted, written; problems grouped; file-level problems."""

    rows: int = 0
    accepted: int = 0
    written: int = 0
    committed: bool = False
    groups: list[ProblemGroup] | None = None
    file_problems: list[str] | None = None
    numbers: list[str] | None = None


def historical_import_run(
    *, content: bytes, by_user, commit: bool, sheet: str | None = None
) -> HistoricalImportResult:
    """Check a file of past events and, with ``commit``, write every row or none of them."""
    result = HistoricalImportResult(file_problems=[], groups=[], numbers=[])
    try:
        table = read_sheet(content, sheet=sheet, max_rows=HISTORICAL_MAX_ROWS + 20)
    except ValidationError as exc:
        result.file_problems = list(exc.messages)
        return result
    spec = historical_spec(by_user=by_user)
    rows = list(table.rows)
    if not rows:
        result.file_problems = [_("Berkas kosong.")]
        return result
    header_index = find_header(rows, spec)
    header = rows[header_index].values
    mapping = auto_map(header, spec)
    missing = missing_required(spec, mapping)
    if missing:
        result.file_problems = [
            _("Kolom wajib tidak ditemukan: %(columns)s.") % {"columns": ", ".join(c.label for c in missing)}
        ]
        return result
    data = [(row.line, row_texts(row, mapping)) for row in rows[header_index + 1 :]]
    data = [(line, texts) for line, texts in data if any(texts.values())]
    if len(data) > HISTORICAL_MAX_ROWS:
        result.file_problems = [
            _("Berkas berisi %(n)s baris; paling banyak %(max)s baris sekali impor.")
            % {"n": len(data), "max": HISTORICAL_MAX_ROWS}
        ]
        return result
    results = check_rows(spec, data)
    result.rows = len(results)
    result.accepted = sum(1 for r in results if r.accepted)
    written_numbers: list[str] = []
    original_apply = spec.apply

    def apply_and_note(values, ctx):
        incident = original_apply(values, ctx)  # type: ignore[misc]
        written_numbers.append(incident.number)
        return incident

    spec.apply = apply_and_note
    result.written = apply_rows(spec, results, commit=commit)
    result.committed = commit and result.written > 0
    result.numbers = written_numbers if result.committed else []
    result.groups = group_problems(spec, [(r.line, r.problems) for r in results if r.problems])
    return result
