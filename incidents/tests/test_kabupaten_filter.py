"""The list's kabupaten filter (Kabupaten/Kota): offered to a user whose positions reach several served
kabupaten (a provincial office), limited to those; a kabupaten outside them is a field error that
filters nothing; the same filter in the exports and the API; the queue's query budget unchanged."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from incidents.tests.factories import make_incident
from regions.models import AdminUnit
from stakeholders.choices import Office
from stakeholders.tests.factories import OrganisationFactory, user_with_office

LIST = reverse("incidents:incident_list")
SELECT = re.compile(r'<select name="kabupaten"[^>]*>(.*?)</select>', re.DOTALL)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _numbers(response) -> set[str]:
    return {row.number for row in response.context["rows"]}


@pytest.fixture
def both(bontang):
    """A report in a desa and one for the kabupaten as a whole, in each kabupaten: numbers by area code."""
    return {
        code: make_incident(area_code=code).number
        for code in ("64.08.04.2001", "64.08", "64.74.01.1001", "64.74")
    }


def _of(both, kabupaten: str) -> set[str]:
    return {number for code, number in both.items() if code == kabupaten or code.startswith(kabupaten + ".")}


def test_a_provincial_office_is_offered_the_kabupaten_it_covers(both, provincial):
    page = _client(provincial).get(LIST).content.decode()
    select = SELECT.search(page)
    assert select is not None
    assert re.findall(r'<option value="([^"]*)"', select.group(1)) == ["", "64.08", "64.74"]
    assert "Kabupaten/Kota" in page
    assert "Kota Bontang" in select.group(1)


def test_choosing_a_kabupaten_lists_its_reports_only(both, provincial):
    client = _client(provincial)
    assert _numbers(client.get(LIST)) == set(both.values())
    for code in ("64.08", "64.74"):
        response = client.get(LIST, {"kabupaten": code})
        assert response.context["filter"].errors == {}
        assert _numbers(response) == _of(both, code)
        assert response.context["count"] == 2


def test_a_kabupaten_with_a_kecamatan_of_another_lists_nothing(both, provincial):
    response = _client(provincial).get(LIST, {"kabupaten": "64.74", "kecamatan": "64.08.04"})
    assert response.context["count"] == 0


def test_the_kabupaten_level_filter_with_a_kabupaten_lists_that_kabupatens_own_reports(both, provincial):
    response = _client(provincial).get(LIST, {"kabupaten": "64.74", "tingkat_kabupaten": "on"})
    assert [row.area_code for row in response.context["rows"]] == ["64.74"]


def test_a_kabupaten_outside_the_users_positions_is_a_field_error_and_filters_nothing(both):
    from regions.services import regions_load
    from stakeholders.models import Person
    from stakeholders.tests.factories import PositionFactory

    regions_load(codes=["64.72"])  # loaded, not served
    camat = user_with_office(Office.CAMAT, "64.74.01")
    # The same person also camat in Kutai Timur: positions in both kabupaten, neither whole.
    PositionFactory(
        person=Person.objects.get(user=camat),
        office=Office.CAMAT,
        area=AdminUnit.objects.get(code="64.08.04"),
        organisation=OrganisationFactory(area=AdminUnit.objects.get(code="64.08.04")),
    )
    client = _client(camat)
    page = client.get(LIST).content.decode()
    assert re.findall(r'<option value="([^"]*)"', SELECT.search(page).group(1)) == ["", "64.08", "64.74"]
    assert _numbers(client.get(LIST, {"kabupaten": "64.74"})) == {both["64.74.01.1001"]}
    for code in ("64.72", "99", "64.08'--"):
        response = client.get(LIST, {"kabupaten": code})
        assert response.status_code == 200
        assert response.context["filter"].errors["kabupaten"] == [
            f"Kabupaten/kota {code} tidak ada dalam wilayah Anda."
        ]
        assert "tidak ada dalam wilayah Anda" in response.content.decode()
        # Filters nothing: the camat's reports, as without the parameter.
        assert _numbers(response) == {both["64.08.04.2001"], both["64.74.01.1001"]}


def test_a_kabupaten_user_in_an_installation_of_two_is_not_offered_the_filter_nor_another_kabupaten(both):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.74")
    client = _client(admin)
    page = client.get(LIST).content.decode()
    assert 'name="kabupaten"' not in page
    assert "Kabupaten/Kota" not in page
    # Another kabupaten by hand: no row of it (the queue is scoped), its own rows, nothing shown.
    response = client.get(LIST, {"kabupaten": "64.08"})
    assert response.status_code == 200
    assert "kabupaten" in response.context["filter"].errors
    assert _numbers(response) == _of(both, "64.74")
    assert 'name="kabupaten"' not in response.content.decode()


def test_an_installation_of_one_kabupaten_does_not_show_the_filter(kab_admin):
    incident = make_incident()
    client = _client(kab_admin)
    page = client.get(LIST).content.decode()
    assert 'name="kabupaten"' not in page
    assert "Kabupaten/Kota" not in page
    # A dashboard's link carrying its kabupaten still lists it, and the filter form keeps it.
    response = client.get(LIST, {"kabupaten": "64.08", "status": "semua"})
    assert _numbers(response) == {incident.number}
    assert '<input type="hidden" name="kabupaten" value="64.08"' in response.content.decode()


def test_the_kabupaten_filter_keeps_the_queue_at_10_queries(both, provincial, django_assert_max_num_queries):
    client = _client(provincial)
    url = f"{LIST}?status=semua&kabupaten=64.74&kecamatan=64.74.01"
    client.get(url)  # warm the session and the access profile
    with django_assert_max_num_queries(10) as filtered:
        response = client.get(url)
    assert _numbers(response) == {both["64.74.01.1001"]}
    with django_assert_max_num_queries(10) as plain:
        client.get(LIST)
    assert len(filtered.captured_queries) == len(plain.captured_queries)
    rows_query = next(q["sql"] for q in filtered.captured_queries if "LIMIT 26" in q["sql"])
    # The code prefix, as the kecamatan filter: served by the indexes on area_code (varchar_pattern_ops).
    assert '"incidents_incident"."area_code"::text LIKE \'64.74.%\'' in rows_query


def test_the_csv_export_takes_the_kabupaten_filter(both, provincial):
    response = _client(provincial).get(
        reverse("incidents:incident_export"), {"format": "csv", "kabupaten": "64.74"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row[0] for row in rows[1:]} == _of(both, "64.74")


def test_the_background_export_takes_the_kabupaten_filter(both, provincial):
    from incidents.models import IncidentExport
    from incidents.services.export import incident_export_run

    export = IncidentExport.objects.create(
        created_by=provincial, params={"kabupaten": ["64.08"]}, file_format="csv"
    )
    incident_export_run(export_id=export.pk)
    export.refresh_from_db()
    with export.file.open("rb") as fh:
        rows = list(csv.reader(io.StringIO(fh.read().decode("utf-8"), newline="")))
    assert {row[0] for row in rows[1:]} == _of(both, "64.08")


def test_the_api_lists_one_kabupaten_and_refuses_another_with_a_field_message(both, provincial):
    client = _client(provincial)
    response = client.get("/api/v1/incidents/", {"kabupaten": "64.74"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert {row["number"] for row in response.json()["results"]} == _of(both, "64.74")
    admin = user_with_office(Office.OPERATOR_KESBANGPOL, "64.74")
    refused = _client(admin).get("/api/v1/incidents/", {"kabupaten": "64.08"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert refused.json()["errors"]["kabupaten"] == ["Kabupaten/kota 64.08 tidak ada dalam wilayah Anda."]
