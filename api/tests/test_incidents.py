"""/api/v1/incidents/ with an integration's token and with a session: scope, area, filters, problems."""

import pytest
from django.test import Client

from api.models import ApiCall
from incidents.tests.factories import make_incident

from .conftest import make_integration, token_client

pytestmark = pytest.mark.django_db

LIST = "/api/v1/incidents/"


def test_a_read_token_lists_the_incidents_of_its_area_only(kab_admin, reporter):
    inside = make_incident(by_user=reporter, area_code="64.08.04.2001")
    outside = make_incident(by_user=reporter, area_code="64.08.09.2001")
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"}, area_code="64.08.04")
    response = token_client(token).get(LIST)
    assert response.status_code == 200
    numbers = [row["number"] for row in response.json()["results"]]
    assert inside.number in numbers
    assert outside.number not in numbers
    assert token_client(token).get(f"{LIST}{outside.number}/").status_code == 404


def test_the_detail_carries_its_timeline_and_version_as_etag(kab_admin, reporter):
    incident = make_incident(by_user=reporter)
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    response = token_client(token).get(f"{LIST}{incident.number}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{incident.version}"'
    body = response.json()
    assert body["timeline"][0]["kind"] == "dibuat"


def test_a_confidential_informant_never_appears(kab_admin, reporter):
    incident = make_incident(
        by_user=reporter,
        informant={"full_name": "Rahasia Sekali", "phone": "+6281234567890", "contact_note": ""},
    )
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    text = token_client(token).get(f"{LIST}{incident.number}/").content.decode()
    assert incident.has_confidential_informant
    assert "Rahasia Sekali" not in text
    assert "6281234567890" not in text


def test_the_triage_filters_apply(kab_admin, reporter):
    low = make_incident(by_user=reporter, severity=1)
    high = make_incident(by_user=reporter, severity=5)
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    numbers = [r["number"] for r in token_client(token).get(LIST, {"severity": 5}).json()["results"]]
    assert high.number in numbers
    assert low.number not in numbers


def test_a_bad_filter_is_a_problem_with_a_field_message_in_indonesian(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    response = token_client(token).get(LIST, {"dari": "kemarin"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert "dari" in body["errors"]
    assert "Masukkan tanggal yang valid" in body["errors"]["dari"][0]


def test_without_a_token_the_answer_is_401_problem(kutim):
    response = Client().get(LIST)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_without_the_resource_is_refused_403(kab_admin):
    _integration, token = make_integration(kab_admin, scopes={"wilayah": "baca"})
    assert token_client(token).get(LIST).status_code == 403


def test_a_revoked_or_unknown_token_is_refused_401(kab_admin):
    from api.services import integration_revoke

    integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    assert token_client(token).get(LIST).status_code == 200
    integration_revoke(integration=integration, by_user=kab_admin)
    assert token_client(token).get(LIST).status_code == 401
    assert token_client("pmk_tidak-ada").get(LIST).status_code == 401


def test_every_call_is_logged_with_who_and_what(kab_admin):
    integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    token_client(token).get(LIST, {"severity": 4})
    call = ApiCall.objects.get(integration=integration)
    assert call.user == kab_admin
    assert call.method == "GET"
    assert call.path == f"{LIST}?severity=4"
    assert call.status == 200


def test_a_session_reads_what_its_user_sees(operator, reporter):
    inside = make_incident(by_user=reporter, area_code="64.08.04.2001")
    outside = make_incident(by_user=reporter, area_code="64.08.09.2001")
    client = Client()
    client.force_login(operator)
    numbers = [row["number"] for row in client.get(LIST).json()["results"]]
    assert inside.number in numbers
    assert outside.number not in numbers


def test_the_list_pages_by_cursor_with_a_fixed_number_of_queries(
    kab_admin, reporter, django_assert_max_num_queries
):
    for _ in range(5):
        make_incident(by_user=reporter)
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    client = token_client(token)
    seen = []
    url = f"{LIST}?page_size=2"
    while url:
        with django_assert_max_num_queries(12):
            body = client.get(url).json()
        seen += [row["number"] for row in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 5


def test_the_rate_limit_answers_429_with_retry_after(kab_admin, settings):
    settings.API_RATE_PER_MINUTE = (
        1  # one token a minute: no refill between the calls, however slow the machine
    )
    settings.API_RATE_BURST = 2
    _integration, token = make_integration(kab_admin, scopes={"insiden": "baca"})
    client = token_client(token)
    answers = [client.get(LIST).status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = client.get(LIST)
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) >= 1
