"""Rules of the Bimtek services: agenda, registration, check-in, materials, tests, certificates."""

import io
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from stakeholders.choices import Office, OrgType
from stakeholders.models import Person
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory
from training import selectors, services
from training.choices import AttendanceStatus, RegistrationRole, RegistrationStatus, TestKind
from training.models import Attendance, Certificate, Material, Registration
from training.tests.factories import ProgrammeFactory, participant_user

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- agenda ---------------------------------------------------------------------


def test_a_session_outside_the_programme_dates_is_refused(programme, trainer):
    with pytest.raises(ValidationError, match="Tanggal sesi harus di antara"):
        services.session_create(
            programme=programme,
            date=date(2024, 11, 2),
            start_time=time(8),
            end_time=time(9),
            topic="X",
            by_user=trainer,
        )


def test_a_session_overlapping_another_in_the_same_room_is_refused(programme, trainer):
    with pytest.raises(ValidationError, match="sudah dipakai sesi"):
        services.session_create(
            programme=programme,
            date=date(2024, 10, 28),
            start_time=time(9, 30),
            end_time=time(11),
            topic="Tumpang tindih",
            room="ballroom",
            by_user=trainer,
        )
    assert programme.sessions.count() == 2


def test_the_same_time_in_another_room_is_allowed(programme, trainer):
    services.session_create(
        programme=programme,
        date=date(2024, 10, 28),
        start_time=time(9, 30),
        end_time=time(11),
        topic="Simulasi kelompok B",
        room="Ruang Mahakam",
        by_user=trainer,
    )
    assert programme.sessions.count() == 3


def test_a_session_ending_before_it_starts_is_refused(programme, trainer):
    with pytest.raises(ValidationError, match="Jam selesai harus setelah jam mulai"):
        services.session_create(
            programme=programme,
            date=date(2024, 10, 29),
            start_time=time(10),
            end_time=time(9),
            topic="X",
            by_user=trainer,
        )


# --- registration ---------------------------------------------------------------


def test_registering_the_same_person_twice_is_refused(programme, participant):
    _user, registration = participant
    with pytest.raises(ValidationError, match="sudah terdaftar"):
        services.registration_create(programme=programme, person=registration.person)


def test_registration_over_quota_is_refused(kutim):
    programme = ProgrammeFactory(quota=1)
    services.registration_create(
        programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="Kuota peserta \\(1 orang\\) sudah penuh"):
        services.registration_create(
            programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
        )
    assert programme.registrations.count() == 1


def test_staff_do_not_count_against_the_quota(kutim):
    programme = ProgrammeFactory(quota=1)
    services.registration_create(
        programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
    )
    services.registration_create(programme=programme, person=PersonFactory(), role=RegistrationRole.PANITIA)
    assert programme.registrations.count() == 2


def test_registration_over_an_org_type_quota_is_refused(kutim):
    programme = ProgrammeFactory()
    services.org_type_quota_set(programme=programme, org_type=OrgType.POLRI, quota=1)
    police = OrganisationFactory(org_type=OrgType.POLRI)
    services.registration_create(programme=programme, person=PersonFactory(), organisation=police)
    with pytest.raises(ValidationError, match="Kuota untuk Polri"):
        services.registration_create(programme=programme, person=PersonFactory(), organisation=police)
    services.registration_create(
        programme=programme, person=PersonFactory(), organisation=OrganisationFactory(org_type=OrgType.KPU)
    )


def test_a_person_outside_the_target_org_types_is_refused(kutim):
    programme = ProgrammeFactory(target_org_types=[OrgType.KPU, OrgType.BAWASLU])
    with pytest.raises(ValidationError, match="hanya untuk peserta dari"):
        services.registration_create(
            programme=programme,
            person=PersonFactory(),
            organisation=OrganisationFactory(org_type=OrgType.POLRI),
        )
    assert not programme.registrations.exists()


def test_the_organisation_defaults_to_the_persons_current_position(kutim):
    programme = ProgrammeFactory()
    position = PositionFactory(office=Office.BABINSA)
    registration = services.registration_create(programme=programme, person=position.person)
    assert registration.organisation == position.organisation


def test_ticket_codes_are_long_unguessable_and_distinct(programme, participant):
    codes = set(Registration.objects.values_list("ticket_code", flat=True))
    assert len(codes) == Registration.objects.count()
    assert all(len(code) == 12 for code in codes)


def test_reactivating_a_withdrawn_peserta_checks_the_quota(kutim):
    programme = ProgrammeFactory(quota=1)
    first = services.registration_create(
        programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
    )
    services.registration_set_status(registration=first, status=RegistrationStatus.WITHDRAWN)
    services.registration_create(
        programme=programme, person=PersonFactory(), organisation=OrganisationFactory()
    )
    with pytest.raises(ValidationError, match="sudah penuh"):
        services.registration_set_status(registration=first, status=RegistrationStatus.CONFIRMED)


def test_a_new_person_is_added_to_the_registry_on_registration(programme, trainer):
    registration = services.registration_create_new_person(
        programme=programme,
        full_name="Siti Aminah Contoh",
        organisation=OrganisationFactory(),
        by_user=trainer,
    )
    assert Person.objects.filter(full_name="Siti Aminah Contoh").count() == 1
    assert registration.person.full_name == "Siti Aminah Contoh"


# --- import ---------------------------------------------------------------------


def test_an_import_with_wrong_columns_is_refused_with_the_expected_columns(programme):
    content = xlsx_bytes([["Peserta", "Keterangan"], ["A", "B"]])
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert not preview.ok
    assert "Kolom wajib tidak ada: nama, organisasi" in preview.errors[0]


def test_a_clerks_participant_sheet_goes_in_with_its_title_row_own_headers_and_titles(programme):
    OrganisationFactory(name="Kepolisian Sektor Uji", short_name="Polsek Uji", org_type=OrgType.POLRI)
    content = xlsx_bytes(
        [
            ["DAFTAR PESERTA BIMTEK"],
            ["No", "Nama Lengkap", "Instansi", "Sebagai"],
            [1, "Drs. H. Ahmad Yani, M.Si", "Polsek Uji", "Peserta"],
            [2, "S.Sos. Siti Rahmawati", "kepolisian sektor uji", "Narsum"],
        ]
    )
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert preview.ok, [r.errors for r in preview.rows]
    assert [row.line for row in preview.rows] == [3, 4]
    assert [row.display_name for row in preview.rows] == ["Drs. H. Ahmad Yani, M.Si", "Siti Rahmawati, S.Sos"]
    assert [row.role for row in preview.rows] == ["peserta", "narasumber"]
    created = services.registrations_import_commit(programme=programme, rows=preview.as_data())
    assert str(created[0].person) == "Drs. H. Ahmad Yani, M.Si"


def test_a_csv_in_another_encoding_is_refused_in_indonesian(programme):
    content = "nama,organisasi\nJos\xe9 Contoh,Polres\n".encode("utf-16")
    with pytest.raises(ValidationError, match="harus berenkode UTF-8"):
        services.registrations_import_parse(programme=programme, content=content)


def test_a_file_is_read_by_its_content_not_its_name(programme):
    preview = services.registrations_import_parse(programme=programme, content=b"nama,organisasi\nAni,X\n")
    assert [row.full_name for row in preview.rows] == ["Ani"]


def test_import_rows_with_duplicates_unknown_organisations_and_roles_get_row_errors(programme):
    police = OrganisationFactory(name="Polsek Sangatta Utara Uji", org_type=OrgType.POLRI)
    content = xlsx_bytes(
        [
            ["nama", "gelar", "organisasi", "peran"],
            ["Budi Contoh", "Aiptu", police.name, "peserta"],
            ["budi contoh", "", police.name, "peserta"],
            ["Ani Contoh", "", "Organisasi Khayalan", "peserta"],
            ["Rudi Contoh", "", police.name, "penonton"],
        ]
    )
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert not preview.ok
    errors = {row.line: " ".join(row.errors) for row in preview.rows}
    assert errors[2] == ""
    assert "Nama ganda: sama dengan baris 2" in errors[3]
    assert "Organisasi tidak ditemukan" in errors[4]
    assert "Peran tidak dikenal" in errors[5]


def test_an_import_over_quota_is_refused_before_anything_is_written(kutim):
    programme = ProgrammeFactory(quota=1)
    org = OrganisationFactory()
    content = f"nama;organisasi\nSatu Contoh;{org.name}\nDua Contoh;{org.name}\n".encode()
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert "Melebihi kuota" in preview.errors[0]
    assert not programme.registrations.exists()


def test_a_good_import_registers_everyone_and_reuses_people_in_the_registry(programme):
    org = OrganisationFactory(name="KPU Kutai Timur Uji", org_type=OrgType.KPU)
    existing = PersonFactory(full_name="Dewi Terdaftar")
    content = f"nama,gelar,organisasi,peran\nDewi Terdaftar,,{org.name},peserta\nBaru Sekali,S.H.,{org.name},\n".encode(
        "utf-8-sig"
    )
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert preview.ok, [r.errors for r in preview.rows]
    created = services.registrations_import_commit(programme=programme, rows=preview.as_data())
    assert {r.person.full_name for r in created} == {"Dewi Terdaftar", "Baru Sekali"}
    assert created[0].person == existing
    assert all(r.organisation == org for r in created)


def test_an_import_that_fails_on_one_row_writes_nothing(kutim):
    programme = ProgrammeFactory(quota=1)
    org = OrganisationFactory()
    rows = [
        {
            "full_name": "Satu",
            "honorific": "",
            "organisation_id": org.id,
            "person_id": None,
            "role": "peserta",
        },
        {
            "full_name": "Dua",
            "honorific": "",
            "organisation_id": org.id,
            "person_id": None,
            "role": "peserta",
        },
    ]
    people_before = Person.objects.count()
    with pytest.raises(ValidationError, match=r"Baris 3: .*Tidak ada yang disimpan"):
        services.registrations_import_commit(programme=programme, rows=rows)
    assert not programme.registrations.exists()
    assert Person.objects.count() == people_before


# --- check-in -------------------------------------------------------------------


def test_check_in_with_the_ticket_code_marks_the_participant_present(programme, participant, trainer):
    _user, registration = participant
    session = programme.sessions.first()
    attendance = services.attendance_check_in(
        session=session, code=registration.ticket_code.lower(), by_user=trainer
    )
    assert attendance.status == AttendanceStatus.HADIR
    assert attendance.by_scan


@pytest.mark.parametrize(
    "typed", ["{g1} {g2} {g3}", "{g1}-{g2}-{g3}", " {g1}.{g2}_{g3} ", "{g1}\t{g2} - {g3}"]
)
def test_a_ticket_code_typed_in_groups_in_any_case_is_recognised(programme, participant, typed):
    _user, registration = participant
    code = registration.ticket_code.lower()
    text = typed.format(g1=code[:4], g2=code[4:8], g3=code[8:])
    attendance = services.attendance_check_in(session=programme.sessions.first(), code=text)
    assert attendance.registration == registration


def test_a_second_check_in_is_refused_with_the_first_time(programme, participant):
    _user, registration = participant
    session = programme.sessions.first()
    services.attendance_check_in(session=session, code=registration.ticket_code)
    with pytest.raises(ValidationError, match="sudah check-in pukul"):
        services.attendance_check_in(session=session, code=registration.ticket_code)
    assert Attendance.objects.filter(session=session).count() == 1


def test_a_ticket_of_another_programme_is_refused(programme, kutim):
    other = ProgrammeFactory()
    _user, registration = participant_user(other, username="peserta.lain")
    with pytest.raises(ValidationError, match="berlaku untuk Bimtek lain"):
        services.attendance_check_in(session=programme.sessions.first(), code=registration.ticket_code)
    assert not Attendance.objects.exists()


def test_an_unknown_ticket_is_refused(programme):
    with pytest.raises(ValidationError, match="tidak dikenal"):
        services.attendance_check_in(session=programme.sessions.first(), code="ZZZZZZZZZZZZ")


def test_a_withdrawn_participant_cannot_check_in(programme, participant):
    _user, registration = participant
    services.registration_set_status(registration=registration, status=RegistrationStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="Mengundurkan diri"):
        services.attendance_check_in(session=programme.sessions.first(), code=registration.ticket_code)


def test_arriving_more_than_a_quarter_hour_late_is_marked_terlambat(programme, participant):
    _user, registration = participant
    session = programme.sessions.first()
    late = timezone.make_aware(datetime.combine(session.date, time(8, 40)))
    attendance = services.attendance_check_in(session=session, code=registration.ticket_code, now=late)
    assert attendance.status == AttendanceStatus.TERLAMBAT


def test_manual_marking_after_izin_then_check_in_upgrades_it(programme, participant):
    _user, registration = participant
    session = programme.sessions.first()
    services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.IZIN)
    attendance = services.attendance_check_in(session=session, code=registration.ticket_code)
    assert attendance.status == AttendanceStatus.HADIR
    assert Attendance.objects.filter(session=session).count() == 1


def test_attendance_changes_are_audited_with_the_user(programme, participant, trainer):
    _user, registration = participant
    attendance = services.attendance_mark(
        registration=registration,
        session=programme.sessions.first(),
        status=AttendanceStatus.ABSEN,
        by_user=trainer,
    )
    assert attendance.history.first().history_user == trainer


# --- materials ------------------------------------------------------------------


def test_a_pdf_material_is_stored_privately_under_a_random_name(programme, trainer, settings_media):
    upload = SimpleUploadedFile("../../modul 1.pdf", PDF_BYTES, content_type="application/pdf")
    material = services.material_upload(
        programme=programme, title="Modul 1", uploaded=upload, by_user=trainer
    )
    assert material.file.name.startswith(f"training/materials/{programme.pk}/")
    assert material.file.name.endswith(".pdf")
    assert ".." not in material.file.name
    assert default_storage.open(material.file.name).read() == PDF_BYTES
    assert material.content_type == "application/pdf"


def test_a_forged_upload_is_refused_by_its_content(programme, trainer, settings_media):
    upload = SimpleUploadedFile(
        "modul.pdf", b"MZ\x90\x00 this is a windows program", content_type="application/pdf"
    )
    with pytest.raises(ValidationError, match="Isi berkas bukan PDF"):
        services.material_upload(programme=programme, title="Palsu", uploaded=upload, by_user=trainer)
    assert not Material.objects.exists()


def test_an_oversized_upload_is_refused(programme, trainer, settings_media):
    settings_media.UPLOAD_MAX_BYTES = 100
    upload = SimpleUploadedFile("besar.pdf", PDF_BYTES + b"0" * 200, content_type="application/pdf")
    with pytest.raises(ValidationError, match="Berkas terlalu besar"):
        services.material_upload(programme=programme, title="Besar", uploaded=upload, by_user=trainer)
    assert not Material.objects.exists()


def test_a_video_link_needs_no_file(programme, trainer):
    material = services.material_upload(
        programme=programme, title="Rekaman", video_url="https://video.contoh.invalid/sesi1", by_user=trainer
    )
    assert material.video_url


# --- tests and evaluation -------------------------------------------------------


def _bank(programme, trainer):
    for i in range(4):
        services.question_add(
            programme=programme, text=f"Soal {i}", choices=["a", "b", "c"], correct_index=1, by_user=trainer
        )
    return list(programme.questions.all())


def test_tests_are_scored_and_the_gain_is_reported_per_org_type(programme, participant, trainer):
    _user, registration = participant
    questions = _bank(programme, trainer)
    pre = services.test_submit(
        registration=registration,
        kind=TestKind.PRE,
        answers={q.id: (1 if i == 0 else 0) for i, q in enumerate(questions)},
    )
    post = services.test_submit(
        registration=registration,
        kind=TestKind.POST,
        answers={q.id: (1 if i < 3 else 0) for i, q in enumerate(questions)},
    )
    assert (pre.score, post.score) == (Decimal("25.00"), Decimal("75.00"))
    rows = selectors.learning_gain_by_org_type(programme=programme)
    assert rows == [
        {
            "org_type": "polri",
            "label": "Polri",
            "participants": 1,
            "pre": Decimal("25.0"),
            "post": Decimal("75.0"),
            "gain": Decimal("50.0"),
        }
    ]


def test_a_test_can_be_taken_once(programme, participant, trainer):
    _user, registration = participant
    _bank(programme, trainer)
    services.test_submit(registration=registration, kind=TestKind.PRE, answers={})
    with pytest.raises(ValidationError, match="sudah dikerjakan"):
        services.test_submit(registration=registration, kind=TestKind.PRE, answers={})


def test_a_question_needs_two_choices_and_a_valid_answer(programme, trainer):
    with pytest.raises(ValidationError, match="minimal dua pilihan"):
        services.question_add(programme=programme, text="?", choices=["a", ""], correct_index=0)
    with pytest.raises(ValidationError, match="salah satu pilihan"):
        services.question_add(programme=programme, text="?", choices=["a", "b"], correct_index=3)


def test_an_anonymous_evaluation_keeps_no_link_to_the_participant_and_is_given_once(
    programme, participant, trainer
):
    _user, registration = participant
    session = programme.sessions.first()
    response = services.evaluation_submit(
        registration=registration, session=session, relevance=5, delivery=4, usefulness=5, anonymous=True
    )
    assert response.registration is None
    with pytest.raises(ValidationError, match="sudah mengisi evaluasi"):
        services.evaluation_submit(
            registration=registration, session=session, relevance=1, delivery=1, usefulness=1
        )
    summary = selectors.evaluation_summary(programme=programme)
    assert summary["by_trainer"][0]["person"] == trainer.person
    assert summary["by_trainer"][0]["delivery"] == 4.0


# --- certificates ---------------------------------------------------------------


def _attend_all(programme, registration):
    for session in programme.sessions.all():
        services.attendance_mark(registration=registration, session=session, status=AttendanceStatus.HADIR)


def test_a_certificate_for_someone_below_the_attendance_threshold_is_refused(
    programme, participant, settings_media
):
    _user, registration = participant
    services.attendance_mark(
        registration=registration, session=programme.sessions.first(), status=AttendanceStatus.HADIR
    )
    with pytest.raises(ValidationError, match="Kehadiran 50% di bawah syarat 80%"):
        services.certificate_issue(registration=registration)
    assert not Certificate.objects.exists()


def test_a_certificate_needs_the_post_test_pass_mark_when_set(programme, participant, settings_media):
    _user, registration = participant
    programme.pass_mark = 70
    programme.save()
    _attend_all(programme, registration)
    with pytest.raises(ValidationError, match="Nilai post-test - di bawah nilai lulus 70"):
        services.certificate_issue(registration=registration)


def test_an_eligible_participant_gets_a_pdf_certificate_with_a_verification_code(
    programme, participant, trainer, settings_media
):
    _user, registration = participant
    _attend_all(programme, registration)
    certificate = services.certificate_issue(registration=registration, by_user=trainer)
    assert len(certificate.code) == 16
    content = default_storage.open(certificate.pdf.name).read()
    assert content.startswith(b"%PDF")
    with pytest.raises(ValidationError, match="sudah memiliki sertifikat"):
        services.certificate_issue(registration=registration)


def test_a_revoked_certificate_keeps_its_reason(programme, participant, trainer, settings_media):
    _user, registration = participant
    _attend_all(programme, registration)
    certificate = services.certificate_issue(registration=registration)
    with pytest.raises(ValidationError, match="Alasan pencabutan wajib diisi"):
        services.certificate_revoke(certificate=certificate, reason=" ")
    services.certificate_revoke(certificate=certificate, reason="Data kehadiran dipalsukan", by_user=trainer)
    certificate.refresh_from_db()
    assert certificate.is_revoked
    assert certificate.history.first().history_user == trainer


def test_the_certificate_job_issues_only_eligible_participants(programme, participant, settings_media, kutim):
    _user, registration = participant
    _attend_all(programme, registration)
    participant_user(programme, username="tidak.hadir")
    job = services.certificate_job_start(programme=programme)
    assert services.certificate_job_run(job_id=job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.total, job.issued, job.skipped) == ("selesai", 2, 1, 1)
    assert list(Certificate.objects.values_list("registration_id", flat=True)) == [registration.pk]
    # Safe to run twice.
    assert services.certificate_job_run(job_id=job.pk) == "skipped"
    assert Certificate.objects.count() == 1


# --- coverage -------------------------------------------------------------------


def test_coverage_counts_tiga_pilar_seats_and_election_bodies_trained_per_kecamatan(programme, kutim):
    from regions.models import AdminUnit

    desa = AdminUnit.objects.get(code="64.08.04.2001")
    babinsa = PositionFactory(office=Office.BABINSA, area=desa, organisation=OrganisationFactory(area=desa))
    PositionFactory(office=Office.CAMAT, area=AdminUnit.objects.get(code="64.08.04"))
    kpu = OrganisationFactory(org_type=OrgType.KPU, area=AdminUnit.objects.get(code="64.08.04"))
    OrganisationFactory(org_type=OrgType.BAWASLU, area=AdminUnit.objects.get(code="64.08.04"))
    registration = services.registration_create(programme=programme, person=babinsa.person)
    services.attendance_mark(
        registration=registration, session=programme.sessions.first(), status=AttendanceStatus.HADIR
    )
    kpu_member = services.registration_create(programme=programme, person=PersonFactory(), organisation=kpu)
    services.attendance_mark(
        registration=kpu_member, session=programme.sessions.first(), status=AttendanceStatus.TERLAMBAT
    )

    rows = {row["code"]: row for row in selectors.training_coverage_by_area()}
    sangatta = rows["64.08.04"]
    assert (sangatta["seats"], sangatta["seats_trained"]) == (2, 1)
    assert sangatta["offices"]["babinsa"] == [1, 1]
    assert sangatta["offices"]["camat"] == [0, 1]
    assert (sangatta["election_bodies"], sangatta["election_bodies_trained"]) == (2, 1)
    assert sangatta["percent"] == 50
    assert rows["64.08.09"]["seats_trained"] == 0
    assert len(rows) == 18


def test_an_import_assigns_batches_and_refuses_an_unknown_one(programme):
    services.batch_create(programme=programme, number=2, label="Angkatan II")
    org = OrganisationFactory()
    content = xlsx_bytes(
        [["nama", "organisasi", "angkatan"], ["Satu Contoh", org.name, 2], ["Dua Contoh", org.name, 3]]
    )
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert preview.rows[0].batch_id == programme.batches.get().pk
    assert "Angkatan 3 belum dibuat" in preview.rows[1].errors[0]


def test_an_import_over_an_org_type_quota_is_refused_in_the_preview(programme):
    services.org_type_quota_set(programme=programme, org_type=OrgType.KPU, quota=1)
    org = OrganisationFactory(org_type=OrgType.KPU)
    content = f"nama,organisasi\nSatu Contoh,{org.name}\nDua Contoh,{org.name}\n".encode()
    preview = services.registrations_import_parse(programme=programme, content=content)
    assert "Melebihi kuota KPU dan badan ad hoc: 2 baru + 0 terdaftar > kuota 1." in preview.errors


def test_moving_a_programme_away_from_its_sessions_is_refused(programme, trainer):
    with pytest.raises(ValidationError, match="Ada sesi di luar tanggal baru"):
        services.programme_update(
            programme=programme, start_date=date(2024, 11, 1), end_date=date(2024, 11, 2), by_user=trainer
        )


def test_a_programme_belongs_to_the_election_of_its_start(kutim, trainer):
    organiser = OrganisationFactory()
    programme = services.programme_create(
        by_user=trainer,
        title="Bimtek Mitigasi Konflik Pilkada 2024",
        organiser=organiser,
        venue="Hotel Harris, Samarinda",
        start_date=date(2024, 10, 27),
        end_date=date(2024, 10, 31),
    )
    assert programme.election.code == "pilkada-2024"
