"""Journeys in a real Chromium: a field report from a phone, triage to closure, a stale edit refused."""

import pytest

from core.testing import picker_choose
from incidents.choices import Status
from incidents.models import Incident
from incidents.tests.files import png_bytes
from mfa.testing import browser_login
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base_url, username):
    browser_login(page, base_url, username)
    page.wait_for_selector("[data-testid=user-menu]", state="attached")


def test_field_report_from_a_phone_then_triage_to_closure_and_a_stale_edit(
    live_server, page, browser, kutim, tmp_path
):
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001", username="pelapor")
    operator = user_with_office(
        Office.CAMAT, "64.08.04", username="camat", first_name="Rudi", last_name="Camat"
    )
    user_with_office(Office.OPERATOR_KECAMATAN, "64.08.04", username="operator2")
    photo = tmp_path / "kamera.png"
    photo.write_bytes(png_bytes(4, 4))

    # A field officer files the report on a 360 px wide phone, with a photo.
    page.set_viewport_size({"width": 360, "height": 740})
    _login(page, live_server.url, "pelapor")
    page.goto(f"{live_server.url}/insiden/lapor/")
    assert page.get_attribute("input[name=photo]", "capture") == "environment"
    assert page.get_attribute("input[name=photo]", "accept") == "image/*"
    page.fill("input[name=title]", "Bentrok di depan posko")
    page.fill("textarea[name=chronology]", "Dua kelompok pendukung saling dorong.")
    page.select_option("select[name=category]", label="Bentrok antarpendukung / kericuhan massa")
    page.check("input[name=severity][value='3']")
    page.fill("input[name=occurred_at]", "2024-10-10T08:00")
    page.fill("input[name=known_at]", "2024-10-10T09:00")
    page.select_option("select[name=kecamatan]", str(AdminUnit.objects.get(code="64.08.04").pk))
    page.select_option("select[name=desa]", str(AdminUnit.objects.get(code="64.08.04.2001").pk))
    page.set_input_files("input[name=photo]", str(photo))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("[data-testid=report-submit]")
    page.wait_for_selector("[data-testid=incident-number]")
    number = page.inner_text("[data-testid=incident-number]").strip()
    incident = Incident.objects.get(number=number)
    assert incident.reporter == reporter
    assert incident.evidence.get().kind == "foto"

    # The reporter finds the report in their own list, which fits the phone's width.
    page.goto(f"{live_server.url}/insiden/")
    page.wait_for_selector(f"#row-{number}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The kecamatan operator verifies and assigns from the queue, without a page reload.
    desk = browser.new_page()
    _login(desk, live_server.url, "camat")
    desk.goto(f"{live_server.url}/insiden/")
    row = f"#row-{number}"
    desk.click(f"{row} [data-testid=quick-verify]")
    desk.wait_for_selector(f"{row} [data-testid=status]:has-text('Terverifikasi')")
    desk.click(f"{row} [data-testid=quick-assign]")
    org = operator.person.positions.get().organisation
    picker_choose(desk, f"{row} select[name=lead_organisation]", org.name, pick=org.name)
    picker_choose(desk, f"{row} select[name=responsible_person]", "rudi", pick="Rudi Camat")
    desk.click(f"{row} [data-testid=assign-submit]")
    desk.wait_for_selector(f"{row} [data-testid=status]:has-text('Ditangani')")

    # A second operator opens the edit form now, and saves it only after the first has moved on.
    other = browser.new_page()
    _login(other, live_server.url, "operator2")
    other.goto(f"{live_server.url}/insiden/{number}/ubah/")

    desk.goto(f"{live_server.url}/insiden/{number}/")
    desk.fill("[data-testid=followup-form] input[name=description]", "Patroli dialogis malam ini")
    picker_choose(desk, "[data-testid=followup-form] select[name=owner]", "rudi", pick="Rudi Camat")
    desk.fill("[data-testid=followup-form] input[name=due_date]", "2024-10-12")
    desk.click("[data-testid=followup-form] button[type=submit]")
    desk.wait_for_selector("[data-testid=followups] >> text=Patroli dialogis malam ini")
    # The follow-up is still open: resolving asks to confirm it first.
    desk.click("[data-testid=resolve]")
    desk.wait_for_selector("text=Masih ada 1 tindak lanjut terbuka")
    desk.check("#confirm-open-follow-ups")
    desk.click("[data-testid=resolve]")
    desk.wait_for_selector("[data-testid=status]:has-text('Selesai')")
    desk.click("[data-testid=close]")
    desk.wait_for_selector("[data-testid=status]:has-text('Ditutup')")

    other.fill("input[name=title]", "Judul versi operator kedua")
    other.click("[data-testid=edit-submit]")
    other.wait_for_selector("[data-testid=edit-form] .alert-danger")
    message = other.inner_text("[data-testid=edit-form] .alert-danger")
    assert "sudah diubah orang lain" in message
    assert "Rudi Camat" in message

    incident.refresh_from_db()
    assert incident.status == Status.DITUTUP
    assert incident.title == "Bentrok di depan posko"
    assert incident.follow_ups.count() == 1
