"""What the import preview shows: the problems grouped by kind, the unmapped columns, the
normalised first rows, and the rejected rows as a workbook."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from core.imports.engine import (
    RowProblem,
    check_row,
    group_problems,
    unmapped,
)
from core.imports.parsers import (
    PersonName,
    format_date,
)
from core.tabular import XlsxWriter

from ..choices import ActingKind, Office, OrgType
from ..models import ImportJob
from .jobs import _context, _spec_for, _SpecShape, job_line, job_texts
from .specs import KIND_LABELS, REASONS_HEADER, SPECS, OfficeValue, _RowContext

# --- what the preview shows --------------------------------------------------------------


def import_problem_groups(job: ImportJob):
    """The problems of a checked import grouped by kind with counts (largest first)."""
    spec = SPECS[job.kind](_SpecShape())
    spec.kind_labels = KIND_LABELS
    return group_problems(
        spec,
        (
            (job_line(job, int(index)), [RowProblem.from_dict(problem) for problem in problems])
            for index, problems in sorted(job.errors.items(), key=lambda item: int(item[0]))
            if int(index) < len(job.rows)
        ),
    )


def import_unmapped(job: ImportJob) -> list[int]:
    """Positions of the file's header cells that are neither mapped nor ignored."""
    return unmapped(job.header, job.mapping)


def _shown(value: Any, ctx: _RowContext, key: str) -> str:
    if isinstance(value, PersonName):
        return value.display()
    if isinstance(value, OfficeValue):
        acting = dict(ActingKind.choices).get(value.acting, "") if value.acting else ""
        office = str(dict(Office.choices)[value.office])
        return f"{acting.split(' ')[0]} {office}".strip() if acting else office
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, list):
        return ", ".join(
            f"{phone.e164}" + ("" if phone.is_mobile else " " + _("(telepon kantor/rumah, tanpa SMS/WA)"))
            for phone in value
        )
    if key in ("kode_wilayah",):
        return ctx.area_label(value)
    if key in ("organisasi", "induk"):
        return ctx.org_objects[value].name if value in ctx.org_objects else str(value)
    if key == "status":
        return str(dict(ActingKind.choices).get(value, value))
    if key == "jenis":
        return str(dict(OrgType.choices).get(value, value))
    return str(value)


def import_normalised_preview(job: ImportJob, *, limit: int = 20) -> tuple[list[tuple[str, str]], list[dict]]:
    """What will be saved for the first rows: (key, label) of the columns and, per row, the shown values."""
    ctx = _context(job, few_rows=True)
    spec = _spec_for(job, ctx)
    columns = [(column.key, column.label) for column in spec.columns if column.key in job.columns]
    rows = []
    for index in range(min(limit, len(job.rows))):
        result = check_row(spec, job_line(job, index), job_texts(job, index))
        rows.append(
            {
                "line": result.line,
                "values": [
                    _shown(result.values[key], ctx, key) if key in result.values else ""
                    for key, _label in columns
                ],
                "notes": result.notes,
                "accepted": str(index) not in job.errors,
            }
        )
    return columns, rows


def import_rejected_xlsx(job: ImportJob) -> bytes:
    """The rejected rows as the clerk's own columns plus a column of reasons, to fix in Excel and upload again."""
    writer = XlsxWriter()
    header = [*job.header, REASONS_HEADER]
    sheet = writer.sheet(
        _("Baris ditolak"),
        header=header,
        widths=[*(max(12, min(40, len(str(column)) + 4)) for column in job.header), 60],
        freeze_header=True,
        auto_filter=True,
    )
    for index, problems in sorted(job.errors.items(), key=lambda item: int(item[0])):
        position = int(index)
        if position >= len(job.rows):
            continue
        cells = list(job.rows[position]) + [""] * max(0, len(job.header) - len(job.rows[position]))
        reasons = "; ".join(
            problem["message"]
            + (
                " " + _("Mungkin maksudnya: %(s)s.") % {"s": problem["suggestion"]}
                if problem.get("suggestion")
                else ""
            )
            for problem in problems
        )
        sheet.append([*cells[: len(job.header)], f"{_('Baris')} {job_line(job, position)}: {reasons}"])
    return writer.to_bytes()
