"""Pages of the trainer tools (#17): session QR, self check-in, the not-yet-started sheet, early
certificates, guest speakers, ticket codes typed in any form."""

from datetime import time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from training import services
from training.choices import AttendanceStatus
from training.models import Attendance, Certificate, CertificateJob, GuestSpeaker, Session
from training.tests.factories import ProgrammeFactory, participant_user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"training:{name}", args=args)


@pytest.fixture
def outsider(programme, kutim):
    user, _registration = participant_user(ProgrammeFactory(), username="peserta.luar")
    return user


def _today(programme):
    """Move the programme to today, its sessions running all day (so the programme is not over)."""
    shift = timezone.localdate() - programme.start_date
    programme.start_date += shift
    programme.end_date += shift
    programme.save()
    for session in programme.sessions.all():
        Session.objects.filter(pk=session.pk).update(date=session.date + shift)
    Session.objects.filter(programme=programme).update(end_time=time(23, 59))


def test_the_session_qr_page_and_image_are_for_the_trainer_only(programme, trainer, nobody, other_trainer):
    session = programme.sessions.first()
    for target in (
        url("session_qr", programme.pk, session.pk),
        url("session_qr_image", programme.pk, session.pk),
    ):
        assert_view_access(
            ViewAccessCase(
                url=target, without_permission=nobody, in_scope=trainer, out_of_scope=other_trainer
            )
        )


def test_the_session_qr_page_shows_a_live_link_and_its_svg(programme, trainer):
    session = programme.sessions.first()
    client = client_for(trainer)
    page = client.get(url("session_qr", programme.pk, session.pk))
    html = page.content.decode()
    assert 'http-equiv="refresh"' in html
    token = page.context["token"]
    assert services.session_from_checkin_token(token=token) == session
    image = client.get(url("session_qr_image", programme.pk, session.pk), {"t": token})
    assert image["Content-Type"] == "image/svg+xml"
    assert image.content.lstrip().startswith(b"<svg")


def test_a_participant_checks_in_by_scanning_the_session_qr(programme, participant):
    user, registration = participant
    session = programme.sessions.first()
    token = services.session_checkin_token(session=session)
    client = client_for(user)
    target = url("session_self_checkin", token)
    page = client.get(target)
    assert page.status_code == 200
    assert 'data-testid="self-checkin-submit"' in page.content.decode()
    assert not Attendance.objects.exists()
    done = client.post(target)
    assert done.status_code == 200
    assert "tercatat" in done.content.decode()
    attendance = Attendance.objects.get(session=session, registration=registration)
    assert attendance.by_scan
    assert attendance.marked_by == user


def test_self_check_in_needs_a_login_and_a_registration(programme, outsider):
    token = services.session_checkin_token(session=programme.sessions.first())
    target = url("session_self_checkin", token)
    assert Client().get(target).status_code == 302
    response = client_for(outsider).post(target)
    assert response.status_code == 404
    assert "Anda tidak terdaftar di Bimtek" in response.content.decode()
    assert not Attendance.objects.exists()


def test_an_expired_or_forged_qr_shows_a_clear_message(programme, participant, settings, monkeypatch):
    user, _registration = participant
    client = client_for(user)
    forged = client.post(url("session_self_checkin", "bukan-token"))
    assert forged.status_code == 400
    assert "Kode QR ini tidak sah" in forged.content.decode()
    token = services.session_checkin_token(session=programme.sessions.first())
    later = __import__("time").time() + settings.TRAINING_CHECKIN_QR_TTL_S + 5
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.post(url("session_self_checkin", token))
    assert "sudah kedaluwarsa" in expired.content.decode()
    assert not Attendance.objects.exists()


def test_the_sheet_of_a_session_not_yet_started_says_when_it_opens_and_refuses_marks(
    programme, trainer, participant
):
    shift = timedelta(days=7)
    programme.start_date += shift
    programme.end_date = programme.end_date + shift
    programme.save()
    session = programme.sessions.first()
    Session.objects.filter(pk=session.pk).update(date=timezone.localdate() + shift)
    target = url("attendance_sheet", programme.pk, session.pk)
    client = client_for(trainer)
    assert 'data-testid="attendance-not-open"' in client.get(target).content.decode()
    response = client.post(target, {"bulk": "1", "everyone": "1", "status": "hadir"}, follow=True)
    assert "belum dimulai" in response.content.decode()
    assert not Attendance.objects.exists()


def test_a_ticket_address_typed_in_lower_case_with_dashes_opens_the_ticket(participant):
    user, registration = participant
    code = registration.ticket_code
    typed = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
    response = client_for(user).get(url("ticket_detail", typed))
    assert response.status_code == 302
    assert response["Location"] == url("ticket_detail", code)
    assert client_for(user).get(url("ticket_qr", typed, "svg")).status_code == 200


def test_certificates_before_the_end_need_a_reason_on_the_page(
    programme, trainer, participant, settings_media
):
    _user, registration = participant
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    _today(programme)
    client = client_for(trainer)
    page = client.get(url("certificate_list", programme.pk)).content.decode()
    assert 'data-testid="certificate-not-ended"' in page
    refused = client.post(url("certificate_issue_one", programme.pk, registration.pk), follow=True)
    assert "Bimtek belum selesai" in refused.content.decode()
    refused_all = client.post(url("certificate_issue_all", programme.pk))
    assert refused_all.status_code == 302
    assert not Certificate.objects.exists()
    assert not CertificateJob.objects.exists()
    client.post(
        url("certificate_issue_one", programme.pk, registration.pk), {"early_reason": "Pulang lebih awal"}
    )
    certificate = Certificate.objects.get(registration=registration)
    assert "Pulang lebih awal" in certificate.history.first().history_change_reason


def test_a_session_names_a_guest_speaker_and_a_registry_speaker_who_is_no_participant(programme, trainer):
    from stakeholders.tests.factories import PositionFactory

    bupati = PositionFactory(
        person__full_name="Ardiansyah Sulaiman"
    ).person  # in the registry, not registered
    client = client_for(trainer)
    response = client.post(
        url("session_create", programme.pk),
        {
            "date": programme.start_date.isoformat(),
            "start_time": "07:00",
            "end_time": "07:30",
            "topic": "Pembukaan",
            "room": "Aula",
            "speakers": [bupati.pk],
            "guest_speakers": "Drs. Rizali Hadi, M.Si.; Sekretaris Daerah Kabupaten Kutai Timur\n\n",
        },
    )
    assert response.status_code == 302
    guest = GuestSpeaker.objects.get()
    assert list(guest.session.speakers.all()) == [bupati]
    assert (guest.name, guest.office) == (
        "Drs. Rizali Hadi, M.Si.",
        "Sekretaris Daerah Kabupaten Kutai Timur",
    )
    page = client.get(url("programme_detail", programme.pk)).content.decode()
    assert "Drs. Rizali Hadi, M.Si. (Sekretaris Daerah Kabupaten Kutai Timur)" in page
    assert "Ardiansyah Sulaiman" in page


def test_a_guest_speaker_line_without_a_name_is_a_field_error(programme, trainer):
    response = client_for(trainer).post(
        url("session_create", programme.pk),
        {
            "date": programme.start_date.isoformat(),
            "start_time": "07:00",
            "end_time": "07:30",
            "topic": "Pembukaan",
            "guest_speakers": "; Sekretaris Daerah",
        },
    )
    assert response.status_code == 200
    assert "Baris 1: nama narasumber wajib diisi" in str(response.context["form"].errors["guest_speakers"])
    assert not GuestSpeaker.objects.exists()


@pytest.mark.parametrize("typed", ["abc$def", "-", "%20", "A" * 40])
def test_a_ticket_address_that_cannot_be_a_code_is_a_404(participant, typed):
    user, _registration = participant
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get(url("ticket_detail", typed)).status_code == 404
    assert client.get(url("ticket_qr", typed, "svg")).status_code == 404
    assert client.get(reverse("certificate_verify", args=[typed])).status_code == 404
