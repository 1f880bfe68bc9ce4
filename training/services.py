"""Every write of the Bimtek. Each service validates, saves and records who changed what."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING

import filetype
import segno
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.choices import ACTIVE_JOB_STATUSES
from core.jobs import job_enqueue, job_finish, job_progress, job_reset, job_run
from core.pdf import FAMILY, Document
from core.tabular import TableLimits, detect_format, read_table, tabular_sync_max_bytes
from notifications.selectors import message_keys_existing
from notifications.services import notification_send
from stakeholders.selectors import organisation_current_for, organisation_list, person_list
from stakeholders.services import person_create

from .choices import (
    ACTIVE_STATUSES,
    PRESENT_STATUSES,
    AttendanceStatus,
    ImportPhase,
    ImportStep,
    RegistrationRole,
    RegistrationStatus,
    TestKind,
)
from .models import (
    Attendance,
    Batch,
    Certificate,
    CertificateJob,
    EvaluationReceipt,
    EvaluationResponse,
    InvitationSend,
    Material,
    OrgTypeQuota,
    Programme,
    Question,
    Registration,
    RegistrationImport,
    Session,
    TestAttempt,
)
from .selectors import person_registrable_by

if TYPE_CHECKING:
    from stakeholders.models import Organisation, Person

# A participant arriving this long after the start is marked terlambat.
LATE_AFTER = timedelta(minutes=15)


def _record(instance, by_user) -> None:
    # simple_history reads the acting user from here when there is no request.
    instance._history_user = by_user


# --- programmes and agenda ------------------------------------------------------


@transaction.atomic
def programme_create(*, by_user, partners=(), **fields) -> Programme:
    """Create a programme; the creating user manages it."""
    programme = Programme(created_by=by_user, **fields)
    programme.full_clean()
    _record(programme, by_user)
    programme.save()
    if partners:
        programme.partners.set(partners)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, by_user, partners=None, **fields) -> Programme:
    """Change a programme; its sessions must still fall within the new dates."""
    for name, value in fields.items():
        setattr(programme, name, value)
    programme.full_clean()
    if (
        programme.pk
        and programme.sessions.filter(
            Q(date__lt=programme.start_date) | Q(date__gt=programme.end_date)
        ).exists()
    ):
        raise ValidationError({"start_date": _("Ada sesi di luar tanggal baru. Pindahkan sesi itu dulu.")})
    _record(programme, by_user)
    programme.save()
    if partners is not None:
        programme.partners.set(partners)
    return programme


@transaction.atomic
def batch_create(*, programme: Programme, number: int, label: str = "", by_user=None) -> Batch:
    """Add an angkatan to a programme."""
    if Batch.objects.filter(programme=programme, number=number).exists():
        raise ValidationError({"number": _("Angkatan ke-%(n)s sudah ada.") % {"n": number}})
    batch = Batch(programme=programme, number=number, label=label)
    batch.full_clean()
    _record(batch, by_user)
    batch.save()
    return batch


@transaction.atomic
def org_type_quota_set(*, programme: Programme, org_type: str, quota: int, by_user=None) -> OrgTypeQuota:
    """Cap the peserta from one organisation type."""
    row, _created = OrgTypeQuota.objects.get_or_create(
        programme=programme, org_type=org_type, defaults={"quota": quota}
    )
    row.quota = quota
    row.full_clean()
    _record(row, by_user)
    row.save()
    return row


@transaction.atomic
def session_create(
    *,
    programme: Programme,
    date: date,
    start_time: time,
    end_time: time,
    topic: str,
    room: str = "",
    trainers=(),
    speakers=(),
    by_user=None,
) -> Session:
    """Add a session; it must fall within the programme dates and not overlap another in the same room."""
    errors: dict[str, str] = {}
    if not (programme.start_date <= date <= programme.end_date):
        errors["date"] = _("Tanggal sesi harus di antara %(start)s dan %(end)s.") % {
            "start": date_format(programme.start_date, "SHORT_DATE_FORMAT"),
            "end": date_format(programme.end_date, "SHORT_DATE_FORMAT"),
        }
    if end_time <= start_time:
        errors["end_time"] = _("Jam selesai harus setelah jam mulai.")
    if errors:
        raise ValidationError(errors)
    # Lock the programme so two concurrent additions cannot both pass the overlap check.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    clash = (
        Session.objects.filter(
            programme=programme,
            date=date,
            room__iexact=room.strip(),
            start_time__lt=end_time,
            end_time__gt=start_time,
        ).first()
        if room.strip()
        else None
    )
    if clash is not None:
        raise ValidationError(
            {
                "room": _('Ruang %(room)s sudah dipakai sesi "%(topic)s" (%(start)s-%(end)s).')
                % {
                    "room": room,
                    "topic": clash.topic,
                    "start": clash.start_time.strftime("%H.%M"),
                    "end": clash.end_time.strftime("%H.%M"),
                }
            }
        )
    session = Session(
        programme=programme,
        date=date,
        start_time=start_time,
        end_time=end_time,
        topic=topic,
        room=room.strip(),
    )
    session.full_clean()
    _record(session, by_user)
    session.save()
    session.trainers.set(trainers)
    session.speakers.set(speakers)
    return session


# --- registration ---------------------------------------------------------------


def _check_seat(*, programme: Programme, organisation: Organisation | None, extra: int = 1) -> None:
    """Refuse a peserta outside the target or over a quota (the caller holds the programme lock)."""
    org_type = organisation.org_type if organisation else ""
    if programme.target_org_types and org_type not in programme.target_org_types:
        raise ValidationError(
            {
                "person": _(
                    "Bimtek ini hanya untuk peserta dari: %(targets)s. Asal organisasi peserta ini tidak termasuk."
                )
                % {"targets": ", ".join(programme.get_target_labels())}
            }
        )
    active = Registration.objects.filter(
        programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
    )
    if active.count() + extra > programme.quota:
        raise ValidationError(
            {"person": _("Kuota peserta (%(quota)s orang) sudah penuh.") % {"quota": programme.quota}}
        )
    if org_type:
        cap = OrgTypeQuota.objects.filter(programme=programme, org_type=org_type).first()
        if cap is not None and active.filter(organisation__org_type=org_type).count() + extra > cap.quota:
            raise ValidationError(
                {
                    "person": _("Kuota untuk %(type)s (%(quota)s orang) sudah penuh.")
                    % {"type": cap.get_org_type_display(), "quota": cap.quota}
                }
            )


@transaction.atomic
def registration_create(
    *,
    programme: Programme,
    person: Person,
    role: str = RegistrationRole.PESERTA,
    status: str = RegistrationStatus.REGISTERED,
    organisation: Organisation | None = None,
    batch: Batch | None = None,
    by_user=None,
) -> Registration:
    """Register a person. Refuses a duplicate, a peserta outside the target org types, and over quota.

    With ``by_user``, the person must also be in the programme's scope for that user
    (``selectors.person_registrable_by``): a trainer invites only the people the programme is for.
    """
    if by_user is not None and not person_registrable_by(by_user, programme).filter(pk=person.pk).exists():
        raise ValidationError(
            {
                "person": _(
                    "%(person)s di luar sasaran Bimtek ini: daftarkan orang dari jenis organisasi "
                    "sasaran, penyelenggara atau mitranya, atau minta Kesbangpol mendaftarkannya."
                )
                % {"person": person}
            }
        )
    return _registration_save(
        programme=programme,
        person=person,
        role=role,
        status=status,
        organisation=organisation,
        batch=batch,
        by_user=by_user,
    )


def _registration_save(
    *, programme: Programme, person: Person, role: str, status: str, organisation, batch, by_user
) -> Registration:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if Registration.objects.filter(programme=programme, person=person).exists():
        raise ValidationError({"person": _("%(person)s sudah terdaftar di Bimtek ini.") % {"person": person}})
    if organisation is None:
        organisation = organisation_current_for(person=person)
    if role == RegistrationRole.PESERTA and status in ACTIVE_STATUSES:
        _check_seat(programme=programme, organisation=organisation)
    registration = Registration(
        programme=programme, person=person, role=role, status=status, organisation=organisation, batch=batch
    )
    registration.full_clean(validate_constraints=False)
    _record(registration, by_user)
    registration.save()
    return registration


@transaction.atomic
def registration_create_new_person(
    *,
    programme: Programme,
    full_name: str,
    honorific: str = "",
    organisation: Organisation | None = None,
    role: str = RegistrationRole.PESERTA,
    batch: Batch | None = None,
    by_user=None,
) -> Registration:
    """Add a new person to the registry (no office, no contact) and register them, both or neither."""
    person = person_create(full_name=full_name, honorific=honorific, by_user=by_user)
    return _registration_save(
        programme=programme,
        person=person,
        role=role,
        status=RegistrationStatus.REGISTERED,
        organisation=organisation,
        batch=batch,
        by_user=by_user,
    )


@transaction.atomic
def registration_set_status(*, registration: Registration, status: str, by_user=None) -> Registration:
    """Move a registration to a status; re-activating a peserta checks the quota again."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if (
        registration.role == RegistrationRole.PESERTA
        and status in ACTIVE_STATUSES
        and registration.status not in ACTIVE_STATUSES
    ):
        Programme.objects.select_for_update().filter(pk=registration.programme_id).first()
        _check_seat(programme=registration.programme, organisation=registration.organisation)
    registration.status = status
    registration.full_clean(validate_constraints=False)
    _record(registration, by_user)
    registration.save(update_fields=["status", "updated_at"])
    return registration


# --- bulk import ----------------------------------------------------------------

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


# --- attendance -----------------------------------------------------------------


def attendance_check_in(
    *, session: Session, code: str, by_user=None, now: datetime | None = None
) -> Attendance:
    """Check a ticket in to a session. Refuses an unknown ticket, a ticket of another programme,
    an inactive registration and a second check-in, each with a clear message. Three queries on success.
    """
    code = (code or "").strip().upper()
    registration = (
        Registration.objects.filter(ticket_code=code).select_related("person").first() if code else None
    )
    if registration is None:
        raise ValidationError(_("Kode tiket %(code)s tidak dikenal.") % {"code": code or "-"}, code="unknown")
    if registration.programme_id != session.programme_id:
        raise ValidationError(
            _("Tiket %(person)s berlaku untuk Bimtek lain, bukan Bimtek ini.")
            % {"person": registration.person},
            code="other_programme",
        )
    if registration.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("Pendaftaran %(person)s berstatus %(status)s; tidak bisa check-in.")
            % {"person": registration.person, "status": registration.get_status_display()},
            code="inactive",
        )
    now = now or timezone.now()
    local = timezone.localtime(now)
    starts = timezone.make_aware(datetime.combine(session.date, session.start_time))
    status = (
        AttendanceStatus.TERLAMBAT
        if local.date() == session.date and now > starts + LATE_AFTER
        else AttendanceStatus.HADIR
    )
    attendance = Attendance(
        registration=registration,
        session=session,
        status=status,
        checked_in_at=now,
        by_scan=True,
        marked_by=by_user,
    )
    _record(attendance, by_user)
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError:
        existing = Attendance.objects.get(registration=registration, session=session)
        if existing.status in PRESENT_STATUSES:
            raise ValidationError(
                _("%(person)s sudah check-in pukul %(time)s.")
                % {
                    "person": registration.person,
                    "time": timezone.localtime(existing.checked_in_at).strftime("%H.%M")
                    if existing.checked_in_at
                    else "-",
                },
                code="duplicate",
            ) from None
        return attendance_mark(registration=registration, session=session, status=status, by_user=by_user)
    return attendance


@transaction.atomic
def attendance_mark(*, registration: Registration, session: Session, status: str, by_user=None) -> Attendance:
    """Set a participant's attendance at a session by hand (hadir, terlambat, izin, absen)."""
    if registration.programme_id != session.programme_id:
        raise ValidationError(_("Peserta dan sesi berasal dari Bimtek yang berbeda."))
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Status kehadiran tidak dikenal.")})
    attendance = (
        Attendance.objects.select_for_update().filter(registration=registration, session=session).first()
    ) or Attendance(registration=registration, session=session)
    attendance.status = status
    if status in PRESENT_STATUSES and attendance.checked_in_at is None:
        attendance.checked_in_at = timezone.now()
    attendance.marked_by = by_user
    _record(attendance, by_user)
    attendance.save()
    return attendance


# --- materials ------------------------------------------------------------------

ALLOWED_MATERIAL_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/webp": "webp",
}


def material_content_check(*, uploaded) -> tuple[str, str]:
    """(content type, extension) of an upload judged by its bytes; refuses other kinds and oversize."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("Berkas terlalu besar (%(size)s MB); batasnya %(max)s MB.")
                % {
                    "size": round(uploaded.size / 1_048_576, 1),
                    "max": round(settings.UPLOAD_MAX_BYTES / 1_048_576, 1),
                }
            }
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    uploaded.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_MATERIAL_TYPES:
        raise ValidationError(
            {"file": _("Isi berkas bukan PDF, PPTX, DOCX, XLSX atau gambar (JPG/PNG/WEBP); berkas ditolak.")}
        )
    return kind.mime, ALLOWED_MATERIAL_TYPES[kind.mime]


@transaction.atomic
def material_upload(
    *,
    programme: Programme,
    title: str,
    uploaded=None,
    video_url: str = "",
    session: Session | None = None,
    by_user=None,
) -> Material:
    """Store a material privately (file checked by content and size) or record a video link."""
    if session is not None and session.programme_id != programme.pk:
        raise ValidationError({"session": _("Sesi itu bukan bagian dari Bimtek ini.")})
    if uploaded is None and not video_url:
        raise ValidationError({"file": _("Unggah berkas atau isi tautan video.")})
    material = Material(
        programme=programme, session=session, title=title, video_url=video_url, uploaded_by=by_user
    )
    if uploaded is not None:
        mime, extension = material_content_check(uploaded=uploaded)
        name = f"training/materials/{programme.pk}/{secrets.token_hex(16)}.{extension}"
        material.file.name = default_storage.save(name, uploaded)
        material.original_name = (uploaded.name or "")[-200:]
        material.content_type = mime
        material.size = uploaded.size
    try:
        material.full_clean()
    except ValidationError:
        if material.file.name:
            default_storage.delete(material.file.name)
        raise
    _record(material, by_user)
    material.save()
    return material


def material_download_record(*, material: Material) -> None:
    """Count one download (an atomic increment; not an audited change)."""
    Material.objects.filter(pk=material.pk).update(download_count=F("download_count") + 1)


# --- tests and evaluation -------------------------------------------------------


@transaction.atomic
def question_add(
    *, programme: Programme, text: str, choices: list[str], correct_index: int, by_user=None
) -> Question:
    """Add a multiple-choice question to the programme's bank."""
    choices = [c.strip() for c in choices if c and c.strip()]
    if len(choices) < 2:
        raise ValidationError({"choices": _("Isi minimal dua pilihan jawaban.")})
    if not 0 <= correct_index < len(choices):
        raise ValidationError({"correct_index": _("Jawaban benar harus salah satu pilihan yang diisi.")})
    order = programme.questions.count() + 1
    question = Question(
        programme=programme, text=text, choices=choices, correct_index=correct_index, order=order
    )
    question.full_clean()
    _record(question, by_user)
    question.save()
    return question


@transaction.atomic
def test_submit(*, registration: Registration, kind: str, answers: dict[int, int]) -> TestAttempt:
    """Score a pre- or post-test against the question bank; each may be taken once."""
    if TestAttempt.objects.filter(registration=registration, kind=kind).exists():
        raise ValidationError(_("%(kind)s sudah dikerjakan.") % {"kind": TestKind(kind).label})
    if (
        kind == TestKind.POST
        and not TestAttempt.objects.filter(registration=registration, kind=TestKind.PRE).exists()
    ):
        raise ValidationError(_("Kerjakan pre-test lebih dulu."))
    questions = list(registration.programme.questions.all())
    if not questions:
        raise ValidationError(_("Bank soal Bimtek ini masih kosong."))
    correct = sum(1 for q in questions if answers.get(q.id) == q.correct_index)
    score = (Decimal(correct) * 100 / Decimal(len(questions))).quantize(Decimal("0.01"))
    attempt = TestAttempt(
        registration=registration,
        kind=kind,
        answers={str(k): v for k, v in answers.items()},
        correct=correct,
        total=len(questions),
        score=score,
    )
    attempt.full_clean(validate_constraints=False)
    attempt.save()
    return attempt


test_submit.__test__ = False  # type: ignore[attr-defined]  # not a pytest function


@transaction.atomic
def evaluation_submit(
    *,
    registration: Registration,
    session: Session | None,
    relevance: int,
    delivery: int,
    usefulness: int,
    comment: str = "",
    anonymous: bool = False,
) -> EvaluationResponse:
    """Record one survey answer; a participant answers once per session (anonymously if they wish)."""
    if session is not None and session.programme_id != registration.programme_id:
        raise ValidationError({"session": _("Sesi itu bukan bagian dari Bimtek ini.")})
    try:
        with transaction.atomic():
            EvaluationReceipt.objects.create(registration=registration, session=session)
    except IntegrityError:
        raise ValidationError(_("Anda sudah mengisi evaluasi untuk sesi ini.")) from None
    response = EvaluationResponse(
        programme_id=registration.programme_id,
        session=session,
        registration=None if anonymous else registration,
        relevance=relevance,
        delivery=delivery,
        usefulness=usefulness,
        comment=comment.strip(),
    )
    response.full_clean()
    response.save()
    return response


# --- certificates ---------------------------------------------------------------


@dataclass
class Eligibility:
    eligible: bool
    reason: str
    attended: int
    sessions: int


def certificate_eligibility_map(*, programme: Programme) -> dict[int, Eligibility]:
    """Eligibility of every peserta of a programme; three queries whatever the size."""
    sessions = programme.sessions.count()
    registrations = (
        Registration.objects.filter(
            programme=programme, role=RegistrationRole.PESERTA, status__in=ACTIVE_STATUSES
        )
        .annotate(attended=Count("attendances", filter=Q(attendances__status__in=PRESENT_STATUSES)))
        .values_list("id", "attended")
    )
    post_scores = dict(
        TestAttempt.objects.filter(registration__programme=programme, kind=TestKind.POST).values_list(
            "registration_id", "score"
        )
    )
    result = {}
    for reg_id, attended in registrations:
        percent = attended * 100 / sessions if sessions else 0
        if percent < programme.attendance_threshold:
            result[reg_id] = Eligibility(
                False,
                _("Kehadiran %(pct)s%% di bawah syarat %(min)s%%.")
                % {"pct": round(percent), "min": programme.attendance_threshold},
                attended,
                sessions,
            )
            continue
        if programme.pass_mark is not None:
            score = post_scores.get(reg_id)
            if score is None or score < programme.pass_mark:
                result[reg_id] = Eligibility(
                    False,
                    _("Nilai post-test %(score)s di bawah nilai lulus %(min)s.")
                    % {"score": "-" if score is None else score, "min": programme.pass_mark},
                    attended,
                    sessions,
                )
                continue
        result[reg_id] = Eligibility(True, "", attended, sessions)
    return result


def certificate_eligibility(*, registration: Registration) -> Eligibility:
    """Whether one registration may receive a certificate, and why not."""
    if registration.role != RegistrationRole.PESERTA or registration.status not in ACTIVE_STATUSES:
        return Eligibility(False, _("Hanya peserta aktif yang menerima sertifikat."), 0, 0)
    return certificate_eligibility_map(programme=registration.programme)[registration.pk]


def programme_dates_label(programme: Programme) -> str:
    start, end = programme.start_date, programme.end_date
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} - {date_format(end, 'j F Y')}"


def certificate_verify_url(code: str) -> str:
    return f"{settings.SITE_URL}{reverse('certificate_verify', args=[code])}"


def certificate_pdf_render(*, certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF with its verification code and QR code."""
    registration = certificate.registration
    programme = registration.programme
    pdf = Document(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(30, 64, 120)
    pdf.set_line_width(1.5)
    pdf.rect(8, 8, 281, 194)
    pdf.set_font(FAMILY, "B", 30)
    pdf.set_y(24)
    pdf.cell(0, 14, _("SERTIFIKAT"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(0, 8, _("diberikan kepada"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 24)
    pdf.cell(0, 14, str(registration.person), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(
        0,
        8,
        _("sebagai %(role)s pada Bimtek") % {"role": registration.get_role_display()},
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font(FAMILY, "B", 15)
    pdf.set_x(30)
    pdf.multi_cell(237, 8, programme.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 12)
    details = _("%(venue)s, %(dates)s, %(jp)s JP") % {
        "venue": programme.venue,
        "dates": programme_dates_label(programme),
        "jp": programme.lesson_hours,
    }
    pdf.cell(0, 8, details, align="C", new_x="LMARGIN", new_y="NEXT")
    if programme.organiser_id:
        pdf.cell(
            0,
            7,
            _("Penyelenggara: %(org)s") % {"org": programme.organiser.name},
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    url = certificate_verify_url(certificate.code)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=5, border=2)
    qr.seek(0)
    pdf.image(qr, x=22, y=142, w=42, h=42)
    pdf.set_font(FAMILY, "", 9)
    pdf.set_xy(18, 185)
    pdf.cell(60, 5, _("Kode verifikasi: %(code)s") % {"code": certificate.code})
    pdf.set_xy(18, 190)
    pdf.cell(60, 5, url)
    pdf.set_font(FAMILY, "", 12)
    pdf.set_xy(180, 150)
    pdf.cell(
        90,
        6,
        date_format(timezone.localtime(certificate.issued_at).date(), "j F Y"),
        align="C",
        new_x="LEFT",
        new_y="NEXT",
    )
    pdf.cell(90, 6, programme.signatory_title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(180, pdf.get_y() + 16)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(90, 6, programme.signatory_name, align="C")
    return pdf.to_bytes()


def _certificate_create(*, registration: Registration, by_user, now: datetime) -> Certificate:
    certificate = Certificate(registration=registration, issued_at=now, issued_by=by_user)
    certificate.registration = registration
    content = certificate_pdf_render(certificate=certificate)
    certificate.pdf.name = default_storage.save(
        f"training/certificates/{registration.programme_id}/{certificate.code}.pdf", ContentFile(content)
    )
    _record(certificate, by_user)
    certificate.save()
    return certificate


@transaction.atomic
def certificate_issue(*, registration: Registration, by_user=None) -> Certificate:
    """Issue one participant's certificate; refuses someone not eligible or already certified."""
    registration = (
        Registration.objects.select_for_update()
        .select_related("programme__organiser", "person")
        .get(pk=registration.pk)
    )
    if Certificate.objects.filter(registration=registration).exists():
        raise ValidationError(_("%(person)s sudah memiliki sertifikat.") % {"person": registration.person})
    eligibility = certificate_eligibility(registration=registration)
    if not eligibility.eligible:
        raise ValidationError(
            _("%(person)s belum memenuhi syarat sertifikat: %(reason)s")
            % {"person": registration.person, "reason": eligibility.reason}
        )
    return _certificate_create(registration=registration, by_user=by_user, now=timezone.now())


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, by_user=None) -> Certificate:
    """Revoke a certificate with a reason; it stays verifiable as revoked."""
    if not reason.strip():
        raise ValidationError({"reason": _("Alasan pencabutan wajib diisi.")})
    if certificate.revoked_at is not None:
        raise ValidationError(_("Sertifikat ini sudah dicabut."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()
    _record(certificate, by_user)
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate


@transaction.atomic
def certificate_job_start(*, programme: Programme, by_user=None) -> CertificateJob:
    """Start issuing the programme's certificates in the background; one active job per programme."""
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    running = programme.certificate_jobs.filter(status__in=ACTIVE_JOB_STATUSES).first()
    if running is not None:
        return running
    job = CertificateJob(programme=programme, created_by=by_user)
    job.full_clean()
    job.save()
    return job_enqueue(job)


def _certificate_job_issue(job: CertificateJob) -> None:
    programme = Programme.objects.select_related("organiser").get(pk=job.programme_id)
    eligibility = certificate_eligibility_map(programme=programme)
    certified = set(
        Certificate.objects.filter(registration__programme=programme).values_list(
            "registration_id", flat=True
        )
    )
    registrations = (
        Registration.objects.filter(pk__in=list(eligibility))
        .select_related("person")
        .order_by("person__full_name")
    )
    job_progress(job, done=0, total=len(eligibility))
    by_user = job.created_by
    now = timezone.now()
    issued = skipped = 0
    for done, registration in enumerate(registrations.iterator(chunk_size=200), start=1):
        registration.programme = programme
        if eligibility[registration.pk].eligible and registration.pk not in certified:
            with transaction.atomic():
                _certificate_create(registration=registration, by_user=by_user, now=now)
            issued += 1
        else:
            skipped += 1
        job_progress(job, done=done)
    job_finish(job, issued=issued, skipped=skipped)


def certificate_job_run(*, job_id: int) -> str:
    """Issue every eligible, not yet certified peserta, with progress. Safe to run twice or after a crash:
    a queued job runs once, and certificates already issued are skipped."""
    return job_run(CertificateJob, job_id, _certificate_job_issue)


def ticket_qr(*, code: str, kind: str = "svg") -> bytes:
    """The QR code of a ticket as SVG or PNG bytes."""
    out = io.BytesIO()
    qr = segno.make(code, error="m")
    if kind == "png":
        qr.save(out, kind="png", scale=8, border=2)
    else:
        qr.save(out, kind="svg", scale=6, border=2, xmldecl=False)
    return out.getvalue()


INVITATION_STATUSES: dict[str, tuple[str, ...]] = {
    InvitationSend.Kind.UNDANGAN: ACTIVE_STATUSES,
    InvitationSend.Kind.PENGINGAT: (RegistrationStatus.REGISTERED, RegistrationStatus.CONFIRMED),
}


def _invitation_text(*, programme: Programme, kind: str) -> str:
    values = {"title": programme.title, "dates": programme_dates_label(programme), "venue": programme.venue}
    if kind == InvitationSend.Kind.PENGINGAT:
        return _("Pengingat Bimtek %(title)s, %(dates)s di %(venue)s. Tiket Anda:") % values
    return _("Undangan Bimtek %(title)s, %(dates)s di %(venue)s. Tiket Anda:") % values


@transaction.atomic
def programme_invitations_send(
    *, programme: Programme, by_user, kind: str = InvitationSend.Kind.UNDANGAN
) -> int:
    """Send the invitation (or reminder) to every participant in a fitting status; returns how many were new.

    Each participant's message has its own idempotency key (per programme, kind and registration, and
    per day for reminders), so pressing twice sends once. A press that sent something is logged.
    """
    if kind not in INVITATION_STATUSES:
        raise ValidationError({"kind": _("Jenis pengiriman tidak dikenal.")})
    suffix = f"|{timezone.localdate().isoformat()}" if kind == InvitationSend.Kind.PENGINGAT else ""
    registrations = list(
        programme.registrations.filter(status__in=INVITATION_STATUSES[kind]).select_related("person")
    )
    keys = {reg.pk: f"training|{kind}|{programme.pk}|{reg.pk}{suffix}" for reg in registrations}
    already = message_keys_existing(keys=keys.values())
    text = _invitation_text(programme=programme, kind=kind)
    sent = 0
    for reg in registrations:
        if keys[reg.pk] in already:
            continue
        link = f"{settings.SITE_URL}{reg.get_absolute_url()}"
        notification_send(
            text=f"{text} {link}",
            recipients=[reg.person],
            idempotency_key=keys[reg.pk],
            link=link,
            group_key=f"training|{kind}|{programme.pk}",
        )
        sent += 1
    if sent:
        InvitationSend.objects.create(programme=programme, kind=kind, count=sent, sent_by=by_user)
    return sent


def programme_reminders_due(*, today: date | None = None) -> int:
    """Send the reminder of every programme whose first session (or start date) is tomorrow.

    Run hourly by Celery beat; the per-day key of a reminder makes the later runs of the day no-ops,
    and a trainer who already pressed "Kirim pengingat" today is not repeated.
    """
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    programmes = (
        Programme.objects.annotate(first_day=Min("sessions__date"))
        .filter(Q(first_day=tomorrow) | Q(first_day__isnull=True, start_date=tomorrow))
        .order_by("pk")
    )
    return sum(
        programme_invitations_send(programme=programme, by_user=None, kind=InvitationSend.Kind.PENGINGAT)
        for programme in programmes
    )
