"""Preventive activities on the map: the count per area in the period and the pins obey the scope of
the activity list; a pin without GPS stands at its desa's centre."""

from datetime import date

from django.urls import reverse

from coordination.tests.factories import make_activity
from incidents.tests.factories import wita
from situation.map.measures import MeasureQuery, measure_evaluate, measure_get
from stakeholders.choices import Office
from stakeholders.tests.factories import user_with_office


def _at(day: int):
    return wita(2024, 10, day, 9)


def query_for(user, **params):
    return MeasureQuery(
        user=user,
        level="kecamatan",
        parent_code="64.08",
        start=date(2024, 10, 1),
        end=date(2024, 10, 31),
        params=params,
    )


def test_prevention_measure_counts_per_kecamatan_in_the_period_and_scope(kutim):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    make_activity(by_user=admin, held_at=_at(5))
    make_activity(by_user=admin, held_at=_at(6), kind="dialog", area_code="64.08.04")
    make_activity(by_user=admin, held_at=_at(7), area_code="64.08.09.2001")
    make_activity(by_user=admin, held_at=wita(2024, 11, 2, 9))
    result = measure_evaluate(measure_get(admin, "pencegahan"), query_for(admin))
    assert result.areas["64.08.04"].value == 2
    assert result.areas["64.08.09"].value == 1
    assert result.areas["64.08.01"].value == 0
    assert (
        measure_evaluate(measure_get(admin, "pencegahan"), query_for(admin, jenis="dialog"))
        .areas["64.08.04"]
        .value
        == 1
    )
    camat = user_with_office(Office.CAMAT, "64.08.04")
    result = measure_evaluate(measure_get(camat, "pencegahan"), query_for(camat))
    assert set(result.areas) == {"64.08.04"}
    assert result.areas["64.08.04"].value == 2


def test_prevention_points_use_gps_else_the_desa_centre_and_respect_scope(client, kutim):
    from regions.models import AdminUnit

    kapolsek = user_with_office(Office.KAPOLSEK, "64.08.04")
    with_gps = make_activity(by_user=kapolsek, held_at=_at(5), lat=0.48607, lng=117.573683)
    without = make_activity(by_user=kapolsek, held_at=_at(6))
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    make_activity(by_user=admin, held_at=_at(7), area_code="64.08.09.2001")
    client.force_login(kapolsek)
    response = client.get(
        reverse("situation:map_points"),
        {"lapisan": "pencegahan", "dari": "2024-10-01", "sampai": "2024-10-31"},
    )
    assert response.status_code == 200, response.content
    points = response.json()["points"]
    assert [p["url"] for p in points] == [without.get_absolute_url(), with_gps.get_absolute_url()]
    desa = AdminUnit.objects.get(code="64.08.04.2001")
    assert (points[0]["lat"], points[0]["lng"]) == (desa.centroid_lat, desa.centroid_lng)
    assert (points[1]["lat"], points[1]["lng"]) == (0.48607, 117.573683)
    assert {p["kind"] for p in points} == {"pencegahan"}


def test_a_bad_kind_is_a_field_error_and_a_field_reporter_has_no_prevention_layer(client, kutim):
    admin = user_with_office(Office.OPERATOR_KESBANGPOL)
    client.force_login(admin)
    response = client.get(reverse("situation:map_measure"), {"ukuran": "pencegahan", "jenis": "x"})
    assert response.status_code == 400
    assert "jenis" in response.json()["errors"]
    reporter = user_with_office(Office.PETUGAS_LAPANGAN, "64.08.04.2001")
    client.force_login(reporter)
    assert client.get(reverse("situation:map_points"), {"lapisan": "pencegahan"}).status_code == 404
