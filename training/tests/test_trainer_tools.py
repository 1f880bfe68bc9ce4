"""Trainer tools (#17): attendance only once a session has started, self check-in by the session's QR
code, certificates only after the programme is over (or with a recorded reason)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.qrtokens import QrTokenError, qrtoken_check, qrtoken_make, qrtoken_read
from training import services
from training.choices import AttendanceStatus
from training.models import Attendance, Certificate, CertificateJob, Session
from training.tests.factories import ProgrammeFactory, participant_user


def _at(session, hour, minute=0):
    return timezone.make_aware(datetime.combine(session.date, time(hour, minute)))


def _upcoming(programme, days=3):
    """Move the programme and its sessions ``days`` ahead of today."""
    shift = timezone.localdate() + timedelta(days=days) - programme.start_date
    programme.start_date += shift
    programme.end_date += shift
    programme.save()
    for session in programme.sessions.all():
        Session.objects.filter(pk=session.pk).update(date=session.date + shift)
    return programme


# --- attendance only from the session's start ------------------------------------------------


def test_a_session_that_has_not_started_refuses_a_hand_mark_with_a_field_message(programme, participant):
    _user, registration = participant
    session = programme.sessions.first()
    with pytest.raises(ValidationError) as excinfo:
        services.attendance_mark(
            registration=registration, session=session, status=AttendanceStatus.HADIR, now=_at(session, 6)
        )
    assert "belum dimulai" in excinfo.value.message_dict["session"][0]
    assert not Attendance.objects.exists()


def test_a_ticket_check_in_opens_the_early_window_before_the_start(programme, participant, settings):
    settings.TRAINING_ATTENDANCE_EARLY_MIN = 30
    _user, registration = participant
    session = programme.sessions.first()  # 08.00
    with pytest.raises(ValidationError, match="belum dimulai"):
        services.attendance_check_in(session=session, code=registration.ticket_code, now=_at(session, 7, 29))
    attendance = services.attendance_check_in(
        session=session, code=registration.ticket_code, now=_at(session, 7, 31)
    )
    assert attendance.status == AttendanceStatus.HADIR


def test_with_no_early_window_attendance_starts_at_the_start_time(programme, participant, settings):
    settings.TRAINING_ATTENDANCE_EARLY_MIN = 0
    _user, registration = participant
    session = programme.sessions.first()
    with pytest.raises(ValidationError, match=r"mulai .* pukul 08\.00"):
        services.attendance_check_in(session=session, code=registration.ticket_code, now=_at(session, 7, 59))


def test_marking_everyone_is_refused_for_a_session_next_week(programme, participant):
    _user, registration = participant
    _upcoming(programme)
    session = programme.sessions.first()
    with pytest.raises(ValidationError, match="belum dimulai"):
        services.attendance_mark_many(
            session=session, registrations=[registration], status=AttendanceStatus.HADIR
        )
    assert not Attendance.objects.exists()


# --- signed QR tokens ------------------------------------------------------------------------


def test_a_qr_token_names_its_object_for_its_purpose_only():
    token = qrtoken_make(purpose="a", object_id=7)
    assert qrtoken_read(token, purpose="a", max_age=60) == 7
    with pytest.raises(QrTokenError) as excinfo:
        qrtoken_read(token, purpose="b", max_age=60)
    assert excinfo.value.code == "invalid"
    with pytest.raises(QrTokenError) as excinfo:
        qrtoken_check(token, purpose="a", object_id=8, max_age=60)
    assert excinfo.value.code == "other_object"


@pytest.mark.parametrize("token", ["", "x", "eyJpZCI6N30:1abc:zzz", "a:b:c:d"])
def test_a_forged_qr_token_is_invalid(token):
    with pytest.raises(QrTokenError, match="invalid"):
        qrtoken_read(token, purpose="a", max_age=60)


def test_an_old_qr_token_is_expired(monkeypatch):
    token = qrtoken_make(purpose="a", object_id=7)
    later = __import__("time").time() + 120
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(QrTokenError, match="expired"):
        qrtoken_read(token, purpose="a", max_age=60)


# --- self check-in ---------------------------------------------------------------------------


def test_self_check_in_with_the_session_token_marks_the_participant(programme, participant):
    user, registration = participant
    session = programme.sessions.first()
    token = services.session_checkin_token(session=session)
    assert services.session_from_checkin_token(token=token) == session
    attendance = services.attendance_self_check_in(
        session=session, registration=registration, token=token, by_user=user
    )
    assert attendance.status in (AttendanceStatus.HADIR, AttendanceStatus.TERLAMBAT)
    assert attendance.by_scan
    assert attendance.marked_by == user


def test_self_check_in_with_the_token_of_another_session_is_refused(programme, participant):
    user, registration = participant
    first, second = programme.sessions.order_by("start_time")
    token = services.session_checkin_token(session=second)
    with pytest.raises(ValidationError, match="untuk sesi lain"):
        services.attendance_self_check_in(session=first, registration=registration, token=token, by_user=user)
    assert not Attendance.objects.exists()


def test_an_expired_session_token_is_refused_with_a_clear_message(programme, settings, monkeypatch):
    token = services.session_checkin_token(session=programme.sessions.first())
    later = __import__("time").time() + settings.TRAINING_CHECKIN_QR_TTL_S + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    with pytest.raises(ValidationError, match="sudah kedaluwarsa"):
        services.session_from_checkin_token(token=token)


def test_self_check_in_by_someone_of_another_programme_is_refused(programme, kutim):
    other = ProgrammeFactory()
    user, registration = participant_user(other, username="peserta.lain")
    session = programme.sessions.first()
    token = services.session_checkin_token(session=session)
    with pytest.raises(ValidationError, match="tidak terdaftar"):
        services.attendance_self_check_in(
            session=session, registration=registration, token=token, by_user=user
        )


# --- certificates only after the programme ---------------------------------------------------


def _attend_all(programme, registration):
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)


def test_the_programme_ends_with_its_last_session(programme):
    last = programme.sessions.order_by("-start_time").first()
    assert services.programme_ends_at(programme) == _at(last, 12)


def test_a_certificate_before_the_programme_ends_is_refused_without_a_reason(
    programme, participant, settings_media
):
    _user, registration = participant
    _attend_all(programme, registration)
    _upcoming(programme, days=0)
    Session.objects.filter(programme=programme).update(end_time=time(23, 59))
    with pytest.raises(ValidationError) as excinfo:
        services.certificate_issue(registration=registration)
    assert "belum selesai" in excinfo.value.message_dict["early_reason"][0]
    assert not Certificate.objects.exists()


def test_an_early_certificate_records_its_reason_in_the_history(
    programme, participant, settings_media, trainer
):
    _user, registration = participant
    _attend_all(programme, registration)
    _upcoming(programme, days=0)
    Session.objects.filter(programme=programme).update(end_time=time(23, 59))
    certificate = services.certificate_issue(
        registration=registration, by_user=trainer, early_reason="Peserta dinas luar pada hari penutupan"
    )
    record = certificate.history.first()
    assert record.history_change_reason == (
        "Diterbitkan sebelum Bimtek selesai: Peserta dinas luar pada hari penutupan"
    )


def test_issuing_all_before_the_end_needs_a_reason_and_the_job_keeps_it(
    programme, participant, settings_media
):
    _user, _registration = participant
    _upcoming(programme)
    with pytest.raises(ValidationError, match="belum selesai"):
        services.certificate_job_start(programme=programme)
    assert not CertificateJob.objects.exists()
    job = services.certificate_job_start(programme=programme, early_reason="Penutupan dimajukan")
    assert job.early_reason == "Penutupan dimajukan"


def test_a_certificate_after_the_programme_needs_no_reason(programme, participant, settings_media):
    _user, registration = participant
    _attend_all(programme, registration)
    certificate = services.certificate_issue(registration=registration)
    assert certificate.history.first().history_change_reason in (None, "")
