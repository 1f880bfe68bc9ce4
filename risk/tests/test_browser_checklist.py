"""A camat's office fills the TPS-rawan checklist for one TPS in a real Chromium."""

import pytest

from mfa.testing import browser_login
from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.models import RiskAssessment
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_camat_picks_a_desa_then_its_tps_and_gets_the_level(live_server, page, instruments):
    user_with_office(Office.CAMAT, "64.08.04", username="camat.uji")
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    station = PollingStationFactory(number=4, desa=desa)
    PollingStationFactory(number=9, desa=AdminUnit.objects.get(code="64.08.04.1010"))
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    browser_login(page, live_server.url, "camat.uji")
    page.wait_for_selector("[data-testid=home-title]")

    page.goto(f"{live_server.url}/wilayah/kerawanan/periksa/tps-rawan-2024/")
    assert page.locator("#id_polling_station option").count() == 1  # no desa chosen, no TPS
    page.select_option("#id_area", str(desa.pk))
    page.wait_for_selector("#id_polling_station option:nth-child(2)", state="attached")
    assert page.locator("#id_polling_station option").count() == 2  # only this desa's TPS
    page.select_option("#id_polling_station", str(station.pk))
    for indicator in ("dptb", "disabilitas", "sulit_dijangkau"):
        page.check(f"#id_q_{indicator}")
    page.click("input[type=submit]")
    page.wait_for_selector("[data-testid=assessment-title]")

    assert "Sedang" in page.inner_text("[data-testid=assessment-level]")
    assessment = RiskAssessment.objects.get()
    assert (assessment.polling_station, assessment.score) == (station, 3)
    assert errors == []
