"""Import of organisations and of people (with contact points and positions) from CSV or XLSX.

Services of the import: a file is parsed and stored with its rows as text
(``import_job_create``), every row is checked by running the real services
inside a transaction that is rolled back (``import_job_validate``), a
rejected row can be corrected (``import_row_fix``), and the file is saved all
or nothing (``import_job_commit``). The file is read by core.tabular (format by
content, size/row/column limits, streaming XLSX). An import is a core background
job: a file above TABULAR_SYNC_MAX_BYTES is read and checked by the worker, and a
file above IMPORT_SYNC_ROWS rows is checked and saved by the worker, with progress
and recovery from a dead worker; smaller ones run during the request.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.jobs import job_enqueue, job_finish, job_progress, job_reset, job_run
from core.tabular import TableLimits, detect_format, read_table, tabular_sync_max_bytes
from regions.selectors import adminunit_find, adminunit_list

from .choices import ActingKind, ContactKind, ImportKind, ImportPhase, ImportStep, Office, OrgType
from .models import ImportJob, Organisation
from .selectors import access_profile, area_scope_q, organisation_visible_to
from .services import contact_point_add, organisation_create, person_create, position_assign

if TYPE_CHECKING:
    from regions.models import AdminUnit

IMPORT_MAX_ROWS = 10_000
# Up to this many rows an import is checked and saved during the request; above, by the worker.
IMPORT_SYNC_ROWS = 200

COLUMNS: dict[str, tuple[list[str], list[str]]] = {
    # kind: (required columns, optional columns)
    ImportKind.PEOPLE: (
        ["nama"],
        [
            "gelar",
            "jabatan",
            "organisasi",
            "kode_wilayah",
            "mulai",
            "selesai",
            "status",
            "telepon",
            "whatsapp",
            "telegram",
            "email",
            "catatan",
        ],
    ),
    ImportKind.ORGANISATIONS: (["nama", "jenis", "kode_wilayah"], ["singkatan", "induk"]),
}


# --- reading a file ------------------------------------------------------------------


def _header(value) -> str:
    return re.sub(r"[\s\-]+", "_", str(value or "").strip().lower())


def import_file_read(*, content: bytes, kind: str) -> tuple[list[str], list[dict[str, str]], int]:
    """(columns, rows as dicts of text, empty rows skipped); a file-level ValidationError in Bahasa Indonesia."""
    table = read_table(content, max_rows=IMPORT_MAX_ROWS)
    if not table.header:
        if not table.rows:
            raise ValidationError(_("Berkas tidak berisi baris data."), code="no_rows")
        raise ValidationError(_("Baris pertama harus berisi nama kolom."), code="columns")
    columns = [_header(value) for value in table.header]
    while columns and not columns[-1]:
        columns.pop()
    required, optional = COLUMNS[kind]
    missing = [c for c in required if c not in columns]
    unknown = [c for c in columns if c and c not in required + optional]
    problems = []
    if missing:
        problems.append(_("Kolom wajib tidak ada: %(cols)s.") % {"cols": ", ".join(missing)})
    if unknown:
        problems.append(_("Kolom tidak dikenal: %(cols)s.") % {"cols": ", ".join(unknown)})
    if len(set(columns)) != len(columns):
        problems.append(_("Ada nama kolom yang ganda."))
    if problems:
        problems.append(_("Kolom yang diterima: %(cols)s.") % {"cols": ", ".join(required + optional)})
        raise ValidationError(" ".join(problems), code="columns")
    rows = [
        {column: (row.values[i] if i < len(row.values) else "") for i, column in enumerate(columns) if column}
        for row in table.rows
    ]
    rows = [row for row in rows if any(row.values())]
    skipped = table.blank_rows + len(table.rows) - len(rows)
    if not rows:
        raise ValidationError(_("Berkas tidak berisi baris data."), code="no_rows")
    return columns, rows, skipped


# --- applying rows -----------------------------------------------------------------------


def _choice(value: str, choices, field_label: str):
    wanted = value.strip().lower()
    for code, label in choices:
        if wanted in (str(code).lower(), str(label).lower()):
            return code
    raise ValidationError(_("%(field)s tidak dikenal: %(value)s.") % {"field": field_label, "value": value})


def _date(value: str, field_label: str) -> date | None:
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValidationError(
        _("%(field)s bukan tanggal (pakai 31/12/2024 atau 2024-12-31): %(value)s.")
        % {"field": field_label, "value": value}
    )


class _RowContext:
    """Lookups shared by every row of one run: areas and organisations the importer may use."""

    def __init__(self, user):
        self.user = user
        self.areas = {
            unit.code: unit
            for unit in adminunit_list(with_parent=False).filter(area_scope_q(user, field="code"))
        }
        self.kabupaten_wide = access_profile(user).kabupaten_wide
        self.organisations: dict[str, Organisation | None] = {}

    def area(self, code: str) -> AdminUnit:
        if not code:
            raise ValidationError(_("kode_wilayah wajib diisi."))
        unit = self.areas.get(code.strip())
        if unit is None:
            if adminunit_find(code=code.strip()) is not None:
                raise ValidationError(_("Wilayah %(code)s di luar wilayah Anda.") % {"code": code})
            raise ValidationError(_("Kode wilayah tidak dikenal: %(code)s.") % {"code": code})
        return unit

    def organisation(self, name: str) -> Organisation:
        key = name.strip().lower()
        if key not in self.organisations:
            self.organisations[key] = (
                organisation_visible_to(self.user)
                .select_related("area")
                .filter(name__iexact=name.strip())
                .first()
            )
        found = self.organisations[key]
        if found is None:
            raise ValidationError(_("Organisasi tidak ditemukan: %(name)s.") % {"name": name})
        return found


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [message for messages in exc.message_dict.values() for message in messages]
    return list(exc.messages)


def _apply_person_row(row: dict[str, str], ctx: _RowContext, by_user) -> None:
    if not row.get("nama"):
        raise ValidationError(_("nama wajib diisi."))
    errors: list[str] = []
    office = row.get("jabatan", "")
    position_args = None
    if office or row.get("organisasi") or row.get("kode_wilayah"):
        try:
            position_args = {
                "office": _choice(office, Office.choices, "jabatan") if office else None,
                "organisation": ctx.organisation(row.get("organisasi", ""))
                if row.get("organisasi")
                else None,
                "area": ctx.area(row.get("kode_wilayah", "")),
                "start_date": _date(row.get("mulai", ""), "mulai"),
                "end_date": _date(row.get("selesai", ""), "selesai"),
                "acting": _choice(row["status"], ActingKind.choices, "status") if row.get("status") else "",
            }
        except ValidationError as exc:
            errors += _messages(exc)
        else:
            missing = [
                label
                for key, label in (
                    ("office", "jabatan"),
                    ("organisation", "organisasi"),
                    ("start_date", "mulai"),
                )
                if not position_args[key]
            ]
            if missing:
                errors.append(
                    _("Untuk jabatan, kolom ini wajib diisi: %(cols)s.") % {"cols": ", ".join(missing)}
                )
    elif not ctx.kabupaten_wide:
        errors.append(_("jabatan, organisasi, kode_wilayah dan mulai wajib diisi."))
    if errors:
        raise ValidationError(errors)
    person = person_create(
        full_name=row["nama"], honorific=row.get("gelar", ""), notes=row.get("catatan", ""), by_user=by_user
    )
    if position_args:
        position_assign(person=person, **position_args, by_user=by_user)
    for column, kind in (
        ("whatsapp", ContactKind.WHATSAPP),
        ("telepon", ContactKind.PHONE),
        ("telegram", ContactKind.TELEGRAM),
        ("email", ContactKind.EMAIL),
    ):
        if row.get(column):
            try:
                contact_point_add(person=person, kind=kind, value=row[column], by_user=by_user)
            except ValidationError as exc:
                errors += [f"{column}: {message}" for message in _messages(exc)]
    if errors:
        raise ValidationError(errors)


def _apply_organisation_row(row: dict[str, str], ctx: _RowContext, by_user) -> None:
    if not row.get("nama"):
        raise ValidationError(_("nama wajib diisi."))
    org_type = _choice(row.get("jenis", ""), OrgType.choices, "jenis")
    area = ctx.area(row.get("kode_wilayah", ""))
    parent = ctx.organisation(row["induk"]) if row.get("induk") else None
    organisation = organisation_create(
        name=row["nama"],
        short_name=row.get("singkatan", ""),
        org_type=org_type,
        area=area,
        parent=parent,
        by_user=by_user,
    )
    ctx.organisations[organisation.name.lower()] = organisation


APPLY = {ImportKind.PEOPLE: _apply_person_row, ImportKind.ORGANISATIONS: _apply_organisation_row}


def _run(job: ImportJob, *, commit: bool) -> dict[str, list[str]]:
    """Apply every row inside one transaction; roll it back unless saving with no error.

    A save with no error is marked done in the same transaction as its rows, and only by the
    worker that holds the job: a worker that died mid-way leaves nothing behind, and a run taken
    over by the recovery cannot save twice.
    """
    errors: dict[str, list[str]] = {}
    total = len(job.rows)
    job_progress(job, done=0, total=total)
    with transaction.atomic():
        ctx = _RowContext(job.created_by)
        apply = APPLY[job.kind]
        for index, row in enumerate(job.rows):
            try:
                with transaction.atomic():
                    apply(row, ctx, job.created_by)
            except ValidationError as exc:
                errors[str(index)] = _messages(exc)
            job_progress(job, done=index + 1)
        if errors or not commit:
            transaction.set_rollback(True)
        else:
            job_finish(job, errors={}, created_count=total)
    return errors


def _read_stored_file(job: ImportJob) -> None:
    """Read a file that was too large to read during the upload (in the worker)."""
    job_progress(job, message=_("Membaca berkas..."))
    with job.file.open("rb") as fh:
        content = fh.read(TableLimits.from_settings().max_bytes + 1)
    job.columns, job.rows, job.skipped_empty = import_file_read(content=content, kind=job.kind)
    job_progress(job, message="")
    ImportJob.objects.filter(pk=job.pk).update(
        columns=job.columns, rows=job.rows, skipped_empty=job.skipped_empty
    )


def _check(job: ImportJob) -> None:
    if not job.rows:
        _read_stored_file(job)
    errors = _run(job, commit=False)
    job_finish(job, errors=errors)


def _save(job: ImportJob) -> None:
    errors = _run(job, commit=True)
    if errors:  # rolled back: back to the preview with the rows that failed
        job_finish(job, errors=errors, step=ImportStep.CHECK, created_count=0)


def import_job_validate(*, job_id: int) -> str:
    """Check every row with the real services (nothing is kept) and record the errors per row."""
    return job_run(ImportJob, job_id, _check)


def import_job_commit(*, job_id: int) -> str:
    """Save every row in one transaction, or none if any row fails (then the errors are shown)."""
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
def import_job_create(*, kind: str, upload, by_user) -> ImportJob:
    """Store an uploaded file and start checking it; file-level problems of a small file are refused here.

    A large file is stored as it is and read by the worker: its file-level problems fail the job.
    """
    content = upload.read(TableLimits.from_settings().max_bytes + 1)
    job = ImportJob(
        kind=kind, original_name=PurePath(upload.name).name[:255], created_by=by_user, step=ImportStep.CHECK
    )
    if len(content) > tabular_sync_max_bytes():
        detect_format(content)
        if len(content) > TableLimits.from_settings().max_bytes:
            read_table(content)  # refuses with the size message
    else:
        job.columns, job.rows, job.skipped_empty = import_file_read(content=content, kind=kind)
    suffix = ".xlsx" if detect_format(content) == "xlsx" else ".csv"
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    job.full_clean(exclude=["columns", "rows"])  # empty until the worker has read a large file
    job.save()
    return _queue_step(job, ImportStep.CHECK)


def _editable(job: ImportJob) -> ImportJob:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY):
        raise ValidationError(_("Impor ini tidak bisa diubah lagi."))
    return job


@transaction.atomic
def import_row_fix(*, job: ImportJob, index: int, values: dict[str, str], by_user) -> ImportJob:
    """Replace one row with corrected values and check the file again."""
    job = _editable(job)
    if not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak ditemukan."))
    job.rows[index] = {column: (values.get(column) or "").strip() for column in job.columns if column}
    return _queue_step(job, ImportStep.CHECK)


@transaction.atomic
def import_row_drop(*, job: ImportJob, index: int, by_user) -> ImportJob:
    """Leave a row out of the import and check the file again."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase not in (ImportPhase.INVALID, ImportPhase.READY) or not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak bisa dihapus."))
    del job.rows[index]
    if not job.rows:
        raise ValidationError(_("Impor harus berisi setidaknya satu baris."))
    return _queue_step(job, ImportStep.CHECK)


@transaction.atomic
def import_job_start_commit(*, job: ImportJob, by_user) -> ImportJob:
    """Save a checked import: every row or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.phase != ImportPhase.READY:
        raise ValidationError(_("Hanya impor tanpa baris ditolak yang bisa disimpan."))
    return _queue_step(job, ImportStep.SAVE)
