"""The participant import: an XLSX/CSV read by the one import engine (``core.imports``) through the
declaration ``participants_spec`` (columns, parsers, row rules), checked row by row, then registered
all or none (small files during the request, large ones by the worker)."""

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

from core.imports.engine import (
    Column,
    ImportSpec,
    RowProblem,
    RowResult,
    auto_map,
    check_rows,
    find_header,
    missing_required,
    read_sheet,
    row_texts,
)
from core.imports.parsers import (
    ChoiceParser,
    OrgIndex,
    ParseError,
    PersonName,
    fold,
    person_name_display,
    split_name,
    tidy,
)
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
    degrees: str = ""
    organisation_id: int | None = None
    person_id: int | None = None
    batch_id: int | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        return person_name_display(self.honorific, self.full_name, self.degrees)


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
                "degrees": r.degrees,
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


ROLE_SYNONYMS = {
    "peserta": RegistrationRole.PESERTA,
    "fasilitator": RegistrationRole.FASILITATOR,
    "pelatih": RegistrationRole.FASILITATOR,
    "narsum": RegistrationRole.NARASUMBER,
    "pembicara": RegistrationRole.NARASUMBER,
}


def participants_spec(*, programme: Programme, organisations: list, registered: set[str]) -> ImportSpec:
    """The participant import, declared for the engine: its columns, their parsers and the row rules."""
    orgs = OrgIndex((o.id, o.name, o.short_name) for o in organisations)
    org_types = {o.id: o for o in organisations}
    roles = ChoiceParser(
        {value: str(label) for value, label in RegistrationRole.choices},
        ROLE_SYNONYMS,
        kind="role_unknown",
        noun=_("Peran"),
    )
    batches = {str(batch.number): batch.id for batch in programme.batches.all()}

    def batch(text: str) -> int:
        number = tidy(text).removesuffix(".0")
        if number not in batches:
            raise ParseError(
                "batch_unknown", _("Angkatan %(value)s belum dibuat untuk Bimtek ini.") % {"value": number}
            )
        return batches[number]

    seen: dict[str, int] = {}

    def participant_rules(row: RowResult) -> list[RowProblem]:
        problems = []
        organisation = org_types.get(row.values.get("organisasi"))
        role = row.values.get("peran", RegistrationRole.PESERTA)
        if (
            organisation is not None
            and role == RegistrationRole.PESERTA
            and programme.target_org_types
            and organisation.org_type not in programme.target_org_types
        ):
            problems.append(
                RowProblem(
                    kind="not_target",
                    column="organisasi",
                    message=_("Jenis organisasi %(org)s bukan sasaran Bimtek ini.") % {"org": organisation},
                )
            )
        name = row.values.get("nama")
        key = fold(name.name) if isinstance(name, PersonName) else ""
        if key and key in seen:
            problems.append(
                RowProblem(
                    kind="duplicate",
                    message=_("Nama ganda: sama dengan baris %(line)s.") % {"line": seen[key]},
                )
            )
        elif key:
            seen[key] = row.line
        if key and key in registered:
            problems.append(
                RowProblem(
                    kind="registered",
                    message=_("%(name)s sudah terdaftar di Bimtek ini.")
                    % {"name": row.texts.get("nama", "")},
                )
            )
        return problems

    return ImportSpec(
        name="training.participants",
        columns=[
            Column(
                "nama",
                _("Nama"),
                ("nama lengkap", "nama peserta", "nama dan gelar", "name"),
                parse=split_name,
                required=True,
            ),
            Column("gelar", _("Gelar"), ("pangkat", "pangkat/gelar", "gelar depan")),
            Column(
                "organisasi",
                _("Organisasi"),
                ("instansi", "lembaga", "asal instansi", "unit kerja", "satuan", "satker", "asal"),
                parse=orgs,
                required=True,
            ),
            Column("peran", _("Peran"), ("sebagai", "role", "peran dalam bimtek"), parse=roles),
            Column("angkatan", _("Angkatan"), ("batch", "gelombang", "kelas"), parse=batch),
        ],
        rules=[participant_rules],
    )


def registrations_import_parse(
    *, programme: Programme, content: bytes, progress: Callable[[int, int], None] | None = None
) -> ImportPreview:
    """Read an XLSX/CSV of participants through the import engine (``core.imports``: the header found
    below any title rows, the clerk's own header names, names split from their titles and degrees,
    organisations by their everyday names) and check every row; writes nothing. ``progress(done,
    total)`` is told as rows are checked."""
    table = read_sheet(content, max_rows=import_max_rows() + 1)  # the data rows and their header
    if not table.rows:
        return ImportPreview(rows=[], errors=[_("Berkas kosong.")])
    organisations = list(organisation_list(active=True))
    registered = {
        fold(name)
        for name in Registration.objects.filter(programme=programme).values_list(
            "person__full_name", flat=True
        )
    }
    spec = participants_spec(programme=programme, organisations=organisations, registered=registered)
    at = find_header(table.rows, spec)
    mapping = auto_map(table.rows[at].values, spec)
    missing = missing_required(spec, mapping)
    if missing:
        return ImportPreview(
            rows=[],
            errors=[
                _("Kolom wajib tidak ada: %(missing)s. Baris judul kolom harus berisi kolom: %(cols)s.")
                % {"missing": ", ".join(column.key for column in missing), "cols": ", ".join(IMPORT_COLUMNS)}
            ],
        )
    data = table.rows[at + 1 :]
    results = check_rows(
        spec,
        ((row.line, row_texts(row, mapping)) for row in data),
        progress=(lambda done: progress(done, len(data))) if progress is not None else None,
    )
    people: dict[str, list[int]] = {}
    for person_id, full_name in person_list().values_list("id", "full_name"):
        people.setdefault(fold(full_name), []).append(person_id)
    rows: list[ImportRow] = []
    for result in results:
        name = result.values.get("nama")
        organisation = result.values.get("organisasi")
        row = ImportRow(
            line=result.line,
            full_name=name.name if isinstance(name, PersonName) else result.texts.get("nama", ""),
            honorific=" ".join(
                part for part in (result.texts.get("gelar", ""), name.front if name else "") if part
            ),
            degrees=name.back if isinstance(name, PersonName) else "",
            organisation_name=result.texts.get("organisasi", ""),
            role=result.values.get(
                "peran", RegistrationRole.PESERTA if not result.texts.get("peran") else ""
            ),
            organisation_id=organisation,
            batch_id=result.values.get("angkatan"),
            errors=[
                problem.message
                + (
                    " " + _("Mungkin maksudnya: %(s)s.") % {"s": problem.suggestion}
                    if problem.suggestion
                    else ""
                )
                for problem in result.problems
            ],
        )
        matches = people.get(fold(row.full_name), []) if row.full_name else []
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
    org_types: dict[int | None, str] = {o.id: o.org_type for o in organisations}
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
                    full_name=row["full_name"],
                    honorific=row["honorific"],
                    degrees=row.get("degrees", ""),
                    by_user=by_user,
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
        "degrees": row.degrees,
        "display_name": row.display_name,
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
