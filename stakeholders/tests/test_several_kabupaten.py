"""One installation serving two kabupaten (Kutai Timur and Kota Bontang, both loaded by code): each
kabupaten's users see only their own, a provincial office sees both."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.selectors import incident_places_for, incident_triageable_by, incident_visible_to
from incidents.services import incident_validate_place
from incidents.tests.factories import make_incident
from mfa.testing import force_login_verified
from notifications.models import InboxItem
from regions.models import AdminUnit
from regions.services import regions_load
from situation.dashboard import dashboard_areas_for
from stakeholders.accounts import account_password_reset
from stakeholders.choices import GrantStatus, Office
from stakeholders.selectors import (
    access_profile,
    grant_scope,
    position_grant_refusal,
    position_request_pending,
)
from stakeholders.services import (
    position_end,
    position_grant,
    position_request_approve,
    position_request_reject,
)
from stakeholders.tests.factories import OrganisationFactory, PersonFactory, PositionFactory, user_with_office

BONTANG = "64.74"


@pytest.fixture
def two_kabupaten(bontang, seeded_defaults):
    return {
        "kutim": make_incident(area_code="64.08.04.2001"),
        "bontang": make_incident(area_code="64.74.01.1001"),
    }


def _codes(incidents):
    return {incident.area_code[:5] for incident in incidents}


def test_a_kabupaten_administrator_triages_only_their_own_kabupaten(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    assert access_profile(admin).kabupaten_wide is False
    assert _codes(incident_triageable_by(admin)) == {"64.08"}
    assert _codes(incident_visible_to(admin)) == {"64.08"}


def test_the_second_kabupatens_administrator_sees_only_theirs(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    assert _codes(incident_triageable_by(admin)) == {BONTANG}
    assert _codes(incident_visible_to(admin)) == {BONTANG}
    assert {unit.code[:5] for unit in incident_places_for(admin).allowed} == {BONTANG}


def test_a_bupati_reads_only_their_own_kabupaten(two_kabupaten):
    bupati = user_with_office(Office.BUPATI, BONTANG)
    assert _codes(incident_visible_to(bupati)) == {BONTANG}


def test_a_camat_of_the_second_kabupaten_sees_only_their_kecamatan(two_kabupaten):
    camat = user_with_office(Office.CAMAT, "64.74.01")
    assert _codes(incident_visible_to(camat)) == {BONTANG}
    assert _codes(incident_triageable_by(camat)) == {BONTANG}


@pytest.mark.parametrize("office", [Office.KABAN_KESBANGPOL_PROVINSI, Office.KETUA_BAWASLU_PROVINSI])
def test_a_provincial_office_reads_every_kabupaten_below_it(two_kabupaten, office):
    provincial = user_with_office(office, "64")
    assert access_profile(provincial).kabupaten_wide is True
    assert _codes(incident_visible_to(provincial)) == {"64.08", BONTANG}


@pytest.mark.parametrize("office", [Office.KAPOLDA, Office.PANGDAM, Office.DANREM])
def test_polda_and_kodam_see_every_kabupaten_below_them(two_kabupaten, office):
    provincial = user_with_office(office, "64")
    assert _codes(incident_visible_to(provincial)) == {"64.08", BONTANG}


def test_the_dashboard_offers_a_kabupaten_user_only_their_kabupaten(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    areas = [code for code, _name in dashboard_areas_for(admin)]
    assert areas[0] == BONTANG
    assert {code[:5] for code in areas} == {BONTANG}


def test_the_dashboard_offers_a_provincial_office_every_kabupaten(two_kabupaten):
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    areas = [code for code, _name in dashboard_areas_for(provincial)]
    assert areas[0] == "64.08"
    assert {"64.08", BONTANG} <= set(areas)


def test_with_one_kabupaten_its_administrator_still_sees_everything(kutim):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    assert access_profile(admin).kabupaten_wide is True
    assert grant_scope(admin).administrator is True


def test_a_kabupaten_administrator_grants_nothing_in_the_other_kabupaten(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    assert grant_scope(admin).administrator is False
    refusal = position_grant_refusal(
        user=admin, person=PersonFactory(), office=Office.CAMAT, area=AdminUnit.objects.get(code="64.74.01")
    )
    assert "area" in refusal


def test_a_provincial_office_is_recorded_at_the_province(kutim):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    refusal = position_grant_refusal(
        user=superuser,
        person=PersonFactory(),
        office=Office.KABAN_KESBANGPOL_PROVINSI,
        area=AdminUnit.objects.get(code="64.08"),
    )
    assert refusal == {"area": "Kepala Badan Kesbangpol Provinsi dicatat di tingkat provinsi."}


def test_a_report_may_be_placed_in_either_served_kabupaten(two_kabupaten):
    assert incident_validate_place(area=AdminUnit.objects.get(code="64.74.01.1001")) == {}
    assert incident_validate_place(area=AdminUnit.objects.get(code=BONTANG)) == {}


def test_a_gps_point_in_a_kabupaten_without_boundaries_is_not_refused(two_kabupaten):
    area = AdminUnit.objects.get(code="64.74.01.1001")
    assert incident_validate_place(area=area, lat=0.13, lng=117.49) == {}


def test_a_report_outside_the_served_kabupaten_is_refused(two_kabupaten):
    regions_load(codes=["64.72"])
    errors = incident_validate_place(area=AdminUnit.objects.get(code="64.72.01"))
    assert list(errors) == ["area"]


def test_the_public_statement_speaks_for_the_incidents_own_kabupaten(two_kabupaten):
    from coordination.services.inpres import statement_draft

    assert statement_draft(two_kabupaten["bontang"]).startswith("Pemerintah Kota Bontang menyampaikan")
    assert statement_draft(two_kabupaten["kutim"]).startswith("Pemerintah Kabupaten Kutai Timur menyampaikan")


def _map(user, path="situation:map", **params):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    return client.get(reverse(path), params)


def test_the_map_opens_on_the_users_own_kabupaten(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    page = _map(admin).content.decode()
    assert 'data-kabupaten-code="64.74"' in page
    assert "Peta Kota Bontang" in page
    assert 'data-testid="map-kabupaten"' not in page


def test_the_map_refuses_another_kabupatens_kecamatan_layer(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    assert _map(admin, "situation:map_measure", ukuran="insiden", induk="64.08").status_code == 404
    assert _map(admin, "situation:map", kabupaten="64.08").status_code == 404
    data = _map(admin, "situation:map_measure", ukuran="insiden", induk=BONTANG).json()
    assert data["parent"] == BONTANG
    assert all(code.startswith("64.74.") for code in data["areas"])


def test_a_provincial_office_switches_the_map_between_its_kabupaten(two_kabupaten):
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    page = _map(provincial, kabupaten=BONTANG).content.decode()
    assert 'data-kabupaten-code="64.74"' in page
    assert 'data-testid="map-kabupaten"' in page
    data = _map(
        provincial,
        "situation:map_measure",
        ukuran="insiden",
        induk=BONTANG,
        dari="2024-10-01",
        sampai="2024-10-31",
    ).json()
    assert sum(area["value"] or 0 for area in data["areas"].values()) == 1


def test_tracked_actions_stay_in_their_kabupaten(two_kabupaten):
    from coordination.models import TrackedAction
    from coordination.selectors import action_scope_q
    from coordination.tests.factories import make_action

    kutim_admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    bontang_admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    make_action(by_user=kutim_admin, area_code="64.08.04")
    make_action(by_user=bontang_admin, area_code="64.74.01")
    seen = TrackedAction.objects.filter(action_scope_q(bontang_admin)).values_list("area_code", flat=True)
    assert list(seen) == ["64.74.01"]


def test_a_report_without_a_kecamatan_is_about_the_reporters_own_kabupaten(two_kabupaten):
    from incidents.forms import IncidentReportForm

    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.74.01.1001")
    regions_load(codes=["64.72"])  # loaded, not served: not offered
    form = IncidentReportForm(user=reporter)
    offered = {unit.code[:5] for unit in form.fields["kecamatan"].queryset}
    assert offered == {"64.08", BONTANG}
    assert form.home_kabupaten == BONTANG


def test_home_kabupaten_of_a_provincial_office_is_the_first_served_below_it(two_kabupaten):
    from stakeholders.selectors import home_kabupaten_for

    assert home_kabupaten_for(user_with_office(Office.KAPOLDA, "64")) == "64.08"
    assert home_kabupaten_for(user_with_office(Office.CAMAT, "64.74.02")) == BONTANG


def test_a_text_report_finds_places_in_every_served_kabupaten(two_kabupaten):
    from intake.services.text import area_index

    index = area_index()
    assert "64.74.01" in index.by_code
    assert "64.08.04" in index.by_code
    regions_load(codes=["64.72"])
    assert "64.72.01" not in area_index().by_code


def _get(user, name, *args):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_another_kabupatens_incident_is_a_404_and_the_triage_queue_leaves_it_out(two_kabupaten):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    kutim, bontang = two_kabupaten["kutim"], two_kabupaten["bontang"]
    assert _get(admin, "incidents:incident_detail", kutim.number).status_code == 404
    assert _get(admin, "incidents:incident_detail", bontang.number).status_code == 200
    queue = _get(admin, "incidents:incident_list").content.decode()
    assert bontang.number in queue
    assert kutim.number not in queue


def test_a_provincial_office_opens_the_incidents_of_both_kabupaten(two_kabupaten):
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    for incident in two_kabupaten.values():
        assert _get(provincial, "incidents:incident_detail", incident.number).status_code == 200


def test_a_kabupaten_user_opens_the_dashboard_of_their_kabupaten_only(two_kabupaten):
    from django.test import Client
    from django.urls import reverse

    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("situation:dashboard"), {"wilayah": BONTANG}).status_code == 200
    assert client.get(reverse("situation:dashboard"), {"wilayah": "64.08"}).status_code == 404


def test_a_kabupaten_administrator_grants_ordinary_offices_in_their_own_kabupaten_but_not_a_bupati(
    two_kabupaten,
):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)
    person = PersonFactory()
    own = AdminUnit.objects.get(code="64.74.01")
    assert position_grant_refusal(user=admin, person=person, office=Office.CAMAT, area=own) == {}
    refusal = position_grant_refusal(
        user=admin, person=person, office=Office.BUPATI, area=AdminUnit.objects.get(code=BONTANG)
    )
    assert "office" in refusal


def test_the_map_api_answers_the_kecamatan_of_a_kabupaten_in_scope_only(two_kabupaten):
    from api.tests.conftest import make_integration, token_client

    admin = user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG, is_superuser=True)
    _integration, token = make_integration(admin, scopes={"peta": "baca"}, area_code=BONTANG)
    client = token_client(token)
    period = {"dari": "2024-09-01", "sampai": "2024-11-30"}
    body = client.get("/api/v1/map/measures/insiden/", {**period, "induk": BONTANG}).json()
    assert body["areas"]
    assert all(code.startswith("64.74.") for code in body["areas"])
    outside = client.get("/api/v1/map/measures/insiden/", {**period, "induk": "64.72"})
    assert outside.status_code == 404


def _sekda_request(area_code: str, *, by_user):
    """A superuser's grant of the Sekda of ``area_code``, waiting for a second administrator."""
    area = AdminUnit.objects.get(code=area_code)
    result = position_grant(
        person=PersonFactory(),
        organisation=OrganisationFactory(area=area),
        office=Office.SEKDA,
        area=area,
        start_date=date(2024, 11, 1),
        by_user=by_user,
    )
    assert result.request is not None, "the grant was recorded at once instead of waiting"
    return result.request


@pytest.fixture
def sekda_requests(two_kabupaten):
    """A pending Sekda request for each kabupaten, filed by the installation's superuser, and each
    kabupaten's Kesbangpol."""
    admins = {code: user_with_office(Office.OPERATOR_KESBANGPOL, code) for code in ("64.08", BONTANG)}
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    return admins, {code: _sekda_request(code, by_user=superuser) for code in ("64.08", BONTANG)}


def test_a_kabupaten_administrator_sees_the_requests_for_their_own_kabupatens_offices(sekda_requests):
    admins, requests = sekda_requests
    assert list(position_request_pending(admins["64.08"])) == [requests["64.08"]]
    assert list(position_request_pending(admins[BONTANG])) == [requests[BONTANG]]


def test_the_kabupatens_own_administrator_approves_its_sekda_and_the_other_may_not(sekda_requests):
    admins, requests = sekda_requests
    with pytest.raises(ValidationError, match="Hanya administrator kabupaten"):
        position_request_approve(request=requests[BONTANG], by_user=admins["64.08"])
    result = position_request_approve(request=requests[BONTANG], by_user=admins[BONTANG])
    assert result.request.status == GrantStatus.APPROVED
    assert result.position.area.code == BONTANG


def test_the_other_kabupatens_request_is_a_404_to_refuse_and_the_own_one_is_refused(client, sekda_requests):
    admins, requests = sekda_requests
    force_login_verified(client, admins["64.08"])
    other = client.post(reverse("stakeholders:positionrequest_reject", args=[requests[BONTANG].pk]))
    assert other.status_code == 404
    own = client.post(reverse("stakeholders:positionrequest_reject", args=[requests["64.08"].pk]))
    assert own.status_code == 302
    requests["64.08"].refresh_from_db()
    assert requests["64.08"].status == GrantStatus.REJECTED


def test_a_grant_waits_only_for_an_administrator_of_the_offices_own_kabupaten(two_kabupaten):
    user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    area = AdminUnit.objects.get(code=BONTANG)
    result = position_grant(
        person=PersonFactory(),
        organisation=OrganisationFactory(area=area),
        office=Office.SEKDA,
        area=area,
        start_date=date(2024, 11, 1),
        by_user=superuser,
    )
    # Nobody but Kutai Timur's Kesbangpol could approve, and Bontang's Sekda is not theirs to decide.
    assert result.request is None
    assert result.position is not None


@pytest.fixture
def three_administrators(two_kabupaten):
    """Each kabupaten's Kesbangpol, the province's (its office covers both kabupaten) and a superuser."""
    admins = {code: user_with_office(Office.OPERATOR_KESBANGPOL, code) for code in ("64.08", BONTANG, "64")}
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    return admins, superuser


def _told(**filters) -> set[int]:
    return set(InboxItem.objects.filter(**filters).values_list("person_id", flat=True))


def test_a_sekda_request_and_its_decision_are_told_only_to_who_may_decide_them(three_administrators):
    admins, superuser = three_administrators
    request = _sekda_request(BONTANG, by_user=superuser)
    # Filed: Bontang's Kesbangpol and the province's, not Kutai Timur's (names and office included).
    filed = _told(message__idempotency_key=f"stakeholders|request|{request.pk}|filed")
    assert filed == {admins[BONTANG].person.pk, admins["64"].person.pk}
    # The same people the request's selector shows it to (the filer aside).
    assert filed == {user.person.pk for user in admins.values() if request in position_request_pending(user)}
    position_request_approve(request=request, by_user=admins[BONTANG])
    approved = _told(message__idempotency_key=f"stakeholders|request|{request.pk}|approved")
    assert approved == {admins["64"].person.pk, superuser.person.pk}


def test_refusing_and_ending_a_kabupatens_sekda_tells_nobody_of_the_other_kabupaten(three_administrators):
    admins, superuser = three_administrators
    refused = _sekda_request(BONTANG, by_user=superuser)
    position_request_reject(request=refused, by_user=admins[BONTANG])
    assert admins["64.08"].person.pk not in _told()
    request = _sekda_request(BONTANG, by_user=superuser)
    result = position_request_approve(request=request, by_user=admins["64"])
    position_end(position=result.position, end_date=date(2025, 1, 31), by_user=superuser)
    ended = _told(message__idempotency_key__contains=f"stakeholders|position|{result.position.pk}|ended")
    assert ended == {admins[BONTANG].person.pk, admins["64"].person.pk}
    assert admins["64.08"].person.pk not in _told()


def test_resetting_a_sekdas_account_tells_only_its_kabupatens_administrators(three_administrators):
    admins, superuser = three_administrators
    sekda = user_with_office(Office.SEKDA, BONTANG)
    account_password_reset(person=sekda.person, by_user=superuser)
    assert _told(message__idempotency_key__endswith="|admins") == {
        admins[BONTANG].person.pk,
        admins["64"].person.pk,
    }


def test_with_one_kabupaten_every_kesbangpol_holder_is_told_as_before(kutim):
    kecamatan_operator = user_with_office(Office.KABID_WASPADNAS, "64.08.04")
    without_account = PersonFactory()
    kesbangpol = AdminUnit.objects.get(code="64.08")
    PositionFactory(
        person=without_account,
        office=Office.OPERATOR_KESBANGPOL,
        area=kesbangpol,
        organisation=OrganisationFactory(area=kesbangpol),
    )
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    request = _sekda_request("64.08", by_user=superuser)
    assert _told(message__idempotency_key=f"stakeholders|request|{request.pk}|filed") == {
        kecamatan_operator.person.pk,
        without_account.pk,
    }
