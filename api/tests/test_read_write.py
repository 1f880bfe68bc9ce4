"""A read-write token through the whole flow: create a report, a transition with a stale ETag (412),
acknowledge its alert; and the writes' refusals as problem details."""

import uuid

import pytest

from api.models import ApiCall
from incidents.models import Incident
from incidents.tests.factories import make_incident

from .conftest import make_integration, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/incidents/"

REPORT = {
    "kind": "insiden",
    "title": "Massa berkumpul di depan kantor desa",
    "chronology": "Sekitar 50 orang pendukung berkumpul dan berteriak di depan kantor desa.",
    "category": "BENTROK_MASSA",
    "severity": 4,
    "occurred_at": "2024-10-10T09:00:00+08:00",
    "known_at": "2024-10-10T09:30:00+08:00",
    "area": "64.08.04.2001",
    "source": "petugas_lapangan",
}


@pytest.fixture
def writer(kab_admin):
    _integration, token = make_integration(
        kab_admin, scopes={"insiden": "tulis", "eskalasi": "tulis"}, name="Sistem Polres"
    )
    return token_client(token)


def test_create_then_a_stale_transition_is_412_then_acknowledge(writer, kab_admin):
    created = writer.post(LIST, REPORT, content_type="application/json")
    assert created.status_code == 201, created.content
    number = created.json()["number"]
    incident = Incident.objects.get(number=number)
    assert incident.reporter == kab_admin
    assert incident.area_code == "64.08.04.2001"
    first_etag = created["ETag"]
    assert first_etag == f'"{incident.version}"'

    verified = writer.post(
        f"{LIST}{number}/verify/",
        {"note": "Dicek ke lokasi."},
        content_type="application/json",
        HTTP_IF_MATCH=first_etag,
    )
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "terverifikasi"
    assert verified["ETag"] != first_etag

    stale = writer.post(
        f"{LIST}{number}/severity/",
        {"severity": 5},
        content_type="application/json",
        HTTP_IF_MATCH=first_etag,
    )
    assert stale.status_code == 412
    assert stale["Content-Type"] == "application/problem+json"
    assert stale.json()["status"] == 412
    incident.refresh_from_db()
    assert incident.severity == 4

    escalations = writer.get("/api/v1/escalations/", {"status": "aktif"}).json()["results"]
    mine = [e for e in escalations if e["incident"] == number]
    assert len(mine) == 1
    url = f"{LIST}{number}/escalations/{mine[0]['id']}/acknowledge/"
    acknowledged = writer.post(url, content_type="application/json")
    assert acknowledged.status_code == 200, acknowledged.content
    assert acknowledged.json()["status"] == "dikonfirmasi"
    again = writer.post(url, content_type="application/json")
    assert again.status_code == 409
    assert "sudah dikonfirmasi" in again.json()["detail"]
    assert ApiCall.objects.filter(method="POST", status=412).exists()


def test_a_transition_without_if_match_is_428(writer, reporter):
    incident = make_incident(by_user=reporter)
    response = writer.post(f"{LIST}{incident.number}/verify/", {}, content_type="application/json")
    assert response.status_code == 428
    incident.refresh_from_db()
    assert incident.status == "baru"


def test_the_same_client_id_makes_one_report(writer):
    body = {**REPORT, "client_id": str(uuid.uuid4())}
    first = writer.post(LIST, body, content_type="application/json")
    second = writer.post(LIST, body, content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["number"] == second.json()["number"]


def test_bad_fields_are_refused_with_messages_in_indonesian_and_nothing_written(writer):
    before = Incident.objects.count()
    response = writer.post(
        LIST,
        {**REPORT, "area": "64.08.99.9999", "known_at": "2024-10-09T09:00:00+08:00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "tidak dikenal" in response.json()["errors"]["area"][0]
    missing = writer.post(LIST, {"title": ""}, content_type="application/json").json()
    assert missing["errors"]["chronology"] == ["Bidang ini harus diisi."]
    assert Incident.objects.count() == before


def test_a_read_token_may_not_write(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    response = token_client(token).post(LIST, REPORT, content_type="application/json")
    assert response.status_code == 403
    assert "hanya boleh membaca" in response.json()["detail"]


def test_a_token_may_not_report_outside_its_area(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"insiden": "tulis"}, area_code="64.08.09")
    response = token_client(token).post(LIST, REPORT, content_type="application/json")
    assert response.status_code == 400
    assert "di luar wilayah token" in response.json()["errors"]["area"][0]
