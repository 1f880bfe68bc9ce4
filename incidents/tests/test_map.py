"""The incidents' map providers: counts, live-risk events and pins obey the incident scope."""

from datetime import date

from django.urls import reverse

from incidents.tests.factories import make_incident
from regions.measures import MeasureQuery, live_risk_available, measure_evaluate, measure_get
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


def query_for(user, *, level="kecamatan", parent="64.08", start=date(2024, 10, 1), end=date(2024, 10, 31)):
    return MeasureQuery(user=user, level=level, parent_code=parent, start=start, end=end)


def test_incident_measure_counts_per_kecamatan_in_the_period(kutim):
    make_incident(area_code="64.08.04.2001")
    make_incident(area_code="64.08.04.1010")
    make_incident(area_code="64.08.09.2001")
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    result = measure_evaluate(measure_get(admin, "insiden"), query_for(admin))
    assert result.areas["64.08.04"].value == 2
    assert result.areas["64.08.09"].value == 1
    assert result.areas["64.08.01"].value == 0


def test_incident_measure_leaves_out_incidents_outside_the_period(kutim):
    make_incident(area_code="64.08.04.2001")
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    result = measure_evaluate(
        measure_get(admin, "insiden"), query_for(admin, start=date(2024, 11, 1), end=date(2024, 11, 30))
    )
    assert result.areas["64.08.04"].value == 0


def test_a_camat_counts_only_the_incidents_of_their_kecamatan(kutim):
    make_incident(area_code="64.08.04.2001")
    make_incident(area_code="64.08.09.2001")
    camat = user_with_office(Office.CAMAT, "64.08.09")
    result = measure_evaluate(measure_get(camat, "insiden"), query_for(camat))
    assert "64.08.04" not in result.areas
    assert result.areas["64.08.09"].value == 1


def test_incidents_feed_the_live_risk_weighted_by_severity(kutim):
    make_incident(area_code="64.08.04.2001", severity=4)
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    assert live_risk_available()
    result = measure_evaluate(measure_get(admin, "risiko_langsung"), query_for(admin, end=date(2024, 10, 15)))
    assert result.areas["64.08.04"].value > 0
    assert result.areas["64.08.01"].value == 0


def test_incident_points_link_to_the_incident_and_respect_scope(client, kutim):
    inside = make_incident(area_code="64.08.04.2001", lat=0.48607, lng=117.573683)
    make_incident(area_code="64.08.09.2001", lat=0.767894, lng=117.565335)
    camat = user_with_office(Office.CAMAT, "64.08.04")
    client.force_login(camat)
    response = client.get(
        reverse("regions:map_points"), {"lapisan": "insiden", "dari": "2024-10-01", "sampai": "2024-10-31"}
    )
    assert response.status_code == 200, response.content
    points = response.json()["points"]
    assert [p["url"] for p in points] == [inside.get_absolute_url()]
