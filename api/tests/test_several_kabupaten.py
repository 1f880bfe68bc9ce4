"""With several kabupaten served, each keeps its own API integrations and writes its own registry through
the API: a kabupaten's Kesbangpol manages the tokens of its kabupaten (another's are a 404) and creates
organisations and people there only; a token never reaches beyond its maker's kabupaten."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from api.models import Integration
from api.services import integration_create
from mfa.testing import force_login_verified
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.models import Organisation, Person
from stakeholders.tests.factories import OrganisationFactory, user_with_office

from .conftest import make_integration, token_client

pytestmark = pytest.mark.django_db

BONTANG = "64.74"


@pytest.fixture
def two_kabupaten(bontang):
    return bontang


@pytest.fixture
def kutim_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", first_name="Sri", last_name="Kutim")


@pytest.fixture
def bontang_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG, first_name="Budi", last_name="Bontang")


@pytest.fixture
def integrations(kutim_admin, bontang_admin):
    kutim, _token = make_integration(kutim_admin, scopes={"insiden": "baca"}, name="Dasbor Kutim")
    bontang, _token = make_integration(
        bontang_admin, scopes={"insiden": "baca"}, area_code=BONTANG, name="Dasbor Bontang"
    )
    return {"64.08": kutim, BONTANG: bontang}


def _login(user) -> Client:
    client = Client()
    force_login_verified(client, user)
    return client


def test_a_kabupaten_administrator_lists_only_their_own_kabupatens_integrations(integrations, kutim_admin):
    page = _login(kutim_admin).get("/api/integrasi/")
    assert page.status_code == 200
    assert list(page.context["integrations"]) == [integrations["64.08"]]


def test_another_kabupatens_integration_is_a_404_and_is_not_revoked(integrations, kutim_admin):
    client = _login(kutim_admin)
    other = integrations[BONTANG]
    assert client.get(f"/api/integrasi/{other.pk}/").status_code == 404
    assert client.post(f"/api/integrasi/{other.pk}/cabut/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    assert client.get(f"/api/integrasi/{integrations['64.08'].pk}/").status_code == 200


def test_the_other_kabupatens_administrator_revokes_their_own(integrations, bontang_admin):
    client = _login(bontang_admin)
    assert client.post(f"/api/integrasi/{integrations[BONTANG].pk}/cabut/").status_code == 302
    assert client.get(f"/api/integrasi/{integrations['64.08'].pk}/").status_code == 404
    integrations[BONTANG].refresh_from_db()
    assert integrations[BONTANG].revoked_at is not None


def test_the_form_offers_only_the_own_kabupatens_areas_and_refuses_another(kutim_admin):
    client = _login(kutim_admin)
    form = client.get("/api/integrasi/baru/").context["form"]
    codes = set(form.fields["area"].queryset.values_list("code", flat=True))
    assert "64.08" in codes
    assert not any(code == BONTANG or code.startswith(BONTANG + ".") for code in codes)
    assert form.fields["area"].initial.code == "64.08"
    bontang = AdminUnit.objects.get(code=BONTANG)
    refused = client.post(
        "/api/integrasi/baru/",
        {"name": "Lintas", "area": bontang.pk, "expires_on": "2099-12-31", "scope_insiden": "baca"},
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["area"]
    assert not Integration.objects.filter(name="Lintas").exists()


def test_the_service_refuses_an_area_outside_the_makers_kabupaten(kutim_admin):
    with pytest.raises(ValidationError, match="di luar kabupaten Anda") as caught:
        integration_create(
            name="Lintas",
            area=AdminUnit.objects.get(code=f"{BONTANG}.01"),
            scopes={"insiden": "baca"},
            expires_at=timezone.now() + timedelta(days=30),
            by_user=kutim_admin,
        )
    assert "area" in caught.value.message_dict


def test_a_superuser_lists_the_integrations_of_every_kabupaten(integrations):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    page = _login(superuser).get("/api/integrasi/")
    assert set(page.context["integrations"]) == set(integrations.values())


def test_a_provincial_reader_manages_no_integration(integrations):
    provincial = user_with_office(Office.KABAN_KESBANGPOL_PROVINSI, "64")
    assert _login(provincial).get("/api/integrasi/").status_code == 403


def test_a_token_reads_only_its_makers_kabupaten(kutim_admin):
    OrganisationFactory(name="Polsek Bontang Utara", area=AdminUnit.objects.get(code=f"{BONTANG}.01"))
    OrganisationFactory(name="Polsek Sangatta Utara", area=AdminUnit.objects.get(code="64.08.04"))
    _integration, token = make_integration(kutim_admin, scopes={"pemangku": "baca"})
    names = [row["name"] for row in token_client(token).get("/api/v1/organisations/").json()["results"]]
    assert "Polsek Sangatta Utara" in names
    assert "Polsek Bontang Utara" not in names


def test_a_kabupaten_administrator_adds_an_organisation_in_their_own_kabupaten_only(kutim_admin):
    _integration, token = make_integration(kutim_admin, scopes={"pemangku": "tulis"})
    made = token_client(token).post(
        "/api/v1/organisations/",
        {"name": "Polsek Uji", "org_type": "polri", "area": "64.08.04"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    client = _login(kutim_admin)
    refused = client.post(
        "/api/v1/organisations/",
        {"name": "Polsek Lain", "org_type": "polri", "area": f"{BONTANG}.01"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["errors"]["area"] == ["Wilayah ini di luar kabupaten Anda."]
    assert not Organisation.objects.filter(name="Polsek Lain").exists()


def _person(client, **fields):
    return client.post(
        "/api/v1/people/", {"full_name": "Orang Baru", **fields}, content_type="application/json"
    )


def test_a_kabupaten_administrator_adds_a_person_with_their_office_in_their_own_kabupaten(kutim_admin):
    client = _login(kutim_admin)
    organisation = OrganisationFactory(area=AdminUnit.objects.get(code="64.08.04"))
    position = {
        "organisation_id": organisation.pk,
        "office": Office.PETUGAS_LAPANGAN,
        "position_area": "64.08.04.2001",
        "start_date": "2024-01-01",
    }
    without_office = _person(client)
    assert without_office.status_code == 400
    assert set(without_office.json()["errors"]) == {
        "organisation_id",
        "office",
        "position_area",
        "start_date",
    }
    outside = _person(client, **{**position, "position_area": f"{BONTANG}.01"})
    assert outside.status_code == 400
    assert outside.json()["errors"]["position_area"] == ["Wilayah ini di luar kabupaten Anda."]
    assert not Person.objects.filter(full_name="Orang Baru").exists()
    made = _person(client, **position)
    assert made.status_code == 201, made.content
    person = Person.objects.get(full_name="Orang Baru")
    assert list(person.positions.values_list("area__code", flat=True)) == ["64.08.04.2001"]
    assert client.get(f"/api/v1/people/{person.pk}/").status_code == 200


def test_the_other_kabupatens_administrator_may_not_use_kutai_timurs_organisation(kutim_admin, bontang_admin):
    organisation = OrganisationFactory(area=AdminUnit.objects.get(code="64.08.04"))
    refused = _person(
        _login(bontang_admin),
        organisation_id=organisation.pk,
        office=Office.PETUGAS_LAPANGAN,
        position_area=f"{BONTANG}.01",
        start_date="2024-01-01",
    )
    assert refused.status_code == 400
    assert "organisation_id" in refused.json()["errors"]


def test_with_one_kabupaten_its_administrator_adds_a_person_without_an_office(kutim):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")
    assert _person(_login(admin)).status_code == 201
