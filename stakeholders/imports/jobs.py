"""A registry import as a core background job: store the file, read and map it, check every row,
let the clerk map columns, fix a row or a value (re-checking only those rows), skip a row, merge or
keep a probable duplicate, then save all or nothing."""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.imports.engine import (
    ImportSpec,
    RowResult,
    apply_rows,
    auto_map,
    check_row,
    find_header,
    missing_required,
    read_sheet,
    unmapped,
)
from core.imports.mappings import mapping_remember, mapping_remembered
from core.imports.parsers import (
    name_key,
    tidy,
)
from core.jobs import job_enqueue, job_finish, job_progress, job_reset, job_run
from core.tabular import TableLimits, detect_format, read_table, tabular_sync_max_bytes

from ..choices import ImportKind, ImportPhase, ImportStep
from ..models import ImportJob
from ..selectors import (
    PersonMatch,
)
from .apply import SAME_AS, UNCHANGED
from .specs import IMPORT_MAX_ROWS, IMPORT_SYNC_ROWS, SPECS, _RowContext, spec_columns

# --- a job's rows through the engine -----------------------------------------------------


def _spec_for(job: ImportJob, ctx: _RowContext) -> ImportSpec:
    return SPECS[job.kind](ctx)


def job_texts(job: ImportJob, index: int) -> dict[str, str]:
    """The texts of one stored row by column key, as the mapping reads them."""
    cells = job.rows[index]
    texts: dict[str, str] = {}
    for position, key in job.mapping.items():
        if key:
            texts[key] = tidy(cells[int(position)]) if int(position) < len(cells) else ""
    return texts


def job_line(job: ImportJob, index: int) -> int:
    """The spreadsheet's own row number of a stored row."""
    return job.lines[index] if index < len(job.lines) else index + 2


def _check_all(job: ImportJob, spec: ImportSpec) -> list[RowResult]:
    results = []
    for index in range(len(job.rows)):
        results.append(check_row(spec, job_line(job, index), job_texts(job, index)))
        job_progress(job, done=index + 1)
    return results


def _file_problems(job: ImportJob, spec: ImportSpec) -> list[str]:
    """What stops the whole file: a required column not mapped, a column of the file not understood
    (its data would be lost without a word unless the clerk says to ignore it)."""
    problems = []
    missing = missing_required(spec, job.mapping)
    if missing:
        problems.append(
            _("Kolom wajib belum dipetakan: %(cols)s. Pilih kolom berkas untuknya di Pemetaan kolom.")
            % {"cols": ", ".join(str(column.label) for column in missing)}
        )
    unknown = unmapped(job.header, job.mapping)
    if unknown:
        problems.append(
            _("Kolom berkas belum dikenali: %(cols)s. Pilih artinya, atau (abaikan), di Pemetaan kolom.")
            % {"cols": ", ".join(f"“{job.header[position]}”" for position in unknown)}
        )
    return problems


def _run(job: ImportJob, *, commit: bool) -> dict[str, list[dict[str, str]]]:
    """Check every row, then apply the accepted ones in one transaction, rolled back unless saving cleanly.

    A save with no problem is marked done in the same transaction as its rows, and only by the
    worker that holds the job: a worker that died mid-way leaves nothing behind, and a run taken
    over by the recovery cannot save twice.
    """
    ctx = _context(job)
    spec = _spec_for(job, ctx)
    total = len(job.rows)
    job_progress(job, done=0, total=total * 2, message=_("Memeriksa nilai..."))
    results = _check_all(job, spec)
    job_progress(job, message=_("Memeriksa dengan aturan registri..."))
    blocked = bool(_file_problems(job, spec))

    def progress(done: int) -> None:
        job_progress(job, done=total + done)

    counts: dict[str, int] = {}
    if not blocked:
        apply_rows(
            spec,
            results,
            commit=commit,
            progress=progress,
            counts=counts,
            on_commit=lambda: job_finish(
                job,
                errors={},
                notes=_notes(results),
                matches=_matches(results),
                counts=counts,
                created_count=total,
                file_problems=[],
            ),
        )
    job_progress(job, message="")
    job.notes = _notes(results)
    job.matches = _matches(results)
    job.counts = counts
    job.file_problems = _file_problems(job, spec)
    return {
        str(index): [problem.as_dict() for problem in result.problems]
        for index, result in enumerate(results)
        if result.problems
    }


def _context(job: ImportJob, *, few_rows: bool = False) -> _RowContext:
    return _RowContext(
        job.created_by, replace_holders=job.replace_holders, decisions=job.decisions, few_rows=few_rows
    )


def _match(result: RowResult) -> dict[str, Any] | None:
    same = result.values.get(SAME_AS)
    if isinstance(same, PersonMatch):
        return {"label": same.display_name, "line": None, "unchanged": bool(result.values.get(UNCHANGED))}
    if isinstance(same, int):
        return {"label": _("orang di baris %(line)s") % {"line": same}, "line": same, "unchanged": False}
    return None


def _matches(results: list[RowResult]) -> dict[str, dict[str, Any]]:
    """Rows that are probably a known person, for the merge-or-keep choice in the preview."""
    found = {}
    for index, result in enumerate(results):
        match = _match(result)
        if match is not None:
            found[str(index)] = match
    return found


def _notes(results: list[RowResult]) -> dict[str, list[str]]:
    return {str(index): result.notes for index, result in enumerate(results) if result.notes}


def _load(job: ImportJob, content: bytes) -> None:
    """Read the chosen sheet, find its header and map it; the rows are kept as the cells' text."""
    table = read_sheet(content, sheet=job.sheet or None, max_rows=IMPORT_MAX_ROWS)
    job.sheet_names = table.sheet_names
    job.sheet = table.sheet
    if not table.rows:
        raise ValidationError(_("Berkas tidak berisi baris data."), code="no_rows")
    spec = SPECS[job.kind](_SpecShape())
    at = find_header(table.rows, spec)
    header = table.rows[at].values
    job.header = header
    job.header_line = table.rows[at].line
    job.mapping = auto_map(header, spec, mapping_remembered(spec=spec.name, header=header))
    data = table.rows[at + 1 :]
    if len(data) > IMPORT_MAX_ROWS:
        raise ValidationError(
            _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
            % {"max": f"{IMPORT_MAX_ROWS:,}".replace(",", ".")},
            code="too_many",
        )
    job.rows = [row.values for row in data]
    job.lines = [row.line for row in data]
    job.columns = [key for key in job.mapping.values() if key]
    job.skipped_empty = table.blank_rows
    job.skipped_title = at
    if not job.rows:
        raise ValidationError(_("Berkas tidak berisi baris data di bawah baris judul kolom."), code="no_rows")


class _SpecShape:
    """Stands in for the lookups when only the columns and their synonyms are needed (no database)."""

    kabupaten_wide = True
    in_scope: set[str] = set()

    def __getattr__(self, name: str):
        return lambda text: text


def _read_stored_file(job: ImportJob) -> None:
    """Read the stored file (in the worker for a large file, or again for another sheet)."""
    job_progress(job, message=_("Membaca berkas..."))
    with job.file.open("rb") as fh:
        content = fh.read(TableLimits.from_settings().max_bytes + 1)
    _load(job, content)
    job_progress(job, message="")
    ImportJob.objects.filter(pk=job.pk).update(
        sheet=job.sheet,
        sheet_names=job.sheet_names,
        header=job.header,
        header_line=job.header_line,
        mapping=job.mapping,
        rows=job.rows,
        lines=job.lines,
        columns=job.columns,
        skipped_empty=job.skipped_empty,
        skipped_title=job.skipped_title,
    )


def _check(job: ImportJob) -> None:
    if not job.rows:
        _read_stored_file(job)
    errors = _run(job, commit=False)
    job_finish(
        job,
        errors=errors,
        notes=job.notes,
        matches=job.matches,
        counts=job.counts,
        file_problems=job.file_problems,
    )


def _save(job: ImportJob) -> None:
    errors = _run(job, commit=True)
    if errors or job.file_problems:  # rolled back: back to the preview with the rows that failed
        job_finish(
            job,
            errors=errors,
            notes=job.notes,
            matches=job.matches,
            counts=job.counts,
            file_problems=job.file_problems,
            step=ImportStep.CHECK,
            created_count=0,
        )


def import_job_validate(*, job_id: int) -> str:
    """Check every row with the real services (nothing is kept) and record every problem per row."""
    return job_run(ImportJob, job_id, _check)


def import_job_commit(*, job_id: int) -> str:
    """Save every row in one transaction, or none if any row fails (then the problems are shown)."""
    return job_run(ImportJob, job_id, _save)


def _queue_step(job: ImportJob, step: str) -> ImportJob:
    """Put the import back in the queue for ``step``; run it now if small, else in the worker."""
    job_reset(job)
    job.step = step
    job.save()
    if job.rows and len(job.rows) <= IMPORT_SYNC_ROWS:
        (import_job_commit if step == ImportStep.SAVE else import_job_validate)(job_id=job.pk)
        job.refresh_from_db()
        return job
    return job_enqueue(job)


@transaction.atomic
def import_job_create(
    *, kind: str, upload, by_user, sheet: str = "", replace_holders: bool = False
) -> ImportJob:
    """Store an uploaded file and start checking it; file-level problems of a small file are refused here.

    A large file is stored as it is and read by the worker: its file-level problems fail the job.
    """
    content = upload.read(TableLimits.from_settings().max_bytes + 1)
    job = ImportJob(
        kind=kind,
        original_name=PurePath(upload.name).name[:255],
        created_by=by_user,
        step=ImportStep.CHECK,
        sheet=sheet,
        replace_holders=replace_holders,
    )
    if len(content) > tabular_sync_max_bytes():
        detect_format(content)
        if len(content) > TableLimits.from_settings().max_bytes:
            read_table(content)  # refuses with the size message
    else:
        _load(job, content)
    suffix = ".xlsx" if detect_format(content) == "xlsx" else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    job.full_clean(exclude=["columns", "rows", "header", "mapping", "lines", "sheet_names"])
    job.save()
    return _queue_step(job, ImportStep.CHECK)


def _editable(job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY):
        raise ValidationError(_("Impor ini tidak bisa diubah lagi."))
    return job


@transaction.atomic
def import_job_choose_sheet(*, job: ImportJob, sheet: str, by_user) -> ImportJob:
    """Read another sheet of the same workbook and check it instead."""
    job = _editable(job)
    if sheet not in job.sheet_names:
        raise ValidationError(_("Lembar kerja %(name)s tidak ada di berkas ini.") % {"name": sheet})
    job.sheet = sheet
    job.rows, job.lines, job.errors, job.notes = [], [], {}, {}
    _read_stored_file(job)
    return _queue_step(job, ImportStep.CHECK)


@transaction.atomic
def import_job_map(*, job: ImportJob, mapping: dict[str, str], by_user) -> ImportJob:
    """Map the file's columns as the clerk chose, remember it for this header shape, and check again."""
    job = _editable(job)
    keys = {key for key, _label, _required in spec_columns(job.kind)}
    chosen: dict[str, str] = {}
    used: set[str] = set()
    for position in range(len(job.header)):
        key = (mapping.get(str(position)) or "").strip()
        if key and key not in keys:
            raise ValidationError(_("Kolom tujuan tidak dikenal: %(key)s.") % {"key": key})
        if key and key in used:
            raise ValidationError(
                _("Satu kolom tujuan dipilih untuk dua kolom berkas: %(key)s.") % {"key": key}
            )
        if key or tidy(job.header[position]):
            chosen[str(position)] = key
            if key:
                used.add(key)
    job.mapping = chosen
    job.columns = [key for key in chosen.values() if key]
    spec_name = SPECS[job.kind](_SpecShape()).name
    mapping_remember(spec=spec_name, header=job.header, mapping=chosen, by_user=by_user)
    return _queue_step(job, ImportStep.CHECK)


def _recheck(job: ImportJob, indices: list[int]) -> None:
    """Check again only these rows (values, row rules, the registry's rules without writing), and
    record their problems, notes and matches; the rest of the file keeps its last check. Saving
    checks the whole file again anyway, so a clash between rows cannot slip through."""
    ctx = _context(job, few_rows=len(indices) <= 50)
    spec = _spec_for(job, ctx)
    if job.kind == ImportKind.PEOPLE:
        # The earlier rows of the same name first, so that "the same as row N" is found again.
        names = {name_key(job_texts(job, index).get("nama", "")) for index in indices}
        first = min(indices)
        for index in range(first):
            texts = job_texts(job, index)
            if name_key(texts.get("nama", "")) in names:
                check_row(spec, job_line(job, index), texts)
    results = [check_row(spec, job_line(job, index), job_texts(job, index)) for index in indices]
    if not _file_problems(job, spec):
        apply_rows(spec, results, commit=False)
    for index, result in zip(indices, results, strict=True):
        key = str(index)
        for store, value in (
            (job.errors, [problem.as_dict() for problem in result.problems]),
            (job.notes, result.notes),
            (job.matches, _match(result)),
        ):
            if value:
                store[key] = value
            else:
                store.pop(key, None)
    job.save(update_fields=["rows", "errors", "notes", "matches", "decisions", "updated_at"])


@transaction.atomic
def import_row_fix(*, job: ImportJob, index: int, values: dict[str, str], by_user) -> ImportJob:
    """Replace the mapped cells of one row with corrected values and check that row again."""
    job = _editable(job)
    if not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak ditemukan."))
    cells = list(job.rows[index]) + [""] * max(0, len(job.header) - len(job.rows[index]))
    for position, key in job.mapping.items():
        if key and key in values:
            cells[int(position)] = (values.get(key) or "").strip()
    job.rows[index] = cells
    _recheck(job, [index])
    return job


@transaction.atomic
def import_value_replace(*, job: ImportJob, column: str, old: str, new: str, by_user) -> ImportJob:
    """One fix for all: every row whose ``column`` reads ``old`` gets ``new``; only those rows are
    checked again."""
    job = _editable(job)
    positions = [int(position) for position, key in job.mapping.items() if key == column]
    if not positions or not tidy(new):
        raise ValidationError(_("Kolom atau nilai pengganti tidak valid."))
    position = positions[0]
    replaced = []
    for index, cells in enumerate(job.rows):
        if position < len(cells) and tidy(cells[position]) == tidy(old):
            cells = list(cells)
            cells[position] = tidy(new)
            job.rows[index] = cells
            replaced.append(index)
    if not replaced:
        raise ValidationError(_("Tidak ada baris dengan nilai itu."))
    _recheck(job, replaced)
    return job


@transaction.atomic
def import_row_drop(*, job: ImportJob, index: int, by_user) -> ImportJob:
    """Leave a row out of the import (skip it); the other rows keep their last check."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY) or not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak bisa dihapus."))
    if len(job.rows) == 1:
        raise ValidationError(_("Impor harus berisi setidaknya satu baris."))
    if not job.lines:
        job.lines = [job_line(job, position) for position in range(len(job.rows))]
    del job.rows[index]
    del job.lines[index]

    def shifted(store: dict) -> dict:
        return {
            str(position - 1 if position > index else position): value
            for position, value in ((int(key), value) for key, value in store.items())
            if position != index
        }

    job.errors, job.notes, job.matches = shifted(job.errors), shifted(job.notes), shifted(job.matches)
    job.save(update_fields=["rows", "lines", "errors", "notes", "matches", "updated_at"])
    return job


@transaction.atomic
def import_row_decide(*, job: ImportJob, index: int, decision: str, by_user) -> ImportJob:
    """The clerk's answer for a row that is probably a known person: "merge" (the row joins that
    person: its contacts and office are added to them when saved, nothing is duplicated) or "new"
    (a new person all the same); that row is checked again."""
    job = _editable(job)
    if decision not in ("merge", "new") or not 0 <= index < len(job.rows):
        raise ValidationError(_("Pilihan tidak dikenal."))
    job.decisions[str(job_line(job, index))] = decision
    _recheck(job, [index])
    return job


@transaction.atomic
def import_job_start_commit(*, job: ImportJob, by_user) -> ImportJob:
    """Save a checked import: every row or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase != ImportPhase.READY:
        raise ValidationError(_("Hanya impor tanpa baris ditolak yang bisa disimpan."))
    return _queue_step(job, ImportStep.SAVE)
