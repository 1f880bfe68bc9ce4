"""The other resources through a token: reference data, the registry (contacts only with the contact
permission), Bimtek (registration and check-in as actions), risk, the map; and the integrations' pages."""

import pytest
from django.test import Client

from api.models import Integration
from audit.models import AccessRecord
from stakeholders.choices import ContactKind, Office
from stakeholders.tests.factories import ContactPointFactory, PersonFactory, PositionFactory, user_with_office
from training.tests.factories import ProgrammeFactory, SessionFactory, participant_user

from .conftest import make_integration, token_client

pytestmark = pytest.mark.django_db


def test_reference_data_reads_within_the_token_area(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"wilayah": "baca"}, area_code="64.08.04")
    client = token_client(token)
    codes = [a["code"] for a in client.get("/api/v1/areas/", {"page_size": 200}).json()["results"]]
    assert "64.08.04" in codes
    assert all(code.startswith("64.08.04") for code in codes)
    assert client.get("/api/v1/areas/64.08.09/").status_code == 404
    elections = client.get("/api/v1/elections/").json()["results"]
    assert elections
    detail = client.get(f"/api/v1/elections/{elections[0]['id']}/").json()
    assert detail["phases"]


def test_contacts_only_with_the_contact_permission_and_each_read_audited(kab_admin, operator):
    person = PersonFactory(full_name="Budi Santoso")
    PositionFactory(person=person, office=Office.KEPALA_DESA)
    ContactPointFactory(person=person, kind=ContactKind.WHATSAPP, value="+6281211112222")
    _integration, token = make_integration(kab_admin, scopes={"pemangku": "baca"})
    with_contacts = token_client(token).get(f"/api/v1/people/{person.pk}/")
    assert with_contacts.json()["contacts"][0]["value"] == "+6281211112222"
    assert AccessRecord.objects.filter(user=kab_admin, object_id=str(person.pk)).exists()
    trainer = user_with_office(Office.FASILITATOR, "64.08")
    assert not trainer.has_perm("stakeholders.view_contactpoint")
    client = Client()
    client.force_login(trainer)
    body = client.get(f"/api/v1/people/{person.pk}/").json()
    assert body["contacts"] is None
    assert "6281211112222" not in str(body)


def test_a_kabupaten_administrator_adds_an_organisation_through_the_registry_service(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"pemangku": "tulis"})
    response = token_client(token).post(
        "/api/v1/organisations/",
        {"name": "Polsek Uji", "org_type": "polri", "area": "64.08.04"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    organisation_id = response.json()["id"]
    assert token_client(token).get(f"/api/v1/organisations/{organisation_id}/").json()["name"] == "Polsek Uji"


def test_an_operator_may_not_write_the_registry_through_the_api(operator):
    client = Client()
    client.force_login(operator)
    response = client.post("/api/v1/people/", {"full_name": "Orang Baru"}, content_type="application/json")
    assert response.status_code == 403


def test_registration_and_check_in_go_through_the_training_services(kab_admin):
    programme = ProgrammeFactory(created_by=kab_admin)
    session = SessionFactory(programme=programme)
    _user, registration = participant_user(programme)
    person = PersonFactory(full_name="Peserta Baru")
    _integration, token = make_integration(kab_admin, scopes={"bimtek": "tulis"})
    client = token_client(token)
    registered = client.post(
        f"/api/v1/programmes/{programme.pk}/registrations/",
        {"person_id": person.pk},
        content_type="application/json",
    )
    assert registered.status_code == 201, registered.content
    again = client.post(
        f"/api/v1/programmes/{programme.pk}/registrations/",
        {"person_id": person.pk},
        content_type="application/json",
    )
    assert again.status_code == 400
    checkin = f"/api/v1/programmes/{programme.pk}/sessions/{session.pk}/checkin/"
    ok = client.post(checkin, {"code": registration.ticket_code}, content_type="application/json")
    assert ok.status_code == 201, ok.content
    twice = client.post(checkin, {"code": registration.ticket_code}, content_type="application/json")
    assert twice.status_code == 400
    assert twice.json()["errors"]["code"]
    sheet = client.get(f"/api/v1/programmes/{programme.pk}/sessions/{session.pk}/attendance/").json()
    marks = {row["registration_id"]: row["status"] for row in sheet["results"]}
    assert marks[registration.pk] in ("hadir", "terlambat")


def test_the_map_measures_answer_per_area(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"peta": "baca"})
    client = token_client(token)
    names = [m["name"] for m in client.get("/api/v1/map/measures/").json()]
    assert "insiden" in names
    body = client.get("/api/v1/map/measures/insiden/", {"dari": "2024-09-01", "sampai": "2024-11-30"}).json()
    assert "64.08.04" in body["areas"]
    bad = client.get("/api/v1/map/measures/insiden/", {"dari": "2024-12-01", "sampai": "2024-11-30"})
    assert bad.status_code == 400
    assert bad.json()["errors"]["dari"]


def test_the_integration_page_shows_the_token_once_and_stores_its_hash(kab_admin):
    client = Client()
    client.force_login(kab_admin)
    form = client.get("/api/integrasi/baru/")
    area = form.context["form"].fields["area"].initial
    response = client.post(
        "/api/integrasi/baru/",
        {"name": "Metabase", "area": area.pk, "expires_on": "2099-12-31", "scope_insiden": "baca"},
    )
    assert response.status_code == 200
    token = response.context["token"]
    integration = Integration.objects.get(name="Metabase")
    assert token not in (integration.token_hash, integration.token_prefix)
    assert integration.scopes == {"insiden": "baca"}
    assert token_client(token).get("/api/v1/incidents/").status_code == 200
    page = client.get(f"/api/integrasi/{integration.pk}/").content.decode()
    assert token not in page
    client.post(f"/api/integrasi/{integration.pk}/cabut/")
    assert token_client(token).get("/api/v1/incidents/").status_code == 401


def test_only_a_kabupaten_administrator_manages_integrations(operator):
    client = Client()
    client.force_login(operator)
    assert client.get("/api/integrasi/").status_code == 403
    assert client.get("/api/integrasi/baru/").status_code == 403


def test_the_schema_and_the_docs_page_are_served(kutim):
    client = Client()
    schema = client.get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/incidents/" in schema.json()["paths"]
    english = client.get("/api/schema/", {"format": "json", "lang": "en"}).json()
    assert english["paths"]["/api/v1/incidents/"]["get"]["summary"] == "Incident list"
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui-bundle.js" in docs
    assert "<script>" not in docs


def test_a_page_size_outside_1_to_200_is_a_400_problem(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"wilayah": "baca"})
    client = token_client(token)
    for value in ("abc", "0", "201", "2.5", ""):
        response = client.get("/api/v1/areas/", {"page_size": value})
        assert response.status_code == 400, value
        assert response["Content-Type"] == "application/problem+json"
        assert "1 sampai 200" in response.json()["errors"]["page_size"][0]
    assert len(client.get("/api/v1/areas/", {"page_size": "3"}).json()["results"]) == 3


def test_a_post_to_an_unknown_api_path_is_a_404_problem_not_the_csrf_page(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"eskalasi": "tulis"})
    client = Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {token}")
    response = client.post("/api/v1/incidents/INS-1/escalations/abc/acknowledge/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
