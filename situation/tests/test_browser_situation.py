"""Leadership's look at the situation in a real Chromium, with real incidents: the map (live risk,
drill-down, a marker opening the incident, a desa's incident list) and the dashboard's charts."""

from datetime import date

import pytest

from incidents.tests.factories import make_incident, wita
from mfa.testing import browser_login
from regions.models import AdminUnit
from risk.services import riskassessment_create, riskinstrument_load_defaults
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """An Indonesian browser with a desktop window, as leadership would use."""
    return {**browser_context_args, "locale": "id-ID", "viewport": {"width": 1280, "height": 860}}


@pytest.fixture
def situation(kutim):
    """The week after voting day 2024: a clash with a GPS point in Sangatta Utara, more reports there
    and in Bengalon and Sangkulirang, and kerawanan assessments."""
    riskinstrument_load_defaults()
    from risk.models import RiskInstrument

    kesbangpol = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    for code, level in (("64.08.04.2001", "sangat_rawan"), ("64.08.09.2001", "rawan")):
        riskassessment_create(
            instrument=RiskInstrument.objects.get(code="polri-tps"),
            area=AdminUnit.objects.get(code=code),
            level=level,
            as_of=date(2024, 11, 20),
            by_user=kesbangpol,
        )
    at = {"occurred_at": wita(2024, 11, 24, 20), "known_at": wita(2024, 11, 24, 21)}
    clash = make_incident(
        area_code="64.08.04.2001",
        title="Bentrok pendukung di Jalan Yos Sudarso",
        severity=5,
        lat=0.4861,
        lng=117.5737,
        **at,
    )
    make_incident(area_code="64.08.04.1010", severity=4, title="Intimidasi saksi TPS", **at)
    make_incident(area_code="64.08.04.2011", severity=3, category="POLITIK_UANG", title="Amplop", **at)
    make_incident(
        area_code="64.08.09.2001", severity=3, title="Massa di kantor PPK", lat=0.7679, lng=117.5653, **at
    )
    make_incident(area_code="64.08.05.2001", severity=2, title="Baliho dirusak", **at)
    return clash


def login(page, base_url, username):
    browser_login(page, base_url, username)
    page.wait_for_selector("[data-testid=home-title]")


def watch_errors(page) -> list:
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.mark.screenshot
def test_leadership_sees_live_risk_drills_into_a_kecamatan_and_opens_an_incident(
    live_server, page, situation, settings, screenshot_dir
):
    settings.MAP_TILE_URL = ""  # offline: boundaries alone
    user_with_office(Office.BUPATI, "64.08", username="bupati.uji", first_name="Bupati")
    login(page, live_server.url, "bupati.uji")
    errors = watch_errors(page)

    page.goto(f"{live_server.url}/wilayah/peta/")
    page.wait_for_selector("#map[data-measure-loaded='kerawanan:kecamatan:64.08']")
    assert page.locator("path.map-area").count() == 18
    # A fixed period (the week after voting day) keeps the picture the same whatever day it is taken.
    page.evaluate(
        """() => {
            document.getElementById("map-start").value = "2024-10-29";
            const end = document.getElementById("map-end");
            end.value = "2024-11-27";
            end.dispatchEvent(new Event("change"));
        }"""
    )
    page.select_option("[data-testid=measure-select]", "risiko_langsung")
    page.wait_for_selector("#map[data-measure-loaded='risiko_langsung:kecamatan:64.08']")
    assert "14 hari terakhir s.d. 27/11/2024" in page.inner_text("[data-testid=map-note]")
    rising = page.get_attribute("path.area-64-08-04", "fill")
    quiet = page.get_attribute("path.area-64-08-01", "fill")
    assert rising != quiet  # Sangatta Utara stands out from a kecamatan without incidents

    page.check("[data-testid=layer-insiden]")
    page.wait_for_selector("#map[data-points-loaded='2']")
    page.locator("[data-testid=layer-insiden]").blur()
    page.screenshot(path=str(screenshot_dir / "map.png"), full_page=True, animations="disabled")
    assert (screenshot_dir / "map.png").stat().st_size > 0

    # The incident measure with its filters: only the severity-5 clash is counted.
    page.select_option("[data-testid=measure-select]", "insiden")
    page.wait_for_selector("#map[data-measure-loaded='insiden:kecamatan:64.08']")
    page.select_option("[data-testid=filter-severity]", "5")
    page.wait_for_selector("#map[data-points-loaded='1']")  # the Bengalon point (severity 3) is gone
    page.wait_for_selector("#map[data-measure-loaded='insiden:kecamatan:64.08']")
    assert page.get_attribute("path.area-64-08-09", "fill") == page.get_attribute(
        "path.area-64-08-01", "fill"
    )
    page.select_option("[data-testid=measure-select]", "risiko_langsung")
    page.wait_for_selector("#map[data-measure-loaded='risiko_langsung:kecamatan:64.08']")
    page.wait_for_selector("#map[data-points-loaded='2']")

    page.locator("path.area-64-08-04").dispatch_event("click")
    page.wait_for_selector("#map[data-measure-loaded='risiko_langsung:desa:64.08.04']")
    page.wait_for_selector("#map[data-points-loaded='1']")
    assert page.inner_text("[data-testid=map-crumb]") == "Sangatta Utara"

    page.locator(".map-point").first.click()
    page.wait_for_url(f"**{situation.get_absolute_url()}")
    assert page.inner_text("[data-testid=incident-title]") == "Bentrok pendukung di Jalan Yos Sudarso"

    # Back on the map: a desa's popup leads to the list of its incidents.
    page.go_back()
    page.wait_for_selector("#map[data-measure-loaded]")
    page.locator("path.map-area").first.wait_for()
    page.locator("[data-testid=map-up]").wait_for()
    if page.get_attribute("#map", "data-level") != "desa:64.08.04":
        page.locator("path.area-64-08-04").dispatch_event("click")
        page.wait_for_selector("#map[data-level='desa:64.08.04']")
    page.locator("path.area-64-08-04-2001").dispatch_event("click")
    page.click("[data-testid=area-link-insiden]")
    page.wait_for_selector("[data-testid=triage-table]")
    assert page.locator("tr[data-testid^=row-]").count() == 1
    page.click(f"a[href='{situation.get_absolute_url()}']")
    page.wait_for_selector("[data-testid=incident-title]")
    assert errors == []  # no script error and no Content-Security-Policy violation


@pytest.mark.screenshot
def test_the_dashboard_draws_its_charts_and_a_number_opens_its_list(
    live_server, page, situation, screenshot_dir
):
    user_with_office(Office.BUPATI, "64.08", username="bupati.dasbor", first_name="Bupati")
    login(page, live_server.url, "bupati.dasbor")
    errors = watch_errors(page)
    page.click("[data-testid=nav-dashboard]")
    page.wait_for_selector("body[data-charts-ready=true]")
    for chart in ("chart-over-time", "chart-by-phase", "chart-by-area"):
        assert page.get_attribute(f"[data-testid={chart}]", "data-drawn") == "true", chart
    assert page.inner_text("[data-testid=dashboard-title]") == "Dasbor Kutai Timur"
    page.screenshot(path=str(screenshot_dir / "dashboard.png"), full_page=True, animations="disabled")
    assert (screenshot_dir / "dashboard.png").stat().st_size > 0
    figure = page.locator("[data-testid=figure-new_today] [data-figure]")
    assert figure.inner_text() == "5"
    page.click("[data-testid=figure-new_today]")
    page.wait_for_selector("[data-testid=triage-table]")
    assert page.inner_text("[data-testid=result-count]").strip() == "5 laporan."
    assert page.locator("tr[data-testid^=row-]").count() == 5

    page.go_back()
    page.click("[data-testid=severity-5]")
    page.wait_for_selector("[data-testid=triage-table]")
    assert page.locator("tr[data-testid^=row-]").count() == 1
    assert errors == []


def test_an_incident_title_with_html_shows_as_text_in_the_map_tooltip(live_server, page, situation, settings):
    """Leaflet renders a string tooltip as HTML: a title such as ``<img src=x onerror=...>`` made an
    element; the tooltip is now a text node, and the literal title is what a person reads."""
    settings.MAP_TILE_URL = ""  # offline: boundaries alone
    hostile = make_incident(
        area_code="64.08.01.2001",
        severity=5,
        title='<img src=x data-testid=injected onerror="document.body.dataset.xss=1">Massa',
        lat=1.03,  # Muara Wahau, far from the other points so it is not clustered with them
        lng=116.87,
        occurred_at=wita(2024, 11, 24, 20),
        known_at=wita(2024, 11, 24, 21),
    )
    user_with_office(Office.BUPATI, "64.08", username="bupati.peta", first_name="Bupati")
    login(page, live_server.url, "bupati.peta")
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/wilayah/peta/")
    page.wait_for_selector("#map[data-measure-loaded]")
    page.evaluate(
        """() => {
            document.getElementById("map-start").value = "2024-10-29";
            const end = document.getElementById("map-end");
            end.value = "2024-11-27";
            end.dispatchEvent(new Event("change"));
        }"""
    )
    page.check("[data-testid=layer-insiden]")
    page.wait_for_selector("#map[data-points-loaded='3']")
    page.locator(f".map-point[title^='{hostile.number}:']").hover()
    tooltip = page.locator(".leaflet-tooltip").last
    tooltip.wait_for()
    assert tooltip.inner_text() == f"{hostile.number}: {hostile.title}"
    assert page.locator(".leaflet-tooltip img, [data-testid=injected]").count() == 0
    assert page.evaluate("() => document.body.dataset.xss") is None
    assert errors == []  # no script error and no Content-Security-Policy violation
