"""With several kabupaten served, each keeps its own KoboToolbox / ODK Central integrations: a kabupaten's
Kesbangpol manages those of its kabupaten only, and an integration's submissions land in its own
kabupaten (a place in another waits as intake of the integration's kabupaten)."""

import base64
import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from collect.models import FormIntegration
from collect.services import formintegration_create, formintegration_deactivate, formintegration_token_renew
from incidents.models import Incident
from intake.models import InboundCall, UnverifiedIntake
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import OrganisationFactory, user_with_office

pytestmark = pytest.mark.django_db

BONTANG = "64.74"


@pytest.fixture
def two_kabupaten(bontang, categories):
    return bontang


@pytest.fixture
def kutim_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, "64.08")


@pytest.fixture
def bontang_admin(two_kabupaten):
    return user_with_office(Office.OPERATOR_KESBANGPOL, BONTANG)


def _make(by_user, **fields):
    return formintegration_create(name=fields.pop("name", "Kobo"), kind="kobo", by_user=by_user, **fields)


def test_an_integration_belongs_to_its_makers_kabupaten(kutim_admin, bontang_admin):
    kutim, _token = _make(kutim_admin, name="Kobo Kutim")
    bontang, _token = _make(bontang_admin, name="Kobo Bontang")
    assert (kutim.area.code, bontang.area.code) == ("64.08", BONTANG)


def test_a_kabupaten_administrator_manages_only_their_own_kabupatens_integrations(kutim_admin, bontang_admin):
    with pytest.raises(PermissionDenied):
        _make(kutim_admin, area=AdminUnit.objects.get(code=BONTANG))
    integration, _token = _make(bontang_admin)
    with pytest.raises(PermissionDenied):
        formintegration_token_renew(integration=integration, by_user=kutim_admin)
    with pytest.raises(PermissionDenied):
        formintegration_deactivate(integration=integration, by_user=kutim_admin)
    assert FormIntegration.objects.get().is_active
    formintegration_deactivate(integration=integration, by_user=bontang_admin)
    assert not FormIntegration.objects.get().is_active


def test_an_integrations_organisation_must_be_of_its_kabupaten(kutim_admin):
    elsewhere = OrganisationFactory(area=AdminUnit.objects.get(code=f"{BONTANG}.01"))
    with pytest.raises(ValidationError, match="di luar kabupaten integrasi") as caught:
        _make(kutim_admin, organisation=elsewhere)
    assert "organisation" in caught.value.message_dict


def test_a_superuser_makes_an_integration_for_either_kabupaten(two_kabupaten):
    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True)
    integration, _token = _make(superuser, area=AdminUnit.objects.get(code=BONTANG))
    assert integration.area.code == BONTANG


def _post(token: str, *, kecamatan: str, desa: str) -> object:
    payload = {
        "kind": "insiden",
        "title": "Massa berkumpul",
        "chronology": "Sekelompok orang berkumpul di depan kantor kelurahan.",
        "category": "BENTROK_MASSA",
        "severity": "3",
        "occurred_at": "2024-11-27T08:00:00.000+08:00",
        "known_at": "2024-11-27T08:30:00.000+08:00",
        "kecamatan": kecamatan,
        "desa": desa,
        "source": "petugas_lapangan",
        "conflict_stage": "pencegahan",
        "injured": "0",
        "dead": "0",
        "meta/instanceID": f"uuid:{uuid.uuid4()}",
    }
    auth = "Basic " + base64.b64encode(f"kobo:{token}".encode()).decode()
    return Client().post(
        "/integrasi/kobo-odk/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )


def _bontang_desa() -> AdminUnit:
    return AdminUnit.objects.filter(code__startswith=f"{BONTANG}.01.", level="desa").order_by("code").first()


def test_a_submission_placed_in_another_kabupaten_waits_as_intake_of_the_integrations_own(kutim_admin):
    _integration, token = _make(kutim_admin)
    desa = _bontang_desa()
    response = _post(token, kecamatan=f"{BONTANG}.01", desa=desa.code)
    assert response.status_code == 201, response.content
    intake = UnverifiedIntake.objects.get()
    assert intake.area_code == "64.08"
    assert "di luar kabupaten integrasi" in InboundCall.objects.get().detail


def test_a_verified_persons_submission_in_another_kabupaten_is_no_report_there(kutim_admin):
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    _integration, token = _make(kutim_admin, person=reporter.person)
    desa = _bontang_desa()
    assert _post(token, kecamatan=f"{BONTANG}.01", desa=desa.code).status_code == 201
    assert not Incident.objects.exists()
    assert UnverifiedIntake.objects.get().area_code == "64.08"
    made = _post(token, kecamatan="64.08.04", desa="64.08.04.2001")
    assert made.status_code == 201, made.content
    assert Incident.objects.get().area_code == "64.08.04.2001"


def test_the_admin_form_offers_the_served_kabupaten_and_makes_the_integration_there(client, two_kabupaten):
    from mfa.testing import force_login_verified

    superuser = user_with_office(Office.OPERATOR_KESBANGPOL, "64.08", is_superuser=True, is_staff=True)
    force_login_verified(client, superuser)
    url = "/admin/collect/formintegration/add/"
    form = client.get(url).context["adminform"].form
    assert set(form.fields["area"].queryset.values_list("code", flat=True)) == {"64.08", BONTANG}
    bontang = AdminUnit.objects.get(code=BONTANG)
    response = client.post(url, {"name": "Kobo Bontang", "kind": "kobo", "area": bontang.pk})
    assert response.status_code == 302, response.content[:2000]
    assert FormIntegration.objects.get().area == bontang
