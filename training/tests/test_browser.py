"""A trainer runs a Bimtek in a real Chromium; the participant downloads the certificate; anyone verifies it."""

import io

import pytest
from openpyxl import Workbook

from core.testing import picker_choose
from mfa.testing import browser_login
from regions.models import AdminUnit
from stakeholders.choices import Office, OrgType
from stakeholders.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    UserFactory,
    user_with_office,
)
from training.models import Certificate, Registration, RegistrationImport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(page, live_server, username):
    browser_login(page, live_server.url, username)
    page.wait_for_selector("[data-testid=home-title]")


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _add_session(page, day, start, end, topic):
    page.fill("#id_date", day)
    page.fill("#id_start_time", start)
    page.fill("#id_end_time", end)
    page.fill("#id_topic", topic)
    page.fill("#id_room", "Ballroom")
    page.click("input[type=submit][value='Tambah sesi']")
    page.wait_for_selector(f"[data-testid=agenda] >> text={topic}")


def test_a_trainer_runs_a_bimtek_and_the_participant_gets_a_verifiable_certificate(
    live_server, page, kutim, celery_worker, settings_media, settings
):
    # Any file larger than this is read and checked by the worker, as a large file is in real use.
    settings.TABULAR_SYNC_MAX_BYTES = 100
    user_with_office(Office.FASILITATOR, "64.08", username="pelatih.browser")
    organiser = OrganisationFactory(name="Pemerintah Kabupaten Kutai Timur Uji", org_type=OrgType.PEMDA)
    polsek = OrganisationFactory(name="Polsek Sangatta Utara Uji", org_type=OrgType.POLRI)
    participant = UserFactory(username="peserta.browser")
    # A member of the Polsek: a trainer registers people of the programme's target organisations.
    PositionFactory(
        person=PersonFactory(user=participant, full_name="Sari Peserta Contoh"),
        organisation=polsek,
        office=Office.KAPOLSEK,
        area=AdminUnit.objects.get(code="64.08.04"),
    )

    console_errors = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    _login(page, live_server, "pelatih.browser")
    page.goto(f"{live_server.url}/bimtek/")
    page.click("[data-testid=programme-create]")
    page.fill("#id_title", "Bimtek Mitigasi Konflik Angkatan II")
    picker_choose(page, "#id_organiser", "pemerintah kab", pick=organiser.name)
    page.fill("#id_venue", "Hotel Harris, Samarinda")
    page.fill("#id_start_date", "2025-03-10")
    page.fill("#id_end_date", "2025-03-11")
    page.fill("#id_lesson_hours", "16")
    page.fill("#id_quota", "30")
    page.check(f"input[name=target_org_types][value={OrgType.POLRI}]")
    page.click("input[type=submit][value=Simpan]")
    page.wait_for_selector("[data-testid=programme-title]")
    assert page.inner_text("[data-testid=programme-title]") == "Bimtek Mitigasi Konflik Angkatan II"

    _add_session(page, "2025-03-10", "08:00", "10:00", "Teknik mitigasi konflik")
    _add_session(page, "2025-03-11", "08:00", "10:00", "Simulasi penanganan gangguan keamanan")

    page.click("text=Peserta")
    page.click("[data-testid=import-link]")
    content = _xlsx(
        [
            ["nama", "gelar", "organisasi", "peran"],
            ["Sari Peserta Contoh", "", polsek.name, "peserta"],
            ["Budi Ulin", "Aipda", polsek.name, "peserta"],
        ]
    )
    page.set_input_files(
        "#id_file",
        files=[{"name": "peserta.xlsx", "mimeType": "application/octet-stream", "buffer": content}],
    )
    assert len(content) > settings.TABULAR_SYNC_MAX_BYTES
    page.click("input[type=submit][value=Pratinjau]")
    # The import's page: the progress bar polls while the worker checks the file, then the page
    # reloads itself with the preview.
    page.wait_for_url("**/peserta/impor/*/")
    page.wait_for_selector("[data-testid=job-progress], [data-testid=import-preview]")
    page.wait_for_selector("[data-testid=import-confirm]", timeout=60_000)
    assert "Budi Ulin" in page.inner_text("[data-testid=import-preview]")
    checked = RegistrationImport.objects.get()
    assert checked.queued_at is not None  # checked by the worker, not during the upload's request
    assert checked.worker
    page.click("[data-testid=import-confirm]")
    page.wait_for_selector("[data-testid=registrations] >> text=Budi Ulin")
    registration = Registration.objects.get(person__user=participant)

    page.click("text=Check-in")
    page.wait_for_load_state("load")
    assert page.evaluate("() => typeof window.Html5Qrcode") == "function"
    page.fill("[data-testid=checkin-code]", registration.ticket_code.lower())
    page.click("[data-testid=checkin-submit]")
    page.wait_for_selector("[data-testid=checkin-result] .alert-success")
    assert "Sari Peserta Contoh tercatat hadir" in page.inner_text("[data-testid=checkin-result]")
    page.fill("[data-testid=checkin-code]", registration.ticket_code)
    page.click("[data-testid=checkin-submit]")
    page.wait_for_selector("[data-testid=checkin-result] .alert-danger")
    assert "sudah check-in" in page.inner_text("[data-testid=checkin-result]")

    # The second session by hand, from the attendance sheet.
    page.select_option("#sesi", index=1)
    page.wait_for_url("**sesi=*")
    page.click("text=Tandai manual")
    row = page.locator("[data-testid=attendance-sheet] tr", has_text="Sari Peserta Contoh")
    row.locator("select[name=status]").select_option("hadir")
    row.locator("button[type=submit]").click()
    page.wait_for_selector(".alert-success")

    page.click("text=Materi")
    page.fill("#id_title", "Modul Teknik Mitigasi")
    page.set_input_files(
        "input[name=file]", files=[{"name": "modul.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}]
    )
    page.click("input[type=submit][value=Unggah]")
    page.wait_for_selector("[data-testid=materials] >> text=Modul Teknik Mitigasi")

    page.click("text=Sertifikat")
    page.click("[data-testid=issue-all]")
    page.wait_for_selector("[data-testid=job-done]", timeout=30_000)
    assert "1 sertifikat diterbitkan, 1 dilewati" in page.inner_text("[data-testid=job-done]")
    certificate = Certificate.objects.get(registration=registration)

    assert console_errors == []

    page.context.clear_cookies()
    _login(page, live_server, "peserta.browser")
    page.goto(f"{live_server.url}/bimtek/saya/")
    with page.expect_download() as download_info:
        page.click("[data-testid=my-certificate]")
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(4) == b"%PDF"

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verifikasi/{certificate.code}")
    assert "Sertifikat ini SAH" in page.inner_text("[data-testid=verify-result]")
    assert page.inner_text("[data-testid=verify-name]") == "Sari Peserta Contoh"
