"""Journeys through the registry in a real Chromium."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook

from mfa.testing import browser_login
from regions.models import AdminUnit
from stakeholders.choices import Office, OrgType
from stakeholders.services import organisation_create, person_create, position_assign
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    browser_login(page, live_server.url, username)
    page.wait_for_selector("[data-testid=home-title]")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_admin_imports_people_fixes_a_rejected_row_and_finds_the_person(live_server, page, kutim):
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    organisation_create(name="Polsek Sangatta Utara", org_type=OrgType.POLRI, area=desa.parent)
    user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="admin.kesbangpol")
    content = _xlsx(
        [
            ["nama", "jabatan", "organisasi", "kode_wilayah", "mulai", "whatsapp"],
            ["Dewi Tengkawang", "bhabinkamtibmas", "Polsek Sangatta Utara", "64.08.04.2001", "01/03/2024", "0812-5555-1000"],
            ["Joko Merbau", "tokoh_masyarakat", "Polsek Sangatta Utara", "64.08.04.2001", "01/03/2024", "+44 20 7946 0958"],
        ]
    )  # fmt: skip
    _login(page, live_server, "admin.kesbangpol")
    page.goto(f"{live_server.url}/pemangku/")
    page.click("[data-testid=import-link]")
    page.select_option("select[name=kind]", "orang")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "orang.xlsx", "mimeType": "application/octet-stream", "buffer": content}],
    )
    page.click("[data-testid=import-form] [type=submit]")

    rejected = page.locator("[data-testid=rejected-row]")
    assert rejected.count() == 1
    assert "Hanya nomor Indonesia" in rejected.inner_text()
    assert "Baris 3" in rejected.inner_text()

    rejected.locator("input[name=whatsapp]").fill("0812 5555 2000")
    rejected.locator("[data-testid=row-fix]").click()
    page.wait_for_selector("[data-testid=import-commit]")
    page.click("[data-testid=import-commit]")
    assert "2 baris tersimpan" in page.inner_text("[data-testid=import-done]")

    page.goto(f"{live_server.url}/pemangku/orang/")
    page.fill("input[name=q]", "joko merb")
    page.click("input[type=submit][value=Cari]")
    page.click("[data-testid=person-table] >> text=Joko Merbau")
    assert page.inner_text("[data-testid=person-name]") == "Joko Merbau"
    assert "+6281255552000" in page.inner_text("[data-testid=contacts]")


def test_a_kecamatan_operator_sees_only_their_kecamatan_and_gets_404_for_another(live_server, page, kutim):
    su = AdminUnit.objects.get(code="64.08.04")
    bengalon = AdminUnit.objects.get(code="64.08.09")
    kantor_su = organisation_create(name="Kecamatan Sangatta Utara", org_type=OrgType.KECAMATAN, area=su)
    kantor_bengalon = organisation_create(
        name="Kecamatan Bengalon", org_type=OrgType.KECAMATAN, area=bengalon
    )
    user_with_office(Office.CAMAT, "64.08.04", organisation=kantor_su, username="camat.su")
    mine = person_create(full_name="Sari Ulin")
    position_assign(
        person=mine, organisation=kantor_su, office=Office.SEKDES, area=su, start_date=date(2024, 1, 1)
    )
    theirs = person_create(full_name="Umar Rotan")
    position_assign(
        person=theirs,
        organisation=kantor_bengalon,
        office=Office.SEKDES,
        area=bengalon,
        start_date=date(2024, 1, 1),
    )
    _login(page, live_server, "camat.su")
    page.goto(f"{live_server.url}/pemangku/orang/")
    table = page.inner_text("[data-testid=person-table]")
    assert "Sari Ulin" in table
    assert "Umar Rotan" not in table

    response = page.goto(f"{live_server.url}/pemangku/orang/{theirs.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/pemangku/orang/{mine.pk}/")
    assert response.status == 200


def test_a_clerk_imports_a_messy_sheet_maps_columns_fixes_a_group_skips_a_row_and_saves(
    live_server, page, kutim
):
    from openpyxl import load_workbook

    su = AdminUnit.objects.get(code="64.08.04")
    organisation_create(name="Kecamatan Sangatta Utara", org_type=OrgType.KECAMATAN, area=su)
    user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="juru.kesbangpol")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Pejabat"
    sheet.append(["DAFTAR PEJABAT DAN TOKOH KECAMATAN SANGATTA UTARA"])
    sheet.append([])
    sheet.append(["No", "Nama", "Jabatan", "Kesatuan", "Wilayah Binaan", "TMT", "No. HP"])
    sheet.append([1, "Drs. H. Ahmad Yani, M.Si", "Kades", "Kantor Camat Sangatta Utara", "Desa Sangatta Utara", "27 Oktober 2024", "(0549) 21234 / 0812 5555 1000"])  # fmt: skip
    sheet.append([2, "Siti Rahmawati", "Tomas", None, "Sangata Utara", "2019", "0812 5555 2000"])
    sheet.append([3, "Joko Susilo", "Toga", None, "Sangata Utara", "1/3/2024", ""])
    sheet.append([4, "Bambang Rotan", "Tomas", None, "Kec. Sangatta Utara", "besok", "+44 20 7946 0958"])
    sheet.append([5, "Rina Meranti", "Toga", "Kantor Camat Sangatta Utara", "Desa Swarga Bra", "1/3/2024", "0812 5555 3000"])  # fmt: skip
    sheet.merge_cells("A1:G1")
    sheet.merge_cells("D4:D7")
    buffer = BytesIO()
    workbook.save(buffer)

    _login(page, live_server, "juru.kesbangpol")
    page.goto(f"{live_server.url}/pemangku/impor/")
    page.select_option("select[name=kind]", "orang")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "pejabat.xlsx", "mimeType": "application/octet-stream", "buffer": buffer.getvalue()}],
    )
    page.click("[data-testid=import-form] [type=submit]")
    assert "Kesatuan" in page.inner_text("[data-testid=file-problem]")

    # Map the two columns the app did not know.
    page.select_option("[data-testid=import-mapping] select[name=col_3]", "organisasi")
    page.select_option("[data-testid=import-mapping] select[name=col_4]", "kode_wilayah")
    page.click("[data-testid=map-save]")
    groups = page.inner_text("[data-testid=problem-groups]")
    assert "3 baris: Wilayah tidak dikenal (Wilayah)" in groups

    # One fix for the whole group of the same misspelt kecamatan.
    page.click(
        "[data-testid=problem-group][data-kind=area_unknown] li:has-text('Sangata Utara') [data-testid=replace-all]"
    )
    assert "1 baris: Wilayah tidak dikenal (Wilayah)" in page.inner_text("[data-testid=problem-groups]")
    rejected = page.locator("[data-testid=rejected-row]")
    assert rejected.count() == 2
    desa_row = page.locator("[data-testid=rejected-row][data-row='8']")
    assert "Mungkin maksudnya: Desa Swarga Bara, Kec. Sangatta Utara" in desa_row.inner_text()

    # Download the rejected rows with their reasons.
    with page.expect_download() as download_info:
        page.click("[data-testid=import-rejected-download]")
    with open(download_info.value.path(), "rb") as fh:
        downloaded = load_workbook(BytesIO(fh.read())).active
    header, *rows = list(downloaded.iter_rows(values_only=True))
    assert header[-1] == "Alasan penolakan"
    assert ["Baris 7" in rows[0][-1], "Baris 8" in rows[1][-1]] == [True, True]

    # Fix the misspelt desa in place: only that card changes, the page stays where it is.
    page.evaluate("window.__marker = 'same page'")
    desa_row.locator("input[name=kode_wilayah]").fill("Desa Swarga Bara, Kec. Sangatta Utara")
    desa_row.locator("[data-testid=row-fix]").click()
    page.wait_for_selector("[data-testid=fixed-row][data-row='8']")
    assert page.evaluate("window.__marker") == "same page"  # no reload: swapped by htmx
    assert page.locator("[data-testid=rejected-row]").count() == 1

    # Skip the row that cannot be fixed, then save the rest.
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=rejected-row][data-row='7'] [data-testid=row-drop]").click()
    page.wait_for_selector("[data-testid=import-commit]")
    assert "+6254921234 (telepon kantor/rumah, tanpa SMS/WA)" in page.inner_text(
        "[data-testid=import-preview]"
    )
    page.click("[data-testid=import-commit]")
    assert "4 baris tersimpan" in page.inner_text("[data-testid=import-done]")

    page.goto(f"{live_server.url}/pemangku/orang/")
    page.fill("input[name=q]", "ahmad yani")
    page.click("input[type=submit][value=Cari]")
    page.click("[data-testid=person-table] >> text=Ahmad Yani")
    assert page.inner_text("[data-testid=person-name]") == "Drs. H. Ahmad Yani, M.Si"
