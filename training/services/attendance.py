"""Attendance: check-in by ticket at a session, or marked by hand."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.qrcodes import qr_image
from core.qrtokens import QrTokenError, qrtoken_check, qrtoken_live_or_new, qrtoken_make, qrtoken_read

from ..choices import ACTIVE_STATUSES, PRESENT_STATUSES, AttendanceStatus
from ..models import Attendance, Registration, Session, code_normalise
from .history import history_user_set

# A participant arriving this long after the start is marked terlambat.
LATE_AFTER = timedelta(minutes=15)


def ticket_code_normalise(code: str | None) -> str:
    """A ticket code as typed ("6erz mgtt 8679", "6ERZ-MGTT-8679") as stored (see ``code_normalise``)."""
    return code_normalise(code)


def session_starts_at(session: Session) -> datetime:
    """When the session starts, as an aware datetime in the installation's time zone."""
    return timezone.make_aware(datetime.combine(session.date, session.start_time))


def attendance_opens_at(session: Session) -> datetime:
    """The first moment attendance is accepted for a session: its start, less the early check-in
    window (``TRAINING_ATTENDANCE_EARLY_MIN``) for people who arrive before the opening."""
    return session_starts_at(session) - timedelta(minutes=settings.TRAINING_ATTENDANCE_EARLY_MIN)


def attendance_open_check(*, session: Session, now: datetime | None = None) -> None:
    """Refuse attendance for a session that has not started yet (every entry path calls this)."""
    now = now or timezone.now()
    opens = attendance_opens_at(session)
    if now < opens:
        raise ValidationError(
            {
                "session": _(
                    "Sesi %(topic)s belum dimulai: kehadiran baru dapat dicatat mulai %(date)s pukul %(time)s."
                )
                % {
                    "topic": session.topic,
                    "date": timezone.localtime(opens).strftime("%d/%m/%Y"),
                    "time": timezone.localtime(opens).strftime("%H.%M"),
                }
            },
            code="not_started",
        )


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
    attendance_open_check(session=session, now=now)
    local = timezone.localtime(now)
    starts = session_starts_at(session)
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
        return attendance_mark(
            registration=registration, session=session, status=status, by_user=by_user, now=now
        )
    return attendance


@transaction.atomic
def attendance_mark_many(
    *, session: Session, registrations, status: str, by_user=None, now: datetime | None = None
) -> int:
    """Set the same attendance for several participants of the session's programme at once (all of
    them present, say); each change is audited like a single mark. Returns how many were marked."""
    attendance_open_check(session=session, now=now)
    marked = 0
    for registration in registrations:
        attendance_mark(registration=registration, session=session, status=status, by_user=by_user, now=now)
        marked += 1
    return marked


@transaction.atomic
def attendance_mark(
    *,
    registration: Registration,
    session: Session,
    status: str,
    by_user=None,
    now: datetime | None = None,
) -> Attendance:
    """Set a participant's attendance at a session by hand (hadir, terlambat, izin, absen), once the
    session has started."""
    if registration.programme_id != session.programme_id:
        raise ValidationError(_("Peserta dan sesi berasal dari Bimtek yang berbeda."))
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Status kehadiran tidak dikenal.")})
    now = now or timezone.now()
    attendance_open_check(session=session, now=now)
    attendance = (
        Attendance.objects.select_for_update().filter(registration=registration, session=session).first()
    ) or Attendance(registration=registration, session=session)
    attendance.status = status
    if status in PRESENT_STATUSES and attendance.checked_in_at is None:
        attendance.checked_in_at = now
    attendance.marked_by = by_user
    history_user_set(attendance, by_user)
    attendance.save()
    return attendance


# --- self check-in by the session's QR code ---------------------------------------------------

CHECKIN_TOKEN_PURPOSE = "training.session_checkin"  # noqa: S105 - a signing salt, not a secret


def session_checkin_token(*, session: Session, current: str = "") -> str:
    """A signed token for the session's self check-in QR code (valid ``TRAINING_CHECKIN_QR_TTL_S``):
    ``current`` when it is still a live token of this session, else a fresh one."""
    if current:
        return qrtoken_live_or_new(
            current,
            purpose=CHECKIN_TOKEN_PURPOSE,
            object_id=session.pk,
            max_age=settings.TRAINING_CHECKIN_QR_TTL_S,
        )
    return qrtoken_make(purpose=CHECKIN_TOKEN_PURPOSE, object_id=session.pk)


def session_checkin_url(*, token: str) -> str:
    """The absolute address a participant's phone opens when it scans the session's QR code."""
    return f"{settings.SITE_URL}{reverse('training:session_self_checkin', args=[token])}"


def session_checkin_qr(*, token: str, kind: str = "svg") -> bytes:
    """The session's self check-in QR code (its address) as SVG or PNG bytes."""
    return qr_image(session_checkin_url(token=token), kind=kind)


def _token_error(code: str) -> ValidationError:
    messages = {
        "expired": _(
            "Kode QR ini sudah kedaluwarsa. Pindai lagi kode QR yang sedang ditampilkan di layar pelatih."
        ),
        "other_object": _("Kode QR ini untuk sesi lain. Pindai kode QR sesi yang sedang berlangsung."),
    }
    message = messages.get(
        code, _("Kode QR ini tidak sah. Pindai kode QR check-in yang ditampilkan di layar pelatih.")
    )
    return ValidationError({"token": message}, code=code)


def session_from_checkin_token(*, token: str) -> Session:
    """The session a live self check-in token names; a clear message for an expired or forged one."""
    try:
        session_id = qrtoken_read(
            token, purpose=CHECKIN_TOKEN_PURPOSE, max_age=settings.TRAINING_CHECKIN_QR_TTL_S
        )
    except QrTokenError as exc:
        raise _token_error(exc.code) from None
    session = Session.objects.select_related("programme").filter(pk=session_id).first()
    if session is None:
        raise _token_error("invalid")
    return session


def attendance_self_check_in(
    *, session: Session, registration: Registration | None, token: str, by_user, now: datetime | None = None
) -> Attendance:
    """Check a participant in to a session from their own phone: the token must be live and bound to
    this session, and the participant (the logged-in user's registration) registered in its programme.
    Then the same rules as a ticket check-in apply."""
    try:
        qrtoken_check(
            token,
            purpose=CHECKIN_TOKEN_PURPOSE,
            object_id=session.pk,
            max_age=settings.TRAINING_CHECKIN_QR_TTL_S,
        )
    except QrTokenError as exc:
        raise _token_error(exc.code) from None
    if registration is None or registration.programme_id != session.programme_id:
        raise ValidationError(
            {
                "token": _("Anda tidak terdaftar di Bimtek %(title)s. Hubungi panitia.")
                % {"title": session.programme.title}
            },
            code="not_registered",
        )
    return attendance_check_in(session=session, code=registration.ticket_code, by_user=by_user, now=now)
