"""The TPS import: a KPU-style sheet of polling stations (desa, number, address, DPT, coordinates) for one
election, declared for the shared engine (``core.imports``) and used by ``manage.py import_tps`` and the
import page alike.

Each row is written by ``services.pollingstation_upsert``, so a second run of the same file changes
nothing and says so in its counts. Rows are checked first, every problem of every row at once (desa
unknown, a number twice in the file, DPT men + women differing from the total); nothing is saved
while any row is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.imports.engine import (
    Column,
    ImportSpec,
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
from core.imports.parsers import Area, AreaIndex, ParseError

from .choices import AdminLevel
from .models import AdminUnit, PollingStation
from .services import TPS_FIELDS, pollingstation_upsert
from .tps import parse_tps_number

if TYPE_CHECKING:
    from .models import Election

TPS_KIND_LABELS = {
    "tps_invalid": gettext_noop("Nomor TPS tidak dikenali"),
    "tps_duplicate": gettext_noop("Nomor TPS ganda dalam berkas"),
    "number_invalid": gettext_noop("Angka tidak dikenali"),
    "dpt_mismatch": gettext_noop("DPT laki-laki + perempuan tidak sama dengan jumlah"),
    "not_desa": gettext_noop("Bukan desa/kelurahan"),
    "coordinate_invalid": gettext_noop("Koordinat tidak dikenali"),
}


def parse_count(text: str) -> int:
    """A count of voters as a sheet writes it: "1.234", "1,234", "412", "412.0"."""
    raw = text.strip().replace(" ", "")
    if re.fullmatch(r"\d+\.0+", raw):
        raw = raw.split(".")[0]
    raw = raw.replace(".", "").replace(",", "")
    if not raw.isdigit():
        raise ParseError("number_invalid", _("Bukan jumlah pemilih: %(value)s.") % {"value": text})
    return int(raw)


def _coordinate(text: str, low: float, high: float) -> float:
    raw = text.strip().replace(",", ".")
    try:
        value = float(raw)
    except ValueError as exc:
        raise ParseError("coordinate_invalid", _("Bukan koordinat: %(value)s.") % {"value": text}) from exc
    if not low <= value <= high:
        raise ParseError(
            "coordinate_invalid",
            _("Koordinat %(value)s di luar batas %(low)s sampai %(high)s.")
            % {"value": text, "low": low, "high": high},
        )
    return value


def parse_lat(text: str) -> float:
    return _coordinate(text, -90, 90)


def parse_lng(text: str) -> float:
    return _coordinate(text, -180, 180)


def parse_tps(text: str) -> int:
    try:
        number = parse_tps_number(text)
    except ValueError as exc:
        raise ParseError("tps_invalid", str(exc)) from exc
    if number is None:
        raise ParseError("required", _("Nomor TPS wajib diisi."))
    return number


def area_index() -> tuple[AreaIndex, dict[str, AdminUnit]]:
    """The index of every kecamatan and desa by code and name, and the areas by code."""
    units = list(
        AdminUnit.objects.filter(level__in=[AdminLevel.KECAMATAN, AdminLevel.DESA])
        .only("id", "code", "name", "level", "village_type", "parent_id")
        .select_related(None)
    )
    by_id = {unit.pk: unit for unit in units}
    index = AreaIndex(
        [
            Area(
                code=unit.code,
                name=unit.name,
                level="kelurahan" if unit.village_type == "kelurahan" else unit.level,
                parent_code=by_id[unit.parent_id].code if unit.parent_id in by_id else "",
            )
            for unit in units
        ]
    )
    return index, {unit.code: unit for unit in units}


@dataclass
class TpsImportCounts:
    """What a run did: TPS created, updated, unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def tps_spec(*, election: Election, by_user=None, counts: TpsImportCounts | None = None) -> ImportSpec:
    """The declaration of the TPS import for one election; ``counts`` collects what ``apply`` did."""
    areas, units = area_index()
    counts = counts if counts is not None else TpsImportCounts()
    seen: dict[tuple[str, int], int] = {}

    def desa_code(row: RowResult) -> str | None:
        """The desa of the row: its desa cell, read inside the kecamatan cell when there is one."""
        code = row.values.get("desa")
        kecamatan = row.values.get("kecamatan")
        if code is None or not kecamatan or code.startswith(kecamatan + "."):
            return code
        # "Sangatta Utara" is both a kecamatan and a desa: read the desa inside the kecamatan.
        try:
            return areas(f"{row.texts['desa']} / {row.texts['kecamatan']}")
        except ParseError:
            return code

    def place_is_desa(row: RowResult):
        if "desa" not in row.values:
            return
        code = desa_code(row)
        if (
            code is not None
            and row.values.get("kecamatan")
            and not code.startswith(row.values["kecamatan"] + ".")
        ):
            yield RowProblem(
                kind="area_mismatch",
                column="desa",
                value=row.texts.get("desa", ""),
                message=_("Desa %(desa)s tidak berada di kecamatan %(kecamatan)s.")
                % {"desa": row.texts.get("desa", ""), "kecamatan": row.texts.get("kecamatan", "")},
            )
            return
        unit = units.get(code or "")
        if unit is None or unit.level != AdminLevel.DESA:
            yield RowProblem(
                kind="not_desa",
                column="desa",
                value=row.texts.get("desa", ""),
                message=_("%(value)s bukan desa/kelurahan; TPS berada di desa/kelurahan.")
                % {"value": row.texts.get("desa", "")},
            )
            return
        row.values["desa"] = code

    def number_once(row: RowResult):
        code, number = row.values.get("desa"), row.values.get("number")
        if code is None or number is None or code not in units or units[code].level != AdminLevel.DESA:
            return
        first = seen.setdefault((code, number), row.line)
        if first != row.line:
            yield RowProblem(
                kind="tps_duplicate",
                column="number",
                value=row.texts.get("number", ""),
                message=_("TPS %(number)03d %(desa)s sudah ada di baris %(line)s.")
                % {"number": number, "desa": units[code], "line": first},
            )

    def dpt_adds_up(row: RowResult):
        men, women, total = (row.values.get(k) for k in ("voters_men", "voters_women", "voters"))
        if None not in (men, women, total) and men + women != total:
            yield RowProblem(
                kind="dpt_mismatch",
                column="voters",
                value=row.texts.get("voters", ""),
                message=_("DPT laki-laki (%(men)s) + perempuan (%(women)s) = %(sum)s, bukan %(total)s.")
                % {"men": men, "women": women, "sum": men + women, "total": total},
            )

    def make_context() -> dict[tuple[int, int], tuple]:
        # The election's TPS as they stand, so an unchanged row costs no query (a second run of a file).
        return {
            (desa_id, number): rest
            for desa_id, number, *rest in PollingStation.objects.filter(election=election).values_list(
                "desa_id", "number", *TPS_FIELDS
            )
        }

    def apply(values: dict[str, Any], context: Any) -> None:
        men, women, total = (values.get(k) for k in ("voters_men", "voters_women", "voters"))
        if total is None and men is not None and women is not None:
            total = men + women
        wanted = (values.get("address", "").strip(), men, women, total, values.get("lat"), values.get("lng"))
        if context.get((units[values["desa"]].pk, values["number"])) == list(wanted):
            counts.unchanged += 1
            return
        _station, outcome = pollingstation_upsert(
            election=election,
            desa=units[values["desa"]],
            number=values["number"],
            address=values.get("address", ""),
            voters_men=values.get("voters_men"),
            voters_women=values.get("voters_women"),
            voters=values.get("voters"),
            lat=values.get("lat"),
            lng=values.get("lng"),
            by_user=by_user,
        )
        setattr(counts, outcome, getattr(counts, outcome) + 1)

    return ImportSpec(
        name="regions.tps",
        columns=[
            Column("kecamatan", _("Kecamatan"), ("kec", "kec.", "nama kecamatan", "kode kecamatan"), parse=areas),
            Column(
                "desa",
                _("Desa/Kelurahan"),
                ("desa", "kelurahan", "desa/kel", "kel/desa", "nama desa", "kode desa", "kode wilayah", "kode"),
                parse=areas,
                required=True,
            ),
            Column("number", _("Nomor TPS"), ("tps", "no tps", "nomor tps", "no. tps"), parse=parse_tps, required=True),
            Column("address", _("Alamat/lokasi"), ("alamat", "lokasi", "alamat tps", "lokasi tps")),
            Column("voters_men", _("DPT laki-laki"), ("l", "laki-laki", "laki laki", "dpt l", "pemilih laki-laki"), parse=parse_count),
            Column("voters_women", _("DPT perempuan"), ("p", "perempuan", "dpt p", "pemilih perempuan"), parse=parse_count),
            Column("voters", _("DPT jumlah"), ("dpt", "jumlah", "total", "jumlah dpt", "l+p", "dpt total"), parse=parse_count),
            Column("lat", _("Lintang"), ("latitude", "lat", "lintang"), parse=parse_lat),
            Column("lng", _("Bujur"), ("longitude", "lng", "lon", "long", "bujur"), parse=parse_lng),
        ],
        rules=[place_is_desa, number_once, dpt_adds_up],
        apply=apply,
        make_context=make_context,
        kind_labels=TPS_KIND_LABELS,
    )  # fmt: skip


@dataclass
class TpsImportResult:
    """One run of the TPS import: rows read, accepted, what was written, problems grouped by kind."""

    rows: int = 0
    accepted: int = 0
    saved: bool = False
    counts: TpsImportCounts = field(default_factory=TpsImportCounts)
    problems: list = field(default_factory=list)  # ProblemGroup
    missing_columns: list[str] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    row_problems: list[tuple[int, list[RowProblem]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.missing_columns and self.rows > 0


def tps_import_run(
    *, content: bytes, election: Election, by_user=None, commit: bool, sheet: str | None = None
) -> TpsImportResult:
    """Check every row of the file and, with ``commit`` and no refused row, save them all (else none).

    Without ``commit`` the rows still go through the service inside a transaction rolled back, so the
    counts say what saving would do ("701 baru" on the first run, "701 tetap" on the second).
    """
    counts = TpsImportCounts()
    spec = tps_spec(election=election, by_user=by_user, counts=counts)
    table = read_sheet(content, sheet=sheet)
    rows = list(table.rows)
    result = TpsImportResult(counts=counts)
    if not rows:
        result.missing_columns = [str(column.label) for column in spec.columns if column.required]
        return result
    header_index = find_header(rows, spec)
    header = rows[header_index].values
    mapping = auto_map(header, spec)
    result.missing_columns = [str(column.label) for column in missing_required(spec, mapping)]
    result.unknown_columns = [text for pos, text in enumerate(header) if text and str(pos) not in mapping]
    if result.missing_columns:
        return result
    body = [(row.line, row_texts(row, mapping)) for row in rows[header_index + 1 :]]
    body = [(line, texts) for line, texts in body if any(texts.values())]
    results = check_rows(spec, body)
    result.rows = len(results)
    result.accepted = sum(1 for r in results if r.accepted)
    if result.accepted == result.rows and result.rows:
        apply_rows(spec, results, commit=commit)
        result.saved = commit and all(r.accepted for r in results)
    result.row_problems = [(r.line, r.problems) for r in results if r.problems]
    result.problems = group_problems(spec, result.row_problems)
    if not result.saved and commit:
        # A refusal while saving rolled everything back: nothing was written.
        result.counts = TpsImportCounts()
    return result


def tps_problem_summary(result: TpsImportResult) -> list[str]:
    """One line per group of problems: "3 baris: Nomor TPS ganda dalam berkas (Nomor TPS): baris 12, 40, 41"."""
    lines = []
    for group in result.problems:
        shown = ", ".join(str(n) for n in group.lines[:10]) + (" ..." if len(group.lines) > 10 else "")
        lines.append(
            _("%(count)s baris: %(label)s; baris %(lines)s")
            % {"count": group.count, "label": group.label, "lines": shown}
        )
    return lines


def tps_row_messages(result: TpsImportResult, limit: int = 50) -> list[str]:
    """The first problems row by row: "Baris 12: TPS 088 Desa Sangatta Utara sudah ada di baris 4."."""
    messages = []
    for line, problems in result.row_problems:
        for problem in problems:
            messages.append(_("Baris %(line)s: %(message)s") % {"line": line, "message": problem.message})
            if len(messages) >= limit:
                return messages
    return messages
