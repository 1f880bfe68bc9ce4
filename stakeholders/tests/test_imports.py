from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.choices import JobStatus
from core.testing import ViewAccessCase, assert_readable_table, assert_view_access, wait_until
from stakeholders.choices import ImportKind, ImportPhase, Office
from stakeholders.imports import IMPORT_SYNC_ROWS, import_job_create, job_texts
from stakeholders.models import ContactPoint, ImportJob, Organisation, Person, Position

HEADER = "nama,jabatan,organisasi,kode_wilayah,mulai,whatsapp,email\n"


def _csv(text: str, name="orang.csv", encoding="utf-8") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows, name="orang.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _people_csv(*lines: str) -> SimpleUploadedFile:
    return _csv(HEADER + "\n".join(lines) + "\n")


def _messages(job, index: int) -> str:
    return " ".join(problem["message"] for problem in job.errors[str(index)])


GOOD = "Ahmad Nibung,bhabinkamtibmas,Polsek Uji Sangatta Utara,64.08.04.2001,01/02/2024,0812-1111-2222,ahmad@contoh.id"
BAD_PHONE = "Bambang Rotan,babinsa,Polsek Uji Sangatta Utara,64.08.04.2001,2024-02-01,+1 202 555 0143,"


def test_a_valid_file_is_checked_without_writing_then_saved(world):
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(GOOD), by_user=world.camat_su)
    assert job.phase == ImportPhase.READY
    assert not Person.objects.filter(full_name="Ahmad Nibung").exists()
    from stakeholders.imports import import_job_start_commit

    job = import_job_start_commit(job=job, by_user=world.camat_su)
    person = Person.objects.get(full_name="Ahmad Nibung")
    assert job.phase == ImportPhase.DONE
    assert person.positions.get().office == Office.BHABINKAMTIBMAS
    assert set(person.contact_points.values_list("value", flat=True)) == {"+6281211112222", "ahmad@contoh.id"}
    assert person.history.get().history_user == world.camat_su


def test_a_rejected_row_blocks_the_whole_file_and_says_why(world):
    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_people_csv(GOOD, BAD_PHONE), by_user=world.camat_su
    )
    assert job.phase == ImportPhase.INVALID
    assert list(job.errors) == ["1"]
    assert "Hanya nomor Indonesia" in _messages(job, 1)
    assert not Person.objects.filter(full_name__in=["Ahmad Nibung", "Bambang Rotan"]).exists()


def test_fixing_the_rejected_row_makes_the_file_ready(world):
    from stakeholders.imports import import_row_fix

    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_people_csv(GOOD, BAD_PHONE), by_user=world.camat_su
    )
    fixed = {**job_texts(job, 1), "whatsapp": "0813 2222 3333"}
    job = import_row_fix(job=job, index=1, values=fixed, by_user=world.camat_su)
    assert job.phase == ImportPhase.READY
    assert job.errors == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Orang Satu,camat,Polsek Uji Sangatta Utara,64.08.99,2024-01-01,,", "Kode wilayah tidak dikenal"),
        ("Orang Dua,camat,Polsek Uji Sangatta Utara,64.08.09,2024-01-01,,", "di luar wilayah Anda"),
        ("Orang Tiga,raja,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "Jabatan tidak dikenal"),
        ("Orang Empat,kapolsek,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "sudah dipegang"),
        ("Orang Lima,tokoh_adat,Polsek Tidak Ada,64.08.04,2024-01-01,,", "Organisasi tidak ditemukan"),
        ("Orang Enam,tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,besok,,", "Bukan tanggal"),
        (",tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "Nama wajib diisi"),
        ("Orang Tujuh,,,,,0812-1111-2222,", "wajib diisi"),
    ],
)
def test_bad_rows_get_a_clear_message_in_bahasa_indonesia(world, line, message):
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(line), by_user=world.camat_su)
    assert job.phase == ImportPhase.INVALID
    assert message in _messages(job, 0)


def test_a_position_outside_its_organisations_area_is_rejected(world):
    line = "Orang Salah,tokoh_adat,Kecamatan Uji Bengalon,64.08.04,2024-01-01,,"
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(line), by_user=world.kesbangpol)
    assert "di luar wilayah kerja" in _messages(job, 0)


def test_two_kapolsek_in_one_file_are_caught_within_the_file(world):
    first = "Kapolsek Satu,kapolsek,Kecamatan Uji Bengalon,64.08.09,2024-01-01,,"
    second = "Kapolsek Dua,kapolsek,Kecamatan Uji Bengalon,64.08.09,2024-03-01,,"
    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_people_csv(first, second), by_user=world.kesbangpol
    )
    assert list(job.errors) == ["1"]
    assert "sudah dipegang" in _messages(job, 1)


def test_commit_saves_nothing_if_a_row_fails_after_the_check(world):
    from stakeholders.imports import import_job_start_commit
    from stakeholders.services import person_create, position_assign

    line = "Kapolsek Baru,kapolsek,Kecamatan Uji Bengalon,64.08.09,2024-01-01,,"
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(GOOD, line), by_user=world.kesbangpol)
    assert job.phase == ImportPhase.READY
    position_assign(
        person=person_create(full_name="Kapolsek Lebih Dulu"),
        organisation=world.kantor_bengalon,
        office=Office.KAPOLSEK,
        area=world.bengalon,
        start_date=job.created_at.date().replace(year=2023),
    )
    job = import_job_start_commit(job=job, by_user=world.kesbangpol)
    assert job.phase == ImportPhase.INVALID
    assert not Person.objects.filter(full_name__in=["Ahmad Nibung", "Kapolsek Baru"]).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (_csv("nama\nJosé\n", encoding="utf-16"), "UTF-8"),
        (_csv(HEADER + "\n,,,\n\n"), "tidak berisi baris data"),
        (_csv(""), "Berkas kosong"),
        (
            SimpleUploadedFile("gambar.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
            "Jenis berkas tidak didukung",
        ),
        (SimpleUploadedFile("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 64), "XLSX rusak"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_write_nothing(world, upload, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.kesbangpol)
    assert not ImportJob.objects.exists()


def test_more_than_ten_thousand_rows_are_refused(world):
    from django.core.exceptions import ValidationError

    body = HEADER + "".join(f"Orang {i},,,,,,\n" for i in range(10_001))
    with pytest.raises(ValidationError, match=r"lebih dari 10\.000 baris"):
        import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=world.kesbangpol)


def test_empty_rows_are_skipped_and_counted(world):
    upload = _csv(
        HEADER
        + GOOD
        + "\n,,,,,,\n\n"
        + GOOD.replace("Ahmad", "Ani").replace("1111", "3333").replace("bhabinkamtibmas", "tokoh_adat")
        + "\n"
    )
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert (len(job.rows), job.skipped_empty, job.phase) == (2, 2, ImportPhase.READY)


def test_semicolon_csv_from_an_indonesian_excel_is_read(world):
    upload = _csv(HEADER.replace(",", ";") + GOOD.replace(",", ";") + "\n")
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job.phase == ImportPhase.READY


def test_an_xlsx_of_organisations_with_a_parent_from_an_earlier_row(world):
    from stakeholders.imports import import_job_start_commit

    upload = _xlsx(
        [
            ["nama", "jenis", "kode_wilayah", "induk"],
            ["Ormas Uji Induk", "masyarakat", "64.08.04", ""],
            ["Ormas Uji Ranting", "Kelompok masyarakat/adat/agama", "64.08.04.2001", "Ormas Uji Induk"],
        ],
        name="organisasi.xlsx",
    )
    job = import_job_create(kind=ImportKind.ORGANISATIONS, upload=upload, by_user=world.camat_su)
    assert job.phase == ImportPhase.READY, job.errors
    import_job_start_commit(job=job, by_user=world.camat_su)
    assert Organisation.objects.get(name="Ormas Uji Ranting").parent.name == "Ormas Uji Induk"


def test_xlsx_dates_and_numbers_are_read_as_text(world):
    from datetime import datetime

    upload = _xlsx(
        [
            ["nama", "jabatan", "organisasi", "kode_wilayah", "mulai", "telepon"],
            [
                "Cici Belian",
                "tokoh_agama",
                "Polsek Uji Sangatta Utara",
                "64.08.04",
                datetime(2024, 2, 1),  # noqa: DTZ001 - Excel cells carry no time zone
                6281299998888,
            ],
        ]
    )
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job_texts(job, 0)["mulai"] == "2024-02-01"
    assert job.phase == ImportPhase.READY, job.errors


# --- pages -----------------------------------------------------------------------------


def test_import_pages_need_permission_and_hide_other_peoples_imports(world):
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(GOOD), by_user=world.camat_su)
    assert_view_access(
        ViewAccessCase(
            url=reverse("stakeholders:import_create"),
            without_permission=world.bupati,
            in_scope=world.camat_su,
        )
    )
    for name in ("import_detail", "import_progress"):
        assert_view_access(
            ViewAccessCase(
                url=reverse(f"stakeholders:{name}", args=[job.pk]),
                without_permission=world.bupati,
                in_scope=world.camat_su,
                out_of_scope=world.camat_bengalon,
            )
        )


def test_the_preview_shows_rejected_rows_and_commit_saves_them_all(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        reverse("stakeholders:import_create"), {"kind": "orang", "file": _people_csv(GOOD, BAD_PHONE)}
    )
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Baris 3" in page
    assert "Hanya nomor Indonesia" in page
    client.post(reverse("stakeholders:import_row_drop", args=[job.pk, 1]))
    response = client.post(reverse("stakeholders:import_commit", args=[job.pk]), follow=True)
    assert "1 baris tersimpan" in response.content.decode()
    assert Person.objects.filter(full_name="Ahmad Nibung").exists()


def test_a_bad_upload_is_a_form_error_not_a_500(client, world):
    client.force_login(world.camat_su)
    response = client.post(
        reverse("stakeholders:import_create"),
        {"kind": "orang", "file": SimpleUploadedFile("gambar.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)},
    )
    assert response.status_code == 200
    assert "Jenis berkas tidak didukung" in str(response.context["form"].errors["file"])


def test_the_template_lists_the_columns(client, world):
    from openpyxl import load_workbook

    client.force_login(world.kesbangpol)
    response = client.get(reverse("stakeholders:import_template", args=["orang"]))
    header = next(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:3] == ("Nama", "Pangkat/gelar", "Jabatan")


# --- large files go to the worker ------------------------------------------------------------


def _wait_until(job, *phases, timeout=120):
    def reached():
        job.refresh_from_db()
        return job.phase in phases

    wait_until(reached, timeout=timeout, message=f"import stayed {job.phase}")
    return job


@pytest.mark.worker
def test_a_large_file_is_checked_and_saved_by_the_worker_with_progress(celery_worker, kutim):
    from stakeholders.imports import import_job_start_commit
    from stakeholders.tests.factories import user_with_office

    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin_impor")
    count = IMPORT_SYNC_ROWS + 50
    body = "nama,telepon\n" + "".join(f"Warga Impor {i},0812{7000000 + i:07d}\n" for i in range(count))
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=admin)
    assert job.phase == ImportPhase.VALIDATING
    job = _wait_until(job, ImportPhase.READY, ImportPhase.INVALID)
    assert job.phase == ImportPhase.READY, job.errors
    assert (job.done, job.total) == (2 * count, 2 * count)  # values, then the registry rules
    assert not Person.objects.filter(full_name__startswith="Warga Impor").exists()
    job = import_job_start_commit(job=job, by_user=admin)
    job = _wait_until(job, ImportPhase.DONE, ImportPhase.INVALID, ImportPhase.FAILED)
    assert job.phase == ImportPhase.DONE
    assert Person.objects.filter(full_name__startswith="Warga Impor").count() == count
    assert ContactPoint.objects.filter(person__full_name__startswith="Warga Impor").count() == count
    assert Position.objects.filter(person__full_name__startswith="Warga Impor").count() == 0


def test_the_progress_bar_polls_while_busy_and_reloads_the_page_when_done(client, world):
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(GOOD), by_user=world.camat_su)
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=40, total=120)
    client.force_login(world.camat_su)
    url = reverse("stakeholders:import_progress", args=[job.pk])
    busy = client.get(url, HTTP_HX_REQUEST="true")
    assert "40 dari 120" in busy.content.decode()
    assert 'hx-trigger="every 1s"' in busy.content.decode()
    assert "HX-Refresh" not in busy
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    assert client.get(url, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_ten_thousand_rows_are_read_and_handed_to_the_worker(world):
    from stakeholders.imports import IMPORT_MAX_ROWS

    body = HEADER + "".join(f"Orang {i},,,,,,\n" for i in range(IMPORT_MAX_ROWS))
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=world.kesbangpol)
    assert (len(job.rows), job.skipped_empty, job.lines[-1]) == (10_000, 0, 10_001)
    assert job.phase == ImportPhase.VALIDATING


def test_a_csv_saved_by_an_older_excel_in_windows_1252_is_read(world):
    upload = _csv(
        HEADER + "Bü Ángel,tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,\n", encoding="cp1252"
    )
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job_texts(job, 0)["nama"] == "Bü Ángel"


@pytest.mark.worker
def test_a_file_too_large_to_read_during_the_upload_is_read_by_the_worker(celery_worker, kutim, settings):
    from stakeholders.tests.factories import user_with_office

    settings.TABULAR_SYNC_MAX_BYTES = 100
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin_impor_besar")
    body = "nama,telepon\n" + "".join(f"Warga Besar {i},0812{8000000 + i:07d}\n" for i in range(20))
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=admin)
    assert (job.phase, job.rows) == (ImportPhase.VALIDATING, [])
    job = _wait_until(job, ImportPhase.READY, ImportPhase.INVALID, ImportPhase.FAILED)
    assert job.phase == ImportPhase.READY, (job.error, job.errors)
    assert (len(job.rows), job.columns) == (20, ["nama", "telepon"])
    assert job.lines[:2] == [2, 3]


@pytest.mark.worker
def test_a_large_file_refused_by_the_worker_shows_why_on_its_page(celery_worker, client, kutim, settings):
    from stakeholders.tests.factories import user_with_office

    settings.TABULAR_SYNC_MAX_BYTES = 100
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin_impor_salah")
    body = (
        "nama,telepon\n" + "".join(f"Warga {i},0812\n" for i in range(20)) + "Panjang," + "9" * 40_000 + "\n"
    )
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=admin)
    job = _wait_until(job, ImportPhase.FAILED, ImportPhase.READY, ImportPhase.INVALID)
    assert job.phase == ImportPhase.FAILED
    client.force_login(admin)
    assert "terlalu panjang" in client.get(job.get_absolute_url()).content.decode()


def test_a_hostile_xlsx_is_refused_during_the_upload_with_a_message(world):
    """Issue 12, finding 3: a small workbook declaring a huge sheet never reaches openpyxl's padding."""
    from django.core.exceptions import ValidationError

    from core.tests.test_tabular_reader import _declaring_a_huge_sheet, rewrite_sheet, xlsx

    content = rewrite_sheet(xlsx([["nama"], ["Budi"]]), _declaring_a_huge_sheet)
    with pytest.raises(ValidationError, match="menyatakan ukuran"):
        import_job_create(
            kind=ImportKind.PEOPLE, upload=SimpleUploadedFile("kecil.xlsx", content), by_user=world.camat_su
        )
    assert not ImportJob.objects.exists()


# --- a clerk's own spreadsheet (issue 13) ------------------------------------------------------

CLERK_HEADER = [
    "No",
    "Nama",
    "Jabatan",
    "Instansi",
    "Kecamatan/Desa",
    "Mulai Menjabat",
    "No. HP",
    "Keterangan",
]


def _clerk_workbook(rows, *, header=CLERK_HEADER, merges=(), extra_sheets=()) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pejabat"
    sheet.append(["DAFTAR PEJABAT DAN TOKOH MASYARAKAT KECAMATAN SANGATTA UTARA"])
    sheet.append(["Keadaan November 2024"])
    sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A1:H1")
    for merged in merges:
        sheet.merge_cells(merged)
    for name, extra_rows in extra_sheets:
        other = workbook.create_sheet(name)
        for row in extra_rows:
            other.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("pejabat-kesbangpol.xlsx", buffer.getvalue())


def _clerk_rows():
    return [
        [
            1,
            "Drs. H. Ahmad Yani, M.Si",
            "Kades",
            "Kantor Camat Uji Sangatta Utara",
            "Desa Sangatta Utara",
            "27 Oktober 2024",
            "0812-1111-2222 / (0549) 21234",
            "",
        ],
        [
            2,
            "S.Sos. Siti Rahmawati",
            "Toga",
            None,
            "Kec. Sangatta Utara",
            45592,
            "081322223333",
            "tokoh agama",
        ],
        [
            3,
            "AKP Budi Hartono, S.H.",
            "Tomas",
            "Polsek Uji Sangatta Utara",
            "SANGATTA UTARA",
            "2019",
            "+62 812 4444 5555",
            "",
        ],
    ]


def test_a_clerks_own_sheet_goes_in_with_its_headers_titles_and_mess(world):
    from datetime import date

    from stakeholders.choices import ContactKind
    from stakeholders.imports import import_job_start_commit

    upload = _clerk_workbook(_clerk_rows(), merges=["D5:D6"])
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job.phase == ImportPhase.READY, (job.errors, job.file_problems)
    assert (job.header_line, job.skipped_title, job.lines) == (4, 2, [5, 6, 7])
    assert job.mapping == {
        "0": "",
        "1": "nama",
        "2": "jabatan",
        "3": "organisasi",
        "4": "kode_wilayah",
        "5": "mulai",
        "6": "telepon",
        "7": "catatan",
    }
    assert "1 Januari 2019" in " ".join(job.notes["2"])
    job = import_job_start_commit(job=job, by_user=world.camat_su)
    assert job.phase == ImportPhase.DONE
    ahmad = Person.objects.get(full_name="Ahmad Yani")
    assert (ahmad.honorific, ahmad.degrees, str(ahmad)) == ("Drs. H.", "M.Si", "Drs. H. Ahmad Yani, M.Si")
    position = ahmad.positions.get()
    assert (position.office, position.area.code, position.start_date) == (
        Office.KEPALA_DESA,
        "64.08.04.2001",
        date(2024, 10, 27),
    )
    assert set(ahmad.contact_points.values_list("kind", "value")) == {
        (ContactKind.PHONE, "+6281211112222"),
        (ContactKind.LANDLINE, "+6254921234"),
    }
    siti = Person.objects.get(full_name="Siti Rahmawati")
    assert str(siti) == "Siti Rahmawati, S.Sos"
    assert siti.positions.get().organisation.name == "Kecamatan Uji Sangatta Utara"  # merged cell filled down
    assert siti.positions.get().start_date == date(2024, 10, 27)  # an Excel serial
    budi = Person.objects.get(full_name="Budi Hartono")
    assert (budi.honorific, budi.positions.get().area.code) == ("AKP", "64.08.04")


def test_a_pj_before_the_office_is_its_acting_status(world):
    from stakeholders.choices import ActingKind
    from stakeholders.imports import import_job_start_commit

    rows = [
        [1, "Rahman", "Pj. Kepala Desa", "Kecamatan Uji Sangatta Utara", "Swarga Bara", "1/3/2024", "", ""]
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert job.phase == ImportPhase.READY, job.errors
    import_job_start_commit(job=job, by_user=world.camat_su)
    position = Position.objects.get(person__full_name="Rahman")
    assert (position.office, position.acting) == (Office.KEPALA_DESA, ActingKind.PJ)


def test_every_problem_of_a_row_is_shown_grouped_by_kind_with_a_suggestion(world):
    from stakeholders.imports import import_problem_groups

    rows = [
        [1, "Satu", "Kades", "Polsek Uji Sangatta Utara", "Sangata Utara", "besok", "tidak ada", ""],
        [2, "Dua", "Tomas", "Polsek Uji Sangatta Utara", "Sangata Utara", "1/1/2024", "", ""],
        [3, "Tiga", "Raja", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "", ""],
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert job.phase == ImportPhase.INVALID
    assert sorted(problem["kind"] for problem in job.errors["0"]) == [
        "area_unknown",
        "date_invalid",
        "phone_invalid",
    ]
    groups = {group.kind: group for group in import_problem_groups(job)}
    assert (groups["area_unknown"].count, groups["area_unknown"].lines) == (2, [5, 6])
    assert groups["area_unknown"].suggestions == {"Sangata Utara": "Kec. Sangatta Utara"}
    assert groups["office_unknown"].lines == [7]


def test_one_fix_for_all_replaces_a_value_in_every_row_then_checks_again(world):
    from stakeholders.imports import import_value_replace

    rows = [
        [1, "Satu", "Tomas", "Polsek Uji Sangatta Utara", "Sangata Utara", "1/1/2024", "", ""],
        [2, "Dua", "Tomas", "Polsek Uji Sangatta Utara", "Sangata Utara", "1/1/2024", "", ""],
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert job.phase == ImportPhase.INVALID
    job = import_value_replace(
        job=job, column="kode_wilayah", old="Sangata Utara", new="Kec. Sangatta Utara", by_user=world.camat_su
    )
    assert job.phase == ImportPhase.READY, job.errors


def test_an_unknown_header_blocks_until_mapped_and_the_mapping_is_remembered(world):
    from stakeholders.imports import import_job_map

    header = ["No", "Nama", "Kesatuan", "Wilayah Binaan", "Jabatan"]
    rows = [[1, "Satu", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "Tomas"]]
    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows, header=header), by_user=world.camat_su
    )
    assert job.phase == ImportPhase.INVALID
    assert "Kesatuan" in " ".join(job.file_problems)
    job = import_job_map(
        job=job,
        mapping={"0": "", "1": "nama", "2": "organisasi", "3": "kode_wilayah", "4": "jabatan"},
        by_user=world.camat_su,
    )
    assert (job.phase, job.file_problems) == (ImportPhase.READY, [])
    again = import_job_create(
        kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows, header=header), by_user=world.camat_su
    )
    assert again.phase == ImportPhase.READY
    assert again.mapping["2"] == "organisasi"


def test_another_sheet_of_the_workbook_can_be_chosen(world):
    from stakeholders.imports import import_job_choose_sheet

    rows = [[1, "Satu", "Tomas", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "", ""]]
    other = [
        ["Nama", "Jabatan", "Instansi", "Wilayah"],
        ["Dua", "Toga", "Polsek Uji Sangatta Utara", "640804"],
    ]
    upload = _clerk_workbook(rows, extra_sheets=[("Tokoh", other)])
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert (job.sheet, job.sheet_names) == ("Pejabat", ["Pejabat", "Tokoh"])
    job = import_job_choose_sheet(job=job, sheet="Tokoh", by_user=world.camat_su)
    assert (job.sheet, job.phase, job.lines) == ("Tokoh", ImportPhase.READY, [2])
    assert job_texts(job, 0)["nama"] == "Dua"


def test_the_rejected_rows_download_keeps_the_clerks_columns_adds_reasons_and_is_formula_safe(client, world):
    from openpyxl import load_workbook

    rows = [
        [1, "@Budi", "Tomas", "Polsek Uji Sangatta Utara", "Sangata Utara", "1/1/2024", "", ""],
        [2, "Baik", "Tomas", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "", ""],
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    client.force_login(world.camat_su)
    response = client.get(reverse("stakeholders:import_rejected", args=[job.pk]))
    sheet = load_workbook(BytesIO(response.content)).active
    header, *data = list(sheet.iter_rows(values_only=True))
    assert header == (*CLERK_HEADER, "Alasan penolakan")
    assert len(data) == 1
    assert data[0][1] == "'@Budi"
    assert "Baris 5" in data[0][-1]
    assert "Mungkin maksudnya: Kec. Sangatta Utara" in data[0][-1]
    assert_readable_table(sheet, min_row_count=2)


def test_the_preview_groups_problems_maps_columns_and_shows_what_will_be_saved(client, world):
    rows = [
        [
            1,
            "Drs. H. Ahmad Yani, M.Si",
            "Kades",
            "Polsek Uji Sangatta Utara",
            "Sangata Utara",
            "27 Oktober 2024",
            "(0549) 21234",
            "",
        ],
        [2, "Siti", "Toga", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "2019", "0812 1111 2222", ""],
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    client.force_login(world.camat_su)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "1 baris: Wilayah tidak dikenal (Wilayah)" in page
    assert "pakai untuk 1 baris" in page
    assert "Baris 5" in page
    assert "+6254921234 (telepon kantor/rumah, tanpa SMS/WA)" in page
    assert "Hanya tahun 2019" in page
    assert 'data-testid="map-column"' in page


@pytest.mark.parametrize("name", ["import_map", "import_sheet", "import_replace", "import_rejected"])
def test_the_new_import_routes_need_permission_and_hide_other_peoples_imports(world, name):
    rows = [[1, "Satu", "Tomas", "Polsek Uji Sangatta Utara", "Sangata Utara", "1/1/2024", "", ""]]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert_view_access(
        ViewAccessCase(
            url=reverse(f"stakeholders:{name}", args=[job.pk]),
            method="get" if name == "import_rejected" else "post",
            ok_status=(200,) if name == "import_rejected" else (302,),
            without_permission=world.bupati,
            in_scope=world.camat_su,
            out_of_scope=world.camat_bengalon,
        )
    )


def test_the_same_person_twice_in_the_file_or_already_in_the_registry_is_pointed_out(world):
    rows = [
        [1, "Drs. H. Ahmad Yani, M.Si", "Tomas", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "0812-7777-1000", ""],
        [2, "AHMAD YANI", "Toga", "Kecamatan Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "081277771000", ""],
        [3, "Ahmad Yani", "Toga", "Kecamatan Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "", ""],
        [4, "Budi Santoso Fiktif", "Tomas", "Kecamatan Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "0812-3456-7890", ""],
        [5, "Ahmad Yanto", "Toga", "Kecamatan Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", "081277771000", ""],
    ]  # fmt: skip
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert job.phase == ImportPhase.READY, job.errors
    assert job.notes["1"] == ["Mungkin orang yang sama dengan baris 5."]
    assert job.notes["2"] == ["Mungkin orang yang sama dengan baris 6."]  # the same office as row 6
    assert job.notes["3"] == [
        "Mungkin orang yang sama dengan Budi Santoso Fiktif yang sudah ada di registri."
    ]
    assert "4" not in job.notes or not any("sama dengan" in note for note in job.notes["4"])


def test_update_mode_records_a_change_of_holder_instead_of_refusing(world):
    from datetime import date

    from stakeholders.imports import import_job_start_commit

    rows = [[1, "Kompol Hadi Pranoto", "Kapolsek", "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1 November 2024", "", ""]]  # fmt: skip
    refused = import_job_create(kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su)
    assert "sudah dipegang" in _messages(refused, 0)
    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_clerk_workbook(rows), by_user=world.camat_su, replace_holders=True
    )
    assert job.phase == ImportPhase.READY, job.errors
    assert world.warga_su.positions.get().end_date is None  # checking changes nothing
    import_job_start_commit(job=job, by_user=world.camat_su)
    assert world.warga_su.positions.get().end_date == date(2024, 10, 31)
    new = Position.objects.get(person__full_name="Hadi Pranoto")
    assert (new.office, new.start_date, new.end_date) == (Office.KAPOLSEK, date(2024, 11, 1), None)
