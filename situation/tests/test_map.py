import json
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.testing import ViewAccessCase, assert_view_access
from regions.geo import douglas_peucker, simplify_geometry
from regions.models import AdminUnit
from regions.tests.factories import PollingStationFactory
from risk.services import riskassessment_create
from situation.map import measures


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def assess(instruments, kesbangpol):
    def make(code, level="rawan", instrument="polri-tps", as_of=date(2024, 11, 20), **kwargs):
        return riskassessment_create(
            instrument=instruments[instrument],
            area=AdminUnit.objects.get(code=code) if code else None,
            level=level,
            as_of=as_of,
            by_user=kesbangpol,
            **kwargs,
        )

    return make


def _measure(user, **params):
    return _client(user).get(reverse("situation:map_measure"), params)


# --- the page -------------------------------------------------------------------------------------
def test_map_page_access(instruments, nobody, pelapor):
    assert_view_access(
        ViewAccessCase(url=reverse("situation:map"), without_permission=nobody, in_scope=pelapor)
    )


def test_map_page_passes_its_data_without_inline_script(instruments, bupati, settings):
    settings.MAP_TILE_URL = ""
    response = _client(bupati).get(reverse("situation:map"))
    page = response.content.decode()
    config = json.loads(page.split('id="map-config" type="application/json">')[1].split("</script>")[0])
    # The incident and training measures come after the kerawanan.
    assert config["measures"][0]["name"] == "kerawanan"
    assert config["measures"][0]["filters"][0]["name"] == "instrumen"
    assert len(config["drillable"]) == 18
    assert 'data-tile-url=""' in page
    assert "<script>" not in page


def test_a_field_reporter_is_offered_no_kerawanan_measure_and_drills_only_into_their_kecamatan(
    instruments, pelapor
):
    response = _client(pelapor).get(reverse("situation:map"))
    assert "kerawanan" not in [m["name"] for m in response.context["map_config"]["measures"]]
    assert response.context["map_config"]["drillable"] == ["64.08.04"]
    assert _measure(pelapor, ukuran="kerawanan").status_code == 404


# --- the measure endpoint -------------------------------------------------------------------------
def test_map_measure_access(assess, nobody, bupati, camat_bengalon):
    assess("64.08.04.2001")
    assert_view_access(
        ViewAccessCase(
            url=reverse("situation:map_measure") + "?ukuran=kerawanan&tingkat=desa&induk=64.08.04",
            without_permission=nobody,
            in_scope=bupati,
            out_of_scope=camat_bengalon,
        )
    )


def test_assessed_risk_colours_a_kecamatan_by_the_worst_newest_level_in_it(assess, bupati, instruments):
    assess("64.08.04.2001", level="sangat_rawan", as_of=date(2024, 11, 1))
    assess("64.08.04.2001", level="kurang_rawan", as_of=date(2024, 11, 15))  # newer: replaces the first
    assess("64.08.04.1010", level="rawan")
    assess("64.08.09.2001", level="kurang_rawan")
    data = _measure(bupati, ukuran="kerawanan", instrumen="polri-tps", sampai="2024-11-30").json()
    bands = {band["level"]: band for band in instruments["polri-tps"].bands}
    assert data["areas"]["64.08.04"]["level"] == "rawan"
    assert data["areas"]["64.08.04"]["color"] == bands["rawan"]["color"]
    assert data["areas"]["64.08.04"]["label"].startswith("Rawan (2 penilaian")
    assert data["areas"]["64.08.09"]["level"] == "kurang_rawan"
    assert "64.08.01" not in data["areas"]
    assert [entry["level"] for entry in data["legend"]] == ["kurang_rawan", "rawan", "sangat_rawan"]


def test_assessed_risk_as_of_an_earlier_end_uses_the_assessment_then_in_force(assess, bupati):
    assess("64.08.04.2001", level="sangat_rawan", as_of=date(2024, 11, 1))
    assess("64.08.04.2001", level="kurang_rawan", as_of=date(2024, 11, 15))
    data = _measure(
        bupati, ukuran="kerawanan", instrumen="polri-tps", dari="2024-10-10", sampai="2024-11-10"
    ).json()
    assert data["areas"]["64.08.04"]["level"] == "sangat_rawan"


def test_drilling_into_a_kecamatan_gives_its_desa(assess, bupati):
    assess("64.08.04.2001", level="sangat_rawan")
    assess("64.08.09.2001", level="rawan")
    data = _measure(
        bupati, ukuran="kerawanan", instrumen="polri-tps", tingkat="desa", induk="64.08.04"
    ).json()
    assert data["level"] == "desa"
    assert list(data["areas"]) == ["64.08.04.2001"]


def test_a_camat_gets_values_only_for_their_kecamatan(assess, camat_sangatta_utara):
    assess("64.08.04.2001")
    assess("64.08.09.2001")
    data = _measure(camat_sangatta_utara, ukuran="kerawanan", instrumen="polri-tps").json()
    assert list(data["areas"]) == ["64.08.04"]


def test_map_measure_refuses_a_reversed_period_with_an_indonesian_message(instruments, bupati):
    response = _measure(bupati, ukuran="kerawanan", dari="2024-11-30", sampai="2024-11-01")
    assert response.status_code == 400
    assert response.json()["errors"]["dari"] == ["Tanggal awal harus sebelum tanggal akhir."]


def test_map_measure_of_an_unknown_measure_is_404(instruments, bupati):
    assert _measure(bupati, ukuran="cuaca").status_code == 404


def test_map_measure_runs_a_fixed_number_of_queries(assess, bupati, django_assert_max_num_queries):
    for code in AdminUnit.objects.filter(level="desa").values_list("code", flat=True)[:40]:
        assess(code)
    client = _client(bupati)
    # 9: the second-factor middleware reads the session's device once per request.
    with django_assert_max_num_queries(9):
        client.get(reverse("situation:map_measure"), {"ukuran": "kerawanan", "instrumen": "polri-tps"})


# --- the registry ---------------------------------------------------------------------------------
@pytest.fixture
def registered():
    names = []

    def register(name, *args, **kwargs):
        names.append(name)
        return measures.register_measure(name, *args, **kwargs)

    yield register
    for name in names:
        measures.unregister_measure(name)


def test_a_measure_registered_by_another_app_appears_on_the_map(instruments, bupati, registered):
    def everywhere_three(query):
        return measures.count_result(query, {"64.08.04.2001": 2, "64.08.04.1010": 1}, unit="kejadian")

    registered("uji", "Ukuran uji", everywhere_three, order=1)
    assert _client(bupati).get(reverse("situation:map")).context["map_config"]["measures"][0]["name"] == "uji"
    data = _measure(bupati, ukuran="uji").json()
    assert data["areas"]["64.08.04"] == {
        "value": 3,
        "level": "k3",
        "label": "3 kejadian",
        "color": measures.SEQUENTIAL_PALETTE[2],
    }
    assert data["areas"]["64.08.01"]["value"] == 0
    assert len(data["areas"]) == 18


def test_a_measure_needing_a_permission_is_hidden_from_users_without_it(instruments, bupati, registered):
    registered(
        "rahasia",
        "Rahasia",
        lambda q: measures.MeasureResult({}, []),
        permission="risk.add_riskassessment",
    )
    assert "rahasia" not in [m.name for m in measures.measures_for(bupati)]
    assert _measure(bupati, ukuran="rahasia").status_code == 404


def test_the_endpoint_drops_areas_a_provider_returns_outside_the_users_scope(
    instruments, camat_sangatta_utara, registered
):
    def careless(query):
        value = measures.AreaValue(1, "x", "satu", "#000000")
        return measures.MeasureResult({"64.08.04": value, "64.08.09": value}, [])

    registered("ceroboh", "Ceroboh", careless)
    assert list(_measure(camat_sangatta_utara, ukuran="ceroboh").json()["areas"]) == ["64.08.04"]


# --- live risk --------------------------------------------------------------------------------------
@pytest.fixture
def live_source():
    calls = []

    def source(query):
        calls.append(query)
        return [("64.08.04.2001", 4, 2), ("64.08.04.1010", 3, 1), ("64.08.09.2001", 1, 3)]

    measures.register_live_risk_source("uji", source)
    yield calls
    measures.unregister_live_risk_source("uji")


def test_live_risk_is_not_offered_until_a_source_is_registered(instruments, bupati, monkeypatch):
    monkeypatch.setattr(measures, "_LIVE_RISK_SOURCES", {})  # as before the incidents provider registers one
    assert "risiko_langsung" not in [m.name for m in measures.measures_for(bupati)]


def test_live_risk_weighs_recent_events_by_severity_over_the_instrument_window(
    instruments, bupati, live_source
):
    data = _measure(bupati, ukuran="risiko_langsung", sampai="2024-11-27").json()
    # 2 x weight(4)=8 + 1 x weight(3)=4 -> 20: "siaga" (12-29); 3 x weight(1) -> 3: "tenang".
    assert (data["areas"]["64.08.04"]["value"], data["areas"]["64.08.04"]["level"]) == (20, "siaga")
    assert (data["areas"]["64.08.09"]["value"], data["areas"]["64.08.09"]["level"]) == (3, "tenang")
    assert data["areas"]["64.08.01"]["value"] == 0
    assert (live_source[0].start, live_source[0].end) == (date(2024, 11, 14), date(2024, 11, 27))


# --- desa boundaries --------------------------------------------------------------------------------
def test_desa_boundaries_access(instruments, nobody, pelapor, camat_bengalon):
    assert_view_access(
        ViewAccessCase(
            url=reverse("situation:desa_boundaries_geojson", args=["64.08.04"]),
            without_permission=nobody,
            in_scope=pelapor,
            out_of_scope=camat_bengalon,
        )
    )


def test_desa_layer_has_every_desa_of_the_kecamatan_and_is_smaller_than_the_source(instruments, bupati):
    cache.clear()
    response = _client(bupati).get(reverse("situation:desa_boundaries_geojson", args=["64.08.04"]))
    data = json.loads(response.content)
    expected = set(AdminUnit.objects.filter(parent__code="64.08.04").values_list("code", flat=True))
    assert {f["properties"]["code"] for f in data["features"]} == expected
    raw = AdminUnit.objects.filter(parent__code="64.08.04").values_list("boundary", flat=True)
    assert len(response.content) < 0.6 * len(json.dumps(list(raw), separators=(",", ":")))


def test_desa_layer_is_served_from_the_cache_the_second_time(instruments, bupati):
    cache.clear()
    client = _client(bupati)
    url = reverse("situation:desa_boundaries_geojson", args=["64.08.09"])
    first = client.get(url).content
    with CaptureQueriesContext(connection) as ctx:
        second = client.get(url).content
    assert first == second
    assert not any("boundary" in q["sql"] for q in ctx.captured_queries)


def test_douglas_peucker_drops_points_within_the_tolerance_and_keeps_the_corner():
    line = [(0, 0), (1, 0.0001), (2, 0), (2, 2)]
    assert douglas_peucker(line, 0.001) == [(0, 0), (2, 0), (2, 2)]
    assert douglas_peucker(line, 0.00001) == line


def test_simplifying_keeps_rings_closed_and_never_below_a_triangle():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    tiny = simplify_geometry(square, 5)
    ring = tiny["coordinates"][0]
    assert ring[0] == ring[-1]
    assert len(ring) >= 4


# --- points -------------------------------------------------------------------------------------------
def test_map_points_access(assess, nobody, bupati, camat_bengalon):
    assess(None, polling_station=PollingStationFactory(number=3))
    assert_view_access(
        ViewAccessCase(
            url=reverse("situation:map_points") + "?lapisan=tps_rawan&tingkat=desa&induk=64.08.04",
            without_permission=nobody,
            in_scope=bupati,
            out_of_scope=camat_bengalon,
        )
    )


def test_tps_rawan_points_follow_the_point_contract(assess, camat_bengalon, bupati):
    station = PollingStationFactory(number=3, lat=0.51, lng=117.6)
    assessment = assess(None, polling_station=station, level="sangat_rawan")
    bengalon = PollingStationFactory(number=1, desa=AdminUnit.objects.get(code="64.08.09.2001"))
    assess(None, polling_station=bengalon, level="rawan")
    points = (
        _client(camat_bengalon)
        .get(reverse("situation:map_points"), {"lapisan": "tps_rawan"})
        .json()["points"]
    )
    assert len(points) == 1
    assert set(points[0]) == {"lat", "lng", "url", "label", "severity", "kind"}
    assert points[0]["severity"] == 3
    bupati_points = _client(bupati).get(reverse("situation:map_points"), {"lapisan": "tps_rawan"})
    by_url = {p["url"]: p for p in bupati_points.json()["points"]}
    assert by_url[assessment.get_absolute_url()]["severity"] == 5
    assert by_url[assessment.get_absolute_url()]["lat"] == 0.51


def test_map_period_defaults_to_the_last_30_days(instruments, bupati):
    data = _measure(bupati, ukuran="kerawanan").json()
    today = timezone.localdate()
    assert data["period"] == {"start": (today - timedelta(days=29)).isoformat(), "end": today.isoformat()}


def test_the_map_opens_on_the_instrument_most_recently_used(assess, bupati):
    assess("64.08.04.2001", level="rawan")
    data = _measure(bupati, ukuran="kerawanan").json()
    assert [entry["level"] for entry in data["legend"]] == ["kurang_rawan", "rawan", "sangat_rawan"]
    config = _client(bupati).get(reverse("situation:map")).context["map_config"]
    assert config["measures"][0]["filters"][0]["choices"][0][0] == "polri-tps"
