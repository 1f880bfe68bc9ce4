from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core.choices import JobStatus
from core.testing import ViewAccessCase, assert_view_access, wait_until
from stakeholders.choices import ImportKind, ImportPhase, Office
from stakeholders.imports import IMPORT_SYNC_ROWS, import_job_create
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
    assert "Hanya nomor Indonesia" in job.errors["1"][0]
    assert not Person.objects.filter(full_name__in=["Ahmad Nibung", "Bambang Rotan"]).exists()


def test_fixing_the_rejected_row_makes_the_file_ready(world):
    from stakeholders.imports import import_row_fix

    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_people_csv(GOOD, BAD_PHONE), by_user=world.camat_su
    )
    fixed = {**job.rows[1], "whatsapp": "0813 2222 3333"}
    job = import_row_fix(job=job, index=1, values=fixed, by_user=world.camat_su)
    assert job.phase == ImportPhase.READY
    assert job.errors == {}


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("Orang Satu,camat,Polsek Uji Sangatta Utara,64.08.99,2024-01-01,,", "Kode wilayah tidak dikenal"),
        ("Orang Dua,camat,Polsek Uji Sangatta Utara,64.08.09,2024-01-01,,", "di luar wilayah Anda"),
        ("Orang Tiga,raja,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "jabatan tidak dikenal"),
        ("Orang Empat,kapolsek,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "sudah dipegang"),
        ("Orang Lima,tokoh_adat,Polsek Tidak Ada,64.08.04,2024-01-01,,", "Organisasi tidak ditemukan"),
        ("Orang Enam,tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,1 Jan 2024,,", "bukan tanggal"),
        (",tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,", "nama wajib diisi"),
        ("Orang Tujuh,,,,,0812-1111-2222,", "wajib diisi"),
    ],
)
def test_bad_rows_get_a_clear_message_in_bahasa_indonesia(world, line, message):
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(line), by_user=world.camat_su)
    assert job.phase == ImportPhase.INVALID
    assert message in " ".join(job.errors["0"])


def test_a_position_outside_its_organisations_area_is_rejected(world):
    line = "Orang Salah,tokoh_adat,Kecamatan Uji Bengalon,64.08.04,2024-01-01,,"
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_people_csv(line), by_user=world.kesbangpol)
    assert "di luar wilayah kerja" in " ".join(job.errors["0"])


def test_two_kapolsek_in_one_file_are_caught_within_the_file(world):
    first = "Kapolsek Satu,kapolsek,Kecamatan Uji Bengalon,64.08.09,2024-01-01,,"
    second = "Kapolsek Dua,kapolsek,Kecamatan Uji Bengalon,64.08.09,2024-03-01,,"
    job = import_job_create(
        kind=ImportKind.PEOPLE, upload=_people_csv(first, second), by_user=world.kesbangpol
    )
    assert list(job.errors) == ["1"]
    assert "sudah dipegang" in job.errors["1"][0]


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
        (_csv("name,phone\nBudi,0812\n"), "Kolom wajib tidak ada: nama"),
        (_csv("nama,jabatan,warna\nBudi,camat,biru\n"), "Kolom tidak dikenal: warna"),
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
    assert job.rows[0]["mulai"] == "2024-02-01"
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
        reverse("stakeholders:import_create"), {"kind": "orang", "file": _csv("a,b\n1,2\n")}
    )
    assert response.status_code == 200
    assert "Kolom wajib tidak ada" in str(response.context["form"].errors["file"])


def test_the_template_lists_the_columns(client, world):
    from openpyxl import load_workbook

    client.force_login(world.kesbangpol)
    response = client.get(reverse("stakeholders:import_template", args=["orang"]))
    header = next(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert header[:3] == ("nama", "gelar", "jabatan")


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
    assert (job.done, job.total) == (count, count)
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
    from stakeholders.imports import IMPORT_MAX_ROWS, import_file_read

    body = HEADER + "".join(f"Orang {i},,,,,,\n" for i in range(IMPORT_MAX_ROWS))
    _columns, rows, skipped = import_file_read(content=body.encode(), kind=ImportKind.PEOPLE)
    assert (len(rows), skipped) == (10_000, 0)
    assert len(rows) > IMPORT_SYNC_ROWS


def test_a_csv_saved_by_an_older_excel_in_windows_1252_is_read(world):
    upload = _csv(
        HEADER + "Bü Ángel,tokoh_adat,Polsek Uji Sangatta Utara,64.08.04,2024-01-01,,\n", encoding="cp1252"
    )
    job = import_job_create(kind=ImportKind.PEOPLE, upload=upload, by_user=world.camat_su)
    assert job.rows[0]["nama"] == "Bü Ángel"


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


@pytest.mark.worker
def test_a_large_file_refused_by_the_worker_shows_why_on_its_page(celery_worker, client, kutim, settings):
    from stakeholders.tests.factories import user_with_office

    settings.TABULAR_SYNC_MAX_BYTES = 100
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin_impor_salah")
    body = "name,phone\n" + "".join(f"Warga {i},0812\n" for i in range(20))
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_csv(body), by_user=admin)
    job = _wait_until(job, ImportPhase.FAILED, ImportPhase.READY, ImportPhase.INVALID)
    assert job.phase == ImportPhase.FAILED
    client.force_login(admin)
    assert "Kolom wajib tidak ada: nama" in client.get(job.get_absolute_url()).content.decode()


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
