"""Every Bimtek page: anonymous, without permission, in scope and out of scope (NetBox style)."""

import io
from datetime import date, time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.testing import ViewAccessCase, assert_readable_table, assert_view_access
from stakeholders.choices import OrgType
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory
from training import services
from training.choices import AttendanceStatus, TestKind
from training.models import Attendance, Certificate, Material, Programme, Registration
from training.tests.factories import ProgrammeFactory, participant_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, *args):
    return reverse(f"training:{name}", args=args)


@pytest.fixture
def outsider(programme, kutim):
    """A peserta of another programme: logged in, registered, but not in this programme."""
    user, _registration = participant_user(ProgrammeFactory(), username="peserta.luar")
    return user


def _certify(programme, registration):
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)
    return services.certificate_issue(registration=registration)


# --- entry pages ----------------------------------------------------------------


def test_index_sends_trainers_to_the_list_and_participants_to_their_tickets(trainer, participant):
    assert client_for(trainer).get(url("index"))["Location"] == url("programme_list")
    assert client_for(participant[0]).get(url("index"))["Location"] == url("my_training")


def test_my_training_shows_only_my_own_registrations(participant, outsider):
    user, registration = participant
    assert Client().get(url("my_training")).status_code == 302
    page = client_for(user).get(url("my_training")).content.decode()
    assert registration.programme.title in page
    assert registration.ticket_code in page
    assert registration.programme.title not in client_for(outsider).get(url("my_training")).content.decode()


def test_programme_list_access(programme, trainer, nobody):
    assert_view_access(ViewAccessCase(url=url("programme_list"), without_permission=nobody, in_scope=trainer))


def test_programme_list_hides_programmes_another_trainer_runs(programme, other_trainer, kesbangpol):
    assert programme.title not in client_for(other_trainer).get(url("programme_list")).content.decode()
    assert programme.title in client_for(kesbangpol).get(url("programme_list")).content.decode()


def test_programme_list_runs_a_fixed_number_of_queries(kesbangpol, django_assert_max_num_queries, kutim):
    for _ in range(30):
        ProgrammeFactory()
    client = client_for(kesbangpol)
    with django_assert_max_num_queries(10):
        response = client.get(url("programme_list"))
    assert response.status_code == 200


# --- programme and agenda -------------------------------------------------------


def test_programme_create_access(trainer, nobody):
    assert_view_access(
        ViewAccessCase(url=url("programme_create"), without_permission=nobody, in_scope=trainer)
    )


def test_a_trainer_creates_a_programme_and_then_manages_it(trainer):
    organiser = OrganisationFactory(org_type=OrgType.PEMDA)
    response = client_for(trainer).post(
        url("programme_create"),
        {
            "title": "Bimtek Baru",
            "organiser": organiser.pk,
            "venue": "Aula Kantor Bupati",
            "start_date": "2025-03-10",
            "end_date": "2025-03-11",
            "lesson_hours": 16,
            "quota": 30,
            "attendance_threshold": 80,
        },
    )
    programme = Programme.objects.get(title="Bimtek Baru")
    assert response["Location"] == programme.get_absolute_url()
    assert client_for(trainer).get(url("programme_update", programme.pk)).status_code == 200


def test_a_programme_ending_before_it_starts_gets_a_field_message(trainer):
    response = client_for(trainer).post(
        url("programme_create"),
        {
            "title": "Salah",
            "organiser": OrganisationFactory().pk,
            "venue": "X",
            "start_date": "2025-03-10",
            "end_date": "2025-03-01",
            "lesson_hours": 1,
            "quota": 1,
            "attendance_threshold": 80,
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.filter(title="Salah").exists()


def test_programme_detail_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("programme_detail", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_a_participant_sees_the_programme_but_not_the_management_tabs(programme, participant):
    page = client_for(participant[0]).get(url("programme_detail", programme.pk)).content.decode()
    assert "Teknik mitigasi konflik" in page
    assert url("checkin", programme.pk) not in page


def test_programme_update_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("programme_update", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_session_create_access_and_an_overlap_message(programme, trainer, nobody, other_trainer):
    data = {
        "date": "2024-10-29",
        "start_time": "08:00",
        "end_time": "09:00",
        "topic": "Simulasi penanganan gangguan keamanan",
        "room": "Ballroom",
    }
    assert_view_access(
        ViewAccessCase(
            url=url("session_create", programme.pk),
            method="post",
            data=data,
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    response = client_for(trainer).post(url("session_create", programme.pk), {**data, "start_time": "08:30"})
    assert "sudah dipakai sesi" in response.content.decode()
    outside = client_for(trainer).post(url("session_create", programme.pk), {**data, "date": "2024-11-05"})
    assert "Tanggal sesi harus di antara" in outside.content.decode()


# --- participants ---------------------------------------------------------------


def test_registration_list_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("registration_list", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_registration_list_runs_a_fixed_number_of_queries(programme, trainer, django_assert_max_num_queries):
    for _ in range(35):
        services.registration_create(
            programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
        )
    client = client_for(trainer)
    with django_assert_max_num_queries(14):
        response = client.get(url("registration_list", programme.pk))
    assert response.status_code == 200


def test_registering_a_person_from_the_registry_and_a_new_person(programme, trainer):
    programme.target_org_types = [OrgType.TNI_AD]
    programme.save()
    person = PositionFactory(
        office="babinsa", organisation=OrganisationFactory(org_type=OrgType.TNI_AD)
    ).person
    client = client_for(trainer)
    response = client.post(url("registration_list", programme.pk), {"person": person.pk, "role": "peserta"})
    assert response.status_code == 302
    response = client.post(
        url("registration_list", programme.pk), {"new_full_name": "Orang Baru Contoh", "role": "narasumber"}
    )
    assert response.status_code == 302
    assert programme.registrations.filter(person__full_name="Orang Baru Contoh", role="narasumber").exists()
    again = client.post(url("registration_list", programme.pk), {"person": person.pk, "role": "peserta"})
    assert "sudah terdaftar di Bimtek ini" in again.content.decode()


def test_registration_status_access(programme, trainer, nobody, other_trainer, participant):
    _user, registration = participant
    assert_view_access(
        ViewAccessCase(
            url=url("registration_status", programme.pk, registration.pk),
            method="post",
            data={"status": "confirmed"},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_registration_import_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("registration_import", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_import_previews_then_commits_all_rows(programme, trainer):
    org = OrganisationFactory(name="Bawaslu Kutai Timur Uji", org_type=OrgType.BAWASLU)
    content = _xlsx(
        [
            ["nama", "gelar", "organisasi", "peran"],
            ["Rina Contoh", "", org.name, "peserta"],
            ["Joko Contoh", "", org.name, "peserta"],
        ]
    )
    client = client_for(trainer)
    uploaded = client.post(
        url("registration_import", programme.pk), {"file": SimpleUploadedFile("peserta.xlsx", content)}
    )
    job = programme.registration_imports.get()
    assert uploaded["Location"] == job.get_absolute_url()
    assert "Simpan 2 baris" in client.get(job.get_absolute_url()).content.decode()
    assert not programme.registrations.filter(person__full_name="Rina Contoh").exists()
    response = client.post(url("registration_import_save", programme.pk, job.pk))
    assert response["Location"] == url("registration_list", programme.pk)
    assert programme.registrations.filter(organisation=org).count() == 2


def test_import_with_row_errors_shows_them_and_offers_no_commit(programme, trainer):
    content = b"nama,organisasi\nAni,Tidak Ada\n"
    response = client_for(trainer).post(
        url("registration_import", programme.pk), {"file": SimpleUploadedFile("p.csv", content)}, follow=True
    )
    page = response.content.decode()
    assert "Organisasi tidak ditemukan: Tidak Ada." in page
    assert "import-confirm" not in page
    job = programme.registration_imports.get()
    saved = client_for(trainer).post(url("registration_import_save", programme.pk, job.pk), follow=True)
    assert "Hanya impor tanpa masalah yang bisa disimpan" in saved.content.decode()
    assert not programme.registrations.filter(person__full_name="Ani").exists()


def test_import_of_a_wrongly_encoded_csv_gets_a_field_message(programme, trainer):
    response = client_for(trainer).post(
        url("registration_import", programme.pk),
        {"file": SimpleUploadedFile("p.csv", "nama,organisasi\nJosé,X\n".encode("utf-16"))},
    )
    assert "harus berenkode UTF-8" in response.content.decode()
    assert not programme.registration_imports.exists()


def test_participant_import_pages_access(programme, trainer, nobody, other_trainer):
    org = OrganisationFactory(name="KPU Uji Akses", org_type=OrgType.KPU)
    content = f"nama,organisasi\nAkses Contoh,{org.name}\n".encode()
    client_for(trainer).post(
        url("registration_import", programme.pk), {"file": SimpleUploadedFile("p.csv", content)}
    )
    job = programme.registration_imports.get()
    for name in ("registration_import_detail", "registration_import_progress"):
        assert_view_access(
            ViewAccessCase(
                url=url(name, programme.pk, job.pk),
                without_permission=nobody,
                in_scope=trainer,
                out_of_scope=other_trainer,
            )
        )
    assert_view_access(
        ViewAccessCase(
            url=url("registration_import_save", programme.pk, job.pk),
            method="post",
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    assert programme.registrations.filter(person__full_name="Akses Contoh").exists()


# --- tickets and check-in -------------------------------------------------------


def test_ticket_detail_access(programme, participant, nobody, other_trainer):
    _user, registration = participant
    assert_view_access(
        ViewAccessCase(
            url=url("ticket_detail", registration.ticket_code),
            without_permission=nobody,
            in_scope=participant[0],
            out_of_scope=other_trainer,
        )
    )


@pytest.mark.parametrize(("kind", "start"), [("svg", b"<svg"), ("png", b"\x89PNG")])
def test_ticket_qr_access_and_format(programme, participant, nobody, outsider, kind, start):
    user, registration = participant
    target = url("ticket_qr", registration.ticket_code, kind)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=user, out_of_scope=outsider)
    )
    assert client_for(user).get(target).content.startswith(start)


def test_the_trainer_sees_every_ticket_of_the_programme(programme, participant, trainer):
    assert client_for(trainer).get(url("ticket_detail", participant[1].ticket_code)).status_code == 200


def test_checkin_page_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("checkin", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_checkin_submit_access(programme, trainer, nobody, other_trainer, participant):
    session = programme.sessions.first()
    assert_view_access(
        ViewAccessCase(
            url=url("checkin_submit", programme.pk, session.pk),
            method="post",
            data={"code": participant[1].ticket_code},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_typed_check_in_confirms_then_refuses_a_double_and_a_foreign_ticket(
    programme, trainer, participant, outsider
):
    session = programme.sessions.first()
    client = client_for(trainer)
    target = url("checkin_submit", programme.pk, session.pk)
    first = client.post(target, {"code": participant[1].ticket_code}, headers={"HX-Request": "true"})
    assert "tercatat hadir" in first.content.decode()
    second = client.post(target, {"code": participant[1].ticket_code}, headers={"HX-Request": "true"})
    assert "sudah check-in pukul" in second.content.decode()
    foreign = Registration.objects.get(person__user=outsider)
    third = client.post(target, {"code": foreign.ticket_code})
    assert third.status_code == 422
    assert "berlaku untuk Bimtek lain" in third.content.decode()
    assert Attendance.objects.count() == 1


def test_attendance_sheet_access_and_manual_marking(programme, trainer, nobody, other_trainer, participant):
    session = programme.sessions.first()
    target = url("attendance_sheet", programme.pk, session.pk)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=trainer, out_of_scope=other_trainer)
    )
    response = client_for(trainer).post(target, {"registration": participant[1].pk, "status": "izin"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=session).status == "izin"


@pytest.mark.parametrize("value", ["abc", "1\x00", str(10**30), "-1", "", "1e308"])
def test_attendance_sheet_refuses_a_malformed_participant_with_a_message_not_a_500(
    programme, trainer, participant, value
):
    """The fuzz test's finding: a non-integer, NUL or huge ``registration`` value gave a 500."""
    session = programme.sessions.first()
    client = Client(raise_request_exception=False)
    client.force_login(trainer)
    response = client.post(
        url("attendance_sheet", programme.pk, session.pk), {"registration": value, "status": "izin"}
    )
    assert response.status_code == 400
    assert "Peserta: " in response.content.decode()  # the field's message, with its label
    assert not Attendance.objects.exists()


def test_attendance_sheet_refuses_a_participant_of_another_programme(programme, trainer, outsider):
    session = programme.sessions.first()
    foreign = Registration.objects.exclude(programme=programme).get()
    response = client_for(trainer).post(
        url("attendance_sheet", programme.pk, session.pk), {"registration": foreign.pk, "status": "hadir"}
    )
    assert response.status_code == 400
    assert "Peserta tidak terdaftar di Bimtek ini." in response.content.decode()
    assert not Attendance.objects.exists()


def test_twelve_participants_are_marked_present_in_one_click_and_exceptions_in_bulk(programme, trainer):
    """Two clicks a session: open the sheet, press "Tandai semua hadir"; then tick the exceptions."""
    people = [participant_user(programme)[1] for _n in range(12)]
    client = client_for(trainer)
    for session in programme.sessions.all():
        target = url("attendance_sheet", programme.pk, session.pk)
        page = client.get(target).content.decode()
        assert 'data-testid="mark-all-present"' in page
        response = client.post(target, {"bulk": "1", "everyone": "1", "status": "hadir"}, follow=True)
        assert "Kehadiran 13 peserta disimpan" in response.content.decode()  # twelve and the trainer
        marks = Attendance.objects.filter(session=session)
        assert marks.filter(status=AttendanceStatus.HADIR).count() == 13
        assert set(marks.values_list("registration", flat=True)) >= {r.pk for r in people}
    session = programme.sessions.first()
    target = url("attendance_sheet", programme.pk, session.pk)
    client.post(target, {"bulk": "1", "status": "izin", "registrations": [people[0].pk, people[1].pk]})
    statuses = dict(Attendance.objects.filter(session=session).values_list("registration", "status"))
    assert (statuses[people[0].pk], statuses[people[1].pk], statuses[people[2].pk]) == (
        "izin",
        "izin",
        "hadir",
    )


def test_a_bulk_mark_with_nobody_ticked_or_a_stranger_writes_nothing(programme, trainer, outsider):
    session = programme.sessions.first()
    target = url("attendance_sheet", programme.pk, session.pk)
    response = client_for(trainer).post(target, {"bulk": "1", "status": "hadir"}, follow=True)
    assert "Centang peserta yang akan ditandai." in response.content.decode()
    foreign = Registration.objects.exclude(programme=programme).get()
    response = client_for(trainer).post(
        target, {"bulk": "1", "status": "hadir", "registrations": [foreign.pk]}, follow=True
    )
    assert "Peserta tidak terdaftar di Bimtek ini." in response.content.decode()
    assert not Attendance.objects.exists()


# --- materials ------------------------------------------------------------------


def test_material_list_access(programme, participant, nobody, outsider):
    assert_view_access(
        ViewAccessCase(
            url=url("material_list", programme.pk),
            without_permission=nobody,
            in_scope=participant[0],
            out_of_scope=outsider,
        )
    )


def test_a_trainer_uploads_and_a_participant_downloads_as_attachment(
    programme, trainer, participant, nobody, outsider, settings_media
):
    response = client_for(trainer).post(
        url("material_list", programme.pk),
        {"title": "Modul Mitigasi", "file": SimpleUploadedFile("modul.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    material = Material.objects.get()
    target = url("material_download", material.pk)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=participant[0], out_of_scope=outsider)
    )
    download = client_for(participant[0]).get(target)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF_BYTES
    material.refresh_from_db()
    assert material.download_count == 2


def test_a_forged_upload_gets_a_field_message_and_nothing_is_stored(programme, trainer, settings_media):
    response = client_for(trainer).post(
        url("material_list", programme.pk),
        {"title": "Palsu", "file": SimpleUploadedFile("modul.pdf", b"<html>bukan pdf</html>")},
    )
    assert "Isi berkas bukan PDF" in response.content.decode()
    assert not Material.objects.exists()


def test_a_participant_cannot_upload(programme, participant, settings_media):
    response = client_for(participant[0]).post(
        url("material_list", programme.pk), {"title": "X", "file": SimpleUploadedFile("m.pdf", PDF_BYTES)}
    )
    assert response.status_code == 404
    assert not Material.objects.exists()


# --- tests and evaluation -------------------------------------------------------


def test_question_list_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("question_list", programme.pk),
            method="post",
            data={"text": "Apa itu Tiga Pilar?", "choice_1": "A", "choice_2": "B", "correct": "1"},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    assert programme.questions.get().correct_index == 1


def test_test_take_access_and_scoring(programme, trainer, participant, nobody, outsider):
    question = services.question_add(
        programme=programme, text="Siapa Tiga Pilar?", choices=["a", "b"], correct_index=0
    )
    target = url("test_take", programme.pk, "pre")
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=participant[0], out_of_scope=outsider)
    )
    client_for(participant[0]).post(target, {f"q{question.pk}": "0"})
    assert participant[1].test_attempts.get(kind=TestKind.PRE).score == 100


def test_evaluation_take_access_and_anonymous_answer(programme, participant, nobody, outsider):
    target = url("evaluation_take", programme.pk)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=participant[0], out_of_scope=outsider)
    )
    response = client_for(participant[0]).post(
        target, {"relevance": 5, "delivery": 4, "usefulness": 5, "comment": "Bagus", "anonymous": "on"}
    )
    assert response.status_code == 302
    assert programme.evaluations.get().registration is None


def test_evaluation_summary_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("evaluation_summary", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


# --- certificates ---------------------------------------------------------------


def test_certificate_list_access(programme, trainer, nobody, other_trainer, participant):
    assert_view_access(
        ViewAccessCase(
            url=url("certificate_list", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_issuing_one_certificate_for_someone_not_eligible_says_why(
    programme, trainer, participant, settings_media
):
    response = client_for(trainer).post(
        url("certificate_issue_one", programme.pk, participant[1].pk), follow=True
    )
    assert "belum memenuhi syarat sertifikat" in response.content.decode()
    assert not Certificate.objects.exists()


def test_certificate_issue_one_access(programme, trainer, nobody, other_trainer, participant, settings_media):
    for session in programme.sessions.all():
        services.attendance_mark(registration=participant[1], session=session, status=AttendanceStatus.HADIR)
    assert_view_access(
        ViewAccessCase(
            url=url("certificate_issue_one", programme.pk, participant[1].pk),
            method="post",
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    assert Certificate.objects.filter(registration=participant[1]).exists()


def test_certificate_download_access(programme, participant, nobody, outsider, settings_media):
    certificate = _certify(programme, participant[1])
    target = url("certificate_download", certificate.code)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=participant[0], out_of_scope=outsider)
    )
    response = client_for(participant[0]).get(target)
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_certificate_revoke_access_and_the_verification_page_shows_revoked(
    programme, trainer, nobody, other_trainer, participant, settings_media
):
    certificate = _certify(programme, participant[1])
    assert_view_access(
        ViewAccessCase(
            url=url("certificate_revoke", programme.pk, certificate.pk),
            method="post",
            data={"reason": "Salah nama"},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    page = Client().get(reverse("certificate_verify", args=[certificate.code])).content.decode()
    assert "DICABUT" in page


def test_the_public_verification_page_confirms_a_valid_certificate_without_other_data(
    programme, participant, settings_media
):
    certificate = _certify(programme, participant[1])
    response = Client().get(reverse("certificate_verify", args=[certificate.code.lower()]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sertifikat ini SAH" in page
    assert str(participant[1].person) in page
    assert participant[1].ticket_code not in page
    assert str(participant[1].organisation) not in page


def test_a_tampered_verification_code_is_not_found(programme, participant, settings_media):
    certificate = _certify(programme, participant[1])
    tampered = certificate.code[:-1] + ("A" if certificate.code[-1] != "A" else "B")
    response = Client().get(reverse("certificate_verify", args=[tampered]))
    assert response.status_code == 404
    assert "tidak ditemukan" in response.content.decode()
    assert str(participant[1].person) not in response.content.decode()


def test_certificate_job_progress_access_and_polling_stops_when_done(
    programme, trainer, nobody, other_trainer, participant, settings_media
):
    job = programme.certificate_jobs.create()
    services.certificate_job_run(job_id=job.pk)
    target = url("certificate_job_progress", programme.pk, job.pk)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=trainer, out_of_scope=other_trainer)
    )
    response = client_for(trainer).get(target, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "every 1s" not in response.content.decode()
    assert "0 sertifikat diterbitkan, 1 dilewati" in response.content.decode()


@pytest.mark.worker
def test_issuing_for_the_whole_programme_runs_on_the_worker(celery_worker, kutim, settings_media, trainer):
    import time as clock

    programme = ProgrammeFactory()
    services.registration_create(programme=programme, person=trainer.person, role="fasilitator")
    services.session_create(
        programme=programme, date=date(2024, 10, 28), start_time=time(8), end_time=time(9), topic="Satu"
    )
    _user, registration = participant_user(programme, username="peserta.worker")
    services.attendance_mark(
        registration=registration, session=programme.sessions.get(), status=AttendanceStatus.HADIR
    )
    response = client_for(trainer).post(
        url("certificate_issue_all", programme.pk), headers={"HX-Request": "true"}
    )
    assert "every 1s" in response.content.decode()
    job = programme.certificate_jobs.get()
    deadline = clock.monotonic() + 30
    while clock.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == "selesai":
            break
        clock.sleep(0.2)
    assert (job.status, job.issued) == ("selesai", 1)
    assert Certificate.objects.filter(registration=registration).exists()


def test_certificate_issue_all_access(
    programme, trainer, nobody, other_trainer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        assert_view_access(
            ViewAccessCase(
                url=url("certificate_issue_all", programme.pk),
                method="post",
                without_permission=nobody,
                in_scope=trainer,
                out_of_scope=other_trainer,
                ok_status=(302,),
            )
        )
    assert programme.certificate_jobs.count() == 1


# --- reports --------------------------------------------------------------------


def test_programme_report_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("programme_report", programme.pk),
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
        )
    )


def test_programme_report_runs_a_fixed_number_of_queries(programme, trainer, django_assert_max_num_queries):
    for _ in range(35):
        registration = services.registration_create(
            programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
        )
        services.attendance_mark(
            registration=registration, session=programme.sessions.first(), status="hadir"
        )
    client = client_for(trainer)
    with django_assert_max_num_queries(14):
        response = client.get(url("programme_report", programme.pk))
    assert response.status_code == 200


def test_programme_report_xlsx_access_and_content(programme, trainer, nobody, other_trainer, participant):
    services.attendance_mark(registration=participant[1], session=programme.sessions.first(), status="hadir")
    target = url("programme_report_xlsx", programme.pk)
    assert_view_access(
        ViewAccessCase(url=target, without_permission=nobody, in_scope=trainer, out_of_scope=other_trainer)
    )
    workbook = load_workbook(io.BytesIO(client_for(trainer).get(target).content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[1][2] == "Teknik mitigasi konflik"
    assert rows[1][3] == 1


def test_coverage_report_access_and_export(trainer, nobody, kutim):
    assert_view_access(
        ViewAccessCase(url=url("coverage_report"), without_permission=nobody, in_scope=trainer)
    )
    response = client_for(trainer).get(url("coverage_report"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 19


def test_the_person_picker_is_searchable_and_short(programme, trainer):
    # People of the programme's organiser are in its scope (a trainer registers no one else).
    wanted = PositionFactory(
        office="tokoh_adat", person__full_name="Yohanes Kenari Unik", organisation=programme.organiser
    ).person
    for _ in range(3):
        PositionFactory(office="tokoh_adat", organisation=programme.organiser)
    response = client_for(trainer).get(url("registration_list", programme.pk), {"cari": "kenari unik"})
    choices = list(response.context["form"].fields["person"].queryset)
    assert choices == [wanted]


def test_session_trainers_are_chosen_from_the_programme_staff(programme, trainer):
    response = client_for(trainer).get(url("programme_detail", programme.pk))
    assert list(response.context["session_form"].fields["trainers"].queryset) == [trainer.person]


def test_batch_create_access_and_registering_into_a_batch(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("batch_create", programme.pk),
            method="post",
            data={"number": 1, "label": "Angkatan I"},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    batch = programme.batches.get()
    response = client_for(trainer).post(
        url("registration_list", programme.pk),
        {"new_full_name": "Peserta Angkatan", "role": "peserta", "batch": batch.pk},
    )
    assert response.status_code == 302
    assert programme.registrations.get(person__full_name="Peserta Angkatan").batch == batch


def test_attendance_sheet_and_certificate_list_run_a_fixed_number_of_queries(
    programme, trainer, django_assert_max_num_queries
):
    session = programme.sessions.first()
    for _ in range(35):
        registration = services.registration_create(
            programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
        )
        services.attendance_mark(registration=registration, session=session, status="hadir")
    client = client_for(trainer)
    with django_assert_max_num_queries(12):
        sheet = client.get(url("attendance_sheet", programme.pk, session.pk))
    with django_assert_max_num_queries(14):
        certificates = client.get(url("certificate_list", programme.pk))
    assert sheet.content.decode().count('<option value="hadir" selected>') == 35
    assert certificates.status_code == 200


def test_org_type_quota_set_access(programme, trainer, nobody, other_trainer):
    assert_view_access(
        ViewAccessCase(
            url=url("org_type_quota_set", programme.pk),
            method="post",
            data={"org_type": "polri", "quota": 5},
            without_permission=nobody,
            in_scope=trainer,
            out_of_scope=other_trainer,
            ok_status=(302,),
        )
    )
    assert programme.org_type_quotas.get().quota == 5


def test_a_participant_cannot_open_another_participants_ticket_or_certificate(
    programme, participant, settings_media
):
    _other_user, other = participant_user(programme, username="peserta.kedua")
    certificate = _certify(programme, other)
    client = client_for(participant[0])
    assert client.get(url("ticket_detail", other.ticket_code)).status_code == 404
    assert client.get(url("ticket_qr", other.ticket_code, "png")).status_code == 404
    assert client.get(url("certificate_download", certificate.code)).status_code == 404
    assert client.get(url("registration_list", programme.pk)).status_code == 403


def test_the_kabupaten_leadership_reads_every_programme_but_changes_nothing(programme, kutim):
    from stakeholders.choices import Office
    from stakeholders.tests.factories import user_with_office

    bupati = user_with_office(Office.BUPATI, "64.08", username="bupati.uji")
    client = client_for(bupati)
    assert programme.title in client.get(url("programme_list")).content.decode()
    assert client.get(url("programme_report", programme.pk)).status_code == 200
    assert client.get(url("programme_create")).status_code == 403
    assert client.post(url("certificate_issue_all", programme.pk)).status_code == 403


def test_programme_report_and_coverage_xlsx_read_as_tables(programme, trainer, participant, kutim):
    services.attendance_mark(registration=participant[1], session=programme.sessions.first(), status="hadir")
    content = client_for(trainer).get(url("programme_report_xlsx", programme.pk)).content
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        assert_readable_table(sheet)
    session_day = workbook.worksheets[0]["A2"]
    assert session_day.number_format == "dd/mm/yyyy"
    response = client_for(trainer).get(url("coverage_report"), {"format": "xlsx"})
    assert_readable_table(load_workbook(io.BytesIO(response.content)).active, min_row_count=19)
