"""The map's own layers in a real Chromium: kerawanan, TPS points, drill-down, a refused period.

The leadership journey with real incidents (live risk, opening an incident) and the README's
screenshot are in test_browser_situation.py."""

from datetime import date

import pytest
from django.utils import timezone

from mfa.testing import browser_login
from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.services import riskassessment_create
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An Indonesian browser with a desktop window, as leadership would use."""
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1280, "height": 860}}


def test_leadership_sees_kerawanan_and_drills_into_a_kecamatan(live_server, page, instruments, settings):
    settings.MAP_TILE_URL = ""  # offline: boundaries alone
    user_with_office(Office.BUPATI, "64.08", username="bupati.uji", first_name="Bupati")
    kesbangpol = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    for code, level in (
        ("64.08.04.2001", "sangat_rawan"),
        ("64.08.09.2001", "rawan"),
        ("64.08.01.2001", "kurang_rawan"),
    ):
        riskassessment_create(
            instrument=instruments["polri-tps"],
            area=AdminUnit.objects.get(code=code),
            level=level,
            as_of=min(date(2024, 11, 20), timezone.localdate()),
            by_user=kesbangpol,
        )

    riskassessment_create(
        instrument=instruments["polri-tps"],
        polling_station=PollingStationFactory(number=1, lat=0.53, lng=117.58),
        level="sangat_rawan",
        as_of=min(date(2024, 11, 20), timezone.localdate()),
        by_user=kesbangpol,
    )

    browser_login(page, live_server.url, "bupati.uji")
    page.wait_for_selector("[data-testid=home-title]")

    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/wilayah/peta/")
    page.wait_for_selector("#map[data-measure-loaded='kerawanan:kecamatan:64.08']")
    assert page.input_value("[data-testid=filter-instrumen]") == "polri-tps"
    assert page.locator("path.map-area").count() == 18
    assert "Sangat rawan" in page.inner_text("[data-testid=legend]")
    page.check("[data-testid=layer-tps_rawan]")
    page.wait_for_selector("#map[data-points-loaded='1']")

    page.locator("path.area-64-08-04").dispatch_event("click")
    page.wait_for_selector("#map[data-measure-loaded='kerawanan:desa:64.08.04']")
    desa = AdminUnit.objects.filter(parent__code="64.08.04").count()
    assert page.locator("path.map-area").count() == desa
    assert page.inner_text("[data-testid=map-crumb]") == "Sangatta Utara"

    page.click("[data-testid=map-up]")
    page.wait_for_selector("#map[data-measure-loaded='kerawanan:kecamatan:64.08']")
    assert page.locator("path.map-area").count() == 18
    assert errors == []  # no script error and no Content-Security-Policy violation

    # A reversed period is refused with the server's own words, and the map keeps its colours.
    page.evaluate(
        """() => {
            document.getElementById("map-end").value = "2024-11-27";
            const start = document.getElementById("map-start");
            start.value = "2024-12-01";
            start.dispatchEvent(new Event("change"));
        }"""
    )
    page.wait_for_selector("[data-testid=map-error]:not(.d-none)")
    assert page.inner_text("[data-testid=map-error]") == "Tanggal awal harus sebelum tanggal akhir."
