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
