"""KoboToolbox / ODK Central submissions over HTTP: Kobo's REST Services JSON as Kobo sends it, the
photo served by a local HTTP server, the trust rule, idempotent redelivery, refusals logged."""

import base64
import json
import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from werkzeug import Response

from collect.models import FormIntegration
from collect.services import formintegration_create, formintegration_deactivate, formintegration_token_renew
from incidents.models import Incident
from incidents.tests.files import png_bytes
from intake.choices import CallOutcome, IntakeChannel, SignatureCheck
from intake.models import InboundCall, UnverifiedIntake
from regions.models import AdminUnit

pytestmark = pytest.mark.django_db

URL = "/integrasi/kobo-odk/"


def _centre() -> tuple[float, float]:
    unit = AdminUnit.objects.get(code="64.08.04")
    return unit.centroid_lat, unit.centroid_lng


def _kobo_submission(instance: str, *, photo_url: str, **answers) -> dict:
    """A submission as Kobo's REST Services post it (JSON, answers keyed by their path)."""
    centre = _centre()
    values = {
        "start": "2024-11-27T07:58:12.345+08:00",
        "end": "2024-11-27T08:41:03.120+08:00",
        "kind": "insiden",
        "title": "Massa menghadang kotak suara",
        "chronology": "Sekelompok orang menghadang perahu pembawa kotak suara di dermaga.",
        "category": "BENTROK_MASSA",
        "severity": "4",
        "occurred_at": "2024-11-27T08:00:00.000+08:00",
        "known_at": "2024-11-27T08:30:00.000+08:00",
        "kecamatan": "64.08.04",
        "desa": "64.08.04.2001",
        "location": f"{centre[0]} {centre[1]} 12.0 5.0",
        "source": "petugas_lapangan",
        "conflict_stage": "penghentian",
        "injured": "2",
        "dead": "0",
        "photo": "dermaga-8_41_2.png",
    }
    values.update(answers)
    return {
        "_id": 301512345,
        "formhub/uuid": "6f1c0a3e5d2b4c8e9a7b1c2d3e4f5a6b",
        "__version__": "vQjx2Yv3tKzEqN5vY6Lq8B",
        **values,
        "meta/instanceID": instance,
        "meta/deprecatedID": "",
        "_xform_id_string": "aBcDeFgHiJkLmNoPqRsTuV",
        "_uuid": instance.removeprefix("uuid:"),
        "_attachments": [
            {
                "download_url": photo_url,
                "download_large_url": photo_url,
                "download_medium_url": photo_url,
                "download_small_url": photo_url,
                "mimetype": "image/png",
                "filename": f"pelapor_kobo/attachments/6f1c0a3e/{instance.removeprefix('uuid:')}/{values['photo']}",
                "instance": 301512345,
                "xform": 1203,
                "id": 99887766,
                "question_xpath": "photo",
            }
        ],
        "_status": "submitted_via_web",
        "_geolocation": list(centre),
        "_submission_time": "2024-11-27T00:41:09",
        "_tags": [],
        "_notes": [],
        "_validation_status": {},
        "_submitted_by": "pelapor_kobo",
    }


def _basic(token: str) -> str:
    return "Basic " + base64.b64encode(f"kobo:{token}".encode()).decode()


def _post(payload, token: str | None):
    headers = {"HTTP_AUTHORIZATION": _basic(token)} if token else {}
    return Client().post(URL, data=json.dumps(payload), content_type="application/json", **headers)


@pytest.fixture
def photo_server(httpserver):
    httpserver.expect_request(
        "/media/original", headers={"Authorization": "Token kobo-api-key"}
    ).respond_with_data(png_bytes(3, 3), content_type="image/png")
    return httpserver


def _integration(kab_admin, server, **fields):
    return formintegration_create(
        name=fields.pop("name", "Kobo Kesbangpol"),
        kind=fields.pop("kind", "kobo"),
        by_user=kab_admin,
        download_base_url=server.url_for("/"),
        download_authorization="Token kobo-api-key",
        **fields,
    )


def test_a_submission_of_a_verified_persons_integration_is_their_report_once(
    kab_admin, reporter, photo_server
):
    integration, token = _integration(kab_admin, photo_server, person=reporter.person)
    instance = f"uuid:{uuid.uuid4()}"
    payload = _kobo_submission(instance, photo_url=photo_server.url_for("/media/original"))
    first = _post(payload, token)
    assert first.status_code == 201, first.content
    again = _post(payload, token)  # Kobo delivers again (a retry after a lost answer)
    assert again.status_code == 200
    assert first.json()["report"] == again.json()["report"]
    incident = Incident.objects.get()
    assert incident.number == first.json()["report"]
    assert incident.reporter_person == reporter.person
    assert incident.reporter == reporter
    assert str(incident.client_id) == instance.removeprefix("uuid:")
    assert incident.area.code == "64.08.04.2001"
    assert (incident.lat, incident.lng) == _centre()
    assert incident.severity == 4
    assert incident.evidence.get().kind == "foto"
    assert incident.reported_at.isoformat().startswith("2024-11-27T00:41:03")
    assert not UnverifiedIntake.objects.exists()
    calls = InboundCall.objects.filter(channel=IntakeChannel.KOBO).order_by("pk")
    assert [c.signature for c in calls] == [SignatureCheck.VALID] * 2
    assert [c.outcome for c in calls] == [CallOutcome.PROCESSED] * 2
    assert "Massa menghadang" in calls[0].body
    integration.refresh_from_db()
    assert integration.last_submission_at is not None


def test_a_submission_of_an_integration_tied_to_nobody_is_unverified_intake_once(kab_admin, photo_server):
    _integration_row, token = _integration(kab_admin, photo_server)
    payload = _kobo_submission(f"uuid:{uuid.uuid4()}", photo_url=photo_server.url_for("/media/original"))
    first = _post(payload, token)
    assert first.status_code == 201, first.content
    assert _post(payload, token).status_code == 200
    intake = UnverifiedIntake.objects.get()
    assert intake.channel == IntakeChannel.KOBO
    assert intake.area.code == "64.08.04.2001"
    assert intake.severity == 4
    assert "Massa menghadang kotak suara" in intake.text
    assert intake.payload["meta/instanceID"] == payload["meta/instanceID"]
    assert intake.attachments.get().size == len(png_bytes(3, 3))
    assert not Incident.objects.exists()


def test_a_verified_integrations_submission_that_cannot_be_a_report_waits_as_intake(
    kab_admin, reporter, photo_server
):
    _integration_row, token = _integration(kab_admin, photo_server, person=reporter.person)
    payload = _kobo_submission(
        f"uuid:{uuid.uuid4()}", photo_url=photo_server.url_for("/media/original"), category="TIDAK_ADA"
    )
    assert _post(payload, token).status_code == 201
    assert not Incident.objects.exists()
    intake = UnverifiedIntake.objects.get()
    assert intake.person == reporter.person
    assert "Kategori tidak dikenal" in InboundCall.objects.get().detail


@pytest.mark.parametrize("token", [None, "bukan-rahasia-kami"])
def test_a_call_without_the_integrations_secret_is_refused_and_logged(kab_admin, photo_server, token):
    _integration(kab_admin, photo_server)
    payload = _kobo_submission(f"uuid:{uuid.uuid4()}", photo_url=photo_server.url_for("/media/original"))
    response = _post(payload, token)
    assert response.status_code == 401
    call = InboundCall.objects.get()
    assert call.outcome == CallOutcome.FORGED
    assert call.signature == (SignatureCheck.INVALID if token else SignatureCheck.MISSING)
    assert not Incident.objects.exists()
    assert not UnverifiedIntake.objects.exists()


def test_a_switched_off_or_renewed_secret_no_longer_works(kab_admin, photo_server):
    integration, token = _integration(kab_admin, photo_server)
    payload = _kobo_submission(f"uuid:{uuid.uuid4()}", photo_url=photo_server.url_for("/media/original"))
    new_token = formintegration_token_renew(integration=integration, by_user=kab_admin)
    assert _post(payload, token).status_code == 401
    assert _post(payload, new_token).status_code == 201
    formintegration_deactivate(integration=integration, by_user=kab_admin)
    assert _post(payload, new_token).status_code == 401


def test_only_a_kabupaten_administrator_manages_integrations(kab_admin, operator, photo_server):
    with pytest.raises(PermissionDenied):
        _integration(operator, photo_server)
    integration, _token = _integration(kab_admin, photo_server)
    with pytest.raises(PermissionDenied):
        formintegration_token_renew(integration=integration, by_user=operator)
    with pytest.raises(PermissionDenied):
        formintegration_deactivate(integration=integration, by_user=operator)
    assert FormIntegration.objects.get().is_active


@pytest.mark.parametrize("body", [b"", b"bukan json", b"[1, 2]", b'{"title": "tanpa instanceID"}'])
def test_a_body_without_a_submission_is_a_400_and_logged(kab_admin, photo_server, body):
    _integration_row, token = _integration(kab_admin, photo_server)
    response = Client().post(
        URL, data=body, content_type="application/json", HTTP_AUTHORIZATION=_basic(token)
    )
    assert response.status_code == 400
    assert InboundCall.objects.get().outcome == CallOutcome.MALFORMED


def test_an_attachment_the_server_cannot_give_now_asks_for_a_later_delivery(kab_admin, reporter, httpserver):
    _integration_row, token = _integration(kab_admin, httpserver, person=reporter.person)
    payload = _kobo_submission(f"uuid:{uuid.uuid4()}", photo_url=httpserver.url_for("/media/original"))
    httpserver.expect_oneshot_request("/media/original").respond_with_response(Response("sibuk", status=503))
    assert _post(payload, token).status_code == 503
    assert not Incident.objects.exists()
    httpserver.expect_request("/media/original").respond_with_data(png_bytes(), content_type="image/png")
    assert _post(payload, token).status_code == 201
    assert Incident.objects.get().evidence.count() == 1


def test_an_attachment_outside_the_integrations_server_is_never_fetched(kab_admin, reporter, httpserver):
    _integration_row, token = _integration(kab_admin, httpserver, person=reporter.person)
    payload = _kobo_submission(f"uuid:{uuid.uuid4()}", photo_url="http://169.254.169.254/latest/meta-data/")
    response = _post(payload, token)
    assert response.status_code == 503
    assert "outside" in response.json()["detail"]
    assert not Incident.objects.exists()


def test_an_odk_central_webhook_call_becomes_a_report(kab_admin, reporter, httpserver):
    instance = f"uuid:{uuid.uuid4()}"
    form_url = httpserver.url_for("/v1/projects/1/forms/pilkada_mitigasi_laporan")
    httpserver.expect_request(
        f"/v1/projects/1/forms/pilkada_mitigasi_laporan/submissions/{instance}/attachments/foto.png"
    ).respond_with_data(png_bytes(), content_type="image/png")
    integration, token = formintegration_create(
        name="ODK Central Kutim",
        kind="odk",
        by_user=kab_admin,
        person=reporter.person,
        download_base_url=form_url,
        download_authorization="Bearer sesi-central",
    )
    xml = (
        '<?xml version="1.0"?><data id="pilkada_mitigasi_laporan" version="1">'
        "<start>2024-11-27T07:58:12.345+08:00</start><end>2024-11-27T08:41:03.120+08:00</end>"
        "<kind>peringatan_dini</kind><title>Isu pengerahan massa</title>"
        "<chronology>Kabar pengerahan massa ke kantor PPK malam ini.</chronology><category>BENTROK_MASSA</category>"
        "<severity>2</severity><occurred_at>2024-11-27T07:00:00.000+08:00</occurred_at>"
        "<known_at>2024-11-27T07:30:00.000+08:00</known_at><kecamatan>64.08.04</kecamatan><desa/>"
        "<source>fkdm</source><conflict_stage>pencegahan</conflict_stage><photo>foto.png</photo>"
        f"<meta><instanceID>{instance}</instanceID></meta></data>"
    )
    payload = {"type": "submission.create", "id": instance, "data": {"xml": xml}}
    response = Client().post(
        URL, data=json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    assert incident.kind == "peringatan_dini"
    assert incident.area.code == "64.08.04"
    assert incident.source == "fkdm"
    assert incident.evidence.count() == 1
    assert integration.kind == "odk"


def test_the_endpoint_takes_only_post(client):
    assert client.get(URL).status_code == 405
    assert reverse("collect:submission_webhook") == URL
