"""Import of organisations and of people (with contact points and positions) from CSV or XLSX.

Services of the import: a file is parsed and stored with its rows as text
(``import_job_create``), every row is checked by running the real services
inside a transaction that is rolled back (``import_job_validate``), a
rejected row can be corrected (``import_row_fix``), and the file is saved all
or nothing (``import_job_commit``). Files above IMPORT_SYNC_ROWS rows are
checked and saved by a Celery task that reports its progress in the cache.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core.tasks import enqueue_on_commit
from regions.selectors import adminunit_find, adminunit_list

from .choices import ActingKind, ContactKind, ImportKind, ImportStatus, Office, OrgType
from .models import ImportJob, Organisation
from .selectors import access_profile, area_scope_q, organisation_visible_to
from .services import contact_point_add, organisation_create, person_create, position_assign

if TYPE_CHECKING:
    from regions.models import AdminUnit

IMPORT_MAX_ROWS = 10_000
# Up to this many rows an import is checked and saved during the request; above, by the worker.
IMPORT_SYNC_ROWS = 200
PROGRESS_EVERY = 25

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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_csv(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ValidationError(
            _(
                "Berkas CSV tidak berenkode UTF-8 (karakter tak terbaca di baris %(line)s). "
                'Simpan ulang dari Excel sebagai "CSV UTF-8 (Comma delimited)".'
            )
            % {"line": line},
            code="encoding",
        ) from exc
    if "\x00" in text:
        raise ValidationError(_("Berkas ini bukan CSV teks biasa."), code="type")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("Berkas XLSX rusak atau tidak bisa dibaca."), code="unreadable") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_cell(value) for value in row])
            if len(rows) > IMPORT_MAX_ROWS + 50_000:
                break
        return rows
    finally:
        workbook.close()


def import_file_read(*, name: str, content: bytes, kind: str) -> tuple[list[str], list[dict[str, str]], int]:
    """(columns, rows as dicts of text, empty rows skipped); a file-level ValidationError in Bahasa Indonesia."""
    if not content:
        raise ValidationError(_("Berkas kosong."), code="empty")
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("Berkas terlalu besar (maksimum %(mb)s MB).")
            % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
            code="size",
        )
    guessed = filetype.guess(content)
    suffix = PurePath(name).suffix.lower()
    if guessed is not None and guessed.extension in ("xlsx", "zip"):
        raw = _read_xlsx(content)
    elif guessed is None and suffix in (".csv", ".txt"):
        raw = _read_csv(content)
    else:
        raise ValidationError(_("Jenis berkas tidak didukung: unggah CSV atau XLSX."), code="type")
    if not raw or not any(raw[0]):
        raise ValidationError(_("Baris pertama harus berisi nama kolom."), code="columns")
    columns = [_header(value) for value in raw[0]]
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
    rows, skipped = [], 0
    for values in raw[1:]:
        if not any(values):
            skipped += 1
            continue
        rows.append(
            {column: (values[i] if i < len(values) else "") for i, column in enumerate(columns) if column}
        )
        if len(rows) > IMPORT_MAX_ROWS:
            raise ValidationError(
                _("Berkas berisi lebih dari %(max)s baris data. Bagi menjadi beberapa berkas.")
                % {"max": f"{IMPORT_MAX_ROWS:,}".replace(",", ".")},
                code="too_many",
            )
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


def import_progress_key(job_id: int) -> str:
    """The cache key holding (rows done, rows in all) of an import being checked or saved."""
    return f"stakeholders:import:{job_id}:progress"


def import_progress(job_id: int) -> tuple[int, int]:
    """(rows done, rows in all) of the running check or save, from the cache."""
    return tuple(cache.get(import_progress_key(job_id)) or (0, 0))


def _run(job: ImportJob, *, commit: bool) -> tuple[dict[str, list[str]], int]:
    """Apply every row inside one transaction; roll it back unless committing with no error."""
    errors: dict[str, list[str]] = {}
    total = len(job.rows)
    with transaction.atomic():
        ctx = _RowContext(job.created_by)
        apply = APPLY[job.kind]
        for index, row in enumerate(job.rows):
            try:
                with transaction.atomic():
                    apply(row, ctx, job.created_by)
            except ValidationError as exc:
                errors[str(index)] = _messages(exc)
            if index % PROGRESS_EVERY == 0 or index == total - 1:
                cache.set(import_progress_key(job.pk), (index + 1, total), timeout=3600)
        if errors or not commit:
            transaction.set_rollback(True)
    return errors, total


def import_job_validate(*, job_id: int) -> ImportJob:
    """Check every row with the real services (nothing is kept) and record the errors per row."""
    job = ImportJob.objects.get(pk=job_id)
    errors, _total = _run(job, commit=False)
    job.errors = errors
    job.status = ImportStatus.INVALID if errors else ImportStatus.READY
    job.save(update_fields=["errors", "status", "updated_at"])
    return job


def import_job_commit(*, job_id: int) -> ImportJob:
    """Save every row in one transaction, or none if any row fails (then the errors are shown)."""
    job = ImportJob.objects.get(pk=job_id)
    errors, total = _run(job, commit=True)
    job.errors = errors
    if errors:
        job.status = ImportStatus.INVALID
        job.created_count = 0
    else:
        job.status = ImportStatus.DONE
        job.created_count = total
        job.finished_at = timezone.now()
    job.save(update_fields=["errors", "status", "created_count", "finished_at", "updated_at"])
    return job


def _dispatch(job: ImportJob, *, commit: bool) -> ImportJob:
    """Run now for a small file; hand a large one to the worker after this transaction commits."""
    if len(job.rows) <= IMPORT_SYNC_ROWS:
        return import_job_commit(job_id=job.pk) if commit else import_job_validate(job_id=job.pk)
    from .tasks import import_job_commit_task, import_job_validate_task

    cache.set(import_progress_key(job.pk), (0, len(job.rows)), timeout=3600)
    task = import_job_commit_task if commit else import_job_validate_task
    enqueue_on_commit(task, job.pk)
    return job


@transaction.atomic
def import_job_create(*, kind: str, upload, by_user) -> ImportJob:
    """Store an uploaded file, read its rows and start checking them; file-level problems are refused."""
    content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    columns, rows, skipped = import_file_read(name=upload.name, content=content, kind=kind)
    suffix = ".xlsx" if filetype.guess(content) else ".csv"
    job = ImportJob(
        kind=kind,
        original_name=PurePath(upload.name).name[:255],
        columns=columns,
        rows=rows,
        skipped_empty=skipped,
        created_by=by_user,
        status=ImportStatus.VALIDATING,
    )
    job.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(content), save=False)
    job.save()
    return _dispatch(job, commit=False)


@transaction.atomic
def import_row_fix(*, job: ImportJob, index: int, values: dict[str, str], by_user) -> ImportJob:
    """Replace one row with corrected values and check the file again."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportStatus.INVALID, ImportStatus.READY):
        raise ValidationError(_("Impor ini tidak bisa diubah lagi."))
    if not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak ditemukan."))
    job.rows[index] = {column: (values.get(column) or "").strip() for column in job.columns if column}
    job.status = ImportStatus.VALIDATING
    job.save(update_fields=["rows", "status", "updated_at"])
    return _dispatch(job, commit=False)


@transaction.atomic
def import_row_drop(*, job: ImportJob, index: int, by_user) -> ImportJob:
    """Leave a row out of the import and check the file again."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status not in (ImportStatus.INVALID, ImportStatus.READY) or not 0 <= index < len(job.rows):
        raise ValidationError(_("Baris tidak bisa dihapus."))
    del job.rows[index]
    if not job.rows:
        raise ValidationError(_("Impor harus berisi setidaknya satu baris."))
    job.status = ImportStatus.VALIDATING
    job.save(update_fields=["rows", "status", "updated_at"])
    return _dispatch(job, commit=False)


@transaction.atomic
def import_job_start_commit(*, job: ImportJob, by_user) -> ImportJob:
    """Save a checked import: every row or none."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.READY:
        raise ValidationError(_("Hanya impor tanpa baris ditolak yang bisa disimpan."))
    job.status = ImportStatus.COMMITTING
    job.save(update_fields=["status", "updated_at"])
    return _dispatch(job, commit=True)
