"""In a real Chromium on a phone (390x844): a Kapolsek logs a patrol with GPS and a photo, and it
appears on the situation map's prevention layer and in its measure."""

import pytest
from playwright.sync_api import expect

from coordination.models import PreventiveActivity
from incidents.tests.files import png_bytes
from mfa.testing import browser_login
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# A point in Sangatta Utara (the incidents' map tests use it too).
PASAR = {"latitude": 0.48607, "longitude": 117.573683}


def test_a_kapolsek_logs_a_patrol_from_a_phone_and_it_is_on_the_map(
    live_server, browser, kutim, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user_with_office(
        Office.KAPOLSEK, "64.08.04", username="kapolsek.uji", first_name="Andi", last_name="Polsek"
    )
    context = browser.new_context(viewport=PHONE, geolocation=PASAR, permissions=["geolocation"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    browser_login(page, live_server.url, "kapolsek.uji")

    page.goto(f"{live_server.url}/koordinasi/pencegahan/")
    with page.expect_navigation():
        page.click("[data-testid=prevention-new]")
    # The phone form: the time is now, the Kapolsek's kecamatan is chosen, nothing is wider than the phone.
    assert page.input_value("input[name=held_at]")
    assert "Sangatta Utara" in page.locator("select[name=kecamatan] option:checked").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.check("input[name=kind][value=patroli]")
    page.select_option("select[name=desa]", index=1)
    page.fill("input[name=place]", "Pasar induk Sangatta")
    page.click("[data-testid=prevention-gps]")
    # Playwright's own wait (the page's CSP forbids the eval that wait_for_function needs).
    expect(page.locator("[data-gps-lat]")).not_to_have_value("")
    page.fill("input[name=participant_count]", "8")
    page.fill("textarea[name=notes]", "Patroli dialogis bersama Babinsa; situasi kondusif.")
    page.set_input_files(
        "input[name=photos]", files=[{"name": "patroli.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    with page.expect_navigation():
        page.click("[data-testid=prevention-submit]")
    assert "Patroli" in page.inner_text("[data-testid=prevention-title]")
    assert page.locator("[data-testid=prevention-photo]").count() == 1
    activity = PreventiveActivity.objects.get()
    assert activity.lat == pytest.approx(PASAR["latitude"])
    assert activity.participant_count == 8

    # The map: the prevention layer pins it, the measure counts it for Sangatta Utara.
    page.goto(f"{live_server.url}/wilayah/peta/")
    page.wait_for_selector("#map[data-measure-loaded]")
    page.check("[data-testid=layer-pencegahan]")
    page.wait_for_selector("#map[data-points-loaded='1']")
    assert page.locator(".map-point-pencegahan").count() == 1
    page.select_option("[data-testid=measure-select]", "pencegahan")
    page.wait_for_selector("#map[data-measure-loaded='pencegahan:kecamatan:64.08']")
    assert "kegiatan" in page.inner_text("[data-testid=legend]")
    assert not errors
    context.close()


def test_the_four_monthly_report_downloads_with_the_activities_progress(live_server, page, kutim):
    from datetime import date
    from io import BytesIO
    from pathlib import Path

    from openpyxl import load_workbook

    from coordination.services import plan_create
    from coordination.tests.factories import make_plan_activity
    from stakeholders.tests.factories import OrganisationFactory

    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", username="kesbangpol.uji", first_name="Sri")
    polsek = OrganisationFactory(name="Polsek Sangatta Utara")
    user_with_office(Office.KAPOLSEK, "64.08.04", username="kapolsek.rencana", organisation=polsek)
    plan = plan_create(year=2024, title="Rencana Aksi Terpadu 2024", by_user=admin)
    make_plan_activity(plan=plan, by_user=admin, title="Patroli dialogis pasar", organisation=polsek)
    make_plan_activity(plan=plan, by_user=admin, title="Sosialisasi tolak politik uang", area_code="64.08.09")

    # The Kapolsek records the progress of his Polsek's activity.
    browser_login(page, live_server.url, "kapolsek.rencana")
    page.goto(f"{live_server.url}/koordinasi/rencana-aksi/{plan.pk}/")
    assert page.locator("[data-testid=plan-activity-row]").count() == 1
    with page.expect_navigation():
        page.click("[data-testid=plan-progress-link]")
    page.fill("input[name=progress]", "100")
    page.fill("input[name=actual_start]", "2024-02-03")
    page.fill("input[name=actual_end]", "2024-03-15")
    page.fill("textarea[name=note]", "Patroli di 3 pasar selesai.")
    with page.expect_navigation():
        page.click("[data-testid=plan-progress-form] button[type=submit]")
    assert page.inner_text("[data-testid=plan-activity-progress]") == "100%"
    page.context.clear_cookies()

    # Kesbangpol downloads B.04: one done, one late, 50 %.
    browser_login(page, live_server.url, "kesbangpol.uji")
    page.goto(f"{live_server.url}/koordinasi/rencana-aksi/{plan.pk}/")
    assert page.locator("[data-testid=plan-activity-late]").count() == 1
    with page.expect_download() as download:
        page.click("[data-testid=plan-report-b04-xlsx]")
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    agencies = {row[0]: row[1:6] for row in list(book.worksheets[0].values)[1:]}
    assert agencies["Polsek Sangatta Utara"] == (1, 1, 0, 100, 100)
    assert agencies["Jumlah"] == (2, 1, 1, 50, 50)
    activities = {row[0]: row for row in list(book["Kegiatan"].values)[1:]}
    assert str(activities["Patroli dialogis pasar"][8]).startswith(str(date(2024, 3, 15)))
    with page.expect_download() as download:
        page.click("[data-testid=plan-report-b04-pdf]")
    assert Path(download.value.path()).read_bytes()[:4] == b"%PDF"
