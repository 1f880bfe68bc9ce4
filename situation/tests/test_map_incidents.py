"""The incidents' map providers: counts, live-risk events and pins obey the incident scope."""

from datetime import date

from django.urls import reverse

from incidents.models import IncidentCategory
from incidents.tests.factories import make_incident
from situation.map.measures import MeasureQuery, live_risk_available, measure_evaluate, measure_get
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
        reverse("situation:map_points"), {"lapisan": "insiden", "dari": "2024-10-01", "sampai": "2024-10-31"}
    )
    assert response.status_code == 200, response.content
    points = response.json()["points"]
    assert [p["url"] for p in points] == [inside.get_absolute_url()]


def test_incident_measure_filters_by_severity_category_and_track(kutim):
    make_incident(area_code="64.08.04.2001", severity=5)
    make_incident(area_code="64.08.04.2001", severity=2, category="POLITIK_UANG")
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    measure = measure_get(admin, "insiden")
    politik_uang = IncidentCategory.objects.get(code="POLITIK_UANG")

    def count(**params):
        q = MeasureQuery(
            user=admin,
            level="kecamatan",
            parent_code="64.08",
            start=date(2024, 10, 1),
            end=date(2024, 10, 31),
            params=params,
        )
        return measure_evaluate(measure, q).areas["64.08.04"].value

    assert count() == 2
    assert count(severity="5") == 1
    assert count(category=str(politik_uang.pk)) == 1
    assert count(track="P") == 1
    assert count(track="K") == 1
    assert [f.name for f in measure.filters(admin)] == ["severity", "category", "track"]


def test_a_bad_incident_filter_is_a_field_error_not_a_server_error(client, kutim):
    client.force_login(user_with_office(Office.OPERATOR_KESBANGPOL))
    response = client.get(reverse("situation:map_measure"), {"ukuran": "insiden", "severity": "9"})
    assert response.status_code == 400
    assert response.json()["errors"]["severity"] == ["Pilih tingkat keparahan 1 sampai 5."]
    response = client.get(reverse("situation:map_points"), {"lapisan": "insiden", "track": "X"})
    assert response.status_code == 400
    assert "track" in response.json()["errors"]


def test_incident_points_follow_the_measure_filters(client, kutim):
    severe = make_incident(area_code="64.08.04.2001", severity=5, lat=0.48, lng=117.57)
    make_incident(area_code="64.08.04.2001", severity=2, lat=0.49, lng=117.58)
    client.force_login(user_with_office(Office.OPERATOR_KESBANGPOL))
    response = client.get(
        reverse("situation:map_points"),
        {"lapisan": "insiden", "dari": "2024-10-01", "sampai": "2024-10-31", "severity": "5"},
    )
    assert [p["url"] for p in response.json()["points"]] == [severe.get_absolute_url()]


def test_open_overdue_counts_open_incidents_past_a_deadline_in_scope(kutim):
    # P track, known on 10 October 2024: the 7 days to Bawaslu ran out without a referral.
    make_incident(area_code="64.08.04.2001", category="POLITIK_UANG")
    make_incident(area_code="64.08.09.2001", category="POLITIK_UANG")
    make_incident(area_code="64.08.04.2001")  # K track, reported today: not overdue
    camat = user_with_office(Office.CAMAT, "64.08.04")
    result = measure_evaluate(measure_get(camat, "insiden_terlambat"), query_for(camat))
    assert result.areas == {"64.08.04": result.areas["64.08.04"]}
    assert result.areas["64.08.04"].value == 1
    assert "14 hari" in str(result.note)


def test_an_incident_open_longer_than_the_threshold_is_overdue(kutim):
    from datetime import timedelta

    from django.utils import timezone

    from incidents.models import Incident
    from incidents.selectors import OPEN_TOO_LONG_DAYS, incident_overdue_q

    old = make_incident(area_code="64.08.04.2001")
    make_incident(area_code="64.08.04.2001")
    # Test setup: back-date the report (no service receives a report in the past).
    Incident.objects.filter(pk=old.pk).update(
        reported_at=timezone.now() - timedelta(days=OPEN_TOO_LONG_DAYS, hours=1)
    )
    assert list(Incident.objects.filter(incident_overdue_q()).values_list("pk", flat=True)) == [old.pk]


def test_the_map_offers_the_incident_list_of_a_desa_to_incident_readers_only(client, kutim):
    client.force_login(user_with_office(Office.CAMAT, "64.08.04"))
    links = client.get(reverse("situation:map")).context["map_config"]["areaLinks"]
    assert links == [
        {
            "name": "insiden",
            "label": "Daftar insiden di wilayah ini",
            "urlTemplate": f"{reverse('incidents:incident_list')}?status=semua&desa=CODE",
        }
    ]
    client.force_login(user_with_office(Office.FASILITATOR, "64.08"))
    response = client.get(reverse("situation:map"))
    assert response.status_code == 200
    assert response.context["map_config"]["areaLinks"] == []
