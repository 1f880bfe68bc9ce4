import io
import json

import pytest
from django.core.management import call_command

from incidents.models import Incident

pytestmark = pytest.mark.bench


@pytest.mark.django_db(transaction=True)
def test_bench_triage_seeds_measures_cleans_up_and_ends_with_one_json_line(kutim):
    from coordination.models import TrackedAction

    actions_before = TrackedAction.objects.count()
    out = io.StringIO()
    call_command("bench_triage", incidents=300, repeat=2, stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    figures = json.loads(last)
    assert figures["incidents"] == 300
    for key in (
        "triage_p95_ms",
        "filter_p95_ms",
        "search_p95_ms",
        "detail_p95_ms",
        "admin_p95_ms",
        "ratio_vs_admin",
    ):
        assert figures[key] > 0, key
    assert figures["triage_queries"] <= 15
    # The deep page by cursor (the last of the 12 pages of 300: fewer than 50 links) costs the first's queries.
    assert figures["deep_page"] == 12
    assert figures["deep_page_queries"] == figures["triage_queries"]
    assert figures["half_way_page_p95_ms"] > 0
    assert not Incident.objects.filter(number__startswith="BNC-").exists()
    # Nothing another app hung on a bench report is left behind (the Inpres actions of severity 4-5).
    assert TrackedAction.objects.count() == actions_before


@pytest.mark.django_db(transaction=True)
def test_bench_export_builds_both_formats_at_two_sizes_cleans_up_and_ends_with_one_json_line(kutim):
    from incidents.models import IncidentExport

    out = io.StringIO()
    call_command("bench_export", rows=300, stdout=out)
    figures = json.loads(out.getvalue().strip().splitlines()[-1])
    assert (figures["rows"], figures["small_rows"]) == (300, 30)
    for key in ("csv_s", "csv_rows_per_s", "csv_mb", "xlsx_s", "xlsx_rows_per_s", "xlsx_mb"):
        assert figures[key] > 0, key
    assert figures["peak_mb"] == max(figures["csv_peak_mb"], figures["xlsx_peak_mb"])
    assert not Incident.objects.filter(number__startswith="BNC-").exists()
    assert not IncidentExport.objects.exists()
