"""Attendance: check-in by ticket at a session, or marked by hand."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ACTIVE_STATUSES, PRESENT_STATUSES, AttendanceStatus
from ..models import Attendance, Registration, Session
from .history import history_user_set

# A participant arriving this long after the start is marked terlambat.
LATE_AFTER = timedelta(minutes=15)


def ticket_code_normalise(code: str | None) -> str:
    """A ticket code as typed ("6erz mgtt 8679", "6ERZ-MGTT-8679") as stored: upper case, without the
    spaces, dashes, dots and underscores people put between its groups."""
    return re.sub(r"[\s\-_.]+", "", code or "").upper()


def attendance_check_in(
    *, session: Session, code: str, by_user=None, now: datetime | None = None
) -> Attendance:
    """Check a ticket in to a session. Refuses an unknown ticket, a ticket of another programme,
    an inactive registration and a second check-in, each with a clear message. Three queries on success.
    """
    code = ticket_code_normalise(code)
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
    history_user_set(attendance, by_user)
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
def attendance_mark_many(*, session: Session, registrations, status: str, by_user=None) -> int:
    """Set the same attendance for several participants of the session's programme at once (all of
    them present, say); each change is audited like a single mark. Returns how many were marked."""
    marked = 0
    for registration in registrations:
        attendance_mark(registration=registration, session=session, status=status, by_user=by_user)
        marked += 1
    return marked


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
    history_user_set(attendance, by_user)
    attendance.save()
    return attendance
