"""The registry import at scale and against the registry: the bulk write, the export coming back
unchanged, merging a probable duplicate, and fixing one row in place."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from stakeholders.choices import ContactKind, ImportKind, ImportPhase, Office
from stakeholders.imports import (
    import_job_create,
    import_job_start_commit,
    import_row_decide,
    import_row_drop,
    import_row_fix,
)
from stakeholders.models import ContactPoint, Person, Position
from stakeholders.services import contact_point_add, person_create, position_assign

CLERK_HEADER = ["No", "Nama", "Jabatan", "Instansi", "Kecamatan/Desa", "TMT", "No. HP", "Keterangan"]


def _workbook(rows, header=CLERK_HEADER) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR TOKOH KECAMATAN SANGATTA UTARA"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("tokoh.xlsx", buffer.getvalue())


def _row(n: int, name: str, phone: str = "", office: str = "Tomas") -> list:
    return [n, name, office, "Polsek Uji Sangatta Utara", "Kec. Sangatta Utara", "1/1/2024", phone, ""]


def test_saving_many_rows_takes_a_fixed_number_of_queries_and_keeps_the_history(world):
    def run(count: int, offset: int) -> int:
        rows = [_row(n, f"Tokoh Uji {offset + n}", f"0812{offset + n:08d}") for n in range(count)]
        job = import_job_create(kind=ImportKind.PEOPLE, upload=_workbook(rows), by_user=world.kesbangpol)
        assert job.phase == ImportPhase.READY, job.errors
        with CaptureQueriesContext(connection) as queries:
            job = import_job_start_commit(job=job, by_user=world.kesbangpol)
        assert job.phase == ImportPhase.DONE
        return len(queries)

    few, many = run(3, 0), run(60, 100)
    assert many == few  # the queries do not grow with the rows
    person = Person.objects.get(full_name="Tokoh Uji 150")
    assert person.history.get().history_user == world.kesbangpol
    assert person.positions.get().history.get().history_user == world.kesbangpol
    contact = person.contact_points.get()
    assert (contact.kind, contact.value) == (ContactKind.PHONE, "+6281200000150")
    assert contact.history.get().history_user == world.kesbangpol


def test_the_directory_export_imports_back_with_nothing_changed(client, world):
    ahmad = person_create(full_name="Ahmad Yani", honorific="Drs. H.", degrees="M.Si")
    position_assign(
        person=ahmad,
        organisation=world.polsek_su,
        office=Office.TOKOH_MASYARAKAT,
        area=world.su,
        start_date=date(2023, 5, 1),
    )
    contact_point_add(person=ahmad, kind=ContactKind.WHATSAPP, value="0812 7777 1000")
    contact_point_add(person=ahmad, kind=ContactKind.LANDLINE, value="(0549) 21234")
    contact_point_add(person=ahmad, kind=ContactKind.EMAIL, value="ahmad@contoh.id")
    person_create(full_name="Tanpa Jabatan Uji", honorific="Hj.")  # a name only: no office, no contact
    before = (Person.objects.count(), Position.objects.count(), ContactPoint.objects.count())
    people_in_file = Person.objects.count()

    client.force_login(world.kesbangpol)
    exported = client.get(reverse("stakeholders:directory_export")).content
    job = import_job_create(
        kind=ImportKind.PEOPLE,
        upload=SimpleUploadedFile("direktori.xlsx", exported),
        by_user=world.kesbangpol,
    )
    assert job.phase == ImportPhase.READY, (job.errors, job.file_problems)
    assert job.counts["unchanged"] == len(job.rows) >= people_in_file
    assert job.counts["people_created"] == job.counts["contacts_created"] == 0
    assert any("tidak ada yang berubah" in note for notes in job.notes.values() for note in notes)
    job = import_job_start_commit(job=job, by_user=world.kesbangpol)
    assert job.phase == ImportPhase.DONE
    assert (Person.objects.count(), Position.objects.count(), ContactPoint.objects.count()) == before
    page = client.get(job.get_absolute_url()).content.decode()
    assert f"{len(job.rows)} baris sama dengan registri (tidak ada perubahan)" in page


def test_a_probable_duplicate_is_merged_into_the_known_person_or_kept_as_new(world):
    known = person_create(full_name="Ahmad Yani")
    contact_point_add(person=known, kind=ContactKind.WHATSAPP, value="0812 7777 1000")
    rows = [
        _row(1, "Drs. H. Ahmad Yani, M.Si", "0812 7777 1000 / 0813 1111 2222"),
        _row(2, "Budi Santoso", "0812 3333 4444"),
        _row(3, "BUDI SANTOSO", "0812 3333 4444", office="Toga"),
    ]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_workbook(rows), by_user=world.kesbangpol)
    assert job.phase == ImportPhase.READY, job.errors
    assert job.matches["0"]["label"] == "Ahmad Yani"
    assert job.matches["2"]["line"] == 4
    assert job.notes["0"] == ["Mungkin orang yang sama dengan Ahmad Yani yang sudah ada di registri."]

    job = import_row_decide(job=job, index=0, decision="merge", by_user=world.kesbangpol)
    assert job.notes["0"] == ["Digabung dengan Ahmad Yani yang sudah ada di registri."]
    job = import_row_decide(job=job, index=2, decision="merge", by_user=world.kesbangpol)
    assert job.notes["2"] == ["Digabung dengan orang di baris 4."]
    job = import_job_start_commit(job=job, by_user=world.kesbangpol)
    assert job.phase == ImportPhase.DONE, job.errors

    known.refresh_from_db()
    assert known.display_name == "Drs. H. Ahmad Yani, M.Si"  # the empty titles are filled in
    assert set(known.contact_points.values_list("value", flat=True)) == {"+6281277771000", "+6281311112222"}
    assert known.positions.get().office == Office.TOKOH_MASYARAKAT
    assert Person.objects.filter(full_name="Ahmad Yani").count() == 1
    budi = Person.objects.get(full_name="Budi Santoso")
    assert sorted(budi.positions.values_list("office", flat=True)) == [
        Office.TOKOH_AGAMA,
        Office.TOKOH_MASYARAKAT,
    ]
    assert job.counts["people_joined"] == 2
    assert job.counts["people_created"] == 1


def test_keeping_a_probable_duplicate_as_new_makes_a_second_person(world):
    known = person_create(full_name="Ahmad Yani")
    contact_point_add(person=known, kind=ContactKind.WHATSAPP, value="0812 7777 1000")
    job = import_job_create(
        kind=ImportKind.PEOPLE,
        upload=_workbook([_row(1, "Ahmad Yani", "0812 7777 1000")]),
        by_user=world.kesbangpol,
    )
    job = import_row_decide(job=job, index=0, decision="new", by_user=world.kesbangpol)
    import_job_start_commit(job=job, by_user=world.kesbangpol)
    assert Person.objects.filter(full_name="Ahmad Yani").count() == 2


def test_fixing_one_row_checks_only_that_row_and_the_page_keeps_its_place(client, world):
    rows = [_row(n, f"Tokoh {n}", "+44 20 7946 0958" if n in (2, 5) else "") for n in range(1, 7)]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_workbook(rows), by_user=world.kesbangpol)
    assert sorted(job.errors) == ["1", "4"]
    with CaptureQueriesContext(connection) as queries:
        job = import_row_fix(job=job, index=1, values={"telepon": "0812 1111 2222"}, by_user=world.kesbangpol)
    assert sorted(job.errors) == ["4"]
    assert len(queries) < 40  # one row, not the file

    client.force_login(world.kesbangpol)
    response = client.post(
        reverse("stakeholders:import_row_fix", args=[job.pk, 4]),
        {"nama": "Tokoh 5", "telepon": "0812 1111 3333"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="fixed-row"' in html
    assert "Baris 7 sudah lolos" in html
    assert 'hx-swap-oob="true"' in html
    assert 'data-testid="import-commit"' in html

    response = client.post(
        reverse("stakeholders:import_row_fix", args=[job.pk, 0]),
        {"nama": "Tokoh 1", "telepon": "bukan nomor"},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="rejected-row"' in response.content.decode()
    response = client.post(
        reverse("stakeholders:import_row_fix", args=[job.pk, 0]),
        {"nama": "Tokoh 1", "telepon": "", "halaman": "2"},
    )
    assert response.status_code == 302
    assert response.url.endswith("?halaman=2#baris-3")


def test_skipping_a_row_keeps_the_other_rows_checks_and_row_numbers(world):
    rows = [_row(n, f"Tokoh {n}", "+44 20 7946 0958" if n in (2, 5) else "") for n in range(1, 7)]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_workbook(rows), by_user=world.kesbangpol)
    job = import_row_drop(job=job, index=1, by_user=world.kesbangpol)
    assert sorted(job.errors) == ["3"]
    assert job.lines[3] == 7
    job = import_row_drop(job=job, index=3, by_user=world.kesbangpol)
    assert job.phase == ImportPhase.READY
    import_job_start_commit(job=job, by_user=world.kesbangpol)
    assert Person.objects.filter(full_name__startswith="Tokoh ").count() == 4


def test_the_rejected_rows_are_shown_a_page_at_a_time(client, world):
    rows = [_row(n, f"Tokoh {n}", "+44 20 7946 0958") for n in range(1, 31)]
    job = import_job_create(kind=ImportKind.PEOPLE, upload=_workbook(rows), by_user=world.kesbangpol)
    client.force_login(world.kesbangpol)
    first = client.get(job.get_absolute_url()).content.decode()
    assert first.count('data-testid="rejected-row"') == 25
    assert 'data-testid="rejected-next"' in first
    second = client.get(job.get_absolute_url(), {"halaman": "2"}).content.decode()
    assert second.count('data-testid="rejected-row"') == 5
    assert "Baris 32" in second


def test_the_merge_buttons_swap_only_their_line_of_the_preview(client, world):
    known = person_create(full_name="Ahmad Yani")
    contact_point_add(person=known, kind=ContactKind.WHATSAPP, value="0812 7777 1000")
    job = import_job_create(
        kind=ImportKind.PEOPLE,
        upload=_workbook([_row(1, "Drs. Ahmad Yani", "0812 7777 1000 / 0813 1111 2222")]),
        by_user=world.kesbangpol,
    )
    client.force_login(world.kesbangpol)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Baris 3 (Drs. Ahmad Yani) mungkin sama dengan Ahmad Yani." in page
    response = client.post(
        reverse("stakeholders:import_row_decide", args=[job.pk, 0]),
        {"decision": "merge"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'data-testid="import-match"' in html
    assert 'data-testid="match-decision">Digabung' in html
    assert "<html" not in html
    response = client.post(
        reverse("stakeholders:import_row_decide", args=[job.pk, 0]), {"decision": "nonsense"}
    )
    assert response.status_code == 302
