"""In a real Chromium: the responsible person is found by typing part of a name, among the chosen
organisation's people, with office and organisation shown, and saved."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from core.testing import picker_choose
from incidents.services import incident_verify
from incidents.tests.factories import make_incident
from mfa.testing import browser_login
from pilkada_mitigasi.tests.test_browser_layout import AXE, AXE_RUN
from regions.models import AdminUnit
from stakeholders.choices import Office, OrgType
from stakeholders.services import organisation_create, person_create, position_assign
from stakeholders.tests.factories import user_with_office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assign_picks_the_responsible_person_by_typing_part_of_the_name(live_server, page, browser, kutim):
    operator = user_with_office(Office.CAMAT, "64.08.04", username="camat.picker")
    su = AdminUnit.objects.get(code="64.08.04")
    polsek = organisation_create(name="Polsek Pemilih Sangatta Utara", org_type=OrgType.POLRI, area=su)
    koramil = organisation_create(name="Koramil Pemilih Sangatta Utara", org_type=OrgType.TNI_AD, area=su)
    budi = person_create(full_name="Budiman Polsek Fiktif")
    position_assign(
        person=budi, organisation=polsek, office=Office.KAPOLSEK, area=su, start_date=date(2024, 1, 1)
    )
    other = person_create(full_name="Budiarto Koramil Fiktif")
    position_assign(
        person=other, organisation=koramil, office=Office.DANRAMIL, area=su, start_date=date(2024, 1, 1)
    )
    incident = make_incident()
    incident = incident_verify(incident=incident, expected_version=incident.version, by_user=operator)

    errors = []
    browser_login(page, live_server.url, "camat.picker")
    page.goto(f"{live_server.url}/insiden/{incident.number}/tugaskan/")
    # The page holds no list of the registry: only the empty choice.
    assert page.locator("select[name=responsible_person] option").count() == 1

    picker_choose(
        page, "select[name=lead_organisation]", "polsek pemil", pick="Polsek Pemilih Sangatta Utara"
    )
    shown = picker_choose(page, "select[name=responsible_person]", "bud", pick="Budiman Polsek Fiktif")
    assert "Kapolsek" in shown
    assert "Polsek Pemilih Sangatta Utara" in shown
    # Filtered by the chosen organisation: the Koramil's Budiarto is not offered.
    assert page.locator(".ts-dropdown .option", has_text="Budiarto").count() == 0

    # The pickers leave the form accessible (axe-core; added as a script, so outside the CSP here).
    checker = browser.new_context(bypass_csp=True).new_page()
    browser_login(checker, live_server.url, "camat.picker")
    checker.goto(f"{live_server.url}/insiden/{incident.number}/tugaskan/")
    checker.wait_for_selector("select[name=responsible_person].tomselected", state="attached")
    checker.add_script_tag(path=str(AXE))
    assert checker.evaluate(AXE_RUN) == []
    checker.context.close()

    page.click("[data-testid=assign-submit]")
    page.wait_for_url(f"**/insiden/{incident.number}/")
    incident.refresh_from_db()
    assert incident.responsible_person == budi
    assert incident.lead_organisation == polsek
    assert errors == []


def test_a_search_answered_after_the_choice_does_not_reopen_the_list_over_the_form(live_server, page, kutim):
    # Seen in CI: the person was clicked from the list shown on focus while the search for the typed
    # letters was still on its way; its late answer opened the list again over the "Tetapkan" button.
    operator = user_with_office(Office.CAMAT, "64.08.04", username="camat.late")
    su = AdminUnit.objects.get(code="64.08.04")
    polsek = organisation_create(name="Polsek Lambat Sangatta Utara", org_type=OrgType.POLRI, area=su)
    budi = person_create(full_name="Budiman Lambat Fiktif")
    position_assign(
        person=budi, organisation=polsek, office=Office.KAPOLSEK, area=su, start_date=date(2024, 1, 1)
    )
    incident = make_incident()
    incident = incident_verify(incident=incident, expected_version=incident.version, by_user=operator)
    held = []
    page.route(re.compile(r"/pemangku/cari/orang/\?.*q=bud"), lambda route: held.append(route))
    browser_login(page, live_server.url, "camat.late")
    page.goto(f"{live_server.url}/insiden/{incident.number}/tugaskan/")
    picker_choose(page, "select[name=lead_organisation]", "polsek lamb", pick="Polsek Lambat Sangatta Utara")
    picker = page.locator("[data-testid=picker-responsible_person]")
    dropdown = picker.locator(".ts-dropdown")

    picker.locator(".ts-control").click()
    option = dropdown.locator(".option", has_text="Budiman Lambat Fiktif")
    option.wait_for()  # the list shown on focus
    with page.expect_request(re.compile(r"q=bud")):
        picker.locator("input").first.fill("bud")
    option.click()
    expect(dropdown).to_be_hidden()
    assert len(held) == 1
    held[0].continue_()  # the search's answer arrives now, after the choice

    expect(picker).not_to_have_class(re.compile(r"\bloading\b"))
    expect(dropdown).to_be_hidden()
    page.click("[data-testid=assign-submit]")
    page.wait_for_url(f"**/insiden/{incident.number}/")
    incident.refresh_from_db()
    assert incident.responsible_person == budi
