import json
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from regions.models import PollingStation
from risk.models import RiskAssessment

pytestmark = pytest.mark.bench


def _bench_situation(*extra):
    """bench_situation on one TPS per desa with one assessment each, one run of 50 reports unless
    ``extra`` says otherwise (a later option wins); its last line, as JSON."""
    out = StringIO()
    call_command(
        "bench_situation",
        *("--tps-per-desa", "1", "--assessments-per-tps", "1", "--runs", "1", "--incidents", "50"),
        *extra,
        stdout=out,
    )
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_bench_situation_ends_with_one_json_line_and_leaves_no_data(instruments):
    figures = _bench_situation("--runs", "2", "--incidents", "300")
    assert figures["risk_assessments"] == 141
    assert figures["map_p95_ms"] > 0
    assert 0 < figures["desa_geojson_kb"] < figures["desa_geojson_unsimplified_all_kb"]
    assert figures["kecamatan_geojson_kb"] > 0
    assert figures["incidents"] == 300
    assert 0 < figures["incidents_with_gps"] < 300
    assert figures["dashboard_p95_ms"] > 0
    assert figures["dashboard_cached_p95_ms"] > 0
    assert figures["map_p95_ms"] >= figures["map_incidents_p95_ms"] > 0
    assert figures["sitrep_s"] > 0
    assert figures["sitrep_new"] > 0  # the busiest loaded day, not an empty one
    assert figures["pending"] == []
    assert not apps.get_model("incidents", "Incident").objects.exists()  # its rows are removed again
    assert not RiskAssessment.objects.exists()
    assert not PollingStation.objects.exists()


def test_bench_situation_keeps_its_committed_rows_with_keep_and_the_next_run_removes_exactly_them(
    instruments,
):
    Incident = apps.get_model("incidents", "Incident")
    _bench_situation("--keep")
    assert Incident.objects.filter(number__startswith="BNS-").count() == 50
    assert PollingStation.objects.filter(number__gte=9000).count() == 141
    assert RiskAssessment.objects.filter(source="uji beban (bench_situation)").count() == 141
    assert _bench_situation()["incidents"] == 50  # the kept rows went first: not 100
    assert not Incident.objects.exists()
    assert not RiskAssessment.objects.exists()
    assert not PollingStation.objects.exists()
    assert not get_user_model().objects.filter(username="bench.situation.bupati").exists()
