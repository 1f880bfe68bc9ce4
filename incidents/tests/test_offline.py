"""The offline report form's server side: one report per client id (also when two sends race), the
moment of writing kept, the JSON send endpoint and the service worker."""

import threading
import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from incidents.models import Evidence, Incident
from incidents.services import incident_submit
from incidents.tests.files import png_upload
from incidents.tests.test_views import _report_data
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _service_fields():
    from incidents.models import IncidentCategory
    from regions.models import AdminUnit

    now = timezone.now()
    return {
        "title": "Baliho dirobek",
        "chronology": "Baliho paslon dirobek orang tak dikenal.",
        "category": IncidentCategory.objects.get(code="PERUSAKAN_APK"),
        "occurred_at": now - timedelta(hours=3),
        "known_at": now - timedelta(hours=2),
        "area": AdminUnit.objects.get(code="64.08.04.2001"),
        "source": "petugas_lapangan",
    }


def test_a_second_submit_with_the_same_client_id_returns_the_first_report(reporter):
    client_id = uuid.uuid4()
    first, created = incident_submit(
        by_user=reporter, client_id=client_id, photo=png_upload(), **_service_fields()
    )
    again, created_again = incident_submit(
        by_user=reporter, client_id=client_id, photo=png_upload(), **_service_fields()
    )
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Incident.objects.count() == 1
    assert Evidence.objects.filter(incident=first).count() == 1


def test_a_client_id_of_another_reporters_report_is_refused(reporter, kutim):
    client_id = uuid.uuid4()
    incident_submit(by_user=reporter, client_id=client_id, **_service_fields())
    other = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    with pytest.raises(ValidationError) as exc:
        incident_submit(by_user=other, client_id=client_id, **_service_fields())
    assert "client_id" in exc.value.error_dict
    assert Incident.objects.count() == 1


def test_the_moment_of_writing_is_the_reports_time_and_may_lie_days_back(reporter):
    written = timezone.now() - timedelta(days=3)
    fields = _service_fields() | {
        "occurred_at": written - timedelta(hours=2),
        "known_at": written - timedelta(hours=1),
    }
    incident, _ = incident_submit(by_user=reporter, client_id=uuid.uuid4(), reported_at=written, **fields)
    assert incident.reported_at == written


def test_a_moment_of_writing_in_the_future_is_refused(reporter):
    with pytest.raises(ValidationError) as exc:
        incident_submit(
            by_user=reporter,
            client_id=uuid.uuid4(),
            reported_at=timezone.now() + timedelta(hours=2),
            **_service_fields(),
        )
    assert "reported_at" in exc.value.error_dict
    assert not Incident.objects.exists()


# --- the send endpoint ---------------------------------------------------------------------------


def test_send_endpoint_access(reporter, trainer):
    assert_view_access(
        ViewAccessCase(
            url=reverse("incidents:incident_sync"),
            method="post",
            data={},
            without_permission=trainer,
            in_scope=reporter,
            ok_status=(400,),
        )
    )


def test_a_queued_report_sent_twice_makes_one_report_with_its_photo_and_time(reporter):
    client_id = str(uuid.uuid4())
    written = (timezone.now() - timedelta(days=1)).replace(microsecond=0)
    data = _report_data(client_id=client_id, written_at=written.isoformat())
    client = _client(reporter)
    url = reverse("incidents:incident_sync")
    first = client.post(url, {**data, "photo": png_upload()})
    second = client.post(url, {**data, "photo": png_upload()})
    assert first.status_code == 201, first.content
    assert second.status_code == 200
    assert first.json()["number"] == second.json()["number"]
    assert second.json()["created"] is False
    incident = Incident.objects.get()
    assert str(incident.client_id) == client_id
    assert incident.reported_at == written
    assert incident.evidence.count() == 1
    assert first.json()["url"] == reverse("incidents:incident_created", args=[incident.number])


def test_a_queued_report_with_bad_input_gets_field_messages_in_json_and_saves_nothing(reporter):
    client = _client(reporter)
    url = reverse("incidents:incident_sync")
    response = client.post(url, _report_data(client_id=str(uuid.uuid4()), title=""))
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == ["Bidang ini harus diisi."]
    # A check of the service (known before it happened) comes back on its field too.
    response = client.post(url, _report_data(client_id=str(uuid.uuid4()), occurred_at="2024-10-10T10:00"))
    assert response.status_code == 400
    assert "Waktu diketahui tidak boleh sebelum" in response.json()["errors"]["known_at"][0]
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"client_id": ""}, "tanpa id perangkat"),
        ({"client_id": "bukan-uuid"}, "UUID"),
        ({"written_at": "kemarin sore"}, "Waktu penulisan laporan tidak terbaca"),
        ({"written_at": "2024-10-10T10:00"}, "Waktu penulisan laporan tidak terbaca"),
        ({"written_at": "9999-01-01T00:00:00+00:00"}, "Waktu penulisan laporan tidak terbaca"),
    ],
)
def test_a_send_with_a_bad_id_or_time_is_refused_with_a_message(reporter, overrides, message):
    data = _report_data(**({"client_id": str(uuid.uuid4())} | overrides))
    response = _client(reporter).post(reverse("incidents:incident_sync"), data)
    assert response.status_code == 400
    assert message in str(response.json()["errors"])
    assert not Incident.objects.exists()


def test_the_form_posted_twice_with_one_client_id_makes_one_report(reporter):
    data = _report_data(client_id=str(uuid.uuid4()))
    client = _client(reporter)
    first = client.post(reverse("incidents:incident_create"), data)
    second = client.post(reverse("incidents:incident_create"), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Incident.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_client_id_at_the_same_moment_make_one_report(kutim, seeded_defaults):
    """Two requests race on their own connections; the second waits for the first and returns its report."""
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    data = _report_data(client_id=str(uuid.uuid4()))
    barrier = threading.Barrier(2)
    results: list = []

    def send():
        try:
            client = _client(reporter)
            barrier.wait(timeout=30)
            response = client.post(
                reverse("incidents:incident_sync"),
                {**data, "photo": png_upload()},
            )
            results.append((response.status_code, response.json()))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(status for status, _ in results) == [200, 201]
    assert results[0][1]["number"] == results[1][1]["number"]
    assert Incident.objects.count() == 1
    assert Evidence.objects.count() == 1


# --- the service worker --------------------------------------------------------------------------


def test_the_service_worker_is_served_at_the_root_for_anyone(client):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert '"formUrls": ["/insiden/lapor/", "/koordinasi/pencegahan/baru/"]' in body
    assert "/static/js/offline.js" in body
    assert "__VERSION__" not in body


def test_the_report_form_carries_the_offline_hooks(reporter):
    page = _client(reporter).get(reverse("incidents:incident_create")).content.decode()
    assert "data-offline-form" in page
    assert 'name="client_id"' in page
    assert "data-outbox-badge" in page
    assert "js/offline.js" in page
