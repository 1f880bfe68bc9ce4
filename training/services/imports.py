"""The participant import: an XLSX/CSV checked row by row, then registered all or none (small files
during the request, large ones by the worker)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from core.jobs import job_enqueue, job_finish, job_progress, job_reset, job_run
from core.tabular import TableLimits, detect_format, read_table, tabular_sync_max_bytes
from stakeholders.selectors import organisation_list, person_list
from stakeholders.services import person_create

from ..choices import ACTIVE_STATUSES, ImportPhase, ImportStep, RegistrationRole, RegistrationStatus
from ..models import Batch, Programme, Registration, RegistrationImport
from .registrations import _registration_save, registration_create

IMPORT_COLUMNS = ("nama", "gelar", "organisasi", "peran", "angkatan")
REQUIRED_COLUMNS = ("nama", "organisasi")


@dataclass
class ImportRow:
    line: int
    full_name: str
    honorific: str
    organisation_name: str
    role: str
    organisation_id: int | None = None
    person_id: int | None = None
    batch_id: int | None = None
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    errors: list[str]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    def as_data(self) -> list[dict]:
        return [
            {
                "full_name": r.full_name,
                "honorific": r.honorific,
                "organisation_id": r.organisation_id,
                "person_id": r.person_id,
                "role": r.role,
                "batch_id": r.batch_id,
            }
            for r in self.rows
        ]


def import_max_rows() -> int:
    """The most data rows a participant import may have (TRAINING_IMPORT_MAX_ROWS)."""
    return int(getattr(settings, "TRAINING_IMPORT_MAX_ROWS", 2000))


def registrations_import_parse(
    *, programme: Programme, content: bytes, progress: Callable[[int, int], None] | None = None
) -> ImportPreview:
    """Read an XLSX/CSV of participants (core.tabular, at most ``import_max_rows()``) and check every
    row; writes nothing. ``progress(done, total)`` is told as rows are checked."""
    table = read_table(content, max_rows=import_max_rows())
    if not table.header:
        return ImportPreview(rows=[], errors=[_("Berkas kosong.")])
    header = [h.strip().lower() for h in table.header]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return ImportPreview(
            rows=[],
            errors=[
                _("Kolom wajib tidak ada: %(missing)s. Baris pertama harus berisi kolom: %(cols)s.")
                % {"missing": ", ".join(missing), "cols": ", ".join(IMPORT_COLUMNS)}
            ],
        )
    index = {name: header.index(name) for name in IMPORT_COLUMNS if name in header}

    def cell(row: list[str], column: str) -> str:
        i = index.get(column)
        return row[i].strip() if i is not None and i < len(row) and row[i] else ""

    organisations = {o.name.lower(): o for o in organisation_list(active=True)}
    roles = {v: v for v in RegistrationRole.values} | {
        str(lbl).lower(): v for v, lbl in RegistrationRole.choices
    }
    registered = set(
        Registration.objects.filter(programme=programme).values_list("person__full_name", flat=True)
    )
    registered = {n.lower() for n in registered}
    batches = {str(b.number): b.id for b in programme.batches.all()}
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for done, table_row in enumerate(table.rows, start=1):
        if progress is not None:
            progress(done, len(table.rows))
        line, raw = table_row.line, table_row.values
        row = ImportRow(
            line=line,
            full_name=cell(raw, "nama"),
            honorific=cell(raw, "gelar"),
            organisation_name=cell(raw, "organisasi"),
            role=roles.get(cell(raw, "peran").lower() or RegistrationRole.PESERTA, ""),
        )
        if not row.full_name:
            row.errors.append(_("Nama kosong."))
        batch = cell(raw, "angkatan").removesuffix(".0")
        if batch:
            row.batch_id = batches.get(batch)
            if row.batch_id is None:
                row.errors.append(_("Angkatan %(value)s belum dibuat untuk Bimtek ini.") % {"value": batch})
        if not row.role:
            row.errors.append(
                _("Peran tidak dikenal: %(value)s (pilih peserta, fasilitator, narasumber atau panitia).")
                % {"value": cell(raw, "peran")}
            )
        organisation = organisations.get(row.organisation_name.lower())
        if organisation is None:
            row.errors.append(
                _('Organisasi "%(name)s" tidak ada di registri.') % {"name": row.organisation_name}
            )
        else:
            row.organisation_id = organisation.id
            if (
                row.role == RegistrationRole.PESERTA
                and programme.target_org_types
                and organisation.org_type not in programme.target_org_types
            ):
                row.errors.append(
                    _("Jenis organisasi %(org)s bukan sasaran Bimtek ini.") % {"org": organisation}
                )
        key = row.full_name.lower()
        if key and key in seen:
            row.errors.append(_("Nama ganda: sama dengan baris %(line)s.") % {"line": seen[key]})
        elif key:
            seen[key] = line
        if key in registered:
            row.errors.append(_("%(name)s sudah terdaftar di Bimtek ini.") % {"name": row.full_name})
        if key:
            matches = list(person_list(full_name=row.full_name).values_list("id", flat=True)[:2])
            row.person_id = matches[0] if len(matches) == 1 else None
        rows.append(row)
    errors = []
    new_peserta = [r for r in rows if r.role == RegistrationRole.PESERTA]
    active = Registration.objects.filter(
        programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
    )
    if active.count() + len(new_peserta) > programme.quota:
        errors.append(
            _("Melebihi kuota: %(new)s peserta baru + %(active)s terdaftar > kuota %(quota)s.")
            % {"new": len(new_peserta), "active": active.count(), "quota": programme.quota}
        )
    org_types: dict[int | None, str] = {o.id: o.org_type for o in organisations.values()}
    for cap in programme.org_type_quotas.all():
        new = sum(1 for r in new_peserta if org_types.get(r.organisation_id) == cap.org_type)
        current = active.filter(organisation__org_type=cap.org_type).count()
        if new and current + new > cap.quota:
            errors.append(
                _("Melebihi kuota %(type)s: %(new)s baru + %(active)s terdaftar > kuota %(quota)s.")
                % {"type": cap.get_org_type_display(), "new": new, "active": current, "quota": cap.quota}
            )
    return ImportPreview(rows=rows, errors=errors)


@transaction.atomic
def registrations_import_commit(
    *, programme: Programme, rows: list[dict], by_user=None
) -> list[Registration]:
    """Register every row or none: any refusal rolls the whole import back."""
    organisations = organisation_list(
        ids=[r["organisation_id"] for r in rows if r["organisation_id"]]
    ).in_bulk()
    batches: dict[int | None, Batch] = {b.id: b for b in programme.batches.all()}
    created = []
    for number, row in enumerate(rows, start=2):
        organisation = organisations.get(row["organisation_id"])
        try:
            register: Callable[..., Registration]
            if row.get("person_id"):
                person = person_list(ids=[row["person_id"]]).get()
                register = registration_create
            else:
                person = person_create(
                    full_name=row["full_name"], honorific=row["honorific"], by_user=by_user
                )
                register = _registration_save
            created.append(
                register(
                    programme=programme,
                    person=person,
                    role=row["role"],
                    status=RegistrationStatus.REGISTERED,
                    organisation=organisation,
                    batch=batches.get(row.get("batch_id")),
                    by_user=by_user,
                )
            )
        except (ValidationError, ObjectDoesNotExist) as exc:
            message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            raise ValidationError(
                _("Baris %(line)s: %(message)s Tidak ada yang disimpan.")
                % {"line": row.get("line", number), "message": message}
            ) from exc
    return created


# Up to this many rows an import is checked and saved during the request; above, by the worker.
IMPORT_SYNC_ROWS = 200


def _row_data(row: ImportRow) -> dict:
    return {
        "line": row.line,
        "full_name": row.full_name,
        "honorific": row.honorific,
        "organisation_name": row.organisation_name,
        "role": row.role,
        "organisation_id": row.organisation_id,
        "person_id": row.person_id,
        "batch_id": row.batch_id,
        "errors": row.errors,
    }


def _registration_import_check(job: RegistrationImport) -> None:
    with job.file.open("rb") as fh:
        content = fh.read(TableLimits.from_settings().max_bytes + 1)
    programme = Programme.objects.get(pk=job.programme_id)
    preview = registrations_import_parse(
        programme=programme,
        content=content,
        progress=lambda done, total: job_progress(job, done=done, total=total),
    )
    job_finish(job, rows=[_row_data(row) for row in preview.rows], errors=preview.errors)


def _registration_import_save(job: RegistrationImport) -> None:
    programme = Programme.objects.get(pk=job.programme_id)
    job_progress(job, done=0, total=len(job.rows))
    try:
        with transaction.atomic():
            created = registrations_import_commit(programme=programme, rows=job.rows, by_user=job.created_by)
            # Marked done with its registrations, by the worker holding the job: never saved twice.
            job_finish(job, created_count=len(created))
    except ValidationError as exc:  # rolled back: back to the preview with the reason
        job_finish(job, step=ImportStep.CHECK, errors=list(exc.messages), created_count=0)


def registration_import_check(*, job_id: int) -> str:
    """Read and check a participant import (safe to run twice: only a queued import runs)."""
    return job_run(RegistrationImport, job_id, _registration_import_check)


def registration_import_save(*, job_id: int) -> str:
    """Register every row of a checked import, or none (safe to run twice: only a queued import runs)."""
    return job_run(RegistrationImport, job_id, _registration_import_save)


def _registration_import_queue(job: RegistrationImport, step: str, *, run_now: bool) -> RegistrationImport:
    job_reset(job)
    job.step = step
    job.save()
    if run_now:
        (registration_import_save if step == ImportStep.SAVE else registration_import_check)(job_id=job.pk)
        job.refresh_from_db()
        return job
    return job_enqueue(job)


@transaction.atomic
def registration_import_create(*, programme: Programme, upload, by_user) -> RegistrationImport:
    """Store an uploaded participant file and check it: a small file now (its file-level problems are
    refused here, nothing stored), a large one by the worker (its problems fail the import)."""
    content = upload.read(TableLimits.from_settings().max_bytes + 1)
    small = len(content) <= tabular_sync_max_bytes()
    if small:
        table = read_table(content, max_rows=import_max_rows())
        run_now = len(table.rows) <= IMPORT_SYNC_ROWS
    else:
        detect_format(content)
        if len(content) > TableLimits.from_settings().max_bytes:
            read_table(content)  # refuses with the size message
        run_now = False
    job = RegistrationImport(
        programme=programme, original_name=PurePath(upload.name).name[:255], created_by=by_user
    )
    suffix = ".xlsx" if detect_format(content) == "xlsx" else ".csv"
    job.file.save(f"{secrets.token_hex(16)}{suffix}", ContentFile(content), save=False)
    job.full_clean()
    job.save()
    return _registration_import_queue(job, ImportStep.CHECK, run_now=run_now)


@transaction.atomic
def registration_import_start_save(*, job: RegistrationImport, by_user) -> RegistrationImport:
    """Register every row of a checked import with no problem left: all or none."""
    job = RegistrationImport.objects.select_for_update().get(pk=job.pk)
    if job.phase != ImportPhase.READY:
        raise ValidationError(_("Hanya impor tanpa masalah yang bisa disimpan."))
    return _registration_import_queue(job, ImportStep.SAVE, run_now=len(job.rows) <= IMPORT_SYNC_ROWS)
